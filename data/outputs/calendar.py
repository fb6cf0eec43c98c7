"""The programme's dates as an iCalendar file (``tuki calendar``), written with ``icalendar``.

An event with an agreed time (a first meeting) starts then in Helsinki time (``TZID=Europe/
Helsinki``, with the zone's ``VTIMEZONE``) and lasts an hour; every other event is all-day
(``DTSTART;VALUE=DATE``, ending the next day). The words come from the caller (the faces'
catalogs); the events themselves (``data/rules/calendar.py``) carry no name and no text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from data.dates import HELSINKI
from data.rules.calendar import Event

PRODID = "-//Tuki//Tuki calendar//FI"
DOMAIN = "tuki.invalid"  # the UIDs' right-hand side: the same in every export of a folder


def to_ics(
    events: Sequence[Event],
    title: Callable[[Event], str],
    description: Callable[[Event], str],
    name: str,
    now: datetime | None = None,
) -> bytes:
    """The calendar as bytes (UTF-8, CRLF lines as RFC 5545 asks)."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Helsinki")
    for event in events:
        item = IcsEvent()
        item.add("uid", f"{event.uid}@{DOMAIN}")
        item.add("dtstamp", stamp)
        if event.at is not None:
            start = datetime.combine(event.day, event.at, tzinfo=HELSINKI)
            item.add("dtstart", start)
            item.add("dtend", start + timedelta(hours=1))
        else:
            item.add("dtstart", event.day)
            item.add("dtend", event.day + timedelta(days=1))
            item.add("transp", "TRANSPARENT")  # a date to know, not time taken
        item.add("summary", title(event))
        item.add("description", description(event))
        item.add("sequence", event.sequence)
        if event.changed is not None:
            item.add("last-modified", event.changed.astimezone(UTC))
        cal.add_component(item)
    if any(e.at is not None for e in events):
        cal.add_missing_timezones()
    return bytes(cal.to_ical())


__all__ = ["to_ics"]
