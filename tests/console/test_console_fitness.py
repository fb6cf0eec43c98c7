"""Volunteers kept fit in the console (issue 14), on the small demo as of the test day: the
volunteer page shows the extract's re-check and the sessions, 'o' adds a session (a bad one is
refused beside its field, nothing stored), 't' records the extract again; the client form's
intake checklist is saved; the start screen lists the new alerts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.widgets import Input, Select, Static

from data.dates import today_helsinki
from data.models import Client, SessionKind, Step, Volunteer
from data.rules.alerts import AlertKind
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app, until
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientForm
from tui.screens.dashboard import DashboardScreen
from tui.screens.vetting import StepDialog
from tui.screens.volunteer_fit import SessionDialog
from tui.screens.volunteers import VolunteerDetailScreen

OVERDUE = 13  # the small demo's volunteer whose extract's re-check is overdue (data/demo/fitness)


def fill(screen: Any, **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#in-{name}", Input).value = value


def shown(app: Any, widget: str) -> str:
    return str(app.screen.query_one(widget, Static).render())


def fresh(store: Store, model: Any, record_id: int) -> Any:
    return Store.open(store.folder).records.get(model, record_id)


async def test_a_session_added_on_the_volunteer_page(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = fresh(store, Volunteer, OVERDUE)
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("volunteer", OVERDUE)
        await arrive(pilot, app, VolunteerDetailScreen)
        assert "re-check overdue (due " in shown(app, "#fitness")
        await pilot.press("o")
        await arrive(pilot, app, SessionDialog)
        dialog = app.screen
        fill(dialog, hours="30", topic="Ryhmätyönohjaus: rajat")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.query_one("#field-hours").has_class("-invalid"))
        assert type(app.screen) is SessionDialog  # refused beside the field, the text kept
        assert fresh(store, Volunteer, OVERDUE).version == before.version
        ahead = (today_helsinki() + timedelta(days=2)).strftime("%d.%m.%Y")  # the store's day
        fill(dialog, hours="1,5", on=ahead)  # two days ahead: refused beside the day
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.query_one("#field-on").has_class("-invalid"))
        assert fresh(store, Volunteer, OVERDUE).version == before.version
        fill(dialog, on="18.11.2026")
        dialog.query_one("#in-kind", Select).value = SessionKind.TRAINING.value
        await pilot.press("ctrl+s")
        await arrive(pilot, app, VolunteerDetailScreen)
        await until(pilot, lambda: "Ryhmätyönohjaus: rajat" in shown(app, "#fitness"))
        assert "training" in shown(app, "#fitness")
    saved = fresh(store, Volunteer, OVERDUE)
    added = [s for s in saved.sessions if s.topic == "Ryhmätyönohjaus: rajat"]
    assert len(added) == 1 and added[0].on == date(2026, 11, 18)
    assert added[0].hours == Decimal("1.5") and added[0].kind is SessionKind.TRAINING
    assert added[0].by == "tester" and len(saved.sessions) == len(before.sessions) + 1


async def test_the_extract_recorded_again_ends_the_overdue_re_check(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        overdue = [a for a in app.screen.rows if a.kind is AlertKind.EXTRACT_OVERDUE]  # type: ignore[attr-defined]
        assert [a.subject.id for a in overdue] == [OVERDUE]
        app.open_subject("volunteer", OVERDUE)
        await arrive(pilot, app, VolunteerDetailScreen)
        await pilot.press("t")
        await arrive(pilot, app, StepDialog)
        fill(app.screen, extract_date="2.11.2026", on=TODAY.strftime("%d.%m.%Y"))
        await pilot.press("ctrl+s")
        await arrive(pilot, app, VolunteerDetailScreen)
        await until(pilot, lambda: "20.11.2029" in shown(app, "#fitness"))
    saved = fresh(store, Volunteer, OVERDUE)
    assert saved.state is Step.APPROVED and saved.extract().on == TODAY  # type: ignore[union-attr]
    _, found = Store.open(store.folder).alerts.day(TODAY)
    assert OVERDUE not in {a.subject.id for a in found if a.kind is AlertKind.EXTRACT_OVERDUE}


async def test_the_intake_checklist_is_saved_from_the_client_form(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, ClientForm)
        form = app.screen
        fill(form, decision_on="1.12.2026", decision_ref="LS-2026-118")  # ahead of the day
        form.query_one("#in-willing", Select).value = "no"
        ticks = form.query_one("#in-intake")
        ticks.deselect_all()  # type: ignore[attr-defined]
        for value in ("services_client", "no_network"):
            ticks.select(value)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.query_one("#field-decision_on").has_class("-invalid"))
        assert fresh(store, Client, target.id or 0).version == target.version
        fill(form, decision_on="3.11.2026")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        await until(pilot, lambda: "Willing to take part: no" in shown(app, "#references"))
        assert "Support person criteria 2/5" in shown(app, "#references")
    saved = fresh(store, Client, target.id or 0)
    assert saved.intake.willing is False
    assert [c.value for c in saved.intake.met] == ["services_client", "no_network"]
    assert saved.decision is not None and saved.decision.on == date(2026, 11, 3)
    assert saved.decision.reference == "LS-2026-118"


async def test_enter_on_the_criteria_moves_on_and_ticks_nothing(tmp_path: Path) -> None:
    """The form's hint says Enter moves to the next field: on the intake checklist it does
    (a burst of Enters through the form left a criterion un-ticked); space ticks."""
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, ClientForm)
        form = app.screen
        ticks = form.query_one("#in-intake")
        before = list(ticks.selected)  # type: ignore[attr-defined]
        ticks.focus()
        await until(pilot, lambda: ticks.has_focus)
        await pilot.press("enter")
        await until(pilot, lambda: not ticks.has_focus)
        assert list(ticks.selected) == before  # type: ignore[attr-defined]
        ticks.focus()
        await until(pilot, lambda: ticks.has_focus)
        await pilot.press("space")
        await until(pilot, lambda: list(ticks.selected) != before)  # type: ignore[attr-defined]
