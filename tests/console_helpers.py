"""Shared by the console tests: a fixed clock, demo data as of that day, an app at 80×24."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import Select

from data.dates import HELSINKI
from data.demo import generate
from data.model.activity import PalaveriKind
from data.store import Store
from tui.app import TukiApp
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import StartPalaveriDialog
from tui.screens.relationship import RelationshipScreen

#: The day the console tests and snapshots live in (demo data is generated as of it).
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=HELSINKI)
SIZE = (80, 24)


_GENERATED: dict[tuple[str, int], Path] = {}
"""Demo folders generated once per test process, copied for each test: generating writes and
syncs ~240 files (0.4 s of a test's time, more on a busy disk), copying them takes 0.06 s."""


def demo_store(folder: Path, *, scale: str = "small", seed: int = 1) -> Store:
    """Small demo data as of TODAY in ``folder`` (deterministic for the seed), a copy of the
    one this process generated first (each test gets its own files)."""
    made = _GENERATED.get((scale, seed))
    if made is None or not made.is_dir():
        made = Path(tempfile.mkdtemp(prefix="tuki-demo-")) / "data"
        atexit.register(shutil.rmtree, made.parent, ignore_errors=True)
        generate(made, scale=scale, seed=seed, today=TODAY)
        _GENERATED[(scale, seed)] = made
    shutil.copytree(made, folder, symlinks=True, dirs_exist_ok=True)
    return Store.open(folder)


def make_app(
    store: Store, *, language: str = "fi", poll_seconds: float = 0.5, start_mode: str = "dashboard"
) -> TukiApp:
    """The console on ``store`` with the fixed clock; no polling surprises in tests."""
    return TukiApp(
        store,
        "tester",
        language=language,
        poll_seconds=poll_seconds,
        clock=lambda: NOW,
        start_mode=start_mode,
    )


async def until(pilot: object, condition: Callable[[], bool], *, rounds: int = 600) -> None:
    """Let the app work until ``condition()`` holds, then let it finish what that started.

    Waits for the condition, never for a time: each round lets the app process what is queued
    (``pilot.pause``); the bound only ends a test that would otherwise hang (600 rounds are
    over 30 s, far beyond what even a loaded machine needs)."""
    for _ in range(rounds):
        if condition():
            break
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.wait_for_scheduled_animations()  # type: ignore[attr-defined]


async def arrive(
    pilot: object, app: TukiApp, screen: type[Screen[Any]], *, rounds: int = 600
) -> None:
    """Let the app work until ``screen`` is on top and has shown its data (a TukiScreen is
    mounted and no longer ``stale``: its refresh_data ran)."""

    def arrived() -> bool:
        shown = app.screen.is_mounted and not getattr(app.screen, "stale", False)
        return type(app.screen) is screen and shown

    await until(pilot, arrived, rounds=rounds)
    assert type(app.screen) is screen


async def open_palaveri(
    pilot: Any, app: TukiApp, relationship_id: int, kind: PalaveriKind | None = None
) -> PalaveriScreen:
    """The palaveri runner of a relationship, started from its page with ``a`` (the dialog's
    suggested kind unless ``kind`` is given; an open draft of that kind is resumed)."""
    app.open_subject("relationship", relationship_id)
    await arrive(pilot, app, RelationshipScreen)
    await pilot.press("a")
    await arrive(pilot, app, StartPalaveriDialog)
    if kind is not None:
        app.screen.query_one("#in-kind", Select).value = kind
    await pilot.press("ctrl+s")
    await arrive(pilot, app, PalaveriScreen)
    screen = app.screen
    assert isinstance(screen, PalaveriScreen)
    return screen
