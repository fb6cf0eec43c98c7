"""The paths around repair: the journal, damaged records, the clock, backups and temp files."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import orjson
import pytest
from filelock import FileLock
from pydantic import ValidationError

from data.errors import Refused
from data.models import Client, Concern, Meeting
from data.storage import JOURNAL, Engine
from data.storage import engine as engine_module
from data.storage.check import check
from data.storage.files import BusyError, InvalidRecordError, JournalDamagedError
from data.storage.lock import LOCK
from data.storage.repair import repair
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tests.storage_helpers import PAIR_A, PAIR_B, snapshot
from tui.cli import main


def folder_with_meetings(tmp_path: Path) -> tuple[Store, int]:
    store = Store.open(tmp_path / "data")
    rel = f.active(store, start_days_ago=90)
    for days in (40, 30):
        store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(days)))  # type: ignore[arg-type]
    return store, rel.id


# ----- the journal ------------------------------------------------------------------------------


def write_journal(engine: Engine, rows: dict[str, Any]) -> None:
    engine.path(JOURNAL).write_bytes(orjson.dumps({"journal": rows}))


DOC = {"markers": {"1": {"marker": "from the journal"}}}


@pytest.mark.parametrize(
    "path",
    [
        "../outside.json",
        "/tmp/tuki-absolute.json",
        "notes.txt",
        "backups/x/clients.json",
        "unknown.json",
        "rel/../clients.json",
        "rel/link/5.json",
    ],
)
def test_a_journal_naming_an_unsafe_path_is_refused_and_nothing_is_written(
    tmp_path: Path, path: str
) -> None:
    engine = Store.open(tmp_path / "data").engine
    with engine.transaction() as tx:
        tx.put(PAIR_A, "markers", 1, {"marker": "before"})
    (engine.folder / "rel").mkdir(exist_ok=True)
    (engine.folder / "rel" / "link").symlink_to(tmp_path)
    write_journal(engine, {"1": {"path": PAIR_B, "doc": DOC}, "2": {"path": path, "doc": DOC}})
    before = snapshot(engine.folder)
    with (
        pytest.raises(JournalDamagedError) as caught,
        Store.open(engine.folder).engine.transaction(),
    ):
        pass
    assert path in caught.value.message
    assert snapshot(engine.folder) == before
    assert not (tmp_path / "outside.json").exists() and not (tmp_path / "5.json").exists()
    assert not Path("/tmp/tuki-absolute.json").exists()
    # repair sets the journal aside, names the change, and the folder works again
    report = repair(Store.open(engine.folder).engine, USER)
    assert "journal_set_aside" in [x.code for x in report.findings]
    assert PAIR_B in next(x.message for x in report.findings if x.code == "journal_set_aside")
    assert list(engine.folder.glob(f"{JOURNAL}.damaged-*"))
    with Store.open(engine.folder).engine.transaction() as tx:
        tx.put(PAIR_A, "markers", 2, {"marker": "after"})


@pytest.mark.parametrize(
    "raw", [b'{"journal": {"1": {"path": "clients.json"}}}', b'{"journal": ', b"{}"]
)
def test_a_damaged_journal_is_named_as_the_problem_and_set_aside(
    tmp_path: Path, raw: bytes
) -> None:
    store, _ = folder_with_meetings(tmp_path)
    store.engine.path(JOURNAL).write_bytes(raw)
    report = check(Store.open(store.folder).engine)
    assert [x.code for x in report.findings] == ["journal_damaged"]  # the data files are fine
    repaired = repair(Store.open(store.folder).engine, USER)
    assert repaired.ok and "journal_set_aside" in [x.code for x in repaired.findings]
    assert len(Store.open(store.folder).records.list(Client)) == 1


def test_journal_removal_is_made_durable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Engine(tmp_path / "data")
    seen: list[bool] = []
    real = engine_module._fsync_dir

    def fsync_dir(folder: Path) -> None:
        seen.append(engine.path(JOURNAL).exists())
        real(folder)

    monkeypatch.setattr(engine_module, "_fsync_dir", fsync_dir)
    with engine.transaction() as tx:
        tx.put(PAIR_A, "markers", 1, {"marker": "a"})
        tx.put(PAIR_B, "markers", 1, {"marker": "b"})
    assert seen == [False]  # the folder was synced once, after the journal was gone


def test_check_reports_a_finished_change_as_finished(tmp_path: Path) -> None:
    store, rid = folder_with_meetings(tmp_path)
    engine = store.engine
    rows = {
        str(i): {"path": rel, "doc": orjson.loads((engine.folder / rel).read_bytes())}
        for i, rel in enumerate(("clients.json", f"rel/{rid}.json"), 1)
    }
    write_journal(engine, rows)  # as a writer killed after writing the journal leaves it
    report = check(Store.open(engine.folder).engine)
    assert report.ok and [x.code for x in report.findings] == ["journal_finished"]
    assert not engine.path(JOURNAL).exists()


# ----- record by record -------------------------------------------------------------------------


def edit_row(store: Store, rel: str, table: str, key: str, change: dict[str, Any]) -> None:
    path = store.folder / rel
    doc = orjson.loads(path.read_bytes())
    row = doc[table][key]
    for name, value in change.items():
        if value is None:
            row.pop(name, None)
        else:
            row[name] = value
    path.write_bytes(orjson.dumps(doc))


def test_check_goes_on_record_by_record_naming_file_kind_id_and_field(tmp_path: Path) -> None:
    store, rid = folder_with_meetings(tmp_path)
    edit_row(store, "clients.json", "clients", "1", {"last_name": None})
    edit_row(store, f"rel/{rid}.json", "meetings", "1", {"on": 12})
    edit_row(store, f"rel/{rid}.json", "meetings", "2", {"on": None})
    report = check(Store.open(store.folder).engine)
    invalid = [
        (x.file, x.params["where"], x.message)
        for x in report.findings
        if x.code == "record_invalid"
    ]
    assert [(file, where) for file, where, _ in invalid] == [
        ("clients.json", "client 1"),
        (f"rel/{rid}.json", "meeting 1"),
        (f"rel/{rid}.json", "meeting 2"),
    ]
    assert "last_name" in invalid[0][2] and "on" in invalid[1][2] and "on" in invalid[2][2]
    assert report.records > 3 and not report.ok
    repaired = repair(Store.open(store.folder).engine, USER)  # goes on too
    assert [x.code for x in repaired.findings].count("record_invalid") == 3


def test_a_damaged_record_is_refused_by_name_on_normal_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, rid = folder_with_meetings(tmp_path)
    edit_row(store, f"rel/{rid}.json", "meetings", "1", {"on": 12})
    with pytest.raises(InvalidRecordError) as caught:
        Store.open(store.folder).meetings.of(rid)
    assert caught.value.params["file"] == f"rel/{rid}.json" and caught.value.params["ref"] == 1
    argv = ["--lang", "en", "log", "--relationship", str(rid), "--date", ago(1).isoformat()]
    assert main([*argv, "--held"]) == 0  # logging needs no earlier meeting whole
    capsys.readouterr()
    code = main(["--lang", "en", "ls", "meetings", "--relationship", str(rid)])
    err = capsys.readouterr().err
    assert code == 1 and "meeting 1" in err and f"rel/{rid}.json" in err and "tuki check" in err
    assert "Traceback" not in err and "Unexpected" not in err
    stored = orjson.loads((store.folder / f"rel/{rid}.json").read_bytes())["meetings"]
    assert stored["1"]["on"] == 12 and len(stored) == 3  # the bad record is left for a person


def test_a_start_time_with_a_zone_is_refused_on_save_and_survives_on_read(tmp_path: Path) -> None:
    store, rid = folder_with_meetings(tmp_path)
    with pytest.raises(ValidationError):
        Meeting(relationship_id=rid, on=ago(3), start="16:30Z")  # type: ignore[arg-type]
    edit_row(store, f"rel/{rid}.json", "meetings", "1", {"start": "16:30:00Z"})
    meetings = Store.open(store.folder).meetings.of(rid)  # sorting by start compares naive times
    assert meetings[0].start == clock(16, 30) and meetings[0].start.tzinfo is None
    assert check(Store.open(store.folder).engine).ok


# ----- the clock ----------------------------------------------------------------------------


def test_a_clock_behind_reads_everything_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(tmp_path / "data")
    rel = f.active(store, start_days_ago=30)
    store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(0), start=clock(0, 0)))  # type: ignore[arg-type]
    now = datetime.now().astimezone()
    store.concerns.add(USER, Concern(client_id=rel.client_id, noticed_at=now, what="Synthetic"))
    import data.dates
    import data.model.base

    behind = data.dates.now_helsinki() - timedelta(minutes=30)
    for module in (data.dates, data.model.base):  # the real clock, for the command line too
        monkeypatch.setattr(module, "now_helsinki", lambda: behind)
    fresh = Store.open(store.folder, clock=lambda: behind)
    assert len(fresh.records.list(Concern)) == 1 and len(fresh.meetings.of(rel.id)) == 1
    assert main(["ls", "concerns"]) == 0 and main(["ls", "meetings", "--all"]) == 0
    assert check(fresh.engine).ok
    capsys.readouterr()
    with pytest.raises(ValidationError):  # making a record still judges the moment
        Concern(client_id=rel.client_id, noticed_at=now + timedelta(hours=1), what="Later")
    later = Concern(client_id=rel.client_id, noticed_at=behind, what="Later").model_copy(
        update={"noticed_at": now}  # the present by the real clock, ahead of the Store's
    )
    with pytest.raises(Refused):  # and so does saving one, by the Store's clock
        fresh.concerns.add(USER, later)


def test_the_newest_backup_is_chosen_by_its_own_time_not_its_folder_name(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    root = engine.folder / "backups"
    for hour, content, age in (("20991231-23", b"old", 7200), ("20261201-10", b"new", 10)):
        (root / hour).mkdir(parents=True)
        path = root / hour / "clients.json"
        path.write_bytes(orjson.dumps({"clients": {"1": {"v": content.decode()}}}))
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    assert engine.newest_backup("clients.json") == root / "20261201-10" / "clients.json"


def test_backups_are_pruned_in_the_first_hour_after_boot(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data")
    root = engine.folder / "backups"
    for day in range(1, 80):
        (root / f"2000{1 + day // 28:02d}{1 + day % 28:02d}-00").mkdir(parents=True)
    with engine.transaction() as tx:
        tx.put(PAIR_A, "markers", 1, {"marker": "a"})
    assert len(list(root.iterdir())) < 79


# ----- temporary files ------------------------------------------------------------------------


def test_repair_removes_only_old_temp_files_and_only_under_the_lock(tmp_path: Path) -> None:
    store, _ = folder_with_meetings(tmp_path)
    fresh = store.folder / f".clients.json.{os.getpid()}.aaaa1111.tmp"
    old = store.folder / ".clients.json.1.bbbb2222.tmp"
    for path in (fresh, old):
        path.write_bytes(b"{}")
    stamp = time.time() - 600
    os.utime(old, (stamp, stamp))
    held = Store.open(store.folder)
    held.engine = Engine(store.folder, lock_timeout=0.2)
    with FileLock(str(store.folder / LOCK)), pytest.raises(BusyError):
        repair(held.engine, USER)
    assert old.exists() and fresh.exists()  # a writer holding the lock may still need them
    report = repair(Store.open(store.folder).engine, USER)
    assert not old.exists() and fresh.exists()
    assert [x.file for x in report.findings if x.code == "temp_file"] == [old.name]
    assert len(Store.open(store.folder).records.list(Client)) == 1


def test_check_words_a_bad_record_in_finnish_with_its_stored_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ = folder_with_meetings(tmp_path)
    edit_row(store, "clients.json", "clients", "1", {"last_name": None})
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "clients.json: tuettava 1: Sukunimi (last_name): Pakollinen tieto." in out
    assert "korjaa nimetty kenttä" in out  # a repair does not change it: say what does
