"""A big stored file is parsed by the standard library (orjson's memory peak: 507 MB for the
32 MB relationships file of a national folder), to the same document and with the same
refusals as orjson."""

from __future__ import annotations

import random
import tracemalloc

import orjson
import pytest

from data.storage import parsing
from data.storage.files import Problem, _parse


def document(n: int) -> dict[str, dict[str, dict[str, object]]]:
    rng = random.Random(n)
    rows = {
        str(i): {
            "id": i,
            "name": rng.choice(["Äijälä", "Öberg", "Nguyễn", 'O\'Neil "Ä"', "\\ /"]) + str(i),
            "fee": rng.random() * 100,
            "big": 2**62 + i,
            "tags": [rng.choice("abc") for _ in range(3)],
            "none": None,
            "ok": i % 2 == 0,
            "nested": {"on": "2026-11-20", "km": [1.5, 2]},
        }
        for i in range(n)
    }
    return {"relationships": rows, "_meta": {"1": {"token": "x"}}}


def test_a_big_file_gives_the_same_document_as_orjson_at_a_fraction_of_the_peak() -> None:
    raw = orjson.dumps(document(30_000))
    assert len(raw) >= parsing.BIG_FILE
    tracemalloc.start()
    try:
        lean = parsing.loads(raw)
        _, lean_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        fast = orjson.loads(raw)
        _, fast_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lean == fast
    assert lean_peak < fast_peak / 2


@pytest.mark.parametrize(
    "raw",
    [
        b'{"t": {"1": {"x": NaN}}}',
        b'{"t": {"1": {"x": Infinity}}}',
        b'{"t": {"1": {"x": "\xff\xfe"}}}',
        b'{"t": {"1": {"x": 1}}',
        b'{"t": {"1": {"x": 1}}} trailing',
    ],
)
def test_what_orjson_refuses_a_big_file_refuses_too(
    raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(raw)
    monkeypatch.setattr(parsing, "BIG_FILE", 0)
    with pytest.raises(Problem) as refused:
        _parse(raw)
    assert refused.value.code == "not_json"
