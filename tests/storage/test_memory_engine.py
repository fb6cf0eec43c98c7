"""The in-memory engine keeps the promises the Store relies on: all or nothing, tables that stay
the same object while unchanged, nothing on disk. Where a promise holds for both engines the
test runs on both (``any_store``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from data.errors import ConflictError
from data.models import Client, Guardian, SocialWorker
from data.storage import MemoryEngine
from data.storage.layout import LAYOUT
from data.store import Store
from tests import factories as f
from tests.engines import reopen, snapshot
from tests.factories import USER


def guardian() -> Guardian:
    return Guardian(first_name="Toinen", last_name="Huoltaja", phone="040 765 4321")


def test_a_refused_change_of_two_records_leaves_both_as_they_were(any_store: Store) -> None:
    store = any_store
    client = f.client(store)
    store.records.update(USER, client.model_copy(update={"school": "Olari"}))  # now version 2
    before, token = snapshot(store), store.records.change_token()
    guardians = store.records.list(Guardian)
    with pytest.raises(ConflictError):  # the guardian is added first, then the client refuses
        store.people.add_guardian(USER, client.id or 0, client.version, guardian())
    assert snapshot(store) == before
    assert store.records.change_token() == token
    assert store.records.list(Guardian) == guardians == reopen(store).records.list(Guardian)


def test_an_error_inside_a_transaction_changes_nothing(any_store: Store) -> None:
    store = any_store
    f.client(store)
    before, workers = snapshot(store), store.records.list(SocialWorker)
    with pytest.raises(RuntimeError), store.records.transaction():
        store.records.add(USER, SocialWorker(first_name="Sanni", last_name="Sosiaali"))
        with store.records.transaction():  # a nested one joins the outer
            f.client(store, last_name="Toinen")
        raise RuntimeError("the face gave up")
    assert snapshot(store) == before
    assert [c.last_name for c in reopen(store).records.list(Client)] == ["Esimerkki"]
    assert store.records.list(SocialWorker) == workers
    # the id the change that was not made took is handed out again: nothing used it
    again = store.records.add(USER, SocialWorker(first_name="A", last_name="B"))
    assert again.id == max(w.id or 0 for w in workers) + 1


def test_a_document_that_does_not_encode_leaves_every_document_as_it_was() -> None:
    engine = MemoryEngine(LAYOUT)
    with engine.transaction() as tx:
        tx.put("a.json", "rows", 1, {"n": 1})
    before = {rel: engine.read(rel) for rel in engine.files()}
    with pytest.raises(TypeError), engine.transaction() as tx:
        tx.put("a.json", "rows", 1, {"n": 2})  # fine on its own …
        tx.put("b.json", "rows", 1, {"n": {1, 2}})  # … but a set is no JSON
    assert {rel: engine.read(rel) for rel in engine.files()} == before
    assert engine.table("a.json", "rows") == {"1": {"n": 1}} and not engine.exists("b.json")


def test_a_table_is_the_same_object_until_it_changes() -> None:
    engine = MemoryEngine()
    with engine.transaction() as tx:
        tx.put("a.json", "one", 1, {"n": 1})
        tx.put("a.json", "two", 1, {"n": 1})
    one, token = engine.table("a.json", "one"), engine.change_token()
    assert engine.table("a.json", "one") is one and engine.change_token() == token
    with engine.transaction() as tx:
        tx.put("b.json", "one", 1, {"n": 1})
    assert engine.table("a.json", "one") is one  # another document changed
    with engine.transaction() as tx:
        tx.put("a.json", "two", 2, {"n": 2})
    assert engine.table("a.json", "one") == one and engine.change_token() != token
    assert engine.files() == ["a.json", "b.json"] and engine.files("rel") == []


def test_two_stores_on_one_memory_engine_see_each_other(tmp_path: Path) -> None:
    engine = MemoryEngine(LAYOUT, folder=tmp_path / "nowhere")
    one, two = Store(engine), Store(engine)
    rel = f.active(one)
    assert two.records.get(Client, rel.client_id).last_name == "Esimerkki"
    token = two.records.change_token()
    f.client(one, last_name="Toinen")
    assert two.records.change_token() != token
    assert [c.last_name for c in two.records.list(Client)] == ["Esimerkki", "Toinen"]
    assert two.records.derived.differences() == []  # the index was written with its records
    assert not (tmp_path / "nowhere").exists()  # nothing on disk, ever


def test_the_memory_engine_holds_what_the_json_files_would(tmp_path: Path) -> None:
    """The same calls on both engines leave the same documents (the write tokens aside)."""
    stores: list[Store[Any]] = [Store(MemoryEngine(LAYOUT)), Store.open(tmp_path / "data")]
    for store in stores:
        rel = f.active(store)
        store.people.add_guardian(USER, rel.client_id, 1, guardian())
    memory, disk = (s.engine for s in stores)
    assert memory.files() == disk.files()

    def content(engine: Any, rel: str) -> dict[str, Any]:
        doc = dict(engine.read(rel))
        doc.pop("_meta", None)
        return {name: {k: _unstamped(v) for k, v in rows.items()} for name, rows in doc.items()}

    assert {r: content(memory, r) for r in memory.files()} == {
        r: content(disk, r) for r in disk.files()
    }


def _unstamped(row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    return {k: v for k, v in row.items() if k not in ("created_at", "changed_at", "at")}
