"""The runner's keys and the text fields' keys: in a note, ctrl+d deletes the character after
the cursor (as in every text field) and ctrl+g marks the item covered; off a text field ctrl+d
still marks it; PgDn moves on from inside a note."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, TextArea

from data.models import PalaveriKind, Relationship, State
from data.store import Store
from tests.console_helpers import SIZE, demo_store, make_app, open_palaveri, until


async def test_ctrl_d_in_a_note_deletes_and_ctrl_g_marks_covered(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.REVIEW)
        keys = [item.key for item in screen.items]
        note = screen.query_one(f"#note-{keys[0]}", TextArea)
        note.focus()
        await until(pilot, lambda: note.has_focus)
        await pilot.press(*"abc", "left", "ctrl+d")  # the character after the cursor goes
        await until(pilot, lambda: note.text == "ab")
        assert note.text == "ab" and screen.current == 0 and screen.palaveri.done == []

        await pilot.press("ctrl+g")  # covered, saved, on to the next item
        await until(pilot, lambda: screen.current == 1)
        assert screen.palaveri.done == [keys[0]]

        agenda = screen.query_one("#agenda", OptionList)
        agenda.focus()
        await until(pilot, lambda: agenda.has_focus)
        await pilot.press("ctrl+d")  # off a text field the earlier key still marks it
        await until(pilot, lambda: keys[1] in screen.palaveri.done)

        current = screen.current
        note = screen.query_one(f"#note-{keys[current]}", TextArea)
        note.focus()
        await until(pilot, lambda: note.has_focus)
        await pilot.press("pagedown")  # from inside a note, too
        await until(pilot, lambda: screen.current == current + 1)
        pid = screen.palaveri.id
        assert pid is not None
    stored = Store.open(store.folder).palaverit.get(rel.id, pid)
    assert stored.done == keys[:2] and stored.notes[keys[0]] == "ab"
