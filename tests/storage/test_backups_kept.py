"""The hourly backups keep the change history and the access log, so that a restore loses
neither: the history files are register files (hard links, as every file a save replaces);
the access log's month files, appended in place, are copied (a link would see every later
append and every change made in place), once an hour, before the hour's first view."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from data.dates import HELSINKI
from data.model.access import AccessView, Face
from data.storage import access_backup
from data.storage.check import check
from data.storage.layout import history_file
from data.store import Store
from tests import factories as f

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=HELSINKI)


class Hour:
    """``datetime`` for access_backup with a settable hour."""

    at = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)

    @classmethod
    def now(cls, tz: object = None) -> datetime:
        return cls.at


def test_a_history_file_is_in_the_backup_as_it_was_before_the_hours_first_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data.storage import engine

    monkeypatch.setattr(engine, "datetime", Hour)
    Hour.at = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
    store = Store.open(tmp_path / "d", clock=lambda: NOW)
    client = f.client(store)
    first = store.records.update("maija", client.model_copy(update={"area": "Kymi"}))
    Hour.at = datetime(2026, 11, 20, 11, 5, tzinfo=UTC)
    store.records.update("pekka", first.model_copy(update={"area": "Karhula"}))
    rel = history_file("client", str(client.id))
    backup = store.folder / "backups" / "20261120-11" / rel.replace("/", "~")
    kept = orjson.loads(backup.read_bytes())["history"]
    assert [row["by"] for row in kept.values()] == ["maija"]  # the file before pekka's save
    # a restore from it (a copy back) loses nothing: the change log (.delta.json) still holds
    # pekka's change for the file as it was, and takes it on reading
    shutil.copyfile(backup, store.folder / rel)
    assert b"pekka" not in (store.folder / rel).read_bytes()
    again = Store.open(store.folder)
    assert [c.by for c in again.records.history("client", client.id or 0)] == ["maija", "pekka"]


def test_the_access_log_is_copied_into_the_hours_backup_and_a_restore_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_backup, "datetime", Hour)
    Hour.at = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
    store = Store.open(tmp_path / "d", clock=lambda: NOW)
    f.client(store)  # a save: the backups begin
    view = store.access.viewed
    view("anna", 1, AccessView.CLIENT_PAGE, Face.CONSOLE)  # nothing to copy yet
    view("anna", 2, AccessView.CLIENT_PAGE, Face.CONSOLE)  # the hour's copy: entry 1
    view("anna", 3, AccessView.CLIENT_PAGE, Face.CONSOLE)  # the same hour: no copy
    hour = store.folder / "backups" / "20261120-10"
    copy, live = hour / "access~2026-11.json", store.folder / "access" / "2026-11.json"
    assert os.stat(copy).st_ino != os.stat(live).st_ino  # a copy, not a link
    assert orjson.loads(copy.read_bytes())["access"].keys() == {"1"}
    assert orjson.loads((hour / "access~head.json").read_bytes())["head"]["1"]["number"] == 1
    # the next hour: the month grew, copied again; the copy of 10 o'clock is kept as it was
    Hour.at = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
    view("anna", 4, AccessView.CLIENT_PAGE, Face.CONSOLE)
    later = store.folder / "backups" / "20261120-11" / "access~2026-11.json"
    assert orjson.loads(later.read_bytes())["access"].keys() == {"1", "2", "3"}
    assert orjson.loads(copy.read_bytes())["access"].keys() == {"1"}
    # a restore of the log from the 11 o'clock copy: a whole chain, and the head that the
    # views kept names the entry lost since (entry 4)
    shutil.copyfile(later, live)
    findings = [
        (x.code, x.params.get("last"), x.params.get("n")) for x in check(store.engine).findings
    ]
    assert findings == [("access_tail_removed", 3, 4)]
    shutil.copyfile(later.with_name("access~head.json"), live.with_name("head.json"))
    assert check(store.engine).findings == []


def test_a_closed_month_is_copied_once_while_a_backup_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_backup, "datetime", Hour)
    Hour.at = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    store = Store.open(tmp_path / "d", clock=lambda: NOW)
    f.client(store)
    store.access.viewed("anna", 1, AccessView.CLIENT_PAGE, Face.CONSOLE)
    december = Store.open(store.folder, clock=lambda: datetime(2026, 12, 1, 9, tzinfo=HELSINKI))
    Hour.at = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    december.access.viewed("anna", 2, AccessView.CLIENT_PAGE, Face.CONSOLE)  # copies November
    Hour.at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    december.access.viewed("anna", 3, AccessView.CLIENT_PAGE, Face.CONSOLE)
    names = sorted(p.name for p in (store.folder / "backups" / "20261201-08").iterdir())
    assert names == ["access~2026-12.json", "access~head.json"]  # November's copy stands
    assert (store.folder / "backups" / "20261201-07" / "access~2026-11.json").exists()
