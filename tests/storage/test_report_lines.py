"""The lines of a relationship's newest monthly reports, kept in the index beside its reported
months (``layout.reported_entry``): the relationship page shows them without reading a month's
reports file, the same as reading the reports; kept by every save (also seen by another
Store), read from the files for an index of an older Tuki, checked by ``tuki check`` and added
by its repair."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.models import Relationship, ReportHow
from data.storage.check import check
from data.storage.derived import BUCKETS
from data.storage.engine import Engine
from data.storage.layout import REPORT_LINES, REPORTED, index_file, report_line
from data.storage.repair import repair
from data.store import Store
from data.store.reports import ReportLine
from tests.console_helpers import TODAY, demo_store
from tests.factories import USER
from tui import i18n
from tui.screens.report_form import relationship_reports_text, report_months


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The month reports files read from now on."""
    read: list[str] = []
    original = Engine.read

    def counted(self: Engine, rel: str, **kw: Any) -> Any:
        if rel.startswith("reports/"):
            read.append(rel)
        return original(self, rel, **kw)

    monkeypatch.setattr(Engine, "read", counted)
    return read


def _pages(store: Store) -> dict[int, str]:
    """The reports part of the page of every relationship that has reports, in Finnish."""
    i18n.set_language("fi")
    out = {}
    for rid in store.records.derived.reported():
        r = store.records.get(Relationship, rid)
        out[rid] = relationship_reports_text(store, r, TODAY)
    return out


def _without_lines(folder: Path) -> None:
    """The index as a Tuki from before the lines wrote it."""
    engine = Store.open(folder).engine
    with engine.transaction() as tx:
        for bucket in BUCKETS:
            for key, entry in tx.table(bucket, REPORTED).items():
                tx.put(bucket, REPORTED, int(key), {"months": entry["months"]})


def _stale(folder: Path) -> list[str]:
    report = check(Store.open(folder).engine)
    return [str(x.params.get("entry", "")) for x in report.findings if x.code == "index_stale"]


def test_the_page_shows_the_reports_from_the_index_as_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    # the same lines as the reports themselves, for every relationship and month shown
    shown = 0
    for rid in store.records.derived.reported():
        r = store.records.get(Relationship, rid)
        months = report_months(r, TODAY)
        files = {m: store.reports.get(rid, m) for m in months}
        expected = {m: ReportLine.of(x) for m, x in files.items() if x is not None}
        assert store.reports.lines(rid, months) == expected
        shown += len(expected)
    assert shown > 50
    read = _reads(monkeypatch)
    pages = _pages(Store.open(store.folder))
    assert read == []  # not one month's file
    monkeypatch.undo()
    _without_lines(store.folder)  # an older index: the files are read, the same is shown
    read = _reads(monkeypatch)
    assert _pages(Store.open(store.folder)) == pages
    assert read


def test_an_older_index_is_no_error_and_repair_adds_the_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    before = {b: dict(store.engine.table(b, REPORTED)) for b in BUCKETS}
    _without_lines(store.folder)
    assert _stale(store.folder) == []
    # a save keeps such an entry as it was (the other months' lines are not known there)
    rid = next(iter(store.records.derived.reported()))
    old = Store.open(store.folder)
    newest = before[index_file(rid)][str(rid)]["lines"].split()[0]
    month = date.fromisoformat(newest[:7] + "-01")
    report = old.reports.get(rid, month)
    assert report is not None
    old.reports.correct("other", report.model_copy(update={"how": ReportHow.PHONE}))
    assert "lines" not in old.engine.table(index_file(rid), REPORTED)[str(rid)]
    assert old.reports.lines(rid, [month])[month].how is ReportHow.PHONE

    assert repair(Store.open(store.folder).engine, USER).ok
    fresh = Store.open(store.folder)
    assert check(fresh.engine).findings == []
    after = {b: dict(fresh.engine.table(b, REPORTED)) for b in BUCKETS}
    entry = after[index_file(rid)][str(rid)]
    assert ";phone;demo;2;other;" in entry["lines"]
    after[index_file(rid)][str(rid)] = before[index_file(rid)][str(rid)]
    assert after == before  # every other entry as a new Tuki writes it
    read = _reads(monkeypatch)
    assert fresh.reports.lines(rid, [month])[month].changed_by == "other"
    assert read == []


@pytest.mark.parametrize("damage", ["wrong day", "month left out", "line of another"])
def test_check_finds_a_wrong_line_and_repair_puts_it_right(tmp_path: Path, damage: str) -> None:
    store = demo_store(tmp_path / "d")
    rid = next(
        rid for rid, months in store.records.derived.reported().items() if len(months.split()) >= 2
    )
    bucket = index_file(rid)
    entry = dict(store.engine.table(bucket, REPORTED)[str(rid)])
    tokens = entry["lines"].split()
    if damage == "wrong day":
        month, days, *rest = tokens[0].split(";")
        tokens[0] = ";".join([month, days + ",28" if days else "28", *rest])
    elif damage == "month left out":
        tokens = tokens[1:]
    else:
        tokens[0] = tokens[1]
    with store.engine.transaction() as tx:
        tx.put(bucket, REPORTED, rid, {**entry, "lines": " ".join(tokens)})
    assert _stale(store.folder) == [f"{bucket} {REPORTED} {rid}"]
    assert repair(Store.open(store.folder).engine, USER).ok
    assert Store.open(store.folder).engine.table(bucket, REPORTED)[str(rid)] == entry


def test_a_report_saved_by_another_store_is_on_the_page(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    mine = Store.open(store.folder)
    rid = next(rid for rid, m in mine.records.derived.reported().items() if len(m.split()) > 3)
    r = mine.records.get(Relationship, rid)
    shown = report_months(r, TODAY)
    first = mine.reports.lines(rid, shown)
    assert first
    month = max(first)
    theirs = Store.open(store.folder)
    report = theirs.reports.get(rid, month)
    assert report is not None
    days = [month.replace(day=2), month.replace(day=9)]
    corrected = report.model_copy(update={"days_met": days, "no_meetings": False})
    theirs.reports.correct("ben", corrected)
    line = mine.reports.lines(rid, shown)[month]
    assert (line.days_met, line.version, line.changed_by) == (days, report.version + 1, "ben")
    assert mine.reports.lines(rid, shown) == {
        m: ReportLine.of(x) for m in shown if (x := mine.reports.get(rid, m)) is not None
    }
    # a new month's report: the newest REPORT_LINES months keep their lines
    entry = mine.engine.table(index_file(rid), REPORTED)[str(rid)]
    assert len(entry["lines"].split()) == min(REPORT_LINES, len(entry["months"].split()))


def test_a_report_the_line_cannot_hold_is_read_from_its_file(tmp_path: Path) -> None:
    """A recorder's name with a space (a report stored by another program): the index keeps
    the month alone, and the page reads the report."""
    row = {
        "id": 7,
        "version": 3,
        "created_by": "anna",
        "changed_by": "Ben Virtanen",
        "changed_at": "2026-11-03T10:00:00+02:00",
        "month": "2026-10-01",
        "days_met": ["2026-10-09", "2026-10-02"],
        "received_on": "2026-11-02",
        "how": "email",
    }
    assert report_line(row) == "2026-10"
    row["changed_by"] = "ben"
    assert report_line(row) == "2026-10;2,9;2026-11-02;email;anna;3;ben;2026-11-03T10:00:00+02:00"
    line = ReportLine.parse(report_line(row))
    assert line is not None
    assert line.days_met == [date(2026, 10, 2), date(2026, 10, 9)]
    assert (line.how, line.version, line.changed_by) == (ReportHow.EMAIL, 3, "ben")
    assert line.changed_at is not None and line.changed_at.isoformat() == row["changed_at"]
    assert report_line({**row, "days_met": ["2026-09-30"]}) == "2026-10"  # not of its month

    store = demo_store(tmp_path / "d")
    rid = next(iter(store.records.derived.reported()))
    r = store.records.get(Relationship, rid)
    month = report_months(r, TODAY)[1]
    bucket = index_file(rid)
    entry = store.engine.table(bucket, REPORTED)[str(rid)]
    path = store.folder / f"reports/{month:%Y-%m}.json"
    doc = orjson.loads(path.read_bytes())
    if str(rid) not in doc["reports"]:
        pytest.skip("the demo relationship has no report for that month")
    doc["reports"][str(rid)]["created_by"] = "Anna Korhonen"
    path.write_bytes(orjson.dumps(doc))
    assert repair(Store.open(store.folder).engine, USER).ok
    fresh = Store.open(store.folder)
    tokens = fresh.engine.table(bucket, REPORTED)[str(rid)]["lines"].split()
    assert f"{month:%Y-%m}" in tokens and tokens != entry["lines"].split()
    assert fresh.reports.lines(rid, [month])[month].created_by == "Anna Korhonen"
