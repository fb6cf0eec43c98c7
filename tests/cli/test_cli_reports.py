"""``tuki report`` and ``tuki reports``: what is stored, what is refused (nothing stored), the
month's list as a table and as JSON."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from data.dates import add_months, month_key, month_start
from data.models import Meeting, MonthlyReport
from data.rules.alerts import AlertKind
from data.store import Store
from tests import factories as f
from tui.cli import main


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def last_month() -> date:
    return month_start(add_months(f.today(), -1))


def stored(store: Store, rid: int, month: date) -> MonthlyReport | None:
    return Store.open(store.folder).reports.get(rid, month)


def test_report_stores_the_days_how_and_who_and_clears_the_month(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    rid, month = rel.id or 0, last_month()
    received = f.today().isoformat()
    code, out, err = run(
        capsys,
        "report",
        "--relationship",
        str(rid),
        "--month",
        month_key(month),
        "--days",
        "3,17",
        "--received",
        received,
        "--how",
        "email",
        "--lang",
        "en",
    )
    assert (code, err) == (0, "")
    assert f"Monthly report {month.month}/{month.year} recorded" in out and "3, 17" in out
    report = stored(store, rid, month)
    assert report is not None
    assert report.days_met == [month.replace(day=3), month.replace(day=17)]
    assert report.how is not None and report.how.value == "email"
    assert report.received_on == f.today() and report.created_by == "tester"
    assert month_key(month) in Store.open(store.folder).records.derived.reported()[rid]
    missing = [
        a.detail["months"]
        for a in Store.open(store.folder).alerts.list()
        if a.kind is AlertKind.REPORT_MISSING and a.subject.id == rid
    ]
    assert all(f"{month.month}/{month.year}" not in m.split(", ") for m in missing)


def test_no_meetings_and_a_correction(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    rel = f.active(store)
    rid, month = str(rel.id), month_key(last_month())
    assert run(capsys, "report", "--relationship", rid, "--month", month, "--none")[0] == 0
    first = stored(store, rel.id or 0, last_month())
    assert first is not None and first.no_meetings and first.days_met == []

    code, _, err = run(capsys, "report", "--relationship", rid, "--month", month, "--days", "5")
    assert code == 1 and "--correct" in err  # a second report is refused
    assert stored(store, rel.id or 0, last_month()) == first

    code, out, err = run(
        capsys, "report", "--relationship", rid, "--month", month, "--days", "5", "--correct"
    )
    assert (code, err) == (0, "") and "5" in out
    again = stored(store, rel.id or 0, last_month())
    assert again is not None and again.version == 2 and not again.no_meetings
    assert again.days_met == [last_month().replace(day=5)]
    assert again.received_on == first.received_on  # kept when not given


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--month", "2026-02", "--days", "30"], "30"),  # February has no day 30
        (["--month", "2031-01", "--none"], "1/2031"),  # a month still to come
        (["--month", "2000-01", "--none"], "1/2000"),  # before the relationship started
        (["--month", "LAST", "--days", "3", "--received", "2099-01-01"], ""),
        (["--month", "LAST", "--days", "3", "--correct"], "--correct"),  # nothing to correct
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    store: Store, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    rel = f.active(store, start_days_ago=400)
    argv = [month_key(last_month()) if a == "LAST" else a for a in argv]
    code, out, err = run(capsys, "report", "--relationship", str(rel.id), *argv)
    assert code == 1 and out == "" and words in err and "Traceback" not in err
    assert err.count("\n") == 1
    month = date.fromisoformat(argv[1] + "-01")
    assert stored(store, rel.id or 0, month) is None


@pytest.mark.parametrize("days", ["3,x", "0", "3;17", "١"])
def test_days_that_are_not_day_numbers_are_a_usage_error(
    store: Store, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    rel = f.active(store)
    with pytest.raises(SystemExit) as exc:
        main(["report", "--relationship", str(rel.id), "--month", "2026-10", "--days", days])
    assert exc.value.code == 2
    assert "3,17" in capsys.readouterr().err  # says how to write them
    assert Store.open(store.folder).reports.in_month(date(2026, 10, 1)) == []


def test_reports_lists_the_month_as_a_table_and_as_json(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    month = last_month()
    sent, owing = f.active(store), f.active(store)
    store.meetings.log("tester", Meeting(relationship_id=owing.id, on=month.replace(day=9)))  # type: ignore[arg-type]
    store.reports.receive(
        "anna.k",
        MonthlyReport(
            relationship_id=sent.id,  # type: ignore[arg-type]
            month=month,
            days_met=[month.replace(day=2)],
            received_on=f.today(),
        ),
    )
    code, out, _ = run(capsys, "reports", "--month", month_key(month), "--json")
    assert code == 0
    rows = {row["relationship"]: row for row in json.loads(out)}
    assert set(rows) == {sent.id, owing.id}
    assert rows[sent.id]["received"] is True and rows[sent.id]["recorded_by"] == "anna.k"
    assert rows[sent.id]["days_met"] == [month.replace(day=2).isoformat()]
    assert rows[owing.id]["received"] is False and rows[owing.id]["received_on"] is None
    assert rows[owing.id]["offered_days"] == [month.replace(day=9).isoformat()]

    code, out, _ = run(capsys, "reports", "--month", month_key(month), "--missing", "--json")
    assert [row["relationship"] for row in json.loads(out)] == [owing.id]

    code, out, _ = run(capsys, "reports", "--lang", "en")  # last month by default
    assert code == 0
    assert f"Monthly reports {month.month}/{month.year}: received 1/2" in out
    lines = out.splitlines()
    assert any(line.startswith(str(owing.id)) and "missing" in line for line in lines)
    assert any(line.startswith(str(sent.id)) and "anna.k" in line for line in lines)
