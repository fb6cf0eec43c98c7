"""Some rows of a main file read row by row (``data/storage/rows.py``, ``parsing.table_rows``):
the same rows as a whole read, the same errors, nothing left in the engine's cache; anything
not laid out as the engine writes it is read whole."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.errors import NotFound
from data.models import Relationship, State
from data.storage import DamagedFileError, parsing
from data.storage.files import encode
from data.storage.rows import WHOLE_AFTER, selected
from data.store import Store
from tests.console_helpers import demo_store
from tui.cli import main

TABLE = "relationships"
FILE = "relationships.json"


def open_one(row: dict[str, Any]) -> bool:
    return row.get("state") != "ended"


def doc(rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {TABLE: rows, "_meta": {"1": {"next": {TABLE: len(rows) + 1}}}}


def rows_of(n: int) -> dict[str, dict[str, Any]]:
    return {
        str(i): {
            "id": i,
            "state": "ended" if i % 3 == 0 else "active",
            "note": ['a ,"7":{"id":7} b', 'Äö \\ / " }, {', ""][i % 3],  # row-like text
            "goals": [{"id": 1, "text": "x"}],
            "fee": "70.00",
            "km": 1.5,
            "big": 2**40,
            "first_meeting": {"id": 3, "on": "2026-11-20"} if i % 2 else None,
        }
        for i in range(1, n + 1)
    }


def whole(raw: bytes) -> dict[str, dict[str, Any]]:
    table = json.loads(raw)[TABLE]
    return {k: r for k, r in table.items() if open_one(r)}


def test_the_engines_layout_is_read_row_by_row_to_the_same_rows() -> None:
    for n in (0, 1, 2, 50):
        raw = encode(doc(rows_of(n)))
        got = parsing.table_rows(raw, TABLE, open_one)
        assert got == whole(raw)
        assert list(got or {}) == list(whole(raw))  # in the file's order
    raw = encode(doc(rows_of(5)))
    assert parsing.table_rows(raw, TABLE, lambda row: True) == json.loads(raw)[TABLE]


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps(doc(rows_of(4)), indent=1).encode(),  # laid out otherwise
        orjson.dumps({TABLE: rows_of(4)}),  # no _meta
        orjson.dumps({"_meta": {"1": {}}, TABLE: rows_of(4)}),  # _meta first
        orjson.dumps(doc({"1": {"id": 1, "x": {"4": {}, "5": {"id": 5}}}, "2": {"id": 2}})),
        encode(doc(rows_of(4))).replace(b'"2":{"id":2', b'"1":{"id":2'),  # a key twice
        encode(doc(rows_of(4))).replace(b'"fee":"70.00"', b'"fee":18446744073709551617', 1),
        encode(doc(rows_of(4))).replace(b'"fee":"70.00"', b'"fee":-9223372036854775809', 1),
        encode(doc(rows_of(4))).replace(b'"km":1.5', b'"km":1e400', 1),
        encode(doc(rows_of(4))).replace(b'"note":""', b'"note":"\\ud800"', 1),
        encode(doc(rows_of(4))).replace(b'"state":"ended"', b'"state":"ended",', 1),  # damaged
        encode(doc(rows_of(4)))[:-1],  # cut short
        encode(doc(rows_of(4))).replace(b'{"id":2', b'{ "id":2'),
        encode(doc({"1": {"id": 1}, "2": [1]})),  # not a table of rows
        b"",
    ],
    ids=lambda raw: str(zlib.crc32(raw.split(b'"token"')[0])),  # the same in every worker
)
def test_anything_else_is_left_to_a_whole_read(raw: bytes) -> None:
    assert parsing.table_rows(raw, TABLE, open_one) is None


def test_a_long_number_in_a_row_left_out_is_read_row_by_row() -> None:
    """(orjson reads it as a float, json as an int: only a kept row matters)"""
    rows = rows_of(6)
    rows["3"]["big"] = 123  # ended: not kept
    raw = encode(doc(rows)).replace(b'"big":123', b'"big":1180591620717411303424')
    assert parsing.table_rows(raw, TABLE, open_one) == whole(raw)


def test_selected_gives_what_the_engine_reads_and_leaves_the_cache_alone(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    folder = store.folder
    engine = Store.open(folder).engine
    got = selected(engine, FILE, TABLE, open_one)
    assert FILE not in engine._cache  # read once, not kept
    expected = {k: r for k, r in engine.table(FILE, TABLE).items() if open_one(r)}
    assert FILE in engine._cache
    assert got == expected and list(got) == list(expected)
    assert selected(engine, FILE, TABLE, open_one) == expected  # (now from the cache)

    # laid out otherwise (pretty-printed by hand): the same rows, the same listing
    before = listing(folder)
    path = folder / FILE
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2), encoding="utf-8")
    assert selected(Store.open(folder).engine, FILE, TABLE, open_one) == expected
    assert listing(folder) == before


def test_a_damaged_file_is_refused_as_a_whole_read_refuses_it(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    path = store.folder / FILE
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(DamagedFileError) as whole_read:
        Store.open(store.folder).engine.table(FILE, TABLE)
    with pytest.raises(DamagedFileError) as row_read:
        selected(Store.open(store.folder).engine, FILE, TABLE, open_one)
    assert str(row_read.value) == str(whole_read.value)


def test_a_change_saved_since_is_seen(tmp_path: Path) -> None:
    """A relationship changed by another Store after this one read the file: read again."""
    store = demo_store(tmp_path / "d")
    mine = Store.open(store.folder)
    first = {r.id for r in mine.records.select(Relationship, open_one)}
    other = Store.open(store.folder)
    rel = next(r for r in other.records.list(Relationship) if r.state is State.PROPOSED)
    goal = {"id": 1, "text": "Koulu sujuu", "set_on": rel.history[0].on}
    other.records.update(
        "tester", Relationship.model_validate({**rel.model_dump(), "goals": [goal]})
    )
    again = mine.records.select(Relationship, open_one)
    assert {r.id for r in again} == first
    assert next(r for r in again if r.id == rel.id).version == rel.version + 1


def listing(folder: Path) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--data-dir", str(folder), "ls", "relationships", "--json"]) == 0
    return out.getvalue()


def test_one_row_is_found_by_its_key_and_read_by_itself() -> None:
    for n in (1, 2, 50):
        raw = encode(doc(rows_of(n)))
        table = json.loads(raw)[TABLE]
        for key in table:
            assert parsing.one_row(raw, TABLE, key) == table[key]
        assert parsing.one_row(raw, TABLE, str(n + 1)) is None  # not there: read whole
    nested = orjson.dumps(doc({"1": {"id": 1, "x": {"4": {}, "5": {"id": 5}}}, "2": {"id": 2}}))
    assert parsing.one_row(nested, TABLE, "5") is None  # an inner object is never the row
    assert parsing.one_row(nested, TABLE, "2") == {"id": 2}
    raw = encode(doc(rows_of(4)))
    twice = raw.replace(b'"2":{"id":2', b'"1":{"id":1')
    assert parsing.one_row(twice, TABLE, "1") is None
    assert parsing.one_row(json.dumps(json.loads(raw), indent=1).encode(), TABLE, "1") is None
    big = raw.replace(b'"fee":"70.00"', b'"fee":18446744073709551617', 1)
    assert parsing.one_row(big, TABLE, "1") is None
    assert parsing.one_row(raw[:-1], TABLE, "1") is None


def test_a_record_is_read_without_its_whole_file_and_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("data.storage.rows.LAZY_FROM", 0)  # the demo's files count as big
    store = demo_store(tmp_path / "d")
    full = Store.open(store.folder).records.list(Relationship)
    mine = Store.open(store.folder)
    for r in full[:WHOLE_AFTER]:
        assert mine.records.get(Relationship, r.id or 0) == r
        assert mine.records.get(Relationship, r.id or 0) == r  # (remembered)
    assert FILE not in mine.engine._cache  # only rows read
    with pytest.raises(NotFound):
        Store.open(store.folder).records.get(Relationship, 10**6)
    for r in full:  # row after row (the payment run): the file is read whole, once
        assert mine.records.get(Relationship, r.id or 0) == r
    assert FILE in mine.engine._cache
    rel = next(r for r in full if r.state is State.PROPOSED)
    goal = {"id": 1, "text": "Koulu sujuu", "set_on": rel.history[0].on}
    changed = Store.open(store.folder).records.update(
        "tester", Relationship.model_validate({**rel.model_dump(), "goals": [goal]})
    )
    assert mine.records.get(Relationship, rel.id or 0) == changed  # another Store's change
    other = Store.open(store.folder)
    assert other.records.get(Relationship, rel.id or 0) == changed
    changed = other.records.update("tester", changed.model_copy(update={"goals": []}))
    assert Store.open(store.folder).records.get(Relationship, rel.id or 0) == changed
