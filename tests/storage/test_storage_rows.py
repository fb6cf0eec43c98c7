"""Some rows of a main file read row by row (``data/storage/rows.py``, ``parsing.table_rows``):
the same rows as a whole read, the same errors, nothing left in the engine's cache; anything
not laid out as the engine writes it is read whole."""

from __future__ import annotations

import json
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.errors import NotFound
from data.models import Relationship, State
from data.storage import DamagedFileError, parsing
from data.storage.files import encode
from data.storage.rows import WHOLE_AFTER, read_once, selected
from data.store import Store
from tests.console_helpers import demo_store
from tui.cli import main

TABLE = "relationships"
RUNS = "payment_runs"
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


def test_some_rows_are_found_by_their_keys_and_only_they_parsed() -> None:
    raw = encode(doc(rows_of(50)))
    table = json.loads(raw)[TABLE]
    wanted = {"40", "3", "17", "1", "50", "99"}  # 99: not there, left out
    got = parsing.keyed_rows(raw, TABLE, wanted)
    assert got == {k: table[k] for k in table if k in wanted}
    assert list(got or {}) == ["1", "3", "17", "40", "50"]  # in the file's order
    damaged = raw.replace(b'"km":1.5', b'"km":1e400', 1)  # row 1
    assert parsing.keyed_rows(damaged, TABLE, {"1"}) is None
    assert parsing.keyed_rows(damaged, TABLE, {"2"}) == {"2": table["2"]}  # 1 not judged
    big = raw.replace(b'"fee":"70.00"', b'"fee":18446744073709551617', 1)
    assert parsing.keyed_rows(big, TABLE, {"1"}) is None
    nested = orjson.dumps(doc({"1": {"id": 1, "x": {"4": {}, "5": {"id": 5}}}, "2": {"id": 2}}))
    assert parsing.keyed_rows(nested, TABLE, {"5"}) is None  # an inner object is no row
    assert parsing.keyed_rows(nested, TABLE, {"2"}) == {"2": {"id": 2}}
    twice = raw.replace(b'"2":{"id":2', b'"1":{"id":1')
    assert parsing.keyed_rows(twice, TABLE, {"3"}) is None
    assert parsing.keyed_rows(json.dumps(table, indent=1).encode(), TABLE, {"1"}) is None


def test_records_of_some_ids_are_read_without_their_whole_file_and_the_same(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    full = {r.id: r for r in Store.open(store.folder).records.list(Relationship)}
    rel = next(r for r in full.values() if r.state is State.PROPOSED)
    ids = [rel.id or 0] + [i or 0 for i in list(full)[::3][::-1] if i != rel.id]  # any order
    mine = Store.open(store.folder)
    assert mine.records.get_many(Relationship, ids) == [full[i] for i in ids]
    assert FILE not in mine.engine._cache  # only their rows read
    with pytest.raises(NotFound):
        mine.records.get_many(Relationship, [ids[0], 10**6])
    goal = {"id": 1, "text": "Koulu sujuu", "set_on": rel.history[0].on}
    changed = Store.open(store.folder).records.update(
        "tester", Relationship.model_validate({**rel.model_dump(), "goals": [goal]})
    )
    assert mine.records.get_many(Relationship, ids[:1]) == [changed]  # another Store's change
    mine.engine.table(FILE, TABLE)  # read whole: the rows of the cache
    assert mine.records.get_many(Relationship, ids) == [changed] + [full[i] for i in ids[1:]]


def test_a_file_laid_out_otherwise_is_read_whole_and_not_kept(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    expected = {k: r for k, r in store.engine.table(FILE, TABLE).items() if open_one(r)}
    path = store.folder / FILE
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2), encoding="utf-8")
    engine = Store.open(store.folder).engine
    assert selected(engine, FILE, TABLE, open_one) == expected
    assert FILE not in engine._cache


def test_read_once_gives_what_a_read_gives_and_keeps_nothing(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    engine = Store.open(store.folder).engine
    files = [FILE, "index/relationships.json", *engine.files("reports"), *engine.files("rel")[:5]]
    for rel in files:
        got = read_once(engine, rel)
        assert rel not in engine._cache  # read once, not kept
        assert got == engine.read(rel)
        assert read_once(engine, rel) is engine.read(rel)  # a cached file: the cached document
    assert read_once(engine, "reports/2001-01.json", strict=False) == {}


def test_read_once_takes_a_change_of_another_store_and_its_log(tmp_path: Path) -> None:
    """A meeting logged by another Store: its shard and the index file (whose change waits in
    the change log, ``delta.py``) read once are what a fresh read gives."""
    store = demo_store(tmp_path / "d")
    mine = Store.open(store.folder)
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    shard, bucket = f"rel/{rel.id}.json", f"index/{rel.id % 64:02d}.json"
    before = read_once(mine.engine, shard), read_once(mine.engine, bucket)
    other = Store.open(store.folder)
    held = [m for m in other.meetings.of(rel.id) if m.held]
    changed = held[-1].model_copy(update={"km": (held[-1].km or Decimal(0)) + 1})
    other.meetings.update("tester", changed)
    after = read_once(mine.engine, shard), read_once(mine.engine, bucket)
    assert after != before
    fresh = Store.open(store.folder).engine
    assert after == (fresh.read(shard), fresh.read(bucket))


def test_read_once_refuses_a_damaged_file_as_a_read_does(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = store.engine.files("reports")[-1]
    path = store.folder / rel
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(DamagedFileError) as whole_read:
        Store.open(store.folder).engine.read(rel)
    with pytest.raises(DamagedFileError) as once:
        read_once(Store.open(store.folder).engine, rel)
    assert str(once.value) == str(whole_read.value)


def test_a_payment_run_keeps_no_file_it_read_and_gives_the_same_run(tmp_path: Path) -> None:
    """The run reads the monthly files and the shards once (``read_once``, ``selected``):
    the same lines as when every file is in the cache, an approved month's included."""
    store = demo_store(tmp_path / "d")
    month = date(2026, 10, 1)
    assert store.payments.approved(date(2026, 9, 1)) is not None  # the demo approved earlier
    fresh = Store.open(store.folder)
    once = fresh.payments.run(month)
    kept = [rel for rel in fresh.engine.files() if rel in fresh.engine._cache]
    assert not [rel for rel in kept if rel.startswith(("reports/", "rel/"))]
    assert FILE not in kept  # the relationships' file (32 MB at national scale) neither
    cached = Store.open(store.folder)
    for rel in cached.engine.files("reports") + cached.engine.files("rel"):
        cached.engine.read(rel)
    cached.engine._cache.recent = 100_000  # every file kept
    cached.engine._cache.recent_bytes = 1 << 40
    for rel in cached.engine.files("reports") + cached.engine.files("rel"):
        cached.engine.read(rel)
    assert cached.payments.run(month) == once
    assert once.lines


def test_the_facts_files_are_read_with_their_texts_shared_and_the_same_facts(
    tmp_path: Path,
) -> None:
    """``lazy.share_texts``: the index's facts rows equal to a plain parse, each text once; the
    facts built of them (with ``facts._day``'s shared days) equal to those of the records."""
    from data.model.facts import of_client, of_relationship, of_volunteer
    from data.models import Client, Volunteer
    from data.storage.files import _parse
    from data.storage.lazy import FACT_FILES, parse_file

    store = demo_store(tmp_path / "d")
    for rel in FACT_FILES:
        raw = (store.folder / rel).read_bytes()
        shared, plain = parse_file(rel, raw), _parse(raw)
        assert shared == plain
        texts = [x for row in shared["facts"].values() for x in row["r"] if isinstance(x, str)]
        assert len({id(x) for x in texts}) == len(set(texts)) < len(texts)
    fresh = Store.open(store.folder)
    records = fresh.records
    assert records.relationship_facts() == {
        r.id: of_relationship(r) for r in records.list(Relationship)
    }
    assert records.client_facts() == {c.id: of_client(c) for c in records.list(Client)}
    assert records.volunteer_facts() == {v.id: of_volunteer(v) for v in records.list(Volunteer)}
    days = [f.start for f in records.relationship_facts().values() if f.start]
    assert len({id(d) for d in days}) == len(set(days))  # each day one object


def test_whether_a_table_holds_a_row_is_told_from_the_bytes_or_left_to_a_whole_read() -> None:
    def has(tables: dict[str, Any]) -> bool | None:
        return parsing.has_row(encode({**tables, "_meta": {"1": {"token": "abc"}}}), RUNS, "1")

    runs = {"1": {"id": 1, "month": "2026-10-01", "note": '"payment_runs":{"1":{"id":1}'}}
    reports = rows_of(3)
    assert has({TABLE: reports}) is False  # no such table (a text naming it is no table)
    assert has({TABLE: reports, RUNS: {}}) is False
    assert has({TABLE: reports, RUNS: runs}) is True
    assert has({RUNS: runs, TABLE: reports}) is True
    assert has({TABLE: reports, RUNS: {"2": {"id": 2}}}) is None  # another row first
    whole = encode({TABLE: reports, RUNS: runs, "_meta": {}})
    assert parsing.has_row(whole[:-30], RUNS, "1") is None  # cut short
    indented = json.dumps({TABLE: reports, "_meta": {}}, indent=1).encode()
    assert parsing.has_row(indented, RUNS, "1") is None  # laid out otherwise


def shard_doc(**tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {**tables, "_meta": {"1": {"next": {"meetings": 9, "palaverit": 9}}}}


def test_a_shards_table_is_its_part_parsed_alone_or_left_to_a_whole_read() -> None:
    """``table_part``: the rows a whole read gives, or None (never other rows)."""
    meetings = {"1": {"id": 1, "note": 'a },"palaverit":{"1":{"id":1} b'}, "2": {"id": 2}}
    palaverit = {"1": {"id": 1, "finished": True, "notes": {"x": "}"}}, "2": {"id": 2}}
    contacts = {"3": {"id": 3, "whom": "school"}}
    docs = [
        shard_doc(meetings=meetings, palaverit=palaverit),
        shard_doc(meetings=meetings, palaverit=palaverit, contacts=contacts),
        shard_doc(palaverit=palaverit, meetings=meetings),  # first in the file
        shard_doc(meetings=meetings, palaverit={}),
        shard_doc(meetings=meetings),  # none
        shard_doc(meetings={"1": {"id": 1, "kind": "palaverit"}}, palaverit=palaverit),
        shard_doc(meetings=meetings, palaverit={"1": {"id": 1, "history": {"a": {}}}}),
        shard_doc(meetings=meetings, palaverit={"1": {"id": 1, "x": {}, "history": {}}}),
    ]
    told = 0
    for one in docs:
        raw = encode(one)
        for table in ("meetings", "palaverit", "contacts"):
            got = parsing.table_part(raw, table)
            assert got is None or got == one.get(table, {}), (table, raw)
            told += got is not None
    assert told >= 15  # most are told from their part
    assert parsing.table_part(encode(docs[0]), "palaverit") == palaverit
    assert parsing.table_part(encode(docs[4]), "palaverit") == {}
    pretty = json.dumps(docs[0], indent=1).encode()  # laid out otherwise
    for raw in (pretty, encode(docs[0])[:-1], encode(docs[0]).replace(b'"2":{"id":2}', b"")):
        assert parsing.table_part(raw, "palaverit") is None


def test_one_table_of_a_shard_is_what_a_read_gives_and_is_not_kept(tmp_path: Path) -> None:
    from data.models import PalaveriKind
    from data.storage.rows import one_table

    store = demo_store(tmp_path / "d")
    mine = Store.open(store.folder)
    shards = mine.engine.files("rel")
    for rel in shards:
        assert one_table(mine.engine, rel, "palaverit") == store.engine.read(rel).get(
            "palaverit", {}
        )
        assert rel not in mine.engine._cache
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    before = one_table(mine.engine, f"rel/{rel.id}.json", "palaverit")
    other = Store.open(store.folder)  # a draft saved by another Store
    other.palaverit.start("tester", rel.id, PalaveriKind.REVIEW, date(2026, 12, 14))
    after = one_table(mine.engine, f"rel/{rel.id}.json", "palaverit")
    assert len(after) == len(before) + 1
    assert after == Store.open(store.folder).engine.read(f"rel/{rel.id}.json")["palaverit"]
    drafts = mine.palaverit.drafts_once(rel.id)
    assert drafts and drafts == mine.palaverit.drafts(rel.id)
