"""Support-family weekends (issue 16, seed 001): a support family hosts the child for a
weekend, so a meeting of a support-family relationship may run from ``on`` to ``until`` (its
last day, a few days on at most) and counts as one weekend against the agreement's maximum.

A meeting of any other service is one day: ``until`` stays None and costs nothing stored
(``Meeting.until`` is left out of the stored form while it is None).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import ValidationInfo

from data.dates import fi_date
from data.model.base import fail, is_stored, present

#: the longest stay a weekend may be: Friday to Monday at most (a long weekend)
MOST_DAYS = 4
#: the alerts of the agreement's maximum (``AlertKind`` values)
MAXIMUM_ALERTS = frozenset({"max_near", "max_reached"})


def check_until(on: date, until: date, info: ValidationInfo | None = None) -> None:
    """A weekend ends after the day it begins, at most ``MOST_DAYS`` days later; a held one
    (``info`` of its validation given) not after today, unless stored so."""
    if until <= on:
        raise fail(
            "until_not_after", "A weekend's last day must be after its first day; check the dates."
        )
    if until - on > timedelta(days=MOST_DAYS - 1):
        raise fail(
            "until_too_far",
            "A weekend lasts at most {days} days; log a longer stay as separate weekends.",
            days=MOST_DAYS,
        )
    if info is not None and not is_stored(info) and until > present(info).date():
        raise fail(
            "until_in_future",
            "A held weekend cannot end in the future; log it once it is over, or as cancelled.",
        )


def weekend_of(day: date) -> tuple[date, date]:
    """The Friday and the Sunday of ``day``'s week (Monday to Sunday): the default weekend."""
    friday = day - timedelta(days=day.weekday()) + timedelta(days=4)
    return friday, friday + timedelta(days=2)


def fi_days(on: date, until: date | None) -> str:
    """A meeting's day, or a weekend's days: 22.11.2026, 13.11.–15.11.2026."""
    if until is None:
        return fi_date(on)
    first = f"{on.day}.{on.month}." if on.year == until.year else fi_date(on)
    return f"{first}–{fi_date(until)}"


def until_text(meeting: Any) -> str:
    """ " · –15.11.2026" after a weekend's first day (a ``Meeting``), "" after another's."""
    return f" · –{fi_date(meeting.until)}" if meeting.until is not None else ""


def in_weekends(found: list[tuple[Any, date, dict[str, Any]]]) -> list[Any]:
    """A support family's alerts of its agreement's maximum, marked to be worded in weekends
    (``weekends`` in their detail)."""
    return [
        (kind, since, {**detail, "weekends": 1} if kind in MAXIMUM_ALERTS else detail)
        for kind, since, detail in found
    ]


def days_of(on: date, until: date | None) -> list[date]:
    """Every day of a meeting: its day, or each day of a weekend from its first to its last
    (a stored last day that is too far is cut at the longest stay)."""
    last = min(until, on + timedelta(days=MOST_DAYS - 1)) if until is not None else on
    return [on + timedelta(days=n) for n in range((last - on).days + 1)]


def stays(days: list[date]) -> list[list[date]]:
    """The days met grouped into stays: days one after another are one weekend."""
    out: list[list[date]] = []
    for day in sorted(set(days)):
        if out and (day - out[-1][-1]).days == 1:
            out[-1].append(day)
        else:
            out.append([day])
    return out


__all__ = [
    "MOST_DAYS",
    "check_until",
    "days_of",
    "fi_days",
    "in_weekends",
    "stays",
    "until_text",
    "weekend_of",
]
