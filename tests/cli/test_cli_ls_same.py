"""`tuki ls` at scale prints what it printed before its fast paths: a month's meetings read
only the month's rows of the shards the index names, the relationships not ended are the only
ones validated, and the JSON is written in chunks, byte for byte as ``json.dump(indent=1)``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.dates import month_key
from data.models import Meeting, Relationship, State
from data.storage.layout import MEETINGS, shard
from data.store import Store
from tests.console_helpers import TODAY, demo_store
from tui import i18n, listing
from tui.cli import main

MONTH = TODAY.replace(day=1)  # the demo's current month has meetings
LAST_MONTH = MONTH.replace(month=MONTH.month - 1)


def ls(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> str:
    assert main(["--data-dir", str(folder), "ls", *argv]) == 0
    return capsys.readouterr().out


def _as_json_dump(rows: list[Any]) -> str:
    """What ``tuki ls --json`` printed before (json.dump with indent=1, then a newline)."""
    data = [r.model_dump(mode="json", by_alias=True) for r in rows]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _month_one_by_one(store: Store, month: Any) -> list[Meeting]:
    """A month's meetings as they were found before: every meeting of every relationship."""
    found = [
        m
        for r in store.records.list(Relationship)
        for m in store.meetings.of(r.id or 0)
        if month_key(m.on) == month_key(month)
    ]
    return sorted(found, key=lambda m: (m.on, m.relationship_id))


def _relationships_then(store: Store, everything: bool) -> list[Relationship]:
    """The relationships as they were listed before: all validated, then filtered."""
    clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()

    def order(r: Relationship) -> tuple[Any, ...]:
        c, v = clients[r.client_id], volunteers[r.volunteer_id]
        return (*listing.name_order(c.first, c.last), *listing.name_order(v.first, v.last), r.id)

    rels = store.records.list(Relationship)
    return sorted([r for r in rels if everything or r.state is not State.ENDED], key=order)


def test_every_listing_prints_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = demo_store(tmp_path / "d")
    folder = store.folder
    assert any(r.state is State.ENDED for r in store.records.list(Relationship))
    for kind in ("clients", "volunteers", "relationships", "concerns"):
        for extra in ([], ["--all"]):
            rows = listing.LISTERS[kind](store, _args(everything=bool(extra)))
            assert ls(capsys, folder, kind, "--json", *extra) == _as_json_dump(rows)
            text = ls(capsys, folder, kind, *extra)
            assert len(text.splitlines()) == len(rows) + 1
    for everything in (False, True):
        rows = listing.LISTERS["relationships"](store, _args(everything=everything))
        then = _relationships_then(store, everything)
        assert [r.id for r in rows] == [r.id for r in then]

    for month in (MONTH, LAST_MONTH):
        meetings = _month_one_by_one(store, month)
        assert len(meetings) > 10
        out = ls(capsys, folder, "meetings", "--month", f"{month:%Y-%m}", "--json")
        assert out == _as_json_dump(meetings)
        text = ls(capsys, folder, "meetings", "--month", f"{month:%Y-%m}", "--lang", "en")
        lines = text.splitlines()
        assert len(lines) == len(meetings) + 1
        assert [line.split()[0] for line in lines[1:]] == [m.ref for m in meetings]


def test_an_empty_listing_is_an_empty_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(tmp_path / "d")
    assert ls(capsys, tmp_path / "d", "concerns", "--json") == _as_json_dump([]) == "[]\n"


def _args(*, everything: bool) -> Any:
    import argparse

    return argparse.Namespace(all=everything, relationship=None, month=None)


def test_a_month_reads_only_its_own_meetings(tmp_path: Path) -> None:
    """A meeting of another month that does not validate is not read; a day stored in another
    form that falls in the month is validated and listed, as before."""
    store = demo_store(tmp_path / "d")
    month = _month_one_by_one(store, MONTH)
    rid = month[0].relationship_id
    path = store.folder / shard(rid)
    doc = orjson.loads(path.read_bytes())
    rows = doc[MEETINGS]
    other = next(k for k, r in rows.items() if not r["on"].startswith(f"{MONTH:%Y-%m}"))
    rows[other]["duration_min"] = 1  # invalid, of another month
    odd = next(k for k, r in rows.items() if r["on"].startswith(f"{MONTH:%Y-%m}"))
    rows[odd]["on"] += "T00:00:00"  # the same day as a moment: pydantic takes it
    path.write_bytes(orjson.dumps(doc))
    fresh = Store.open(store.folder)
    found = sorted(fresh.meetings.in_month(MONTH), key=lambda m: (m.on, m.relationship_id))
    assert [m.ref for m in found] == [m.ref for m in month]
    assert f"{rid}-{odd}" in {m.ref for m in found}


def test_records_serialised_together_are_each_as_alone(tmp_path: Path) -> None:
    """``_json_rows`` (one call for many records) gives each record's ``_json_row``, whatever
    the batch, also for texts that look like the layout ("\\n },\\n {") or cannot be written
    as UTF-8 (a lone surrogate: the records are written one by one then)."""
    store = demo_store(tmp_path / "d")
    rels = store.records.list(Relationship)
    odd = rels[1].model_copy(update={"end_note": 'x\n },\n {\n "id": 1 }, {'})
    broken = rels[2].model_copy(update={"end_note": "\ud800"})
    for batch in (rels[:1], rels[:2], rels[:3], rels, [rels[0], odd, rels[3]], [odd, broken]):
        assert listing._json_rows(batch) == [listing._json_row(r) for r in batch]
    assert listing._json_rows([]) == []


def test_an_invalid_relationship_is_named_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Validated 64 at a time, the listing still stops at the first relationship that does not
    validate, with the message of validating it alone, and prints nothing."""
    store = demo_store(tmp_path / "d")
    path = store.folder / "relationships.json"
    doc = orjson.loads(path.read_bytes())
    rows = doc["relationships"]
    # copies of the small demo's open relationships under new ids, for chunks beyond the first
    # (generating the region's demo for its 276 took 4 s of CPU, the whole rest of the test 1)
    shown = [r for r in rows.values() if r["state"] != "ended"]
    for n in range(1, 121):
        copy = {**shown[n % len(shown)], "id": 1000 + n}
        rows[str(copy["id"])] = copy
    open_keys = [k for k, r in rows.items() if r["state"] != "ended"]
    assert len(open_keys) > 100
    bad, later = open_keys[70], open_keys[90]  # in the second chunk, and a later one
    rows[bad]["client_id"] = "no"
    rows[later]["volunteer_id"] = -1
    path.write_bytes(orjson.dumps(doc))
    fresh = Store.open(store.folder)
    with pytest.raises(Exception) as alone:
        fresh.records.load(Relationship, rows[bad], "relationships.json")
    assert main(["--data-dir", str(store.folder), "ls", "relationships", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Virhe: {i18n.explain(alone.value)}\n"  # (in the language main set)
    assert f" {bad} " in err and f" {later} " not in err
