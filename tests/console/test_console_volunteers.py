"""Volunteers: add one, walk it through vetting with 's', a stale extract refused, search."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from data.models import Step, Volunteer
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app
from tests.factories import vetting
from tui.screens.vetting import StepDialog
from tui.screens.volunteer_form import VolunteerForm
from tui.screens.volunteers import VolunteerDetailScreen, VolunteersScreen


def fill(screen: Any, **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#in-{name}", Input).value = value


async def add_volunteer(pilot: Any) -> None:
    app = pilot.app
    await pilot.press("3")
    await arrive(pilot, app, VolunteersScreen)
    await pilot.press("n")
    await pilot.pause()
    form = app.screen
    assert type(form) is VolunteerForm
    await pilot.press(*"Tiina")  # typed into the focused first field
    fill(
        form,
        last_name="Testaaja",
        birth_year="1990",
        municipality="Kotka",
        area="Karhula",
        interests="lukeminen, luonto",
        days="ma, ke",
        parts="ilta",
        capacity="2",
        applied_on="1.11.2026",
    )
    await pilot.press("ctrl+s")
    await pilot.pause()


def stored(store: Store, last_name: str = "Testaaja") -> Volunteer:
    found = [
        v for v in Store.open(store.folder).records.list(Volunteer) if v.last_name == last_name
    ]
    assert len(found) == 1
    return found[0]


async def record(pilot: Any, **values: str) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert type(pilot.app.screen) is StepDialog
    fill(pilot.app.screen, **values)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_add_a_volunteer_and_walk_the_vetting_pipeline(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await add_volunteer(pilot)
        v = stored(store)
        assert v.first_name == "Tiina" and v.created_by == "tester"
        assert [s.step for s in v.vetting] == [Step.APPLIED]
        assert v.vetting[0].on == date(2026, 11, 1)
        assert [d.value for d in v.availability.days] == ["mon", "wed"]
        assert v.interests == ["reading", "nature"]  # words are stored as the shared codes
        assert v.capacity == 2
        # the new volunteer's own screen opens
        assert type(app.screen) is VolunteerDetailScreen
        assert "→" in str(app.screen.query_one("#timeline").render())
        assert app.screen.check_action("resume", ()) is False

        await record(pilot, on="5.11.2026")
        await record(pilot, on="10.11.2026", hours="8,5")
        await record(pilot, extract_date="1.10.2026", on="12.11.2026")
        await record(pilot, on="15.11.2026")
        v = stored(store)
        assert [s.step for s in v.vetting] == [
            Step.APPLIED,
            Step.SUITABILITY,
            Step.ORIENTED,
            Step.EXTRACT_SHOWN,
            Step.APPROVED,
        ]
        assert v.approved and str(v.vetting[2].hours) == "8.5"  # type: ignore[union-attr]
        assert v.vetting[3].by == "tester"
        assert app.screen.check_action("next_step", ()) is False
        assert app.screen.check_action("pause", ()) is True


async def test_a_stale_extract_is_refused_beside_the_field(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    new = store.records.add(
        "tester",
        Volunteer(
            first_name="Olli",
            last_name="Otteeton",
            birth_year=1980,
            municipality="Kotka",
            vetting=vetting(date(2026, 9, 1))[:3],
        ),
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("volunteer", new.id or 0)
        await pilot.pause()
        await record(pilot, extract_date="1.4.2026", on="10.11.2026")
        dialog = app.screen
        assert type(dialog) is StepDialog  # still open, typed text kept
        field = dialog.query_one("#field-extract_date")
        assert field.has_class("-invalid")
        assert "kuusi kuukautta" in str(field.query_one(".field--error").render())
        assert dialog.query_one("#in-extract_date", Input).value == "1.4.2026"
    again = Store.open(store.folder).records.get(Volunteer, new.id or 0)
    assert [s.step for s in again.vetting] == [s.step for s in new.vetting]
    assert again.version == new.version


async def test_search_and_filters_narrow_the_table(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    volunteers = store.records.list(Volunteer)
    target = volunteers[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#list", DataTable)
        assert table.row_count == len(volunteers)
        await pilot.press("slash", *target.last_name)
        await pilot.pause()
        assert 0 < table.row_count < len(volunteers)
        assert all(target.last_name.casefold() in r.volunteer.name.casefold() for r in screen.rows)  # type: ignore[attr-defined]
        await pilot.press("enter")  # back to the table
        screen.query_one("#search", Input).value = ""
        await pilot.pause()
        await pilot.press("f", "f")  # approved only
        await pilot.pause()
        assert table.row_count == sum(1 for v in volunteers if v.approved)
        await pilot.press("k")  # with free places
        await pilot.pause()
        assert all(r.volunteer.approved for r in screen.rows)  # type: ignore[attr-defined]
        assert table.row_count <= sum(1 for v in volunteers if v.approved)
        await pilot.press("enter")
        await pilot.pause()
        if table.row_count:
            assert type(app.screen) is VolunteerDetailScreen
    assert TODAY.year == 2026


async def test_edit_keeps_typed_text_on_a_refusal_then_saves(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    first = store.records.list(Volunteer)[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("volunteer", first.id or 0)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert type(form) is VolunteerForm
        fill(form, email="not-an-address", days="ma, xx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.query_one("#field-days").has_class("-invalid")
        fill(form, days="ti")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.query_one("#field-email").has_class("-invalid")
        assert form.query_one("#in-email", Input).value == "not-an-address"
        assert (
            Store.open(store.folder).records.get(Volunteer, first.id or 0).version == first.version
        )
        fill(form, email="uusi@posti.example")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, VolunteerDetailScreen)
    saved = Store.open(store.folder).records.get(Volunteer, first.id or 0)
    assert saved.email == "uusi@posti.example" and saved.changed_by == "tester"
    assert [d.value for d in saved.availability.days] == ["tue"]
    assert saved.vetting == first.vetting
