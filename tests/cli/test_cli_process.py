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
