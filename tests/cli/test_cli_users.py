"""``tuki users`` and the admission of every command: the folder's users listed, added, re-roled
and removed by an admin; a login the folder does not know, or a role too small for the command,
refused in one line (exit 1) with nothing stored; ``tuki demo`` sets up a team."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.dates import now_helsinki
from data.model.register import UserRole
from data.storage.kept import peek
from data.store import Store
from tests import factories as f
from tests.storage_helpers import settle
from tui.cli import main


@pytest.fixture
def folder() -> Path:
    return Path(os.environ["TUKI_DATA_DIR"])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def as_user(monkeypatch: pytest.MonkeyPatch, login: str) -> None:
    monkeypatch.setenv("TUKI_USER", login)


def test_an_admin_keeps_the_users_from_the_command_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "users", "list")[1].startswith("The folder has no users yet")
    code, out, _ = run(capsys, "users", "add", "carl", "coordinator")
    assert code == 0 and "carl may now use the folder as coordinator" in out
    assert Store.open(folder).users.roles() == {
        "tester": UserRole.ADMIN,  # the one who added the first user is the admin
        "carl": UserRole.COORDINATOR,
    }
    assert run(capsys, "users", "role", "carl", "reader")[0] == 0
    code, out, _ = run(capsys, "users", "list")
    assert out.split() == ["tester", "admin", "carl", "reader"]
    assert run(capsys, "users", "remove", "carl")[0] == 0
    assert Store.open(folder).users.roles() == {"tester": UserRole.ADMIN}


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("users", "remove", "tester"), "must keep at least one admin"),
        (("users", "add", "bad name", "reader"), "is not a login name"),
        (("users", "remove", "nobody"), "nobody is not among this folder's users"),
        (("users", "add", "carl", "reader"), "carl may already use this folder (as coordinator)"),
    ],
)
def test_a_bad_change_of_the_users_is_refused_in_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], said: str
) -> None:
    run(capsys, "users", "add", "carl", "coordinator")
    before = (folder / "settings.json").read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 1 and said in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert (folder / "settings.json").read_bytes() == before


def test_an_unknown_login_is_refused_by_every_command_naming_the_admins(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "users", "add", "carl", "coordinator")
    settle(folder)
    assert run(capsys, "alerts")[0] == 0  # the day's answer is kept: shown without the Store
    assert peek(folder, "alerts", now_helsinki().date()) is not None
    as_user(monkeypatch, "olli")
    for argv in (("ls", "clients"), ("alerts",), ("users", "list"), ("check",)):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "", argv
        assert "The login olli may not use this folder" in err and "(tester)" in err
        assert "tuki users add olli ROLE" in err


def test_a_reader_reads_and_changes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(folder)
    rel = f.active(store)
    run(capsys, "users", "add", "rita", "reader")
    run(capsys, "users", "add", "carl", "coordinator")
    as_user(monkeypatch, "rita")
    assert run(capsys, "ls", "relationships")[0] == 0
    assert run(capsys, "users", "list")[0] == 0
    before = Store.open(folder).meetings.of(rel.id or 0)
    argv = ("log", "--relationship", str(rel.id), "--date", f.ago(1).isoformat(), "--held")
    code, _, err = run(capsys, *argv)
    assert code == 1 and "has the role reader; this needs the role coordinator" in err
    assert Store.open(folder).meetings.of(rel.id or 0) == before
    code, _, err = run(capsys, "check", "--repair")
    assert code == 1 and "the role reader" in err
    as_user(monkeypatch, "carl")
    assert run(capsys, *argv)[0] == 0  # a coordinator logs it
    code, _, err = run(capsys, "settings", "set", "organiser", "Kunta")
    assert code == 1 and "this needs the role admin" in err


def test_the_demo_sets_up_a_team_with_the_running_login_as_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    code, out, _ = run(capsys, "demo", "--data-dir", str(folder), "--no-ui")
    assert code == 0 and "you (tester) are the admin" in out
    roles = Store.open(folder).users.roles()
    assert roles["tester"] is UserRole.ADMIN
    assert sorted(r.value for r in roles.values()) == [
        "admin",
        "coordinator",
        "coordinator",
        "reader",
    ]


def test_the_first_login_that_opens_the_folder_in_the_console_becomes_its_admin(
    folder: Path,
) -> None:
    import argparse

    from tui.cli import open_store

    folder.mkdir(parents=True, exist_ok=True)
    open_store(argparse.Namespace(command="ls"))  # a command claims nothing
    assert Store.open(folder).users.roles() == {}
    open_store(argparse.Namespace())  # the console (no command) opens the Store so
    assert Store.open(folder).users.roles() == {"tester": UserRole.ADMIN}
