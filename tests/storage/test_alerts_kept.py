"""The day's alerts kept for the next process (``store.alerts.day``, ``data/storage/kept.py``):
the same answer as reading the files (``counts`` and ``list``), worked out again after any save,
from whichever Store, and on a new day."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from data.dates import HELSINKI
from data.demo import generate
from data.models import Client, Concern, Meeting, Relationship, Volunteer
from data.rules.alerts import AlertKind, Subject
from data.storage.kept import RACY_NS
from data.storage.layout import CACHE_DIR
from data.store import Store
from data.store.alerts import Alerts
from data.store.records import Records
from tests.storage_helpers import settle, settled_copy

TODAY = date(2026, 3, 18)
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=HELSINKI)
USER = "testaaja"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept") / "data"
    generate(folder, scale="small", seed=7, today=TODAY)
    return folder


@pytest.fixture
def folder(generated: Path, tmp_path: Path) -> Path:
    """A copy of the demo whose last change is long past (a kept answer is trusted)."""
    return settled_copy(generated, tmp_path)


def opened(folder: Path, clock: Callable[[], datetime] = lambda: NOW) -> Store[Any]:
    return Store.open(folder, clock=clock)


def slow(store: Store[Any], today: date, now: datetime) -> tuple[Any, Any]:
    """The answer read from the files."""
    return store.alerts.counts(today), store.alerts.list(today, now)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[date | None]:
    """Each reading of the facts (``Alerts.input``) by any Store."""
    found: list[date | None] = []
    original = Alerts.input

    def counted(self: Alerts, today: date | None = None) -> Any:
        found.append(today)
        return original(self, today)

    monkeypatch.setattr(Alerts, "input", counted)
    return found


def test_the_kept_answer_is_the_answer_of_the_files(folder: Path, reads: list[Any]) -> None:
    expected = slow(opened(folder), TODAY, NOW)
    reads.clear()
    assert opened(folder).alerts.day(TODAY, NOW) == expected
    assert reads == [TODAY]
    assert (folder / CACHE_DIR / "alerts.json").is_file()

    fresh = opened(folder)  # another process: finds it in the folder
    assert fresh.alerts.day(TODAY, NOW) == expected
    assert fresh.alerts.day(TODAY, NOW) == expected  # and keeps it
    assert reads == [TODAY]
    # the concerns' alerts are worded by the hour, not kept: hours later they say so
    later = NOW + timedelta(hours=5)
    counts, found = fresh.alerts.day(TODAY, later)
    assert (counts, found) == slow(fresh, TODAY, later)
    hours = [a.detail["hours"] for a in found if a.kind is AlertKind.CONCERN_UNNOTIFIED]
    assert hours and hours == [h + 5 for h in (
        a.detail["hours"] for a in expected[1] if a.kind is AlertKind.CONCERN_UNNOTIFIED
    )]  # fmt: skip


def test_a_save_by_another_store_is_seen_at_once(folder: Path, reads: list[Any]) -> None:
    store = opened(folder)
    before = store.alerts.day(TODAY, NOW)
    quiet = next(a for a in before[1] if a.kind is AlertKind.NO_MEETING)
    other = opened(folder)  # another coordinator logs a meeting there
    other.meetings.log(USER, Meeting(relationship_id=quiet.subject.id, on=TODAY))
    reads.clear()
    after = store.alerts.day(TODAY, NOW)
    assert len(reads) == 1
    assert after == slow(opened(folder), TODAY, NOW)
    assert quiet not in after[1]
    assert after[0].meetings_this_month == before[0].meetings_this_month + 1
    # and a new Store does not take the answer kept before the save
    assert opened(folder).alerts.day(TODAY, NOW) == after


def test_a_concern_raised_elsewhere_shows(folder: Path) -> None:
    store = opened(folder)
    before = store.alerts.day(TODAY, NOW)
    client = next(iter(store.records.client_facts()))
    concern = Concern(client_id=client, noticed_at=NOW - timedelta(hours=1), what="Mustelmia")
    added = opened(folder).concerns.add(USER, concern)
    counts, found = store.alerts.day(TODAY, NOW)
    assert (counts, found) == slow(opened(folder), TODAY, NOW)
    assert len(found) == len(before[1]) + 1
    new = [a for a in found if a.subject == Subject("concern", added.id or 0, a.subject.name)]
    assert [(a.kind, a.detail["hours"]) for a in new] == [(AlertKind.CONCERN_UNNOTIFIED, 1)]


def test_nothing_is_kept_right_after_a_save(
    folder: Path, reads: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's times are coarse: a second save in the same tick would not move the
    token, so the answer to a change younger than ``RACY_NS`` is worked out again."""
    assert RACY_NS >= 1_000_000_000
    from data.storage import kept

    monkeypatch.setattr(kept, "RACY_NS", 600 * 1_000_000_000)  # "young": however slow the test
    store = opened(folder)
    rid = next(r.id for r in store.records.relationship_facts().values() if r.is_open)
    store.meetings.log(USER, Meeting(relationship_id=rid, on=TODAY))
    expected = slow(store, TODAY, NOW)
    reads.clear()
    assert store.alerts.day(TODAY, NOW) == expected
    assert store.alerts.day(TODAY, NOW) == expected
    assert len(reads) == 2
    assert not (folder / CACHE_DIR / "alerts.json").exists()


def test_a_new_day_gives_the_new_days_alerts(folder: Path, reads: list[Any]) -> None:
    clock = [NOW]
    store = opened(folder, lambda: clock[0])
    first = store.alerts.day()
    assert first == slow(store, TODAY, NOW)
    clock[0] = NOW + timedelta(days=1)
    reads.clear()
    second = store.alerts.day()
    assert reads == [TODAY + timedelta(days=1)]
    assert second == slow(store, TODAY + timedelta(days=1), clock[0])
    assert second[0].longest_wait_days == first[0].longest_wait_days + 1


def test_a_damaged_or_foreign_kept_file_is_worked_out_again(folder: Path) -> None:
    expected = slow(opened(folder), TODAY, NOW)
    kept = folder / CACHE_DIR / "alerts.json"
    opened(folder).alerts.day(TODAY, NOW)
    raw = kept.read_bytes()
    for bad in (b"{not json", raw.replace(b'"counts":[', b'"counts":["x",'), b"[]"):
        kept.write_bytes(bad)
        assert opened(folder).alerts.day(TODAY, NOW) == expected


def test_the_kept_folder_is_beside_the_register(folder: Path) -> None:
    """``cache/`` is no data file: ``tuki check`` does not list it, and writing it is no
    change for the other consoles."""
    store = opened(folder)
    store.alerts.day(TODAY, NOW)
    token = store.records.change_token()
    (folder / CACHE_DIR / "alerts.json").unlink()
    opened(folder).alerts.day(TODAY, NOW)  # kept anew
    assert (folder / CACHE_DIR / "alerts.json").is_file()
    assert store.records.change_token() == token
    assert not [f for f in store.engine.files() if f.startswith(CACHE_DIR)]


def test_a_folder_that_may_only_be_read_keeps_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "utime", refused)
    store = opened(folder)
    assert store.alerts.day(TODAY, NOW) == slow(store, TODAY, NOW)
    assert not (folder / CACHE_DIR / "alerts.json").exists()


def test_the_first_answer_is_no_change_for_a_console(tmp_path: Path, generated: Path) -> None:
    """``cache/`` is made with the Store (a folder's time moves when a folder is made in it):
    a console that read the token before its start screen's alerts sees no change."""
    copy = tmp_path / "data"
    shutil.copytree(generated, copy, ignore=shutil.ignore_patterns(CACHE_DIR))
    settle(copy)
    store = opened(copy)
    token = store.records.change_token()
    assert (copy / CACHE_DIR).is_dir()
    store.alerts.day(TODAY, NOW)
    assert store.records.change_token() == token


def test_code_that_cannot_be_listed_keeps_nothing_in_the_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch, reads: list[Any]
) -> None:
    """Run from a zip file, the modules' stamp is unknown: an answer is kept in the process
    only (a new version could not tell an old answer from its own)."""
    from data.storage import kept

    monkeypatch.setattr(kept, "code_stamp", lambda: None)
    store = opened(folder)
    expected = slow(store, TODAY, NOW)
    reads.clear()
    assert store.alerts.day(TODAY, NOW) == expected
    assert store.alerts.day(TODAY, NOW) == expected
    assert len(reads) == 1
    assert not (folder / CACHE_DIR / "alerts.json").exists()


def areas_of_models(store: Store[Any], now: datetime) -> dict[tuple[str, int], str]:
    """The area of each subject of the alerts at ``now``, from the validated records."""
    clients = {c.id: c.area or c.municipality for c in store.records.list(Client)}
    of = {
        "client": clients,
        "volunteer": {v.id: v.area or v.municipality for v in store.records.list(Volunteer)},
        "relationship": {
            r.id: clients.get(r.client_id, "") for r in store.records.list(Relationship)
        },
        "concern": {c.id: clients.get(c.client_id, "") for c in store.records.list(Concern)},
    }
    subjects = {(a.subject.kind, a.subject.id) for a in store.alerts.list(now.date(), now)}
    return {(kind, sid): of[kind][sid] for kind, sid in subjects if kind in of}


def test_the_kept_areas_are_the_areas_of_the_records(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``areas``: the same as the validated records say, for every subject of the alerts;
    kept for the next Store, which reads no client or volunteer file for them."""
    expected = areas_of_models(opened(folder), NOW)
    assert {kind for kind, _ in expected} >= {"client", "relationship", "concern"}
    assert len(set(expected.values()) - {""}) > 3
    areas = opened(folder).alerts.areas(TODAY)
    assert {k: areas[k] for k in expected} == expected
    assert (folder / CACHE_DIR / "areas.json").is_file()

    def unread(*args: Any) -> Any:
        raise AssertionError("the records were read again")

    monkeypatch.setattr(Records, "fields", unread)
    monkeypatch.setattr(Records, "relationship_facts", unread)
    assert opened(folder).alerts.areas(TODAY) == areas


def test_an_area_changed_by_another_store_is_seen_at_once(folder: Path) -> None:
    store = opened(folder)
    before = store.alerts.areas(TODAY)
    cid = next(sid for kind, sid in before if kind == "client")
    other = opened(folder)  # another coordinator moves the client to another area
    client = other.records.get(Client, cid)
    other.records.update(USER, client.model_copy(update={"area": "Uusi alue"}))
    after = store.alerts.areas(TODAY)
    assert after["client", cid] == "Uusi alue"
    expected = areas_of_models(opened(folder), NOW)
    assert {k: after[k] for k in expected} == expected
    assert opened(folder).alerts.areas(TODAY) == after
