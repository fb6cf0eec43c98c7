"""Keys that arrive in one burst (SSH delivers them so) each land where the keys before them
left the focus: after Tab in the next field, after ``n`` in the form it opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from data.models import PalaveriKind, Relationship, State
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.app import TukiApp
from tui.screens.client_form import ClientForm
from tui.screens.clients import ClientsScreen
from tui.screens.concerns import ConcernsScreen
from tui.screens.relationships import RelationshipsScreen


def _key(name: str) -> events.Key:
    char = {"tab": "\t", "shift+tab": None, "escape": "\x1b", "full_stop": "."}.get(name, name)
    return events.Key(name, char)


def burst(app: TukiApp, *keys: str) -> None:
    """Post every key to the app at once, with no pause between them: the app sees them all
    queued before it handles the first, as when a terminal delivers them in one read."""
    for key in keys:
        app.post_message(_key(key))


def typed(text: str) -> list[str]:
    return ["full_stop" if c == "." else c for c in text]


async def _tab_burst(pilot: Any, app: TukiApp) -> tuple[str, str, str]:
    """Open a new client, type ``AAA`` Tab ``BBB`` Tab ``1.1.2015`` in one burst: what each
    of the first three fields got."""
    await pilot.press("n")
    await arrive(pilot, app, ClientForm)
    form = app.screen
    await until(pilot, lambda: isinstance(app.focused, Input))
    first, last, born = (
        form.query_one(f"#in-{n}", Input) for n in ("first_name", "last_name", "birth_date")
    )
    assert app.focused is first
    burst(app, *"AAA", "tab", *"BBB", "tab", *typed("1.1.2015"))
    await until(pilot, lambda: len(first.value + last.value + born.value) == 14)
    assert app.focused is (born if born.value else first)
    got = (first.value, last.value, born.value)
    form.dismiss(None)
    await arrive(pilot, app, ClientsScreen)
    return got


async def test_keys_after_tab_land_in_the_next_field(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        for attempt in range(3):
            got = await _tab_burst(pilot, app)
            assert got == ("AAA", "BBB", "1.1.2015"), attempt


async def _open_burst(pilot: Any, app: TukiApp) -> tuple[str, str]:
    """``n`` Oona Tab Ojala in one burst on the clients list: the form's first two fields."""
    burst(app, "n", *"Oona", "tab", *"Ojala")
    await arrive(pilot, app, ClientForm)
    form = app.screen
    first, last = (form.query_one(f"#in-{n}", Input) for n in ("first_name", "last_name"))
    await until(pilot, lambda: len(first.value + last.value) == 9)
    got = (first.value, last.value)
    form.dismiss(None)
    await arrive(pilot, app, ClientsScreen)
    return got


async def test_keys_after_the_key_that_opens_a_form_land_in_the_form(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        for attempt in range(3):
            assert await _open_burst(pilot, app) == ("Oona", "Ojala"), attempt


async def test_keys_after_the_key_that_closes_a_form_go_to_the_list(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        burst(app, "n", "escape", "5")  # open the empty form, close it, go to the concerns
        await arrive(pilot, app, ConcernsScreen)
        assert len(app.screen_stack) == 1


async def test_keys_after_slash_land_in_the_search_box(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        burst(app, "2", "slash", *"Ni", "4")  # to the clients, search "Ni", to relationships
        await arrive(pilot, app, RelationshipsScreen)
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        assert app.screen.query_one("#search", Input).value == "Ni"


async def test_keys_after_a_runner_key_land_in_the_next_item(tmp_path: Path) -> None:
    """In a palaveri, notes typed in one burst with ctrl+g (covered, on to the next item)
    between them each land whole in their own item's note: the runner's keys are priority
    bindings, which move the focus after the keys already queued (found over SSH: the first
    letter after the key went into the previous note)."""
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.REVIEW)
        keys = [item.key for item in screen.items]
        at = keys.index("problems")  # a note only; then new goals (a field), then the rules
        assert keys[at + 1 : at + 3] == ["new_goals", "rules"], keys
        screen.show_item(at)
        note = screen.query_one("#note-problems", TextArea)
        await until(pilot, lambda: note.has_focus)
        burst(app, *"Ei pulmia", "ctrl+g", *"Uimataito", "ctrl+g", *"Ennallaan", "ctrl+g")
        await until(pilot, lambda: len(screen.palaveri.done) == 3)
        saved = screen.palaveri
        assert saved.notes.get("problems") == "Ei pulmia"
        assert saved.decisions.new_goals == ["Uimataito"]
        assert saved.notes.get("rules") == "Ennallaan"
