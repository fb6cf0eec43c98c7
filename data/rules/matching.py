"""Matching clients to volunteers: hard filters, explained scores, a shortlist, a whole-pool
proposal. Pure functions: no storage, no UI; the store (``Store.shortlist``,
``Store.pool_proposal``, ``Store.propose_many``) gathers the records and facts they look at.

Every outcome is explained with ``Reason``\\ s: a stable ``code`` plus ``params`` (the words live
in the faces, ``tui/i18n/areas/matching.py``, keys ``matching.reason.<code>``,
``matching.mismatch.<code>`` and ``matching.excluded.<code>``).

Hard filters (a volunteer failing one is left out, with every reason that applies):

* ``not_approved`` / ``extract_missing`` / ``extract_too_old``: vetting complete and approved,
  the criminal-record extract shown and at most six months old when seen (the model refuses an
  older one already; checked again here so that matching never relies on it silently);
* ``kind_mismatch``: a child is supported by a volunteer, a professional or a support family;
  a parent by a peer;
* ``no_capacity``: open relationships (proposed, starting, active, paused) fill the capacity;
* ``known_to_family``: the volunteer is on the client's list of people the family knows;
  ``earlier_relationship``: the client has or had a relationship with them (any state: they
  know each other, or the match was tried); ``sibling_relationship``: a client who shares a
  guardian with this one has or had a relationship with them (the family knows them);
* ``firm_gender`` / ``firm_language`` / ``firm_age``: the family's firm requirements
  (``Preferences.firm``); a volunteer without a recorded gender fails a firm gender;
* ``below_age_range`` / ``above_age_range``: the volunteer's own limits on the child's age
  (children only; a parent's age is not limited);
* ``out_of_reach``: the client's area is not among the places the volunteer can reach. A
  volunteer reaches their own area, or their whole municipality when no area is recorded or
  ``reachable_areas`` is empty. An entry of ``reachable_areas`` is an area of their own
  municipality ("Karhula"), a whole municipality that ``data/geography.py`` knows ("Hamina"),
  or an area elsewhere written "Municipality/Area" ("Kotka/Karhula"). A client without a
  recorded area is reachable by anyone who reaches some part of the municipality.

Score: weighted parts (``PARTS``), each a value 0..1 times its weight; the default weights
(``DEFAULT_WEIGHTS``) sum to 100 and ``Settings.matching_weights`` overrides any of them.
Unknown keys there are ignored (``unknown_weights`` names them, so a settings screen can warn)
rather than refused, so that a settings file from another Tuki version still opens; a negative
weight counts as 0. When the client gives nothing to compare on (no interests, needs or
availability recorded) the part gives every volunteer half its points: it cannot tell them
apart, and a client is neither favoured nor penalised in the whole-pool proposal for missing
data. A part that asks nothing of the volunteer (no car needed, no soft preference) gives full
points. Points are rounded to hundredths, so equal inputs give equal scores on every machine.

Whole-pool proposal: the assignment of waiting clients to volunteers (each volunteer at most
as many new clients as their free capacity) that maximises the sum of
``score * (1 + days_waiting / 365)``: a client who has waited a year counts double. It is
solved exactly with ``scipy.optimize.linear_sum_assignment`` on a matrix of clients × free
places (a volunteer with free capacity f gives min(f, clients they could take) columns);
pairs that fail a filter get cost 0, the same as leaving the client unmatched, and are
dropped from the result. (A large cost would instead force as many pairs as possible, even
poor ones, before the score counts.) The same data give the same proposal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from data.dates import add_months
from data.errors import Refused
from data.model.facts import ClientFacts, RelFacts, VolunteerFacts
from data.model.people import EXTRACT_MAX_AGE_MONTHS
from data.models import (
    Client,
    ClientKind,
    Gender,
    Settings,
    Travel,
    Volunteer,
    VolunteerKind,
)
from data.rules import geography
from data.rules.alerts import waiting

PARTS = ("nearness", "interests", "needs", "availability", "languages", "car", "preferences")
DEFAULT_WEIGHTS: dict[str, float] = {
    "nearness": 25.0,
    "interests": 20.0,
    "needs": 15.0,
    "availability": 15.0,
    "languages": 10.0,
    "car": 10.0,
    "preferences": 5.0,
}

# How near: same area, same municipality, a neighbouring municipality, the same welfare area.
NEARNESS = {"same_area": 1.0, "same_municipality": 0.6, "neighbouring": 0.4, "welfare": 0.2}
FULL_INTERESTS = 2  # this many shared interests (or all of the child's, if fewer) give full points
FULL_SLOTS = 3  # this many common weekday-and-time slots give full points
NEUTRAL = 0.5  # nothing to compare on
CHILD_KINDS = frozenset(
    {VolunteerKind.VOLUNTEER, VolunteerKind.PROFESSIONAL, VolunteerKind.SUPPORT_FAMILY}
)
YEAR_DAYS = 365


# ----- the explanations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a stable code and the figures or names that go with it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class MatchRefused(Refused):
    """A pair that may not be proposed; ``reasons`` are the filters it failed."""

    def __init__(self, client: str, volunteer: str, reasons: list[Reason]) -> None:
        super().__init__(
            "not_matchable",
            "{client} and {volunteer} cannot be matched: {why}.",
            client=client,
            volunteer=volunteer,
            why=", ".join(r.code for r in reasons),
        )
        self.reasons = reasons


# ----- weights -----------------------------------------------------------------------------------


def weights(settings: Settings) -> dict[str, float]:
    """The weight of every part: the defaults, overridden by the settings (unknown keys ignored,
    negative values counted as 0)."""
    out = dict(DEFAULT_WEIGHTS)
    for name, value in settings.matching_weights.items():
        if name in out:
            out[name] = max(0.0, float(value))
    return out


def unknown_weights(settings: Settings) -> list[str]:
    """Keys of ``Settings.matching_weights`` that name no part (ignored by matching)."""
    return sorted(k for k in settings.matching_weights if k not in DEFAULT_WEIGHTS)


def wait_factor(days: int) -> float:
    """How much more a pair counts in the whole-pool proposal when the client has waited."""
    return 1.0 + max(days, 0) / YEAR_DAYS


# ----- the two sides as matching sees them -------------------------------------------------------

_key = geography.key
Place = tuple[str, str]  # (municipality key, area key or "*" for the whole municipality)
ANY = "*"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A volunteer as matching sees them: built once per volunteer record (``of``) and reused
    for every client, so that ranking thousands of volunteers costs little."""

    id: int
    name: str
    kind: VolunteerKind
    vetting: Reason | None  # why the vetting does not allow matching, or None
    gender: Gender | None
    birth_year: int
    municipality: str  # as written
    area: str
    home: Place
    welfare_area: str | None
    reach: frozenset[Place]
    reach_municipalities: frozenset[str]
    interests: frozenset[str]  # keys (case-folded)
    offers: frozenset[str]
    languages: frozenset[str]
    slots: frozenset[tuple[str, str]]
    has_car: bool
    capacity: int
    child_age_min: int | None
    child_age_max: int | None
    for_child: tuple[Reason, ...]  # the filters failed whatever the child: vetting, kind
    for_parent: tuple[Reason, ...]

    @classmethod
    def of(cls, v: Volunteer) -> Candidate:
        reach = _reach(v)
        vetting = _vetting(v)
        static = {
            kind: tuple(
                r
                for r in (
                    vetting,
                    None
                    if (v.kind is VolunteerKind.PEER) == (kind is ClientKind.PARENT)
                    else Reason("kind_mismatch", {"kind": v.kind.value, "client_kind": kind.value}),
                )
                if r is not None
            )
            for kind in ClientKind
        }
        return cls(
            id=v.id or 0,
            name=v.name,
            kind=v.kind,
            vetting=vetting,
            gender=v.gender,
            birth_year=v.birth_year,
            municipality=v.municipality,
            area=v.area,
            home=(_key(v.municipality), _key(v.area) or ANY),
            welfare_area=geography.welfare_area(v.municipality),
            reach=reach,
            reach_municipalities=frozenset(m for m, _ in reach),
            interests=frozenset(_key(x) for x in v.interests),
            offers=frozenset(_key(x) for x in v.offers),
            languages=frozenset(_key(x) for x in v.languages),
            slots=frozenset((d.value, p.value) for d, p in v.availability.slots()),
            has_car=v.has_car,
            capacity=v.capacity,
            child_age_min=v.child_age_min,
            child_age_max=v.child_age_max,
            for_child=static[ClientKind.CHILD],
            for_parent=static[ClientKind.PARENT],
        )

    def age(self, today: date) -> int:
        """The volunteer's age this year (only the birth year is recorded)."""
        return today.year - self.birth_year

    def reaches(self, municipality: str, area: str) -> bool:
        """Whether the volunteer can reach a place (keys, area "" when unknown)."""
        if (municipality, ANY) in self.reach:
            return True
        if area:
            return (municipality, area) in self.reach
        return municipality in self.reach_municipalities


def candidates(volunteers: Iterable[Volunteer | Candidate]) -> list[Candidate]:
    return [v if isinstance(v, Candidate) else Candidate.of(v) for v in volunteers]


def _vetting(v: Volunteer) -> Reason | None:
    if not v.approved:
        return Reason("not_approved", {"state": v.state.value if v.state else "none"})
    extract = v.extract()
    if extract is None:
        return Reason("extract_missing")
    if add_months(extract.extract_date, EXTRACT_MAX_AGE_MONTHS) < extract.on:
        return Reason("extract_too_old")
    return None


def _reach(v: Volunteer) -> frozenset[Place]:
    own = _key(v.municipality)
    entries = [e for e in v.reachable_areas if e.strip()]
    whole = not entries or not v.area.strip()
    places = {(own, ANY if whole else _key(v.area))}
    for entry in entries:
        if "/" in entry:
            municipality, area = entry.split("/", 1)
            places.add((_key(municipality), _key(area) or ANY))
        elif geography.is_municipality(entry):
            places.add((_key(entry), ANY))
        else:
            places.add((own, _key(entry)))
    return frozenset(places)


@dataclass(frozen=True, slots=True)
class _Seeker:
    """The client's side, built once per client."""

    id: int
    name: str
    kind: ClientKind
    age: int
    municipality: str  # key
    area: str  # key, "" when unknown
    municipality_shown: str
    area_shown: str
    welfare_area: str | None
    interests: tuple[tuple[str, str], ...]  # (key, as written)
    needs: tuple[tuple[str, str], ...]
    languages: tuple[tuple[str, str], ...]
    slots: frozenset[tuple[str, str]]
    travel: Travel
    gender: Gender | None
    language: str  # key of the preferred language
    language_shown: str
    age_min: int | None
    age_max: int | None
    firm: frozenset[str]
    known: frozenset[int]
    # the same for every volunteer, built once per client:
    out_of_reach: Reason
    firm_gender: Reason | None
    firm_language: Reason | None
    firm_age: bool


def _pairs(items: Iterable[str]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for item in items:
        if item.strip():
            seen.setdefault(_key(item), item.strip())
    return tuple(seen.items())


def _seeker(c: Client, today: date) -> _Seeker:
    p = c.preferences
    return _Seeker(
        id=c.id or 0,
        name=c.name,
        kind=c.kind,
        age=c.age(today),
        municipality=_key(c.municipality),
        area=_key(c.area),
        municipality_shown=c.municipality,
        area_shown=c.area,
        welfare_area=geography.welfare_area(c.municipality),
        interests=_pairs(c.interests),
        needs=_pairs(c.needs),
        languages=_pairs(c.languages),
        slots=frozenset((d.value, pt.value) for d, pt in c.availability.slots()),
        travel=c.travel,
        gender=p.gender,
        language=_key(p.language),
        language_shown=p.language,
        age_min=p.age_min,
        age_max=p.age_max,
        firm=frozenset(p.firm),
        known=frozenset(c.known_volunteer_ids),
        out_of_reach=Reason(
            "out_of_reach", {"area": c.area or c.municipality, "municipality": c.municipality}
        ),
        firm_gender=Reason("firm_gender", {"gender": p.gender.value if p.gender else ""})
        if "gender" in p.firm
        else None,
        firm_language=Reason("firm_language", {"language": p.language})
        if "language" in p.firm
        else None,
        firm_age="age" in p.firm,
    )


def _age_range(low: int | None, high: int | None) -> str:
    return f"{low if low is not None else ''}–{high if high is not None else ''}"


def _within(age: int, low: int | None, high: int | None) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)


# ----- hard filters ------------------------------------------------------------------------------


def _exclusions(
    s: _Seeker, c: Candidate, open_count: int, known: Reason | None, today: date
) -> list[Reason]:
    # Run for every volunteer for every client: kept plain, the reasons that are the same for
    # every volunteer (or every client) are built once beforehand.
    parent = s.kind is ClientKind.PARENT
    out = list(c.for_parent if parent else c.for_child)
    if open_count >= c.capacity:
        out.append(Reason("no_capacity", {"open": open_count, "capacity": c.capacity}))
    if c.id in s.known:
        out.append(Reason("known_to_family"))
    elif known is not None:
        out.append(known)
    if s.firm:
        if s.firm_gender is not None and c.gender is not s.gender:
            out.append(s.firm_gender)
        if s.firm_language is not None and s.language not in c.languages:
            out.append(s.firm_language)
        if s.firm_age and not _within(c.age(today), s.age_min, s.age_max):
            age = c.age(today)
            out.append(Reason("firm_age", {"age": age, "range": _age_range(s.age_min, s.age_max)}))
    if not parent:
        if c.child_age_min is not None and s.age < c.child_age_min:
            out.append(Reason("below_age_range", {"age": s.age, "min": c.child_age_min}))
        if c.child_age_max is not None and s.age > c.child_age_max:
            out.append(Reason("above_age_range", {"age": s.age, "max": c.child_age_max}))
    reach = c.reach
    if (s.municipality, ANY) not in reach and (
        (s.municipality, s.area) not in reach
        if s.area
        else s.municipality not in c.reach_municipalities
    ):
        out.append(s.out_of_reach)
    return out


def exclusions(
    client: Client,
    volunteer: Volunteer | Candidate,
    open_count: int,
    today: date,
    known: Reason | None = None,
) -> list[Reason]:
    """Every hard filter the pair fails (empty: they may be matched).

    ``known`` is why the family knows the volunteer beyond ``client.known_volunteer_ids``
    (an earlier relationship, a sibling's), as the store finds it.
    """
    c = volunteer if isinstance(volunteer, Candidate) else Candidate.of(volunteer)
    return _exclusions(_seeker(client, today), c, open_count, known, today)


# ----- the score ---------------------------------------------------------------------------------


def _values(
    s: _Seeker, c: Candidate, today: date, good: list[Reason], bad: list[Reason], explain: bool
) -> tuple[float, float, float, float, float, float, float]:
    """Each part's value 0..1 in ``PARTS`` order; when ``explain``, the reasons too (appended
    to ``good`` and ``bad``). Scoring thousands of pairs skips building the reasons."""

    # nearness
    if s.municipality == c.home[0]:
        if s.area and s.area == c.home[1]:
            near = NEARNESS["same_area"]
            reason = Reason("same_area", {"area": s.area_shown})
        else:
            near = NEARNESS["same_municipality"]
            reason = Reason("same_municipality", {"municipality": c.municipality})
    elif geography.neighbours(s.municipality, c.home[0]):
        near = NEARNESS["neighbouring"]
        reason = Reason("neighbouring_municipality", {"municipality": c.municipality})
    elif s.welfare_area is not None and s.welfare_area == c.welfare_area:
        near = NEARNESS["welfare"]
        reason = Reason("same_welfare_area", {"welfare_area": s.welfare_area})
    else:
        near = 0.0
        reason = Reason("far_away", {"municipality": c.municipality})
    if explain:
        (good if near else bad).append(reason)

    # interests and hobbies
    if not s.interests:
        interests = NEUTRAL
    else:
        shared = [shown for k, shown in s.interests if k in c.interests]
        interests = min(1.0, len(shared) / min(FULL_INTERESTS, len(s.interests)))
        if explain:
            good.extend(Reason("shared_interest", {"what": x}) for x in shared)
            if not shared:
                bad.append(Reason("no_shared_interest"))

    # the child's needs against what the volunteer offers
    if not s.needs:
        needs = NEUTRAL
    else:
        covered = [shown for k, shown in s.needs if k in c.offers]
        needs = len(covered) / len(s.needs)
        if explain:
            good.extend(Reason("offers_need", {"what": x}) for x in covered)
            bad.extend(
                Reason("need_not_offered", {"what": shown})
                for k, shown in s.needs
                if k not in c.offers
            )

    # availability
    if not s.slots or not c.slots:
        availability = NEUTRAL
    else:
        common = len(s.slots & c.slots)
        availability = min(1.0, common / min(FULL_SLOTS, len(s.slots)))
        if explain:
            if common:
                good.append(Reason("common_times", {"count": common}))
            else:
                bad.append(Reason("no_common_time"))

    # languages
    if not s.languages:
        languages = NEUTRAL
    else:
        spoken = [shown for k, shown in s.languages if k in c.languages]
        if s.languages[0][0] in c.languages:
            languages = 1.0
        elif spoken:
            languages = 0.5
        else:
            languages = 0.0
        if explain:
            if spoken:
                good.append(Reason("shared_language", {"language": spoken[0]}))
            else:
                bad.append(Reason("no_shared_language"))

    # a car when the child cannot travel alone
    if s.kind is ClientKind.PARENT or s.travel is Travel.ALONE_BY_BUS:
        car = 1.0
    elif c.has_car:
        car = 1.0
        if explain:
            good.append(Reason("has_car"))
    elif s.travel is Travel.ESCORTED:
        car = 0.0
        if explain:
            bad.append(Reason("no_car"))
    else:  # moves alone nearby, not by bus
        car = 0.5

    # the family's soft preferences (firm ones are filters)
    asked = met = 0
    if s.gender is not None and "gender" not in s.firm:
        asked += 1
        if c.gender is s.gender:
            met += 1
            if explain:
                good.append(Reason("preferred_gender", {"gender": s.gender.value}))
        elif explain:
            bad.append(Reason("prefers_other_gender", {"gender": s.gender.value}))
    if s.language and "language" not in s.firm:
        asked += 1
        if s.language in c.languages:
            met += 1
            if explain:
                good.append(Reason("preferred_language", {"language": s.language_shown}))
        elif explain:
            bad.append(Reason("prefers_other_language", {"language": s.language_shown}))
    if (s.age_min is not None or s.age_max is not None) and "age" not in s.firm:
        asked += 1
        age = c.age(today)
        if _within(age, s.age_min, s.age_max):
            met += 1
            if explain:
                good.append(Reason("preferred_age", {"age": age}))
        elif explain:
            bad.append(
                Reason(
                    "outside_preferred_age",
                    {"age": age, "range": _age_range(s.age_min, s.age_max)},
                )
            )
    preferences = met / asked if asked else 1.0

    return (near, interests, needs, availability, languages, car, preferences)


_UNUSED: list[Reason] = []  # never appended to: ``explain`` is False with it


def _points(values: Sequence[float], w: Sequence[float]) -> list[float]:
    return [round(v * x, 2) for v, x in zip(values, w, strict=True)]


def _score(s: _Seeker, c: Candidate, w: Sequence[float], today: date) -> float:
    return round(sum(_points(_values(s, c, today, _UNUSED, _UNUSED, False), w)), 2)


# ----- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A volunteer who passed every filter, with the score and its explanation."""

    volunteer_id: int
    name: str
    kind: VolunteerKind
    score: float  # the sum of ``parts``; 0..100 with the default weights
    parts: dict[str, float]  # part -> points (value 0..1 times the weight), in PARTS order
    reasons: list[Reason]  # what speaks for the match, nearness first
    mismatches: list[Reason]  # soft mismatches: what speaks against it
    waiting_since: date | None  # since when the volunteer has had room for a child


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A volunteer left out, with every filter they failed."""

    volunteer_id: int
    name: str
    reasons: list[Reason]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every volunteer for one client: ranked suggestions and who was left out, and why."""

    client_id: int
    client_name: str
    size: int  # Settings.shortlist_size
    weights: dict[str, float]  # the most points each part can give
    suggestions: list[Suggestion]  # best first: score, then longer waiting, then id
    excluded: list[Exclusion]  # by volunteer id

    @property
    def shortlist(self) -> list[Suggestion]:
        """The best ``size`` suggestions."""
        return self.suggestions[: self.size]

    def suggestion(self, volunteer_id: int) -> Suggestion | None:
        return next((x for x in self.suggestions if x.volunteer_id == volunteer_id), None)

    def exclusion(self, volunteer_id: int) -> Exclusion | None:
        return next((x for x in self.excluded if x.volunteer_id == volunteer_id), None)


def _suggest(
    s: _Seeker, c: Candidate, w: dict[str, float], today: date, since: date | None
) -> Suggestion:
    good: list[Reason] = []
    bad: list[Reason] = []
    points = _points(_values(s, c, today, good, bad, True), [w[p] for p in PARTS])
    return Suggestion(
        volunteer_id=c.id,
        name=c.name,
        kind=c.kind,
        score=round(sum(points), 2),
        parts=dict(zip(PARTS, points, strict=True)),
        reasons=good,
        mismatches=bad,
        waiting_since=since,
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
    return _suggest(_seeker(client, today), c, weights(settings), today, waiting_since)


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
    s = _seeker(client, today)
    known = known or {}
    since = waiting_since or {}
    found: list[Suggestion] = []
    left: list[Exclusion] = []
    for v in volunteers:
        c = v if isinstance(v, Candidate) else Candidate.of(v)
        problems = _exclusions(s, c, open_counts.get(c.id, 0), known.get(c.id), today)
        if problems:
            left.append(Exclusion(c.id, c.name, problems))
        else:
            found.append(_suggest(s, c, w, today, since.get(c.id)))
    found.sort(key=_rank_key)
    left.sort(key=lambda x: x.volunteer_id)
    return Ranking(s.id, s.name, settings.shortlist_size, w, found, left)


# ----- the waiting lists -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaitingClient:
    client_id: int
    name: str
    since: date
    days: int


@dataclass(frozen=True, slots=True)
class FreeVolunteer:
    """An approved volunteer with room for another client."""

    volunteer_id: int
    name: str
    kind: VolunteerKind
    capacity: int
    open: int  # open relationships now
    since: date | None  # approval (or return from a pause), newest proposal or end
    days: int | None

    @property
    def free(self) -> int:
        return self.capacity - self.open


@dataclass(frozen=True, slots=True)
class Pool:
    clients: list[WaitingClient]  # longest wait first
    volunteers: list[FreeVolunteer]  # longest wait first (unknown last)


def open_counts(relationships: Iterable[RelFacts]) -> dict[int, int]:
    """Volunteer id -> how many open relationships they have."""
    out: dict[int, int] = {}
    for r in relationships:
        if r.is_open:
            out[r.volunteer_id] = out.get(r.volunteer_id, 0) + 1
    return out


def waiting_clients(
    clients: Iterable[ClientFacts], relationships: Iterable[RelFacts], today: date
) -> list[WaitingClient]:
    """Clients waiting for a support person (``data.rules.alerts.waiting``), longest wait first."""
    by_client: dict[int, list[RelFacts]] = {}
    for r in relationships:
        by_client.setdefault(r.client_id, []).append(r)
    out = []
    for c in clients:
        since = waiting(c, by_client.get(c.id, []))
        if since is not None:
            out.append(WaitingClient(c.id, c.name, since, (today - since).days))
    out.sort(key=lambda x: (x.since, x.client_id))
    return out


def volunteer_since(
    volunteers: Iterable[VolunteerFacts], relationships: Iterable[RelFacts]
) -> dict[int, date]:
    """Volunteer id -> since when they have waited for a (further) child: the newest of their
    approval or return from a pause, their newest proposal and their newest ended relationship.
    Only approved volunteers are listed."""
    newest: dict[int, date] = {}
    for r in relationships:
        for day in (r.proposed_on, r.ended_on):
            if day is not None and day > newest.get(r.volunteer_id, date.min):
                newest[r.volunteer_id] = day
    out = {}
    for v in volunteers:
        if v.approved and v.since is not None:
            out[v.id] = max(v.since, newest.get(v.id, date.min))
    return out


def free_volunteers(
    volunteers: Iterable[VolunteerFacts], relationships: Iterable[RelFacts], today: date
) -> list[FreeVolunteer]:
    """Approved volunteers with free capacity, longest wait first."""
    rels = list(relationships)
    vols = [v for v in volunteers if v.approved]
    counts = open_counts(rels)
    since = volunteer_since(vols, rels)
    out = []
    for v in vols:
        n = counts.get(v.id, 0)
        if n < v.capacity:
            day = since.get(v.id)
            days = (today - day).days if day else None
            out.append(FreeVolunteer(v.id, v.name, v.kind, v.capacity, n, day, days))
    out.sort(key=lambda x: (x.since or date.max, x.volunteer_id))
    return out


# ----- the whole-pool proposal -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    """One proposed match of the whole-pool proposal."""

    client_id: int
    client_name: str
    waiting_days: int
    factor: float  # wait_factor(waiting_days)
    suggestion: Suggestion  # the volunteer, score, parts, reasons and mismatches

    @property
    def volunteer_id(self) -> int:
        return self.suggestion.volunteer_id

    @property
    def volunteer_name(self) -> str:
        return self.suggestion.name

    @property
    def score(self) -> float:
        return self.suggestion.score

    @property
    def value(self) -> float:
        """What the proposal maximises the sum of: score times the waiting factor."""
        return self.score * self.factor


def propose_pool(
    clients: Sequence[tuple[Client, date]],
    volunteers: Iterable[Volunteer | Candidate],
    open_counts: Mapping[int, int],
    settings: Settings,
    today: date,
    *,
    known: Mapping[int, Mapping[int, Reason]] | None = None,
    waiting_since: Mapping[int, date] | None = None,
) -> list[Pair]:
    """The pairs of waiting clients and volunteers with the greatest total
    ``score * wait_factor(days waiting)``, each volunteer taking at most their free capacity
    and each client at most one volunteer. ``clients`` are (client, waiting since);
    ``known``: client id -> volunteer id -> why the family knows them. Pairs come longest-waiting
    client first."""
    w = weights(settings)
    wlist = [w[p] for p in PARTS]
    known = known or {}
    once = {client.id: (client, since) for client, since in reversed(clients)}  # first wins
    order = sorted(once.values(), key=lambda cs: (cs[1], cs[0].id or 0))

    # Only volunteers who can take anyone: vetted, with room. Indexed by the places they reach
    # (a whole municipality, or one area of it), so that each client looks only at those who
    # can come to them.
    free: dict[int, int] = {}
    by_place: dict[Place, list[Candidate]] = {}
    for c in candidates(volunteers):
        room = c.capacity - open_counts.get(c.id, 0)
        if c.vetting is None and room > 0 and c.id not in free:
            free[c.id] = room
            for m, a in sorted(c.reach):
                if a == ANY or (m, ANY) not in c.reach:
                    by_place.setdefault((m, a), []).append(c)
                    by_place.setdefault((m, ""), []).append(c)  # for clients without an area

    seekers: list[_Seeker] = []
    factors: list[float] = []
    days_waiting: list[int] = []
    feasible: list[tuple[int, Candidate, float]] = []  # (row, volunteer, value)
    takers: dict[int, int] = {}  # volunteer id -> clients who could take them
    for row, (client, since) in enumerate(order):
        s = _seeker(client, today)
        days = (today - since).days
        factor = wait_factor(days)
        seekers.append(s)
        factors.append(factor)
        days_waiting.append(days)
        mine = known.get(s.id, {})
        if s.area:
            near = by_place.get((s.municipality, ANY), []) + by_place.get(
                (s.municipality, s.area), []
            )
        else:
            near = list({c.id: c for c in by_place.get((s.municipality, ""), [])}.values())
        for c in near:
            if _exclusions(s, c, open_counts.get(c.id, 0), mine.get(c.id), today):
                continue
            feasible.append((row, c, _score(s, c, wlist, today) * factor))
            takers[c.id] = takers.get(c.id, 0) + 1
    if not feasible:
        return []

    # Columns: each volunteer's free places, as many as could be used.
    first_column: dict[int, int] = {}
    owners: list[Candidate] = []
    volunteer_of: dict[int, Candidate] = {c.id: c for _, c, _ in feasible}
    for vid in sorted(takers):
        first_column[vid] = len(owners)
        owners.extend([volunteer_of[vid]] * min(free[vid], takers[vid]))
    benefit = np.zeros((len(order), len(owners)))
    allowed = np.zeros((len(order), len(owners)), dtype=bool)
    for row, c, value in feasible:
        start = first_column[c.id]
        width = min(free[c.id], takers[c.id])
        benefit[row, start : start + width] = value
        allowed[row, start : start + width] = True
    rows, cols = linear_sum_assignment(benefit, maximize=True)

    pairs = []
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        if not allowed[row, col]:
            continue
        c = owners[col]
        client, _ = order[row]
        suggestion = _suggest(seekers[row], c, w, today, (waiting_since or {}).get(c.id))
        pairs.append(Pair(client.id or 0, client.name, days_waiting[row], factors[row], suggestion))
    return pairs


def pool_total(pairs: Iterable[Pair]) -> float:
    """The sum the whole-pool proposal maximises."""
    return sum(p.value for p in pairs)


__all__ = [
    "DEFAULT_WEIGHTS",
    "PARTS",
    "Candidate",
    "Exclusion",
    "FreeVolunteer",
    "MatchRefused",
    "Pair",
    "Pool",
    "Ranking",
    "Reason",
    "Suggestion",
    "WaitingClient",
    "candidates",
    "exclusions",
    "explain",
    "free_volunteers",
    "open_counts",
    "pool_total",
    "propose_pool",
    "shortlist",
    "unknown_weights",
    "volunteer_since",
    "wait_factor",
    "waiting_clients",
    "weights",
]
