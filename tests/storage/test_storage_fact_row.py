"""One relationship's facts read by themselves (``rows.fact``, ``parsing.fact_row``): what
``tuki log`` needs of the 22,000 rows of a national ``index/relationships.json``. The same
facts as a whole read, the file not parsed whole nor kept; anything not laid out as the
engine writes it, a change waiting in the change log or a row that does not parse by itself
is read whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from data.errors import Refused
from data.model.facts import FACT_FILES, FACTS
from data.models import EndReason, Meeting, Relationship, State
from data.storage import parsing
from data.storage.files import encode
from data.storage.rows import fact
from data.store import Store
from tests import factories as f
from tests.factories import ago

FILE = FACT_FILES[Relationship]


def facts_doc(rows: dict[str, Any]) -> bytes:
    return encode({FACTS: rows, "_meta": {"1": {"11": {"r": [9]}}}})


ROWS = {
    "1": {"r": [5, 6, "active", "2026-01-02", None, "2026-01-02", "2027-01-02", 24]},
    "11": {"r": [7, 8, "ended", "2025-01-02", None, "2025-01-02", "2026-01-02", 10]},
    "111": {"r": [9, 10, "proposed", None, "2026-10-01", None, None, None]},
}


def test_a_row_is_the_row_of_the_whole_read() -> None:
    raw = facts_doc(ROWS)
    for key, row in ROWS.items():
        assert parsing.fact_row(raw, key) == orjson.loads(raw)[FACTS][key] == row


@pytest.mark.parametrize(
    "raw",
    [
        facts_doc(ROWS).replace(b'"1":{"r"', b'"1": {"r"'),  # laid out otherwise
        facts_doc(ROWS).replace(b'"11":{', b'"1":{'),  # a key twice
        facts_doc({**ROWS, "1": {"r": ["a]}b", 1]}}),  # a text holding the row's end
        facts_doc(ROWS).replace(b"[5,6,", b"[1180591620717411303424,6,"),  # a long number
        facts_doc(ROWS).replace(b'"active"', b'"\\ud800"'),  # a lone surrogate
        facts_doc({"2": ROWS["1"]}),  # no such row: the whole read names it
        facts_doc(ROWS).replace(b',"_meta":', b',"_mota":'),  # laid out otherwise
    ],
    ids=["layout", "twice", "text", "long", "surrogate", "missing", "meta"],
)
def test_anything_else_is_left_to_a_whole_read(raw: bytes) -> None:
    assert parsing.fact_row(raw, "1") is None


def test_the_facts_of_each_relationship_as_a_whole_read_gives_them(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "d")
    rels = [f.active(store) for _ in range(4)]
    store.relationships.end(f.USER, rels[2].id or 0, rels[2].version, ago(1), EndReason.CHILD_WISH)
    engine = Store.open(store.folder).engine
    got = {r.id: fact(engine, FILE, str(r.id)) for r in rels}
    assert FILE not in engine._cache  # not parsed whole, not kept
    whole = engine.table(FILE, FACTS)
    assert got == {r.id: whole[str(r.id)] for r in rels}
    assert fact(engine, FILE, "999") is None  # (now from the cache)


def test_a_change_made_elsewhere_is_seen_by_the_next_meeting(tmp_path: Path) -> None:
    """A relationship ended by another process: a fresh Store refuses a meeting after the
    end, as it reads the facts anew."""
    store = Store.open(tmp_path / "d")
    rel = f.active(store)
    Store.open(store.folder).relationships.end(
        f.USER, rel.id or 0, rel.version, ago(5), EndReason.CHILD_WISH
    )
    fresh = Store.open(store.folder)
    facts = fresh.records.derived.relationship(rel.id or 0)
    assert facts is not None and facts.state is State.ENDED
    with pytest.raises(Refused, match="ended"):
        fresh.meetings.log(f.USER, Meeting(relationship_id=rel.id or 0, on=ago(1)))
    assert fresh.meetings.of(rel.id or 0) == []
