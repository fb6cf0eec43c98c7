"""The two sides as matching sees them (a client seeking, a volunteer as a candidate), the
weights of the score's parts and the reasons every outcome is explained with."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from data.dates import add_months
from data.errors import Refused
from data.model.people import EXTRACT_MAX_AGE_MONTHS
from data.models import (
    Availability,
    Client,
    ClientKind,
    DayPart,
    Gender,
    Settings,
    Step,
    Travel,
    Volunteer,
    VolunteerKind,
    Weekday,
)
from data.rules import geography
from data.rules.matching.fit import stored_state

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
    extract_on: date | None = None  # the newest extract was shown (its re-check counts from)

    @classmethod
    def of(cls, v: Volunteer) -> Candidate:
        extract = v.extract()
        vetting = _vetting(
            v.state.value if v.state else None,
            (extract.extract_date, extract.on) if extract is not None else None,
        )
        kind = v.kind
        peer = kind is VolunteerKind.PEER
        other = _CHILD if peer else _PARENT
        wrong = Reason("kind_mismatch", {"kind": _VALUES[kind], "client_kind": other})
        for_child = tuple(r for r in (vetting, wrong if peer else None) if r is not None)
        for_parent = tuple(r for r in (vetting, None if peer else wrong) if r is not None)
        home, welfare, reach, reach_municipalities = _places(
            v.municipality, v.area, tuple(v.reachable_areas)
        )
        return cls(
            id=v.id or 0,
            name=v.name,
            kind=kind,
            vetting=vetting,
            gender=v.gender,
            birth_year=v.birth_year,
            municipality=v.municipality,
            area=v.area,
            home=home,
            welfare_area=welfare,
            reach=reach,
            reach_municipalities=reach_municipalities,
            interests=frozenset(map(_key, v.interests)),
            offers=frozenset(map(_key, v.offers)),
            languages=frozenset(map(_key, v.languages)),
            slots=frozenset((d.value, p.value) for d, p in v.availability.slots()),
            has_car=v.has_car,
            capacity=v.capacity,
            child_age_min=v.child_age_min,
            child_age_max=v.child_age_max,
            for_child=for_child,
            for_parent=for_parent,
            extract_on=extract.on if extract is not None else None,
        )

    @classmethod
    def stored(cls, row: dict[str, Any]) -> Candidate:
        """The view of a volunteer straight from their row as stored, the same as ``of`` gives
        for the validated record (as ``Records.fields`` reads rows: validating thousands of
        records takes longer than building their views). The stored form is what the validated
        record dumped; a field not stored takes the model's default, and strings are stripped as
        the model strips them. A row that does not read so raises ``KeyError``, ``ValueError``,
        ``TypeError`` or ``AttributeError``: validate it then, for a clear refusal."""

        defaults = _defaults()

        def get(name: str, kind: type | tuple[type, ...] = object) -> Any:
            value = row[name] if name in row else defaults[name]
            if not isinstance(value, kind):
                raise TypeError(name)
            return value

        def keys(name: str) -> frozenset[str]:
            return _keys(tuple(get(name, list)))

        steps = get("vetting", list)
        state = stored_state(steps)
        shown = [x for x in steps if x["step"] == "extract_shown"]
        seen = (_day(shown[-1]["extract_date"]), _day(shown[-1]["on"])) if shown else None
        vetting = _vetting(state, seen)
        kind = _KINDS[get("kind")]
        peer = kind is VolunteerKind.PEER
        other = _CHILD if peer else _PARENT
        wrong = Reason("kind_mismatch", {"kind": _VALUES[kind], "client_kind": other})
        municipality, area = get("municipality").strip(), get("area").strip()
        home, welfare, reach, reach_municipalities = _places(
            municipality, area, tuple(x.strip() for x in get("reachable_areas", list))
        )
        when = get("availability", (dict, Availability))
        if isinstance(when, Availability):  # the default
            when = when.model_dump(mode="json")
        days, parts = when.get("days", ()), when.get("parts", ())
        if not _DAYS.issuperset(days) or not _PARTS.issuperset(parts):
            raise ValueError("availability")
        gender = get("gender")
        low, high = get("child_age_min", (int, type(None))), get("child_age_max", (int, type(None)))
        return cls(
            id=int(row["id"]),
            name=f"{get('first_name').strip()} {get('last_name').strip()}",
            kind=kind,
            vetting=vetting,
            gender=None if gender is None else _GENDERS[gender],
            birth_year=get("birth_year", int),
            municipality=municipality,
            area=area,
            home=home,
            welfare_area=welfare,
            reach=reach,
            reach_municipalities=reach_municipalities,
            interests=keys("interests"),
            offers=keys("offers"),
            languages=keys("languages"),
            slots=_slots(tuple(days), tuple(parts)),
            has_car=get("has_car", bool),
            capacity=get("capacity", int),
            child_age_min=low,
            child_age_max=high,
            for_child=tuple(r for r in (vetting, wrong if peer else None) if r is not None),
            for_parent=tuple(r for r in (vetting, None if peer else wrong) if r is not None),
            extract_on=seen[1] if seen else None,
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


@functools.cache
def _defaults() -> dict[str, Any]:
    """The model's defaults of a volunteer's fields (worked out when first needed: a default
    factory builds a model, and the command line should not pay for it at import)."""
    return {
        name: f.get_default(call_default_factory=True) for name, f in Volunteer.model_fields.items()
    }


_KINDS = {k.value: k for k in VolunteerKind}
_VALUES = {k: k.value for k in VolunteerKind}
_CHILD, _PARENT = ClientKind.CHILD.value, ClientKind.PARENT.value
_GENDERS = {g.value: g for g in Gender}
_DAYS = frozenset(d.value for d in Weekday)
_day = date.fromisoformat
_PARTS = frozenset(p.value for p in DayPart)


def _vetting(state: str | None, extract: tuple[date, date] | None) -> Reason | None:
    """Why the vetting does not allow matching, or None: ``state`` is the newest step's value,
    ``extract`` the date on the newest extract shown and the day it was shown."""
    if state not in (Step.APPROVED.value, Step.RESUMED.value):
        return Reason("not_approved", {"state": state or "none"})
    if extract is None:
        return Reason("extract_missing")
    if _expiry(extract[0]) < extract[1]:
        return Reason("extract_too_old")
    return None


@functools.lru_cache(maxsize=4096)  # the same few words for thousands of volunteers
def _keys(words: tuple[str, ...]) -> frozenset[str]:
    """The keys of a list of words (interests, offers, languages) as stored."""
    return frozenset(_key(x) for x in words)


@functools.lru_cache(maxsize=1024)  # the same few weeks for thousands of volunteers
def _slots(days: tuple[str, ...], parts: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset((d, p) for d in days for p in parts)


@functools.lru_cache(maxsize=4096)  # the same few dates for thousands of volunteers
def _expiry(extract_date: date) -> date:
    return add_months(extract_date, EXTRACT_MAX_AGE_MONTHS)


def _reach(municipality: str, area: str, reachable: tuple[str, ...]) -> frozenset[Place]:
    own = _key(municipality)
    entries = [e for e in reachable if e.strip()]
    whole = not entries or not area.strip()
    places = {(own, ANY if whole else _key(area))}
    for entry in entries:
        if "/" in entry:
            municipality, area = entry.split("/", 1)
            places.add((_key(municipality), _key(area) or ANY))
        elif geography.is_municipality(entry):
            places.add((_key(entry), ANY))
        else:
            places.add((own, _key(entry)))
    return frozenset(places)


_PLACES: dict[
    tuple[str, str, tuple[str, ...]],
    tuple[Place, str | None, frozenset[Place], frozenset[str]],
] = {}


def _places(
    municipality: str, area: str, reachable: tuple[str, ...]
) -> tuple[Place, str | None, frozenset[Place], frozenset[str]]:
    """Home, welfare area, reach and the municipalities reached: the same for every volunteer
    who lives and goes in the same places, so worked out once for them all."""
    key = (municipality, area, reachable)
    found = _PLACES.get(key)
    if found is None:
        if len(_PLACES) > 50_000:  # only so many places; a bound all the same
            _PLACES.clear()
        reach = _reach(municipality, area, reachable)
        found = _PLACES[key] = (
            (_key(municipality), _key(area) or ANY),
            geography.welfare_area(municipality),
            reach,
            frozenset(m for m, _ in reach),
        )
    return found


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
    unwilling: Reason | None = None  # the client is recorded as not willing to take part


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
        unwilling=Reason("client_unwilling") if c.intake.unwilling else None,
    )


def age_range_text(low: int | None, high: int | None) -> str:
    return f"{low if low is not None else ''}–{high if high is not None else ''}"


def within_ages(age: int, low: int | None, high: int | None) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)
