"""The caches of what was read stay bounded: main and index files are kept while unchanged,
relationship shards and monthly report files only the recently used ones (issue 9)."""

from __future__ import annotations

from pathlib import Path

from data.models import Relationship
from data.storage import Engine
from data.storage.cache import RECENT, FileCache
from tests.console_helpers import demo_store


def test_file_cache_keeps_main_and_index_files_and_the_recent_others() -> None:
    cache: FileCache[str, int] = FileCache(recent=3)
    cache["clients.json"] = 1
    cache["index/07.json"] = 2
    for n in range(10):
        cache[f"rel/{n}.json"] = n
        cache.get("rel/0.json")  # used again and again: stays
    assert cache.get("clients.json") == 1 and cache.get("index/07.json") == 2
    assert cache.get("rel/0.json") == 0
    assert cache.get("rel/9.json") == 9 and cache.get("rel/8.json") == 8
    assert cache.get("rel/5.json") is None
    assert len(cache) == 2 + 3
    assert cache.pop("rel/9.json") == 9 and cache.pop("clients.json") == 1
    assert "rel/9.json" not in cache and "clients.json" not in cache


def test_engine_cache_holds_at_most_the_recent_shards(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "d", durable=False, backups=False)
    engine.bulk_write(
        {"clients.json": {"clients": {"1": {"id": 1}}}}
        | {f"rel/{n}.json": {"meetings": {"1": {"id": 1, "n": n}}} for n in range(1, 201)}
    )
    main = engine.read("clients.json")
    for n in range(1, 201):
        assert engine.table(f"rel/{n}.json", "meetings")["1"]["n"] == n
    assert len(engine._cache) == 1 + RECENT
    assert engine.read("clients.json") is main  # the main file was never dropped
    assert engine.table("rel/1.json", "meetings")["1"]["n"] == 1  # dropped, read again


def test_store_model_caches_stay_bounded_and_right(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    store.records._models.recent = 4
    ids = sorted(r.id or 0 for r in store.records.list(Relationship))
    assert len(ids) > 8
    first = {rid: store.meetings.of(rid) for rid in ids}
    for rid in ids:
        assert store.meetings.of(rid) == first[rid]
        store.palaverit.of(rid)
    shards = [key for key in store.records._models._lru if key[0].startswith("rel/")]
    assert len(shards) <= 4


def test_file_cache_keeps_the_recent_files_within_a_byte_budget() -> None:
    cache: FileCache[str, int] = FileCache(recent=10, recent_bytes=100)
    cache.put("rel/1.json", 1, 40)
    cache.put("rel/2.json", 2, 40)
    cache.put("clients.json", 0, 500)  # a main file never counts against the budget
    cache.put("rel/3.json", 3, 40)  # 120 bytes: the oldest goes
    assert "rel/1.json" not in cache and cache.get("rel/2.json") == 2
    cache.put("reports/2026-11.json", 4, 1000)  # bigger than the budget: kept alone, newest
    assert cache.get("reports/2026-11.json") == 4 and cache.get("clients.json") == 0
    assert len(cache) == 2
    cache.put("reports/2026-11.json", 5, 10)  # the same file again: its old size is forgotten
    cache.put("rel/4.json", 6, 80)
    assert cache.get("reports/2026-11.json") == 5 and cache.get("rel/4.json") == 6
    assert cache.pop("rel/4.json") == 6
    cache.put("rel/5.json", 7, 85)  # 10 + 85 fit again once the popped file is forgotten
    assert cache.get("reports/2026-11.json") == 5


def test_engine_cache_holds_big_recent_files_within_the_byte_budget(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "d", durable=False, backups=False)
    text = "x" * 2000  # each monthly file well over a tenth of the budget below
    engine.bulk_write(
        {
            f"reports/2025-{m:02}.json": {"reports": {"1": {"id": 1, "t": text}}}
            for m in range(1, 13)
        }
    )
    engine._cache.recent_bytes = 10_000
    for m in range(1, 13):
        assert engine.table(f"reports/2025-{m:02}.json", "reports")["1"]["t"] == text
    kept = [key for key in engine._cache._lru]
    assert 1 <= len(kept) <= 5 and kept[-1] == "reports/2025-12.json"


def test_a_transaction_keeps_only_the_files_it_writes_and_the_main_ones(tmp_path: Path) -> None:
    """A repair reads every shard in one transaction: they stay in the engine's bounded cache,
    not in the transaction (a national folder's repair peaked at 2.8 GB)."""
    engine = Engine(tmp_path / "d", durable=False, backups=False)
    engine.bulk_write(
        {"clients.json": {"clients": {"1": {"id": 1}}}}
        | {f"rel/{n}.json": {"meetings": {"1": {"id": 1, "n": n}}} for n in range(1, 201)}
    )
    with engine.transaction() as tx:
        assert tx.get("clients.json", "clients", 1) == {"id": 1}
        for n in range(1, 201):
            assert tx.get(f"rel/{n}.json", "meetings", 1) == {"id": 1, "n": n}
        tx.put("rel/7.json", "meetings", 2, {"id": 2})
        assert tx.before("rel/7.json", "meetings") == {"1": {"id": 1, "n": 7}}
        assert tx.before("rel/8.json", "meetings") == {"1": {"id": 1, "n": 8}}
        assert sorted(tx._base) == ["clients.json", "rel/7.json"]
        assert len(engine._cache) <= 1 + RECENT
    assert engine.table("rel/7.json", "meetings") == {"1": {"id": 1, "n": 7}, "2": {"id": 2}}
