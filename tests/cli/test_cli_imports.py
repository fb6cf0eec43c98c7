"""What a short command loads: `tuki log` and `tuki alerts` import the modules of their own
verb, not the console's libraries nor those of the documents, numbers and other commands (each
import is time the user waits for at every command)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from data.dates import now_helsinki
from data.models import Concern
from data.store import Store
from tests import factories as f
from tests.factories import ago

#: never imported by `tuki log` or `tuki alerts`
HEAVY = ("textual", "rich", "questionary", "babel", "fpdf", "numpy", "scipy")
#: the command-line modules of other commands
OTHER_VERBS = ("tui.cli_reports", "tui.cli_settings", "tui.cli_documents", "tui.cli_payments")

RUN = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
    "from tui.cli import run\n"
    "sys.exit(run())\n"
)


def loaded(folder: Path, *argv: str) -> set[str]:
    """The modules the ``tuki`` process (``tui.cli.run``) had imported when it ended."""
    env = {**os.environ, "TUKI_DATA_DIR": str(folder), "TUKI_LANG": "en", "TUKI_USER": "tester"}
    done = subprocess.run(
        [sys.executable, "-c", RUN, *argv], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_log_and_alerts_load_only_what_they_use(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    rel = f.active(store)
    f.client(store, registered_on=ago(400))  # waiting: an alert
    noticed = now_helsinki() - timedelta(hours=30)
    store.concerns.add(f.USER, Concern(client_id=rel.client_id, noticed_at=noticed, what="x"))
    log = loaded(folder, "log", "--relationship", str(rel.id), "--date", ago(1).isoformat(),
                 "--cancelled", "child_ill")  # fmt: skip
    alerts = loaded(folder, "alerts")
    assert len(Store.open(folder).meetings.of(rel.id or 0)) == 1
    for modules in (log, alerts):
        assert [m for m in modules if m.split(".")[0] in HEAVY] == []
        assert [m for m in modules if m in OTHER_VERBS] == []
    assert "tui.listing" not in log  # the lists' printing
    assert "data.store.alerts" not in log  # the Store's parts a command uses, when it uses them
    assert "filelock" not in log  # the folder's lock is taken with flock (storage.lock)
    assert "importlib.metadata" not in log  # no pydantic plugins looked for (cli_process)
    for modules in (log, alerts):  # the folder is named ($TUKI_DATA_DIR): no config file read
        assert [m for m in modules if m.split(".")[0] in ("tomllib", "platformdirs")] == []
    assert "tui.alert_lines" in alerts and "tui.alert_lines" not in log


def test_the_alerts_show_a_moment_without_babel(tmp_path: Path) -> None:
    """An unreported concern's alert says since when, to the minute (the time of day is
    written by ``i18n.clock`` itself)."""
    folder = tmp_path / "data"
    store = Store.open(folder)
    client = f.client(store)
    noticed = (now_helsinki() - timedelta(hours=30)).replace(hour=9, minute=5)
    store.concerns.add(f.USER, Concern(client_id=client.id or 0, noticed_at=noticed, what="x"))
    env = {**os.environ, "TUKI_DATA_DIR": str(folder), "TUKI_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "alerts"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert f"{noticed.day}.{noticed.month}.{noticed.year} 9.05" in done.stdout
