"""Binding ids, the user's keys.toml, the clash check and the README's list of keys."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from textual.dom import DOMNode

import tui
from data.models import Client
from data.store import Store
from tests.console_helpers import SIZE, arrive, make_app, until
from tui import keys
from tui.screens.client_form import ClientForm
from tui.screens.clients import ClientsScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.relationship import RelationshipScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_binding_has_an_id_of_its_area_and_action_once() -> None:
    found = list(keys.bindings())
    assert len(found) >= 100
    ids = [binding.id or "" for _, binding in found]
    assert [i for i in ids if not re.fullmatch(r"[a-z_]+\.[a-z_]+", i)] == []
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []  # one id, one thing
    # every class of tui/ that declares bindings is among the owners the check goes through
    declaring = set()
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        for value in vars(importlib.import_module(info.name)).values():
            if (
                isinstance(value, type)
                and value.__module__ == info.name
                and "BINDINGS" in vars(value)
            ):
                declaring.add(value)
    assert declaring <= set(keys.owners())


def test_a_binding_is_found_as_declared() -> None:
    """``binding_of`` looks in the modules already imported first: what it finds is what
    ``declared`` (every module imported) has, and an unknown id is None."""
    assert all(keys.binding_of(i) is b for i, b in keys.declared().items())
    assert keys.binding_of("clients.no_such_key") is None


def test_naming_a_key_of_an_imported_screen_imports_no_other_screen() -> None:
    """The first visit to a list words its search hint with its key: that imported every
    screen of the console (0.8 s at national scale) before ``binding_of``."""
    import subprocess
    import sys

    code = (
        "import sys; import tui.screens.volunteers; from tui import keys; "
        "from tui.i18n import t; hint = t('volunteers.search'); "
        "print(keys.binding_of('volunteers.search').key, sorted(m for m in sys.modules "
        "if m.startswith('tui.screens.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    key, imported = done.stdout.split(" ", 1)
    assert key == "slash"
    assert "tui.screens.payments" not in imported and "tui.screens.client_form" not in imported


@pytest.mark.parametrize("owner", keys.owners(), ids=lambda o: o.__name__)
def test_no_two_actions_share_a_key_by_default(owner: type[DOMNode]) -> None:
    assert keys.clashes({}, owner) == []


def test_the_clash_check_names_both_ids() -> None:
    assert keys.clashes({"clients.new": "f"}, ClientsScreen) == [
        ("f", ["clients.filter", "clients.new"])
    ]
    # a screen key moved onto an app key hides it: a clash; by default it is meant
    assert keys.clashes({"clients.new": "l"}, ClientsScreen) == [("l", ["app.log", "clients.new"])]
    assert keys.clashes({}, RelationshipScreen) == []
    # a modal screen hides the app's keys except the priority ones (ctrl+q)
    assert keys.clashes({"confirm.yes": "l"}, ConfirmDialog) == []
    assert keys.clashes({"confirm.yes": "ctrl+q"}, ConfirmDialog) == [
        ("ctrl+q", ["app.quit", "confirm.yes"])
    ]


def test_key_names() -> None:
    for key in ("n", "ctrl+n", "f2", "?", "question_mark", "pageup", "ctrl+shift+x", "slash"):
        assert keys.is_key(keys._normalize_key_list(key)), key
    for key in ("foo", "ctrl+", "bogus+a", "", "ctrl+foo"):
        assert not keys.is_key(key), key


def test_a_bad_file_is_left_out_and_named(tmp_path: Path) -> None:
    known = {"clients.new", "app.help"}
    path = tmp_path / "keys.toml"
    assert keys.load_keymap(path, known) == ({}, [])  # no file: nothing to say
    path.write_text("[keys\n")
    keymap, left_out = keys.load_keymap(path, known)
    assert keymap == {} and len(left_out) == 1 and "TOML" in left_out[0]
    assert keys.load_keymap(tmp_path, known)[1][0].startswith("koko tiedosto")  # a folder
    path.write_text('[keys]\n"clients.new" = "ctrl+n"\n"no.such" = "x"\n"app.help" = "foo"\n')
    keymap, left_out = keys.load_keymap(path, known)
    assert keymap == {"clients.new": "ctrl+n"}
    assert left_out == ["tuntematon tunnus no.such", "app.help = foo (tuntematon näppäin)"]


def test_the_app_says_what_it_left_out_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"clients.new" = "f"\n"clients.search" = "ctrl+n"\n"x.y" = "z"\n')
    monkeypatch.setenv("TUKI_KEYMAP", str(path))
    app = make_app(Store.open(tmp_path / "d"), language="en")
    assert app.notices == [
        f"Left out of the keymap file {path}: unknown id x.y; "
        "clients.filter, clients.new (one key f for two actions)"
    ]
    assert app._keymap == {"clients.search": "ctrl+n"}  # the rest is applied


async def test_a_keymap_file_changes_a_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"clients.new" = "ctrl+n"\n')
    monkeypatch.setenv("TUKI_KEYMAP", str(path))
    store = Store.open(tmp_path / "d")
    app = make_app(store)
    assert app.notices == []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("n")  # the old key no longer makes a new client
        await pilot.pause()
        assert isinstance(app.screen, ClientsScreen)
        await pilot.press("ctrl+n")
        await arrive(pilot, app, ClientForm)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen))
    assert store.records.list(Client) == []


async def test_the_palette_names_the_keys_as_they_are_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"app.log" = "ctrl+l"\n')
    monkeypatch.setenv("TUKI_KEYMAP", str(path))
    app = make_app(Store.open(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
    assert "Kirjaa tapaaminen (^l)" in titles, titles
    assert "Kirjaa huoli (c)" in titles and "Näppäinohje (? / f1)" in titles, titles


def test_the_readme_lists_every_id_with_its_default_key() -> None:
    assert keys.markdown_table() in README.read_text(encoding="utf-8"), "run python -m tui.keys"
