"""``tuki supervision`` and ``tuki extract`` (issue 14): what they store and show, bad input
refused in one line with nothing stored, and the settings of the re-check by ``tuki settings``;
``tuki alerts`` names the new alerts."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from data.dates import add_months
from data.models import Volunteer
from data.store import Store
from tests import factories as f
from tests.engines import snapshot
from tui.cli import main


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_session_added_and_listed(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    v = f.volunteer(store)
    day = f.ago(2).isoformat()
    code, out, err = run(
        capsys, "supervision", "add", str(v.id), "--date", day, "--hours", "1,5",
        "--topic", "Ryhmätyönohjaus",
    )  # fmt: skip
    assert (code, err) == (0, "") and "work supervision" in out and "1,5 h" in out
    code, out, _ = run(capsys, "supervision", "add", str(v.id), "--date", day, "--hours", "3",
                       "--training")  # fmt: skip
    assert code == 0
    saved = Store.open(store.folder).records.get(Volunteer, v.id or 0)
    assert [(s.hours, s.kind.value, s.topic) for s in saved.sessions] == [
        (Decimal("1.5"), "supervision", "Ryhmätyönohjaus"),
        (Decimal(3), "training", ""),
    ]
    assert saved.changed_by == "tester"
    code, out, _ = run(capsys, "supervision", "list", str(v.id))
    assert code == 0 and "2 sessions" in out and "Ryhmätyönohjaus" in out
    code, out, _ = run(capsys, "supervision", "list", "--json")
    assert json.loads(out) == [{"id": v.id, "name": v.name, "last": day}]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--hours", "30"], "0.25 to 24 hours"),
        (["--hours", "0,1"], "0.25 to 24 hours"),
        (["--date", "2099-01-01"], "once it has been held"),
    ],
)
def test_a_bad_session_is_refused_in_one_line(
    store: Store, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    v = f.volunteer(store)
    before = snapshot(store)
    given = {"--date": f.today().isoformat(), "--hours": "2"}
    given.update(zip(argv[::2], argv[1::2], strict=True))
    code, out, err = run(capsys, "supervision", "add", str(v.id), *sum(given.items(), ()))
    assert code == 1 and out == "" and said in err and len(err.splitlines()) == 1
    assert snapshot(store) == before


def test_a_session_for_an_unknown_volunteer_is_refused(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "supervision", "add", "999", "--date", "2026-11-01", "--hours", "2")
    assert code == 1 and len(err.splitlines()) == 1


def test_the_extract_due_and_recorded_again(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    late = f.volunteer(store, vetting=f.vetting(add_months(f.today(), -37)))
    near = f.volunteer(
        store, first_name="Nea", vetting=f.vetting(add_months(f.ago(21), -36) + timedelta(days=20))
    )
    f.volunteer(store, first_name="Uusi")  # shown 379 days ago: not due
    code, out, _ = run(capsys, "extract", "due")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("!") and late.name in lines[0] and "overdue" in lines[0]
    assert near.name in lines[1] and "(in 20 days)" in lines[1]
    code, out, err = run(capsys, "alerts")
    assert "re-check overdue" in out and "checked again by" in out
    code, out, err = run(
        capsys, "extract", "add", str(late.id), "--dated", f.ago(10).isoformat(), "--by", "Sanna"
    )
    assert code == 0 and late.name in out
    saved = Store.open(store.folder).records.get(Volunteer, late.id or 0)
    assert saved.approved and saved.extract().by == "Sanna"  # type: ignore[union-attr]
    assert saved.extract().on == f.today()  # type: ignore[union-attr]
    code, out, _ = run(capsys, "extract", "due", "--json")
    assert [row["id"] for row in json.loads(out)] == [near.id]
    before = snapshot(store)  # an extract over six months old when shown: refused
    code, _, err = run(capsys, "extract", "add", str(near.id), "--dated", f.ago(400).isoformat())
    assert code == 1 and "six months" in err and snapshot(store) == before


def test_the_re_check_settings(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "settings", "set", "extract_recheck_months", "48")[0] == 0
    assert run(capsys, "settings", "set", "supervision_months", "2")[0] == 0
    settings = Store.open(store.folder).records.settings()
    assert (settings.extract_recheck_months, settings.supervision_months) == (48, 2)
    code, _, _ = run(capsys, "settings", "set", "extract_recheck_months", "2")
    assert code == 1 and Store.open(store.folder).records.settings().extract_recheck_months == 48


def test_an_overdue_re_check_comes_before_the_alerts_that_can_wait(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """``tuki alerts`` prints the most urgent first: an overdue re-check (!) before a client
    who waits (·), as the start screen shows them."""
    late = f.volunteer(store, vetting=f.vetting(add_months(f.today(), -37)))
    waiting = f.client(store, registered_on=f.ago(400))
    code, out, _ = run(capsys, "alerts")
    lines = [line for line in out.splitlines() if line[:1] in "‼!·"]
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("!") and late.name in lines[0]
    assert lines[1].startswith("·") and waiting.name in lines[1]
