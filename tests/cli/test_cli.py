"""The ``tuki`` command: exit codes, one-line errors, and what each sub-command stores or shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from data.models import Client, Meeting, MeetingStatus
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tui.cli import main


@pytest.fixture
def folder() -> Path:
    return Path(os.environ["TUKI_DATA_DIR"])


@pytest.fixture
def store(folder: Path) -> Store:
    return Store.open(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_log_a_held_meeting_without_prompts(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    day = ago(2).isoformat()
    code, out, err = run(
        capsys,
        "log",
        "--relationship",
        str(rel.id),
        "--date",
        day,
        "--held",
        "--duration",
        "120",
        "--activity",
        "lautapelit",
        "--wellbeing",
        "iloinen",
        "--progress",
        "uskalsi puhua",
        "--km",
        "12,5",
        "--lang",
        "en",
    )
    assert code == 0 and err.startswith("Warning: confidential text was given on the command line")
    assert "--wellbeing, --progress" in err  # texts in argv are visible in `ps`: use --report
    assert out.startswith(f"Meeting {rel.id}-1 logged: held on ")
    fresh = Store.open(store.folder)
    [meeting] = fresh.meetings.of(rel.id)  # type: ignore[arg-type]
    assert meeting.activity == "lautapelit" and meeting.report.wellbeing == "iloinen"
    assert (
        str(meeting.km) == "12.5" and meeting.duration_min == 120 and meeting.created_by == "tester"
    )


def test_log_a_cancelled_meeting_in_finnish(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    code, out, _ = run(
        capsys,
        "log",
        "--relationship",
        str(rel.id),
        "--date",
        ago(1).isoformat(),
        "--cancelled",
        "child_ill",
    )
    assert code == 0 and "peruttu" in out
    [meeting] = Store.open(store.folder).meetings.of(rel.id)  # type: ignore[arg-type]
    assert meeting.status is MeetingStatus.CANCELLED and meeting.cancel_reason.value == "child_ill"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--date", "{future}", "--held"], "future"),
        (["--date", "{past}", "--cancelled", "other"], "cancelled"),
        (["--date", "{past}", "--held", "--duration", "1"], "duration_min"),
    ],
)
def test_bad_meeting_gets_one_line_and_exit_1(
    store: Store, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    rel = f.active(store)
    argv = [a.format(future=ago(-3).isoformat(), past=ago(3).isoformat()) for a in args]
    code, out, err = run(capsys, "log", "--relationship", str(rel.id), *argv, "--lang", "en")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: ") and expected in err
    assert "Traceback" not in err
    assert Store.open(store.folder).meetings.of(rel.id) == []  # type: ignore[arg-type]


def test_meeting_over_the_maximum_is_refused_with_a_hint(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store, max_meetings=1)
    store.meetings.log("tester", Meeting(relationship_id=rel.id, on=ago(9)))  # type: ignore[arg-type]
    code, _, err = run(
        capsys, "log", "--relationship", str(rel.id), "--date", ago(2).isoformat(), "--held"
    )
    assert code == 1 and "--over-max-reason" in err and "2" in err
    code, _, _ = run(
        capsys,
        "log",
        "--relationship",
        str(rel.id),
        "--date",
        ago(2).isoformat(),
        "--held",
        "--over-max-reason",
        "agreed with the social worker",
    )
    assert code == 0 and len(Store.open(store.folder).meetings.of(rel.id)) == 2  # type: ignore[arg-type]


def test_unknown_relationship_is_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "log",
        "--relationship",
        "42",
        "--date",
        ago(1).isoformat(),
        "--held",
        "--lang",
        "en",
    )
    assert code == 1 and err.strip() == "Error: There is no relationship 42."


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--relationship", "1", "--held"],  # no date
        ["log", "--relationship", "1", "--date", "22.11.2026", "--held"],  # wrong date format
        ["log", "--relationship", "1", "--date", "2026-11-01", "--held", "--cancelled", "other"],
        ["ls", "nobody"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "käyttö:" in capsys.readouterr().err  # argparse speaks the default, Finnish


def test_ls_json_and_table(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    rel = f.active(store)
    store.meetings.log("tester", Meeting(relationship_id=rel.id, on=ago(3), activity="uinti"))  # type: ignore[arg-type]
    code, out, _ = run(capsys, "ls", "relationships", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert (
        row["id"] == rel.id and row["state"] == "active" and row["agreement"]["max_meetings"] == 24
    )
    code, out, _ = run(capsys, "ls", "clients", "--lang", "en")
    assert (
        code == 0 and "Esimerkki Aino" in out and out.splitlines()[0].split()[:2] == ["Id", "Name"]
    )
    code, out, _ = run(capsys, "ls", "meetings", "--relationship", str(rel.id))
    assert code == 0 and "uinti" in out and f"{rel.id}-1" in out
    code, out, _ = run(capsys, "ls", "concerns", "--json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(capsys, "ls", "volunteers", "--lang", "sv")
    assert code == 0 and "Namn" in out and "Vapaaehtoinen Ville" in out


def test_where_names_the_folder_and_files(
    store: Store, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f.active(store)
    code, out, _ = run(capsys, "where", "--lang", "en")
    assert code == 0 and f"Data folder: {folder.absolute()}" in out and "clients.json" in out
    assert "Chosen by: the TUKI_DATA_DIR environment variable" in out
    other = folder.parent / "elsewhere"
    code, out, err = run(capsys, "--data-dir", str(other), "where", "--lang", "en")
    assert code == 1 and str(other) in out and "does not exist" in err
    assert not other.exists()  # where never makes a folder
    other.mkdir()
    code, out, err = run(capsys, "--data-dir", str(other), "where", "--lang", "en")
    assert code == 1 and f"The data folder {other} holds no data" in err


def test_check_finds_and_repairs(
    store: Store, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    store.meetings.log("tester", Meeting(relationship_id=rel.id, on=ago(3)))  # type: ignore[arg-type]
    code, out, _ = run(capsys, "check", "--lang", "en")
    assert code == 0 and out.startswith("All well")
    # an index gone stale (derived data) is found and rebuilt
    index = folder / "index" / f"{rel.id % 64:02d}.json"
    index.unlink()
    code, out, _ = run(capsys, "check", "--lang", "en")
    assert code == 1 and "out of date: index/" in out
    code, out, _ = run(capsys, "check", "--repair", "--lang", "en")
    assert code == 0 and "[repaired]" in out
    assert Store.open(folder).meetings.summary(rel.id).held == 1  # type: ignore[arg-type]
    code, out, _ = run(capsys, "check")
    assert code == 0


def test_damaged_file_stops_every_command_with_a_clear_message(
    store: Store, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f.active(store)
    damaged = folder / "clients.json"
    damaged.write_bytes(damaged.read_bytes()[:40])
    code, _, err = run(capsys, "ls", "clients", "--lang", "en")
    assert code == 1 and str(damaged) in err and "damaged" in err and "Traceback" not in err
    assert damaged.read_bytes() != b""


def test_demo_writes_small_data_and_refuses_a_folder_with_data(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = folder.parent / "demo"
    code, out, _ = run(capsys, "demo", "--no-ui", "--data-dir", str(target), "--lang", "en")
    assert code == 0 and str(target) in out
    store = Store.open(target)
    assert len(store.records.list(Client)) >= 15
    code, _, err = run(capsys, "demo", "--no-ui", "--data-dir", str(target), "--lang", "en")
    assert code == 1 and "already holds data" in err
    code, out, _ = run(capsys, "--data-dir", str(target), "check", "--lang", "en")
    assert code == 0, out


def test_installed_command_runs_as_a_program(folder: Path) -> None:
    """`python -m tui.cli` (what the `tuki` script calls) exits 2 on a usage error, 0 on where."""
    f.active(Store.open(folder))
    env = {**os.environ, "TUKI_DATA_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "where"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and str(folder) in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "nope"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
