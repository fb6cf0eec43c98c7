"""The values of the ``tuki`` command line, parsed strictly and bounded.

Every argument is checked here before it reaches ``data/``: ASCII digits only (``str.isdigit``
accepts ``²`` and ``int`` accepts ``٣``), ids within ``MAX_ID``, years within
``YEAR_MIN``..``YEAR_MAX``. A bad value is an ``argparse.ArgumentTypeError`` worded in the
user's language, so argparse prints one line and exits 2; never a traceback.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from data.model.plain import MAX_ID
from tui import i18n
from tui.i18n import t

YEAR_MIN, YEAR_MAX = 1900, 2200
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_ID = re.compile(r"[0-9]{1,16}")
_NUMBER = re.compile(r"[+-]?([0-9]{1,9}([.,][0-9]{0,9})?|[.,][0-9]{1,9})")
_GOAL = re.compile(r"\s*([0-9]{1,16})\s*:(.*)", re.DOTALL)


def _in_years(day: date, error: str) -> date:
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise argparse.ArgumentTypeError(t(error, low=YEAR_MIN, high=YEAR_MAX))
    return day


def day(text: str) -> date:
    """YYYY-MM-DD, a real day between the years 1900 and 2200."""
    text = text.strip()
    if not _DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(t("error.bad_date"))
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("error.bad_date")) from None
    return _in_years(parsed, "error.date_range")


def month(text: str) -> date:
    """YYYY-MM (the month's first day), between the years 1900 and 2200."""
    found = _MONTH.fullmatch(text.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise argparse.ArgumentTypeError(t("error.bad_month"))
    return _in_years(date(int(found[1]), int(found[2]), 1), "error.month_range")


def record_id(text: str) -> int:
    """A record's id: ASCII digits, 1..MAX_ID."""
    cleaned = text.strip()
    if not _ID.fullmatch(cleaned) or not 1 <= int(cleaned) <= MAX_ID:
        raise argparse.ArgumentTypeError(t("error.bad_id"))
    return int(cleaned)


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number of ASCII digits between ``low`` and ``high``."""

    def parse(text: str) -> int:
        cleaned = text.strip()
        if not re.fullmatch(r"-?[0-9]{1,12}", cleaned) or not low <= int(cleaned) <= high:
            raise argparse.ArgumentTypeError(t("error.bad_whole", low=low, high=high))
        return int(cleaned)

    parse.__name__ = "whole number"
    return parse


def decimal(text: str) -> Decimal:
    """A plain decimal number (12.5 or 12,5), no exponent, no other digits than 0-9."""
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        raise argparse.ArgumentTypeError(t("error.bad_number", text=text[:40]))
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        raise argparse.ArgumentTypeError(t("error.bad_number", text=text[:40])) from None


def goal(text: str) -> tuple[int, str]:
    """GOAL_NUMBER:NOTE, the number 1..MAX_ID in ASCII digits and the note not empty."""
    found = _GOAL.fullmatch(text)
    if not found or not found[2].strip() or not 1 <= int(found[1]) <= MAX_ID:
        raise argparse.ArgumentTypeError(t("error.bad_goal"))
    return int(found[1]), found[2].strip()


def language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language asked for before argparse runs (its own messages are worded in it):
    the last ``--lang X`` or ``--lang=X`` before a lone ``--``, else $TUKI_LANG, else fi."""
    chosen = ""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    for candidate in (chosen, environ.get("TUKI_LANG", "")):
        if candidate in i18n.LANGUAGES:
            return candidate
    return "fi"


# ----- help texts ---------------------------------------------------------------------------

DEFAULT = "\x00default\x00"  # t(key, default=DEFAULT): the option's default, filled by argparse


def line(text: str) -> str:
    """A catalog text as an argparse help line. argparse %-formats help lines, so a '%' of the
    text is doubled, and ``DEFAULT`` becomes argparse's ``%(default)s``."""
    return text.replace("%", "%%").replace(DEFAULT, "%(default)s")


def about(text: str) -> dict[str, Any]:
    """A sub-command's ``help`` (its line in ``tuki --help``) and ``description`` (the head of
    its own help, as a sentence) from one catalog text."""
    return {"help": line(text), "description": text[:1].upper() + text[1:] + "."}
