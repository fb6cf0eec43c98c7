"""Shared fixtures: every test gets its own data folder and a synthetic acting user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from data.store import Store
from tests.engines import ENGINES, make_store
from tui import i18n


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the data folder at tmp_path and fix the user and language, whatever the machine."""
    monkeypatch.setenv("TUKI_DATA_DIR", str(tmp_path / "data"))
    # the machine's own config files (e.g. /etc/xdg/tuki/config.toml) never reach a test
    monkeypatch.setenv("TUKI_SITE_CONFIG", str(tmp_path / "no-site-config.toml"))
    monkeypatch.setenv("TUKI_USER_CONFIG", str(tmp_path / "no-user-config.toml"))
    monkeypatch.setenv("TUKI_KEYMAP", str(tmp_path / "no-keys.toml"))
    monkeypatch.setenv("TUKI_USER", "tester")
    monkeypatch.delenv("TUKI_LANG", raising=False)
    yield
    i18n.set_language("fi")


@pytest.fixture(params=ENGINES)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Store[Any]:
    """An empty Store on each engine in turn: documents in memory, then JSON files on disk."""
    return make_store(request.param, tmp_path / "store")
