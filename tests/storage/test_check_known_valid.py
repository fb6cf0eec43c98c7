"""`tuki check` does not validate again a file that the check before found valid, by a digest of
what it parsed (``data/storage/known_valid.py``); a changed byte, changed code or a damaged
``cache/valid.bin`` never lets a damaged record pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from data.storage import check as check_module
from data.storage import known_valid
from data.storage.aside import CACHE_DIR
from data.storage.check import check
from data.storage.layout import MEETINGS
from data.store import Store
from tests.console_helpers import demo_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return demo_store(tmp_path / "d")


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose records the check validates (in this process: a small folder)."""
    seen: list[str] = []
    real = check_module._check_records

    def spy(rel: str, tables: Any, report: Any) -> None:
        seen.append(rel)
        real(rel, tables, report)

    monkeypatch.setattr(check_module, "_check_records", spy)
    return seen


def _shard(store: Store) -> tuple[str, Path]:
    path = sorted((store.folder / "rel").glob("*.json"), key=lambda p: p.stat().st_size)[-1]
    return f"rel/{path.name}", path


def _change(path: Path, field: str, value: Any) -> None:
    doc = orjson.loads(path.read_bytes())
    next(iter(doc[MEETINGS].values()))[field] = value
    path.write_bytes(orjson.dumps(doc))


def test_a_second_check_validates_only_the_main_files_and_counts_the_same(
    store: Store, validated: list[str]
) -> None:
    first = check(store.engine)
    assert first.ok and (store.folder / CACHE_DIR / known_valid.NAME).is_file()
    shards = [rel for rel in validated if rel.startswith("rel/")]
    assert len(shards) > 10
    validated.clear()
    second = check(store.engine)
    assert second.ok
    assert (second.records, second.files) == (first.records, first.files)
    assert all("/" not in rel for rel in validated)  # only the main files, for their facts


def test_a_record_damaged_after_a_clean_check_is_found_and_found_again(
    store: Store, validated: list[str]
) -> None:
    assert check(store.engine).ok
    rel, path = _shard(store)
    _change(path, "duration_min", 1)  # too short: the model refuses it
    validated.clear()
    for _ in range(2):  # (a file with a finding is never kept as valid)
        report = check(store.engine)
        assert [f.code for f in report.findings if f.file == rel] == ["record_invalid"]
    assert validated.count(rel) == 2


def test_a_changed_but_valid_record_is_validated_again(store: Store, validated: list[str]) -> None:
    assert check(store.engine).ok
    rel, path = _shard(store)
    _change(path, "place", "kirjasto ")  # (a valid text, one byte more)
    validated.clear()
    assert check(store.engine).ok
    assert [r for r in validated if "/" in r] == [rel]


def test_changed_code_or_a_damaged_cache_file_means_everything_is_validated(
    store: Store, validated: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check(store.engine).ok
    every = sorted(validated)
    kept = store.folder / CACHE_DIR / known_valid.NAME
    raw = kept.read_bytes()
    for damaged in (raw[:-1], raw[:-3] + bytes([raw[-3] ^ 1]) + raw[-2:], b""):
        kept.write_bytes(damaged)
        validated.clear()
        assert check(store.engine).ok
        assert sorted(validated) == every
    assert check(store.engine).ok  # (kept again)
    monkeypatch.setattr(known_valid, "code_digest", lambda: bytes(32))  # other code
    validated.clear()
    assert check(store.engine).ok
    assert sorted(validated) == every


def test_the_digest_tells_every_value_by_its_type() -> None:
    known = known_valid.KnownValid({})
    same = [{"m": {"1": {"costs": v}}} for v in (None, float("inf"), 0, 0.0, -0.0, False, "0")]
    digests = {known.digest("rel/1.json", tables) for tables in same}
    assert len(digests) == len(same) and None not in digests
    assert known.digest("rel/1.json", same[0]) != known.digest("rel/2.json", same[0])
