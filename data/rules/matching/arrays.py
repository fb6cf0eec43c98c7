"""Many pairs at once: the hard filters of ``filters.py`` and the score of ``score.py`` computed
on arrays (numpy) for the whole-pool proposal, without building a ``Reason`` for any pair.

The results are exactly those of the per-pair functions (``tests/unit/test_matching_arrays.py``
compares them): every part's value comes from the same float operations in the same order, and
rounding to hundredths gives Python's ``round`` (numpy's ``rint(x * 100) / 100`` agrees with it
except next to a tie, and those few values are rounded by Python). numpy is imported here only
when arrays are built: a command that does not match pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from data.model.fitness import RECHECK_MONTHS
from data.models import ClientKind, Gender, Travel
from data.rules import geography
from data.rules.matching.filters import recheck_reason
from data.rules.matching.sides import (
    ANY,
    FULL_INTERESTS,
    FULL_SLOTS,
    NEARNESS,
    NEUTRAL,
    Candidate,
    Reason,
    Seeker,
)

# numpy arrays (numpy is imported lazily, so they are typed loosely): int64, float64, bool and
# uint64 bit words
Ints = Any
Floats = Any
Bools = Any
Words = Any

_GENDER: dict[Gender | None, int] = {g: i for i, g in enumerate(Gender)}  # None: -1, both sides
_NO_LIMIT = 1 << 30


def _np() -> Any:
    import numpy  # here: every command would otherwise pay for it

    return numpy


class _Bits:
    """Sets of keys as bit words (one row per volunteer), over the volunteers' own keys."""

    def __init__(self, sets: Sequence[Iterable[object]]) -> None:
        np = _np()
        self.bit: dict[object, int] = {}
        for keys in sets:
            for k in keys:
                self.bit.setdefault(k, len(self.bit))
        self.width = max(1, (len(self.bit) + 63) // 64)
        self.words: Words = np.array([self._ints(keys) for keys in sets], dtype=np.uint64).reshape(
            len(sets), self.width
        )

    def _ints(self, keys: Iterable[object]) -> list[int]:
        out = [0] * self.width
        for k in keys:
            b = self.bit.get(k)
            if b is not None:
                out[b // 64] |= 1 << (b % 64)
        return out

    def masks(self, sets: Sequence[Iterable[object]]) -> Words:
        """The same words for other sets (keys the volunteers do not have are left out: no
        volunteer shares them)."""
        np = _np()
        return np.array([self._ints(keys) for keys in sets], dtype=np.uint64).reshape(
            len(sets), self.width
        )

    def shared(self, masks: Words, rows: Ints, cols: Ints) -> Ints:
        """How many keys of ``masks[row]`` volunteer ``col`` has, for every pair."""
        np = _np()
        if self.width == 1:  # up to 64 keys: one word a pair
            both = masks[:, 0][rows] & self.words[:, 0][cols]
        else:
            both = masks[rows] & self.words[cols]
        if hasattr(np, "bitwise_count"):  # numpy 2
            counts = np.bitwise_count(both)
        else:
            counts = _BYTE_BITS[both.view(np.uint8).reshape(*both.shape, 8)].sum(axis=-1)
        if self.width > 1:
            counts = counts.sum(axis=1)
        return np.asarray(counts, dtype=np.int64)


_BYTE_BITS: Any = None


class CandidateArrays:
    """The volunteers' matching views (``Candidate``) as arrays, built once per list of views
    and reused for every proposal while the volunteers are unchanged."""

    def __init__(self, views: Sequence[Candidate]) -> None:
        global _BYTE_BITS
        np = _np()
        if _BYTE_BITS is None:
            _BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
        self.source = views  # the list they were built from
        self.views = list(views)
        vs = self.views
        self.names: dict[str, int] = {}  # municipality, area and welfare area keys -> codes
        self.munis = [c.home[0] for c in vs]
        self.ids: Ints = np.array([c.id for c in vs], dtype=np.int64)
        self.muni: Ints = self._codes(self.munis)
        self.area: Ints = self._codes([c.home[1] for c in vs])
        self.welfare: Ints = self._codes([c.welfare_area for c in vs])
        self.gender: Ints = np.array([_GENDER.get(c.gender, -1) for c in vs], dtype=np.int64)
        self.birth_year: Ints = np.array([c.birth_year for c in vs], dtype=np.int64)
        self.capacity: Ints = np.array([c.capacity for c in vs], dtype=np.int64)
        self.has_car: Bools = np.array([c.has_car for c in vs], dtype=bool)
        self.vetted: Bools = np.array([c.vetting is None for c in vs], dtype=bool)
        self._rechecked: dict[tuple[int, date], Bools] = {}
        self.for_child: Bools = np.array([not c.for_child for c in vs], dtype=bool)
        self.for_parent: Bools = np.array([not c.for_parent for c in vs], dtype=bool)
        self.child_min: Ints = np.array(
            [-_NO_LIMIT if c.child_age_min is None else c.child_age_min for c in vs], np.int64
        )
        self.child_max: Ints = np.array(
            [_NO_LIMIT if c.child_age_max is None else c.child_age_max for c in vs], np.int64
        )
        self.interests = _Bits([c.interests for c in vs])
        self.offers = _Bits([c.offers for c in vs])
        self.languages = _Bits([c.languages for c in vs])
        self.slots = _Bits([c.slots for c in vs])
        self.any_slots: Bools = np.array([bool(c.slots) for c in vs], dtype=bool)
        # who reaches a place: a whole municipality, one area of it, some part of it
        whole: dict[str, list[int]] = {}
        area: dict[tuple[str, str], list[int]] = {}
        some: dict[str, list[int]] = {}
        for i, c in enumerate(vs):
            for m, a in c.reach:
                (whole.setdefault(m, []) if a == ANY else area.setdefault((m, a), [])).append(i)
            for m in c.reach_municipalities:
                some.setdefault(m, []).append(i)
        self._whole, self._area, self._some = whole, area, some
        self._reachers: dict[tuple[str, str], Ints] = {}

    def rechecked(self, months: int, today: date) -> Bools:
        """Whether each volunteer's extract is not past its re-check on ``today`` (the
        ``extract_recheck_overdue`` filter of ``filters.py``, the same days)."""
        key = (months, today)
        found = self._rechecked.get(key)
        if found is None:
            np = _np()
            found = np.array(
                [recheck_reason(c.extract_on, months, today) is None for c in self.views],
                dtype=bool,
            )
            self._rechecked = {key: found}  # one day and setting at a time
        return found

    def _codes(self, names: Sequence[str | None]) -> Ints:
        np = _np()
        return np.array(
            [-1 if n is None else self.names.setdefault(n, len(self.names)) for n in names],
            dtype=np.int64,
        )

    def reachers(self, municipality: str, area: str) -> Ints:
        """Indices of the volunteers who reach a place (keys; area "" when unknown), ascending:
        the ``out_of_reach`` filter of ``filters.py``."""
        key = (municipality, area)
        found = self._reachers.get(key)
        if found is None:
            np = _np()
            near = self._whole.get(municipality, []) + (
                self._area.get(key, []) if area else self._some.get(municipality, [])
            )
            found = self._reachers[key] = np.unique(np.array(near, dtype=np.int64))
        return found


class SeekerArrays:
    """The clients' side (``Seeker``), in the codes of one ``CandidateArrays``."""

    def __init__(self, seekers: Sequence[Seeker], va: CandidateArrays, today: date) -> None:
        np = _np()
        ss = seekers
        unknown = -3  # a name no volunteer has: never equal to a volunteer's code

        def code(name: str | None, none: int) -> int:
            return none if name is None else va.names.get(name, unknown)

        self.today = today
        self.parent: Bools = np.array([s.kind is ClientKind.PARENT for s in ss], dtype=bool)
        self.unwilling: Bools = np.array([s.unwilling is not None for s in ss], dtype=bool)
        self.age: Ints = np.array([s.age for s in ss], dtype=np.int64)
        self.munis = [s.municipality for s in ss]
        self.muni: Ints = np.array([code(s.municipality, unknown) for s in ss], dtype=np.int64)
        self.has_area: Bools = np.array([bool(s.area) for s in ss], dtype=bool)
        self.area: Ints = np.array([code(s.area, unknown) for s in ss], dtype=np.int64)
        self.welfare: Ints = np.array([code(s.welfare_area, -2) for s in ss], dtype=np.int64)
        self.gender: Ints = np.array([_GENDER.get(s.gender, -1) for s in ss], dtype=np.int64)
        self.firm_gender: Bools = np.array([s.firm_gender is not None for s in ss], dtype=bool)
        self.firm_language: Bools = np.array([s.firm_language is not None for s in ss], bool)
        self.firm_age: Bools = np.array([s.firm_age for s in ss], dtype=bool)
        self.age_min: Ints = np.array([-_NO_LIMIT if s.age_min is None else s.age_min for s in ss])
        self.age_max: Ints = np.array([_NO_LIMIT if s.age_max is None else s.age_max for s in ss])
        self.interests = va.interests.masks([[k for k, _ in s.interests] for s in ss])
        self.n_interests: Ints = np.array([len(s.interests) for s in ss], dtype=np.int64)
        self.needs = va.offers.masks([[k for k, _ in s.needs] for s in ss])
        self.n_needs: Ints = np.array([len(s.needs) for s in ss], dtype=np.int64)
        self.slots = va.slots.masks([s.slots for s in ss])
        self.n_slots: Ints = np.array([len(s.slots) for s in ss], dtype=np.int64)
        self.languages = va.languages.masks([[k for k, _ in s.languages] for s in ss])
        self.first_language = va.languages.masks([[k for k, _ in s.languages[:1]] for s in ss])
        self.n_languages: Ints = np.array([len(s.languages) for s in ss], dtype=np.int64)
        self.language = va.languages.masks([[s.language] for s in ss])  # the preferred one
        # car: 0 needs none, 1 must be driven, 2 moves alone nearby
        self.car: Ints = np.array(
            [
                0
                if s.kind is ClientKind.PARENT or s.travel is Travel.ALONE_BY_BUS
                else 1
                if s.travel is Travel.ESCORTED
                else 2
                for s in ss
            ],
            dtype=np.int64,
        )
        self.ask_gender: Bools = np.array(
            [s.gender is not None and "gender" not in s.firm for s in ss], dtype=bool
        )
        self.ask_language: Bools = np.array(
            [bool(s.language) and "language" not in s.firm for s in ss], dtype=bool
        )
        self.ask_age: Bools = np.array(
            [(s.age_min is not None or s.age_max is not None) and "age" not in s.firm for s in ss],
            dtype=bool,
        )


def passes(
    sa: SeekerArrays,
    va: CandidateArrays,
    rows: Ints,
    cols: Ints,
    open_counts: Ints,
    known: Iterable[tuple[int, int]] = (),
    recheck_months: int = RECHECK_MONTHS,
) -> Bools:
    """Whether each pair passes every hard filter but ``out_of_reach`` (the pairs are the
    volunteers who reach the client). ``open_counts`` is per volunteer index; ``known`` are the
    (row, volunteer index) pairs whose family knows the volunteer."""
    np = _np()
    parent = sa.parent[rows]
    ok = np.where(parent, va.for_parent[cols], va.for_child[cols])
    ok &= va.rechecked(recheck_months, sa.today)[cols]
    ok &= ~sa.unwilling[rows]
    ok &= open_counts[cols] < va.capacity[cols]
    child_ok = (sa.age[rows] >= va.child_min[cols]) & (sa.age[rows] <= va.child_max[cols])
    ok &= parent | child_ok
    for firm, met in zip((sa.firm_gender, sa.firm_language, sa.firm_age), _FIRM, strict=True):
        at = np.flatnonzero(firm[rows])  # the pairs of the few clients firm about it
        if len(at):
            ok[at] &= met(sa, va, rows[at], cols[at])
    pairs = np.array(list(known), dtype=np.int64).reshape(-1, 2)
    if len(pairs):
        width = len(va.views) + 1
        found = np.isin(rows * width + cols, pairs[:, 0] * width + pairs[:, 1], kind="table")
        ok &= ~found
    return np.asarray(ok, dtype=bool)


def _gender(sa: SeekerArrays, va: CandidateArrays, rows: Ints, cols: Ints) -> Bools:
    return va.gender[cols] == sa.gender[rows]


def _language(sa: SeekerArrays, va: CandidateArrays, rows: Ints, cols: Ints) -> Bools:
    return va.languages.shared(sa.language, rows, cols) > 0  # the preferred one


def _age(sa: SeekerArrays, va: CandidateArrays, rows: Ints, cols: Ints) -> Bools:
    age = sa.today.year - va.birth_year[cols]
    return (age >= sa.age_min[rows]) & (age <= sa.age_max[rows])


_FIRM = (_gender, _language, _age)  # the client's wishes: gender, language and age


def round2(x: Floats) -> Floats:
    """``round(v, 2)`` of every value, exactly as Python rounds it.

    Python rounds the exact binary value to the nearest hundredth (half to even) and returns the
    double nearest that decimal. ``rint(x * 100) / 100`` gives the same double unless ``x * 100``
    lies next to a half (its own rounding could then decide the side) or is huge; those values,
    rare, are rounded by Python."""
    np = _np()
    y = x * 100.0
    out = np.rint(y) / 100.0
    doubt = (np.abs(np.abs(y - np.trunc(y)) - 0.5) < 1e-6) | ~(np.abs(y) < 2.0**50)
    for i in np.flatnonzero(doubt).tolist():
        out[i] = round(float(x[i]), 2)
    return np.asarray(out, dtype=np.float64)


def scores(
    sa: SeekerArrays, va: CandidateArrays, rows: Ints, cols: Ints, w: Sequence[float]
) -> Floats:
    """``score.score_of`` of every pair. Each part's value depends on a few small counts, so
    every pair gets a code for them, and each code's points (value times weight, rounded) are
    worked out once in Python with the very expressions of ``score.py``, and summed as whole
    hundredths: ``score_of`` rounds a float sum within a few units in the last place of that
    very hundredth (far from a half), whose nearest double dividing by 100 gives (weights over
    a thousand million: summed as floats and rounded as ``round`` does)."""
    np = _np()
    # nearness: same area, same municipality, neighbouring, same welfare area, far
    near = np.full(len(rows), 4, dtype=np.int64)  # the first that holds, set last
    near[sa.welfare[rows] == va.welfare[cols]] = 3
    near[_neighbours(sa, va, rows, cols)] = 2
    same_m = sa.muni[rows] == va.muni[cols]
    near[same_m] = 1
    near[same_m & sa.has_area[rows] & (sa.area[rows] == va.area[cols])] = 0
    steps = ("same_area", "same_municipality", "neighbouring", "welfare")
    near_values = [NEARNESS[k] for k in steps] + [0.0]

    def counted(n: Ints, k: Ints) -> tuple[Ints, int]:
        """A code for (n, k), 0 <= k <= n, and how many codes there are per n."""
        width = int(n.max(initial=0)) + 1
        return n * width + k, width

    n = sa.n_interests[rows]
    interests, wi = counted(n, va.interests.shared(sa.interests, rows, cols))
    interest_values = [
        NEUTRAL if a == 0 else min(1.0, b / min(FULL_INTERESTS, a))
        for a in range(wi)
        for b in range(wi)
    ]
    n = sa.n_needs[rows]
    needs, wn = counted(n, va.offers.shared(sa.needs, rows, cols))
    need_values = [NEUTRAL if a == 0 else b / a for a in range(wn) for b in range(wn)]
    n = sa.n_slots[rows]
    slot_code, ws = counted(n, va.slots.shared(sa.slots, rows, cols))
    availability = np.where((n == 0) | ~va.any_slots[cols], 0, 1 + slot_code)
    slot_values = [NEUTRAL] + [
        NEUTRAL if a == 0 else min(1.0, b / min(FULL_SLOTS, a))
        for a in range(ws)
        for b in range(ws)
    ]
    first = va.languages.shared(sa.first_language, rows, cols) > 0
    spoken = va.languages.shared(sa.languages, rows, cols) > 0
    languages = np.where(sa.n_languages[rows] == 0, 0, np.where(first, 1, np.where(spoken, 2, 3)))
    language_values = [NEUTRAL, 1.0, 0.5, 0.0]
    need = sa.car[rows]
    car = np.where((need == 0) | va.has_car[cols], 0, np.where(need == 1, 1, 2))
    car_values = [1.0, 0.0, 0.5]
    ask_g, ask_l, ask_a = sa.ask_gender[rows], sa.ask_language[rows], sa.ask_age[rows]
    preferences = (ask_g.astype(np.int64) + ask_l + ask_a) * 4
    at = np.flatnonzero(preferences)  # the pairs of the clients who asked for anything
    r, c = rows[at], cols[at]
    preferences[at] += (
        (ask_g[at] & _gender(sa, va, r, c)).astype(np.int64)
        + (ask_l[at] & _language(sa, va, r, c))
        + (ask_a[at] & _age(sa, va, r, c))
    )
    preference_values = [1.0 if a == 0 else b / a for a in range(4) for b in range(4)]

    codes = (near, interests, needs, availability, languages, car, preferences)
    tables = (
        near_values,
        interest_values,
        need_values,
        slot_values,
        language_values,
        car_values,
        preference_values,
    )
    points = [[round(v * x, 2) for v in values] for values, x in zip(tables, w, strict=True)]
    parts = list(zip(points, codes, strict=True))
    if all(abs(p) < 2.0**30 for part in points for p in part):  # any weight of sense
        # in whole hundredths: the sum is exact, and divided by 100 it is the double nearest
        # the hundredth that ``round`` gives of the float sum (far less than 0.005 from it)
        cents = sum(np.array([round(p * 100) for p in part])[code] for part, code in parts)
        return np.asarray(cents / 100.0, dtype=np.float64)
    return round2(sum(np.array(part, dtype=np.float64)[code] for part, code in parts))


def _neighbours(sa: SeekerArrays, va: CandidateArrays, rows: Ints, cols: Ints) -> Bools:
    """``geography.neighbours(client's municipality, volunteer's)`` for every pair, asked once
    per pair of municipalities that occurs."""
    np = _np()
    client_names = {m: i for i, m in enumerate(dict.fromkeys(sa.munis))}
    own = np.array([client_names[m] for m in sa.munis], dtype=np.int64)
    vol_names = {m: i for i, m in enumerate(dict.fromkeys(va.munis))}
    theirs = np.array([vol_names[m] for m in va.munis], dtype=np.int64)
    a, b = own[rows], theirs[cols]
    table = np.zeros((len(client_names), len(vol_names)), dtype=bool)
    seen = np.zeros_like(table)
    seen[a, b] = True
    cn, vn = list(client_names), list(vol_names)
    for i, j in zip(*np.nonzero(seen), strict=True):
        table[i, j] = geography.neighbours(cn[i], vn[j])
    return np.asarray(table[a, b], dtype=bool)


def known_pairs(
    seekers: Sequence[Seeker], va: CandidateArrays, known: Mapping[int, Mapping[int, Reason]]
) -> list[tuple[int, int]]:
    """(row, volunteer index) of every volunteer the client's family knows: the client's own list
    and ``known`` (client id -> volunteer id -> why)."""
    where: dict[int, list[int]] = {}
    for i, vid in enumerate(va.ids.tolist()):
        where.setdefault(vid, []).append(i)
    out: list[tuple[int, int]] = []
    for row, s in enumerate(seekers):
        mine = known.get(s.id, {})
        ids = set(s.known) | {vid for vid, why in mine.items() if why is not None}
        out.extend((row, i) for vid in ids for i in where.get(vid, ()))
    return out


def feasible_pairs(
    seekers: Sequence[Seeker],
    va: CandidateArrays,
    eligible: Bools,
    open_counts: Ints,
    known: Mapping[int, Mapping[int, Reason]],
    today: date,
    recheck_months: int = RECHECK_MONTHS,
) -> tuple[SeekerArrays, Ints, Ints]:
    """Every pair of a client and an ``eligible`` volunteer that passes every filter, as
    (client arrays, rows, volunteer indices), by row then index."""
    np = _np()
    sa = SeekerArrays(seekers, va, today)
    if not seekers:
        empty = np.zeros(0, dtype=np.int64)
        return sa, empty, empty
    places: dict[tuple[str, str], Ints] = {}  # the eligible volunteers who reach a place
    parts: list[Ints] = []
    for s in seekers:
        place = (s.municipality, s.area)
        near = places.get(place)
        if near is None:
            near = va.reachers(*place)
            near = places[place] = near[eligible[near]]
        parts.append(near)
    cols = np.concatenate(parts)
    rows = np.repeat(np.arange(len(seekers)), [len(x) for x in parts])
    known_at = known_pairs(seekers, va, known)
    ok = passes(sa, va, rows, cols, open_counts, known_at, recheck_months)
    return sa, rows[ok], cols[ok]
