"""The change log (``data/storage/delta.py``): what one saved meeting costs, and that it is safe.

Saving a meeting appends one line to ``.delta.json`` (the rows of the shard and of the index
bucket, each with the write token of the file it applies to) and rewrites the shard; the index
bucket is rewritten only when the log is folded. These tests count the fsyncs and bytes of one
save, kill -9 a saver and a folder at each step of the log, put back files and logs as a power cut
could leave them, and check what another process sees.
"""

from __future__ import annotations

import errno
import os
import random
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from data.models import Client, Meeting
from data.storage import Engine, PendingChangeError, WriteError
from data.storage import delta as changelog
from data.storage.layout import MEETINGS, SUMMARIES, index_file, shard, summarise
from data.store import Store
from tests.storage.test_storage_crash import _check_after_kill, _kill_writer, _run_child
from tests.storage_helpers import (
    USER,
    Acks,
    check_consistent,
    check_files_parse,
    client,
    fold_log,
    fork_warning,
    install_kill_point,
    needs_fork,
    read_with_tinydb,
    seed_folder,
)

KB = 1024


def _active(store: Store) -> int:
    rows = store.engine.table("relationships.json", "relationships")
    return next(int(k) for k, r in rows.items() if r["agreement"]["contact"] == "seed-active")


def _log(store: Store, rid: int, place: str, day: int = 1) -> Meeting:
    on = date(2021, 1, 1).replace(day=day)
    return store.meetings.log(USER, Meeting(relationship_id=rid, on=on, place=place))


def _national_bucket(store: Store, rid: int) -> None:
    """Fill the relationship's index bucket as at national scale (~350 relationships each)."""
    entry = {"held": 40, "cancelled": 3, "last_held": "2026-11-02", "last": "2026-11-02"}
    entry["months"] = " ".join(f"2024-{m:02d}=3/0 2025-{m:02d}=4/1" for m in range(1, 13))
    with store.engine.transaction() as tx:
        for k in range(1, 350):
            tx.put(index_file(rid), "reported", rid + 64 * k, {"months": "2025-01 2025-02"})
            tx.put(index_file(rid), SUMMARIES, rid + 64 * k, entry)
    fold_log(store.engine)
    assert os.path.getsize(store.engine.path(index_file(rid))) > 128 * KB


def test_one_saved_meeting_costs_three_fsyncs_and_a_few_kb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The target of issue 13: at most 3 fsyncs and 32 KB written per saved meeting (the
    journal wrote the 128 KB index bucket twice and fsynced three files and three folders)."""
    store = seed_folder(tmp_path / "data")
    rid = _active(store)
    for day in range(1, 21):  # a shard of twenty meetings (about 12 KB)
        _log(store, rid, f"warm{day}", day)
    _national_bucket(store, rid)
    bucket = store.engine.path(index_file(rid))
    count: Counter[str] = Counter()
    real_fsync, real_fdatasync, real_write = os.fsync, os.fdatasync, os.write

    def fsync(fd: int) -> None:
        count["fsync"] += 1
        real_fsync(fd)

    def fdatasync(fd: int) -> None:
        count["fsync"] += 1
        real_fdatasync(fd)

    def write(fd: int, data: Any) -> int:
        written = real_write(fd, data)
        count["bytes"] += written
        return written

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "fdatasync", fdatasync)
    monkeypatch.setattr(os, "write", write)
    saved = _log(store, rid, "counted", 21)
    monkeypatch.undo()

    assert count["fsync"] <= 3, count
    assert count["bytes"] <= 32 * KB, count
    assert count["bytes"] < os.path.getsize(bucket)  # the bucket itself was not rewritten
    fresh = Store.open(tmp_path / "data")  # another process sees the meeting and its summary
    assert [m.place for m in fresh.meetings.of(rid)][-1] == "counted"
    assert fresh.meetings.summary(rid).held == 21
    assert saved.id == 21
    summary = fresh.engine.table(index_file(rid), SUMMARIES)[str(rid)]
    assert summary == summarise(fresh.engine.table(shard(rid), MEETINGS))


def test_a_line_applies_only_to_the_file_it_was_written_for(tmp_path: Path) -> None:
    """A power cut may lose the shard's rename but not the line (fdatasync'd first): the old
    shard still carries the token the line names, so every reader sees the meeting. A log put
    back after a fold (its reset lost) names tokens that are gone and changes nothing."""
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "first")
    old_shard = store.engine.path(shard(rid)).read_bytes()
    _log(store, rid, "second", 2)
    store.engine.path(shard(rid)).write_bytes(old_shard)  # the rename did not survive

    fresh = Store.open(folder)
    assert [m.place for m in fresh.meetings.of(rid)] == ["first", "second"]
    assert fresh.meetings.summary(rid).held == 2
    check_consistent(fresh.engine)
    _log(fresh, rid, "third", 3)  # the next save writes the shard out whole
    on_disk = read_with_tinydb(fresh.engine.path(shard(rid)))[MEETINGS]
    assert [m["place"] for m in on_disk] == ["first", "second", "third"]

    log_before_fold = fresh.engine.path(changelog.DELTA).read_bytes()
    fold_log(fresh.engine)
    fresh.engine.path(changelog.DELTA).write_bytes(log_before_fold)  # the reset did not survive
    again = Store.open(folder)
    assert [m.place for m in again.meetings.of(rid)] == ["first", "second", "third"]
    assert again.meetings.summary(rid).held == 3
    check_consistent(again.engine)


def test_a_torn_line_is_ignored_and_cut_off_by_the_next_save(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "first")
    log = store.engine.path(changelog.DELTA)
    whole = log.read_bytes()
    assert whole.endswith(changelog.END)
    # a writer killed in the middle of its line: the closing line overwritten, no newline
    log.write_bytes(whole[: -len(changelog.END)] + b',"999":{"f":{"rel/1.json":{"b":"ab')

    fresh = Store.open(folder)
    assert [m.place for m in fresh.meetings.of(rid)] == ["first"]
    check_consistent(fresh.engine)
    _log(fresh, rid, "second", 2)
    assert read_with_tinydb(log)["delta"]  # a TinyDB document again
    again = Store.open(folder)
    assert [m.place for m in again.meetings.of(rid)] == ["first", "second"]
    check_consistent(again.engine)


def test_another_store_sees_each_save_and_each_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    writer = seed_folder(folder)
    rid = _active(writer)
    reader = Store.open(folder)
    assert reader.meetings.summary(rid).held == 0
    token = reader.engine.change_token()
    _log(writer, rid, "one")
    assert reader.engine.change_token() != token
    assert reader.meetings.summary(rid).held == 1
    assert [m.place for m in reader.meetings.of(rid)] == ["one"]
    monkeypatch.setattr(changelog, "FOLD_AT", 1)  # the next save folds the log
    _log(writer, rid, "two", 2)
    assert writer.engine.path(changelog.DELTA).read_bytes() == changelog.HEAD + changelog.END
    assert reader.meetings.summary(rid).held == 2
    assert [m.place for m in reader.meetings.of(rid)] == ["one", "two"]
    summaries = read_with_tinydb(folder / index_file(rid))[SUMMARIES]
    assert [s["held"] for s in summaries] == [2]  # folded into the bucket itself
    check_consistent(reader.engine)


def test_a_fold_that_fails_half_way_keeps_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "one")
    store.records.add(USER, client("second"))
    calls = {"n": 0}
    real_write = Engine._write

    def failing(self: Engine, rel: str, raw: bytes, **how: bool) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_write(self, rel, raw, **how)

    monkeypatch.setattr(Engine, "_write", failing)
    with store.engine.transaction():
        assert not changelog.fold(store.engine)
    monkeypatch.undo()
    assert calls["n"] == 2
    fresh = Store.open(folder)
    assert fresh.meetings.summary(rid).held == 1
    assert len(fresh.records.list(Client)) == 2
    check_consistent(fresh.engine)
    fold_log(fresh.engine)
    assert Store.open(folder).meetings.summary(rid).held == 1


# ----- kill -9 -----------------------------------------------------------------------------


def _die_after_the_line(ack_fd: int, folder: str) -> None:
    store = Store.open(folder)
    rid = _active(store)
    real = changelog.fdatasync

    def then_die(fd: int) -> None:
        real(fd)
        os.kill(os.getpid(), 9)

    changelog.fdatasync = then_die  # type: ignore[assignment]
    _log(store, rid, "target", 9)
    os.write(ack_fd, b"saved and not killed\n")


@needs_fork
@fork_warning
def test_a_save_killed_right_after_its_line_is_whole(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "before")
    shard_before = store.engine.path(shard(rid)).read_bytes()
    assert _run_child(_die_after_the_line, str(folder)) == b""
    engine = Engine(folder)
    assert engine.path(shard(rid)).read_bytes() == shard_before  # not renamed yet
    check_files_parse(engine)
    fresh = Store.open(folder)
    assert [m.place for m in fresh.meetings.of(rid)] == ["before", "target"]
    assert fresh.meetings.summary(rid).held == 2
    check_consistent(fresh.engine)
    assert _log(fresh, rid, "after", 10).id == 3  # no id given twice


def _die_while_folding(ack_fd: int, folder: str, point: tuple[str, int]) -> None:
    store = Store.open(folder)
    rid = _active(store)
    changelog.FOLD_AT = 1  # this save folds the log
    install_kill_point(point)
    _log(store, rid, "target", 9)
    os.write(ack_fd, b"saved and not killed\n")


# the save renames the shard (1); the fold rewrites the index bucket and the facts of the
# relationships (2, 3: the second relationship was added through the log), then puts an empty
# log in place (4)
FOLD_POINTS = [("after_replace", n) for n in (1, 2, 3, 4)] + [("before_replace", n) for n in (2, 4)]


@needs_fork
@fork_warning
@pytest.mark.parametrize("point", FOLD_POINTS, ids=[f"{w}-{n}" for w, n in FOLD_POINTS])
def test_a_fold_killed_at_each_step_loses_nothing(tmp_path: Path, point: tuple[str, int]) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "before")
    assert _run_child(_die_while_folding, str(folder), point) == b""
    engine = Engine(folder)
    check_files_parse(engine)
    fresh = Store.open(folder)
    assert [m.place for m in fresh.meetings.of(rid)] == ["before", "target"]
    assert fresh.meetings.summary(rid).held == 2
    check_consistent(fresh.engine)
    fold_log(fresh.engine)
    again = Store.open(folder)
    assert again.meetings.summary(rid).held == 2
    check_consistent(again.engine)
    assert read_with_tinydb(folder / changelog.DELTA)["delta"]


@needs_fork
@fork_warning
def test_kill_writer_at_random_moments_with_the_log_folding_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the engine's random kill test, with a log folded every few changes (so that kills
    land in folds too): every acknowledged change is there, the files agree, all parse."""
    monkeypatch.setattr(changelog, "FOLD_AT", 3 * KB)  # the children are forked: they inherit it
    folder = tmp_path / "data"
    seed_folder(folder)
    rnd = random.Random(303)
    acks = Acks()
    stats: Counter[str] = Counter()
    least = 0
    for run in range(25):
        got, early = _kill_writer(folder, 303 + run, True, rnd)
        least += 0 if early else 2
        acks.feed(got)
        _check_after_kill(folder, acks, stats)
    assert acks.count >= max(least, 20), acks.count
    assert os.path.getsize(folder / changelog.DELTA) < 8 * KB  # folded along the way


def test_a_line_seen_half_written_is_read_again_once_whole(tmp_path: Path) -> None:
    """A reader may catch an append half way: the closing line half overwritten (``,"`` and
    its old newline). It takes nothing of it, and takes the line once the write is whole."""
    folder = tmp_path / "data"
    writer = seed_folder(folder)
    rid = _active(writer)
    _log(writer, rid, "one")
    reader = Store.open(folder)
    assert reader.meetings.summary(rid).held == 1
    log = folder / changelog.DELTA
    before = log.read_bytes()
    _log(writer, rid, "two", 2)
    whole = log.read_bytes()
    log.write_bytes(before[: -len(changelog.END)] + b',"\n')  # as a reader may see it mid-write
    assert reader.meetings.summary(rid).held == 1  # nothing half read
    log.write_bytes(whole)
    assert reader.meetings.summary(rid).held == 2
    assert [m.place for m in reader.meetings.of(rid)] == ["one", "two"]


def test_a_damaged_log_is_never_overwritten(tmp_path: Path) -> None:
    """Lines after one that does not read back (a damaged log) are kept: the next change goes
    through the journal and the index files are written whole."""
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "one")
    _log(store, rid, "two", 2)
    log = folder / changelog.DELTA
    lines = log.read_bytes().split(b"\n")
    [two] = [i for i, line in enumerate(lines) if b'"place":"two"' in line]
    assert lines[two + 1 :] == [b"}}", b""]  # the first meeting made the shard: journaled
    lines[two] = b"x" * len(lines[two])
    damaged = b"\n".join(lines)
    log.write_bytes(damaged)
    fresh = Store.open(folder)
    _log(fresh, rid, "three", 3)
    assert log.read_bytes() == damaged
    again = Store.open(folder)
    assert [m.place for m in again.meetings.of(rid)] == ["one", "two", "three"]
    summary = again.engine.table(index_file(rid), SUMMARIES)[str(rid)]
    assert summary == summarise(again.engine.table(shard(rid), MEETINGS))


def test_a_full_disk_before_the_line_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "one")
    log = folder / changelog.DELTA
    before = log.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(changelog, "fdatasync", full)
    with pytest.raises(WriteError) as caught:
        _log(store, rid, "two", 2)
    assert caught.value.code == "disk_full"
    monkeypatch.undo()
    assert log.read_bytes() == before  # the line taken back whole
    for reader in (store, Store.open(folder)):
        assert [m.place for m in reader.meetings.of(rid)] == ["one"]
        assert reader.meetings.summary(rid).held == 1
    assert _log(store, rid, "two", 2).id == 2


def test_a_full_disk_after_the_line_says_saved_and_every_reader_sees_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = _active(store)
    _log(store, rid, "one")
    real = os.replace

    def full(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(PendingChangeError, match="do not enter it again"):
        _log(store, rid, "two", 2)
    monkeypatch.setattr(os, "replace", real)
    assert [m["place"] for m in read_with_tinydb(folder / shard(rid))[MEETINGS]] == ["one"]
    for reader in (store, Store.open(folder)):
        assert [m.place for m in reader.meetings.of(rid)] == ["one", "two"]
        assert reader.meetings.summary(rid).held == 2
        check_consistent(reader.engine)
    _log(store, rid, "three", 3)  # the next save writes the shard out whole
    on_disk = read_with_tinydb(folder / shard(rid))[MEETINGS]
    assert [m["place"] for m in on_disk] == ["one", "two", "three"]
