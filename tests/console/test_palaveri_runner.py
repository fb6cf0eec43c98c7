"""The palaveri runner keeps every word: a covered mark is saved at once, the cursor is always in
a field, letters never reach the app's keys, the minutes key is not a text field's key,
finishing says what seems missing, and the attendee dialog offers the people the relationship
knows."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList, Select, TextArea

from data.models import (
    Client,
    EndReason,
    Guardian,
    PalaveriKind,
    Relationship,
    Role,
    State,
    Volunteer,
)
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.i18n import t
from tui.screens.dialogs import IrreversibleDialog
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import AttendeesDialog
from tui.screens.relationship import RelationshipScreen


def _relationship(store: Store, state: State) -> Relationship:
    return next(r for r in store.records.list(Relationship) if r.state is state)


def _in_panel(screen: PalaveriScreen, index: int) -> bool:
    focused = screen.focused
    return focused is not None and focused in screen.query_one(f"#panel-{index}").query("*")


async def test_covered_is_saved_at_once_and_counted(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _relationship(store, State.PROPOSED)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.START)
        first = screen.items[0].key
        assert screen.palaveri.id is not None
        await pilot.press("ctrl+g")  # nothing else changes after it
        await until(pilot, lambda: screen.current == 1)
        stored = Store.open(store.folder).palaverit.get(rel.id, screen.palaveri.id)
        assert stored.done == [first]
        heading = str(screen.query_one("#heading").render())
        assert f"1/{len(screen.items)}" in heading, heading
        agenda = screen.query_one("#agenda", OptionList)
        assert str(agenda.get_option_at_index(0).prompt).startswith("✓")
        pid = screen.palaveri.id
    assert Store.open(store.folder).palaverit.get(rel.id, pid).done == [first]


async def test_the_cursor_lands_in_the_item_and_letters_never_reach_the_app(
    tmp_path: Path,
) -> None:
    """After ctrl+g, PgDn and the attendee dialog the cursor is in the item's first field;
    a character typed on a dropdown or the agenda goes to the note, never to ``l``."""
    store = demo_store(tmp_path / "d")
    rel = _relationship(store, State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.ENDING)
        await until(pilot, lambda: _in_panel(screen, 0))
        assert isinstance(screen.focused, Select)  # why it ends: a dropdown first
        await pilot.press(*"Käytiin läpi")  # typed on the dropdown: kept in the note
        assert type(app.screen) is PalaveriScreen  # the meeting log (l) did not open
        note0 = screen.query_one(f"#note-{screen.items[0].key}", TextArea)
        assert note0.text == "Käytiin läpi"

        await pilot.press("ctrl+g")  # covered: on to the next item, cursor in its field
        await until(pilot, lambda: _in_panel(screen, 1))
        await pilot.press(*"lahja")
        await pilot.press("pagedown")
        await until(pilot, lambda: _in_panel(screen, 2))
        await pilot.press(*"muistot")

        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        await pilot.press("escape")
        await arrive(pilot, app, PalaveriScreen)
        await until(pilot, lambda: _in_panel(screen, 2))
        await pilot.press(*" ja kuvat")
        screen.query_one("#agenda", OptionList).focus()  # on the agenda list too
        await pilot.press(*"!")
        assert type(app.screen) is PalaveriScreen
        await pilot.press("escape")  # save and leave
        await arrive(pilot, app, RelationshipScreen)
        assert not any(isinstance(s, MeetingLogScreen) for s in app.screen_stack)
    [draft] = Store.open(store.folder).palaverit.drafts(rel.id)
    items = [item.key for item in screen.items]
    assert draft.notes[items[0]] == "Käytiin läpi"
    assert draft.done == [items[0]]
    gave = draft.decisions.gave.get("child", "")  # item 2's first field: what it gave the child
    assert "lahja" in gave or "lahja" in draft.notes.get(items[1], "")
    assert draft.notes[items[2]] == "muistot ja kuvat!"


async def test_a_burst_typed_on_a_dropdown_reaches_the_note_whole(tmp_path: Path) -> None:
    """Keys that arrive in one burst (as over SSH) while a dropdown has the focus are all
    queued before the focus moves to the note: the space among them must not open the
    dropdown and be lost."""
    store = demo_store(tmp_path / "d")
    rel = _relationship(store, State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.ENDING)
        select = screen.query_one("#in-end_reason", Select)
        await until(pilot, lambda: select.has_focus)
        for char in "Perhe muuttaa":  # no pause between them
            key = "space" if char == " " else char
            app.post_message(events.Key(key, char))
        note = screen.query_one(f"#note-{screen.items[0].key}", TextArea)
        await until(pilot, lambda: note.text == "Perhe muuttaa")
        assert note.text == "Perhe muuttaa" and not select.expanded
        select.focus()  # moved there on purpose: space opens it again
        await until(pilot, lambda: select.has_focus)
        await pilot.press("space")
        await until(pilot, lambda: select.expanded)
        assert select.expanded


async def test_finishing_warns_and_the_minutes_key_leaves_the_note_alone(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    rel = _relationship(store, State.ACTIVE)
    assert rel.id is not None
    volunteer = store.records.get(Volunteer, rel.volunteer_id)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.ENDING)
        note = screen.query_one(f"#note-{screen.items[0].key}", TextArea)
        note.focus()
        await pilot.press(*"Sovittiin asiat")
        await pilot.press("ctrl+t")  # not ctrl+w, which deletes the word before the cursor
        await pilot.pause()
        assert note.text == "Sovittiin asiat"
        screen.query_one("#in-end_reason", Select).value = EndReason.GOALS_MET

        await pilot.press("ctrl+f")  # nothing covered, nobody recorded
        await arrive(pilot, app, IrreversibleDialog)
        question = app.screen.question  # type: ignore[attr-defined]
        assert t("palaveri.warn.nothing_covered") in question
        assert t("palaveri.warn.nobody_recorded") in question
        await pilot.press("enter")  # a finished palaveri cannot be changed: Enter says no
        await arrive(pilot, app, PalaveriScreen)
        assert not screen.palaveri.finished

        await pilot.press("ctrl+o")  # only the volunteer is there
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        pick = next(n for n, a in enumerate(dialog.known, 1) if a.role is Role.VOLUNTEER)
        await pilot.press(str(pick), "ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
        await pilot.press("ctrl+f")
        await arrive(pilot, app, IrreversibleDialog)
        question = app.screen.question  # type: ignore[attr-defined]
        assert t("palaveri.warn.family_missing") in question
        assert t("palaveri.warn.nobody_recorded") not in question
        await pilot.press("y")
        await arrive(pilot, app, PalaveriScreen)
        await until(pilot, lambda: screen.palaveri.finished)

        note.focus()  # read-only now, and the minutes key works from inside it
        await until(pilot, lambda: note.has_focus)
        await pilot.press("end", "ctrl+t")
        await until(pilot, lambda: (store.folder / "minutes").exists())
        assert note.text == "Sovittiin asiat"
        await pilot.press(*"lisää")  # typed into the read-only note: no key, no text
        assert app.screen is screen and note.text == "Sovittiin asiat"
        assert not any(isinstance(s, MeetingLogScreen) for s in app.screen_stack)
        assert screen.palaveri.id is not None
        pid = screen.palaveri.id
    fresh = Store.open(store.folder)
    done = fresh.palaverit.get(rel.id, pid)
    assert done.finished and done.notes[screen.items[0].key] == "Sovittiin asiat"
    assert [(a.role, a.name) for a in done.attendees] == [(Role.VOLUNTEER, volunteer.name)]
    assert sorted(p.suffix for p in (store.folder / "minutes").iterdir()) == [".md", ".pdf"]


async def test_the_attendee_dialog_offers_the_known_people(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(
        r
        for r in store.records.list(Relationship)
        if r.state is State.PROPOSED
        and store.records.get(Client, r.client_id).guardian_ids
        and store.records.get(Client, r.client_id).social_worker_id is not None
    )
    assert rel.id is not None
    client = store.records.get(Client, rel.client_id)
    guardian = store.records.get(Guardian, client.guardian_ids[0])
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.START)
        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        roles = [a.role for a in dialog.known]
        assert roles[0] is Role.CHILD and dialog.known[0].name == client.name
        assert Role.GUARDIAN in roles and Role.VOLUNTEER in roles
        assert roles[-1] is Role.OWN_SOCIAL_WORKER
        assert client.name in str(dialog.query_one("#known").render())
        name = dialog.query_one("#in-name", Input)
        people = dialog.query_one("#people", OptionList)
        assert name.has_focus  # a name typed at once is not swallowed

        await pilot.press("enter")  # an empty name is refused, with what to fill
        assert dialog.attendees == []
        assert any(t("palaveri.name_needed") in n.message for n in app._notifications)

        await pilot.press(*"Pekka Ojala", "enter")  # someone else, by name
        await until(pilot, lambda: people.has_focus)
        await pilot.press("1")  # the child, with one key from the list
        await pilot.press(*"Tiina", "enter")  # typed on the list: goes to the name
        assert [a.name for a in dialog.attendees] == ["Pekka Ojala", client.name, "Tiina"]
        await until(pilot, lambda: people.has_focus and people.highlighted == 2)
        await pilot.press("delete")  # removes the highlighted one, no Down needed
        assert [a.name for a in dialog.attendees] == ["Pekka Ojala", client.name]

        people.highlighted = 0
        await pilot.press("enter")  # change Pekka's role
        await until(pilot, lambda: name.has_focus and name.value == "Pekka Ojala")
        dialog.query_one("#in-role", Select).value = Role.COORDINATOR
        await pilot.press("enter")
        pick = 1 + next(i for i, a in enumerate(dialog.known) if a.name == guardian.name)
        await pilot.press(str(pick))
        await pilot.press("ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
        assert screen.palaveri.id is not None
        pid = screen.palaveri.id
    stored = Store.open(store.folder).palaverit.get(rel.id, pid)
    assert [(a.role, a.name) for a in stored.attendees] == [
        (Role.COORDINATOR, "Pekka Ojala"),
        (Role.CHILD, client.name),
        (Role.GUARDIAN, guardian.name),
    ]


async def test_enter_after_a_known_persons_digit_changes_no_name(tmp_path: Path) -> None:
    """A digit adds a known person; an Enter typed after it (out of habit, or in a burst over a
    slow link) confirms it and does not open that person for editing, so the next digit adds
    the next person instead of landing at the end of the first one's name."""
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if len(r.volunteer_ids) == 2)
    assert rel.id is not None
    client = store.records.get(Client, rel.client_id)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_palaveri(pilot, app, rel.id, PalaveriKind.REVIEW)
        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        await pilot.press("1", "enter", "2", "enter", "3", "enter")
        await until(pilot, lambda: len(dialog.attendees) == 3)
        assert dialog.query_one("#in-name", Input).value == ""
        people = dialog.query_one("#people", OptionList)
        people.highlighted = 0
        await pilot.press("down", "enter")  # moved to on purpose: Enter edits, as before
        await until(pilot, lambda: dialog.query_one("#in-name", Input).value != "")
        assert dialog.editing == 1
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
    volunteers = [store.records.get(Volunteer, v).name for v in rel.volunteer_ids]
    assert [(a.role, a.name) for a in dialog.attendees] == [
        (Role.PARENT, client.name),
        *((Role.VOLUNTEER, name) for name in volunteers),
    ]
