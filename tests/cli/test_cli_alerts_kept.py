"""`tuki alerts` shows the day's answer kept since the folder's last change without opening the
Store (``data.storage.kept.peek``): no record model and no pydantic imported, and the same
lines as the answer worked out from the files; after a change by another process it shows the
new answer, never the one kept before."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import orjson

from data.dates import now_helsinki
from data.models import Concern, Meeting
from data.storage.aside import ASIDE, CACHE_DIR, change_token
from data.storage.kept import _plain
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tests.storage_helpers import settle
from tui import i18n
from tui.alert_lines import print_alerts

RUN = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
    "from tui.cli import run\n"
    "sys.exit(run())\n"
)


def alerts(folder: Path) -> tuple[str, set[str]]:
    """What a `tuki alerts` process printed, and the modules it had imported."""
    env = {**os.environ, "TUKI_DATA_DIR": str(folder), "TUKI_LANG": "en", "TUKI_USER": "tester"}
    done = subprocess.run(
        [sys.executable, "-c", RUN, "alerts"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def worked_out(folder: Path) -> str:
    """The lines of the answer read from the files (``counts`` and ``list``), in English."""
    store = Store.open(folder)
    now = now_helsinki()
    out = io.StringIO()
    before = i18n.language()
    i18n.set_language("en")
    try:
        with contextlib.redirect_stdout(out):
            print_alerts(
                store.alerts.counts(now.date()), store.alerts.list(now.date(), now), now.date()
            )
    finally:
        i18n.set_language(before)
    return out.getvalue()


def made(folder: Path) -> Store:
    """A folder with alerts of every source the answer keeps: an open relationship without
    meetings, a waiting client and an unreported concern (noticed half an hour into an hour:
    its hours stay the same while the test runs)."""
    store = Store.open(folder)
    rel = f.active(store)
    f.client(store, registered_on=ago(400))
    noticed = now_helsinki() - timedelta(hours=30, minutes=30)
    store.concerns.add(f.USER, Concern(client_id=rel.client_id, noticed_at=noticed, what="x"))
    return store


def test_the_kept_answer_is_shown_without_the_models_and_is_the_worked_out_one(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    made(folder)
    settle(folder)
    first, loaded_first = alerts(folder)  # works it out and keeps it
    assert (folder / CACHE_DIR / "alerts.json").is_file()
    assert "pydantic" in loaded_first
    second, loaded_second = alerts(folder)  # shows what was kept
    assert "pydantic" not in loaded_second
    assert "data.models" not in loaded_second
    assert "data.store" not in loaded_second
    assert second == first == worked_out(folder)
    assert "‼" in second  # the concern's alert, worded by the hour


def test_a_change_by_another_process_is_shown_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = made(folder)
    settle(folder)
    before, _ = alerts(folder)
    before_kept, modules = alerts(folder)
    assert before_kept == before and "pydantic" not in modules
    rel = next(iter(store.records.relationship_facts()))
    Store.open(folder).meetings.log(f.USER, Meeting(relationship_id=rel, on=ago(1)))
    after, modules = alerts(folder)
    assert after != before
    assert after == worked_out(folder)
    settle(folder)
    alerts(folder)  # keeps the new answer
    again, modules = alerts(folder)
    assert "pydantic" not in modules
    assert again == after


def test_a_kept_value_of_another_form_is_worked_out_again(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    made(folder)
    settle(folder)
    expected, _ = alerts(folder)
    today = now_helsinki().date()
    key = _plain([change_token(folder, ASIDE), today])
    foreign = {"key": key, "value": {"counts": ["many"], "alerts": []}}
    (folder / CACHE_DIR / "alerts.json").write_bytes(orjson.dumps(foreign))
    settle(folder)
    shown, modules = alerts(folder)
    assert shown == expected
    assert "pydantic" in modules  # worked out, not taken from the file


def test_the_kept_day_key_is_the_engines(tmp_path: Path) -> None:
    """``peek`` reads the folder's change token as the folder's engine does."""
    store = made(tmp_path / "data")
    assert change_token(store.folder, ASIDE) == store.engine.change_token()
