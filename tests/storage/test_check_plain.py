"""`tuki check` validates a shard's meetings by the model's own schema without building models
(``data/storage/plain.py``): a row passes that way only when the model takes it, and what the
check finds is the same."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from data.model.base import load
from data.models import Meeting, MonthlyReport, Palaveri
from data.storage import validated
from data.storage.check import check
from data.storage.layout import MEETINGS, PALAVERIT, REPORTS
from data.storage.plain import plain_check
from data.storage.report import Report
from data.store import Store
from tests.console_helpers import demo_store


def _takes(model: Any, row: dict[str, Any]) -> bool:
    try:
        load(model, row)
    except ValidationError:
        return False
    return True


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    out = []
    for path in sorted((store.folder / "rel").glob("*.json")):
        out += orjson.loads(path.read_bytes()).get(table, {}).values()
    return out


def _set(path: tuple[str, ...], value: Any) -> Any:
    def change(row: dict[str, Any]) -> None:
        *inner, last = path
        for name in inner:
            row = row[name]
        if value is _GONE:
            row.pop(last, None)
        else:
            row[last] = value

    return change


_GONE = object()

CHANGES = [
    (("id",), 0),
    (("id",), "x"),
    (("id",), 2**60),
    (("id",), None),
    (("id",), 1.5),
    (("id",), "7"),
    (("id",), True),
    (("version",), -1),
    (("created_at",), "not a time"),
    (("created_at",), "2023-12-22T20:00:00"),
    (("created_at",), 12),
    (("relationship_id",), _GONE),
    (("relationship_id",), 0),
    (("status",), "maybe"),
    (("status",), "cancelled"),
    (("cancel_reason",), "volunteer_ill"),
    (("cancel_note",), "x" * 5001),
    (("on",), "2024-02-30"),
    (("on",), _GONE),
    (("on",), "2024-01-01T00:00:00"),
    (("on",), 20240101),
    (("until",), "2000-01-01"),  # a weekend's last day before its first
    (("until",), "not a day"),
    (("until",), None),
    (("start",), "25:00"),
    (("start",), "17:00:00+02:00"),
    (("start",), "17:00"),
    (("start",), None),
    (("duration_min",), 4),
    (("duration_min",), 4321),
    (("duration_min",), "60"),
    (("duration_min",), 60.5),
    (("place",), "x" * 201),
    (("place",), "  " + "x" * 200 + "  "),
    (("activity",), 5),
    (("report",), {"extra": 1}),
    (("report",), "text"),
    (("report",), None),
    (("report",), _GONE),
    (("report", "how_it_went"), "x" * 5001),
    (("report", "progress"), [{"goal_id": 0, "note": ""}]),
    (("report", "progress"), [{"goal_id": 1}]),
    (("report", "progress"), [{"goal_id": 1, "note": "ok", "more": 1}]),
    (("costs",), "1.005"),
    (("costs",), -1),
    (("costs",), "abc"),
    (("costs",), 10001),
    (("costs",), 12.5),
    (("km",), "1.25"),
    (("km",), 5001),
    (("over_max_reason",), "x" * 5001),
    (("foo",), 1),
]


def _cancelled(reason: str, note: str) -> Any:
    def change(row: dict[str, Any]) -> None:
        row.update(status="cancelled", cancel_reason=reason, cancel_note=note)

    return change


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return demo_store(tmp_path_factory.mktemp("plain") / "d")


def test_a_meeting_passes_the_plain_check_exactly_when_the_model_takes_it(store: Store) -> None:
    check_rows = plain_check(Meeting)
    assert check_rows is not None
    rows = _rows(store, MEETINGS)
    assert len(rows) > 100 and all(_takes(Meeting, row) for row in rows)
    assert check_rows(rows) is not None  # every stored meeting, at once
    base = rows[0]
    changes = [_set(path, value) for path, value in CHANGES]
    changes += [_cancelled(r, n) for r in ("other", "child_ill", "x") for n in ("", "  ", "ill")]
    taken = refused = 0
    for change in changes:
        row = copy.deepcopy(base)
        change(row)
        takes = _takes(Meeting, row)
        taken, refused = taken + takes, refused + (not takes)
        assert (check_rows([row]) is not None) == takes, row
        assert (check_rows([base, row]) is not None) == takes, row
    assert taken >= 8 and refused >= 30  # (both kinds tried)


def test_a_palaveri_that_the_plain_check_takes_the_model_takes(store: Store) -> None:
    """Its validator reads the attendees as models: where the plain check cannot tell, it says
    so and the model decides (never the other way round)."""
    check_rows = plain_check(Palaveri)
    assert check_rows is not None
    rows = _rows(store, PALAVERIT)
    assert rows
    for row in rows:
        if check_rows([row]) is not None:
            assert _takes(Palaveri, row)
    ending = {**rows[0], "kind": "ending", "attendees": [{"role": "programme_social_worker"}]}
    assert not _takes(Palaveri, ending) and check_rows([ending]) is None


def test_a_monthly_report_passes_the_plain_check_exactly_when_the_model_takes_it(
    store: Store,
) -> None:
    check_rows = plain_check(MonthlyReport)
    assert check_rows is not None
    rows: list[dict[str, Any]] = []
    for path in sorted((store.folder / "reports").glob("*.json")):
        rows += orjson.loads(path.read_bytes()).get(REPORTS, {}).values()
    assert len(rows) > 10 and check_rows(rows) is not None
    base = next(row for row in rows if row["days_met"])
    month = base["month"][:8]
    for change in (
        {"month": month + "15"},  # taken, as the first of its month
        {"days_met": [month + "02", month + "01"]},  # taken, sorted
        {"days_met": ["1999-01-01"]},
        {"days_met": [month + "40"]},
        {"no_meetings": True},
        {"received_on": "1999-01-01"},
        {"how": "pigeon"},
        {"month": "not a month"},
    ):
        row = {**base, **change}
        takes = _takes(MonthlyReport, row)
        assert (check_rows([row]) is not None) == takes, change
        fields = check_rows([row])
        if fields is not None:  # the fields as the model holds them after its validators
            assert fields[0].__dict__ == dict(load(MonthlyReport, row)), change


def test_plain_and_model_validation_find_the_same(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = {str(i): row for i, row in enumerate(_rows(store, MEETINGS)[:40], start=1)}
    rows["3"] = {**rows["3"], "duration_min": 1}  # invalid
    rows["7"] = {**rows["7"], "status": "cancelled"}  # invalid: no reason
    rows["9"] = {**rows["9"], "id": 999}  # valid, under another id
    monkeypatch.setattr(validated, "CHUNK", 4)

    def run(plain: bool) -> tuple[list[tuple[str, Any, Any]], list[Any], int]:
        report = Report()
        got = [
            (key, record.id, record.relationship_id)
            for chunk in validated.validated(Meeting, rows, "rel/1.json", report, plain=plain)
            for key, record in chunk
        ]
        return got, [(f.code, f.message) for f in report.findings], report.records

    assert run(True) == run(False)
    assert len(run(True)[1]) == 2 and run(True)[2] == 40


def test_check_of_a_folder_with_damaged_meetings_finds_them(store: Store, tmp_path: Path) -> None:
    """The check (which takes the plain way) names each damaged meeting as the model does."""
    folder = tmp_path / "copy"
    shutil.copytree(store.folder, folder)
    path = sorted((folder / "rel").glob("*.json"))[0]
    doc = orjson.loads(path.read_bytes())
    first, second = list(doc[MEETINGS])[:2]
    doc[MEETINGS][first]["report"] = {"how_it_went": "x", "extra": 1}
    doc[MEETINGS][second].update(status="cancelled", cancel_reason="other", cancel_note=" ")
    path.write_bytes(orjson.dumps(doc))
    report = check(Store.open(folder).engine)
    found = [f.message for f in report.findings if f.code == "record_invalid"]
    assert len(found) == 2
    assert found[0].startswith(f"meeting {first}:") and found[1].startswith(f"meeting {second}:")


def test_check_finds_a_monthly_report_in_another_months_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(store.folder, folder)
    first, second = sorted((folder / "reports").glob("*.json"))[:2]
    doc, other = orjson.loads(first.read_bytes()), orjson.loads(second.read_bytes())
    row = next(iter(other[REPORTS].values()))
    doc[REPORTS][str(10**6)] = {**row, "id": 10**6}  # a report of the second month, in the first
    first.write_bytes(orjson.dumps(doc))
    report = check(Store.open(folder).engine)
    found = [(f.file, f.code, f.message) for f in report.findings if f.code.startswith("record_")]
    rel = f"reports/{first.name}"
    assert found == [(rel, "record_elsewhere_month", f"monthly_report {10**6}: of another month")]
