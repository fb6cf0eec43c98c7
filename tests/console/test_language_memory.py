"""The language chosen in the console's palette is the language of the next start."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.cli import console_language
from tui.language_memory import memory_file
from tui.screens.dashboard import DashboardScreen


async def test_the_chosen_language_is_remembered_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    no_option = argparse.Namespace(lang=None)
    folder_setting = store.records.settings().language
    assert folder_setting != "sv"
    assert console_language(no_option, store) == folder_setting  # never chosen: the folder's
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_language("sv")
        await until(pilot, lambda: app.switch_language == "sv")
    assert memory_file().parent == tmp_path  # beside the (test's) user config file
    assert console_language(no_option, Store.open(store.folder)) == "sv"
    # --lang and TUKI_LANG still win (they set the language before the console opens)
    assert console_language(argparse.Namespace(lang="en"), store) is None
    monkeypatch.setenv("TUKI_LANG", "en")
    assert console_language(no_option, store) is None
    # a damaged memory is ignored
    monkeypatch.delenv("TUKI_LANG")
    memory_file().write_text("klingon\n")
    assert console_language(no_option, store) == folder_setting
