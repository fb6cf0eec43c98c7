"""Esc in the palaveri dialogs asks before throwing away what was typed or chosen, as the
forms do; with nothing typed it closes at once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from data.models import PalaveriKind, Relationship, State
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.screens.dialogs import DiscardDialog
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import AttendeesDialog, StartPalaveriDialog
from tui.screens.relationship import RelationshipScreen


def _relationship(store: Store, state: State) -> Relationship:
    return next(r for r in store.records.list(Relationship) if r.state is state)


async def test_esc_in_the_start_dialog_asks_when_the_day_was_typed(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _relationship(store, State.PROPOSED)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", rel.id)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("a")
        await arrive(pilot, app, StartPalaveriDialog)
        await pilot.press("escape")  # nothing changed: closes at once
        await arrive(pilot, app, RelationshipScreen)

        await pilot.press("a")
        await arrive(pilot, app, StartPalaveriDialog)
        day = app.screen.query_one("#in-on", Input)
        day.value = "1.12.2026"
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
        await pilot.press("e")  # 'ei': back to the dialog, the day kept
        await arrive(pilot, app, StartPalaveriDialog)
        assert app.screen.query_one("#in-on", Input).value == "1.12.2026"
        await pilot.press("escape", "k")  # 'kyllä': thrown away, nothing started
        await arrive(pilot, app, RelationshipScreen)
    assert Store.open(store.folder).palaverit.drafts(rel.id) == []


async def test_esc_in_the_attendee_dialog_asks_when_someone_was_added(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _relationship(store, State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.REVIEW)
        before = list(screen.palaveri.attendees)
        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        await pilot.press("escape")  # nothing added: closes at once
        await arrive(pilot, app, PalaveriScreen)

        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        await pilot.press("1")  # the first known person
        await until(pilot, lambda: len(dialog.attendees) == len(before) + 1)
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
        await pilot.press("e")  # keep: the added person is still listed
        await arrive(pilot, app, AttendeesDialog)
        assert len(dialog.attendees) == len(before) + 1

        dialog.attendees = list(before)  # only a name typed, not yet added
        dialog.query_one("#in-name", Input).value = "Maija"
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
        await pilot.press("k")  # thrown away: nobody new is recorded
        await arrive(pilot, app, PalaveriScreen)
        assert screen.palaveri.attendees == before
        pid = screen.palaveri.id
        assert pid is not None
    assert Store.open(store.folder).palaverit.get(rel.id, pid).attendees == before
