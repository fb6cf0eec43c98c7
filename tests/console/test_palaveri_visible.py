"""Every field of every palaveri item can be seen at 80×24 when Tab reaches it.

A rule for the runner's body (``PalaveriScreen Horizontal { height: 1fr }``) also matched the
``SelectCurrent`` inside every dropdown (a ``Horizontal``): each dropdown grew to the height of
the screen, the fields after it were pushed out of sight, and its list opened at the bottom.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from data.models import PalaveriKind, Relationship, Role, State
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.screens.palaveri_dialogs import AttendeesDialog

FIELDS = "Input, Select, SelectionList, TextArea"


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        (PalaveriKind.START, State.PROPOSED),
        (PalaveriKind.REVIEW, State.ACTIVE),
        (PalaveriKind.ENDING, State.ACTIVE),
    ],
)
async def test_fields_after_a_dropdown_are_visible(
    tmp_path: Path, kind: PalaveriKind, state: State
) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is state)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id or 0, kind)
        body = screen.query_one("#item", VerticalScroll)
        after_a_dropdown = 0
        for index in range(len(screen.items)):
            screen.show_item(index)
            await pilot.pause()
            fields: list[Widget] = list(screen.query_one(f"#panel-{index}").query(FIELDS))
            seen_dropdown = False
            for field in fields:
                if isinstance(field, Select):
                    seen_dropdown = True
                    assert field.outer_size.height <= 3, f"{field.id}: {field.outer_size}"
                elif seen_dropdown:
                    after_a_dropdown += 1
                field.focus()
                await until(pilot, lambda f=field: f.has_focus)  # type: ignore[misc]
                region = field.region
                where = f"{kind.value} item {index} {field.id}: {region} in {body.region}"
                assert region.height > 0 and region.width > 0, where
                assert body.region.contains_region(region), where
        assert after_a_dropdown > 0  # the case this test is about was met


async def test_dropdowns_open_beside_their_field_and_inside_the_dialog(tmp_path: Path) -> None:
    """A dropdown's list opens under its field (not at the bottom over the footer), and the
    attendee dialog's role list stays inside the dialog."""
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id or 0)
        index = next(i for i, item in enumerate(screen.items) if "arranged_via" in item.decides)
        screen.show_item(index)
        select = screen.query_one("#in-arranged_via", Select)
        select.focus()
        await until(pilot, lambda: select.has_focus)
        await pilot.press("space")  # (Enter moves on in a form, as in every field)
        overlay = select.query_one(SelectOverlay)
        await until(pilot, lambda: overlay.display and overlay.region.height > 0)
        assert overlay.region.y == select.region.bottom, (overlay.region, select.region)
        await pilot.press("escape")
        await until(pilot, lambda: not select.expanded)

        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        role = app.screen.query_one("#in-role", Select)
        role.focus()
        await pilot.press("enter")
        overlay = role.query_one(SelectOverlay)
        await until(pilot, lambda: overlay.display and overlay.region.height > 0)
        dialog = app.screen.query_one(".palaveri--dialog").region
        assert dialog.contains_region(overlay.region), (overlay.region, dialog)
        assert overlay.region.height >= len(Role)  # every role in sight


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no_color"])
def test_snapshot_of_an_item_with_dropdowns(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """The start meeting's item on arranging meetings at 80×24: the dropdown, then contact
    keeping and the note below it (under NO_COLOR too: default colours, underlined fields)."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    app = make_app(store)

    async def open_item(pilot: Any) -> None:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id or 0)
        index = next(i for i, item in enumerate(screen.items) if "arranged_via" in item.decides)
        screen.show_item(index)
        select = screen.query_one("#in-arranged_via", Select)
        select.focus()
        await until(pilot, lambda: select.has_focus)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_item)
