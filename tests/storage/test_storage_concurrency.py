"""Several processes on one data folder: no lost update, no duplicate id, no stale reads.

The writers are forked child processes that start together at a barrier and report what they
stored; the parent then reads the folder and checks that every reported change is there.
"""

from __future__ import annotations

import queue
import random
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from data.errors import ConflictError
from data.models import Client, Relationship
from data.storage import Engine
from data.storage.layout import MEETINGS, index_file, shard, summarise
from data.store import Store
from tests.storage_helpers import (
    USER,
    check_files_parse,
    client,
    fork_context,
    fork_warning,
    meeting,
    needs_fork,
    seed_folder,
)

PROCESSES = 4
CLIENTS = 50
MEETINGS_EACH = 30
INCREMENTS = 25


def _in_children(target: Callable[..., Any], *args: Any, n: int = PROCESSES) -> list[Any]:
    """Run ``target(index, barrier, *args)`` in ``n`` forked processes; return their results."""
    ctx = fork_context()
    barrier = ctx.Barrier(n)
    results = ctx.Queue()

    def run(index: int) -> None:
        try:
            results.put((index, "ok", target(index, barrier, *args)))
        except BaseException:
            results.put((index, "error", traceback.format_exc()))

    procs = [ctx.Process(target=run, args=(i,), daemon=True) for i in range(n)]
    for proc in procs:
        proc.start()
    out: dict[int, Any] = {}
    try:
        for _ in procs:
            index, status, value = results.get(timeout=120)
            assert status == "ok", f"process {index} failed:\n{value}"
            out[index] = value
    finally:
        for proc in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
    assert all(proc.exitcode == 0 for proc in procs)
    return [out[i] for i in range(n)]


def _increment(store: Store, user: str, counter_id: int, token: str, optimistic: bool) -> int:
    """Append ``token`` to the counter record; retry on conflicts. Returns the conflicts seen."""
    conflicts = 0
    while True:
        current = store.records.get(Client, counter_id)  # read without the lock, like a screen does
        edited = current.model_copy(update={"interests": [*current.interests, token]})
        try:
            if optimistic:
                store.records.update(user, edited)
            else:
                store.records.change(
                    user, Client, counter_id, current.version, lambda _c, e=edited: e
                )
            return conflicts
        except ConflictError as exc:
            assert exc.changed_by != user and exc.changed_by.startswith("proc")
            assert exc.fields == ["interests"]
            conflicts += 1


def _busy_writer(index: int, barrier: Any, folder: str, rid: int, counter_id: int) -> Any:
    user = f"proc{index}"
    store = Store.open(folder)
    rnd = random.Random(index)
    ops = ["client"] * CLIENTS + ["meeting"] * MEETINGS_EACH + ["increment"] * INCREMENTS
    rnd.shuffle(ops)
    clients: list[tuple[int, str]] = []
    meetings: list[tuple[int, str]] = []
    increments: list[str] = []
    conflicts = 0
    barrier.wait(60)
    for k, op in enumerate(ops):
        token = f"p{index}k{k}"
        if op == "client":
            clients.append((store.records.add(user, client(token)).id or 0, token))
        elif op == "meeting":
            meetings.append((store.meetings.log(user, meeting(rid, token, rnd)).id or 0, token))
        else:
            conflicts += _increment(store, user, counter_id, token, optimistic=k % 2 == 0)
            increments.append(token)
    return clients, meetings, increments, conflicts


@needs_fork
@fork_warning
def test_four_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = next(r.id for r in store.records.list(Relationship) if r.state == "starting")
    counter = store.records.add(USER, client("counter"))

    results = _in_children(_busy_writer, str(folder), rid, counter.id)

    fresh = Store.open(folder)
    check_files_parse(fresh.engine)
    # every client each process was told it stored, under an id nobody else got
    made = [item for clients, _, _, _ in results for item in clients]
    assert len(made) == PROCESSES * CLIENTS
    assert len({cid for cid, _ in made}) == len(made), "an id was handed out twice"
    stored = {c.id: c for c in fresh.records.list(Client)}
    assert len(stored) == PROCESSES * CLIENTS + 2
    for cid, token in made:
        assert stored[cid].last_name == token

    # every meeting, distinct ids, the index matches the shard
    logged = [item for _, meetings, _, _ in results for item in meetings]
    assert len({mid for mid, _ in logged}) == len(logged) == PROCESSES * MEETINGS_EACH
    rows = fresh.engine.table(shard(rid), MEETINGS)
    assert {int(k): row["place"] for k, row in rows.items()} == dict(logged)
    assert fresh.engine.table(index_file(rid), "summaries")[str(rid)] == summarise(rows)
    # the first held meeting made the relationship active exactly once
    rel = fresh.records.get(Relationship, rid)
    assert rel.state == "active"
    assert [h.note for h in rel.history].count("first meeting held") == 1

    # the counter saw every increment exactly once (retries after conflicts included)
    increments = sorted(token for _, _, tokens, _ in results for token in tokens)
    assert len(increments) == PROCESSES * INCREMENTS
    final = fresh.records.get(Client, counter.id or 0)
    assert sorted(final.interests) == increments
    assert final.version == 1 + PROCESSES * INCREMENTS
    print(f"\nconflicts retried: {sum(r[3] for r in results)}")


def test_threads_sharing_one_store_and_two_stores_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shared = Store.open(folder, durable=False)
    other = Store.open(folder, durable=False)
    errors: queue.Queue[str] = queue.Queue()

    def work(store: Store, name: str) -> None:
        try:
            for i in range(20):
                store.records.add(USER, client(f"{name}-{i}"))
        except BaseException:
            errors.put(traceback.format_exc())

    threads = [
        threading.Thread(target=work, args=(shared if i % 2 else other, f"t{i}")) for i in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors.empty(), errors.get()
    clients = Store.open(folder).records.list(Client)
    assert sorted(c.id for c in clients) == list(range(1, 81))
    assert len({c.last_name for c in clients}) == 80


# ----- a stale process sees the other's change -------------------------------------------------


def _other_process_writes(index: int, barrier: Any, folder: str, cid: int, rid: int) -> Any:
    store = Store.open(folder)
    added = store.records.add("bob", client("from-bob"))
    edited = store.records.get(Client, cid).model_copy(update={"area": "Tapiola"})
    store.records.update("bob", edited)
    logged = store.meetings.log("bob", meeting(rid, "bobs-meeting", random.Random(3)))
    with store.engine.transaction() as tx:
        tx.put("notes.json", "notes", 1, {"text": "from bob"})
    return added.id, logged.id


@needs_fork
@fork_warning
def test_a_running_process_sees_another_process_change_without_restart(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = seed_folder(folder)
    rid = next(r.id for r in store.records.list(Relationship) if r.state == "active")
    cid = store.records.list(Client)[0].id or 0
    # read everything once so that this process holds it in its caches
    assert len(store.records.list(Client)) == 1
    assert store.records.get(Client, cid).area == ""
    assert store.meetings.of(rid or 0) == []
    assert store.meetings.summary(rid or 0).held + store.meetings.summary(rid or 0).cancelled == 0
    assert store.engine.table("notes.json", "notes") == {}

    [(new_id, meeting_id)] = _in_children(_other_process_writes, str(folder), cid, rid, n=1)

    assert [c.id for c in store.records.list(Client)] == [cid, new_id]
    assert store.records.get(Client, cid).area == "Tapiola"
    assert store.records.get(Client, cid).changed_by == "bob"
    assert [m.id for m in store.meetings.of(rid or 0)] == [meeting_id]
    summary = store.meetings.summary(rid or 0)
    assert summary.held + summary.cancelled == 1
    assert store.engine.table("notes.json", "notes") == {"1": {"text": "from bob"}}


def test_two_stores_in_one_process_see_each_other(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    a = Store.open(folder)
    b = Store.open(folder)
    first = a.records.add("alice", client("one"))
    assert [c.last_name for c in b.records.list(Client)] == ["one"]
    b.records.update(
        "bob", b.records.get(Client, first.id or 0).model_copy(update={"school": "Olari"})
    )
    assert a.records.get(Client, first.id or 0).school == "Olari"
    assert [c.school for c in a.records.list(Client)] == ["Olari"]
    a.records.add("alice", client("two"))
    assert [c.last_name for c in b.records.list(Client)] == ["one", "two"]
    # the same through raw engines: a cached document is reloaded after the other's write
    e1, e2 = Engine(folder), Engine(folder)
    for value in range(5):
        with e1.transaction() as tx:
            tx.put("x.json", "t", 1, {"v": value})
        assert e2.table("x.json", "t") == {"1": {"v": value}}


# ----- two edits from the same old version: exactly one wins ---------------------------------


def test_two_edits_from_the_same_version_one_wins_and_the_other_is_told_why(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    alice, bob = Store.open(folder), Store.open(folder)
    stored = alice.records.add("alice", client("same"))
    mine = alice.records.get(Client, stored.id or 0)
    theirs = bob.records.get(Client, stored.id or 0)
    assert mine.version == theirs.version == 1

    alice.records.update("alice", mine.model_copy(update={"area": "Leppävaara"}))
    with pytest.raises(ConflictError) as caught:
        bob.records.update("bob", theirs.model_copy(update={"phone": "040 123 4567"}))
    exc = caught.value
    assert exc.changed_by == "alice"
    assert exc.fields == ["area", "phone"]
    message = str(exc)
    assert "changed by alice" in message
    assert "area" in message and "phone" in message
    assert "version 2" in message and "version 1" in message
    final = Store.open(folder).records.get(Client, stored.id or 0)
    assert (final.area, final.phone, final.version) == ("Leppävaara", "", 2)

    # store.records.change refuses an edit made on an old version in the same way
    with pytest.raises(ConflictError, match="changed by alice"):
        bob.records.change("bob", Client, stored.id or 0, 1, lambda c: c)


def _racing_editor(index: int, barrier: Any, folder: str, cid: int, round_no: int) -> str:
    store = Store.open(folder)
    user = f"editor{index}"
    record = store.records.get(Client, cid)
    field = "area" if index == 0 else "school"
    edited = record.model_copy(update={field: f"{user}-{round_no}"})
    barrier.wait(60)  # both hold the same old version now
    try:
        store.records.update(user, edited)
    except ConflictError as exc:
        return f"conflict {exc.changed_by} {','.join(exc.fields)} {exc}"
    return "saved"


@needs_fork
@fork_warning
def test_two_processes_editing_the_same_version_exactly_one_wins(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    cid = store.records.add(USER, client("raced")).id or 0
    for round_no in range(4):
        version = store.records.get(Client, cid).version
        outcomes = _in_children(_racing_editor, str(folder), cid, round_no, n=2)
        assert sorted(o.split()[0] for o in outcomes) == ["conflict", "saved"], outcomes
        winner = outcomes.index("saved")
        loser_says = outcomes[1 - winner]
        assert loser_says.startswith(f"conflict editor{winner} area,school ")
        assert f"changed by editor{winner}" in loser_says
        after = store.records.get(Client, cid)
        assert after.version == version + 1
        assert after.changed_by == f"editor{winner}"
