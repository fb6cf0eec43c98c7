"""Repair after damage never loses a record silently and never gives an id to another person.

Each test builds a folder through the service API, keeps an "hour's backup" of it (the state
before the hour's first change, as the engine keeps it), goes on changing it, then damages or
removes a file and runs ``tuki check`` and ``tuki check --repair``.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from data.models import Client, Concern, Meeting, Relationship
from data.storage.check import Report, check
from data.storage.files import DamagedFileError, MissingFileError
from data.storage.repair import repair
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tests.storage_helpers import fold_log
from tui.cli import main


def keep_backup(store: Store, hour: str = "20000101-00") -> Path:
    """Copy every data file into a backup hour, as the engine's hourly hard links would."""
    target = store.folder / "backups" / hour
    target.mkdir(parents=True, exist_ok=True)
    for rel in store.engine.files():
        shutil.copyfile(store.folder / rel, target / rel.replace("/", "~"))
    return target


def damage(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def concern(client_id: int, what: str = "Synthetic worry") -> Concern:
    now = datetime.now().astimezone() - timedelta(hours=1)
    return Concern(client_id=client_id, noticed_at=now, what=what)


def log(store: Store, rid: int, days_ago: int) -> Meeting:
    return store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(days_ago)))  # type: ignore[arg-type]


def codes(report: Report) -> list[str]:
    return [x.code for x in report.findings]


def build(folder: Path) -> Store:
    """Relationship 1 with two meetings in the backup; after it: client 2 (and guardian 2,
    social worker 2), volunteer 2, relationship 2, a concern about client 2, and three more
    meetings of relationship 1."""
    store = Store.open(folder)
    first = f.active(store, start_days_ago=120)
    log(store, first.id, 60)
    log(store, first.id, 50)
    keep_backup(store)
    second = f.active(store, start_days_ago=40)
    assert second.client_id == 2 and second.volunteer_id == 2
    store.concerns.add(USER, concern(second.client_id))
    for days in (30, 20, 10):
        log(store, first.id, days)
    fold_log(store.engine)  # the changes since the backup are in the files alone
    return store


@pytest.fixture
def folder(tmp_path: Path) -> Store:
    """The folder the command line uses ($TUKI_DATA_DIR), built as ``build`` says."""
    return build(tmp_path / "data")


def test_restored_clients_file_loses_nobody_and_reuses_no_id(folder: Store) -> None:
    damage(folder.folder / "clients.json")
    with pytest.raises(DamagedFileError):
        Store.open(folder.folder).records.list(Client)
    before = check(Store.open(folder.folder).engine)
    assert "file_damaged" in codes(before) and not before.ok
    # before anything is replaced: what the backup lacks, by kind, id and name
    ahead = [x for x in before.findings if x.code == "item_missing"]
    assert [(x.params["kind"], x.params["ref"]) for x in ahead] == [("client", "2")]
    assert "Aino Esimerkki" in ahead[0].message

    report = repair(Store.open(folder.folder).engine, USER)
    store = Store.open(folder.folder)
    clients = {c.id: c for c in store.records.list(Client)}
    assert sorted(clients) == [1, 2]  # client 2 came back from the index's facts
    assert clients[2].last_name == "Esimerkki"
    assert [(i.kind, i.ref, i.code) for i in report.recovered][:1] == [("client", "2", "recovered")]
    # the concern still names its own child, and a new client takes a new id
    assert store.records.list(Concern)[0].client_id == 2
    new = f.client(store)
    assert new.id == 3
    after = check(store.engine)
    assert after.ok, [x.message for x in after.findings]
    assert after.open_repairs and after.open_repairs[0]["recovered"]
    assert list(folder.folder.glob("clients.json.damaged-*"))  # kept aside, not deleted


def test_restored_shard_lists_the_meetings_it_lost(folder: Store) -> None:
    damage(folder.folder / "rel" / "1.json")
    ahead = check(Store.open(folder.folder).engine)
    assert [x.params.get("count") for x in ahead.findings if x.code == "item_meetings_lost"] == [3]
    report = repair(Store.open(folder.folder).engine, USER)
    store = Store.open(folder.folder)
    assert len(store.meetings.of(1)) == 2  # the backup's two; the three later ones are gone
    lost = [i for i in report.lost if i.kind == "meeting"]
    assert len(lost) == 1 and dict(lost[0].params)["count"] == 3
    assert lost[0].ref == "1-3,4,5"
    # their ids are never handed out again
    assert log(store, 1, 5).id == 6
    after = check(store.engine)
    assert after.ok and after.open_repairs[0]["lost"][0]["code"] == "meetings_lost"


def test_check_names_a_dangling_reference_and_never_says_all_well(folder: Store) -> None:
    # the clients file and the index both put back to the backup: nothing remembers client 2's
    # name, but relationship 2 and the concern point at it
    backup = folder.folder / "backups" / "20000101-00"
    for name in ("clients.json", "index~clients.json"):
        shutil.copyfile(backup / name, folder.folder / name.replace("~", "/"))
    report = check(Store.open(folder.folder).engine)
    assert not report.ok
    texts = [x.message for x in report.findings]
    assert any("client 2" in t and "lost" in t for t in texts), texts
    repaired = repair(Store.open(folder.folder).engine, USER)
    lost = {(i.kind, i.ref, i.code) for i in repaired.lost}
    assert ("client", "2", "lost_unknown") in lost
    assert ("relationship", "2", "points_at_lost") in lost
    assert ("concern", "1", "points_at_lost") in lost  # the concern keeps its child's id
    after = check(Store.open(folder.folder).engine)
    assert not after.ok  # the relationship still points at a lost client: never "all well"
    assert "item_points_at_lost" in codes(after)
    assert f.client(Store.open(folder.folder)).id == 3  # client 2's id stays with client 2


def test_a_missing_file_is_refused_and_repaired_not_read_as_empty(folder: Store) -> None:
    (folder.folder / "clients.json").unlink()
    with pytest.raises(MissingFileError) as caught:
        Store.open(folder.folder).records.list(Client)
    assert "check --repair" in caught.value.message
    report = check(Store.open(folder.folder).engine)
    assert "file_missing" in codes(report) and not report.ok
    repair(Store.open(folder.folder).engine, USER)
    store = Store.open(folder.folder)
    assert sorted(c.id for c in store.records.list(Client)) == [1, 2]
    assert store.records.get(Relationship, 1).client_id == 1
    assert f.client(store).id == 3


def test_a_missing_index_is_rebuilt_and_names_survive(folder: Store) -> None:
    (folder.folder / "index" / "clients.json").unlink()
    repair(Store.open(folder.folder).engine, USER)
    store = Store.open(folder.folder)
    assert check(store.engine).ok
    assert sorted(store.records.derived.clients()) == [1, 2]


def test_no_single_file_can_lower_an_id(folder: Store) -> None:
    # the counters gone and the clients file back at the backup: the index still knows client 2
    (folder.folder / "counters.json").unlink()
    shutil.copyfile(
        folder.folder / "backups/20000101-00/clients.json", folder.folder / "clients.json"
    )
    report = check(Store.open(folder.folder).engine)
    assert "counters_behind" in codes(report) and "item_missing" in codes(report)
    repair(Store.open(folder.folder).engine, USER)
    store = Store.open(folder.folder)
    assert sorted(c.id for c in store.records.list(Client)) == [1, 2]
    assert f.client(store).id == 3
    assert f.volunteer(store).id == 3
    assert (folder.folder / "counters.json").exists()


def test_cli_check_repair_prints_what_to_enter_again(
    folder: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(folder.folder / "rel" / "1.json")
    assert main(["--lang", "en", "check"]) == 1
    out = capsys.readouterr().out
    assert "rel/1.json: the file is damaged" in out and "check --repair" in out
    assert main(["--lang", "en", "check", "--repair"]) == 0
    out = capsys.readouterr().out
    assert "meeting 1-3,4,5" in out and "3 meetings lost" in out
    assert "tuki check --done 1" in out
    assert main(["--lang", "en", "check"]) == 0
    assert "Repair 1" in capsys.readouterr().out
    assert main(["--lang", "en", "check", "--done", "1"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "check"]) == 0
    assert "Repair 1" not in capsys.readouterr().out


def test_repair_twice_lists_nothing_twice(folder: Store) -> None:
    damage(folder.folder / "rel" / "1.json")
    first = repair(Store.open(folder.folder).engine, USER)
    second = repair(Store.open(folder.folder).engine, USER)
    assert first.lost and not second.lost and not second.recovered
    assert len(second.open_repairs) == 1


def test_a_damaged_file_without_a_backup_is_salvaged_and_the_rest_recovered(
    folder: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(folder.folder / "backups")
    raw = (folder.folder / "clients.json").read_bytes()
    (folder.folder / "clients.json").write_bytes(raw[: raw.index(b'"2":')])  # client 2 cut off
    assert main(["check", "--repair"]) == 0
    out = capsys.readouterr().out
    assert "varmuuskopiota ei löytynyt" in out and "--repair" not in out.split("\n")[0]
    assert sorted(c.id for c in Store.open(folder.folder).records.list(Client)) == [1, 2]
    assert main(["check"]) == 0


def test_a_shard_of_an_unknown_relationship_is_named(folder: Store) -> None:
    shutil.copyfile(folder.folder / "rel" / "1.json", folder.folder / "rel" / "99.json")
    report = check(Store.open(folder.folder).engine)
    named = [x for x in report.findings if x.params.get("ref") == "99"]
    assert not report.ok and [x.params["kind"] for x in named] == ["relationship"]
    assert [x.code for x in report.findings if x.file == "rel/99.json"] == [
        "record_elsewhere"
    ] * 5  # its meetings say they belong to relationship 1
