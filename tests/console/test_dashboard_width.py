"""The start screen's reason column uses the width there is, and the whole reason is shown."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from data.rules.alerts import Alert
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.listing import alert_text
from tui.screens.dashboard import DashboardScreen


def why_width(app: object) -> int:
    table = app.screen.query_one("#list", DataTable)  # type: ignore[attr-defined]
    return next(c.width for c in table.columns.values() if c.key.value == "why")


async def test_the_reason_column_grows_with_the_window(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=(120, 40)) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert why_width(app) > 50  # not cut at 30 characters at 120 columns
        await pilot.resize_terminal(*SIZE)
        await until(pilot, lambda: why_width(app) == 30)
        assert why_width(app) == 30  # at 80 columns it still fits beside the rest


async def test_the_highlighted_reason_is_shown_whole(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        screen = app.screen
        alerts: list[Alert] = screen.alerts  # type: ignore[attr-defined]
        why = screen.query_one("#detail", Static)

        def shows(alert: Alert) -> bool:
            return str(why.render()) == f"{alert.subject.name}: {alert_text(alert)}"

        long_one = max(range(len(alerts)), key=lambda i: len(alert_text(alerts[i])))
        assert len(alert_text(alerts[long_one])) > 30  # longer than its column at 80×24
        assert shows(alerts[0])
        await pilot.press(*["down"] * long_one)
        await until(pilot, lambda: shows(alerts[long_one]))
        assert shows(alerts[long_one])
