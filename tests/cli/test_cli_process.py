"""The ``tuki`` process (``tui.cli.run``: a short command runs without the cyclic collector)
does what ``main`` does in this process: the same alerts, the same saved meeting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data.models import MeetingStatus
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tui.cli import main


def process(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUKI_DATA_DIR": str(folder), "TUKI_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv], capture_output=True, text=True, env=env
    )


def test_short_commands_as_a_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    rel = f.active(store)
    f.client(store, registered_on=ago(400))  # waiting: an alert
    done = process(folder, "log", "--relationship", str(rel.id), "--date", ago(2).isoformat(),
                   "--cancelled", "child_ill")  # fmt: skip
    assert done.returncode == 0, done.stderr
    [meeting] = Store.open(folder).meetings.of(rel.id or 0)
    assert meeting.status is MeetingStatus.CANCELLED and meeting.on == ago(2)

    done = process(folder, "alerts")
    assert done.returncode == 0, done.stderr
    assert main(["--data-dir", str(folder), "--lang", "en", "alerts"]) == 0
    shown = capsys.readouterr().out
    assert "Waiting for a support person" in shown
    assert done.stdout == shown


def test_a_short_command_that_ends_early_says_why_with_its_code(tmp_path: Path) -> None:
    """A short command ends without the interpreter's teardown (``tui/cli_process.py``): its
    exit code, its message and what it printed are those of Python's own exit."""
    folder = tmp_path / "data"
    rel = f.active(Store.open(folder))
    refused = process(folder, "log", "--relationship", str((rel.id or 0) + 1), "--date",
                      ago(2).isoformat(), "--cancelled", "child_ill")  # fmt: skip
    assert refused.returncode == 1 and "Error:" in refused.stderr, refused.stderr
    assert refused.stdout == ""
    done = process(folder, "log", "--relationship", str(rel.id), "--date", ago(2).isoformat(),
                   "--cancelled", "child_ill")  # fmt: skip
    assert done.returncode == 0, done.stderr
    [meeting] = Store.open(folder).meetings.of(rel.id or 0)
    assert done.stdout.strip().startswith(f"Meeting {meeting.ref}"), done.stdout
    assert process(folder, "log", "--date", "x").returncode == 2  # argparse's, as ever


def test_pydantic_plugins_are_off_unless_the_environment_names_them(tmp_path: Path) -> None:
    """The ``tuki`` process loads no pydantic plugin: pydantic's own switch is set (a value
    the environment gives wins) and its loader module is one that finds none, so that the
    installed packages' entry points are not read (``importlib.metadata`` is not imported)."""
    code = (
        "import os, sys\n"
        "from tui import cli_process\n"
        "cli_process.no_plugins()\n"
        "from data.models import Report\n"
        "Report()\n"  # its validator built: pydantic asks for the plugins
        "from pydantic.plugin._loader import get_plugins\n"
        "print(os.environ['PYDANTIC_DISABLE_PLUGINS'], 'importlib.metadata' in sys.modules,"
        " list(get_plugins()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    off = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert off.stdout.split() == ["__all__", "False", "[]"], off.stderr
    env["PYDANTIC_DISABLE_PLUGINS"] = "some_plugin"  # only that one off: pydantic looks
    named = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert named.stdout.split() == ["some_plugin", "True", "[]"], named.stderr
