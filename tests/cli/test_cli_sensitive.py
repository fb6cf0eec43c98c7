"""Confidential texts stay out of the process list: `tuki log --report`, `tuki concern`, prompts,
and a warning when such text came as an argument. No test needs a real terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from data.models import Concern, Relationship
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tui import cli_sensitive
from tui.cli import main

REPORT = """how: We played a board game
and then went to the library.
wellbeing: Cheerful, a little tired.
progress: Asked for a book on her own.
goal 1: Talked to a new classmate.
"""


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


@pytest.fixture
def rel(store: Store) -> Relationship:
    return f.active(store)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def log_args(rel: Relationship, *extra: str) -> list[str]:
    return ["log", "--relationship", str(rel.id), "--date", ago(2).isoformat(), *extra]


def test_report_texts_from_a_file_are_stored_without_a_warning(
    store: Store, rel: Relationship, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "report.txt"
    source.write_text(REPORT, encoding="utf-8")
    code, _, err = run(capsys, *log_args(rel, "--held", "--report", str(source), "--lang", "en"))
    assert (code, err) == (0, "")
    [meeting] = Store.open(store.folder).meetings.of(rel.id)  # type: ignore[arg-type]
    assert meeting.report.how_it_went == "We played a board game\nand then went to the library."
    assert meeting.report.wellbeing == "Cheerful, a little tired."
    assert meeting.report.progress_note == "Asked for a book on her own."
    assert [(g.goal_id, g.note) for g in meeting.report.progress] == [
        (1, "Talked to a new classmate.")
    ]


def test_report_texts_from_standard_input_as_json(
    store: Store, rel: Relationship, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    stdin(monkeypatch, json.dumps({"wellbeing": "Iloinen", "how": "Hyvin"}))
    code, _, err = run(capsys, *log_args(rel, "--held", "--report", "-"))
    assert (code, err) == (0, "")
    [meeting] = store.meetings.of(rel.id)  # type: ignore[arg-type]
    assert (meeting.report.wellbeing, meeting.report.how_it_went) == ("Iloinen", "Hyvin")


def test_a_cancelled_meetings_note_from_standard_input(
    store: Store, rel: Relationship, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    stdin(monkeypatch, "note: Lapsi oli kipeänä.\n")
    code, _, err = run(capsys, *log_args(rel, "--cancelled", "other", "--report", "-"))
    assert (code, err) == (0, "")
    [meeting] = store.meetings.of(rel.id)  # type: ignore[arg-type]
    assert meeting.cancel_note == "Lapsi oli kipeänä."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello\n", "Line 1 of - does not start with a key"),
        ("mood: fine\n", "Line 1 of - does not start with a key"),
        ('{"secret": "x"}', "Unknown key secret"),
        ("[1, 2]", "Line 1 of -"),
    ],
)
def test_a_report_that_cannot_be_read_is_refused_in_one_line(
    store: Store,
    rel: Relationship,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    text: str,
    expected: str,
) -> None:
    stdin(monkeypatch, text)
    code, _, err = run(capsys, *log_args(rel, "--held", "--report", "-", "--lang", "en"))
    assert code == 1 and expected in err and err.count("\n") == 1
    assert store.meetings.of(rel.id) == []  # type: ignore[arg-type]


def test_texts_from_a_file_and_argv_at_once_are_refused(
    store: Store, rel: Relationship, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    stdin(monkeypatch, REPORT)
    argv = log_args(rel, "--held", "--report", "-", "--wellbeing", "x", "--lang", "sv")
    code, _, err = run(capsys, *argv)
    assert code == 1 and "inte båda (--wellbeing)" in err


def test_the_argv_warning_is_in_the_users_language(rel: Relationship, capsys: Any) -> None:
    code, _, err = run(capsys, *log_args(rel, "--held", "--how", "hyvin"))
    assert code == 0 and err.startswith("Varoitus: luottamuksellinen teksti") and "--how" in err
    code, _, err = run(
        capsys, *log_args(rel, "--cancelled", "other", "--note", "x", "--lang", "sv")
    )
    assert code == 0 and err.startswith("Varning: konfidentiell text") and "--note" in err


def test_at_a_terminal_the_texts_are_asked(
    store: Store, rel: Relationship, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    asked: list[str] = []

    def answer(label: str) -> str:
        asked.append(label)
        return f"answer {len(asked)}"

    monkeypatch.setattr(cli_sensitive, "terminal", lambda: True)
    monkeypatch.setattr(cli_sensitive, "ask", answer)
    code, _, err = run(capsys, *log_args(rel, "--held", "--lang", "en"))
    assert (code, err) == (0, "")
    assert asked == [
        "How did the meeting go?",
        "What did the volunteer notice about the child's wellbeing?",
        "Progress towards the goals?",
    ]
    [meeting] = store.meetings.of(rel.id)  # type: ignore[arg-type]
    assert meeting.report.wellbeing == "answer 2"
    # --no-prompt: nothing is asked
    asked.clear()
    code, _, _ = run(capsys, *log_args(rel, "--held", "--no-prompt"))
    assert code == 0 and asked == []


def test_without_a_terminal_nothing_is_asked(rel: Relationship, monkeypatch: Any) -> None:
    def never(label: str) -> str:
        raise AssertionError("asked without a terminal")

    monkeypatch.setattr(cli_sensitive, "terminal", lambda: False)
    monkeypatch.setattr(cli_sensitive, "ask", never)
    assert main(log_args(rel, "--held")) == 0


# ----- tuki concern -----------------------------------------------------------------------------


def test_a_concern_from_standard_input(
    store: Store, rel: Relationship, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    stdin(monkeypatch, "Lapsella oli mustelma käsivarressa.\n")
    argv = ["concern", "--client", str(rel.client_id), "--urgency", "acute", "--what-from", "-"]
    code, out, err = run(capsys, *argv, "--lang", "en")
    assert (code, err) == (0, "")
    [concern] = Store.open(store.folder).records.list(Concern)
    assert concern.what == "Lapsella oli mustelma käsivarressa."
    assert (concern.client_id, concern.urgency.value, concern.created_by) == (
        rel.client_id,
        "acute",
        "tester",
    )
    assert f"{concern.id}" in out and "without delay" in out


def test_a_concern_from_a_file_and_from_a_prompt(
    store: Store, rel: Relationship, tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    source = tmp_path / "seen.txt"
    source.write_text("Ei ollut syönyt.\nVäsynyt.\n", encoding="utf-8")
    argv = ["concern", "--client", str(rel.client_id), "--relationship", str(rel.id)]
    about = ["--about", "guardian", "--guardian", "1"]
    assert run(capsys, *argv, *about, "--what-from", str(source))[0] == 0
    assert [(c.about.value, c.guardian_id) for c in store.records.list(Concern)] == [
        ("guardian", 1)
    ]
    monkeypatch.setattr(cli_sensitive, "terminal", lambda: True)
    monkeypatch.setattr(cli_sensitive, "ask", lambda label: "Itki tapaamisen lopussa.")
    assert run(capsys, *argv, "--urgency", "normal")[0] == 0
    whats = sorted(c.what for c in store.records.list(Concern))
    assert whats == ["Ei ollut syönyt.\nVäsynyt.", "Itki tapaamisen lopussa."]
    assert all(c.relationship_id == rel.id for c in store.records.list(Concern))


def test_a_concern_without_its_text_is_refused_off_a_terminal(
    store: Store, rel: Relationship, capsys: Any
) -> None:
    code, _, err = run(capsys, "concern", "--client", str(rel.client_id), "--lang", "en")
    assert code == 1 and "--what-from -" in err
    assert store.records.list(Concern) == []


def test_a_concern_as_an_argument_is_stored_with_a_warning(
    store: Store, rel: Relationship, capsys: Any
) -> None:
    code, _, err = run(capsys, "concern", "--client", str(rel.client_id), "--what", "Huoli")
    assert code == 0 and "Varoitus" in err and "--what" in err
    assert [c.what for c in store.records.list(Concern)] == ["Huoli"]


@pytest.mark.parametrize("client", ["0", "abc", "²", "99999999999999999999"])
def test_a_bad_client_id_is_a_usage_error(client: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["concern", "--client", client, "--what-from", "-"])
    assert stopped.value.code == 2


def test_the_real_command_reads_a_pipe(store: Store, rel: Relationship) -> None:
    """As a coordinator would run it: the text is piped, so `ps` shows no confidential word."""
    env = {**os.environ, "TUKI_DATA_DIR": str(store.folder)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "concern",
            "--client",
            str(rel.client_id),
            "--what-from",
            "-",
        ],
        input="Kertoi pelkäävänsä kotiin menoa.",
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert [c.what for c in Store.open(store.folder).records.list(Concern)] == [
        "Kertoi pelkäävänsä kotiin menoa."
    ]
