"""A year's figures for the welfare area and the funders: pure arithmetic over plain inputs.

What each figure counts (the reading is ``data/store/figures.py``; the words are the faces'):

* **waiting**: each relationship whose agreement started in the year: the days from the
  client's registration, or from the end of the client's earlier relationship when one ended
  after it, to the start. Median, longest, and how many in each span (``WAIT_SPANS``).
* **length**: each started relationship that ended in the year: the days from its start to its
  end; those under six months are the early endings.
* **endings**: the same relationships by end reason, each with its early ones; a proposal that
  ended before it started is counted apart (``not_started``).
* **meetings**: held and cancelled per month, the cancelled ones by reason.
* **concerns**: noticed per month and, of each, the hours until the first person was told
  (``TOLD_SPANS``); those nobody has been told of yet; child welfare notifications made.
* **vetting**: the volunteers who applied in the year and how many of them have reached each
  step of the pipeline since, with the median days from the step before; how many left.
* **areas**: the main numbers per area (a client's area, or the municipality when it has none;
  a volunteer's likewise).

Only counts and spans: no name, no id, no text of any record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from data.dates import add_months
from data.model.activity import CancelReason
from data.model.facts import RelFacts
from data.model.people import PIPELINE, Step
from data.model.relationship import EndReason

#: upper bounds (days, inclusive) of the waiting spans; one more span holds the rest
WAIT_SPANS = (30, 90, 180, 365)
#: upper bounds (months, exclusive) of the length spans
LENGTH_MONTHS = (6, 12, 24)
#: upper bounds (hours, inclusive) of the spans until a concern was told
TOLD_SPANS = (24, 72, 168)
EARLY_MONTHS = 6


@dataclass(frozen=True, slots=True)
class Spread:
    """How a number of days (or hours) spread: how many, median, longest, per span."""

    count: int
    median: int | None
    longest: int | None
    spans: tuple[int, ...]

    @classmethod
    def of(cls, values: Sequence[int], span_of: Callable[[int], int], spans: int) -> Spread:
        counts = [0] * spans
        for value in values:
            counts[span_of(value)] += 1
        middle = round(median(values)) if values else None
        return cls(len(values), middle, max(values, default=None), tuple(counts))


def _span(bounds: Sequence[int]) -> Callable[[int], int]:
    def at(value: int) -> int:
        return next((n for n, bound in enumerate(bounds) if value <= bound), len(bounds))

    return at


@dataclass(frozen=True, slots=True)
class MonthMeetings:
    month: date
    held: int
    cancelled: int
    reasons: dict[CancelReason, int]


@dataclass(frozen=True, slots=True)
class MonthConcerns:
    month: date
    noticed: int
    told_in_day: int  # told within 24 hours of being noticed


@dataclass(frozen=True, slots=True)
class StepCount:
    step: Step
    reached: int
    median_days: int | None  # from the step before (None for the first, or when none reached)


@dataclass(frozen=True, slots=True)
class AreaRow:
    area: str
    started: int
    median_wait: int | None
    ended: int
    early: int
    held: int
    cancelled: int
    concerns: int
    applied: int
    approved: int


@dataclass(frozen=True, slots=True)
class Ending:
    reason: EndReason
    total: int
    early: int


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    area: str | None  # None: the whole programme
    waiting: Spread
    length: Spread
    early: int
    endings: tuple[Ending, ...]
    not_started: int
    meetings: tuple[MonthMeetings, ...]
    concerns: tuple[MonthConcerns, ...]
    told: Spread  # hours until told, of the year's concerns that were told
    untold: int
    welfare: int
    vetting: tuple[StepCount, ...]
    left: int
    areas: tuple[AreaRow, ...] = ()

    @property
    def held(self) -> int:
        return sum(m.held for m in self.meetings)

    @property
    def cancelled(self) -> int:
        return sum(m.cancelled for m in self.meetings)


# ----- the inputs, as the reading gives them ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientIn:
    registered_on: date
    area: str


@dataclass(frozen=True, slots=True)
class ConcernIn:
    noticed_on: date
    hours_to_told: int | None  # None: nobody told yet
    welfare: bool
    area: str


@dataclass(frozen=True, slots=True)
class VolunteerIn:
    area: str
    steps: dict[Step, date]  # the first day of each pipeline step, and of leaving
    left_on: date | None = None


@dataclass(slots=True)
class Inputs:
    """Everything a year's figures are made of (already narrowed to an area, or not)."""

    relationships: list[RelFacts]
    clients: dict[int, ClientIn]
    #: per relationship: (held, cancelled) for each month of the year, January first
    monthly: dict[int, list[tuple[int, int]]]
    #: per month of the year: the cancelled meetings by reason
    reasons: list[dict[CancelReason, int]]
    concerns: list[ConcernIn]
    volunteers: list[VolunteerIn]
    earlier: dict[int, list[RelFacts]] = field(default_factory=dict)  # by client: every started


# ----- the arithmetic ---------------------------------------------------------------------------


def wait_days(rel: RelFacts, registered_on: date, own: Iterable[RelFacts]) -> int | None:
    """The days the client waited for this relationship's start, or None when it has none."""
    start = rel.start
    if start is None:
        return None
    since = registered_on
    for other in own:  # an earlier relationship that ended: waiting began again then
        end = other.ended_on
        if other.id != rel.id and other.start is not None and end is not None and end <= start:
            since = max(since, end)
    return max((start - since).days, 0)


def is_early(rel: RelFacts) -> bool:
    return (
        rel.start is not None
        and rel.ended_on is not None
        and rel.ended_on < add_months(rel.start, EARLY_MONTHS)
    )


def _length_span(rel: RelFacts) -> int:
    assert rel.start is not None and rel.ended_on is not None
    for n, months in enumerate(LENGTH_MONTHS):
        if rel.ended_on < add_months(rel.start, months):
            return n
    return len(LENGTH_MONTHS)


def compute(year: int, area: str | None, data: Inputs) -> YearFigures:
    """The year's figures of what ``data`` holds."""
    by_client: dict[int, list[RelFacts]] = data.earlier
    if not by_client:
        for rel in data.relationships:
            if rel.start is not None:
                by_client.setdefault(rel.client_id, []).append(rel)
    waits: list[int] = []
    ended: list[RelFacts] = []
    not_started = 0
    for rel in data.relationships:
        client = data.clients.get(rel.client_id)
        if rel.start is not None and rel.start.year == year and client is not None:
            days = wait_days(rel, client.registered_on, by_client.get(rel.client_id, ()))
            if days is not None:
                waits.append(days)
        if rel.ended_on is not None and rel.ended_on.year == year:
            if rel.start is None:
                not_started += 1
            else:
                ended.append(rel)
    lengths = [(r.ended_on - r.start).days for r in ended if r.ended_on and r.start]
    length_counts = [0] * (len(LENGTH_MONTHS) + 1)
    total: Counter[EndReason | None] = Counter()
    early: Counter[EndReason | None] = Counter()
    for rel in ended:
        span = _length_span(rel)
        length_counts[span] += 1
        total[rel.end_reason] += 1
        if span == 0:  # under six months
            early[rel.end_reason] += 1
    length = Spread.of(lengths, lambda _: 0, 1)
    length = Spread(length.count, length.median, length.longest, tuple(length_counts))
    endings = tuple(Ending(reason, total[reason], early[reason]) for reason in EndReason)
    return YearFigures(
        year=year,
        area=area,
        waiting=Spread.of(waits, _span(WAIT_SPANS), len(WAIT_SPANS) + 1),
        length=length,
        early=sum(early.values()),
        endings=endings,
        not_started=not_started,
        meetings=_meetings(year, data),
        concerns=_concerns(year, data.concerns),
        told=Spread.of(
            [c.hours_to_told for c in _of_year(year, data.concerns) if c.hours_to_told is not None],
            _span(TOLD_SPANS),
            len(TOLD_SPANS) + 1,
        ),
        untold=sum(1 for c in _of_year(year, data.concerns) if c.hours_to_told is None),
        welfare=sum(1 for c in _of_year(year, data.concerns) if c.welfare),
        vetting=_funnel(year, data.volunteers),
        left=sum(
            1
            for v in data.volunteers
            if _applied_in(year, v) and v.left_on is not None and Step.APPROVED not in v.steps
        ),
    )


def _of_year(year: int, concerns: list[ConcernIn]) -> list[ConcernIn]:
    return [c for c in concerns if c.noticed_on.year == year]


def _meetings(year: int, data: Inputs) -> tuple[MonthMeetings, ...]:
    held, cancelled = [0] * 12, [0] * 12
    for counts in data.monthly.values():
        for n, (h, c) in enumerate(counts):
            held[n] += h
            cancelled[n] += c
    return tuple(
        MonthMeetings(date(year, n + 1, 1), held[n], cancelled[n], dict(data.reasons[n]))
        for n in range(12)
    )


def _concerns(year: int, concerns: list[ConcernIn]) -> tuple[MonthConcerns, ...]:
    noticed, quick = [0] * 12, [0] * 12
    for c in _of_year(year, concerns):
        noticed[c.noticed_on.month - 1] += 1
        if c.hours_to_told is not None and c.hours_to_told <= 24:
            quick[c.noticed_on.month - 1] += 1
    return tuple(MonthConcerns(date(year, n + 1, 1), noticed[n], quick[n]) for n in range(12))


def _applied_in(year: int, volunteer: VolunteerIn) -> bool:
    applied = volunteer.steps.get(Step.APPLIED)
    return applied is not None and applied.year == year


def _funnel(year: int, volunteers: list[VolunteerIn]) -> tuple[StepCount, ...]:
    cohort = [v for v in volunteers if _applied_in(year, v)]
    out = []
    for n, step in enumerate(PIPELINE):
        reached = [v for v in cohort if step in v.steps]
        days: list[int] = []
        if n:
            before = PIPELINE[n - 1]
            days = [
                max((v.steps[step] - v.steps[before]).days, 0) for v in reached if before in v.steps
            ]
        out.append(StepCount(step, len(reached), round(median(days)) if days else None))
    return tuple(out)


def by_area(
    year: int,
    data: Inputs,
    rel_area: Callable[[RelFacts], str],
) -> tuple[AreaRow, ...]:
    """The main numbers per area, the areas in alphabetical order (no area last)."""
    groups: dict[str, Inputs] = {}

    def group(area: str) -> Inputs:
        found = groups.get(area)
        if found is None:
            found = groups[area] = Inputs([], data.clients, {}, [{}] * 12, [], [], data.earlier)
        return found

    for rel in data.relationships:
        part = group(rel_area(rel))
        part.relationships.append(rel)
        if rel.id in data.monthly:
            part.monthly[rel.id] = data.monthly[rel.id]
    for concern in data.concerns:
        group(concern.area).concerns.append(concern)
    for volunteer in data.volunteers:
        group(volunteer.area).volunteers.append(volunteer)
    rows = []
    for area in sorted(groups, key=lambda a: (a == "", a.casefold())):
        f = compute(year, area, groups[area])
        rows.append(
            AreaRow(
                area,
                f.waiting.count,
                f.waiting.median,
                f.length.count,
                f.early,
                f.held,
                f.cancelled,
                sum(c.noticed for c in f.concerns),
                f.vetting[0].reached,
                f.vetting[-1].reached,
            )
        )
    return tuple(r for r in rows if any(_numbers(r)))


def _numbers(row: AreaRow) -> tuple[int, ...]:
    return (row.started, row.ended, row.held, row.cancelled, row.concerns, row.applied)
