"""What a data folder holds, read once for ``tuki check`` and ``--repair`` (``Folder.read``).

Every file is read once; a damaged or missing one is noted, not raised. The records of the main
files, the index's facts, summaries and counters, and of each shard only its ids, summary and
counters are kept (``compare.py`` compares them).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from data.model.facts import FACT_FILES, FACTS
from data.models import Client, Concern, Guardian, Record, Relationship, SocialWorker, Volunteer
from data.storage.contacts_check import removed_contacts
from data.storage.derived import BUCKETS, Derived
from data.storage.engine import Engine
from data.storage.files import META, DamagedFileError
from data.storage.history_check import history_checked
from data.storage.layout import (
    CONTACTS,
    COUNTERS,
    COUNTERS_TABLE,
    FLAT,
    HISTORY,
    MAIN_FILES,
    MEETINGS,
    MONTHS,
    NEXT,
    PALAVERIT,
    REPORTED,
    REPORTS,
    RUNS,
    SUMMARIES,
    Reader,
    is_history,
    report_line,
    report_month,
    shard,
    shard_id,
    summarise,
)
from data.storage.months import LISTED, checksums, fingerprint, is_month_file

MODELS: dict[str, tuple[str, type[Record]]] = {p.file: (p.table, m) for m, p in FLAT.items()}
FILE_OF: dict[type[Record], str] = {m: p.file for m, p in FLAT.items()}

LINKS: list[tuple[type[Record], str, type[Record], bool]] = [
    # (from, field, to, a list of ids)
    (Relationship, "client_id", Client, False),
    (Relationship, "volunteer_id", Volunteer, False),
    (Relationship, "second_volunteer_id", Volunteer, False),
    (Concern, "client_id", Client, False),
    (Concern, "relationship_id", Relationship, False),
    (Concern, "guardian_id", Guardian, False),
    (Client, "guardian_ids", Guardian, True),
    (Client, "social_worker_id", SocialWorker, False),
    (Client, "known_volunteer_ids", Volunteer, True),
]


#: what the comparison reads of a main file's record (``Folder.read(compact=True)``)
PROJECTED = ("version", "first_name", "last_name", *{name: 0 for _, name, _, _ in LINKS})


# ----- what the folder holds and remembers ------------------------------------------------------


class Ids:
    """The keys of one table of a shard, kept small: ids are handed out 1, 2, 3 … and never
    deleted, so a table whose keys are exactly 1..n is kept as n alone (a set of 1,000,000
    keys at national scale took 100 MB); any other set of keys is kept as it is."""

    __slots__ = ("_keys", "_n")

    def __init__(self, keys: Collection[str]) -> None:
        n = len(keys)
        whole = list(keys) == [str(i) for i in range(1, n + 1)] or all(  # (the first: 10x faster)
            k.isascii() and k.isdigit() and k[0] != "0" and int(k) <= n for k in keys
        )
        self._n = n
        self._keys: frozenset[str] | None = None if whole else frozenset(keys)

    def __contains__(self, key: object) -> bool:
        if self._keys is not None:
            return key in self._keys
        return (
            isinstance(key, str)
            and key.isascii()
            and key.isdigit()
            and key[0] != "0"
            and (int(key) <= self._n)
        )

    def __iter__(self) -> Iterator[str]:
        if self._keys is not None:
            return iter(self._keys)
        return (str(i) for i in range(1, self._n + 1))

    def __len__(self) -> int:
        return self._n


@dataclass
class Shard:
    """What the checks need of one relationship's shard (not its records: 1,000,000 meetings
    at national scale must not all stay in memory): its ids, its summary and its counters."""

    meetings: Ids
    palaverit: Ids
    summary: dict[str, Any]  # as ``summarise`` gives it
    next: dict[str, Any]  # the shard's own _meta next ids
    months: str = ""  # its entries in the month index, as ``months.fingerprint`` gives them
    contacts: Ids | None = None  # its contacts' ids, and those whose removal its history keeps
    removed: frozenset[int] = frozenset()


#: called with each file's tables as it is read (``tuki check`` validates the records then);
#: what it returns (when not None) is kept in ``Folder.checked``
OnRows = Callable[[str, dict[str, dict[str, dict[str, Any]]]], Any]


@dataclass
class Folder:
    """Everything the checks compare, read once: the records of every readable file, the facts,
    summaries, counters and report months of the index, and the files that cannot be read."""

    engine: Engine
    reader: Reader
    damaged: dict[str, DamagedFileError] = field(default_factory=dict)
    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # main file -> rows
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)  # main file -> fact rows
    shards: dict[int, Shard] = field(default_factory=dict)
    # month -> the relationship ids of its reports (file's order) -> ``layout.report_line``
    reports: dict[str, dict[str, str]] = field(default_factory=dict)
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    next_ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    reported: dict[str, dict[str, Any]] = field(default_factory=dict)
    listed: dict[str, str] = field(default_factory=dict)  # month file -> months.checksums
    counters: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    metas: dict[str, dict[str, Any]] = field(default_factory=dict)  # main file -> its _meta
    # compact: ``rows`` hold only what the comparison reads of each record (PROJECTED; the
    # whole record through ``full_row``), and ``expected_facts`` the facts the records give
    compact: bool = False
    expected_facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    checked: dict[str, Any] = field(default_factory=dict)  # file -> what on_rows returned

    @classmethod
    def read(
        cls,
        engine: Engine,
        reader: Reader | None = None,
        on_rows: OnRows | None = None,
        *,
        compact: bool = False,
    ) -> Folder:
        """Read the folder once; ``on_rows`` sees every readable file's tables as they come
        (with ``compact``, the main files' first, each as soon as it is read, and none of them
        is kept whole: ``tuki check`` at national scale)."""
        folder = cls(engine, reader or engine, compact=compact)
        present = engine.files()
        # compact, from the engine itself: the shards in worker processes, if the system has them,
        # begun before the index is read for the files that should be there (one missing: here)
        shards_apart = present if compact and folder.reader is engine else []
        with apart(engine, shards_apart, on_rows) as ahead:
            folder.files = expected_files(engine, present)
            return folder._read(ahead, on_rows)

    def _read(self, ahead: Apart | None, on_rows: OnRows | None) -> Folder:
        folder, compact = self, self.compact
        for rel in folder.files:
            if rel in MODELS or shard_id(rel) is not None or report_month(rel) is not None:
                continue  # parsed below, where its tables are read (or found damaged)
            try:
                folder.reader.table(rel, "")  # parses it (and finds it missing)
            except DamagedFileError as exc:
                folder.damaged[rel] = exc
            if is_month_file(rel):  # one more every month: only checksums of its entries kept
                if rel not in folder.damaged:
                    folder.listed[rel] = checksums(folder.table(rel, LISTED))
                folder.engine.forget(rel)
        get = folder.table
        folder.counters = get(COUNTERS, COUNTERS_TABLE).get("1", {})
        for model, fact_file in FACT_FILES.items():
            folder.facts[FILE_OF[model]] = get(fact_file, FACTS)
        for rel in MAIN_FILES:
            folder.rows[rel] = get(rel, MODELS[rel][0])
            folder.metas[rel] = get(rel, META)
            if compact and rel not in folder.damaged:
                folder._compact(rel, on_rows)
        for bucket in BUCKETS:
            folder.summaries.update(get(bucket, SUMMARIES))
            folder.next_ids.update(get(bucket, NEXT))
            folder.reported.update(get(bucket, REPORTED))
        for rel in folder.files:
            if rel in folder.damaged:
                continue
            if rel in MODELS and not compact:
                tables = {MODELS[rel][0]: folder.rows[rel]}
                if on_rows is not None:
                    folder._checked(rel, on_rows(rel, tables))
            elif ahead is not None and rel in ahead.files:
                folder._take(rel, ahead.next(), on_rows)
            elif shard_id(rel) is not None or report_month(rel) is not None:
                folder._read_file(rel, on_rows)
            elif on_rows is not None and is_history(rel):  # history/<kind>/…: its changes
                folder._checked(rel, history_checked(rel, folder.table(rel, HISTORY), on_rows))
        return folder

    def _read_file(self, rel: str, on_rows: OnRows | None) -> None:
        """A shard or a month's reports file: what the comparison needs of it, its records to
        ``on_rows``; the engine need not keep it (1,000,000 meetings at national scale)."""
        get, rid, month = self.table, shard_id(rel), report_month(rel)
        if self.reader is self.engine and rel not in self.damaged:  # its tables: one read
            try:
                doc = self.engine.read(rel)
            except DamagedFileError as exc:
                self.damaged[rel], doc = exc, {}
            get = lambda rel, name: doc.get(name, {})  # noqa: E731 (as table() gives them)
        if rid is not None:
            tables = {t: get(rel, t) for t in (MEETINGS, PALAVERIT, CONTACTS)}
            if rel in self.damaged:
                return
            meta = get(rel, META).get("1", {}).get("next", {})
            self.shards[rid] = Shard(
                Ids(tables[MEETINGS]),
                Ids(tables[PALAVERIT]),
                summarise(tables[MEETINGS]),
                meta if isinstance(meta, dict) else {},
                fingerprint(rid, tables[MEETINGS]),
                Ids(tables[CONTACTS]),
                removed_contacts(get(rel, HISTORY)),
            )
        elif month is not None:
            tables = {REPORTS: get(rel, REPORTS), RUNS: get(rel, RUNS)}
            if rel in self.damaged:
                return
            self.reports[month] = {k: report_line(r) for k, r in tables[REPORTS].items()}
        else:
            return
        if on_rows is not None:
            self._checked(rel, on_rows(rel, tables))
        del tables
        self.engine.forget(rel)

    def _checked(self, rel: str, result: Any) -> None:
        if result is not None:
            self.checked[rel] = result

    def _take(self, rel: str, got: Read, on_rows: OnRows | None) -> None:
        """What a worker process read of ``rel`` (a damaged file is read again here, to name
        its damage as the sequential reading does)."""
        if got.damaged:
            self._read_file(rel, on_rows)
        elif got.shard is not None:
            self.shards[got.shard[0]] = got.shard[1]
        elif got.reports is not None:
            self.reports[got.reports[0]] = got.reports[1]
        self._checked(rel, got.checked)

    def _compact(self, rel: str, on_rows: OnRows | None) -> None:
        """Hand a main file's records to ``on_rows``, note the facts they give, and keep only
        what the comparison reads of them (relationships.json alone is 130 MB parsed)."""
        table, model = MODELS[rel]
        rows, checked = self.rows[rel], on_rows(rel, {table: self.rows[rel]}) if on_rows else None
        if checked is not None:
            self._checked(rel, checked)
        if model in FACT_FILES:  # (the facts of the records just validated, if they were)
            stored, known = self.table(FACT_FILES[model], FACTS), checked and checked.facts
            self.expected_facts[FACT_FILES[model]] = Derived.facts_of(model, rows, stored, known)
        self.rows[rel] = {
            key: {name: row[name] for name in PROJECTED if name in row} for key, row in rows.items()
        }
        del rows
        self.engine.forget(rel)

    def full_row(self, rel: str, key: str) -> dict[str, Any] | None:
        """A main file's record whole (read again when the folder is compact)."""
        if not self.compact:
            return self.rows.get(rel, {}).get(key)
        return self.table(rel, MODELS[rel][0]).get(key)

    def table(self, rel: str, name: str) -> dict[str, dict[str, Any]]:
        if rel in self.damaged:
            return {}
        try:
            return self.reader.table(rel, name)
        except DamagedFileError as exc:
            self.damaged[rel] = exc
            return {}

    def readable(self, rel: str) -> bool:
        return rel not in self.damaged

    def name(self, model: type[Record], key: str | int) -> str:
        """A person's or relationship's name as the records or, failing them, the facts say."""
        file = FILE_OF[model]
        row = self.rows.get(file, {}).get(str(key))
        if model is Relationship:
            rel = row or {}
            fact = self.facts.get(file, {}).get(str(key))
            ids = [rel.get(k) for k in ("client_id", "volunteer_id", "second_volunteer_id")]
            if fact and not row:  # (a peer pair's second person is the row's 13th)
                ids = [*fact["r"][:2], (fact["r"][12:] or [None])[0]]
            vols = " & ".join(self.name(Volunteer, v) for v in ids[1:] if v is not None)
            return f"{self.name(Client, ids[0])} – {vols}" if ids[0] is not None else ""
        if row and isinstance(row.get("first_name"), str):
            return f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()
        fact = self.facts.get(file, {}).get(str(key))
        return str(fact["r"][0]) if fact else ""


def expected_files(engine: Engine, files: list[str] | None = None) -> list[str]:
    """Every data file there is (``files``, if listed) and every one the folder has had."""
    present = set(engine.files() if files is None else files)
    wanted = set(present) | set(MAIN_FILES) | set(FACT_FILES.values())
    row = engine.table(COUNTERS, COUNTERS_TABLE, strict=False).get("1", {})
    for month in str(row.get(MONTHS, "")).split():
        wanted.add(f"reports/{month}.json")
    for bucket in BUCKETS:
        for name in (SUMMARIES, NEXT, REPORTED):
            try:
                keys = engine.table(bucket, name, strict=False)
            except DamagedFileError:
                continue
            if name == REPORTED:
                for entry in keys.values():
                    for month in str(entry.get("months", "")).split():
                        wanted.add(f"reports/{month}.json")
                continue
            wanted |= {shard(int(key)) for key in keys}
    layout = engine.layout
    return sorted(
        rel
        for rel in wanted
        if rel in present or (layout is not None and layout.should_exist(engine, rel))
    )


# ----- the shards read in worker processes ---------------------------------------------------

#: from how many shard and report files on they are read by worker processes (forked: Linux)
WORKERS_FROM = 2000
#: shards per task; a month's reports file (8,000 at national scale, a hundred shards' work) is
#: a task of its own: they come last, and two in one task left its worker working alone
CHUNK_FILES = 100


@dataclass
class Read:
    """What a worker process read of one shard or month's reports file."""

    damaged: bool = False  # (read again by the parent, which names the damage)
    shard: tuple[int, Shard] | None = None
    reports: tuple[str, dict[str, str]] | None = None
    checked: Any = None  # what on_rows returned


class Apart:
    """The workers' readings, taken in the files' order."""

    def __init__(self, files: list[str], results: Iterator[list[Read]]) -> None:
        self.files = set(files)
        self._results = results
        self._batch: list[Read] = []

    def next(self) -> Read:
        if not self._batch:
            self._batch = list(reversed(next(self._results)))
        return self._batch.pop()


_JOB: tuple[Engine, OnRows | None] | None = None  # what the workers do (set before forking)


def _workers(files: int) -> int:
    if files < WORKERS_FROM or not sys.platform.startswith("linux"):
        return 0
    if multiprocessing.current_process().daemon:  # (a daemon may not have children)
        return 0
    cpus = len(os.sched_getaffinity(0))
    return min(cpus, 4) if cpus >= 2 else 0


@contextlib.contextmanager
def apart(
    engine: Engine, files: list[str], on_rows: OnRows | None = None
) -> Iterator[Apart | None]:
    """Worker processes reading the shard and report files of ``files`` meanwhile (None when
    there are few, or one processor, or no fork): ``tuki check`` validates a million meetings,
    each worker its share, while this process reads the main files."""
    global _JOB
    sharded = [rel for rel in files if shard_id(rel) is not None or report_month(rel) is not None]
    workers = _workers(len(sharded))
    if not workers:
        yield None
        return
    _JOB = (engine, on_rows)
    fork = multiprocessing.get_context("fork")
    # (a worker that dies stops the check with BrokenProcessPool, where a Pool would hang)
    pool = ProcessPoolExecutor(workers, mp_context=fork, initializer=_worker_start)
    done = False
    try:
        alone = [i for i, rel in enumerate(sharded) if report_month(rel) is not None]
        cuts = sorted({*range(0, len(sharded), CHUNK_FILES), *alone, *(i + 1 for i in alone)})
        chunks = [sharded[a:b] for a, b in pairwise([*cuts, len(sharded)]) if a < b]
        yield Apart(sharded, pool.map(_read_chunk, chunks))
        done = True
    finally:
        _JOB = None
        if not done:  # stopped (Ctrl-C, an error): the workers' reading is of no use now
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()  # (Python 3.14 has pool.terminate_workers())
        pool.shutdown(wait=done, cancel_futures=True)


def _worker_start() -> None:
    """Ctrl-C is the parent's to handle (it stops the workers): no worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_chunk(rels: list[str]) -> list[Read]:
    """In a worker: read each file as ``Folder._read_file`` does."""
    assert _JOB is not None
    engine, on_rows = _JOB
    out = []
    for rel in rels:
        one = Folder(engine, engine, compact=True)
        one._read_file(rel, on_rows)
        rid, month = shard_id(rel), report_month(rel)
        out.append(
            Read(
                damaged=rel in one.damaged,
                shard=(rid, one.shards[rid]) if rid is not None and rid in one.shards else None,
                reports=(month, one.reports[month]) if month in one.reports else None,
                checked=one.checked.get(rel),
            )
        )
    return out
