"""A damaged data file stops the work with a clear message, and nothing is overwritten.

Damage is done in place (as a crashed editor, a full disk or a bad copy would leave it). After it,
reading refuses with DamagedFileError naming the file and the newest backup that parses, and every
attempt to write leaves every file in the folder byte for byte as it was.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from data.models import Client, Relationship, State, Volunteer
from data.storage import BACKUPS, JOURNAL, AtomicJSONStorage, DamagedFileError, Engine
from data.storage.files import JournalDamagedError
from data.storage.layout import index_file, shard
from data.store import Store
from tests.storage_helpers import (
    USER,
    client,
    meeting,
    read_with_tinydb,
    relationship,
    snapshot,
    volunteer,
)


def _truncate(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _garble(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + b"\x00\xff#!garbage" + raw[middle + 11 :]


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (_truncate, "not valid JSON"),
    "garbled": (_garble, "not valid JSON"),
    "empty": (lambda raw: b"", "the file is empty"),
    "blank": (lambda raw: b"  \n", "the file is empty"),
    "not a document": (lambda raw: b"[1, 2, 3]", "not a TinyDB document"),
    "not a table": (lambda raw: b'{"clients": [1, 2]}', "is not a TinyDB table"),
}


def damage(path: Path, how: str) -> None:
    """Damage ``path`` in place (same inode, as an editor or a bad disk would)."""
    raw = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.write(DAMAGE[how][0](raw))
        handle.truncate()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Two clients (so clients.json was written twice and has a backup), a relationship with
    a meeting logged twice (the shard and the index have backups too)."""
    store = Store.open(tmp_path / "data")
    v = store.records.add(USER, volunteer())
    first = store.records.add(USER, client("first"))
    store.records.add(USER, client("second"))
    r = store.records.add(USER, relationship(first.id or 0, v.id or 0, state=State.ACTIVE))
    for token in ("one", "two"):
        store.meetings.log(USER, meeting(r.id or 0, token, random.Random(token)))
    return store


def _hour_backup(store: Store, rel: str) -> Path:
    [hour] = store.engine.backup_hours()
    return hour / rel.replace("/", "~")


@pytest.mark.parametrize("how", list(DAMAGE))
def test_damaged_file_is_refused_naming_file_and_backup_and_nothing_is_overwritten(
    store: Store, how: str
) -> None:
    folder = store.folder
    path = folder / "clients.json"
    backup = _hour_backup(store, "clients.json")
    assert [row["last_name"] for row in read_with_tinydb(backup)["clients"]] == ["first"]
    damage(path, how)
    damaged = path.read_bytes()
    before = snapshot(folder)

    def refused(call: Callable[[], object]) -> DamagedFileError:
        with pytest.raises(DamagedFileError) as caught:
            call()
        assert path.read_bytes() == damaged
        assert snapshot(folder) == before, "a file changed after a refused call"
        return caught.value

    # the store that had the file cached notices, and so does a fresh one
    for reader in (store, Store.open(folder)):
        exc = refused(lambda r=reader: r.records.list(Client))  # type: ignore[misc]
        assert exc.path == path
        assert exc.backup == backup
        assert DAMAGE[how][1] in exc.reason
        message = str(exc)
        assert str(path) in message
        assert f"The newest backup is {backup}." in message
        refused(lambda r=reader: r.records.get(Client, 1))  # type: ignore[misc]

    # every way of writing is refused before anything is written
    refused(lambda: store.records.add(USER, client("third")))
    refused(
        lambda: store.records.update(USER, client("x").model_copy(update={"id": 1, "version": 1}))
    )
    refused(lambda: Store.open(folder).records.change(USER, Client, 1, 1, lambda c: c))
    rid = store.records.list(Relationship)[0].id or 0
    refused(lambda: store.records.add(USER, relationship(1, 1)))  # reads clients.json for the link

    def raw_transaction() -> None:
        with store.engine.transaction() as tx:
            tx.put("volunteers.json", "volunteers", 99, {"x": 1})  # an undamaged file …
            tx.put("clients.json", "clients", 99, {"x": 1})  # … and the damaged one

    refused(raw_transaction)
    # files that are not damaged still work
    assert store.meetings.of(rid)
    assert [v.last_name for v in store.records.list(Volunteer)] == ["Vapaa"]


def test_damaged_shard_and_index_are_refused_and_the_other_file_is_not_written(
    store: Store,
) -> None:
    folder = store.folder
    rid = store.records.list(Relationship)[0].id or 0
    for rel, other in ((shard(rid), index_file(rid)), (index_file(rid), shard(rid))):
        path = folder / rel
        good = path.read_bytes()
        damage(path, "truncated")
        before = snapshot(folder)
        with pytest.raises(DamagedFileError) as caught:
            store.meetings.log(USER, meeting(rid, "three", random.Random(3)))
        assert caught.value.path == path
        if rel == shard(rid):  # the index bucket is not rewritten by a save (the change log)
            assert caught.value.backup == _hour_backup(store, rel)
            assert str(_hour_backup(store, rel)) in str(caught.value)
        assert snapshot(folder) == before, f"{other} was written although {rel} is damaged"
        path.write_bytes(good)  # repaired by hand
        store.engine.forget()


def test_no_backup_is_said_plainly(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store.records.add(USER, client("only"))  # written once: nothing to back up yet
    path = store.folder / "clients.json"
    damage(path, "garbled")
    before = snapshot(store.folder)
    with pytest.raises(DamagedFileError) as caught:
        Store.open(store.folder).records.add(USER, client("more"))
    assert caught.value.backup is None
    assert str(path) in str(caught.value)
    assert "No backup of it was found." in str(caught.value)
    assert snapshot(store.folder) == before


def test_the_newest_backup_that_parses_is_named(store: Store) -> None:
    folder = store.folder
    current = _hour_backup(store, "clients.json")
    older = folder / BACKUPS / "20200101-00" / "clients.json"
    older.parent.mkdir()
    shutil.copy2(current, older)
    damage(folder / "clients.json", "truncated")
    with pytest.raises(DamagedFileError) as caught:
        Store.open(folder).records.list(Client)
    assert caught.value.backup == current

    damage(current, "garbled")  # the newest backup is damaged too: name the older one
    with pytest.raises(DamagedFileError) as caught:
        Store.open(folder).records.list(Client)
    assert caught.value.backup == older
    assert f"The newest backup is {older}." in str(caught.value)


def test_backups_are_made_before_the_first_change_of_the_hour(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store.records.add(USER, client("a"))
    assert store.engine.backup_hours() == []  # a new file has nothing to back up
    store.records.add(USER, client("b"))
    backup = _hour_backup(store, "clients.json")
    assert [r["last_name"] for r in read_with_tinydb(backup)["clients"]] == ["a"]
    store.records.add(USER, client("c"))  # later changes in the same hour keep the first backup
    assert [r["last_name"] for r in read_with_tinydb(backup)["clients"]] == ["a"]
    # the backup is a separate file: changing the data file in place leaves it alone
    damage(store.folder / "clients.json", "empty")
    assert [r["last_name"] for r in read_with_tinydb(backup)["clients"]] == ["a"]
    if hasattr(os, "link"):
        assert os.stat(backup).st_ino != os.stat(store.folder / "clients.json").st_ino


def test_a_damaged_journal_stops_every_write_and_stays(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    store.records.add(USER, client("a"))
    journal = store.folder / JOURNAL
    journal.write_bytes(b'{"journal": {"1": {"path": "clients.json", "doc": {"cli')
    before = snapshot(store.folder)
    with pytest.raises(JournalDamagedError) as caught:
        store.records.add(USER, client("b"))
    assert caught.value.path == journal
    assert str(journal) in str(caught.value)
    assert snapshot(store.folder) == before


def test_atomic_storage_for_tinydb_refuses_damage_too(store: Store) -> None:
    path = store.folder / "clients.json"
    damage(path, "truncated")
    damaged = path.read_bytes()
    with TinyDB(path, storage=AtomicJSONStorage) as db, pytest.raises(DamagedFileError):
        db.tables()
    assert path.read_bytes() == damaged


def test_engine_read_of_a_damaged_file_leaves_cache_and_file_alone(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    with engine.transaction() as tx:
        tx.put("a.json", "t", 1, {"v": 1})
    with engine.transaction() as tx:
        tx.put("a.json", "t", 1, {"v": 2})
    damage(engine.path("a.json"), "garbled")
    for _ in range(2):  # refused every time, not only the first
        with pytest.raises(DamagedFileError):
            engine.read("a.json")
    backup = engine.newest_backup("a.json")
    assert backup is not None
    assert read_with_tinydb(backup)["t"] == [{"v": 1}]
