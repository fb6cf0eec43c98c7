"""The dates a programme lives by, as calendar events (``tuki calendar``).

For every relationship that has not ended: the first meeting agreed at its start meeting
(``Relationship.first_meeting``: a day, and a time when one was agreed), the review due (the
agreed review day, or a year after the start: ``Relationship.review_due``), the planned end of
its agreement, and each palaveri drafted but not yet held (``Palaveri``, not finished).

An event names the relationship by its number (a palaveri by ``REL-N``) and the child and the
volunteer by their initials only: never a name, a place or any text of a report, a plan or a
palaveri's notes, since a calendar is shared and synced far beyond the register. Each event's
``uid`` is made of its kind and numbers alone, so importing the calendar again updates the
events (a review moved to another day) instead of adding them twice; ``sequence`` is the
version of the record it comes from.

A coordinator's events (``coordinator=LOGIN``): those of the relationships LOGIN proposed (the
relationship's record is theirs) and the palaverit LOGIN drafted. Tuki keeps no other
assignment of a relationship to a coordinator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum

from data.model.activity import Palaveri
from data.model.plain import PalaveriKind
from data.model.relationship import Relationship
from data.rules.retention import initials


class EventKind(StrEnum):
    FIRST_MEETING = "first_meeting"
    REVIEW = "review"
    PLANNED_END = "planned_end"
    PALAVERI = "palaveri"


@dataclass(frozen=True)
class Event:
    uid: str
    kind: EventKind
    day: date
    at: time | None  # a time agreed (Helsinki); None: an all-day event
    relationship_id: int
    client_id: int
    ref: str  # the relationship's number, or a palaveri's REL-N
    child: str  # the child's initials
    volunteer: str  # the volunteer's initials
    sequence: int  # the version of the record it comes from
    changed: datetime | None
    palaveri: PalaveriKind | None = None


#: a person's first and last name by their id (clients', volunteers')
Names = Mapping[int, tuple[str, str]]


def events(
    relationships: Iterable[Relationship],
    palaverit: Callable[[int], list[Palaveri]],
    clients: Names,
    volunteers: Names,
    *,
    coordinator: str | None = None,
    since: date | None = None,
) -> list[Event]:
    """The events of the relationships that have not ended, by day (``palaverit`` gives a
    relationship's palaverit; only the unfinished become events); none before ``since``."""
    out: list[Event] = []
    for rel in relationships:
        if not rel.is_open or rel.id is None:
            continue
        child = initials(*clients.get(rel.client_id, ("", "")))
        volunteer = "/".join(initials(*volunteers.get(v, ("", ""))) for v in rel.volunteer_ids)
        base = Event(
            "",
            EventKind.REVIEW,
            date.min,
            None,
            rel.id,
            rel.client_id,
            str(rel.id),
            child,
            volunteer,
            rel.version,
            rel.changed_at,
        )
        mine = coordinator is None or rel.created_by == coordinator
        dates: list[tuple[EventKind, date, time | None]] = []
        if rel.first_meeting_on is not None:
            at = rel.first_meeting.at if rel.first_meeting is not None else None
            dates.append((EventKind.FIRST_MEETING, rel.first_meeting_on, at))
        if rel.agreement is not None:
            review = rel.review_due()
            if review is not None:
                dates.append((EventKind.REVIEW, review, None))
            dates.append((EventKind.PLANNED_END, rel.agreement.planned_end, None))
        for kind, day, at in dates if mine else ():
            uid = f"tuki-{kind.value.replace('_', '-')}-{rel.id}"
            out.append(replace(base, uid=uid, kind=kind, day=day, at=at))
        for p in palaverit(rel.id):
            if p.finished or p.id is None or not (mine or p.created_by == coordinator):
                continue
            out.append(
                replace(
                    base,
                    uid=f"tuki-palaveri-{p.ref}",
                    kind=EventKind.PALAVERI,
                    day=p.on,
                    ref=p.ref,
                    sequence=p.version,
                    changed=p.changed_at,
                    palaveri=p.kind,
                )
            )
    if since is not None:
        out = [e for e in out if e.day >= since]
    return sorted(out, key=lambda e: (e.day, e.at or time(0), e.uid))


__all__ = ["Event", "EventKind", "Names", "events"]
