"""Every text exists in Finnish, Swedish and English, with the same placeholders."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal

import pytest

from data.models import Step
from data.rules.alerts import AlertKind
from tui import i18n


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_in_every_language_with_the_same_placeholders() -> None:
    keys = set().union(*(c.keys() for c in i18n.CATALOGS.values()))
    for lang, catalog in i18n.CATALOGS.items():
        assert sorted(keys - catalog.keys()) == [], lang
        for key in keys:
            assert catalog[key].strip(), (lang, key)
            assert placeholders(catalog[key]) == placeholders(i18n.CATALOGS["en"][key]), (lang, key)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_alert_kind_and_vetting_step_has_a_text(lang: str) -> None:
    catalog = i18n.CATALOGS[lang]
    assert all(f"alert.{k.value}" in catalog for k in AlertKind)
    assert all(f"step.{s.value}" in catalog for s in Step)


def test_dates_and_money_finnish_style() -> None:
    assert i18n.day(date(2026, 11, 22)) == "22.11.2026"
    assert i18n.money(Decimal("96.70")).replace("\xa0", " ") == "96,70 €"
    i18n.set_language("sv")
    assert i18n.money(Decimal("1234.5")).replace("\xa0", " ") == "1 234,50 €"


def test_every_refusal_code_of_the_data_layer_has_a_text() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "data"
    codes = set()
    for path in root.rglob("*.py"):
        codes |= set(re.findall(r'(?:fail|Refused|TukiError)\(\s*"([a-z_]+)"', path.read_text()))
    assert len(codes) > 40
    for lang, catalog in i18n.CATALOGS.items():
        assert sorted(c for c in codes if f"error.{c}" not in catalog) == [], lang


def test_validation_problems_in_the_users_language() -> None:
    from pydantic import ValidationError

    from data.models import Meeting

    try:
        Meeting(relationship_id=1, on=date(2999, 1, 1))
    except ValidationError as exc:
        details = exc.errors(include_url=False)
    assert i18n.problems(details) == "Pidetty tapaaminen ei voi olla tulevaisuudessa."
    i18n.set_language("en")
    assert i18n.problems(details) == "A held meeting cannot be dated in the future."


def test_pydantic_built_in_problems_are_translated_too() -> None:
    from pydantic import ValidationError

    from data.models import Meeting

    try:
        Meeting(relationship_id=1, on=date(2026, 1, 1), duration_min=1)
    except ValidationError as exc:
        details = exc.errors(include_url=False)
    assert i18n.problems(details) == "duration_min: Vähintään 5."
