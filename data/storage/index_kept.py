"""The index as the day's alerts read it, kept beside the register for the next process.

The day's alerts, worked out by a fresh process, spent two thirds of their time reading the
index (national scale: the three facts files and the 64 buckets, 17 MB, parsed into 130,000
objects and built into 37,000 facts objects: ~290 ms of processor time). What they need of
each index file is kept in ``cache/index-alerts-<file>.json`` in a form that reads at once:
its facts as columns (a day as its text, a state as its value), or its summaries' six fields
and its reported months, under the file's own state as the engine knows it (``Engine.read``): its
signature (inode, size, modification time and last bytes, which hold the fresh random token
of every write) and the bytes of the change log's lines that apply to it (``delta.py``). A
piece is used only while its file is in exactly that state; a file in another state (another
coordinator's save, a fold, a repair, a restore, a file of an older form) is read as before
and its piece made again, the others are kept. So a saved meeting costs the next reader one
bucket (~1 ms) and one small file written, never a stale answer; nothing is written when
saving.

A piece is kept only when it reads back equal to what the files gave (checked when made), the
file did not change while it was read, and the code is the same (``code_stamp``). Like every
file in ``cache/`` it is not checked, never fsynced (written whole: a temporary file renamed,
so a killed writer leaves the old file or none) and read only by its key: one that does not
parse or does not match is not found, and everything is read from the index as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import Any

import orjson

from data.model.facts import (
    FACT_FILES,
    ClientFacts,
    RelFacts,
    Summary,
    VolunteerFacts,
)
from data.models import Client, EndReason, Relationship, State, Step, Volunteer, VolunteerKind
from data.storage.derived import BUCKETS, Derived, FitDays, SummaryEntries
from data.storage.engine import JOURNAL, Engine
from data.storage.file_state import file_state
from data.storage.interface import EngineLike
from data.storage.kept import Kept
from data.storage.layout import REPORTED, SUMMARIES, load_summary
from data.storage.stamps import code_stamp

NAME = "index-alerts"
#: the form of what is kept (a new form does not read an older one's)
FORM = 1
_SUMMARY_FIELDS = ("held", "cancelled", "last_held", "last", "months", "days")


@dataclass
class IndexFacts:
    """What the day's alerts read of the index (``Derived``'s, as the rules take them)."""

    relationships: list[RelFacts]
    clients: list[ClientFacts]
    volunteers: list[VolunteerFacts]
    summaries: Mapping[int, Summary]
    reported: dict[int, str]
    fit: FitDays | None  # None: facts of the older form (the caller reads the records)


class IndexKept:
    """``read``: the index's facts for the alerts, from ``cache/`` where the files are as they
    were, else from ``Derived`` (and kept for the next time)."""

    def __init__(self, engine: EngineLike, derived: Derived) -> None:
        self._engine = engine if isinstance(engine, Engine) else None
        self._derived = derived
        self._kept = Kept(engine)
        self._memo: dict[str, tuple[str, Any]] = {}  # file -> (its state, the piece as read)

    def read(self) -> IndexFacts:
        derived = self._derived
        engine = self._engine
        # with a change left half done (its journal), the files are read: reading them
        # finishes it first (``Engine.read``), what is kept is of the files before it
        if engine is None or code_stamp() is None or engine.path(JOURNAL).exists():
            return IndexFacts(
                list(derived.relationships().values()),
                list(derived.clients().values()),
                list(derived.volunteers().values()),
                derived.summaries_read(),
                derived.reported(),
                derived.fit(),
            )
        engine.sync_delta()
        states = {rel: self._state(engine, rel) for rel in (*FACT_FILES.values(), *BUCKETS)}
        memo, kept = self._memo, self._kept

        def piece(rel: str, work: Callable[[], Any], form: _Form) -> Any:
            state = states[rel]
            if state is None:  # no such file: read as before (an older folder, or damage)
                return work()
            if rel in memo and memo[rel][0] == state:
                return memo[rel][1]
            name, key = kept_name(rel), [FORM, state]
            stored = kept.get(name, key)
            if stored is not None:
                try:
                    value = form.load(stored)
                except _NOT_KEPT:
                    value = None
                if value is not None:
                    memo[rel] = (state, value)
                    return value
            value = work()
            engine.sync_delta()  # (a line appended meanwhile: not kept)
            if self._state(engine, rel) == state:
                raw = form.dumped(value)
                if raw is not None:
                    kept.keep(name, key, orjson.Fragment(raw))
                    memo[rel] = (state, value)
            return value

        relationships = piece(
            FACT_FILES[Relationship], lambda: list(derived.relationships().values()), _RELS
        )
        clients = piece(FACT_FILES[Client], lambda: list(derived.clients().values()), _CLIENTS)
        volunteers, fit = piece(
            FACT_FILES[Volunteer],
            lambda: (list(derived.volunteers().values()), derived.fit()),
            _VOLUNTEERS,
        )
        entries: dict[str, Any] = {}
        reported: dict[int, str] = {}
        for rel in BUCKETS:
            summaries_of, reported_of = piece(rel, functools.partial(_bucket, engine, rel), _BUCKET)
            entries.update(summaries_of)
            reported.update(reported_of)
        return IndexFacts(  # (lists of their own: the kept ones stay as read)
            list(relationships),
            list(clients),
            list(volunteers),
            SummaryEntries(entries, _summary),
            reported,
            fit,
        )

    @staticmethod
    def _state(engine: Engine, rel: str) -> str | None:
        """The file's state as ``Engine.read`` sees it (``file_state``)."""
        return file_state(engine, rel)


def kept_name(rel: str) -> str:
    """The name in ``cache/`` of what is kept of the index file ``rel`` (``index/07.json``:
    ``index-alerts-07``)."""
    return f"{NAME}-{rel.removeprefix('index/').removesuffix('.json')}"


_NOT_KEPT = (KeyError, TypeError, ValueError, IndexError, AttributeError)


@dataclass(frozen=True)
class _Form:
    """How a piece is kept: ``dump`` (columns), ``load`` (back to what the alerts read) and
    ``plain`` (the columns hold only values that JSON gives back as they were, and that
    ``load`` makes into what they were made of: texts, whole numbers, None, and in a column of
    days only days, in a column of states only those states)."""

    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]
    plain: Callable[[Any], bool]

    def dumped(self, value: Any) -> bytes | None:
        """What to keep of ``value``, as JSON (orjson writes a day and a state as their text),
        or None when it would not read back the same (a field of a form the columns do not
        hold, e.g. a time where a day is kept: nothing kept, the file is read each time)."""
        try:
            dumped = self.dump(value)
            return orjson.dumps(dumped) if self.plain(dumped) else None
        except (*_NOT_KEPT, orjson.JSONEncodeError):
            return None


# ----- the pieces: columns of plain values ---------------------------------------------------


class _Days(dict[Any, date | None]):
    def __missing__(self, text: Any) -> date | None:
        if text is None:
            return None
        if type(text) is not str:
            raise TypeError("a day is kept as its text")
        day = self[text] = date.fromisoformat(text)
        return day


def _enum(kind: type[Enum]) -> dict[Any, Any]:
    out: dict[Any, Any] = {e.value: e for e in kind}
    out[None] = None
    return out


_DAY, _AS_IS = "day", "as is"
_REL_KINDS = (
    *(_AS_IS,) * 3,  # id, client, volunteer
    _enum(State),
    *(_DAY,) * 4,  # since, proposed, start, planned end
    _AS_IS,  # max meetings
    _DAY,  # review due
    _DAY,  # ended
    _enum(EndReason),
    _AS_IS,  # second
)
_CLIENT_KINDS = (_AS_IS, _AS_IS, _DAY, _DAY, _AS_IS, _AS_IS)
_VOLUNTEER_KINDS = (
    *(_AS_IS,) * 2,  # id, name
    _enum(VolunteerKind),
    _enum(Step),
    _DAY,  # since
    *(_AS_IS,) * 3,  # capacity, first, last
)


def _facts(kinds: tuple[Any, ...], make: type) -> _Form:
    """Dump and load of a list of facts objects (slotted dataclasses) as one column a field."""
    fields: tuple[str, ...] = getattr(make, "__slots__")  # noqa: B009
    if len(fields) != len(kinds):
        raise AssertionError(f"{make.__name__}: its fields and their kinds differ")

    def dump(objects: list[Any]) -> list[list[Any]]:
        if any(type(o) is not make for o in objects):
            raise TypeError("not of the kept form")
        return [list(map(attrgetter(name), objects)) for name in fields]

    def load(columns: list[list[Any]]) -> list[Any]:
        if len(columns) != len(kinds):
            raise ValueError("not of the kept form")
        days = _Days()
        made = []
        for column, kind in zip(columns, kinds, strict=True):
            if kind == _DAY:
                made.append(list(map(days.__getitem__, column)))
            elif kind == _AS_IS:
                made.append(column)
            else:
                made.append(list(map(kind.__getitem__, column)))
        return [make(*row) for row in zip(*made, strict=True)]

    allowed = [_kinds_of(kind) for kind in kinds]

    def plain(columns: list[list[Any]]) -> bool:
        return all(set(map(type, c)) <= k for c, k in zip(columns, allowed, strict=True))

    return _Form(dump, load, plain)


_NONE = type(None)
_PLAIN: frozenset[type] = frozenset({str, int, _NONE})
_DAYS: frozenset[type] = frozenset({date, _NONE})


def _kinds_of(kind: Any) -> frozenset[type]:
    """The types a column of ``kind`` may hold to be kept."""
    if kind == _AS_IS:
        return _PLAIN
    if kind == _DAY:
        return _DAYS
    return frozenset({type(member) for member in kind.values()})


_RELS = _facts(_REL_KINDS, RelFacts)
_CLIENTS = _facts(_CLIENT_KINDS, ClientFacts)
_VOLS = _facts(_VOLUNTEER_KINDS, VolunteerFacts)


def _dump_volunteers(value: tuple[list[VolunteerFacts], FitDays | None]) -> Any:
    volunteers, fit = value
    kept_fit = None
    if fit is not None:
        kept_fit = [list(fit), *map(list, zip(*fit.values(), strict=True))] if fit else [[]] * 3
    return [_VOLS.dump(volunteers), kept_fit]


def _plain_volunteers(dumped: Any) -> bool:
    columns, kept_fit = dumped
    if kept_fit is not None:
        ids, shown, supervised = kept_fit
        if not set(map(type, ids)) <= {int} or not set(map(type, shown + supervised)) <= _DAYS:
            return False
    return _VOLS.plain(columns)


def _load_volunteers(kept: Any) -> tuple[list[VolunteerFacts], FitDays | None]:
    columns, kept_fit = kept
    volunteers = _VOLS.load(columns)
    if kept_fit is None:
        return volunteers, None
    ids, shown, supervised = kept_fit
    days = _Days()
    fit = {vid: (days[a], days[b]) for vid, a, b in zip(ids, shown, supervised, strict=True)}
    return volunteers, fit


_Bucket = tuple[dict[str, Any], dict[int, str]]


def _bucket(engine: Engine, rel: str) -> _Bucket:
    """One bucket's summaries (their entries as stored, by key) and reported months, as
    ``Derived.summaries_read`` and ``Derived.reported`` read them."""
    summaries = dict(engine.table(rel, SUMMARIES).items())
    reported = {int(k): e["months"] for k, e in engine.table(rel, REPORTED).items()}
    return summaries, reported


def _dump_bucket(value: _Bucket) -> Any:
    summaries, reported = value
    entries = list(summaries.values())
    if any(type(e) is not dict or len(e) != len(_SUMMARY_FIELDS) for e in entries):
        raise ValueError("not of the kept form")  # (an older form: read each time)
    columns = [list(summaries), *([e[f] for e in entries] for f in _SUMMARY_FIELDS)]
    return [columns, [list(reported), list(reported.values())]]


def _load_bucket(kept: Any) -> tuple[dict[str, tuple[Any, ...]], dict[int, str]]:
    columns, (ids, months) = kept
    if len(columns) != len(_SUMMARY_FIELDS) + 1:
        raise ValueError("not of the kept form")
    summaries = dict(zip(columns[0], zip(*columns[1:], strict=True), strict=True))
    if len(summaries) != len(columns[0]):
        raise ValueError("not of the kept form")
    return summaries, dict(zip(ids, months, strict=True))


def _plain_only(value: list[Any]) -> bool:
    """Lists of texts, whole numbers and None only (no bool, no subclass of a text)."""
    kinds = set(map(type, value))
    if kinds <= _PLAIN:
        return True
    return kinds == {list} and all(map(_plain_only, value))


_VOLUNTEERS = _Form(_dump_volunteers, _load_volunteers, _plain_volunteers)
_BUCKET = _Form(_dump_bucket, _load_bucket, _plain_only)


def _summary(entry: Any) -> Summary:
    """A summary of its entry as stored (a dict) or as kept (its fields in
    ``_SUMMARY_FIELDS``' order)."""
    return Summary(*entry) if type(entry) is tuple else load_summary(entry)
