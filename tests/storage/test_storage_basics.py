"""The storage engine's promises, one by one: plain TinyDB files, atomic writes, private files,
transactions (all or nothing, nested), ids never reused, caches that notice other writers,
backups pruned newest-first."""

from __future__ import annotations

import errno
import os
import random
import stat
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from filelock import FileLock, Timeout
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from data.dates import now_helsinki
from data.models import (
    Client,
    Concern,
    Meeting,
    MonthlyReport,
    Palaveri,
    PalaveriKind,
    Relationship,
    Settings,
)
from data.storage import (
    BACKUPS,
    JOURNAL,
    LOCK,
    META,
    AtomicJSONStorage,
    BusyError,
    Engine,
    PendingChangeError,
    StorageError,
    WriteError,
)
from data.storage import engine as storage
from data.storage.files import TAIL
from data.store import Store
from tests import factories
from tests.storage_helpers import (
    PAIR_A,
    PAIR_B,
    USER,
    check_consistent,
    client,
    every_file,
    meeting,
    on_disk,
    posix_only,
    put_markers,
    read_with_tinydb,
    seed_folder,
    snapshot,
)

# ----- every file the program writes opens with plain TinyDB(path) ----------------------------


def _fail_nth_replace(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """Make the n-th ``os.replace`` from now fail as a full disk would."""
    real = os.replace
    calls = {"n": 0}

    def replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == n:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_every_file_the_program_writes_opens_with_plain_tinydb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(tmp_path / "data")
    rel = factories.active(store)
    rid = rel.id or 0
    for day in (30, 20, 10):
        store.meetings.log(
            USER, Meeting(relationship_id=rid, on=factories.ago(day), place="puisto")
        )
    store.palaverit.save(
        USER, Palaveri(relationship_id=rid, kind=PalaveriKind.REVIEW, on=factories.ago(5))
    )
    month = factories.ago(40).replace(day=1)
    store.reports.receive(
        USER,
        MonthlyReport(relationship_id=rid, month=month, days_met=[month], received_on=month),
    )
    store.concerns.add(
        USER,
        Concern(
            client_id=rel.client_id,
            noticed_at=now_helsinki() - timedelta(hours=2),
            what="Väsynyt ja nälkäinen",
        ),
    )
    store.records.save_settings(USER, Settings(organiser="Yhdistys ry"))
    put_markers(store.engine, "raw")
    # a multi-file change whose second data file fails leaves its journal behind
    with monkeypatch.context() as patch:
        _fail_nth_replace(patch, 3)  # journal, first file, *second file*
        with pytest.raises(PendingChangeError):
            put_markers(store.engine, "interrupted")

    folder = store.folder
    files = every_file(folder)
    names = {p.relative_to(folder).as_posix() for p in files}
    assert JOURNAL in names and LOCK in names
    assert any(name.startswith(BACKUPS + "/") for name in names)
    assert {"settings.json", "concerns.json", f"rel/{rid}.json"} <= names
    assert not [p for p in files if p.name.endswith(".tmp")]
    for path in files:
        tables = read_with_tinydb(path)
        if path.name == LOCK:
            assert tables == {}
        else:
            assert tables, f"{path} has no tables"
    journal = read_with_tinydb(folder / JOURNAL)["journal"]
    assert [entry["path"] for entry in journal] == [PAIR_A, PAIR_B]

    with store.engine.transaction():  # finishes the interrupted change
        pass
    for path in every_file(folder):
        read_with_tinydb(path)
    check_consistent(store.engine)


def test_tinydb_with_the_atomic_storage_reads_and_writes_data_files(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store.records.add(USER, client("one"))
    path = store.folder / "clients.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert [row["last_name"] for row in db.table("clients").all()] == ["one"]
        db.table("notes").insert({"text": "hei"})
    assert read_with_tinydb(path)["notes"] == [{"text": "hei"}]
    assert [c.last_name for c in store.records.list(Client)] == ["one"]
    assert not list(store.folder.glob(".*.tmp"))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


# ----- atomic writes ------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_drops_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(tmp_path / "data")
    with engine.transaction() as tx:
        tx.put("a.json", "t", 1, {"v": "old"})
    old = engine.path("a.json").read_bytes()
    assert engine.table("a.json", "t") == {"1": {"v": "old"}}  # cached now

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", _raise_enospc)
        with pytest.raises(WriteError, match="disk is full") as failed, engine.transaction() as tx:
            tx.put("a.json", "t", 1, {"v": "new"})
            tx.put("a.json", "t", 2, {"v": "new"})
    assert failed.value.code == "disk_full"

    assert engine.path("a.json").read_bytes() == old
    assert not engine.stray_temp_files()  # the temp file was removed
    reads = _count_disk_reads(monkeypatch)
    assert engine.table("a.json", "t") == {"1": {"v": "old"}}
    assert reads["n"] == 1, "the next read must come from the disk, not the dropped cache"
    assert engine.table("a.json", "t") == {"1": {"v": "old"}}
    assert reads["n"] == 1  # … and is cached again afterwards
    with engine.transaction() as tx:  # the engine still works
        tx.put("a.json", "t", 1, {"v": "newer"})
    assert Engine(engine.folder).table("a.json", "t") == {"1": {"v": "newer"}}


def _raise_enospc(src: Any, dst: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _count_disk_reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    reads = {"n": 0}
    real = storage._read_raw

    def counting(path: Path) -> Any:
        reads["n"] += 1
        return real(path)

    monkeypatch.setattr(storage, "_read_raw", counting)
    return reads


def test_a_failed_journal_write_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = seed_folder(tmp_path / "data")
    put_markers(store.engine, "before")
    before = snapshot(store.folder)
    with monkeypatch.context() as patch:
        _fail_nth_replace(patch, 1)  # the journal itself cannot be placed
        with pytest.raises(WriteError, match="Nothing was changed"):
            put_markers(store.engine, "lost")
    assert snapshot(store.folder) == before
    fresh = Engine(store.folder)
    with fresh.transaction():
        pass
    assert snapshot(store.folder) == before
    check_consistent(fresh)


def test_a_multi_file_change_failing_half_way_is_finished_by_the_next_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once its journal is in place a change is committed: the caller is told it is saved and
    pending (not "failed", which would invite a second entry), and the next transaction or the
    next read that reloads a file completes it, so no half-applied change outlives the failure."""
    store = seed_folder(tmp_path / "data")
    with monkeypatch.context() as patch:
        _fail_nth_replace(patch, 3)
        with pytest.raises(PendingChangeError, match="do not enter it again"):
            put_markers(store.engine, "half")
    assert (store.folder / JOURNAL).exists()
    assert "half" in str(on_disk(store.engine, PAIR_A, "markers"))
    assert "half" not in str(on_disk(store.engine, PAIR_B, "markers"))  # for now
    store.records.add(USER, client("next"))  # any transaction
    assert not (store.folder / JOURNAL).exists()
    check_consistent(Engine(store.folder))
    assert "half" in str(Engine(store.folder).table(PAIR_B, "markers"))


def test_a_reader_finishes_an_interrupted_change_before_it_reloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = seed_folder(tmp_path / "data")
    with monkeypatch.context() as patch:
        _fail_nth_replace(patch, 3)
        with pytest.raises(PendingChangeError):
            put_markers(store.engine, "half")
    reader = Engine(store.folder)
    a = str(reader.table(PAIR_A, "markers"))
    b = str(reader.table(PAIR_B, "markers"))
    assert "half" in a and "half" in b
    assert not (store.folder / JOURNAL).exists()


# ----- private by default, group-shared on request ---------------------------------------------


@pytest.fixture
def umask() -> Iterator[Any]:
    """Set a umask for the test (as a user's shell would), restore it afterwards."""
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    try:
        yield set_mask
    finally:
        os.umask(old)


def _fill(folder: Path) -> Store:
    store = seed_folder(folder)
    rid = store.records.list(Relationship)[0].id or 0
    for token in ("a", "b"):  # written twice: backups of rel/ and index/ files too
        store.meetings.log(USER, meeting(rid, token, random.Random(token)))
        put_markers(store.engine, token)
    return store


def _modes(folder: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        out[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.stat().st_mode)
    return out


@posix_only
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_private_by_default_folder_0700_files_0600(tmp_path: Path, umask: Any, mask: int) -> None:
    umask(mask)
    store = _fill(tmp_path / "data")
    modes = _modes(store.folder)
    assert {"rel", "index", "reports", BACKUPS, LOCK} <= set(modes)
    assert len([k for k in modes if k.startswith(BACKUPS + "/")]) > 3
    for rel, mode in modes.items():
        is_dir = (store.folder / rel).is_dir()
        assert mode == (0o700 if is_dir else 0o600), f"{rel}: {oct(mode)}"


@posix_only
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_group_shared_folder_0770_files_0660(tmp_path: Path, umask: Any, mask: int) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    umask(mask)
    store = _fill(folder)
    # a rewrite keeps the group's rights
    store.records.add(USER, client("again"))
    modes = _modes(store.folder)
    assert {"rel", "index", "reports", BACKUPS, LOCK} <= set(modes)
    for rel, mode in modes.items():
        is_dir = (store.folder / rel).is_dir()
        # folders keep the setgid bit, so new files get the team's group
        assert mode == (0o2770 if is_dir else 0o660), f"{rel}: {oct(mode)}"


@posix_only
@pytest.mark.parametrize("made", [0o755, 0o775, 0o770])
def test_group_bits_without_setgid_keep_the_folder_private(
    tmp_path: Path, umask: Any, made: int
) -> None:
    """A folder made with a plain mkdir (0755) is not set up for a team: files stay 0600."""
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, made)
    umask(0o022)
    store = _fill(folder)
    modes = _modes(store.folder)
    del modes["."]  # the folder itself is the user's; what Tuki makes in it is private
    for rel, mode in modes.items():
        is_dir = (store.folder / rel).is_dir()
        assert mode == (0o700 if is_dir else 0o600), f"{rel}: {oct(mode)}"


@posix_only
def test_a_new_folder_is_created_private(tmp_path: Path, umask: Any) -> None:
    umask(0o000)
    engine = Engine(tmp_path / "new" / "data")
    assert stat.S_IMODE(engine.folder.stat().st_mode) == 0o700
    with pytest.raises(StorageError, match="does not exist"):
        Engine(tmp_path / "missing", create=False)


# ----- transactions ---------------------------------------------------------------------------


def test_an_exception_inside_a_transaction_writes_nothing(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    with engine.transaction() as tx:
        tx.put("a.json", "t", 1, {"v": 1})
    before = snapshot(engine.folder)

    with pytest.raises(ZeroDivisionError), engine.transaction() as tx:
        tx.put("a.json", "t", 1, {"v": 2})
        tx.put("b.json", "t", tx.next_id("b.json", "t"), {"v": 2})
        tx.remove("a.json", "t", 1)
        _ = 1 / 0
    assert snapshot(engine.folder) == before
    assert engine.table("a.json", "t") == {"1": {"v": 1}}  # the cache was not touched
    assert not engine.exists("b.json")
    with engine.transaction() as tx:  # a new transaction starts clean
        assert tx.table("a.json", "t") == {"1": {"v": 1}}
        assert tx.next_id("b.json", "t") == 1

    # the same through the service: a refused change stores nothing
    store = Store.open(engine.folder)
    c = store.records.add(USER, client("kept"))
    before = snapshot(engine.folder)
    with pytest.raises(ValueError):
        store.records.change(USER, Client, c.id or 0, c.version, _edit_then_fail)
    assert snapshot(engine.folder) == before


def _edit_then_fail(c: Client) -> Client:
    raise ValueError("the screen gave up")


def test_nested_transactions_join_the_outer_one(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    other = Engine(tmp_path / "data")
    store = Store.open(tmp_path / "data")
    with engine.transaction() as outer:
        outer.put("a.json", "t", 1, {"v": 1})
        with engine.transaction() as inner:
            assert inner is outer
            inner.put("b.json", "t", 1, {"v": 1})
            assert inner.table("a.json", "t") == {"1": {"v": 1}}  # sees the outer's change
        assert not engine.exists("b.json")  # the inner block did not commit
        assert other.table("b.json", "t") == {}
    assert other.table("a.json", "t") == {"1": {"v": 1}}
    assert other.table("b.json", "t") == {"1": {"v": 1}}

    # store calls inside one transaction: all stored together, or none
    with pytest.raises(RuntimeError), store.engine.transaction():
        store.records.add(USER, client("one"))
        store.records.add(USER, client("two"))
        raise RuntimeError("stop")
    assert store.records.list(Client) == []
    with store.engine.transaction():
        first = store.records.add(USER, client("one"))
        second = store.records.add(USER, client("two"))
        assert not store.engine.exists("clients.json")
    assert (first.id, second.id) == (1, 2)
    assert [c.last_name for c in Store.open(tmp_path / "data").records.list(Client)] == [
        "one",
        "two",
    ]


def test_a_held_lock_makes_others_wait_then_give_up_with_a_clear_error(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data", lock_timeout=0.2)
    holder = FileLock(str(engine.folder / LOCK))  # another process, as far as flock can tell
    with (
        holder,
        pytest.raises(BusyError, match="locked by another Tuki"),
        engine.transaction() as tx,
    ):
        tx.put("a.json", "t", 1, {})
    with engine.transaction() as tx:  # free again
        tx.put("a.json", "t", 1, {})
    assert engine.exists("a.json")


# ----- ids --------------------------------------------------------------------------------------


def test_next_id_never_reuses_an_id(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    with engine.transaction() as tx:
        ids = [tx.next_id("a.json", "t") for _ in range(3)]  # three in one transaction
        for i in ids:
            tx.put("a.json", "t", i, {"n": i})
    assert ids == [1, 2, 3]
    with engine.transaction() as tx:
        tx.remove("a.json", "t", 3)  # the newest is deleted …
        tx.remove("a.json", "t", 2)
    with engine.transaction() as tx:
        assert tx.next_id("a.json", "t") == 4  # … and its id is not handed out again
    with engine.transaction() as tx:  # allocated but never used: still not reused
        assert tx.next_id("a.json", "t") == 5
    with Engine(engine.folder).transaction() as tx:  # a fresh process continues the count
        assert tx.next_id("a.json", "t") == 6
        assert tx.next_id("a.json", "other") == 1  # each table counts for itself
    with engine.transaction() as tx:
        for key in list(tx.table("a.json", "t")):
            tx.remove("a.json", "t", int(key))
    with engine.transaction() as tx:
        assert tx.next_id("a.json", "t") == 7


def test_next_id_continues_after_ids_written_by_plain_tinydb(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with TinyDB(folder / "a.json") as db:
        db.table("t").insert_multiple([{"n": 1}, {"n": 2}, {"n": 3}])
    engine = Engine(folder)
    with engine.transaction() as tx:
        new = tx.next_id("a.json", "t")
        tx.put("a.json", "t", new, {"n": 4})
    assert new == 4
    with TinyDB(folder / "a.json") as db:
        assert [d.doc_id for d in db.table("t").all()] == [1, 2, 3, 4]


def test_ids_alternate_between_two_engines_without_clashing(tmp_path: Path) -> None:
    engines = [Engine(tmp_path / "data"), Engine(tmp_path / "data")]
    got = []
    for i in range(10):
        with engines[i % 2].transaction() as tx:
            new = tx.next_id("a.json", "t")
            tx.put("a.json", "t", new, {"by": i % 2})
            got.append(new)
    assert got == list(range(1, 11))


# ----- caches --------------------------------------------------------------------------------


def test_the_write_token_is_always_in_the_last_bytes(tmp_path: Path) -> None:
    """The cache trusts (inode, size, mtime, last bytes); the last bytes hold a fresh token so that
    a rewrite of the same size into a reused inode within one timestamp tick is still seen."""
    folder = tmp_path / "data"
    with Engine(folder).transaction() as tx:
        tx.put("a.json", "t", 1, {"v": 1})  # a file first written without an id counter
    tokens = set()
    for i in range(3):
        with Engine(folder).transaction() as tx:  # a fresh engine reads _meta from the disk
            for table in ("alpha_table", "beta_table", "gamma_table", "delta_table"):
                tx.next_id("a.json", table)
            tx.put("a.json", "t", 1, {"v": i})
        raw = (folder / "a.json").read_bytes()
        token = orjson.loads(raw)[META]["1"]["token"]
        assert token.encode() in raw[-TAIL:], raw[-TAIL:]
        tokens.add(token)
    assert len(tokens) == 3


def test_engine_files_lists_data_files_only(tmp_path: Path) -> None:
    store = _fill(tmp_path / "data")
    (store.folder / ".clients.json.123.abcd.tmp").write_bytes(b"{")
    (store.folder / JOURNAL).write_bytes(b"{}")
    files = store.engine.files()
    assert "clients.json" in files and PAIR_B in files
    assert all(not f.startswith(BACKUPS) and "/." not in f and not f.startswith(".") for f in files)
    assert store.engine.files("rel") == [f for f in files if f.startswith("rel/")]
    assert [p.name for p in store.engine.stray_temp_files()] == [".clients.json.123.abcd.tmp"]


# ----- backups ----------------------------------------------------------------------------------


def test_prune_backups_keeps_the_newest(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    root = engine.folder / BACKUPS
    start = date(2026, 3, 1)
    made = []
    for day in range(10):
        for hour in (6, 12, 18):
            name = f"{(start + timedelta(days=day)).strftime('%Y%m%d')}-{hour:02d}"
            (root / name).mkdir(parents=True)
            (root / name / "clients.json").write_bytes(b"{}")
            made.append(name)
    engine.prune_backups(keep_hours=4, keep_days=5)
    kept = sorted((p.name for p in root.iterdir()), reverse=True)
    # the four newest hours (two days), then the newest hour of each older day up to 5 days
    assert kept == [
        "20260310-18",
        "20260310-12",
        "20260310-06",
        "20260309-18",
        "20260308-18",
        "20260307-18",
        "20260306-18",
    ]
    assert all((root / name / "clients.json").exists() for name in kept)
    engine.prune_backups(keep_hours=1, keep_days=1)
    assert [p.name for p in root.iterdir()] == ["20260310-18"]


# ----- a property: whatever a transaction does, a fresh reader and TinyDB see it ---------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["put", "remove", "new"]),
        st.sampled_from(["a.json", "sub/b.json"]),
        st.sampled_from(["t", "u"]),
        st.integers(1, 6),
        st.integers(0, 99),
    ),
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(batches=st.lists(st.tuples(OPS, st.booleans()), min_size=1, max_size=4))
def test_committed_transactions_match_a_model(tmp_path_factory: Any, batches: Any) -> None:
    folder = tmp_path_factory.mktemp("prop")
    engine = Engine(folder, durable=False)
    model: dict[tuple[str, str], dict[str, Any]] = {}
    for ops, fail in batches:
        draft = {key: dict(rows) for key, rows in model.items()}
        try:
            with engine.transaction() as tx:
                for op, rel, table, doc_id, value in ops:
                    rows = draft.setdefault((rel, table), {})
                    if op == "put":
                        tx.put(rel, table, doc_id, {"v": value})
                        rows[str(doc_id)] = {"v": value}
                    elif op == "remove":
                        tx.remove(rel, table, doc_id)
                        rows.pop(str(doc_id), None)
                    else:
                        new = tx.next_id(rel, table)
                        assert str(new) not in rows
                        tx.put(rel, table, new, {"v": value})
                        rows[str(new)] = {"v": value}
                if fail:
                    raise KeyError("abort")
            model = draft
        except KeyError:
            pass
    fresh = Engine(folder)
    for (rel, table), rows in model.items():
        assert fresh.table(rel, table) == rows
        if fresh.exists(rel):
            plain = read_with_tinydb(folder / rel).get(table, [])
            assert len(plain) == len(rows)


def test_the_folder_lock_and_filelocks_exclude_each_other(tmp_path: Path) -> None:
    """``FolderLock`` holds the lock file with flock, as filelock does: a Tuki of an earlier
    version (filelock) and this one wait for each other."""
    from data.storage.lock import FolderLock

    path = tmp_path / LOCK
    mine, theirs = FolderLock(path, 0o600), FileLock(str(path))
    assert mine.acquire(0.1)
    with pytest.raises(Timeout):
        theirs.acquire(timeout=0.1)
    assert not FolderLock(path, 0o600).acquire(0.1)  # another of this version waits too
    mine.release()
    with theirs:
        assert not mine.acquire(0.1)
    assert mine.acquire(0)
    mine.release()


def test_a_file_system_without_flock_is_locked_as_filelock_locks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    from data.storage.lock import FolderLock

    real, calls = fcntl.flock, []

    def refused_once(fd: int, how: int) -> None:  # (filelock's own try then takes it)
        calls.append(how)
        if len(calls) == 1:
            raise OSError(errno.ENOLCK, "no locks here")
        real(fd, how)

    lock = FolderLock(tmp_path / LOCK, 0o600)
    monkeypatch.setattr(fcntl, "flock", refused_once)
    assert lock.acquire(0.1)
    monkeypatch.undo()
    assert lock._other is not None and lock._other.is_locked
    assert not FolderLock(tmp_path / LOCK, 0o600).acquire(0.1)
    lock.release()
    assert not lock._other.is_locked


def test_many_records_added_in_one_change_read_the_ids_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import adds thousands of records in one change: each new id is above every id
    already there (and above one put by hand meanwhile), but the ids are read once, not once
    per record (10,000 clients took 57 s when every id was read for each new one)."""
    from data.storage.layout import FolderLayout

    store = Store.open(tmp_path / "d")
    first = factories.client(store)
    floors: list[str] = []
    real = FolderLayout.floor

    def counted(self: FolderLayout, reader: Any, rel: str, table: str) -> int:
        floors.append(rel)
        return real(self, reader, rel, table)

    monkeypatch.setattr(FolderLayout, "floor", counted)
    with store.records.transaction():
        added = [
            store.records.add(USER, first.model_copy(update={"id": None, "first_name": f"A{n}"}))
            for n in range(40)
        ]
    ids = [first.id, *(c.id for c in added)]
    assert len(set(ids)) == len(ids) == 41 and ids == sorted(ids)
    assert floors.count("clients.json") == 1
    assert {c.id for c in store.records.list(Client)} == set(ids)
