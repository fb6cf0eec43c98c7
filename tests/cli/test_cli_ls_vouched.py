"""`tuki ls relationships --json` writes a row that validated before (``data/store/vouched.py``)
as stored, without validating it again, and prints byte for byte what it printed before: a
row changed since, stored in another form than its model writes, or passed over as ended and
opened since is read and validated as ever."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.models import Relationship, State
from data.storage import parsing, rows
from data.store import Store, vouched
from tests.console_helpers import demo_store
from tui import listing
from tui.cli import main

FILE = "relationships.json"


def ls(capsys: pytest.CaptureFixture[str], folder: Path, *extra: str) -> str:
    assert main(["--data-dir", str(folder), "ls", "relationships", "--json", *extra]) == 0
    return capsys.readouterr().out


def as_before(folder: Path, everything: bool = False) -> str:
    """What the listing printed before: every relationship validated, listed, dumped."""
    store = Store.open(folder)
    rels = store.records.list(Relationship)
    order = listing._relationship_order(store)
    shown = sorted((r for r in rels if everything or r.state is not State.ENDED), key=order)
    data = [r.model_dump(mode="json", by_alias=True) for r in shown]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def rows_of(folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    doc = orjson.loads((folder / FILE).read_bytes())
    return doc, doc["relationships"]


def validated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rows validated by ``vouched_rows`` from now on."""
    counted: list[int] = []
    real = vouched._rows_of

    class Counting:
        def __init__(self, model: Any) -> None:
            self.adapter = real(model)

        def validate_python(self, rows: list[Any], **kwargs: Any) -> Any:
            counted.append(len(rows))
            return self.adapter.validate_python(rows, **kwargs)

    monkeypatch.setattr(vouched, "_rows_of", Counting)
    return counted


def test_a_second_listing_validates_nothing_and_prints_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_store(tmp_path / "d").folder
    counted = validated(monkeypatch)
    for everything in (False, True):
        extra = ["--all"] if everything else []
        first = ls(capsys, folder, *extra)
        assert first == as_before(folder, everything)
        assert sum(counted) > 10  # all validated the first time
        counted.clear()
        assert ls(capsys, folder, *extra) == first
        assert counted == []  # the second time none: each row vouched for
    assert (folder / "cache" / "listed_relationships.json").exists()


def test_a_row_changed_by_hand_is_validated_and_an_invalid_one_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_store(tmp_path / "d").folder
    ls(capsys, folder)  # every open row vouched for
    doc, rows = rows_of(folder)
    open_keys = [k for k, r in rows.items() if r["state"] != "ended"]
    rows[open_keys[0]]["volunteer_id"] = -1  # invalid: must be refused, not written as stored
    (folder / FILE).write_bytes(orjson.dumps(doc))
    assert main(["--data-dir", str(folder), "ls", "relationships", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f" {open_keys[0]} " in err
    rows[open_keys[0]]["volunteer_id"] = rows[open_keys[1]]["volunteer_id"]  # valid again
    (folder / FILE).write_bytes(orjson.dumps(doc))
    counted = validated(monkeypatch)
    assert ls(capsys, folder) == as_before(folder)
    assert counted == [1]  # only the row changed since


def test_a_row_stored_in_another_form_is_written_as_its_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text with spaces around it (the model trims them) and a row with its fields in
    another order: valid, but their own texts are not the model's: each written from its
    model, every time, and the rows around them as stored."""
    folder = demo_store(tmp_path / "d").folder
    ls(capsys, folder)
    doc, rows = rows_of(folder)
    open_keys = [k for k, r in rows.items() if r["state"] != "ended"]
    spaced, reordered = open_keys[2], open_keys[3]
    rows[spaced]["created_by"] = "  demo  "
    rows[reordered] = dict(reversed(list(rows[reordered].items())))
    (folder / FILE).write_bytes(orjson.dumps(doc))
    expected = as_before(folder)
    assert '"created_by": "demo"' in expected and '"created_by": "  demo  "' not in expected
    counted = validated(monkeypatch)
    for _ in range(2):
        assert ls(capsys, folder) == expected
        assert counted == [2]  # the two again: neither vouched for
        counted.clear()


def test_an_ended_row_opened_by_hand_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The digest of an ended row is kept so that it is passed over unread: changed, it is
    read again."""
    folder = demo_store(tmp_path / "d").folder
    ls(capsys, folder)
    doc, rows = rows_of(folder)
    ended = next(k for k, r in rows.items() if r["state"] == "ended")
    model = next(r for r in rows.values() if r["state"] == "active")
    rows[ended] = {**model, "id": int(ended)}
    (folder / FILE).write_bytes(orjson.dumps(doc))
    out = ls(capsys, folder)
    assert out == as_before(folder)
    assert f'"id": {ended},' in out


def test_a_damaged_kept_file_is_not_believed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_store(tmp_path / "d").folder
    expected = ls(capsys, folder)
    kept = folder / "cache" / "listed_relationships.json"
    good = kept.read_bytes()
    assert b'"whole":"' in good
    unknown = good.replace(b'"vouched":"', b'"vouched":"zz').replace(b'"whole":"', b'"whole":"zz')
    for damaged in (b"{", b"[]", unknown):
        kept.write_bytes(damaged)
        counted = validated(monkeypatch)
        assert ls(capsys, folder) == expected
        assert sum(counted) > 10
        monkeypatch.undo()


def test_the_same_file_again_is_read_at_the_places_of_its_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row vouched for and the file's bytes the same (their digest kept): the rows are
    parsed where they lay, no row's digest made; a byte changed anywhere, row by row again."""
    folder = demo_store(tmp_path / "d").folder
    expected = ls(capsys, folder)
    digests: list[int] = []
    real = parsing.row_digest

    def counting(stored: Any) -> bytes:
        digests.append(len(stored))
        return real(stored)

    monkeypatch.setattr(rows, "row_digest", counting)
    monkeypatch.setattr(parsing, "row_digest", counting)
    assert ls(capsys, folder) == expected
    assert digests == [(folder / FILE).stat().st_size]  # the whole file's alone
    doc, stored = rows_of(folder)
    ended = next(k for k, r in stored.items() if r["state"] == "ended")
    stored[ended]["end_note"] = "muutettu"  # a row not listed
    (folder / FILE).write_bytes(orjson.dumps(doc))
    digests.clear()
    assert ls(capsys, folder) == expected
    assert len(digests) > len(stored)  # every row's, and the whole file's


def test_what_one_judge_vouched_for_another_does_not_take(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept digests are filed under the judging module's stamp too: a judgement changed
    with its module (here: another module's) judges every row again."""
    store = demo_store(tmp_path / "d")

    def anything(rels: list[Any], rows: list[Any]) -> list[bool]:
        return [True] * len(rows)

    def every(row: dict[str, Any]) -> bool:
        return True

    args = (store.records, Relationship, every, "listed_relationships_all")
    assert all(rel is None for _, rel in vouched.vouched_rows(*args, listing._same_texts))
    counted = validated(monkeypatch)
    vouched.vouched_rows(*args, listing._same_texts)
    assert counted == []
    anything.__module__ = "json"  # (a module of its own, with its own file)
    vouched.vouched_rows(*args, anything)
    assert sum(counted) == len(store.records.list(Relationship))
