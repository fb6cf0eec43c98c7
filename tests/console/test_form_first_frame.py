"""The meeting log opens in one frame (issue 13): fewer widgets, one styling, one layout.

Each fast path is checked against what Textual's slow one gives: no widget is styled
differently than a full restyle of the form makes it, the keys and the cursor are in place
before the form is first laid out and drawn, and a field's refusal line and its row to take
back the user's own value appear when needed and work as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import DiscardDialog
from tui.screens.draft_dialog import DraftDialog
from tui.screens.first_frame import DrawnOnce
from tui.screens.meeting_log import MeetingLogScreen
from tui.widgets.form import Field
from tui.widgets.typed import value_of


def styles_of(screen: Any) -> dict[Any, tuple[str, tuple[tuple[str, str], ...]]]:
    """Every node's styles (its own and its parts', such as an input's cursor)."""
    return {
        node: (
            node.styles.css,
            tuple(sorted((k, v.css) for k, v in node._component_styles.items())),
        )
        for node in screen.walk_children(with_self=True)
    }


@pytest.mark.parametrize("relationship", [None, 8])
async def test_the_form_is_styled_as_a_full_restyle_would_style_it(
    tmp_path: Path, relationship: int | None
) -> None:
    """Textual's second styling of every widget is left out (and widgets are not styled
    before they are mounted): nothing a full restyle does changes anything, at the first
    opening (when the form's CSS is read) and the next."""
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        for _ in range(2):
            app.action_log_meeting(relationship)
            await arrive(pilot, app, MeetingLogScreen)
            await until(pilot, lambda: isinstance(app.focused, Input))
            screen = app.screen
            shown = styles_of(screen)
            app.stylesheet.update_nodes(screen.walk_children(with_self=True), animate=False)
            assert styles_of(screen) == shown
            assert screen.styles.align_horizontal == "center"  # the screen's own CSS file
            await pilot.press("escape")
            await arrive(pilot, app, DashboardScreen)


async def test_keys_and_cursor_are_in_place_before_the_first_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the form is first shown (and laid out and drawn), the footer holds its keys and
    the cursor is in the relationship's field: no frame without them, no second layout."""
    seen: list[tuple[int, str | None]] = []
    resumed = DrawnOnce.on_screen_resume

    def look(self: Any, event: Any) -> None:
        seen.append((len(self.query(FooterKey)), getattr(self.focused, "id", None)))
        resumed(self, event)

    monkeypatch.setattr(DrawnOnce, "on_screen_resume", look)
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert seen and seen[0] == (len(keys), "pick-input") and keys
        for _ in range(3):  # the keys built then stay: not built again for the same bindings
            await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys


async def test_a_refusal_line_and_the_take_back_row_appear_when_needed(tmp_path: Path) -> None:
    """A field holds its label and input only; the line for a refusal comes with the first
    refusal, and the row offering back the user's own value with the first such value."""
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_log_meeting(8)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        assert not screen.query("Field > .field--error") and not screen.query(".field--mine")
        day = screen.query_one("#field-on", Field)
        day_input = screen.query_one("#in-on", Input)
        day_input.value = "31.2.2026"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: day.has_class("-invalid"))
        line = day.query_one(".field--error")
        assert "31.2.2026" in str(line.render()) and line.display
        assert [type(w).__name__ for w in day.children][-1] == "Static"  # after the input
        day_input.value = "20.11.2026"
        await until(pilot, lambda: not day.has_class("-invalid"))
        assert not screen.query_one("#field-on .field--error").display

        place = screen.query_one("#field-place", Field)
        place.offer_mine("Kirjasto")
        await pilot.pause()
        row = place.query_one(".field--mine")
        assert row.display and "Kirjasto" in str(row.query_one("Static").render())
        assert list(place.children).index(row) == len(place.children) - 1
        place.set_error("liian pitkä")  # a refusal line comes before the take-back row
        await pilot.pause()
        names = [c.classes for c in place.children]
        assert names.index(frozenset({"field--error"})) < names.index(frozenset({"field--mine"}))
        await pilot.click("#field-place .field--take")
        await until(pilot, lambda: screen.query_one("#in-place", Input).value == "Kirjasto")
        assert not place.has_class("-mine")


@pytest.mark.parametrize("relationship", [None, 8])
async def test_the_hidden_fields_come_after_the_first_frame_and_count_as_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relationship: int | None
) -> None:
    """A cancelled meeting's fields and the reason past the maximum are not in the first
    frame (hidden anyway); once they come, an untouched form still closes at Esc without
    asking and keeps no draft."""
    at_first: list[bool] = []
    resumed = DrawnOnce.on_screen_resume

    def look(self: Any, event: Any) -> None:
        at_first.append(bool(self.query("#in-cancel_reason")))
        resumed(self, event)

    monkeypatch.setattr(DrawnOnce, "on_screen_resume", look)
    in_frame: list[bool] = []  # at the form's first frame (the status chosen as it opens, held,
    display = TukiApp._display  # mounted them before it)

    def drawn(self: TukiApp, screen: Any, renderable: Any) -> None:
        if isinstance(screen, MeetingLogScreen) and renderable is not None and not in_frame:
            in_frame.append(bool(screen.query("#in-cancel_reason")))
        display(self, screen, renderable)

    monkeypatch.setattr(TukiApp, "_display", drawn)
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_log_meeting(relationship)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        await until(pilot, lambda: bool(screen.query("#in-over_max_reason")))
        assert at_first == [False] and in_frame == [False]
        assert not screen.query_one("#cancel-row").display  # a held meeting: hidden
        assert not screen.typed_anything()
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        assert type(app.screen) is not DiscardDialog
    assert not store.drafts.list("tester")


async def test_a_draft_of_a_cancelled_meeting_comes_back_whole(tmp_path: Path) -> None:
    """The draft's status, reason, note and reason past the maximum are put back into the
    hidden fields, which are there before the draft is."""
    store = demo_store(tmp_path / "d")
    kept = {
        "@picked": "r8",
        "in-status": "cancelled",
        "in-cancel_reason": "child_ill",
        "in-cancel_note": "Kuumetta",
        "in-over_max_reason": "Sovittu erikseen",
        "in-activity": "Uimahalli",
    }
    store.drafts.put("tester", "meeting:r8", kept, None)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_log_meeting(8)
        await arrive(pilot, app, DraftDialog)
        await pilot.press("enter")
        await until(pilot, lambda: getattr(app.screen, "draft_state", "") == "keeping")
        screen = app.screen
        got = {wid: value_of(screen.query_one(f"#{wid}")) for wid in kept if wid[0] != "@"}
        assert {k: getattr(v, "value", v) for k, v in got.items()} == {
            k: v for k, v in kept.items() if k[0] != "@"
        }
        assert not screen.has_class("-held") and screen.query_one("#cancel-row").display
