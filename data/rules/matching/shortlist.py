"""One client's shortlist: every volunteer who passes the filters, best first, explained;
and why any one volunteer was left out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from data.models import (
    Client,
    ClientKind,
    Settings,
    Volunteer,
    VolunteerKind,
)
from data.rules import weekends
from data.rules.matching.filters import exclusion_reasons
from data.rules.matching.score import part_values, weighted_points
from data.rules.matching.sides import PARTS, Candidate, Reason, Seeker, seeker, weights

# ----- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Suggestion:
    """A volunteer who passed every filter, with the score and its explanation.

    ``reasons`` and ``mismatches`` are worked out when first read (``suggestion_for``): a
    national shortlist ranks some 700 volunteers and shows the reasons of a page of them."""

    volunteer_id: int
    name: str
    kind: VolunteerKind
    score: float  # the sum of ``parts``; 0..100 with the default weights
    parts: dict[str, float]  # part -> points (value 0..1 times the weight), in PARTS order
    waiting_since: date | None  # since when the volunteer has had room for a child
    # (what speaks for the match, what against it) once worked out, else how to work them out
    why: tuple[list[Reason], list[Reason]] | tuple[Seeker, Candidate, date] = field(repr=False)

    @property
    def reasons(self) -> list[Reason]:
        """What speaks for the match, nearness first."""
        return self._explained()[0]

    @property
    def mismatches(self) -> list[Reason]:
        """Soft mismatches: what speaks against it."""
        return self._explained()[1]

    def __eq__(self, other: object) -> bool:  # as a dataclass's, the reasons compared too
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Suggestion)
        return self._compared() == other._compared()

    def _compared(self) -> tuple[object, ...]:
        fields = (self.volunteer_id, self.name, self.kind, self.score, self.parts)
        return (*fields, self._explained(), self.waiting_since)

    def _explained(self) -> tuple[list[Reason], list[Reason]]:
        why = self.why
        if isinstance(why[0], list):
            return why
        s, c, today = why
        assert isinstance(s, Seeker) and isinstance(c, Candidate) and isinstance(today, date)
        good: list[Reason] = []
        bad: list[Reason] = []
        part_values(s, c, today, good, bad, True)
        object.__setattr__(self, "why", (good, bad))  # the same every time: kept
        return good, bad


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A volunteer left out, with every filter they failed."""

    volunteer_id: int
    name: str
    reasons: list[Reason]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


@dataclass(frozen=True, slots=True, eq=False)
class Ranking:
    """Every volunteer for one client: ranked suggestions and who was left out, and why.

    ``excluded`` is worked out when first read (``_Left``): a national ranking leaves out some
    4,300 volunteers, whose reasons are read only when the coordinator asks who was left out
    (``x``); kept for every ranking, they were most of the objects a ranking left for the
    garbage collector to go through."""

    client_id: int
    client_name: str
    size: int  # Settings.shortlist_size
    weights: dict[str, float]  # the most points each part can give
    suggestions: list[Suggestion]  # best first: score, then longer waiting, then id
    # who was left out (by volunteer id) once worked out, else how to work them out
    left: list[Exclusion] | _Left = field(repr=False)

    @property
    def excluded(self) -> list[Exclusion]:
        """Who was left out, with every filter they failed, by volunteer id."""
        left = self.left
        if isinstance(left, _Left):
            left = left.work_out()
            object.__setattr__(self, "left", left)  # the same every time: kept
        return left

    @property
    def excluded_count(self) -> int:
        """How many were left out (without working out why)."""
        left = self.left
        return len(left.views) if isinstance(left, _Left) else len(left)

    @property
    def shortlist(self) -> list[Suggestion]:
        """The best ``size`` suggestions."""
        return self.suggestions[: self.size]

    def suggestion(self, volunteer_id: int) -> Suggestion | None:
        return next((x for x in self.suggestions if x.volunteer_id == volunteer_id), None)

    def exclusion(self, volunteer_id: int) -> Exclusion | None:
        return next((x for x in self.excluded if x.volunteer_id == volunteer_id), None)

    def __eq__(self, other: object) -> bool:  # as a dataclass's, who was left out compared too
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Ranking)
        return self._compared() == other._compared()

    def _compared(self) -> tuple[object, ...]:
        fields = (self.client_id, self.client_name, self.size, self.weights, self.suggestions)
        return (*fields, self.excluded)


@dataclass(frozen=True, slots=True)
class _Left:
    """The volunteers a ranking left out (by volunteer id) and what it looked at: their
    exclusions are the same worked out again (the inputs are never changed afterwards)."""

    s: Seeker
    views: list[Candidate]
    open_counts: Mapping[int, int]
    known: Mapping[int, Reason]
    today: date
    months: int
    min_age: int | None  # a support family's minimum age, when a family could be too young

    def work_out(self) -> list[Exclusion]:
        s, counts, known, today, months = (
            self.s,
            self.open_counts,
            self.known,
            self.today,
            self.months,
        )
        out = []
        for c in self.views:
            problems = exclusion_reasons(s, c, counts.get(c.id, 0), known.get(c.id), today, months)
            if self.min_age is not None:
                problems += weekends.reason(s, c, self.min_age)
            out.append(Exclusion(c.id, c.name, problems))
        return out


_NONE: list[Reason] = []  # never appended to: ``explain`` is False with it


def suggestion_for(
    s: Seeker, c: Candidate, w: dict[str, float], today: date, since: date | None
) -> Suggestion:
    """The pair's score; its reasons are worked out when first read (see ``Suggestion``)."""
    values = part_values(s, c, today, _NONE, _NONE, False)
    points = weighted_points(values, [w[p] for p in PARTS])
    return Suggestion(
        volunteer_id=c.id,
        name=c.name,
        kind=c.kind,
        score=round(sum(points), 2),
        parts=dict(zip(PARTS, points, strict=True)),
        waiting_since=since,
        why=(s, c, today),
    )


def _rank_key(x: Suggestion) -> tuple[float, date, int]:
    return (-x.score, x.waiting_since or date.max, x.volunteer_id)


def explain(
    client: Client,
    volunteer: Volunteer | Candidate,
    settings: Settings,
    today: date,
    waiting_since: date | None = None,
) -> Suggestion:
    """The score and reasons of one pair, whether or not it passes the filters."""
    c = volunteer if isinstance(volunteer, Candidate) else Candidate.of(volunteer)
    return suggestion_for(seeker(client, today), c, weights(settings), today, waiting_since)


def shortlist(
    client: Client,
    volunteers: Iterable[Volunteer | Candidate],
    open_counts: Mapping[int, int],
    settings: Settings,
    today: date,
    *,
    known: Mapping[int, Reason] | None = None,
    waiting_since: Mapping[int, date] | None = None,
) -> Ranking:
    """Rank every volunteer for one client.

    ``open_counts``: volunteer id -> open relationships. ``known``: volunteer id -> why the
    family knows them (earlier or sibling's relationships; the client's own
    ``known_volunteer_ids`` are read from the client). ``waiting_since``: volunteer id -> since
    when they have had room for a child (breaks ties: the longer-waiting volunteer first).
    """
    w = weights(settings)
    s = seeker(client, today)
    known = known or {}
    since = waiting_since or {}
    months = settings.extract_recheck_months
    min_age = settings.support_family_min_age
    # whether a support family could be too young a match at all (else not asked 5,000 times)
    young = s.kind.value == "child" and weekends.too_young(weekends.FAMILY, s.age, min_age)
    parent = s.kind is ClientKind.PARENT
    found: list[Suggestion] = []
    left: list[Candidate] = []
    for v in volunteers:
        c = v if isinstance(v, Candidate) else Candidate.of(v)
        count = open_counts.get(c.id, 0)
        if (c.for_parent if parent else c.for_child) or count >= c.capacity:
            # a filter failed whatever else (vetting, kind, no room; ~4 of 5 left out): left
            # out without asking the rest, which ``_Left`` does when the reasons are read
            left.append(c)
            continue
        problems = exclusion_reasons(s, c, count, known.get(c.id), today, months)
        if young:
            problems += weekends.reason(s, c, min_age)
        if problems:
            left.append(c)
        else:
            found.append(suggestion_for(s, c, w, today, since.get(c.id)))
    found.sort(key=_rank_key)
    left.sort(key=lambda c: c.id)
    why = _Left(s, left, open_counts, known, today, months, min_age if young else None)
    return Ranking(s.id, s.name, settings.shortlist_size, w, found, why)
