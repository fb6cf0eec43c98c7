"""The matching part's answers as kept beside the register (``data.storage.kept``): the
waiting lists (``Matching.pool``), the volunteers' views (``Matching.candidates``) and what
ranking for one client needs of everyone (``Matching.rank_facts``), in JSON and back, the same
objects again."""

from __future__ import annotations

import bisect
import dataclasses
from array import array
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from data.models import Gender, State, VolunteerKind
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
    another form: KeyError, TypeError or ValueError). Equal words, places, dates and reasons
    are one object for all the views that have them: at national scale the 5,000 views hold
    ~2.5 MB instead of 6, so the console builds them while nobody types
    (``tui/app_store.py``). Each view is filled slot by slot, not through the frozen class's
    ``__init__`` (what sharing costs, that saves)."""
    same: dict[Any, Any] = {}  # one object for equal values (kept for this reading only)
    shared: list[Any] = []
    for kind, value in kept["shared"]:
        if kind == "w":
            shared.append(_words(value, same))
        elif kind == "p":
            shared.append(_pairs(value, same))
        elif kind == "r":
            shared.append(_reasons(value))
        else:
            raise ValueError(kind)
    kinds = {k.value: k for k in VolunteerKind}
    genders: dict[Any, Gender | None] = {g.value: g for g in Gender}
    genders[None] = None
    try:
        rows = kept["views"] if only is None else [r for r in kept["views"] if r[0] in only]
        return [_view(row, shared, kinds, genders, same) for row in rows]
    except IndexError as exc:
        raise ValueError(exc) from None


_SLOTS = tuple(Candidate.__dict__[f.name].__set__ for f in dataclasses.fields(Candidate))
_new = object.__new__


def _view(
    row: list[Any],
    shared: list[Any],
    kinds: dict[str, VolunteerKind],
    genders: dict[Any, Gender | None],
    same: dict[Any, Any],
) -> Candidate:
    (
        cid, name, kind, vetting, gender, birth_year, municipality, area, home, welfare,
        reach, reach_municipalities, interests, offers, languages, slots, has_car, capacity,
        low, high, for_child, for_parent, extract_on,
    ) = row  # fmt: skip
    municipality_key, area_key = home
    values = (
        int(cid),
        _text(name),
        kinds[kind],
        None if vetting is None else _shared_reason(vetting, same),
        genders[gender],
        int(birth_year),
        _same(_text(municipality), same),
        _same(_text(area), same),
        _same((_text(municipality_key), _text(area_key)), same),
        None if welfare is None else _same(_text(welfare), same),
        _typed(shared[reach], frozenset),
        _typed(shared[reach_municipalities], frozenset),
        _typed(shared[interests], frozenset),
        _typed(shared[offers], frozenset),
        _typed(shared[languages], frozenset),
        _typed(shared[slots], frozenset),
        bool(has_car),
        int(capacity),
        None if low is None else int(low),
        None if high is None else int(high),
        _typed(shared[for_child], tuple),
        _typed(shared[for_parent], tuple),
        None if extract_on is None else _same_day(extract_on, same),
    )
    view: Candidate = _new(Candidate)
    for put, value in zip(_SLOTS, values, strict=True):
        put(view, value)
    return view


_DAY, _REASON = object(), object()  # in the keys of days and reasons among ``same``'s


def _same(value: T, same: dict[Any, Any]) -> T:
    found: T = same.setdefault(value, value)
    return found


def _same_day(text: str, same: dict[Any, Any]) -> date:
    key = (_DAY, _text(text))
    found = same.get(key)
    if found is None:
        found = same[key] = date.fromisoformat(text)
    return found


def _shared_reason(kept: list[Any], same: dict[Any, Any]) -> Reason:
    """The reason of ``kept``, one object for equal ones (their params are never changed)."""
    code, params = kept
    if not isinstance(params, dict):
        raise TypeError(params)
    key = (_REASON, _text(code), tuple(sorted((str(k), repr(v)) for k, v in params.items())))
    found = same.get(key)
    if found is None:
        found = same[key] = Reason(code, params)
    return found


def _typed(value: T, kind: type[Any]) -> T:
    if not isinstance(value, kind):
        raise TypeError(value)
    return value


def _words(words: list[Any], same: dict[Any, Any]) -> frozenset[str]:
    return frozenset([_same(_text(w), same) for w in words])


def _pairs(pairs: list[Any], same: dict[Any, Any]) -> frozenset[tuple[str, str]]:
    out = []
    for pair in pairs:
        first, second = pair
        out.append(_same((_same(_text(first), same), _same(_text(second), same)), same))
    return frozenset(out)


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


@dataclass(frozen=True, slots=True)
class Groups:
    """A mapping of whole numbers to lists of whole numbers held in three flat arrays (the
    keys sorted, where each key's items start, the items) and a code per item when they have
    one: no object per key or item for the garbage collector to go through, and a fraction
    of the memory of dicts of lists (a national folder's rank facts: ~1 MB, 7 MB as lists)."""

    keys: array[int]
    starts: array[int]  # one more than the keys: keys[i]'s items are starts[i]:starts[i + 1]
    items: array[int]
    codes: bytes = b""

    @classmethod
    def of(cls, groups: Iterable[tuple[int, Iterable[Any]]], coded: bool = False) -> Groups:
        """From (key, its items) of each key, no key twice; ``coded``: each item is (item,
        the relationship's state), the state kept as its code in ``STATES`` (another: a
        KeyError). An item not a whole number: TypeError."""
        keys, starts, items, codes = array("q"), array("q", [0]), array("q"), bytearray()
        code = _CODES.__getitem__
        for key, values in sorted(groups, key=_first):
            if keys and keys[-1] == key:
                raise ValueError(f"{key} twice")
            keys.append(key)
            if coded:
                for item, state in values:
                    items.append(item)
                    codes.append(code(state))
            else:
                items.extend(values)
            starts.append(len(items))
        return cls(keys, starts, items, bytes(codes))

    def span(self, key: int) -> range:
        """Where ``key``'s items are (empty when it has none)."""
        i = bisect.bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return range(0)
        return range(self.starts[i], self.starts[i + 1])

    def get(self, key: int) -> list[int]:
        return [self.items[i] for i in self.span(key)]

    def groups(self) -> Iterator[tuple[int, range]]:
        for i, key in enumerate(self.keys):
            yield key, range(self.starts[i], self.starts[i + 1])


#: a relationship's state by its code in ``RankFacts.by_client``
STATES = tuple(state.value for state in State)
_CODES = {state: code for code, state in enumerate(STATES)}


@dataclass(frozen=True, slots=True)
class RankFacts:
    """What ranking the volunteers for one client needs of every relationship, client and
    volunteer: open relationships and waiting days per volunteer, each client's relationships
    and which clients share a guardian (``Groups``: read by the console while nobody types)."""

    open: dict[int, int]  # volunteer id -> open relationships
    since: dict[int, date]  # volunteer id -> since when they have had room for a child
    # client id -> the volunteer id of each of its relationships (the facts' order), coded
    # by the relationship's state (``STATES``)
    by_client: Groups
    siblings: Groups  # guardian id -> client ids

    def relationships(self, client_id: int) -> list[tuple[int, str]]:
        """(volunteer id, state) of each of the client's relationships."""
        found = self.by_client
        return [(found.items[i], STATES[found.codes[i]]) for i in found.span(client_id)]


def rank_facts_of(
    open_now: dict[int, int],
    since: dict[int, date],
    by_client: Iterable[tuple[int, Iterable[tuple[int, str]]]],
    siblings: Iterable[tuple[int, Iterable[int]]],
) -> RankFacts:
    """``RankFacts`` of (client id, its (volunteer id, state) pairs) and (guardian id, its
    clients' ids)."""
    return RankFacts(open_now, since, Groups.of(by_client, coded=True), Groups.of(siblings))


def rank_dumped(facts: RankFacts) -> dict[str, Any]:
    clients = facts.by_client
    return {
        "open": [[vid, n] for vid, n in facts.open.items()],
        "since": [[vid, day.isoformat()] for vid, day in facts.since.items()],
        "clients": [
            [cid, [[clients.items[i], STATES[clients.codes[i]]] for i in at]]
            for cid, at in clients.groups()
        ],
        "siblings": [
            [gid, facts.siblings.items[at.start : at.stop].tolist()]
            for gid, at in facts.siblings.groups()
        ],
    }


def rank_loaded(kept: dict[str, Any]) -> RankFacts:
    days: dict[str, date] = {}
    since = {}
    for vid, day in kept["since"]:
        found = days.get(day)
        if found is None:
            found = days[day] = date.fromisoformat(day)
        since[int(vid)] = found
    return rank_facts_of(
        {int(vid): int(n) for vid, n in kept["open"]},
        since,
        ((int(cid), _listed(known)) for cid, known in kept["clients"]),
        ((int(gid), _listed(cids)) for gid, cids in kept["siblings"]),
    )


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(value)
    return value
