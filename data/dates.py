"""Calendar helpers shared by the models and the rules (no UI, no storage)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if day.day <= 28:  # in every month (most days: no calendar asked)
        return date(year, month + 1, day.day)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_key(day: date) -> str:
    """``2026-11`` for any day of November 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str) -> date:
    """The first day of the month named ``YYYY-MM``; ValueError for anything else (also a
    year no date holds: ``1-99999999999999999999`` overflowed a C long)."""
    year, month = text.split("-")
    try:
        return date(int(year), int(month), 1)
    except OverflowError:
        raise ValueError(f"not a month: {text[:40]!r}") from None


def fi_date(day: date) -> str:
    """Finnish style: 22.11.2026."""
    return f"{day.day}.{day.month}.{day.year}"


def fi_month(day: date) -> str:
    """The month of ``day``, as reports, payments and alerts name it: 11/2026."""
    return f"{day.month}/{day.year}"


def now_helsinki() -> datetime:
    return datetime.now(HELSINKI)


def today_helsinki() -> date:
    return now_helsinki().date()


#: what hands out "now" (aware, Helsinki): ``now_helsinki`` in the faces, a fixed moment in tests
Clock = Callable[[], datetime]
