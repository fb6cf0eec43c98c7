"""The payments section (8): the month's run computed in a worker, approved from its dialog
(what is stored, and refused when the records changed under the dialog), marked paid, the CSV
and the PDF written into ``payments/``, the month keys."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from textual.widgets import Input, Static

from data.demo import generate
from data.model.payments import PaymentRun
from data.models import MonthlyReport
from data.outputs.payments import money
from data.rules.alerts import AlertKind
from data.store import Store
from tests.console_helpers import NOW, SIZE, TODAY, arrive, make_app, until
from tui.app import TukiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.paid_dialog import PaidDialog
from tui.screens.payments import PaymentsScreen

OCTOBER, SEPTEMBER, NOVEMBER = date(2026, 10, 1), date(2026, 9, 1), date(2026, 11, 1)


def demo(folder: Path) -> Store:
    """The demo as of the console tests' day, its store on the same fixed clock (approving
    and marking paid compare with the store's today)."""
    generate(folder, scale="small", seed=1, today=TODAY)
    return Store.open(folder, clock=lambda: NOW)


def approved(store: Store, month: date = OCTOBER) -> PaymentRun | None:
    return Store.open(store.folder, clock=lambda: NOW).payments.approved(month)


async def payments(pilot: object, app: TukiApp) -> PaymentsScreen:
    await pilot.press("8")  # type: ignore[attr-defined]
    await arrive(pilot, app, PaymentsScreen)
    screen = app.screen
    assert isinstance(screen, PaymentsScreen)
    await until(pilot, lambda: screen.computed is not None and not screen.table.loading)
    return screen


def heading(screen: PaymentsScreen) -> str:
    return str(screen.query_one("#heading", Static).render())


async def test_approve_from_the_dialog_stores_the_run_as_shown(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        assert screen.month == OCTOBER and screen.computed is not None
        total = screen.computed.run.total()
        assert total > 0 and len(screen.rows) == len(screen.computed.run.lines)
        shown = money(total, "fi")
        assert "10/2026" in heading(screen) and shown in heading(screen)
        assert "luonnos" in heading(screen)
        await pilot.press("a")
        await arrive(pilot, app, ConfirmDialog)
        question = app.screen.query_one(Static).render()
        assert "10/2026" in str(question) and shown in str(question)
        await pilot.press("y")
        await until(pilot, lambda: approved(store) is not None)
        run = approved(store)
        assert run is not None and run.total == total and run.approved_by == "tester"
        await until(pilot, lambda: "tester" in heading(screen))
        assert "hyväksynyt tester 20.11.2026" in heading(screen)
        await pilot.press("a")  # approved: the key does nothing more
        await pilot.pause()
        assert type(app.screen) is PaymentsScreen


async def test_approving_sums_that_changed_under_the_dialog_is_refused(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        assert screen.computed is not None
        held = [line for line in screen.computed.run.held if line.for_month == OCTOBER]
        assert held, "the demo holds an October fee for a missing report"
        await pilot.press("a")
        await arrive(pilot, app, ConfirmDialog)
        other = Store.open(store.folder, clock=lambda: NOW)  # another coordinator, meanwhile
        report = MonthlyReport(
            relationship_id=held[0].relationship_id,
            month=OCTOBER,
            days_met=[date(2026, 10, 5)],
            received_on=TODAY,
        )
        other.reports.receive("other", report)
        await pilot.press("y")
        await arrive(pilot, app, PaymentsScreen)
        await pilot.pause()
        assert approved(store) is None  # nothing stored: the total shown is no longer true
        assert any("muuttuivat" in str(n.message) for n in app._notifications)


async def test_mark_paid_with_the_day_dialog(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        await pilot.press("m")  # not approved yet: nothing to mark
        await pilot.pause()
        assert type(app.screen) is PaymentsScreen
        await pilot.press("a")
        await arrive(pilot, app, ConfirmDialog)
        await pilot.press("y")
        await until(pilot, lambda: approved(store) is not None and "tester" in heading(screen))
        await pilot.press("m")
        await arrive(pilot, app, PaidDialog)
        day = app.screen.query_one("#paid-day", Input)
        assert day.value == "20.11.2026"  # today by default
        day.value = "31.2.2026"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen) is PaidDialog  # told, not closed
        assert "31.2.2026" in str(app.screen.query_one("#paid-problem", Static).render())
        day.value = "20.11.2026"
        await pilot.press("enter")
        await until(pilot, lambda: (run := approved(store)) is not None and run.paid_on is not None)
        run = approved(store)
        assert run is not None and run.paid_on == TODAY and run.changed_by == "tester"
        await until(pilot, lambda: "maksettu 20.11.2026" in heading(screen))


async def test_write_puts_the_csv_and_the_pdf_in_the_payments_folder(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    sheet = store.folder / "payments" / "payments-2026-10.csv"
    paper = sheet.with_suffix(".pdf")
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        assert screen.computed is not None
        total = screen.computed.run.total()
        await pilot.press("w")
        await until(
            pilot,
            lambda: any(
                "payments-2026-10" in str(n.message)
                for n in app._notifications
                if "tallennettu" in str(n.message)
            ),
        )
        assert sheet.exists() and paper.exists()
    rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Tukihenkilö" and rows[-1][0] == "Yhteensä"
    assert rows[-1][6] == f"{total:.2f}".replace(".", ",")
    assert sum(Decimal(r[6].replace(",", ".")) for r in rows[1:-1]) == total
    text = "\n".join(p.extract_text() for p in PdfReader(paper).pages)
    assert "Maksulista 10/2026" in text and money(total, "fi").replace("\xa0", " ") in text.replace(
        "\xa0", " "
    )


async def test_month_keys_and_the_held_filter(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        await pilot.press("n")  # November: the current month, computed, not approvable
        await until(
            pilot, lambda: screen.computed is not None and screen.computed.month == NOVEMBER
        )
        assert "11/2026" in heading(screen)
        assert not screen.check_action("approve", ())
        await pilot.press("n")  # not past the current month
        await pilot.pause()
        assert screen.month == NOVEMBER
        await pilot.press("p", "p")
        await until(
            pilot, lambda: screen.computed is not None and screen.computed.month == SEPTEMBER
        )
        assert "9/2026" in heading(screen)
        await pilot.press("f")
        await pilot.pause()
        assert all(row.line.held is not None for row in screen.rows)
        assert len(screen.rows) == len(screen.computed.run.held)


async def test_enter_on_an_unapproved_month_alert_opens_that_month(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        board = app.screen
        assert isinstance(board, DashboardScreen)
        rows = [i for i, a in enumerate(board.rows) if a.kind is AlertKind.RUN_UNAPPROVED]
        found = {board.rows[i].detail["month"] for i in rows}
        assert found == {"10/2026"}  # the demo approved the months before (data/demo)
        index = next(i for i in rows if board.rows[i].detail["month"] == "10/2026")
        board.table.move_cursor(row=index)
        await pilot.press("enter")
        await arrive(pilot, app, PaymentsScreen)
        screen = app.screen
        assert isinstance(screen, PaymentsScreen)
        await until(pilot, lambda: screen.computed is not None)
        assert screen.month == OCTOBER and "10/2026" in heading(screen)


async def test_another_coordinators_change_recomputes_the_shown_run(tmp_path: Path) -> None:
    store = demo(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        assert screen.computed is not None
        before = screen.computed.run.total()
        held = [line for line in screen.computed.run.held if line.for_month == OCTOBER]
        assert held
        report = MonthlyReport(
            relationship_id=held[0].relationship_id,
            month=OCTOBER,
            days_met=[date(2026, 10, 5)],
            received_on=TODAY,
        )
        Store.open(store.folder, clock=lambda: NOW).reports.receive("other", report)
        # the poll notices the change; the run is computed again and the fee is paid now
        await until(
            pilot, lambda: screen.computed is not None and screen.computed.run.total() > before
        )
        assert money(screen.computed.run.total(), "fi") in heading(screen)
        rid = held[0].relationship_id
        still = [x for x in screen.computed.run.held if x.relationship_id == rid]
        assert not [x for x in still if x.for_month == OCTOBER]  # its October is paid now


async def test_a_progress_bar_shows_while_the_run_is_computed(
    tmp_path: Path, monkeypatch: object
) -> None:
    """At national scale a run takes seconds: the section says how far it has come."""
    seen: list[tuple[int, int | None]] = []
    original = PaymentsScreen.show_progress

    def spy(self: PaymentsScreen, done: int, total: int | None) -> None:
        seen.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(PaymentsScreen, "show_progress", spy)  # type: ignore[attr-defined]
    app = make_app(demo(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await payments(pilot, app)
        await until(pilot, lambda: screen.computed is not None)
        steps = [total for _, total in seen if total]
        assert steps and all(total == steps[0] for total in steps)  # counted against one total
        assert seen[-1] == (0, None)  # hidden once the rows are shown
        assert not screen.query_one("#progress").display


async def test_correcting_a_meeting_of_an_approved_month_says_how_the_money_follows(
    tmp_path: Path,
) -> None:
    """An approved month is locked: a correction there is paid or taken back in the next run,
    and the coordinator is told so (the demo approved September)."""
    from data.models import Meeting, Relationship
    from tui.screens.meeting_log import MeetingLogScreen

    store = demo(tmp_path / "d")
    assert approved(store, SEPTEMBER) is not None
    meeting = next(
        m
        for r in store.records.list(Relationship)
        if r.id is not None
        for m in store.meetings.of(r.id)
        if m.held and m.on.month == 9 and m.on.year == 2026
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.push_screen(MeetingLogScreen(meeting.relationship_id, meeting=meeting))
        await arrive(pilot, app, MeetingLogScreen)
        app.screen.query_one("#in-km", Input).value = "42"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, DashboardScreen)
        told = " ".join(str(n.message) for n in app._notifications)
        assert "9/2026 maksut on jo hyväksytty" in told
    stored = Store.open(store.folder).meetings.of(meeting.relationship_id)
    assert next(m for m in stored if m.id == meeting.id).km == Decimal("42")
    assert isinstance(meeting, Meeting)
