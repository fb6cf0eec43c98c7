"""The console's start: the first frame drawn from what the folder keeps, the Store opened
right after it (tui/start_view.py, TukiApp.open_store), and keys typed meanwhile."""

from __future__ import annotations

import contextvars
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, Static

from data import models
from data.rules.alert_shapes import URGENCY_ORDER
from data.store import Store
from tests.console_helpers import NOW, arrive, demo_store, make_app, until
from tests.storage_helpers import settle
from tui import start_view
from tui.app import TukiApp
from tui.screens.clients import ClientsScreen
from tui.screens.dashboard import DashboardScreen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kept(tmp_path: Path) -> Path:
    """Small demo data whose day's answers are kept in cache/ (as a console or ``tuki alerts``
    leaves them), its last change long past."""
    folder = tmp_path / "data"
    demo_store(folder)
    settle(folder)
    store = Store.open(folder)
    store.alerts.day(NOW.date(), NOW)
    store.alerts.areas(NOW.date())
    return folder


def console(folder: Path, opened: list[Any] | None = None, before: Any = None) -> TukiApp:
    """The console given the folder (as ``tuki`` gives it); ``before(app)`` runs when it opens
    the Store, which is recorded in ``opened``."""

    def open_store(path: Path) -> Store:
        if before is not None:
            before(app)
        store = Store.open(path)
        if opened is not None:
            opened.append(store)
        return store

    app = TukiApp(
        folder, "tester", language="fi", poll_seconds=3600, clock=lambda: NOW, open_store=open_store
    )
    return app


def terminal_key(key: str, char: str) -> events.Key:
    """A key as the terminal's driver makes it: sent by no widget (one made while a screen
    handles a message would not bubble back to that screen from its focused widget)."""
    return contextvars.Context().run(events.Key, key, char)


def shown(screen: DashboardScreen) -> tuple[Any, ...]:
    """What the start screen shows: heading, status, rows, the detail line."""
    texts = [str(screen.query_one(f"#{name}", Static).render()) for name in ("heading", "status")]
    rows = [tuple(str(cell) for cell in screen.cells(row)) for row in screen.rows]
    return (*texts, rows, str(screen.query_one("#detail", Static).render()), screen.subject_areas)


async def test_the_first_frame_shows_what_the_store_shows_and_the_store_opens_after_it(
    kept: Path,
) -> None:
    at_open: list[tuple[Any, ...]] = []
    opened: list[Store] = []

    def before(app: TukiApp) -> None:  # the first frame is on the screen, the Store not open
        assert not app.store_open
        at_open.append(shown(app.screen))  # type: ignore[arg-type]

    app = console(kept, opened, before)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store_open)
        assert len(opened) == 1 and at_open and at_open[0][2]  # drawn from the kept answers
        assert app.store is opened[0]
        from_kept = at_open[0]
        assert shown(app.screen) == from_kept  # nothing read again: the folder did not change
    reference = make_app(Store.open(kept), poll_seconds=3600)
    async with reference.run_test(size=(80, 24)) as pilot:
        await arrive(pilot, reference, DashboardScreen)
        assert shown(reference.screen) == from_kept  # type: ignore[arg-type]


async def test_keys_typed_while_the_console_starts_land_where_they_were_meant(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed before the first frame and while the Store opens wait, in order: ``2`` the
    clients, ``/`` their search, then the letters of "-nen"."""
    read = start_view.read

    def typed_early(folder: Path, now: Any) -> start_view.StartView | None:
        for key, char in (("2", "2"), ("slash", "/")):  # before the first frame
            app.post_message(terminal_key(key, char))
        return read(folder, now)

    def type_more(app: TukiApp) -> None:  # after the first frame, the Store not open yet
        for key in "nen":
            app.post_message(terminal_key(key, key))

    monkeypatch.setattr(start_view, "read", typed_early)
    app = console(kept, before=type_more)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: type(app.screen) is ClientsScreen and app.store_open)
        search = app.screen.query_one("#search", Input)
        await until(pilot, lambda: search.value == "nen")
        assert search.value == "nen" and app.focused is search
        screen = app.screen
        assert isinstance(screen, ClientsScreen) and screen.matched
        assert all("nen" in screen.text(row).casefold() for row in screen.matched)


async def test_the_clients_lines_are_read_while_the_console_waits_for_a_key(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the Store is open and nobody types, the clients' lines are read (``warm_data``):
    the list's first visit finds them and reads nothing; a change read again as before."""
    from data.store.lists import Lists

    reads: list[int] = []
    real = Lists.client_lines

    def counted(self: Lists) -> list[Any]:
        reads.append(1)
        return real(self)

    monkeypatch.setattr(Lists, "client_lines", counted)
    (kept / "cache" / "client_lines.json").unlink(missing_ok=True)  # worked out, not loaded
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store_open and len(reads) == 1)
        assert len(reads) == 1  # read while nobody typed
        app.post_message(terminal_key("2", "2"))
        await until(pilot, lambda: type(app.screen) is ClientsScreen)
        await until(pilot, lambda: app.screen.query_one("#list").row_count > 0)
        assert len(reads) == 1  # the first visit read nothing more
        assert app.screen.query_one("#list").row_count == len(app.store.lists.clients())


async def test_the_relationships_facts_are_built_while_the_console_waits_for_a_key(
    kept: Path,
) -> None:
    """With the clients' lines kept (they read no facts), the facts that the meeting log,
    matching and a relationship's page read first, and the log's choices, are made while idle."""
    from data.model.facts import FACT_FILES, FACTS
    from tui.screens import relationship_picker
    from tui.screens.meeting_log import LOGGABLE

    Store.open(kept).lists.clients()  # kept in cache/, as a console leaves them
    made = relationship_picker._made
    made.clear()
    app = console(kept)
    key = (FACT_FILES[models.Relationship], FACTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store_open)
        derived = app.store.records.derived
        await until(pilot, lambda: (LOGGABLE, False) in made)
        assert derived._cache.get(key) is not None
        assert (LOGGABLE, False) in made  # the meeting log's choices, made of those facts
        assert type(app.screen) is DashboardScreen  # nothing was opened meanwhile


async def test_a_relationship_page_s_first_opening_is_prepared_while_idle_logging_nothing(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up builds what a relationship page's first opening built (its models'
    validators), for no relationship in particular: nobody's data is logged as seen."""
    from tui.screens import relationship

    prepared: list[Store] = []
    real = relationship.prepare
    monkeypatch.setattr(
        relationship, "prepare", lambda store: (prepared.append(store), real(store))
    )
    logged = Store.open(kept).access.entries("admin")
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.warmed)
        assert prepared == [app.store]
        assert all(m.__pydantic_complete__ for m in (models.Relationship, models.Meeting))
        assert app.store.access.entries("admin") == logged  # nobody's data seen
        assert type(app.screen) is DashboardScreen


async def test_a_change_before_the_store_opens_is_read_when_it_opens(kept: Path) -> None:
    def rename(app: TukiApp) -> None:  # another coordinator saves after the first frame
        other = Store.open(kept)
        settings = other.records.settings()
        other.records.save_settings(
            "b", settings.model_copy(update={"programme_name": "Uusi nimi"})
        )

    app = console(kept, before=rename)
    async with app.run_test(size=(80, 24)) as pilot:
        heading = app.screen.query_one("#heading", Static)
        await until(pilot, lambda: "Uusi nimi" in str(heading.render()))
        assert "Uusi nimi" in str(heading.render())


async def test_without_a_kept_answer_the_store_is_read_before_the_first_frame(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    demo_store(folder)  # nothing kept: a save just now
    assert start_view.read(folder, NOW) is None
    app = console(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert app.store_open and app.screen.rows  # type: ignore[attr-defined]


def test_a_kept_answer_of_another_day_or_state_is_not_used(kept: Path) -> None:
    view = start_view.read(kept, NOW)
    assert view is not None and view.alerts and view.counts.waiting > 0
    assert view.token == Store.open(kept).records.change_token()  # the engine's token
    assert start_view.read(kept, NOW.replace(day=21)) is None  # another day
    os.utime(kept / "clients.json")  # the file changed: the folder's time moves with a save
    (kept / "clients.json").replace(kept / "clients.json")
    os.utime(kept)
    assert start_view.read(kept, NOW) is None
    (kept / ".journal.json").write_text("{}")
    settle(kept)
    assert start_view.read(kept, NOW) is None  # an interrupted save: the Store finishes it


def test_the_urgencies_are_in_the_models_order() -> None:
    assert tuple(u.value for u in models.Urgency) == URGENCY_ORDER


def test_the_first_frame_needs_neither_the_models_nor_pydantic(kept: Path) -> None:
    """In a process of its own: at the start screen's first frame (its alerts drawn) neither
    pydantic nor the models are imported; the Store is opened after it, then the modules of
    the screens most opened first."""
    script = f"""
import asyncio, json, sys
sys.path.insert(0, {str(ROOT)!r})
from datetime import datetime
from data.dates import HELSINKI
from tui.app import TukiApp
from tui.app_store import WARM
from tui.screens.dashboard import DashboardScreen

assert not any(name in sys.modules for name in WARM)
seen = {{}}
display = TukiApp._display

def first(self, screen, renderable):
    if not seen and isinstance(screen, DashboardScreen) and screen.rows and renderable is not None:
        seen.update(pydantic="pydantic" in sys.modules, models="data.models" in sys.modules,
                    store_open=self.store_open)
    display(self, screen, renderable)

TukiApp._display = first

async def run():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=HELSINKI)  # console_helpers.NOW
    app = TukiApp({str(kept)!r}, "t", language="fi", poll_seconds=3600, clock=lambda: now)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.store_open:
            await pilot.pause(0.01)
        seen["later"] = "data.models" in sys.modules
        for _ in range(500):  # then the first screens' modules, while nobody types
            if all(name in sys.modules for name in WARM):
                break
            await pilot.pause(0.01)
        seen["warm"] = all(name in sys.modules for name in WARM)
asyncio.run(run())
print(json.dumps(seen))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {
        "pydantic": False,
        "models": False,
        "store_open": False,
        "later": True,
        "warm": True,
    }
