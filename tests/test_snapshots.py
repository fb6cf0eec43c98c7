"""Snapshots at 80×24 of the dashboard, one relationship and the meeting form.

The data is the small demo as of the fixed test day, so the pictures are stable; regenerate
them with ``pytest tests/test_snapshots.py --snapshot-update`` after an intended change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.console_helpers import demo_store, make_app

TERMINAL = (80, 24)


def test_dashboard(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    assert snap_compare(app, terminal_size=TERMINAL)


def test_relationship_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))

    async def open_one(pilot: Any) -> None:
        await pilot.pause()
        app.open_subject("relationship", 8)
        await pilot.pause()

    assert snap_compare(app, terminal_size=TERMINAL, run_before=open_one)


def test_meeting_form(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    assert snap_compare(app, terminal_size=TERMINAL, press=["l"])
