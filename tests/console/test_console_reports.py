"""The month's reports (section 7) and the monthly report from a relationship's page: what is
stored with one key, with the form, what is refused, and the month switch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from data.models import MonthlyReport
from data.rules.alerts import AlertKind
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app, until
from tui.screens.relationship import RelationshipScreen
from tui.screens.report_form import ReportDialog
from tui.screens.reports import ReportsScreen

OCTOBER = date(2026, 10, 1)


def stored(store: Store, rid: int, month: date) -> MonthlyReport | None:
    return Store.open(store.folder).reports.get(rid, month)


def missing_months(store: Store, rid: int) -> str:
    found = [
        a
        for a in Store.open(store.folder).alerts.list()
        if a.kind is AlertKind.REPORT_MISSING and a.subject.id == rid
    ]
    return found[0].detail["months"] if found else ""


async def test_one_key_records_the_highlighted_report_with_the_offered_days(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await arrive(pilot, app, ReportsScreen)
        screen = app.screen
        assert isinstance(screen, ReportsScreen) and screen.month == OCTOBER
        waiting = [i for i, r in enumerate(screen.rows) if r.report is None and r.row.offered]
        assert waiting, "the demo has a missing October report with logged meetings"
        index = waiting[0]
        row = screen.rows[index]
        assert "10/2026" in missing_months(store, row.id)
        screen.table.move_cursor(row=index)
        await pilot.press("r")
        await until(pilot, lambda: stored(store, row.id, OCTOBER) is not None)
        report = stored(store, row.id, OCTOBER)
        assert report is not None
        assert report.days_met == row.row.offered and not report.no_meetings
        assert report.received_on == TODAY and report.created_by == "tester"
        assert "10/2026" not in missing_months(store, row.id)  # the alert let go of October
        assert screen.rows[index].report == report  # the list shows it received
        assert screen.table.cursor_row == min(index + 1, len(screen.rows) - 1)  # moved on
        screen.table.move_cursor(row=index)
        await pilot.press("r")  # again: already received, nothing changes
        await pilot.pause()
        assert stored(store, row.id, OCTOBER) == report


async def test_the_form_marks_no_meetings_and_how_it_arrived(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await arrive(pilot, app, ReportsScreen)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await pilot.press("f")  # the missing ones only
        await pilot.pause()
        assert screen.rows and all(r.report is None for r in screen.rows)
        row = screen.rows[0]
        await pilot.press("e")
        await arrive(pilot, app, ReportDialog)
        dialog = app.screen
        days = dialog.query_one("#in-days", Input)
        days.value = ""
        dialog.query_one("#in-none").value = True  # the YesNo's switch
        dialog.query_one("#in-received_on", Input).value = "3.11.2026"
        dialog.query_one("#in-how").value = "paper"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ReportsScreen)
        report = stored(store, row.id, OCTOBER)
        assert report is not None and report.no_meetings and report.days_met == []
        assert report.received_on == date(2026, 11, 3) and report.how is not None
        assert report.how.value == "paper"
        assert row.id not in {r.id for r in screen.rows}  # no longer missing


async def test_relationship_page_records_a_month_and_refuses_a_day_it_lacks(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    rid = next(r.id for r in store.reports.month(OCTOBER) if r.report is None)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", rid)
        await arrive(pilot, app, RelationshipScreen)
        reports = str(app.screen.query_one("#reports").render())
        assert "10/2026" in reports and "‼" in reports
        await pilot.press("k")
        await arrive(pilot, app, ReportDialog)
        dialog = app.screen
        assert isinstance(dialog, ReportDialog) and dialog.month == OCTOBER  # the missing one
        dialog.query_one("#in-days", Input).value = "2, 31, 32"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen) is ReportDialog  # refused: October has 31 days, not 32
        assert "32" in str(dialog.query_one("#field-days .field--error").render())
        assert stored(store, rid, OCTOBER) is None
        dialog.query_one("#in-days", Input).value = "2, 31"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, RelationshipScreen)
        report = stored(store, rid, OCTOBER)
        assert report is not None
        assert report.days_met == [date(2026, 10, 2), date(2026, 10, 31)]
        assert report.created_by == "tester" and report.version == 1
        reports = str(app.screen.query_one("#reports").render())
        assert "10/2026: 2, 31" in reports

        await pilot.press("k")  # the same month again opens it for correcting
        await arrive(pilot, app, ReportDialog)
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#in-month").value = OCTOBER.isoformat()
        await until(pilot, lambda: dialog.query_one("#in-days", Input).value == "2, 31")
        dialog.query_one("#in-days", Input).value = "2"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, RelationshipScreen)
    report = stored(store, rid, OCTOBER)
    assert report is not None and report.days_met == [date(2026, 10, 2)] and report.version == 2


async def test_month_keys_go_back_and_forward_but_not_past_this_month(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await arrive(pilot, app, ReportsScreen)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await pilot.press("p")
        await pilot.pause()
        assert screen.month == date(2026, 9, 1)
        assert "9/2026" in str(screen.query_one("#heading").render())
        expected = {r.id for r in store.reports.month(date(2026, 9, 1))}
        assert {r.id for r in screen.rows} == expected
        await pilot.press("n", "n")
        await pilot.pause()
        assert screen.month == date(2026, 11, 1)
        assert screen.check_action("month", (1,)) is False
        await pilot.press("n")
        await pilot.pause()
        assert screen.month == date(2026, 11, 1)
        await pilot.press("e", "escape")  # nothing typed: the form closes at once
        await arrive(pilot, app, ReportsScreen)


async def test_a_correction_made_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    from tui.screens.dialogs import ConflictDialog

    store = demo_store(tmp_path / "d")
    row = next(r for r in store.reports.month(OCTOBER) if r.report is not None)
    assert row.report is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await arrive(pilot, app, ReportsScreen)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        screen.table.move_cursor(row=[r.id for r in screen.rows].index(row.id))
        await pilot.press("e")
        await arrive(pilot, app, ReportDialog)
        theirs = Store.open(store.folder).reports.correct(
            "other.k", row.report.model_copy(update={"days_met": [], "no_meetings": True})
        )
        app.screen.query_one("#in-days", Input).value = "1"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        assert isinstance(app.screen, ConflictDialog)
    assert stored(store, row.id, OCTOBER) == theirs  # theirs kept, not silently overwritten


async def test_the_relationship_page_shows_another_coordinators_correction_from_the_index(
    tmp_path: Path,
) -> None:
    """The page's reports come from the index's lines (no month's file read), and a report
    corrected by another coordinator shows at the next poll."""
    from data.storage.engine import Engine

    store = demo_store(tmp_path / "d")
    row = next(r for r in store.reports.month(OCTOBER) if r.report is not None and r.offered)
    assert row.report is not None
    app = make_app(store, poll_seconds=3600)
    read: list[str] = []
    original = Engine.read

    def counted(self: Engine, rel: str, **kw: object) -> object:
        if rel.startswith("reports/") and self is app.store.engine:  # (not the other's)
            read.append(rel)
        return original(self, rel, **kw)  # type: ignore[arg-type]

    async with app.run_test(size=SIZE) as pilot:
        Engine.read = counted  # type: ignore[method-assign,assignment]
        try:
            app.open_subject("relationship", row.id)
            await arrive(pilot, app, RelationshipScreen)
            before = str(app.screen.query_one("#reports").render())
            assert "10/2026: " in before and read == []
            Store.open(store.folder).reports.correct(
                "other.k", row.report.model_copy(update={"days_met": [], "no_meetings": True})
            )
            app.poll_for_changes()
            await until(pilot, lambda: str(app.screen.query_one("#reports").render()) != before)
            after = str(app.screen.query_one("#reports").render())
        finally:
            Engine.read = original  # type: ignore[method-assign]
    old = next(x for x in before.splitlines() if x.startswith("10/2026: "))
    new = next(x for x in after.splitlines() if x.startswith("10/2026: "))
    assert "other.k" in new and "other.k" not in old
    assert new.split(" · ")[0] != old.split(" · ")[0]  # no days now
    assert read == []
