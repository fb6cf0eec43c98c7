"""The programme's settings and a relationship's fee terms in words, for the command line
(``tui/cli_settings.py``) and the console (``tui/screens/settings.py``): the labels of the
settings, a fee with what it is counted by, and validation problems worded with those labels
(never the models' field names)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from data.model.retention import RetentionClass
from data.models import FeeModel, FeeTerms, Rate, Thresholds, VolunteerKind
from tui import i18n
from tui.i18n import t

#: the settings ``tuki settings set KEY VALUE`` changes, in the order they are shown
TEXT_KEYS = ("programme_name", "organiser")
THRESHOLD_KEYS = tuple(f"thresholds.{name}" for name in Thresholds.model_fields)
#: volunteers kept fit (issue 14): the extract's re-check and work supervision; and the
#: youngest child a support family is proposed for (issue 16), shown with them
FIT_KEYS = (
    "extract_recheck_months",
    "extract_recheck_warn_days",
    "supervision_months",
    "support_family_min_age",
)
#: retention (issue 14): the years after closing of each class and a left volunteer's vetting
YEAR_KEYS = (*(f"retention_years.{c.value}" for c in RetentionClass), "vetting_keep_years")
NUMBER_KEYS = ("shortlist_size", *THRESHOLD_KEYS, *FIT_KEYS, *YEAR_KEYS)
KEYS = (*TEXT_KEYS, "language", *NUMBER_KEYS[: -len(YEAR_KEYS)], "retention_default", *YEAR_KEYS)
#: the goals' rating scale (issue 16): its ends and what each means
SCALE_NUMBER_KEYS = ("rating_scale.low", "rating_scale.high")
KEYS = (*KEYS, *SCALE_NUMBER_KEYS, "rating_scale.low_words", "rating_scale.high_words")

#: the model's fields of a rate row and of the terms, and their labels' keys
_LABELS = {
    "programme_name": "settings.field.programme_name",
    "organiser": "settings.field.organiser",
    "language": "settings.field.language",
    "shortlist_size": "settings.field.shortlist_size",
    **{name: f"settings.field.{name}" for name in FIT_KEYS},
    "retention_default": "settings.field.retention_default",
    "retention_years": "settings.field.retention_years",
    "vetting_keep_years": "settings.field.vetting_keep_years",
    "rates": "settings.field.rates",
    "effective_from": "settings.rate.from",
    "service": "settings.rate.service",
    "fee_model": "settings.rate.fee_model",
    "model": "settings.rate.fee_model",
    "fee": "settings.rate.fee",
    "allowance": "settings.rate.allowance",
    "per_km": "settings.rate.per_km",
    "hobby_costs": "settings.rate.hobby_costs",
    "travel_reimbursed": "settings.rate.travel",
    "since": "settings.rate.since",
    # the goals' rating scale (issue 16, tui/screens/settings_scale.py)
    **{k: f"settings.field.scale_{k}" for k in ("low", "high", "low_words", "high_words")},
    "rating_scale": "settings.section.measures",
}


def label(key: str) -> str:
    """A setting's name in words: ``thresholds.report_grace_days`` → 'Kuukausiraportin…'."""
    group, _, name = key.rpartition(".")
    if group == "retention_years" and name in {c.value for c in RetentionClass}:
        return t(f"settings.field.{name}")  # (also the settings' change history's label)
    if key.startswith("thresholds.") or name in Thresholds.model_fields:
        return t(f"settings.threshold.{name}")
    return t(_LABELS.get(name, name))


def retention_class(value: str) -> str:
    """A retention class in words ('lapsiperheiden palvelut'), its value when unknown."""
    known = {c.value for c in RetentionClass}
    return t(f"retention.class.{value}") if value in known else value


def service(kind: VolunteerKind) -> str:
    return t(f"volunteer_kind.{kind.value}")


def fee(model: FeeModel, amount: Decimal) -> str:
    """'96,70 € / kk', '25,00 € / tapaaminen', 'ei palkkiota'."""
    if model is FeeModel.NONE:
        return t("settings.fee.none")
    return t(f"settings.fee.{model.value}", amount=i18n.money(amount))


def yes_no(value: bool) -> str:
    return t("app.yes") if value else t("app.no")


def rate_line(rate: Rate) -> str:
    """One row of the rates in a sentence (the command line's listing)."""
    return t(
        "settings.rate.line",
        day=i18n.day(rate.effective_from),
        service=service(rate.service),
        fee=fee(rate.fee_model, rate.fee),
        allowance=i18n.money(rate.allowance),
        per_km=i18n.money(rate.per_km),
        hobby=yes_no(rate.hobby_costs),
    )


def terms_line(terms: FeeTerms) -> str:
    """A relationship's terms in a sentence, with since when and who set them."""
    text = t(
        "settings.terms.line",
        fee=fee(terms.model, terms.fee),
        allowance=i18n.money(terms.allowance),
        travel=yes_no(terms.travel_reimbursed),
        hobby=yes_no(terms.hobby_costs),
    )
    if terms.since is not None:
        text += " " + t("settings.terms.since", day=i18n.day(terms.since))
    if terms.set_by:
        text += " " + t("settings.terms.set", who=terms.set_by, day=i18n.day(terms.set_on))
    return text


def problems(details: Iterable[Any]) -> str:
    """Validation problems as 'label: what to fix; …' in the current language."""
    lines = []
    for error in details:
        names = [part for part in error["loc"] if isinstance(part, str)]
        key = f"error.{error['type']}"
        text = t(key, **error.get("ctx", {})) if i18n.has(key) else error["msg"]
        if names[-1:] == ["retention_years"] and error.get("ctx", {}).get("retention"):
            names.append(f"retention_years.{error['ctx']['retention']}")  # the class's years
        lines.append(f"{label(names[-1])}: {text}" if names else text)
    return "; ".join(lines)


__all__ = [
    "FIT_KEYS",
    "KEYS",
    "NUMBER_KEYS",
    "SCALE_NUMBER_KEYS",
    "TEXT_KEYS",
    "THRESHOLD_KEYS",
    "YEAR_KEYS",
    "fee",
    "label",
    "problems",
    "rate_line",
    "retention_class",
    "service",
    "terms_line",
    "yes_no",
]
