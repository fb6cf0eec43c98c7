"""The meeting log's form built while nobody types (tui/spare_log.py): ``l`` shows it as a form
built at the opening shows, its draft is offered when it is first shown, a change after it was
built is shown, and the next one is built once it closes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from data.models import Client
from data.store import Store
from tests.console.test_start_frame import console, kept, terminal_key  # noqa: F401 (a fixture)
from tests.console_helpers import arrive, until
from tui.app import TukiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.draft_dialog import DraftDialog
from tui.screens.meeting_log import LOGGABLE, MeetingLogScreen
from tui.screens.relationship_picker import RelationshipPicker
from tui.spare_log import SpareLog


def ready(app: TukiApp) -> MeetingLogScreen | None:
    """The form built ahead, once it is mounted and laid out (not shown)."""
    spare = app._spare_log
    if spare is None or not app.warmed or not spare[0].is_mounted:
        return None
    return spare[0]


async def open_log(app: TukiApp, pilot: object) -> MeetingLogScreen:
    """``l`` as a terminal delivers it; the form once its cursor is in the picker."""
    app.post_message(terminal_key("l", "l"))
    await arrive(pilot, app, MeetingLogScreen)
    await until(pilot, lambda: isinstance(app.focused, Input))
    screen = app.screen
    assert isinstance(screen, MeetingLogScreen)
    return screen


async def steady_shot(app: TukiApp, pilot: object, screen: MeetingLogScreen) -> str:
    """The form as drawn once its draft was looked for, its cursor not blinking (a blink
    shows or hides it by the time it is taken)."""
    await until(pilot, lambda: screen.draft_state == "keeping")
    for field in screen.query(Input):
        field.cursor_blink = False
    await until(pilot, lambda: True)
    return app.export_screenshot()


async def test_the_form_is_built_while_nobody_types_and_shown_as_one_built_at_l(
    kept: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        spare = ready(app)
        assert spare is not None
        assert type(app.screen) is DashboardScreen  # built, not shown
        assert spare.draft_state == "opening"  # no draft looked for while unseen
        assert not spare._layout_required  # laid out: the opening only draws it
        assert spare.query_one("#in-cancel_reason")  # its hidden fields mounted too
        screen = await open_log(app, pilot)
        assert screen is spare
        assert app.focused is screen.query_one("#pick-input", Input)
        drawn = await steady_shot(app, pilot, screen)

    monkeypatch.setattr(SpareLog, "keep_spare_log", lambda self: None)  # built at the opening
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.warmed)
        assert app._spare_log is None
        screen = await open_log(app, pilot)
        assert await steady_shot(app, pilot, screen) == drawn  # fields, choices, keys, focus


async def test_a_draft_is_offered_when_the_form_built_ahead_is_first_shown(
    kept: Path,  # noqa: F811
) -> None:
    Store.open(kept).drafts.put("tester", "meeting:new", {"in-activity": "Uimahalli"}, None)
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        spare = ready(app)
        await pilot.pause(0.2)
        assert type(app.screen) is DashboardScreen  # nothing offered while it waited unseen
        app.post_message(terminal_key("l", "l"))
        await arrive(pilot, app, DraftDialog)  # offered once it is shown
        await pilot.press("enter")  # continue the draft
        await arrive(pilot, app, MeetingLogScreen)
        assert app.screen is spare
        await until(pilot, lambda: app.screen.query_one("#in-activity", Input).value != "")
        assert app.screen.query_one("#in-activity", Input).value == "Uimahalli"


async def test_a_name_changed_after_the_form_was_built_is_shown(
    kept: Path,  # noqa: F811
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        spare = ready(app)
        other = Store.open(kept)  # another coordinator, after the form was built
        loggable = next(
            r for r in other.records.relationship_facts().values() if r.state in LOGGABLE
        )
        child = other.records.get(Client, loggable.client_id)
        other.records.update("tester", child.model_copy(update={"first_name": "Aapeli"}))
        screen = await open_log(app, pilot)
        assert screen is not spare  # built for data gone by: thrown away
        assert spare is not None and not spare.is_attached
        labels = [c.label for c in screen.query_one(RelationshipPicker).choices]
        assert any(label.startswith(f"Aapeli {child.last_name} – ") for label in labels)


async def test_the_next_form_is_built_when_the_console_rests_after_one_closes(
    kept: Path,  # noqa: F811
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        first = await open_log(app, pilot)
        assert app._spare_log is None  # taken
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        await until(pilot, lambda: ready(app) is not None)
        assert ready(app) is not first
        assert not first.is_attached  # the closed one is gone
        assert await open_log(app, pilot) is not first
