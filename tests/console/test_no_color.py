"""Under NO_COLOR the console uses the terminal's own colours and shows emphasis by attributes.

The checks read what Textual emits (the screen's segments after its line filters, and the escape
codes they become), not only the text: before the fix every cell was sent black on black
(colour 16 or ``38;2;0;0;0;48;2;0;0;0``) and the text alone looked fine.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.app import App
from textual.filter import Monochrome, NoColor
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select
from textual.widgets._toast import Toast

from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.dashboard import DashboardScreen
from tui.screens.meeting_log import MeetingLogScreen


def screen_rows(app: App[object]) -> list[list[Segment]]:
    """The whole screen as Textual would send it: one list of segments per row."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [[seg for strip in line for seg in strip if not seg.control] for line in update.strips]


def escape_codes(app: App[object], color_system: str) -> str:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(
        width=SIZE[0],
        height=SIZE[1],
        file=io.StringIO(),
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        legacy_windows=False,
    )
    return update.render_segments(console)


def coloured(rows: list[list[Segment]]) -> list[tuple[int, str, str]]:
    """Every segment that names a colour rather than the terminal's default."""
    found = []
    for y, row in enumerate(rows):
        for seg in row:
            style = seg.style
            if style is None:
                continue
            for colour in (style.color, style.bgcolor):
                if colour is not None and not colour.is_default:
                    found.append((y, seg.text, str(colour)))
    return found


async def test_no_color_uses_the_terminals_own_colours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        filters = app.get_line_filters()
        assert any(isinstance(f, NoColor) for f in filters)
        assert not any(isinstance(f, Monochrome) for f in filters)
        rows = screen_rows(app)
        assert coloured(rows) == []
        for system in ("256", "truecolor", "standard"):
            sent = escape_codes(app, system)
            for black in ("38;5;16", "48;5;16", "38;2;0;0;0", "48;2;0;0;0", "[30m", "[40m"):
                assert black not in sent, (system, black)
        # the cursor row is reversed and bold; the header is bold; other rows are neither
        table = app.screen.query_one("#list", DataTable)
        top = table.region.y
        cursor_y = top + 1 + table.cursor_row  # under the header, not scrolled at the start
        text = "".join(seg.text for seg in rows[cursor_y])
        assert text.strip(), "the cursor row has text"
        in_table = [seg for seg in rows[cursor_y] if seg.text.strip()][:-1]  # not the scrollbar
        assert in_table and all(s.style and s.style.reverse and s.style.bold for s in in_table)
        other = [seg for seg in rows[cursor_y + 1] if seg.text.strip()][:-1]
        assert not any(s.style and s.style.reverse for s in other)
        assert any(s.style and s.style.bold for s in rows[top] if s.text.strip())
        # a text field shows its cursor by reverse, not by a colour the terminal never gets
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        assert coloured(screen_rows(app)) == []
        focused = app.focused
        assert focused is not None
        y = focused.region.y
        assert any(s.style and s.style.reverse for s in screen_rows(app)[y])
        # an empty field without a border shows where to type: underlined across its width
        empty = next(
            w
            for w in app.screen.query(Input)
            if w.compact and not w.value and not w.has_focus and w.region.width
        )
        row, x = screen_rows(app)[empty.region.y], 0
        cells = []
        for seg in row:
            if empty.region.x <= x < empty.region.right:
                cells.append(seg)
            x += seg.cell_length
        assert cells and all(seg.style and seg.style.underline for seg in cells), empty
        # a focused dropdown is bold, an unfocused one is not
        status = app.screen.query_one("#in-status", Select)

        def bold_in(widget: Widget) -> bool:
            row, x, bold = screen_rows(app)[widget.region.y], 0, False
            for seg in row:
                inside = widget.region.x <= x < widget.region.right
                bold |= inside and bool(seg.text.strip() and seg.style and seg.style.bold)
                x += seg.cell_length
            return bold

        assert not bold_in(status)
        status.focus()
        await until(pilot, lambda: bold_in(status))
        assert bold_in(status)


async def test_colours_stay_without_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert not any(isinstance(f, NoColor) for f in app.get_line_filters())
        assert app.theme != "tuki-no-color"
        assert coloured(screen_rows(app)) != []


async def test_a_warning_and_an_error_say_so_in_a_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A toast's kind was shown only by the colour of its edge, lost under NO_COLOR."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.notify("Ei tallennettu", severity="error")
        app.notify("Tarkista päivä", severity="warning")
        app.notify("Tallennettu")
        await until(pilot, lambda: len(app.screen.query(Toast)) == 3)
        assert len(app.screen.query(Toast)) == 3
        shown = {str(toast.render()) for toast in app.screen.query(Toast)}
        assert any("Virhe" in s and "Ei tallennettu" in s for s in shown), shown
        assert any("Varoitus" in s and "Tarkista päivä" in s for s in shown), shown
        plain = next(s for s in shown if "Tallennettu" in s)
        assert "Virhe" not in plain and "Varoitus" not in plain
        assert coloured(screen_rows(app)) == []
