"""Which data folder Tuki opens (options, env, config files), who may use it, and demo folders.

Tests may run as root, whom permission bits do not stop: a refusal is simulated by patching
``os.access`` or by raising ``PermissionError`` where the store would.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from data.storage import StorageError
from data.storage.access import require
from data.store import Store
from data.store.records import Records
from tests import factories as f
from tests.console_helpers import make_app
from tui import cli, cli_folder, config
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ----- choosing the folder ------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_order_option_env_user_site_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _write(tmp_path / "etc" / "config.toml", 'data_dir = "/srv/tuki"\n')
    user = _write(tmp_path / "home" / "config.toml", 'data_dir = "team"\n')
    monkeypatch.setenv("TUKI_SITE_CONFIG", str(site))
    monkeypatch.setenv("TUKI_USER_CONFIG", str(user))
    monkeypatch.setenv("TUKI_DATA_DIR", str(tmp_path / "env"))
    assert config.choose_data_dir(str(tmp_path / "opt")) == config.Chosen(
        tmp_path / "opt", "option"
    )
    assert config.choose_data_dir().source == "env"
    monkeypatch.delenv("TUKI_DATA_DIR")
    # a relative folder is taken relative to the config file
    assert config.choose_data_dir() == config.Chosen(user.parent / "team", "user", user)
    user.unlink()
    assert config.choose_data_dir() == config.Chosen(Path("/srv/tuki"), "site", site)
    site.unlink()
    assert config.choose_data_dir().source == "default"


def test_default_site_config_is_in_the_platforms_site_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from platformdirs import site_config_dir

    monkeypatch.delenv("TUKI_SITE_CONFIG")
    assert config.site_config_file() == Path(site_config_dir("tuki")) / "config.toml"


def test_ssh_without_a_profile_finds_the_team_folder_in_the_site_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "srv" / "tuki"
    f.active(Store.open(team))
    site = _write(tmp_path / "etc" / "config.toml", f'data_dir = "{team}"\n')
    monkeypatch.setenv("TUKI_SITE_CONFIG", str(site))
    monkeypatch.delenv("TUKI_DATA_DIR")  # what `ssh host tuki` sees
    code, out, _ = run(capsys, "where", "--lang", "en")
    assert code == 0 and f"Data folder: {team}" in out and str(site) in out
    code, out, _ = run(capsys, "ls", "clients", "--lang", "en")
    assert code == 0 and out.strip()


@pytest.mark.parametrize("text", ["data_dir = /srv/tuki\n", "data_dir = 3\n"])
def test_a_broken_config_file_is_named_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    site = _write(tmp_path / "etc" / "config.toml", text)
    monkeypatch.setenv("TUKI_SITE_CONFIG", str(site))
    monkeypatch.delenv("TUKI_DATA_DIR")
    code, _, err = run(capsys, "ls", "clients", "--lang", "sv")
    assert code == 1 and str(site) in err and "inte giltig TOML" in err
    assert "Traceback" not in err


def test_an_unreadable_config_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _write(tmp_path / "etc" / "config.toml", 'data_dir = "/srv/tuki"\n')
    monkeypatch.setenv("TUKI_SITE_CONFIG", str(site))
    monkeypatch.delenv("TUKI_DATA_DIR")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == site:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, _, err = run(capsys, "where")
    assert code == 1 and f"Asetustiedostoa {site} ei voi lukea (Permission denied)" in err


# ----- who may use the folder ---------------------------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path, mode: int) -> None:
    """Simulate a user without the rights in ``mode`` to ``folder`` (even when run as root)."""
    real = os.access

    def access(path: Any, wanted: int, *args: Any, **kwargs: Any) -> bool:
        if Path(path).absolute() == folder.absolute() and wanted & mode:
            return False
        return real(path, wanted, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_user_outside_the_group_is_told_which_folder_right_and_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import grp

    team = tmp_path / "team"
    f.active(Store.open(team))
    os.chmod(team, 0o2770)
    group = grp.getgrgid(team.stat().st_gid).gr_name
    _deny(monkeypatch, team, os.R_OK)
    for argv in (["ls", "clients"], ["where"], []):
        code, _, err = run(capsys, "--data-dir", str(team), *argv, "--lang", "en")
        assert code == 1, argv
        assert f"You have no read access to the data folder {team}" in err
        assert f"The group {group} grants it" in err and "Unexpected" not in err
    code, _, err = run(capsys, "--data-dir", str(team), "ls", "clients")
    assert f"Sinulla ei ole lukuoikeutta tietokansioon {team}. Sen antaa ryhmä {group}" in err
    code, _, err = run(capsys, "--data-dir", str(team), "ls", "clients", "--lang", "sv")
    assert f"Du har inte läsrätt till datamappen {team}. Gruppen {group}" in err


def test_a_private_folder_of_someone_else_names_its_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pwd

    mine = tmp_path / "mine"
    Store.open(mine)
    _deny(monkeypatch, mine, os.W_OK)
    with pytest.raises(StorageError) as caught:
        require(mine)
    owner = pwd.getpwuid(mine.stat().st_uid).pw_name
    assert caught.value.code == "folder_private"
    assert caught.value.params == {"folder": mine.absolute(), "right": "write", "owner": owner}
    require(mine, write=False)  # reading is allowed


def test_a_permission_error_deep_inside_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    f.active(Store.open(team))
    os.chmod(team, 0o2770)
    (team / "rel").mkdir(exist_ok=True)
    os.chmod(team / "rel", 0o700)  # made private by an older Tuki, by another coordinator
    denied = team / "rel" / "1.json"

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(denied))

    monkeypatch.setattr(Records, "list", refuse)
    _deny(monkeypatch, team / "rel", os.R_OK)
    code, _, err = run(capsys, "--data-dir", str(team), "ls", "clients", "--lang", "en")
    import pwd

    owner = pwd.getpwuid((team / "rel").stat().st_uid).pw_name
    assert code == 1 and f"no read access to the data folder {team / 'rel'}: it is" in err
    assert f"the private folder of {owner}" in err and "PermissionError" not in err


def test_a_folder_that_cannot_be_made_is_refused_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "srv"
    parent.mkdir()
    _deny(monkeypatch, parent, os.W_OK)
    code, _, err = run(
        capsys,
        "--data-dir",
        str(parent / "tuki"),
        "log",
        "--relationship",
        "1",
        "--date",
        "2026-11-01",
        "--held",
        "--lang",
        "en",
    )  # a command that writes makes its folder (one that only reads says it is not there)
    assert code == 1 and f"no write access to the data folder {parent}" in err
    assert not (parent / "tuki").exists()


# ----- the start screen and the demo ----------------------------------------------------------


async def test_the_console_says_when_the_folder_is_empty(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty")
    notice = cli_folder.empty_notice(store, config.Chosen(store.folder, "default"))
    assert notice is not None and str(store.folder) in notice and "--data-dir" in notice
    app = make_app(store)
    app.notices = [notice]
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == [notice]
    f.active(store)
    assert cli_folder.empty_notice(store, config.Chosen(store.folder, "default")) is None


def test_cmd_console_passes_the_empty_folder_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(
        tui.app, "run", lambda store, user, lang, notices, **kw: seen.update(notices=notices) or 0
    )
    assert main(["--data-dir", str(tmp_path / "new"), "--lang", "en"]) == 0
    assert len(seen["notices"]) == 1 and "is empty" in seen["notices"][0]


@pytest.mark.parametrize("keep", [False, True])
def test_a_temporary_demo_folder_is_removed_on_exit_unless_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], keep: bool
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    seen: dict[str, Any] = {}

    def console(args: Any, notices: Any = ()) -> int:
        seen.update(folder=Path(args.data_dir), notices=list(notices))
        assert Path(args.data_dir).is_dir()
        return 0

    monkeypatch.setattr(cli, "cmd_console", console)
    code, _, _ = run(capsys, "demo", *(["--keep"] if keep else []), "--lang", "en")
    assert code == 0 and seen["folder"].name.startswith("tuki-demo-")
    assert str(seen["folder"]) in seen["notices"][0]
    assert seen["folder"].exists() == keep
    assert ("removed when you close" in seen["notices"][0]) != keep


def test_a_demo_folder_the_user_named_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "cmd_console", lambda args, notices=(): 0)
    target = tmp_path / "mydemo"
    assert run(capsys, "demo", "--data-dir", str(target))[0] == 0
    assert (target / "clients.json").exists()


@pytest.mark.parametrize(("keep", "left"), [([], 0), (["--keep"], 1)])
def test_a_failed_console_removes_the_temporary_demo_folder_unless_kept(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    keep: list[str],
    left: int,
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def console(args: Any, notices: Any = ()) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_console", console)
    assert run(capsys, "demo", *keep)[0] == 130
    assert len(list(tmp_path.glob("tuki-demo-*"))) == left


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_a_dropped_connection_still_removes_the_temporary_demo_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    before = signal.getsignal(signal.SIGHUP)

    def console(args: Any, notices: Any = ()) -> int:
        os.kill(os.getpid(), signal.SIGHUP)  # what a dropped SSH connection sends
        return 0

    monkeypatch.setattr(cli, "cmd_console", console)
    with pytest.raises(SystemExit) as stopped:
        main(["demo"])
    assert stopped.value.code == 128 + signal.SIGHUP
    assert not list(tmp_path.glob("tuki-demo-*"))
    assert signal.getsignal(signal.SIGHUP) == before


def test_a_folder_behind_an_unsearchable_folder_names_that_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """/srv/other-team (2770) holds the data folder: even a stat of it is refused."""
    outer = tmp_path / "other-team"
    team = outer / "data"
    f.active(Store.open(team))
    os.chmod(outer, 0o2770)
    _deny(monkeypatch, outer, os.X_OK)
    real_stat = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).absolute() == team:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    for argv in (["ls", "clients"], ["where"]):
        code, _, err = run(capsys, "--data-dir", str(team), *argv, "--lang", "en")
        assert code == 1 and f"no read access to the data folder {outer}." in err, argv
        assert "Traceback" not in err and "Unexpected" not in err


def test_reading_commands_need_only_the_read_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    f.active(Store.open(team))
    os.chmod(team, 0o2750)
    _deny(monkeypatch, team, os.W_OK)  # e.g. an auditor with r-x
    reading = (
        ["ls", "clients"],
        ["alerts"],
        ["where"],
        ["reports"],
        ["settings", "show"],
        ["meeting-report", "1", "--from", "2026-01-01"],
    )
    for argv in reading:
        code, _, err = run(capsys, "--data-dir", str(team), *argv, "--lang", "en")
        assert (code, err) == (0, ""), argv
    code, _, err = run(capsys, "--data-dir", str(team), "concern", "--client", "1", "--what", "x",
                       "--lang", "en")  # fmt: skip
    assert code == 1 and f"no write access to the data folder {team}." in err


async def test_a_permission_error_inside_the_console_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from data.models import Client

    store = Store.open(tmp_path / "team")
    f.active(store)
    real_stored = Records.stored  # what every reading of the clients goes through

    def refuse(self: Records, model: Any) -> Any:
        if model is Client:
            raise PermissionError(13, "Permission denied", str(store.folder / "clients.json"))
        return real_stored(self, model)

    _deny(monkeypatch, store.folder / "clients.json", os.R_OK)
    app = make_app(store, language="en")
    async with app.run_test():
        for _ in range(100):  # the start screen first (its areas read the clients too)
            if app.screen.is_mounted and not getattr(app.screen, "stale", True):
                break
            await asyncio.sleep(0.05)
        monkeypatch.setattr(Records, "stored", refuse)
        app.action_section("clients")
        for _ in range(100):  # the app stops itself: wait for that
            if app._exit_renderables:
                break
            await asyncio.sleep(0.05)
        message = " ".join(map(str, app._exit_renderables))
    assert app.return_code == 1
    assert "no read access to the file" in message and "Unexpected" not in message


def test_a_file_not_shared_with_the_group_is_named_with_its_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder made shared after first use keeps a 0600 file of its first user."""
    import grp
    import pwd

    team = tmp_path / "team"
    f.active(Store.open(team))
    os.chmod(team, 0o2770)
    denied = team / "clients.json"

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(denied))

    monkeypatch.setattr(Records, "list", refuse)
    _deny(monkeypatch, denied, os.R_OK)
    code, _, err = run(capsys, "--data-dir", str(team), "ls", "clients", "--lang", "en")
    owner = pwd.getpwuid(denied.stat().st_uid).pw_name
    group = grp.getgrgid(denied.stat().st_gid).gr_name
    assert code == 1 and f"no read access to the file {denied}: it belongs to {owner}" in err
    assert f"the group {group}" in err and f"'chmod -R g+rwX {team}'" in err
