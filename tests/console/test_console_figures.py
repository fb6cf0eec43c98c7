"""The figures section (9): worked out in a worker, each figure's numbers printed beside its
bars, the year switched with ``p``; the same numbers as ``tuki figures``."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Sparkline, Static

from data.store.figures import year_figures
from tests.console_helpers import arrive, demo_store, make_app, until
from tui.screens.figures import FiguresScreen


def _text(screen: FiguresScreen, key: str) -> str:
    return str(screen.query_one(f"#figures-{key}", Static).render())


async def test_the_figures_screen_shows_the_years_numbers(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    want = year_figures(store.records, 2026)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("9")
        await arrive(pilot, app, FiguresScreen)
        screen = app.screen
        assert isinstance(screen, FiguresScreen)
        await until(pilot, lambda: screen.figures is not None)
        meetings = _text(screen, "meetings")
        held = next(line for line in meetings.splitlines() if line.startswith("Pidettyjä"))
        assert held.split()[-1] == str(want.held)
        november = next(line for line in meetings.splitlines() if line.startswith("11/2026"))
        assert "█" in november and f" {want.meetings[10].held} · peruttu" in november
        assert screen.query(Sparkline)
        waiting = _text(screen, "waiting")
        assert "mediaani" in waiting and f"{want.waiting.median} pv" in waiting
        heading = str(screen.query_one("#heading", Static).render())
        assert "Tunnusluvut 2026" in heading
        await pilot.press("p")
        await until(
            pilot, lambda: "Tunnusluvut 2025" in str(screen.query_one("#heading", Static).render())
        )
        before = year_figures(store.records, 2025)
        meetings = _text(screen, "meetings")
        held = next(line for line in meetings.splitlines() if line.startswith("Pidettyjä"))
        assert held.split()[-1] == str(before.held)
