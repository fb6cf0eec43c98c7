"""`tuki check` at scale: each shard is parsed once and not kept, the records are validated a
chunk at a time, and what it finds is the same as checking each record on its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from data.errors import describe
from data.model.base import load
from data.models import Meeting
from data.storage import compare, files, validated
from data.storage import folder as folder_module
from data.storage.check import check
from data.storage.compare import Ids
from data.storage.layout import CONTACTS, HISTORY, MEETINGS, PALAVERIT, REPORTS, RUNS
from data.store import Store
from tests.console_helpers import demo_store
from tests.storage_helpers import fork_warning, needs_fork


def _biggest_shard(store: Store) -> str:
    sizes = {}
    for path in (store.folder / "rel").glob("*.json"):
        sizes[f"rel/{path.name}"] = len(orjson.loads(path.read_bytes()).get(MEETINGS, {}))
    return max(sizes, key=lambda rel: sizes[rel])


def _one_by_one(rel: str, rows: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """What checking each meeting on its own finds (the way it was done before chunks)."""
    out = []
    rid = int(rel.removeprefix("rel/").removesuffix(".json"))
    for key, row in rows.items():
        try:
            meeting = load(Meeting, row)
        except ValidationError as exc:
            out.append(("record_invalid", f"meeting {key}: {describe(exc)}"))
            continue
        if meeting.id != int(key):
            out.append(("record_id", f"meeting {key}: its id says {meeting.id}"))
        if meeting.relationship_id != rid:
            other = meeting.relationship_id
            out.append(("record_elsewhere", f"meeting {key}: belongs to relationship {other}"))
    return out


def test_chunked_validation_finds_what_one_by_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    rel = _biggest_shard(store)
    path = store.folder / rel
    doc = orjson.loads(path.read_bytes())
    rows = doc[MEETINGS]
    keys = list(rows)
    assert len(keys) > 12
    rows[keys[0]]["duration_min"] = 1  # invalid, in the first chunk
    rows[keys[5]]["id"] = 999  # valid, but under another id
    rows[keys[6]]["status"] = "maybe"  # invalid, in a chunk with a valid odd one
    rows[keys[9]]["relationship_id"] = 99999  # valid, of another relationship
    rows[keys[-1]]["on"] = "not a day"  # invalid, in the last chunk
    path.write_bytes(orjson.dumps(doc))
    expected = _one_by_one(rel, rows)
    assert len(expected) == 5

    monkeypatch.setattr(validated, "CHUNK", 4)  # many chunks, some with a bad row
    report = check(store.engine)
    found = [(f.code, f.message) for f in report.findings if f.file == rel]
    assert [(code, msg) for code, msg in found if code.startswith("record_")] == expected
    assert report.records == _records(store)


def _records(store: Store) -> int:
    """How many records the folder holds, valid or not, as the check counts them."""
    count = 0
    for rel in store.engine.files():
        if rel.startswith("rel/"):
            tables = (MEETINGS, PALAVERIT, CONTACTS, HISTORY)  # (contacts: checked too)
            count += sum(len(store.engine.table(rel, t, strict=False)) for t in tables)
        elif rel.startswith("history/"):  # the kept changes of the other kinds (issue 14)
            count += len(store.engine.table(rel, HISTORY))
        elif rel.startswith("reports/"):
            count += sum(len(store.engine.table(rel, t)) for t in (REPORTS, RUNS))
        elif rel in compare.MODELS:
            count += len(store.engine.table(rel, compare.MODELS[rel][0]))
    return count


def test_every_shard_is_parsed_once_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    parsed: list[bytes] = []
    real = files._parse

    def counting(raw: bytes) -> Any:
        parsed.append(raw)
        return real(raw)

    monkeypatch.setattr("data.storage.lazy._parse", counting)
    engine = Store.open(store.folder).engine
    report = check(engine)
    assert report.ok, [f.message for f in report.findings]
    shards = [rel for rel in engine.files() if rel.startswith(("rel/", "reports/"))]
    assert len(shards) > 10
    assert len(parsed) == len(set(parsed))  # no file parsed twice
    kept = [rel for rel in shards if engine._cache.get(rel) is not None]
    assert kept == []  # the engine does not keep what the check has read


def test_ids_of_a_shard_table_behave_as_its_keys() -> None:
    for keys in (
        [],
        ["1", "2", "3"],
        ["1", "3"],
        ["2", "3"],
        ["1", "01"],
        ["1", "x", "3"],
        ["1", "2", "4", "3"],
        ["0", "1"],
        [str(i) for i in range(1, 6)],
    ):
        ids = Ids(keys)
        assert len(ids) == len(keys)
        assert sorted(ids) == sorted(keys)
        assert bool(ids) == bool(keys)
        for probe in ("0", "1", "2", "3", "4", "01", "x", "", "²"):
            assert (probe in ids) == (probe in keys), (keys, probe)
        if all(k.isdigit() for k in keys):  # (what the comparison asks, as it asked the keys)
            assert compare._top(ids) == max([0, *(int(k) for k in keys)])
        assert compare._gaps(ids, None) == []
        for counter in range(0, 7):
            assert compare._gaps(ids, counter) == [
                i for i in range(1, counter) if str(i) not in keys
            ]


def test_check_reports_a_gap_in_a_shards_meetings(tmp_path: Path) -> None:
    """A shard whose meeting ids are not 1..n (one lost) is still compared as it was."""
    store = demo_store(tmp_path / "d")
    rel = _biggest_shard(store)
    path = store.folder / rel
    doc = orjson.loads(path.read_bytes())
    del doc[MEETINGS]["2"]
    path.write_bytes(orjson.dumps(doc))
    report = check(Store.open(store.folder).engine)
    lost = [f for f in report.findings if f.code == "item_meetings_lost"]
    assert (
        len(lost) == 1
        and lost[0].params["ref"] == f"{rel.removeprefix('rel/').removesuffix('.json')}-2"
    )


def test_a_compact_read_finds_what_a_whole_read_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check keeps only a projection of the main files' records: what it finds (records
    that do not validate, a record older than the index remembers it, a dangling reference,
    an id that says another) is the same, in the same order, as from the whole records."""
    store = demo_store(tmp_path / "d")
    folder = store.folder

    def edit(rel: str, change: Any) -> None:
        doc = orjson.loads((folder / rel).read_bytes())
        change(doc)
        (folder / rel).write_bytes(orjson.dumps(doc))

    def damage(doc: dict[str, Any]) -> None:
        rows = doc["clients"]
        first, second, third = list(rows)[:3]
        rows[first]["first_name"] = ""  # does not validate
        rows[second]["social_worker_id"] = 9999  # points at nobody
        rows[third]["id"] = 7777  # says another id

    edit("clients.json", damage)

    def older(doc: dict[str, Any]) -> None:
        row = next(iter(doc["relationships"].values()))
        row["version"] = 0  # as if restored from before the index's facts
        row["volunteer_id"] = 9998

    edit("relationships.json", older)
    edit("volunteers.json", lambda doc: next(iter(doc["volunteers"].values())).update(last_name=""))
    shard = _biggest_shard(store)  # a file between clients.json and volunteers.json
    edit(shard, lambda doc: next(iter(doc[MEETINGS].values())).update(duration_min=1))
    whole_read = compare.Folder.read.__func__  # type: ignore[attr-defined]

    def whole(cls: Any, *args: Any, compact: bool = False, **kw: Any) -> Any:
        return whole_read(cls, *args, compact=False, **kw)

    compact = check(Store.open(folder).engine)
    monkeypatch.setattr(compare.Folder, "read", classmethod(whole))
    wholly = check(Store.open(folder).engine)
    codes = {f.code for f in compact.findings}
    assert {"record_invalid", "record_id", "item_points_at_lost", "item_older"} <= codes, codes
    invalid = [f.file for f in compact.findings if f.code == "record_invalid"]
    assert invalid == ["clients.json", shard, "volunteers.json"]
    assert [(f.file, f.code, f.message, f.params) for f in compact.findings] == [
        (f.file, f.code, f.message, f.params) for f in wholly.findings
    ]
    assert (compact.records, compact.files) == (wholly.records, wholly.files)


@needs_fork
@fork_warning
def test_shards_read_in_worker_processes_find_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At national scale the shards are read by worker processes (fork): what the check finds,
    in what order, and how many records it counts are those of reading them here, a damaged
    shard included (read again here to name its damage)."""
    store = demo_store(tmp_path / "d")
    folder = store.folder
    shards = sorted((folder / "rel").glob("*.json"))
    doc = orjson.loads(shards[0].read_bytes())
    next(iter(doc[MEETINGS].values()))["duration_min"] = 1  # a record that does not validate
    shards[0].write_bytes(orjson.dumps(doc))
    parsed: list[bytes] = []
    real = files._parse

    def counting(raw: bytes) -> Any:
        parsed.append(raw)
        return real(raw)

    def both() -> tuple[Any, Any]:
        here = check(Store.open(folder).engine)
        with monkeypatch.context() as m:
            m.setattr(folder_module, "WORKERS_FROM", 1)
            m.setattr(folder_module, "CHUNK_FILES", 3)
            m.setattr(folder_module, "_workers", lambda files: 2)
            m.setattr("data.storage.lazy._parse", counting)
            apart = check(Store.open(folder).engine)
        assert [(f.file, f.code, f.message) for f in apart.findings] == [
            (f.file, f.code, f.message) for f in here.findings
        ]
        assert (apart.records, apart.files) == (here.records, here.files)
        return here, apart

    here, _ = both()
    assert "record_invalid" in {f.code for f in here.findings}
    shard_docs = {p.read_bytes() for p in shards}
    assert parsed and not [raw for raw in parsed if raw in shard_docs]  # none read here

    shards[3].write_bytes(shards[3].read_bytes()[:-20])  # a file cut short
    here, _ = both()
    assert {"record_invalid", "file_damaged"} <= {f.code for f in here.findings}
    shards[5].unlink()  # the index knows it: not given to the workers, found missing here
    here, _ = both()
    assert {"record_invalid", "file_damaged", "file_missing"} <= {f.code for f in here.findings}


def test_check_validates_each_main_record_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's expected facts take the records the check just validated; only a record
    that did not validate is tried again (and keeps the facts the index holds of it)."""
    from data.storage import derived

    store = demo_store(tmp_path / "d")
    path = store.folder / "clients.json"
    doc = orjson.loads(path.read_bytes())
    broken = next(iter(doc["clients"]))
    doc["clients"][broken]["birth_date"] = "not a day"
    path.write_bytes(orjson.dumps(doc))
    loaded: list[Any] = []
    real = derived.load

    def counting(model: Any, row: dict[str, Any]) -> Any:
        loaded.append(row.get("id"))
        return real(model, row)

    monkeypatch.setattr(derived, "load", counting)
    report = check(Store.open(store.folder).engine)
    assert loaded == [int(broken)]  # once by the check; again only the one that failed
    codes = [(f.file, f.code) for f in report.findings]
    assert codes == [("clients.json", "record_invalid")]
