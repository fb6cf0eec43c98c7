"""Compact, derived facts about relationships, clients and volunteers: what the alerts and the
hot paths (logging a meeting, counting, searching by name) need, without the full records.

The store writes a record's facts in the same atomic change as the record itself, into
``index/relationships.json``, ``index/clients.json`` and ``index/volunteers.json`` (table
``facts``); ``tuki check --repair`` rebuilds them from the records. At national scale they
are a few MB instead of the 40 MB of full records, and they are read with orjson only: no
model validation on the way to the day's alerts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from data.dates import month_key
from data.model.base import Record
from data.model.people import Client, Step, Volunteer, VolunteerKind
from data.model.relationship import EndReason, Relationship, State

FACTS = "facts"
FACT_FILES: dict[type[Record], str] = {
    Relationship: "index/relationships.json",
    Client: "index/clients.json",
    Volunteer: "index/volunteers.json",
}

OPEN = frozenset({State.PROPOSED, State.STARTING, State.ACTIVE, State.PAUSED})
VETTING = frozenset({Step.APPLIED, Step.SUITABILITY, Step.ORIENTED, Step.EXTRACT_SHOWN})


_STATES = {s.value: s for s in State}
_REASONS = {r.value: r for r in EndReason}
_STEPS = {s.value: s for s in Step}
_KINDS = {k.value: k for k in VolunteerKind}
_fromiso = date.fromisoformat


class _Days(dict[str | None, date | None]):
    """Each day read from the index made once (``_DAYS[text]``: made only when missing, no call
    per day read): 22,000 relationships' facts hold some 130,000 days, a few thousand different
    (4 MB less at national scale); bounded all the same."""

    def __missing__(self, text: str | None) -> date | None:
        if len(self) >= _MOST_DAYS:
            self.clear()
        day = self[text] = _fromiso(text) if text else None
        return day


_DAYS, _MOST_DAYS = _Days(), 50_000
_day = _DAYS.__getitem__


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(slots=True)  # not frozen: a frozen __init__ is 2x slower; treat as read-only
class RelFacts:
    id: int
    client_id: int
    volunteer_id: int
    state: State
    since: date | None  # when it entered its current state
    proposed_on: date | None
    start: date | None
    planned_end: date | None
    max_meetings: int | None
    review_due: date | None  # the agreed review date, or a year after the start
    ended_on: date | None
    end_reason: EndReason | None
    second_id: int | None = None  # a peer pair's second support person

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def volunteer_ids(self) -> tuple[int, ...]:
        """The support person, and the second one of a peer pair."""
        second = self.second_id
        return (self.volunteer_id,) if second is None else (self.volunteer_id, second)


@dataclass(slots=True)  # not frozen: a frozen __init__ is 2x slower; treat as read-only
class ClientFacts:
    id: int
    name: str
    registered_on: date
    closed_on: date | None
    first: str  # the first and last name, for lists sorted by surname
    last: str


@dataclass(slots=True)  # not frozen: a frozen __init__ is 2x slower; treat as read-only
class VolunteerFacts:
    id: int
    name: str
    kind: VolunteerKind
    step: Step | None
    since: date | None
    capacity: int
    first: str
    last: str

    @property
    def in_vetting(self) -> bool:
        return self.step in VETTING

    @property
    def approved(self) -> bool:
        return self.step in (Step.APPROVED, Step.RESUMED)


# Rows are stored as one short list under the key "r": a dict per row with a dozen keys takes
# several times longer to parse (measured: 53 ms for 22,000 relationships as keyed dicts).
REL_FIELDS = (
    "client",
    "volunteer",
    "state",
    "since",
    "proposed",
    "start",
    "planned_end",
    "max",
    "review",
    "ended",
    "reason",
    "version",
    "second",  # only in a peer pair's row (older rows and single ones end at "version")
)
# The fields after the first few are read only to recover a lost record (``data.model.recovered``):
# the index then holds enough of a person for a valid record with their name, which a repair needs.
CLIENT_FIELDS = (
    "name",
    "registered",
    "closed",
    "first",
    "last",
    "birth",
    "municipality",
    "kind",
    "version",
)
VOLUNTEER_FIELDS = (
    "name",
    "kind",
    "step",
    "since",
    "capacity",
    "first",
    "last",
    "birth_year",
    "municipality",
    "version",
)
#: kept after a volunteer's fields (a row of the older form has none): the newest days an extract
#: was shown and a work supervision attended, what the day's alerts need (``rules.fitness``)
FIT_FIELDS = ("shown", "supervised")

VERSION_AT: dict[type[Record], int] = {
    Relationship: REL_FIELDS.index("version"),
    Client: CLIENT_FIELDS.index("version"),
    Volunteer: VOLUNTEER_FIELDS.index("version"),
}


def relationship_row(r: Relationship) -> dict[str, Any]:
    a = r.agreement
    proposed = next((h.on for h in r.history if h.state is State.PROPOSED), None)
    return {
        "r": [
            r.client_id,
            r.volunteer_id,
            r.state.value,
            _iso(r.since()),
            _iso(proposed),
            _iso(a.start) if a else None,
            _iso(a.planned_end) if a else None,
            a.max_meetings if a else None,
            _iso(r.review_due()),
            _iso(r.ended_on),
            r.end_reason.value if r.end_reason else None,
            r.version,
            *(() if r.second_volunteer_id is None else (r.second_volunteer_id,)),
        ]
    }


def client_row(c: Client) -> dict[str, Any]:
    return {
        "r": [
            c.name,
            c.registered_on.isoformat(),
            _iso(c.closed_on),
            c.first_name,
            c.last_name,
            c.birth_date.isoformat(),
            c.municipality,
            c.kind.value,
            c.version,
        ]
    }


def volunteer_row(v: Volunteer) -> dict[str, Any]:
    step = v.state
    return {
        "r": [
            v.name,
            v.kind.value,
            step.value if step else None,
            _iso(v.since()),
            v.capacity,
            v.first_name,
            v.last_name,
            v.birth_year,
            v.municipality,
            v.version,
            _iso(v.newest_extract_on()),
            _iso(v.last_supervision()),
        ]
    }


def row_of(record: Record) -> dict[str, Any]:
    if isinstance(record, Relationship):
        return relationship_row(record)
    if isinstance(record, Client):
        return client_row(record)
    if isinstance(record, Volunteer):
        return volunteer_row(record)
    raise TypeError(f"no facts are kept of {type(record).__name__}")


def row_version(record: type[Record], row: dict[str, Any]) -> int:
    """The version of the record that the facts ``row`` were taken from (0 when the row is of an
    older form that did not keep it): a repair compares it with the record's own version to tell
    which of the two is newer."""
    r = row["r"]
    at = VERSION_AT.get(record, -1)
    return int(r[at]) if 0 <= at < len(r) and isinstance(r[at], int) else 0


def load_relationship(key: str, row: dict[str, Any]) -> RelFacts:
    r = row["r"]
    c, v, state, since, proposed, start, end, most, review, ended, reason = r[:11]
    d = _DAYS
    return RelFacts(
        int(key),
        c,
        v,
        _STATES[state],
        d[since],
        d[proposed],
        d[start],
        d[end],
        most,
        d[review],
        d[ended],
        _REASONS[reason] if reason else None,
        r[12] if len(r) > 12 else None,
    )


def _names(r: list[Any], at: int) -> tuple[str, str]:
    """The first and last name kept at ``at`` in a row; a row of the older short form has the
    whole name only, taken as first names and the last word as the surname."""
    if len(r) > at + 1:
        return r[at], r[at + 1]
    first, _, last = r[0].rpartition(" ")
    return first, last


def load_client(key: str, row: dict[str, Any]) -> ClientFacts:
    r = row["r"]  # older folders hold only the first three fields
    return ClientFacts(int(key), r[0], _day(r[1]) or _fromiso(r[1]), _day(r[2]), *_names(r, 3))


def load_volunteer(key: str, row: dict[str, Any]) -> VolunteerFacts:
    r = row["r"]  # older folders hold only the first five fields
    step = _STEPS[r[2]] if r[2] else None
    return VolunteerFacts(int(key), r[0], _KINDS[r[1]], step, _day(r[3]), r[4], *_names(r, 5))


def of_relationship(r: Relationship) -> RelFacts:
    return load_relationship(str(r.id or 0), relationship_row(r))


def of_client(c: Client) -> ClientFacts:
    return load_client(str(c.id or 0), client_row(c))


def of_volunteer(v: Volunteer) -> VolunteerFacts:
    return load_volunteer(str(v.id or 0), volunteer_row(v))


class Summary:
    """What the alerts need to know of one relationship's meetings, without reading them.

    ``months`` is compact text, ``"2026-10=3/1 2026-11=2/0"`` (held/cancelled per month), so
    that 20,000 relationships' histories stay small in memory. Dates are parsed when first
    asked for: most summaries are never looked at closely.
    """

    __slots__ = ("_last", "_last_held", "cancelled", "days", "held", "months")

    def __init__(
        self,
        held: int = 0,
        cancelled: int = 0,
        last_held: date | str | None = None,
        last: date | str | None = None,
        months: str = "",
        days: str | None = "",
    ) -> None:
        #: the held days of the newest months (``"2026-10:4,11,25 2026-11:2"``), None when the
        #: index is of the older form that did not keep them
        self.days = days
        self.held = held
        self.cancelled = cancelled
        self._last_held = last_held
        self._last = last
        self.months = months

    @property
    def last_held(self) -> date | None:
        value = self._last_held
        if isinstance(value, str):
            value = self._last_held = date.fromisoformat(value)
        return value

    @property
    def last(self) -> date | None:
        value = self._last
        if isinstance(value, str):
            value = self._last = date.fromisoformat(value)
        return value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Summary):
            return NotImplemented
        mine = (self.held, self.cancelled, self.last_held, self.last, self.months, self.days)
        theirs = (other.held, other.cancelled, other.last_held, other.last, other.months)
        return mine == (*theirs, other.days)

    def __repr__(self) -> str:
        return (
            f"Summary(held={self.held}, cancelled={self.cancelled}, "
            f"last_held={self.last_held}, last={self.last}, months={self.months!r})"
        )

    def counts_in(self, month: date) -> tuple[int, int]:
        at = self.months.find(month_key(month) + "=")
        if at < 0:
            return (0, 0)
        end = self.months.find(" ", at)
        held, cancelled = self.months[at + 8 : end if end >= 0 else None].split("/")
        return (int(held), int(cancelled))

    def held_in(self, month: date) -> int:
        return self.counts_in(month)[0]

    def held_days(self, month: date) -> list[date] | None:
        """The days of ``month`` with a held meeting, or None when the index does not keep
        them for that month (an older month, or an index of the older form): read the shard.
        (A month may keep only the days of a weekend begun the month before.)"""
        key = month_key(month) + ":"
        at = -1 if self.days is None else self.days.find(key)
        if at < 0 or self.days is None:
            return [] if self.held_in(month) == 0 else None
        end = self.days.find(" ", at)
        numbers = self.days[at + len(key) : end if end >= 0 else None].split(",")
        return [month.replace(day=int(n)) for n in numbers]

    def met_in(self, month: date) -> bool:
        return month_key(month) + "=" in self.months
