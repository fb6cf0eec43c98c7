"""The meeting log's form built while nobody types (tui/spare_log.py): ``l`` shows it as a form
built at the opening shows, its draft is offered when it is first shown, a change after it was
built is shown, and the next one is built once it closes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from data.models import Client
from data.store import Store
from tests.console.test_start_frame import console, kept, terminal_key  # noqa: F401 (a fixture)
from tests.console_helpers import arrive, until
from tui.app import TukiApp
from tui.i18n import t
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import DiscardDialog
from tui.screens.draft_dialog import DraftDialog
from tui.screens.meeting_log import LOGGABLE, MeetingLogScreen
from tui.screens.relationship_picker import RelationshipPicker
from tui.spare_log import SpareLog
from tui.widgets.typed import snapshot


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


async def test_a_form_closed_by_a_save_is_the_next_one_as_a_new_meetings(
    kept: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A meeting saved changes the data but not the relationships to pick from: the form is
    kept, as a new meeting's; one built for other relationships is not."""
    before = len(Store.open(kept).meetings.of(14))
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        monkeypatch.setattr(SpareLog, "keep_spare_log", lambda self: None)  # none built now
        first = await open_log(app, pilot)
        opened = snapshot(first)
        pick(first, "r14")
        await pilot.press("enter", "ctrl+s")
        await arrive(pilot, app, DashboardScreen)
        await until(pilot, lambda: app._spare_log is not None)
        again = await open_log(app, pilot)
        assert again is first and snapshot(again) == opened
        assert again.query_one(RelationshipPicker).value is None and not again.query("#goals *")
        other = Store.open(kept)  # another coordinator renames a child, while the form is open
        loggable = next(
            r for r in other.records.relationship_facts().values() if r.state in LOGGABLE
        )
        child = other.records.get(Client, loggable.client_id)
        other.records.update("tester", child.model_copy(update={"first_name": "Aapeli"}))
        pick(again, "r14")
        await pilot.press("enter", "ctrl+s")
        await arrive(pilot, app, DashboardScreen)
        assert app._spare_log is None and not first.is_attached  # built for names gone by
    assert len(Store.open(kept).meetings.of(14)) == before + 2  # both saved


def pick(screen: MeetingLogScreen, key: str) -> str:
    """The relationship's name typed in the picker (Enter then picks it)."""
    label = screen.query_one(RelationshipPicker).by_key[key].label
    screen.query_one("#pick-input", Input).value = label
    return label


async def test_a_form_closed_unchanged_is_the_next_one_ready_at_once(
    kept: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        monkeypatch.setattr(SpareLog, "keep_spare_log", lambda self: None)  # none built now
        first = await open_log(app, pilot)
        drawn = await steady_shot(app, pilot, first)
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        await until(pilot, lambda: app._spare_log is not None)
        assert ready(app) is first  # kept, before the console rests
        assert await open_log(app, pilot) is first
        assert await steady_shot(app, pilot, first) == drawn


async def test_a_form_whose_typing_was_thrown_away_opens_again_as_a_new_meetings(
    kept: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drafts = Store.open(kept).drafts  # (the user's drafts folder made: as after a first draft)
    drafts.put("tester", "client:new", {}, None)
    drafts.drop("tester", "client:new")
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        monkeypatch.setattr(SpareLog, "keep_spare_log", lambda self: None)  # none built now
        screen = await open_log(app, pilot)
        drawn = await steady_shot(app, pilot, screen)
        opened = snapshot(screen)
        pick(screen, "r14")  # a support family's: a weekend's last day, three goals, hobbies
        await pilot.press("enter")
        await until(pilot, lambda: bool(screen.query("#in-until, #goals TextArea")))
        screen.query_one("#in-activity", Input).focus()
        await pilot.press(*"uinti")
        screen.query_one("#in-how_it_went", TextArea).focus()
        await pilot.press(*"hyvin")
        screen.query_one("#in-wellbeing", TextArea).focus()
        await pilot.press("x", "backspace")  # empty again, the x in its undo
        screen.query_one("#in-start", Input).value = "25.99"
        await pilot.press("ctrl+s")  # refused: the time shown as wrong beside it
        await until(pilot, lambda: bool(screen.query(".-invalid")))
        await pilot.press("ctrl+l")  # cancelled: its reason asked
        await until(pilot, lambda: screen._draft_kept is not None)  # a draft kept
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
        await pilot.press(t("app.discard.yes_key"))
        await arrive(pilot, app, DashboardScreen)
        await until(pilot, lambda: app._spare_log is not None)
        assert Store.open(kept).drafts.get("tester", "meeting:new") is None  # thrown away
        app.clear_notifications()
        again = await open_log(app, pilot)
        assert again is screen  # the same form, as a new meeting's
        assert snapshot(again) == opened
        assert again.query_one(RelationshipPicker).value is None
        assert not again.query("#goals *, #field-until, .-invalid")
        assert again.goal_ids == [] and not again.weekend
        assert app.focused is again.query_one("#pick-input", Input)
        assert await steady_shot(app, pilot, again) == drawn  # labels, hidden fields, keys
        for area in again.query(".report-text").results(TextArea):
            area.focus()
            await pilot.press("ctrl+z")  # what was typed before is not in its undo either
            assert area.text == ""
        # and it logs a meeting as a new form does
        again.query_one("#pick-input", Input).focus()
        pick(again, "r14")
        await pilot.press("enter", "ctrl+s")
        await arrive(pilot, app, DashboardScreen)
    saved = max(Store.open(kept).meetings.of(14), key=lambda m: m.id or 0)
    assert saved.held and saved.activity == "" and saved.report.how_it_went == ""


async def test_a_kept_form_is_not_shown_after_the_data_changed_nor_for_a_relationship(
    kept: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        monkeypatch.setattr(SpareLog, "keep_spare_log", lambda self: None)
        first = await open_log(app, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app._spare_log is not None)
        app.action_log_meeting(14)  # a relationship's own l: a form of its own
        await arrive(pilot, app, MeetingLogScreen)
        own = app.screen
        assert own is not first and own.query_one(RelationshipPicker).value.relationship_id == 14
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        assert ready(app) is first and not own.is_attached
        other = Store.open(kept)  # another coordinator changes something
        client = other.records.get(Client, 1)
        other.records.update("tester", client.model_copy(update={"first_name": "Aapeli"}))
        again = await open_log(app, pilot)
        assert again is not first and not first.is_attached


async def test_a_form_that_cannot_be_made_new_is_removed_and_the_console_goes_on(
    kept: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUKI_LOG_DIR", str(tmp_path / "log"))

    async def broken(screen: MeetingLogScreen) -> bool:
        raise RuntimeError("a state the reset did not foresee")

    monkeypatch.setattr("tui.screens.meeting_reuse.reset", broken)
    app = console(kept)
    app.report_unexpected = True  # as in a real terminal
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: ready(app) is not None)
        monkeypatch.setattr(SpareLog, "keep_spare_log", lambda self: None)
        first = await open_log(app, pilot)
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        await until(pilot, lambda: not first.is_attached)
        assert app.return_code is None and app._spare_log is None  # removed, as before
        assert await open_log(app, pilot) is not first  # built at the key
    assert [p.name for p in (tmp_path / "log").iterdir()]  # the error's report left
