"""Snapshots at 80×24 of the dashboard, one relationship and the meeting form.

The data is the small demo as of the fixed test day, so the pictures are stable; regenerate
them with ``pytest tests/console/test_snapshots.py --snapshot-update`` after an intended change.

Nothing here depends on how fast the machine is: each picture is taken once its screen is on
top and filled (``arrive``), and the text cursor does not blink (a blink every 0.5 s made the
meeting form's picture depend on whether a loaded machine took longer than that to take it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.console_helpers import arrive, demo_store, make_app
from tui.screens.dashboard import DashboardScreen
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.relationship import RelationshipScreen

TERMINAL = (80, 24)


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The focused input shows its cursor, as right after focusing, whenever the picture is
    taken: the blink timer's toggle does nothing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    yield


def test_dashboard(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))

    async def settle(pilot: Any) -> None:
        await arrive(pilot, app, DashboardScreen)

    assert snap_compare(app, terminal_size=TERMINAL, run_before=settle)


def test_relationship_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))

    async def open_one(pilot: Any) -> None:
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("relationship", 8)
        await arrive(pilot, app, RelationshipScreen)

    assert snap_compare(app, terminal_size=TERMINAL, run_before=open_one)


def test_meeting_form(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))

    async def open_form(pilot: Any) -> None:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)

    assert snap_compare(app, terminal_size=TERMINAL, run_before=open_form)
