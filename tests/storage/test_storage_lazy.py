"""A big main file keeps its rows as text and parses a row when it is read (issue 13: the
console's memory at national scale). The same answers, the same files written, damage still
found; copies and comparisons of a lazy table behave as a plain table's do."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import orjson
import pytest

from data.models import Client, Relationship
from data.storage import Engine, lazy
from data.storage.check import check
from data.storage.files import DamagedFileError, _parse, encode, plain
from data.storage.lazy import LazyTable, changed_rows, parse_lazy
from data.store import Store
from tests.console_helpers import demo_store


@pytest.fixture
def every_main_file_lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazy, "LAZY_FROM", 0)


def test_a_lazy_table_reads_copies_and_compares_as_a_plain_one() -> None:
    rows = {"1": {"id": 1, "name": "Aino"}, "2": {"id": 2, "tags": ["a", "ä"]}}
    table = LazyTable.stored({key: orjson.dumps(row) for key, row in rows.items()})
    assert all(type(dict.__getitem__(table, k)) is bytes for k in table)  # nothing parsed yet
    assert table == rows and rows == dict(table) == {**table} and table["2"]["tags"][1] == "ä"
    assert table.get("3") is None and table.get("3", 0) == 0 and "1" in table
    assert list(table.values()) == list(rows.values()) and dict(table.items()) == rows
    assert json.loads(json.dumps(table)) == rows
    assert pickle.loads(pickle.dumps(table)) == rows and copy.deepcopy(table) == rows
    assert orjson.loads(orjson.dumps(plain(table))) == rows
    with pytest.raises(TypeError):  # a lazy table handed to orjson unconverted fails loudly
        orjson.dumps({"t": table})
    changed = table.copy()
    changed["2"] = {"id": 2, "tags": []}
    changed["3"] = {"id": 3}
    assert isinstance(changed, LazyTable) and dict.get(changed, "1") is dict.get(table, "1")
    assert table["2"]["tags"] == ["a", "ä"] and len(table) == 2  # the original is untouched
    assert changed_rows(table, changed) == {"2": {"id": 2, "tags": []}, "3": {"id": 3}}
    assert changed.pop("3") == {"id": 3} and changed.pop("3", None) is None
    assert changed_rows(changed, table) == {"2": {"id": 2, "tags": ["a", "ä"]}}
    del changed["1"]
    assert changed_rows(table, changed) == {"1": None, "2": {"id": 2, "tags": []}}


def test_the_row_by_row_reading_equals_the_whole_parse(
    tmp_path: Path, every_main_file_lazy: None
) -> None:
    demo_store(tmp_path / "d")
    for name in ("clients.json", "relationships.json", "volunteers.json", "settings.json"):
        raw = (tmp_path / "d" / name).read_bytes()
        read = parse_lazy(raw)
        assert read is not None and read == _parse(raw)
        assert [type(table) for table in read.values()] == [LazyTable, dict]  # rows, _meta
        assert encode(read)[:-60] == encode(_parse(raw))[:-60]  # the same bytes but the token
    tricky = b'{"a":{"1":{"id":1,"x":[1,{"y":"},\\"2\\":{\\"id\\":"}]},"2":{"id":2}},"_meta":{}}'
    assert parse_lazy(tricky) == {
        "a": {"1": {"id": 1, "x": [1, {"y": '},"2":{"id":'}]}, "2": {"id": 2}},
        "_meta": {},
    }


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[]",
        b'{"a":{"1":{"id":1,"x":NaN}},"_meta":{}}',
        b'{"a":{"1":[1]},"_meta":{}}',
        b'{"a":{"1":{"id":1}},"_meta":{}} tail',
        b'{"a":{"1":{"id":1}',
        b'{"a":{"\\u0031":{"id":1}},"_meta":{}}',
        b'{"a":{"1":{"id":1,"x":"\xff"}},"_meta":{}}',
        b'{"a":{"1":{"id":1,"x":"\\ud800"}},"_meta":{}}',  # json reads it, orjson does not
        b'{"a":{"1":{"id":1,"n":18446744073709551617}},"_meta":{}}',  # json: an int
        b' {"a": {"1": {"id": 1}}, "_meta": {}}',  # laid out otherwise: read whole
        b'{"a":{"1":{"id":1}},"b":{"1":{"id":1}},"_meta":{}}',  # two tables
    ],
)
def test_anything_irregular_is_left_to_the_whole_parse(
    raw: bytes, every_main_file_lazy: None
) -> None:
    assert parse_lazy(raw) is None


def test_a_damaged_big_main_file_is_still_refused(
    tmp_path: Path, every_main_file_lazy: None
) -> None:
    demo_store(tmp_path / "d")
    path = tmp_path / "d" / "clients.json"
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(DamagedFileError):
        Engine(tmp_path / "d").read("clients.json")


def test_the_store_reads_and_saves_through_lazy_tables(
    tmp_path: Path, every_main_file_lazy: None
) -> None:
    store = demo_store(tmp_path / "d")
    stored = store.records.stored(Client)
    assert isinstance(stored, LazyTable)
    before = {k: dict.__getitem__(stored, k) for k in stored}
    client = store.records.list(Client)[0]
    store.records.update("tester", client.model_copy(update={"school": "Uusi koulu"}))
    again = store.records.stored(Client)
    assert again[str(client.id)]["school"] == "Uusi koulu"
    kept = [k for k in again if k != str(client.id) and dict.__getitem__(again, k) is before[k]]
    assert len(kept) == len(before) - 1  # the other rows were never parsed nor copied
    on_disk = orjson.loads((tmp_path / "d" / "clients.json").read_bytes())["clients"]
    assert on_disk == dict(again) and on_disk[str(client.id)]["school"] == "Uusi koulu"
    other = Store.open(tmp_path / "d")  # another process sees the change, and its own
    assert other.records.get(Client, client.id or 0).school == "Uusi koulu"
    rel = other.records.list(Relationship)[0]
    other.records.update("other", rel.model_copy(update={"end_note": "Toisen muutos."}))
    assert store.records.get(Relationship, rel.id or 0).end_note == "Toisen muutos."
    report = check(Engine(tmp_path / "d"))
    assert report.ok and not [f for f in report.findings if not f.info]
