"""``h`` on a record shows its change history: when, who, and field by field old → new in the
user's language, a long text cut with Enter showing it whole; ``h`` on a list's row too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from data.model.activity import PalaveriKind
from data.models import Client, Guardian, Relationship, State
from data.store import Store
from tests.console_helpers import NOW, SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.listing import name_order
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.clients import ClientsScreen
from tui.screens.guardian_form import GuardianChooser
from tui.screens.history import HistoryDialog, WholeValues
from tui.screens.relationship import RelationshipScreen
from tui.screens.settings import SettingsForm

LONG = "Pitää piirtämisestä ja uinnista. " * 4


def _rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#history", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_h_on_a_client_shows_who_changed_what(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = min(store.records.list(Client), key=lambda c: name_order(c.first_name, c.last_name))
    # (the demo's own changes of it come first: data/demo/changes.py)
    skip = sum(len(c.fields) for c in store.records.history("client", target.id or 0))
    editor = Store.open(store.folder, clock=lambda: NOW)
    first = editor.records.update("maija", target.model_copy(update={"area": "Kymi"}))
    editor.records.update("pekka", first.model_copy(update={"wishes": LONG}))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("enter")
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        rows = _rows(app)[skip:]
        title = str(app.screen.query_one("#history-title").render())
        assert target.last_name in title
        made = str(app.screen.query_one("#history-created", Static).render())
        assert "Luotu" in made
        # oldest first; the label the client form uses; old and new; who and when
        assert rows[0][1:] == ["maija", "Alue", target.area or "–", "Kymi"]
        assert rows[0][0] == "20.11.2026 12.00" and rows[1][0] == "20.11.2026 12.00"
        assert rows[1][1] == "pekka" and rows[1][2] == "Mitä lapsi halu…"  # (whole below)
        assert rows[1][4].endswith("…") and len(rows[1][4]) < len(LONG)
        # Enter on the cut row shows it whole; Esc goes back, h closes the history
        await pilot.press(*["down"] * (skip + 1), "enter")
        await until(pilot, lambda: type(app.screen) is WholeValues)
        whole = str(app.screen.query_one("#whole-new", Static).render())
        assert whole == LONG.strip()
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        await pilot.press("h")
        await arrive(pilot, app, ClientDetailScreen)


async def test_a_cut_login_is_shown_whole_below(tmp_path: Path) -> None:
    """At 80 columns the 'who' column cuts a login: koordinaattori1 and koordinaattori2 both
    read 'koordina…'; the line below the table names the highlighted row's whole, and when."""
    store = demo_store(tmp_path / "d")
    # the second by name: the first has the demo's own change (data/demo/changes.py)
    target = sorted(
        store.records.list(Client), key=lambda c: name_order(c.first_name, c.last_name)
    )[1]
    editor = Store.open(store.folder, clock=lambda: NOW)
    first = editor.records.update("koordinaattori1", target.model_copy(update={"area": "Kymi"}))
    editor.records.update("koordinaattori2", first.model_copy(update={"area": "Karhula"}))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        detail = app.screen.query_one("#history-detail", Static)
        await until(pilot, lambda: "koordinaattori1" in str(detail.render()))
        assert "20.11.2026 12.00" in str(detail.render())
        await pilot.press("down")
        await until(pilot, lambda: "koordinaattori2 · Alue: Kymi → Karhula" in str(detail.render()))


async def test_h_on_a_list_row_and_a_record_without_changes(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    # the second by name: the first has the demo's own change (data/demo/changes.py)
    target = sorted(
        store.records.list(Client), key=lambda c: name_order(c.first_name, c.last_name)
    )[1]
    assert store.records.history("client", target.id or 0) == []
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("down", "h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        assert f"Client {target.id}" in str(app.screen.query_one("#history-title").render())
        assert app.screen.query_one("#history-none", Static).display
        assert "No changes" in str(app.screen.query_one("#history-none", Static).render())
        assert not app.screen.query_one("#history", DataTable).display
        await pilot.press("escape")
        await arrive(pilot, app, ClientsScreen)


async def test_h_on_a_relationship_and_on_its_meeting_timeline(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    editor = Store.open(store.folder, clock=lambda: NOW + timedelta(days=1))  # (after the demo's)
    rel = next(
        r
        for r in editor.records.list(Relationship)
        if r.state is State.ACTIVE and editor.meetings.of(r.id or 0)
    )
    editor.relationships.set_state("maija", rel.id or 0, rel.version, State.PAUSED, rel.since())
    newest = max(editor.meetings.of(rel.id or 0), key=lambda m: (m.on, m.id or 0))
    editor.meetings.update("pekka", newest.model_copy(update={"place": "Kirjasto"}))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("relationship", rel.id or 0)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        rows = _rows(app)
        assert rows[0][1] == "maija"
        assert ["Tila", "aktiivinen", "tauolla"] in [r[2:] for r in rows]
        await pilot.press("escape")
        await arrive(pilot, app, RelationshipScreen)
        app.screen.query_one("#timeline", DataTable).focus()  # the newest meeting first
        await pilot.pause()
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        assert f"Tapaaminen {rel.id}-{newest.id}" in str(
            app.screen.query_one("#history-title").render()
        )
        ((_, who, field, old, new),) = _rows(app)  # (a value cut to fit 80 columns ends in …)
        assert (who, field, new) == ("pekka", "Paikka", "Kirjasto")
        assert (newest.place or "–").startswith(old.rstrip("…"))


async def test_h_on_a_clients_guardian(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = min(store.records.list(Client), key=lambda c: name_order(c.first_name, c.last_name))
    guardian = store.records.get(Guardian, target.guardian_ids[0])
    Store.open(store.folder, clock=lambda: NOW).records.update(
        "maija", guardian.model_copy(update={"phone": "040 111 2222"})
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("g")
        await until(pilot, lambda: type(app.screen) is GuardianChooser)
        await pilot.press("down", "h")  # the first guardian (the first row is a new one)
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        title = str(app.screen.query_one("#history-title").render())
        assert title == f"Huoltaja {guardian.id} – {guardian.name}"
        assert [r[1:] for r in _rows(app)] == [
            ["maija", "Puhelin", guardian.phone or "–", "040 111 2222"]
        ]


async def test_ctrl_b_in_a_palaveri_and_in_the_settings(tmp_path: Path) -> None:
    """Where letters are typed into fields, the history is ctrl+b."""
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    settings = store.records.settings()
    Store.open(store.folder, clock=lambda: NOW).records.save_settings(
        "maija", settings.model_copy(update={"organiser": "Tuki ry"})
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id or 0, PalaveriKind.REVIEW)
        note = screen.query_one(f"#note-{screen.items[0].key}", TextArea)
        note.focus()
        await until(pilot, lambda: note.has_focus)
        await pilot.press("h", "ctrl+b")  # the h is typed; ctrl+b opens the history
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        title = str(app.screen.query_one("#history-title").render())
        assert title.startswith(f"Palaveri {screen.palaveri.ref}")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert note.text == "h"
        await pilot.press("escape")  # save and leave
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("0")
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        await pilot.press("ctrl+b")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        assert str(app.screen.query_one("#history-title").render()) == "Asetukset"
        ((_, who, field, old, new),) = _rows(app)
        assert (who, field, new) == ("maija", "Järjestäjä", "Tuki ry")
        assert settings.organiser.startswith(old.rstrip("…"))
