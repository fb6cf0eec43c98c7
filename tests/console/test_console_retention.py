"""The retention screen: an admin's, from the palette; the dry run, a dialog naming how many,
the apply in a worker, and the stored result."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from data.model.access import AccessView, Face
from data.model.register import UserRole
from data.model.retention import ANONYMOUS, RetentionClass
from data.models import Client
from data.store import Store
from tests.console_helpers import arrive, demo_store, make_app, until
from tui.screens.client_form import ClientForm
from tui.screens.dialogs import IrreversibleDialog
from tui.screens.retention import RetentionScreen


def _due(store: Store) -> list[Client]:
    return [c for c in store.records.list(Client) if c.last_name in ("Esimerkki", "Vertainen")]


def _commands(app: object) -> dict[str, object]:
    return {c.title: c for c in app.get_system_commands(app.screen)}  # type: ignore[attr-defined]


async def test_an_admin_sees_what_is_due_and_applies_it(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    due = [c.id for c in _due(store)]
    assert len(due) == 2
    app = make_app(store, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.is_mounted)
        command = _commands(app)["Retention and anonymisation"]
        command.callback()  # type: ignore[attr-defined]
        await arrive(pilot, app, RetentionScreen)
        screen = app.screen
        assert isinstance(screen, RetentionScreen)
        await until(pilot, lambda: screen.plan is not None)
        shown = str(screen.query_one("#retention-plan", Static).render())
        assert "(A. E.)" in shown and "open concern" in shown and "Esimerkki" not in shown
        await pilot.press("a")
        await arrive(pilot, app, IrreversibleDialog)
        assert "Anonymise 2 cases" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await until(pilot, lambda: screen.runs != [] and not screen.applying)
        for client_id in due:
            client = store.records.get(Client, client_id or 0)
            assert client.first_name == ANONYMOUS and client.anonymised_on is not None
        assert store.retention.plan("tester").empty
        huolinen = [c for c in store.records.list(Client) if c.last_name == "Huolinen"]
        assert len(huolinen) == 1 and huolinen[0].anonymised_on is None  # left alone
    # each anonymised client is in the access log, from the console
    logged = [
        (e.client, e.by, e.face)
        for e in store.access.entries("tester")
        if e.view is AccessView.RETENTION
    ]
    assert logged == [(cid, "tester", Face.CONSOLE) for cid in due]


async def test_enter_in_the_dialog_anonymises_nothing(tmp_path: Path) -> None:
    """Anonymising cannot be undone: only y says yes; an Enter typed on after 'a' (a burst, or
    out of habit) answers no, and the keys say so."""
    store = demo_store(tmp_path / "d")
    app = make_app(store, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.is_mounted)
        app.action_retention()
        await arrive(pilot, app, RetentionScreen)
        screen = app.screen
        assert isinstance(screen, RetentionScreen)
        await until(pilot, lambda: screen.plan is not None)
        await pilot.press("a")
        await until(pilot, lambda: app.screen is not screen)
        keys = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "y: yes ·" in keys and "⏎: yes" not in keys
        await pilot.press("enter")
        await arrive(pilot, app, RetentionScreen)
        await pilot.pause()
        assert not screen.applying and screen.runs == []
        assert len(_due(store)) == 2 and all(c.anonymised_on is None for c in _due(store))
        assert store.retention.runs("tester") == []


async def test_hidden_from_a_coordinator(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    users = {"boss": UserRole.ADMIN, "tester": UserRole.COORDINATOR}
    settings = store.records.settings().model_copy(update={"users": users})
    store.records.save_settings("boss", settings)
    app = make_app(store, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.is_mounted)
        assert "Retention and anonymisation" not in _commands(app)
        app.action_retention()
        await pilot.pause()
        assert not isinstance(app.screen, RetentionScreen)


async def test_a_new_case_gets_the_programmes_class_or_the_one_chosen(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    settings = store.records.settings()
    later = settings.model_copy(update={"retention_default": RetentionClass.ADULT_SERVICES})
    store.records.save_settings("tester", later)
    app = make_app(store, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.is_mounted)
        for last, chosen in (("Oletus", None), ("Valittu", RetentionClass.SHORT)):
            app.push_screen(ClientForm())
            await arrive(pilot, app, ClientForm)
            select = app.screen.query_one("#in-retention", Select)
            assert select.value is RetentionClass.ADULT_SERVICES  # the programme's default
            if chosen is not None:
                select.value = chosen
            values = {"first_name": "Oona", "last_name": last, "birth_date": "3.4.2016"}
            for name, text in {**values, "municipality": "Kotka"}.items():
                app.screen.query_one(f"#in-{name}", Input).value = text
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not isinstance(app.screen, ClientForm))
    stored = {c.last_name: c.retention for c in store.records.list(Client)}
    assert stored["Oletus"] is RetentionClass.ADULT_SERVICES
    assert stored["Valittu"] is RetentionClass.SHORT


async def test_the_client_page_shows_the_class_or_the_anonymisation(tmp_path: Path) -> None:
    from tui.screens.client_detail import ClientDetailScreen

    store = demo_store(tmp_path / "d")
    [aino] = [c.id for c in _due(store) if c.last_name == "Esimerkki"]
    [veera] = [c.id for c in store.records.list(Client) if c.last_name == "Huolinen"]
    store.retention.apply("tester")
    app = make_app(store, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        shown = {}
        for client_id in (aino, veera):
            app.open_subject("client", client_id or 0)
            await arrive(pilot, app, ClientDetailScreen)
            shown[client_id] = str(app.screen.query_one("#references", Static).render())
            await pilot.press("escape")
    day = store.records.get(Client, aino or 0).anonymised_on
    assert day is not None
    assert f"Anonymised {day.day}.{day.month}.{day.year}: names, contact details" in shown[aino]
    assert (
        "Retention class: families-with-children services (30 years after closing)" in shown[veera]
    )
