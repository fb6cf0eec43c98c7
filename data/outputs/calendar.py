"""The programme's dates as an iCalendar file (``tuki calendar``), written with ``icalendar``.

An event with an agreed time (a first meeting) starts then in Helsinki time (``TZID=Europe/
Helsinki``, with the zone's ``VTIMEZONE``) and lasts an hour; every other event is all-day
(``DTSTART;VALUE=DATE``, ending the next day). The words come from the caller (the faces'
catalogs); the events themselves (``data/rules/calendar.py``) carry no name and no text.

Every line is the library's (``Component.add``, or a text's property type as ``add`` finds
it, types the value; ``content_line`` and ``Contentline.to_ical`` write and fold it;
``sorted_keys`` orders an event's properties; ``Calendar.to_ical`` writes the calendar's own
lines and ``VTIMEZONE``), and the file is the bytes ``Calendar.to_ical`` gives for the
calendar holding the events as components. But a line that comes again (a day, the stamp, a
sequence number, the description the events of one relationship share) is made once, and the
events are not built as components: a national folder's 16,000 events are 177,000 lines,
43,000 of them different (``to_ics``: 5.3 s of processor time built whole, 1.35 s so; the
same bytes, which ``tests/cli/test_cli_calendar.py`` holds it to).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from data.dates import HELSINKI
from data.rules.calendar import Event

PRODID = "-//Tuki//Tuki calendar//FI"
DOMAIN = "tuki.invalid"  # the UIDs' right-hand side: the same in every export of a folder
_END = b"END:VCALENDAR\r\n"


def properties(
    event: Event,
    title: Callable[[Event], str],
    description: Callable[[Event], str],
    stamp: datetime,
) -> dict[str, Any]:
    """One event's properties (lower-case names) and their values, as ``Component.add``
    takes them."""
    props: dict[str, Any] = {"uid": f"{event.uid}@{DOMAIN}", "dtstamp": stamp}
    if event.at is not None:
        start = datetime.combine(event.day, event.at, tzinfo=HELSINKI)
        props["dtstart"] = start
        props["dtend"] = start + timedelta(hours=1)
    else:
        props["dtstart"] = event.day
        props["dtend"] = event.day + timedelta(days=1)
        props["transp"] = "TRANSPARENT"  # a date to know, not time taken
    props["summary"] = title(event)
    props["description"] = description(event)
    props["sequence"] = event.sequence
    if event.changed is not None:
        props["last-modified"] = event.changed.astimezone(UTC)
    return props


def calendar(name: str, events: Sequence[Event] = ()) -> Any:
    """The calendar without its events: its own properties, and the ``VTIMEZONE`` of Helsinki
    when an event has a time (``add_missing_timezones``, as for the events themselves)."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Helsinki")
    timed = next((e for e in events if e.at is not None), None)
    if timed is not None and timed.at is not None:
        probe = IcsEvent()
        probe.add("dtstart", datetime.combine(timed.day, timed.at, tzinfo=HELSINKI))
        cal.add_component(probe)
        cal.add_missing_timezones()
        cal.subcomponents.remove(probe)
    return cal


class _Lines:
    """The library's content line of each property of an event, each different one made once
    (a UID, which never comes again, is not kept)."""

    def __init__(self) -> None:
        from icalendar import Event as IcsEvent

        self._event = IcsEvent
        self._probe = IcsEvent()  # (left empty: each value is added and taken out again)
        self._made: dict[Hashable, bytes] = {}
        self._orders: dict[tuple[str, ...], list[str]] = {}

    def line(self, name: str, value: Any) -> bytes:
        # (the value's type and zone are in the key: equal datetimes of two zones write unlike)
        key = (name, type(value), getattr(value, "tzinfo", None), value)
        made = self._made.get(key)
        if made is None:
            probe = self._probe
            if type(value) is str:  # (typed as ``add`` types a text: its property's type)
                typed = probe.types_factory.for_property(name)(value)
            else:
                probe.add(name, value)
                typed = probe.pop(name)
            made = bytes(probe.content_line(name.upper(), typed).to_ical())
            if name != "uid":
                self._made[key] = made
        return made

    def order(self, names: tuple[str, ...]) -> list[str]:
        """The order the library writes an event's properties in (``sorted_keys``)."""
        got = self._orders.get(names)
        if got is None:
            from icalendar import vText

            probe = self._event()
            for name in names:
                probe[name] = vText("")
            got = self._orders[names] = [key.lower() for key in probe.sorted_keys()]
        return got

    def event(self, props: dict[str, Any]) -> list[bytes]:
        out = [self.line("BEGIN", "VEVENT")]
        out += [self.line(name, props[name]) for name in self.order(tuple(props))]
        out.append(self.line("END", "VEVENT"))
        return out


def to_ics(
    events: Sequence[Event],
    title: Callable[[Event], str],
    description: Callable[[Event], str],
    name: str,
    now: datetime | None = None,
) -> bytes:
    """The calendar as bytes (UTF-8, CRLF lines as RFC 5545 asks)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    head = bytes(calendar(name, events).to_ical())
    if not head.endswith(_END):  # (never: the library ends a calendar so)
        raise ValueError("the calendar does not end with END:VCALENDAR")
    lines = _Lines()
    body: list[bytes] = [head[: -len(_END)]]
    for event in events:
        body.append(b"\r\n".join(lines.event(properties(event, title, description, stamp))))
        body.append(b"\r\n")
    body.append(_END)
    return b"".join(body)


__all__ = ["calendar", "properties", "to_ics"]
