"""``tuki retention``: the dry run by initials and id, an apply that asks (and refuses without a
terminal unless --yes), an admin's only, and the runs' log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.demo import generate
from data.model.register import UserRole
from data.models import Client
from data.store import Store
from tests.console_helpers import TODAY
from tui.cli import main


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = Path(os.environ["TUKI_DATA_DIR"])
    generate(folder, scale="small", seed=4, today=TODAY)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _esimerkki(folder: Path) -> Client:
    return next(c for c in Store.open(folder).records.list(Client) if c.id == _aino_id(folder))


def _aino_id(folder: Path) -> int:
    facts = Store.open(folder).records.client_facts().values()
    return next(f.id for f in facts if f.registered_on.isoformat() == "1992-02-03")


def test_dry_run_apply_and_runs(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aino = _aino_id(folder)
    code, out, err = run(capsys, "--lang", "en", "retention", "--dry-run")
    assert (code, err) == (0, "")
    assert f"client {aino} (A. E.) · families-with-children services" in out
    assert "closed 30.6.1994 · due 30.6.2024" in out
    assert "open concern" in out and "volunteer" in out
    assert "Esimerkki" not in out and "Aino" not in out  # never a name
    # no terminal and no --yes: refused, nothing changed
    code, _, err = run(capsys, "--lang", "en", "retention", "--apply")
    assert code == 1 and "--yes" in err
    assert _esimerkki(folder).anonymised_on is None
    code, out, err = run(capsys, "--lang", "en", "retention", "--apply", "--yes")
    assert (code, err) == (0, "")
    assert "cases 2, guardians 1" in out and "Backups older than this run were removed" in out
    assert _esimerkki(folder).first_name == "—"
    code, out, _ = run(capsys, "--lang", "en", "retention")
    assert "The retention period has ended" not in out and "Left alone" in out
    code, out, _ = run(capsys, "--lang", "en", "retention", "--runs")
    assert code == 0 and "tester anonymised: cases 2" in out and len(out.splitlines()) == 1
    code, out, _ = run(capsys, "check")
    assert code == 0


def test_a_coordinator_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(folder)
    users = {"boss": UserRole.ADMIN, "tester": UserRole.COORDINATOR}
    store.records.save_settings(
        "boss", store.records.settings().model_copy(update={"users": users})
    )
    code, out, err = run(capsys, "retention", "--apply", "--yes")
    assert code == 1 and "tester" in err and out == ""
    assert _esimerkki(folder).anonymised_on is None
    code, out, _ = run(capsys, "retention", "--runs")
    assert code == 0 and "Säilytysajoja ei ole vielä tehty." in out


def test_at_a_terminal_it_asks_and_a_no_changes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionary

    asked: list[str] = []

    class Answer:
        def __init__(self, question: str, default: bool, **_: object) -> None:
            asked.append(question)
            assert default is False  # Enter alone changes nothing

        def ask(self) -> bool:
            return False

    monkeypatch.setattr("tui.cli_sensitive.terminal", lambda: True)
    monkeypatch.setattr(questionary, "confirm", Answer)
    code, out, _ = run(capsys, "--lang", "en", "retention", "--apply")
    assert code == 1 and out.endswith("Nothing was changed.\n")
    assert asked == [
        "Anonymise 2 cases and remove the extract details of volunteers who left (1)? "
        "This cannot be undone."
    ]
    assert _esimerkki(folder).anonymised_on is None


def test_the_question_and_its_answer_are_in_the_users_language(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal the question's keys and the answer echoed are the user's words, not
    questionary's English '(y/N)' and 'Yes' inside a Finnish line; y applies."""
    from io import StringIO

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    monkeypatch.setattr("tui.cli_sensitive.terminal", lambda: True)
    screen = StringIO()
    with create_pipe_input() as keys, create_app_session(keys, PlainTextOutput(screen)):
        keys.send_text("y")
        code, _, _ = run(capsys, "--lang", "fi", "retention", "--apply")
    shown = screen.getvalue()
    assert code == 0 and "(y = kyllä, N = ei)" in shown and "kyllä" in shown.split("ei)")[-1]
    assert "Yes" not in shown and "(y/N)" not in shown
    assert _esimerkki(folder).anonymised_on is not None
    from questionary.prompts import confirm

    assert (confirm.YES, confirm.NO) == ("Yes", "No")  # put back for anyone else
