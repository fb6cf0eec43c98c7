"""``tuki settings`` and ``tuki terms``: the programme's settings and a relationship's fee terms
from the command line, so that nobody edits JSON by hand.

    tuki settings show [--json]
    tuki settings set KEY VALUE               (programme_name, organiser, language,
                                               shortlist_size, thresholds.<name>,
                                               retention_default CLASS,
                                               retention_years.<class> YEARS,
                                               vetting_keep_years YEARS,
                                               rating_scale.low|high N,
                                               rating_scale.low_words|high_words TEXT)
    tuki settings add-rate --from DAY --kind KIND (--fee-month EUR | --fee-meeting EUR |
                           --fee-weekend EUR | --no-fee) [--allowance-month EUR]
                           [--per-km EUR] [--hobby-costs yes|no]
    tuki settings change-rate --from DAY --kind KIND [the same options]
    tuki settings remove-rate --from DAY --kind KIND
    tuki terms RELATIONSHIP [--from DAY] [fee option] [--allowance-month EUR]
                            [--travel yes|no] [--hobby-costs yes|no]

Every value is checked before anything is stored; a bad one is refused with one line that
names the setting in words and says what fits (exit 1), and nothing is changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from data.model.money import DEFAULT_MODEL
from data.model.retention import RetentionClass
from data.models import FeeModel, FeeTerms, Rate, Relationship, Settings, VolunteerKind
from data.rules.retention import years_of
from tui import cli_args, i18n, rates_text
from tui.i18n import t

YES_NO = ("yes", "no")
FEE_OPTIONS = (
    ("fee_month", FeeModel.MONTHLY),
    ("fee_meeting", FeeModel.PER_MEETING),
    ("fee_weekend", FeeModel.PER_WEEKEND),
)


def _cli() -> Any:
    from tui import cli

    return cli


def _bad(message: str) -> Exception:
    return _cli().BadInput(message)


def _validated(model: type[Any], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _bad(rates_text.problems(exc.errors(include_url=False))) from None


def _save(args: argparse.Namespace, store: Any, settings: Settings, data: dict[str, Any]) -> None:
    """Validate the whole settings and save them on the version read (a conflict otherwise)."""
    new = _validated(Settings, data)
    store.records.save_settings(_cli().acting_user(), new.model_copy(update=_audit(settings)))


def _audit(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.AUDIT_FIELDS}


# ----- show and set ----------------------------------------------------------------------------


def value_of(settings: Settings, key: str) -> Any:
    group, _, name = key.rpartition(".")
    if group == "retention_years":
        return years_of(RetentionClass(name), settings)
    value = getattr(getattr(settings, group) if group else settings, name)  # thresholds, scale
    return value.value if isinstance(value, RetentionClass) else value


def cmd_show(args: argparse.Namespace) -> int:
    settings = _cli().open_store(args).records.settings()
    if args.json:
        json.dump(settings.model_dump(mode="json"), sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    width = max(len(k) for k in rates_text.KEYS)
    for key in rates_text.KEYS:
        value = value_of(settings, key)
        print(f"{key:<{width}}  {value if value != '' else '–'}  ({rates_text.label(key)})")
    print()
    print(t("settings.rates_heading"))
    for rate in settings.rates:
        print("  " + rates_text.rate_line(rate))
    if not settings.rates:
        print("  " + t("settings.no_rates"))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    key, text = args.key.strip(), args.value.strip()
    if key not in rates_text.KEYS:
        raise _bad(t("settings.unknown_key", name=key[:60], keys=", ".join(rates_text.KEYS)))
    store = _cli().open_store(args)
    settings = store.records.settings()
    data = settings.model_dump(mode="json")
    value: Any = text
    if key in rates_text.NUMBER_KEYS or key in rates_text.SCALE_NUMBER_KEYS:
        try:
            value = cli_args.bounded(-(10**9), 10**9)(text)
        except argparse.ArgumentTypeError:
            raise _bad(f"{rates_text.label(key)}: {t('error.int_parsing')}") from None
    elif key == "language" and text not in i18n.LANGUAGES:
        raise _bad(t("settings.bad_language", langs=", ".join(i18n.LANGUAGES)))
    elif key == "programme_name" and not text:
        raise _bad(f"{rates_text.label(key)}: {t('error.blank')}")
    elif key == "retention_default" and text not in {c.value for c in RetentionClass}:
        classes = ", ".join(
            f"{c.value} ({rates_text.retention_class(c.value)})" for c in RetentionClass
        )
        raise _bad(t("settings.bad_retention_class", name=text[:60], classes=classes))
    group, _, name = key.rpartition(".")
    (data[group] if group else data)[name] = value
    _save(args, store, settings, data)
    print(t("settings.saved", setting=rates_text.label(key), value=text or "–"))
    return 0


# ----- the rates -------------------------------------------------------------------------------


def _fee_given(args: argparse.Namespace) -> tuple[FeeModel, Decimal] | None:
    if getattr(args, "no_fee", False):
        return FeeModel.NONE, Decimal("0.00")
    for option, model in FEE_OPTIONS:
        amount = getattr(args, option, None)
        if amount is not None:
            return model, amount
    return None


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The fields of a rate row the options give (in stored form)."""
    out: dict[str, Any] = {}
    if (given := _fee_given(args)) is not None:
        out["fee_model"], out["fee"] = given[0].value, str(given[1])
    if args.allowance_month is not None:
        out["allowance"] = str(args.allowance_month)
    if getattr(args, "per_km", None) is not None:
        out["per_km"] = str(args.per_km)
    if args.hobby_costs is not None:
        out["hobby_costs"] = args.hobby_costs == "yes"
    return out


def _row(settings: Settings, args: argparse.Namespace) -> int | None:
    kind = VolunteerKind(args.kind)
    for i, rate in enumerate(settings.rates):
        if rate.service is kind and rate.effective_from == args.since:
            return i
    return None


def _which(args: argparse.Namespace) -> dict[str, str]:
    return {"service": rates_text.service(VolunteerKind(args.kind)), "day": i18n.day(args.since)}


def cmd_add_rate(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    settings = store.records.settings()
    if _row(settings, args) is not None:
        raise _bad(t("settings.rate_exists", **_which(args)))
    kind = VolunteerKind(args.kind)
    changes = _changes(args)
    if "fee_model" not in changes:
        if DEFAULT_MODEL[kind] is not FeeModel.NONE:
            raise _bad(t("settings.fee_needed", service=rates_text.service(kind)))
        changes.update(fee_model=FeeModel.NONE.value, fee="0.00")
    row = {"effective_from": args.since.isoformat(), "service": kind.value, **changes}
    rate: Rate = _validated(Rate, row)
    data = settings.model_dump(mode="json")
    data["rates"] = [*data["rates"], rate.model_dump(mode="json")]
    _save(args, store, settings, data)
    print(t("settings.rate_added", line=rates_text.rate_line(rate)))
    return 0


def cmd_change_rate(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    settings = store.records.settings()
    index = _row(settings, args)
    if index is None:
        raise _bad(t("settings.no_such_rate", **_which(args)))
    changes = _changes(args)
    if not changes:
        raise _bad(t("settings.nothing_to_change"))
    data = settings.model_dump(mode="json")
    row = {**data["rates"][index], **changes}
    rate: Rate = _validated(Rate, row)
    data["rates"][index] = rate.model_dump(mode="json")
    _save(args, store, settings, data)
    print(t("settings.rate_changed", line=rates_text.rate_line(rate)))
    return 0


def cmd_remove_rate(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    settings = store.records.settings()
    index = _row(settings, args)
    if index is None:
        raise _bad(t("settings.no_such_rate", **_which(args)))
    data = settings.model_dump(mode="json")
    gone = settings.rates[index]
    del data["rates"][index]
    _save(args, store, settings, data)
    print(t("settings.rate_removed", line=rates_text.rate_line(gone)))
    return 0


# ----- a relationship's terms ------------------------------------------------------------------


def cmd_terms(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    rel = store.records.get(Relationship, args.relationship)
    if rel.agreement is None:
        raise _bad(t("settings.terms_no_agreement", id=args.relationship))
    changes = _changes(args)
    if args.travel is not None:
        changes["travel_reimbursed"] = args.travel == "yes"
    if changes.get("fee_model"):
        changes["model"] = changes.pop("fee_model")
    if not changes and args.since is None:  # nothing to change: show them and the earlier ones
        for earlier in rel.agreement.earlier_terms:
            print(t("settings.terms.earlier", line=rates_text.terms_line(earlier)))
        print(rates_text.terms_line(rel.agreement.fee_terms))
        return 0
    current = rel.agreement.fee_terms.model_dump(mode="json")
    since = args.since.isoformat() if args.since else None
    data = {**current, **changes, "since": since, "rate_from": None}  # set by hand now
    terms: FeeTerms = _validated(FeeTerms, data)
    assert rel.id is not None
    saved = store.relationships.set_terms(_cli().acting_user(), rel.id, rel.version, terms)
    assert saved.agreement is not None
    print(
        t("settings.terms_saved", id=rel.id, line=rates_text.terms_line(saved.agreement.fee_terms))
    )
    return 0


# ----- the parsers -----------------------------------------------------------------------------


def _rate_options(parser: argparse.ArgumentParser, prefix: str, *, terms: bool = False) -> None:
    line = cli_args.line
    eur = "EUR"
    fee = parser.add_mutually_exclusive_group()
    for option, _ in FEE_OPTIONS:
        fee.add_argument(
            "--" + option.replace("_", "-"),
            dest=option,
            type=cli_args.decimal,
            metavar=eur,
            help=line(t(f"{prefix}.{option}")),
        )
    fee.add_argument("--no-fee", action="store_true", help=line(t(f"{prefix}.no_fee")))
    parser.add_argument(
        "--allowance-month",
        type=cli_args.decimal,
        metavar=eur,
        help=line(t(f"{prefix}.allowance_month")),
    )
    if not terms:
        parser.add_argument(
            "--per-km", type=cli_args.decimal, metavar=eur, help=line(t(f"{prefix}.per_km"))
        )
    else:
        parser.add_argument("--travel", choices=YES_NO, help=line(t(f"{prefix}.travel")))
    parser.add_argument("--hobby-costs", choices=YES_NO, help=line(t(f"{prefix}.hobby_costs")))


def _which_rate(parser: argparse.ArgumentParser, prefix: str) -> None:
    line = cli_args.line
    parser.add_argument(
        "--from",
        dest="since",
        type=cli_args.day,
        required=True,
        metavar=t("cli.metavar.day"),
        help=line(t(f"{prefix}.since")),
    )
    parser.add_argument(
        "--kind",
        choices=[k.value for k in VolunteerKind],
        required=True,
        help=line(t(f"{prefix}.kind")),
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    settings = sub.add_parser("settings", parents=[common], **about(t("cli.help.settings")))
    actions = settings.add_subparsers(
        dest="action",
        required=True,
        metavar=t("cli.metavar.action"),
        help=line(t("cli.help.settings.action")),
    )
    show = actions.add_parser("show", parents=[common], **about(t("cli.help.settings.show")))
    show.add_argument("--json", action="store_true", help=line(t("cli.help.settings.show.json")))
    show.set_defaults(func=cmd_show, read_only=True)
    put = actions.add_parser("set", parents=[common], **about(t("cli.help.settings.set")))
    put.add_argument("key", metavar=t("cli.metavar.key"), help=line(t("cli.help.settings.set.key")))
    put.add_argument(
        "value", metavar=t("cli.metavar.value"), help=line(t("cli.help.settings.set.value"))
    )
    put.set_defaults(func=cmd_set)
    for name, func in (
        ("add-rate", cmd_add_rate),
        ("change-rate", cmd_change_rate),
        ("remove-rate", cmd_remove_rate),
    ):
        prefix = f"cli.help.settings.{name}"
        parser = actions.add_parser(name, parents=[common], **about(t(prefix)))
        _which_rate(parser, prefix)
        if name != "remove-rate":
            _rate_options(parser, prefix)
        parser.set_defaults(func=func)

    terms = sub.add_parser("terms", parents=[common], **about(t("cli.help.terms")))
    terms.add_argument(
        "relationship",
        type=cli_args.record_id,
        metavar="ID",
        help=line(t("cli.help.terms.relationship")),
    )
    terms.add_argument(
        "--from",
        dest="since",
        type=cli_args.day,
        metavar=t("cli.metavar.day"),
        help=line(t("cli.help.terms.since")),
    )
    _rate_options(terms, "cli.help.terms", terms=True)
    terms.set_defaults(func=cmd_terms)


__all__ = ["register"]
