"""Helpers shared by the storage engine tests (tests/test_storage_*.py).

Record factories, a plain-TinyDB reader, folder snapshots, the consistency checks that the crash
tests run after every kill, and the writer loops that run in forked child processes.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from tinydb import TinyDB

from data import storage
from data.models import (
    Agreement,
    CancelReason,
    Client,
    Meeting,
    MeetingStatus,
    Relationship,
    State,
    Volunteer,
)
from data.storage import HOLDER, JOURNAL, LOCK, Engine, files, months
from data.storage.layout import INDEX_BUCKETS, MEETINGS, SUMMARIES, index_file, shard, summarise
from data.store import Store

USER = "tester"
PAIR_A = "reports/2000-01.json"  # two known kinds of file that no verb of the Store writes
PAIR_B = "reports/2000-02.json"
MARKERS = "markers"

HAS_FORK = hasattr(os, "fork") and sys.platform != "win32"
needs_fork = pytest.mark.skipif(not HAS_FORK, reason="needs os.fork and POSIX signals")
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
# Python 3.12+ warns about fork() in a process with threads (pytest-xdist workers have some);
# the children here only use the engine, never a lock another thread might hold.
fork_warning = pytest.mark.filterwarnings("ignore:.*use of fork\\(\\) may lead to deadlocks")


def fold_log(engine: Engine) -> None:
    """Fold the change log into the files (as it happens once the log is long): from here on a
    file put back from an older backup no longer gets the later changes from the log."""
    from data.storage.delta import fold

    with engine.transaction():
        assert fold(engine)


def fork_context() -> Any:
    import multiprocessing

    return multiprocessing.get_context("fork")


# ----- records -------------------------------------------------------------------------------


def client(token: str, **extra: Any) -> Client:
    return Client(
        first_name="Testi",
        last_name=token,
        birth_date=date(2014, 3, 1),
        municipality="Espoo",
        registered_on=date(2024, 1, 15),
        **extra,
    )


def volunteer(token: str = "Vapaa") -> Volunteer:
    return Volunteer(first_name="Ville", last_name=token, birth_year=1980, municipality="Espoo")


def relationship(
    client_id: int, volunteer_id: int, token: str = "", state: State = State.STARTING
) -> Relationship:
    return Relationship(
        client_id=client_id,
        volunteer_id=volunteer_id,
        state=state,
        agreement=Agreement(
            start=date(2020, 1, 1), planned_end=date(2022, 1, 1), max_meetings=40, contact=token
        ),
    )


def meeting(relationship_id: int, token: str, rnd: random.Random) -> Meeting:
    on = date(2020, 1, 1) + timedelta(days=rnd.randrange(0, 4 * 365))
    if rnd.random() < 0.7:
        return Meeting(
            relationship_id=relationship_id, on=on, place=token, over_max_reason="test load"
        )
    return Meeting(
        relationship_id=relationship_id,
        on=on,
        place=token,
        status=MeetingStatus.CANCELLED,
        cancel_reason=CancelReason.CHILD_ILL,
    )


def seed_folder(folder: Path, *, durable: bool = True) -> Store:
    """A folder with a volunteer, a client and two relationships (one starting, one active)."""
    store = Store.open(folder, durable=durable)
    v = store.records.add(USER, volunteer())
    c = store.records.add(USER, client("seed"))
    store.records.add(USER, relationship(c.id or 0, v.id or 0, "seed-starting"))
    store.records.add(USER, relationship(c.id or 0, v.id or 0, "seed-active", State.ACTIVE))
    return store


# ----- reading files as a stranger would ------------------------------------------------------


def every_file(folder: Path) -> list[Path]:
    """Every regular file below ``folder`` (data files, journal, backups, lock file, temp files)."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the lock holder's note (who took the lock last, not data)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in every_file(folder)
        if p.name != HOLDER
    }


def read_with_tinydb(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Open ``path`` with plain ``TinyDB(path)`` (stock JSONStorage) and read every document."""
    before = path.read_bytes()
    with TinyDB(path) as db:
        out = {name: [dict(d) for d in db.table(name).all()] for name in db.tables()}
    assert path.read_bytes() == before, f"opening {path} with TinyDB changed it"
    return out


def parse_strict(path: Path) -> dict[str, Any]:
    """Parse with orjson and check the TinyDB shape (tables of documents keyed by integer ids)."""
    doc = orjson.loads(path.read_bytes())
    assert isinstance(doc, dict), path
    for name, table in doc.items():
        assert isinstance(table, dict), (path, name)
        for key, value in table.items():
            int(key)
            assert isinstance(value, dict), (path, name, key)
    return doc


def on_disk(engine: Engine, rel: str, table: str) -> dict[str, Any]:
    """A table as the file holds it now, without the engine (whose reload would first finish an
    interrupted change)."""
    path = engine.path(rel)
    return parse_strict(path).get(table, {}) if path.exists() else {}


def check_files_parse(engine: Engine) -> None:
    """Every data file, the journal if any, every backup: parses with orjson and plain TinyDB."""
    folder = engine.folder
    paths = [engine.path(rel) for rel in engine.files()]
    paths += [p for p in (folder / storage.BACKUPS).rglob("*") if p.is_file()]
    if engine.path(JOURNAL).exists():
        paths.append(engine.path(JOURNAL))
    for path in paths:
        parse_strict(path)
        read_with_tinydb(path)
    if engine.path(LOCK).exists():
        assert read_with_tinydb(engine.path(LOCK)) == {}  # the (empty) lock file opens too
    for tmp in engine.stray_temp_files():
        assert tmp.name.startswith(".") and tmp.name.endswith(".tmp"), tmp
        assert tmp.relative_to(folder).as_posix() not in engine.files()


# ----- the consistency every multi-file change must keep -------------------------------------


def check_consistent(engine: Engine) -> None:
    """No multi-file change is half applied.

    * the two marker files hold the same markers under the same ids;
    * each relationship's index entry equals ``summarise`` of its shard's meetings, and the
      month index holds what the shards say (``months.differences``);
    * a relationship that was created 'starting' is 'active' exactly when it has a held meeting
      (``meetings.log`` changes the relationship in the same commit as the shard and the index).
    """
    a = engine.table(PAIR_A, MARKERS)
    b = engine.table(PAIR_B, MARKERS)
    assert a == b, f"marker files differ: {sorted(set(a) ^ set(b))}"

    relationships = engine.table("relationships.json", "relationships")
    index: dict[str, Any] = {}
    for bucket in range(INDEX_BUCKETS):
        index.update(engine.table(f"index/{bucket:02d}.json", SUMMARIES))
    for key, row in relationships.items():
        rid = int(key)
        meetings = engine.table(shard(rid), MEETINGS)
        entry = engine.table(index_file(rid), SUMMARIES).get(key)
        if meetings:
            assert entry == summarise(meetings), f"index of relationship {rid} is stale"
        else:
            assert entry is None or entry["held"] + entry["cancelled"] == 0, rid
        if row["agreement"]["contact"] != "seed-active":
            held = any(m["status"] == "held" for m in meetings.values())
            assert (row["state"] == "active") == held, f"relationship {rid}: {row['state']}"
    for key in index:
        assert key in relationships, f"index names unknown relationship {key}"
    assert months.differences(engine) == [], "the month index is stale"


class Acks:
    """What a writer child acknowledged: each line is one committed change."""

    def __init__(self) -> None:
        self.clients: dict[int, str] = {}
        self.meetings: dict[tuple[int, int], str] = {}
        self.markers: dict[int, str] = {}
        self.relationships: dict[int, str] = {}
        self.updates: dict[int, tuple[int, str]] = {}
        self.count = 0

    def feed(self, data: bytes) -> None:
        for line in data.decode().splitlines():
            kind, *rest = line.split()
            self.count += 1
            if kind == "c":
                self._new(self.clients, int(rest[0]), rest[1])
            elif kind == "g":
                self._new(self.meetings, (int(rest[0]), int(rest[1])), rest[2])
            elif kind == "m":
                self._new(self.markers, int(rest[0]), rest[1])
            elif kind == "r":
                self._new(self.relationships, int(rest[0]), rest[1])
            elif kind == "u":
                cid, version = int(rest[0]), int(rest[1])
                if version >= self.updates.get(cid, (0, ""))[0]:
                    self.updates[cid] = (version, rest[2])
            else:
                raise AssertionError(f"bad ack line {line!r}")

    @staticmethod
    def _new(acked: dict[Any, str], key: Any, token: str) -> None:
        assert key not in acked, f"id {key} handed out twice ({acked[key]} and {token})"
        acked[key] = token

    def check(self, engine: Engine) -> None:
        """Every acknowledged change is on the disk."""
        clients = engine.table("clients.json", "clients")
        for cid, token in self.clients.items():
            assert str(cid) in clients, f"acked client {cid} lost"
            assert clients[str(cid)]["last_name"] == token, f"acked client {cid} overwritten"
        for (rid, mid), token in self.meetings.items():
            row = engine.table(shard(rid), MEETINGS).get(str(mid))
            assert row is not None, f"acked meeting {rid}-{mid} lost"
            assert row["place"] == token, f"acked meeting {rid}-{mid} overwritten"
        a = engine.table(PAIR_A, MARKERS)
        b = engine.table(PAIR_B, MARKERS)
        for mid, token in self.markers.items():
            assert a.get(str(mid)) == {"marker": token}, f"acked marker {mid} lost"
            assert b.get(str(mid)) == {"marker": token}, f"acked marker {mid} lost"
        relationships = engine.table("relationships.json", "relationships")
        for rid, token in self.relationships.items():
            assert relationships[str(rid)]["agreement"]["contact"] == token, rid
        for cid, (version, token) in self.updates.items():
            row = clients[str(cid)]
            assert row["version"] >= version, f"acked edit of client {cid} lost"
            if row["version"] == version:
                assert row["area"] == token, f"acked edit of client {cid} lost"


# ----- writer children --------------------------------------------------------------------------


def put_markers(engine: Engine, token: str) -> int:
    """One raw engine transaction that puts the same marker into two files."""
    with engine.transaction() as tx:
        mid = tx.next_id(PAIR_A, MARKERS)
        tx.put(PAIR_A, MARKERS, mid, {"marker": token})
        tx.put(PAIR_B, MARKERS, mid, {"marker": token})
    return mid


def write_op(store: Store, rnd: random.Random, token: str) -> str:
    """One committed change, chosen at random; returns its acknowledgement line."""
    engine = store.engine
    roll = rnd.random()
    if roll < 0.22:
        c = store.records.add(USER, client(token))
        return f"c {c.id} {token}\n"
    if roll < 0.55:
        rids = [int(k) for k in engine.table("relationships.json", "relationships")]
        rid = rnd.choice(rids)
        m = store.meetings.log(USER, meeting(rid, token, rnd))
        return f"g {rid} {m.id} {token}\n"
    if roll < 0.85:
        return f"m {put_markers(engine, token)} {token}\n"
    if roll < 0.94:
        rows = engine.table("clients.json", "clients")
        cid = int(rnd.choice(list(rows)))
        c = store.records.change(
            USER,
            Client,
            cid,
            rows[str(cid)]["version"],
            lambda c: c.model_copy(update={"area": token}),
        )
        return f"u {cid} {c.version} {token}\n"
    rows = engine.table("volunteers.json", "volunteers")
    clients = engine.table("clients.json", "clients")
    r = store.records.add(
        USER,
        relationship(int(rnd.choice(list(clients))), int(next(iter(rows))), token),
    )
    return f"r {r.id} {token}\n"


def writer_loop(folder: str, ack_fd: int, seed: int, durable: bool) -> None:
    """Child process: write forever, acknowledging each committed change on ``ack_fd``."""
    rnd = random.Random(seed)
    store = Store.open(folder, durable=durable)
    for i in range(1, 1_000_000):
        line = write_op(store, rnd, f"s{seed}n{i}")
        os.write(ack_fd, line.encode())


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install_kill_point(point: tuple[str, int]) -> None:
    """In a child: SIGKILL this process at an exact step of the next commit.

    ``("before_replace", n)``: the n-th ``os.replace`` of a finished temp file is about to run;
    ``("after_replace", n)``: the n-th replace has just happened;
    ``("after_unlink", 1)``: the journal has just been removed.
    """
    what, n = point
    calls = {"replace": 0}
    real_replace: Callable[[Path, Path], None] = files._replace
    real_unlink = os.unlink

    def replace(src: Path, dst: Path) -> None:
        calls["replace"] += 1
        if what == "before_replace" and calls["replace"] == n:
            die()
        real_replace(src, dst)
        if what == "after_replace" and calls["replace"] == n:
            die()

    def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        real_unlink(path, *args, **kwargs)
        if what == "after_unlink" and Path(path).name == JOURNAL:
            die()

    files._replace = replace  # type: ignore[assignment]
    os.unlink = unlink  # type: ignore[assignment]


def settle(folder: Path) -> None:
    """Date the folder's last change a minute back, as if nothing had changed since (a kept
    answer of ``data.storage.kept`` is trusted only then)."""
    import time

    past = time.time_ns() - 60 * 1_000_000_000
    for path in [folder, *(p for p in folder.iterdir() if p.is_dir())]:
        os.utime(path, ns=(past, past))


def settled_copy(generated: Path, into: Path) -> Path:
    """A copy of demo data whose last change is long past, with its ``cache/`` folder."""
    import shutil

    from data.storage.layout import CACHE_DIR

    copy = into / "data"
    shutil.copytree(generated, copy)
    (copy / CACHE_DIR).mkdir(exist_ok=True)
    settle(copy)
    return copy
