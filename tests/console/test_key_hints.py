"""Hints name the keys in force: a keymap (keys.toml) that moves a key moves it in every hint
that names it, and no text of the console names a key of a binding literally."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from textual.widgets import Static

from data.models import PalaveriKind, Relationship, State
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri
from tui import keys
from tui.i18n import CATALOGS
from tui.screens.dialogs import IrreversibleDialog
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import AttendeesDialog

#: a key written out in a text (Enter, which submits a field, is no binding of Tuki's)
LITERAL = re.compile(r"ctrl\+|\bEsc\b|\bDelete\b|\bPgDn\b|\bPgUp\b|\(/\)|\bF1\b", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_text_names_a_bound_key_literally(lang: str) -> None:
    written = {
        k: v
        for k, v in CATALOGS[lang].items()
        if isinstance(v, str) and not k.startswith("textual.") and LITERAL.search(v)
    }
    assert written == {}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_key_a_text_names_is_a_binding(lang: str) -> None:
    named = {
        field[len("key[") : -1].rstrip("*")
        for v in CATALOGS[lang].values()
        if isinstance(v, str)
        for _, field, _, _ in string.Formatter().parse(v)
        if field and field.startswith("key[")
    }
    assert len(named) > 10 and named <= set(keys.declared()), named - set(keys.declared())


async def test_a_moved_key_is_named_where_the_runner_tells_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        '[keys]\n"palaveri.attendees" = "f3"\n"palaveri.done" = "f4"\n"attendees.close" = "f5"\n'
    )
    monkeypatch.setenv("TUKI_KEYMAP", str(path))
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    assert app.notices == []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.REVIEW)
        line = str(screen.query_one("#attendees-line", Static).render())
        assert "(f3 muuttaa)" in line and "ctrl+o" not in line and "^o" not in line

        await pilot.press("ctrl+f")  # nothing covered, nobody recorded: both say their key
        await arrive(pilot, app, IrreversibleDialog)
        question = app.screen.question  # type: ignore[attr-defined]
        assert "käsitellyksi (f4)." in question and "kirjattu (f3)." in question
        await pilot.press("n")
        await arrive(pilot, app, PalaveriScreen)

        await pilot.press("f3")
        await arrive(pilot, app, AttendeesDialog)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "f5 valmis" in shown and "^s valmis" not in shown
