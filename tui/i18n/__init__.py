"""Texts of the faces in Finnish (default), Swedish and English, and Finnish-style formats."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency

from tui.i18n import en, fi, sv

CATALOGS: dict[str, dict[str, str]] = {"fi": fi.TEXTS, "sv": sv.TEXTS, "en": en.TEXTS}
LANGUAGES = tuple(CATALOGS)
_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_FI"}
_current = "fi"


def set_language(lang: str) -> None:
    global _current
    if lang not in CATALOGS:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    return _current


def t(key: str, **params: Any) -> str:
    """The text for ``key`` in the current language (English, then the key, as fall-backs)."""
    text = CATALOGS[_current].get(key) or CATALOGS["en"].get(key) or key
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in CATALOGS[_current]


def day(value: date | None) -> str:
    """22.11.2026, in every language."""
    if value is None:
        return "–"
    return f"{value.day}.{value.month}.{value.year}"


def moment(value: datetime | None) -> str:
    if value is None:
        return "–"
    return f"{day(value.date())} {value:%H:%M}"


def money(value: Decimal | None) -> str:
    """96,70 € (Finnish and Swedish), €96.70 in English."""
    if value is None:
        return "–"
    return str(format_currency(value, "EUR", locale=_LOCALES[_current]))
