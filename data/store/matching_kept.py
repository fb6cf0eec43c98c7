"""The matching part's answers as kept beside the register (``data.storage.kept``): the
waiting lists (``Matching.pool``), the volunteers' views (``Matching.candidates``) and what
ranking for one client needs of everyone (``Matching.rank_facts``), in JSON and back, the same
objects again."""

from __future__ import annotations

import functools
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from data.models import Gender, VolunteerKind
from data.rules.matching import Candidate, Pool, Reason
from data.rules.matching.pool import FreeVolunteer, WaitingClient

T = TypeVar("T")


def views_dumped(views: list[Candidate]) -> dict[str, Any]:
    """The volunteers' views as kept (JSON: sets as lists, enums as their values): each
    distinct set of words, of places and of reasons once, in ``shared``, and each view's
    fields with their place there (5,000 views read in a quarter of the time)."""
    shared: list[Any] = []
    places: dict[Any, int] = {}

    def at(value: Any, kept: Any) -> int:
        if value not in places:
            places[value] = len(shared)
            shared.append(kept)
        return places[value]

    def words(value: frozenset[str]) -> int:
        return at(("w", value), ["w", sorted(value)])

    def pairs(value: frozenset[tuple[str, str]]) -> int:
        return at(("p", value), ["p", sorted(list(p) for p in value)])

    def reasons(value: tuple[Reason, ...]) -> int:
        key = ("r", tuple((r.code, repr(r.params)) for r in value))
        return at(key, ["r", [_reason(r) for r in value]])

    rows = [
        [
            c.id,
            c.name,
            c.kind.value,
            _reason(c.vetting),
            c.gender and c.gender.value,
            c.birth_year,
            c.municipality,
            c.area,
            list(c.home),
            c.welfare_area,
            pairs(c.reach),
            words(c.reach_municipalities),
            words(c.interests),
            words(c.offers),
            words(c.languages),
            pairs(c.slots),
            c.has_car,
            c.capacity,
            c.child_age_min,
            c.child_age_max,
            reasons(c.for_child),
            reasons(c.for_parent),
            c.extract_on and c.extract_on.isoformat(),
        ]
        for c in views
    ]
    return {"shared": shared, "views": rows}


def views_loaded(kept: dict[str, Any], only: AbstractSet[int] | None = None) -> list[Candidate]:
    """The views of ``views_dumped`` again, those of the ids ``only`` if given (a value of
    another form: KeyError, TypeError or ValueError)."""
    shared: list[Any] = []
    for kind, value in kept["shared"]:
        if kind == "w":
            shared.append(_words(tuple(value)))
        elif kind == "p":
            shared.append(_pairs(tuple(map(tuple, value))))
        elif kind == "r":
            shared.append(_reasons(value))
        else:
            raise ValueError(kind)
    kinds = {k.value: k for k in VolunteerKind}
    genders = {g.value: g for g in Gender}
    try:
        rows = kept["views"] if only is None else [r for r in kept["views"] if r[0] in only]
        return [_view(row, shared, kinds, genders) for row in rows]
    except IndexError as exc:
        raise ValueError(exc) from None


def _view(
    row: list[Any],
    shared: list[Any],
    kinds: dict[str, VolunteerKind],
    genders: dict[str, Gender],
) -> Candidate:
    (
        cid, name, kind, vetting, gender, birth_year, municipality, area, home, welfare,
        reach, reach_municipalities, interests, offers, languages, slots, has_car, capacity,
        low, high, for_child, for_parent, extract_on,
    ) = row  # fmt: skip
    municipality_key, area_key = home
    return Candidate(
        id=int(cid),
        name=_text(name),
        kind=kinds[kind],
        vetting=_reason_of(vetting),
        gender=None if gender is None else genders[gender],
        birth_year=int(birth_year),
        municipality=_text(municipality),
        area=_text(area),
        home=(_text(municipality_key), _text(area_key)),
        welfare_area=None if welfare is None else _text(welfare),
        reach=_typed(shared[reach], frozenset),
        reach_municipalities=_typed(shared[reach_municipalities], frozenset),
        interests=_typed(shared[interests], frozenset),
        offers=_typed(shared[offers], frozenset),
        languages=_typed(shared[languages], frozenset),
        slots=_typed(shared[slots], frozenset),
        has_car=bool(has_car),
        capacity=int(capacity),
        child_age_min=None if low is None else int(low),
        child_age_max=None if high is None else int(high),
        for_child=_typed(shared[for_child], tuple),
        for_parent=_typed(shared[for_parent], tuple),
        extract_on=None if extract_on is None else date.fromisoformat(extract_on),
    )


def _typed(value: T, kind: type[Any]) -> T:
    if not isinstance(value, kind):
        raise TypeError(value)
    return value


@functools.lru_cache(maxsize=4096)  # the same few lists for thousands of volunteers
def _words(words: tuple[Any, ...]) -> frozenset[str]:
    if not all(isinstance(w, str) for w in words):
        raise TypeError(words)
    return frozenset(words)


@functools.lru_cache(maxsize=4096)
def _pairs(pairs: tuple[tuple[Any, ...], ...]) -> frozenset[tuple[str, str]]:
    if not all(len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], str) for p in pairs):
        raise TypeError(pairs)
    return frozenset(pairs)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _reason(reason: Reason | None) -> list[Any] | None:
    return None if reason is None else [reason.code, reason.params]


def _reasons(kept: list[Any]) -> tuple[Reason, ...]:
    found = [_reason_of(r) for r in kept]
    return tuple(r for r in found if r is not None)


def _reason_of(kept: list[Any] | None) -> Reason | None:
    if kept is None:
        return None
    code, params = kept
    if not isinstance(params, dict):
        raise TypeError(params)
    return Reason(_text(code), params)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def pool_dumped(pool: Pool) -> dict[str, Any]:
    return {
        "clients": [[c.client_id, c.name, c.since.isoformat(), c.days] for c in pool.clients],
        "volunteers": [
            [
                v.volunteer_id,
                v.name,
                v.kind.value,
                v.capacity,
                v.open,
                v.since and v.since.isoformat(),
                v.days,
            ]
            for v in pool.volunteers
        ],
    }


def pool_loaded(kept: dict[str, Any]) -> Pool:
    clients = [
        WaitingClient(int(cid), str(name), date.fromisoformat(since), int(days))
        for cid, name, since, days in kept["clients"]
    ]
    volunteers = [
        FreeVolunteer(
            int(vid),
            str(name),
            VolunteerKind(kind),
            int(capacity),
            int(open_now),
            _day(since),
            None if days is None else int(days),
        )
        for vid, name, kind, capacity, open_now, since, days in kept["volunteers"]
    ]
    return Pool(clients, volunteers)


@dataclass(frozen=True)
class RankFacts:
    """What ranking the volunteers for one client needs of every relationship, client and
    volunteer: open relationships and waiting days per volunteer, each client's relationships
    and which clients share a guardian."""

    open: dict[int, int]  # volunteer id -> open relationships
    since: dict[int, date]  # volunteer id -> since when they have had room for a child
    # client id -> (volunteer id, state) of each of its relationships (the facts' order)
    by_client: dict[int, list[tuple[int, str]]]
    siblings: dict[int, list[int]]  # guardian id -> client ids


def rank_dumped(facts: RankFacts) -> dict[str, Any]:
    return {
        "open": [[vid, n] for vid, n in facts.open.items()],
        "since": [[vid, day.isoformat()] for vid, day in facts.since.items()],
        "clients": [[cid, known] for cid, known in facts.by_client.items()],
        "siblings": [[gid, cids] for gid, cids in facts.siblings.items()],
    }


def rank_loaded(kept: dict[str, Any]) -> RankFacts:
    """(a client's relationships are checked when read: ``Matching._known``)"""
    return RankFacts(
        {int(vid): int(n) for vid, n in kept["open"]},
        {int(vid): date.fromisoformat(day) for vid, day in kept["since"]},
        {int(cid): _listed(known) for cid, known in kept["clients"]},
        {int(gid): _listed(cids) for gid, cids in kept["siblings"]},
    )


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(value)
    return value
