"""The two sides as matching sees them (a client seeking, a volunteer as a candidate), the
weights of the score's parts and the reasons every outcome is explained with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from data.dates import add_months
from data.errors import Refused
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
class Seeker:
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


def seeker(c: Client, today: date) -> Seeker:
    p = c.preferences
    return Seeker(
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


def age_range_text(low: int | None, high: int | None) -> str:
    return f"{low if low is not None else ''}–{high if high is not None else ''}"


def within_ages(age: int, low: int | None, high: int | None) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)
