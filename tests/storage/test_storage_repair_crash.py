"""kill -9 `tuki check --repair` at every step, and run it beside working coordinators.

A repair that is killed at any moment leaves a folder that the next run finishes, with the same
outcome as an uninterrupted repair: nothing lost that could be recovered, every loss listed
exactly once, no id handed out twice. A repair running while others save makes no save fail.
"""

from __future__ import annotations

import os
import random
import threading
from datetime import date
from pathlib import Path

import pytest

from data.models import Client, Meeting
from data.storage import JOURNAL
from data.storage.check import check
from data.storage.repair import repair
from data.store import Store
from tests.factories import USER, ago
from tests.storage.test_storage_crash import _run_child
from tests.storage.test_storage_repair import build, damage
from tests.storage_helpers import fork_context, fork_warning, install_kill_point, needs_fork

pytestmark = [needs_fork, fork_warning]


def damaged(folder: Path) -> Path:
    build(folder)
    damage(folder / "clients.json")
    damage(folder / "rel" / "1.json")
    return folder


def _repair_child(ack_fd: int, folder: str, point: tuple[str, int]) -> None:
    install_kill_point(point)
    repair(Store.open(folder).engine, USER)
    os.write(ack_fd, b"repaired and not killed\n")
    os.kill(os.getpid(), 9)


def assert_repaired_once(folder: Path) -> None:
    store = Store.open(folder)
    report = check(store.engine)
    assert report.ok, [x.message for x in report.findings]
    assert not store.engine.path(JOURNAL).exists()
    assert sorted(c.id for c in store.records.list(Client)) == [1, 2]
    assert len(store.meetings.of(1)) == 2
    listed = [
        (item["kind"], item["ref"], item["code"])
        for entry in report.open_repairs
        for part in ("recovered", "lost")
        for item in entry[part]
    ]
    assert listed.count(("meeting", "1-3,4,5", "meetings_lost")) == 1
    assert listed.count(("client", "2", "recovered")) == 1
    assert len(listed) == len(set(listed))
    assert store.meetings.log(USER, Meeting(relationship_id=1, on=ago(1))).id == 6  # type: ignore[arg-type]


# the repair of a folder with two damaged files replaces six files in two journaled changes
# (the rebuilt index rows go to the change log: data/storage/delta.py)
POINTS = [("after_replace", n) for n in range(1, 7)] + [("before_replace", n) for n in (2, 5)]


@pytest.mark.parametrize("point", POINTS, ids=[f"{w}-{n}" for w, n in POINTS])
def test_a_repair_killed_at_any_step_is_finished_by_the_next(
    tmp_path: Path, point: tuple[str, int]
) -> None:
    folder = damaged(tmp_path / "data")
    assert _run_child(_repair_child, str(folder), point) == b""
    repair(Store.open(folder).engine, USER)
    assert_repaired_once(folder)


def test_a_repair_killed_twice_then_run_again(tmp_path: Path) -> None:
    folder = damaged(tmp_path / "data")
    rnd = random.Random(9)
    for n in rnd.sample(range(1, 10), 2):
        _run_child(_repair_child, str(folder), ("after_replace", n))
    repair(Store.open(folder).engine, USER)
    assert_repaired_once(folder)


def synthetic(first_name: str, n: int) -> Client:
    return Client(
        first_name=first_name,
        last_name=f"Testi{n}",
        municipality="Kotka",
        registered_on=ago(1),
        birth_date=date(2015, 1, 1),
    )


def _saver(
    folder: Path, saved: list[int], errors: list[BaseException], stop: threading.Event
) -> None:
    store = Store.open(folder, durable=False)
    while not stop.is_set() and len(saved) < 40:
        try:
            client = store.records.add(USER, synthetic("Rinnakkais", len(saved)))
            saved.append(client.id or 0)
        except BaseException as exc:
            errors.append(exc)
            return


def _writer_process(folder: str, n: int) -> None:
    store = Store.open(folder, durable=False)
    for i in range(n):
        store.records.add(USER, synthetic("Prosessi", i))


def test_repair_beside_writers_fails_no_save_and_loses_none(tmp_path: Path) -> None:
    folder = damaged(tmp_path / "data")
    saved: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()
    thread = threading.Thread(target=_saver, args=(folder, saved, errors, stop))
    other = fork_context().Process(target=_writer_process, args=(str(folder), 25))
    # the damaged clients file stops the savers until the repair has restored it
    repair(Store.open(folder).engine, USER)
    thread.start()
    other.start()
    runs = 0
    while runs < 3 or thread.is_alive() or other.is_alive():  # repairs until the savers are done
        report = repair(Store.open(folder, durable=False).engine, USER)
        assert not report.lost  # nothing new is lost by a repair among savers
        runs += 1
    stop.set()
    thread.join(60)
    other.join(60)
    assert errors == [] and other.exitcode == 0
    store = Store.open(folder)
    ids = [c.id for c in store.records.list(Client)]
    assert len(ids) == len(set(ids)) == 2 + len(saved) + 25
    assert set(saved) <= set(ids)
    assert check(store.engine).ok
