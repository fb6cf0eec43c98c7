"""Texts of the faces in Finnish (default), Swedish and English, and Finnish-style formats."""

from __future__ import annotations

import functools
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tui.i18n import catalogs
from tui.i18n.catalogs import LANGUAGES

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

CATALOGS = catalogs.Catalogs()  # CATALOGS["sv"]["clients.title"]; read when first asked
_LOCALES = catalogs.LOCALES
_current = "fi"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    return _current


def t(key: str, n: int | None = None, **params: Any) -> str:
    """The text for ``key`` in the current language (English, then the key, as fall-backs).

    ``n`` is the count of a text with plural forms (``t("match.created", n=3)``): it chooses
    the form by the language's plural rule and fills ``{n}``."""
    text = catalogs.text(_current, key, n, params)
    if n is not None:
        params["n"] = n
    if "{key[" in text:  # a key by its binding id, as the user's keymap has it (tui/keys.py)
        from tui.keys import KeyNames

        params.setdefault("key", KeyNames())
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return catalogs.has(_current, key)


def install_argparse() -> None:
    """argparse's own words ("usage: ", "options", its errors) from the catalogs, in the
    language current when it prints them."""
    import argparse

    def gettext(message: str) -> str:
        return catalogs.translations(_current).gettext(message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return catalogs.translations(_current).ngettext(singular, plural, n)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def day(value: date | None) -> str:
    """22.11.2026, in every language."""
    if value is None:
        return "–"
    return f"{value.day}.{value.month}.{value.year}"


def palaveri_kind(kind: Any, *, in_sentence: bool = False) -> str:
    """A palaveri's name (start, review, ending, client plan): the one entry the minutes'
    heading, the runner and the start screen's alerts all show (``agenda.kind.*``);
    ``in_sentence``: as written inside a sentence ("Päätetäänkö tarkistuspalaveri …")."""
    from data import texts

    # agendas.title's entry, without the models that module imports (the start screen words
    # its review alerts before they are imported: tui/start_view.py)
    title = texts.palaveri_title(getattr(kind, "value", kind), _current)
    return title[:1].lower() + title[1:] if in_sentence else title


def age(hours: int) -> str:
    """How long ago, in hours up to two days (5 h, 47 h), then in whole days (27 pv)."""
    return t("age.hours", n=hours) if hours < 48 else t("age.days", n=hours // 24)


def counts_line(counts: Any) -> str:
    """The day's counts (``data.rules.alerts.Counts``) in one line, as the start screen and
    ``tuki alerts`` show them."""
    return t(
        "counts.line",
        active=counts.active,
        waiting=counts.waiting,
        longest=counts.longest_wait_days,
        vetting=counts.in_vetting,
        meetings=counts.meetings_this_month,
    )


def locale() -> str:
    """Babel's locale of the current language (Finnish formats: 14.05, 1 234,50 €, 0,6)."""
    return _LOCALES[_current]


def clock(value: time | datetime | None) -> str:
    """A time of day as the forms read it back: 14.05, Babel's short format (H.mm) in each of
    the three locales, written here so that a command that shows a time does not load Babel
    (tests/unit/test_formats.py compares it with Babel's for every minute of the day)."""
    if value is None:
        return "–"
    return f"{value.hour}.{value.minute:02d}"


def moment(value: datetime | None) -> str:
    if value is None:
        return "–"
    return f"{day(value.date())} {clock(value.replace(tzinfo=None))}"


def number(value: float | Decimal, digits: int = 1) -> str:
    """A decimal number in the language's way: 0,6 (at most ``digits`` decimals)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, format=f"#,##0.{'#' * digits}", locale=locale()))


def seconds(value: float) -> str:
    """A duration: 0,6 s."""
    from babel.units import format_unit

    return str(format_unit(round(value, 1), "duration-second", length="short", locale=locale()))


def size(n: int) -> str:
    """A file size: 512 B, 1,5 Mt (Finnish), 1,5 MB."""
    from babel.units import format_unit

    units = ("byte", "kilobyte", "megabyte", "gigabyte")
    value = float(n)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            shown = round(value) if unit == "byte" else round(value, 1)
            return str(format_unit(shown, f"digital-{unit}", length="short", locale=locale()))
        value /= 1024
    return str(n)


def money(value: Decimal | None) -> str:
    """96,70 € (Finnish and Swedish), €96.70 in English."""
    if value is None:
        return "–"
    from babel.numbers import format_currency

    return str(format_currency(value, "EUR", locale=_LOCALES[_current]))


def problems(details: list[ErrorDetails]) -> str:
    """Validation problems in the current language: 'where: what to fix; …'."""
    lines = []
    for error in details:
        where = ".".join(str(part) for part in error["loc"])
        key = f"error.{error['type']}"
        text = t(key, **error.get("ctx", {})) if has(key) else error["msg"]
        lines.append(f"{where}: {text}" if where else text)
    return "; ".join(lines)


def words(values: list[str]) -> str:
    """Interests, needs and languages stored as codes ('floorball'), in the user's words."""
    return ", ".join(t(f"matching.value.{v}") if has(f"matching.value.{v}") else v for v in values)


def codes(values: list[str]) -> list[str]:
    """The reverse of ``words``: a word in any of the languages back to its code, so that
    'salibandy' typed in a form matches a volunteer's 'floorball'; other words stay as typed."""
    known = _value_codes()
    return [known.get(v.casefold(), v) for v in values]


@functools.cache
def _value_codes() -> dict[str, str]:
    prefix = "matching.value."
    return {
        text.casefold(): key[len(prefix) :]
        for catalog in CATALOGS.values()
        for key, text in catalog.items()
        if key.startswith(prefix)
    }


_LABEL_PREFIXES = (
    "clients.field.",
    "volunteers.form.",
    "relationships.field.",
    "meetings.",
    "concerns.field.",
)


def field_label(name: str) -> str:
    """A record field's name as the forms label it ('first_name' → 'Etunimi')."""
    for prefix in _LABEL_PREFIXES:
        if has(prefix + name):
            return t(prefix + name).split(" (")[0]
    return name.replace("_", " ")


def reason_text(code: str, params: dict[str, Any], english: str) -> str:
    """Why a data file cannot be read, in the current language."""
    return t(f"reason.{code}", **{**params, "reason": english})


def explain(exc: Exception) -> str:
    """A refused action or bad input as one line in the current language."""
    from pydantic import ValidationError

    from data.errors import TukiError

    if isinstance(exc, ValidationError):
        return problems(exc.errors(include_url=False))
    if not isinstance(exc, TukiError):
        return str(exc)
    details = getattr(exc, "details", None)
    if exc.code == "invalid" and details:
        return problems(details)
    params = dict(exc.params)
    reason_code = getattr(exc, "reason_code", None)
    if reason_code and has(f"reason.{reason_code}"):
        params["reason"] = reason_text(
            reason_code, getattr(exc, "reason_params", {}), str(params.get("reason", ""))
        )
    if "right" in params and has(f"right.{params['right']}"):
        params["right"] = t(f"right.{params['right']}")
    why = getattr(exc, "why_code", None)
    if why and has(f"why.{why}"):  # disk full, read-only, no write permission
        params["why"] = t(f"why.{why}")
    if exc.code == "busy":
        holder = getattr(exc, "holder", None)
        params["holder"] = f" ({holder_text(holder)})" if holder is not None else ""
    if "service" in params and has(f"volunteer_kind.{params['service']}"):  # a kind of service
        params["service"] = t(f"volunteer_kind.{params['service']}")
    for name in ("role", "need"):  # a user's role (data/store/users.py)
        if name in params and has(f"users.role.{params[name]}"):
            params[name] = t(f"users.role.{params[name]}")
    if "kind" in params and has(f"kind.{params['kind']}"):
        params["kind"] = t(f"kind.{params['kind']}")
    reasons = getattr(exc, "reasons", None)
    if exc.code == "not_matchable" and reasons:  # the filters failed (data.rules.matching)
        from tui.i18n.areas.matching import reason_text as excluded

        params["why"] = ", ".join(excluded("excluded", r.code, r.params) for r in reasons)
    if exc.code == "conflict":  # worded here: the kind and field names, the moment Finnish style
        params["kind"] = str(params["kind"]).replace("_", " ").capitalize()
        params["fields"] = ", ".join(field_label(f) for f in getattr(exc, "fields", [])) or "–"
        if getattr(exc, "changed_at", None) is not None:
            params["when"] = moment(exc.changed_at)  # type: ignore[attr-defined]
    key = f"error.{exc.code}"
    if params.pop("weekends", None) and has(key + ".weekends"):  # a support family's maximum
        key += ".weekends"
    return t(key, **params) if has(key) else exc.message


def holder_text(holder: Any) -> str:
    """Who holds a data folder's lock (a ``LockHolder``): login, process and since when
    (Finnish time)."""
    from data.dates import HELSINKI

    since = holder.since.astimezone(HELSINKI)
    return t("lock.held_by", login=holder.login, pid=holder.pid, since=clock(since))


def waiting_text(holder: Any) -> str:
    """The line the command line prints while a save waits for the folder's lock."""
    return t("lock.waiting", holder=holder_text(holder)) if holder else t("lock.waiting_unknown")


def waiting_change(folder: Any, why: str) -> str:
    """A saved change waits in the journal (``Engine.waiting``): what it means, what to do."""
    reason = t(f"why.{why}") if has(f"why.{why}") else t("why.other")
    return t("ls.change_waits", folder=folder, why=reason)
