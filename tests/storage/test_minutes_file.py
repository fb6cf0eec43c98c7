"""Minutes files are as private as the data folder: the team reads them, nobody else; a link is
never followed and an existing file is replaced only with --force."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from data.errors import TukiError
from data.outputs.minutes_file import minutes_folder, write_in_folder, write_minutes
from data.store import Store
from tests.unit.test_minutes import finished_start
from tui.cli import main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture
def mask() -> Iterator[None]:
    """A permissive umask, as a careless shell would have: the files must not follow it."""
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def shared_store(tmp_path: Path) -> Store:
    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    return Store.open(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@posix_only
def test_the_command_line_writes_0600_whatever_the_umask(
    tmp_path: Path, mask: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    _, palaveri = finished_start(store)
    target = tmp_path / "out.md"
    assert run(capsys, "minutes", palaveri.ref, "--out", str(target))[0] == 0
    assert mode(target) == 0o600
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "minutes", palaveri.ref, "--format", "pdf")[0] == 0
    assert mode(tmp_path / f"minutes-{palaveri.ref}.pdf") == 0o600


@posix_only
def test_inside_a_shared_data_folder_the_team_can_read_them(
    tmp_path: Path, mask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    store = shared_store(tmp_path)
    _, palaveri = finished_start(store)
    target = store.folder / "minutes-copy.md"
    code, _, err = run(capsys, "--data-dir", str(store.folder), "minutes", palaveri.ref,
                       "--out", str(target))  # fmt: skip
    assert (code, err) == (0, "")
    assert mode(target) == 0o660


def test_a_link_at_out_is_never_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    _, palaveri = finished_start(store)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    for extra in ([], ["--force"]):
        code, _, err = run(capsys, "minutes", palaveri.ref, "--out", str(link), *extra,
                           "--lang", "en")  # fmt: skip
        assert code == 1 and f"{link} is a link" in err and "nothing was written" in err
        assert victim.read_text() == "keep me" and link.is_symlink()
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    assert run(capsys, "minutes", palaveri.ref, "--out", str(dangling))[0] == 1
    assert not (tmp_path / "nowhere.md").exists()


def test_an_existing_file_is_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    _, palaveri = finished_start(store)
    target = tmp_path / "old.md"
    target.write_text("old")
    code, _, err = run(capsys, "minutes", palaveri.ref, "--out", str(target), "--lang", "sv")
    assert code == 1 and f"Filen {target} finns redan" in err and "--force" in err
    assert target.read_text() == "old"
    code, _, _ = run(capsys, "minutes", palaveri.ref, "--out", str(target), "--force")
    assert code == 0 and target.read_text().startswith("# Muistio")
    if os.name == "posix":
        assert mode(target) == 0o600


@posix_only
def test_the_console_shares_minutes_as_the_folder_is_shared(tmp_path: Path, mask: None) -> None:
    store = shared_store(tmp_path)
    written = write_in_folder(store.engine, "minutes-1-1.md", b"# one")
    assert mode(written.parent) == 0o2770 and mode(written) == 0o660
    again = write_in_folder(store.engine, "minutes-1-1.md", b"# two")  # the console rewrites
    assert again.read_bytes() == b"# two" and mode(again) == 0o660
    private = Store.open(tmp_path / "mine")
    written = write_in_folder(private.engine, "minutes-1-1.md", b"# one")
    assert mode(written.parent) == 0o700 and mode(written) == 0o600


@posix_only
def test_a_minutes_folder_an_older_tuki_made_0700_is_opened_to_the_team(tmp_path: Path) -> None:
    store = shared_store(tmp_path)
    old = store.folder / "minutes"
    old.mkdir()
    os.chmod(old, 0o2700)
    assert mode(minutes_folder(store.engine)) == 0o2770


def test_a_linked_minutes_folder_is_refused(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store.folder / "minutes").symlink_to(elsewhere)
    with pytest.raises(TukiError) as caught:
        write_in_folder(store.engine, "minutes-1-1.md", b"# one")
    assert caught.value.code == "file_is_link" and not list(elsewhere.iterdir())


def test_write_minutes_outside_the_folder_is_private(tmp_path: Path) -> None:
    store = shared_store(tmp_path)
    outside = tmp_path / "outside.md"
    write_minutes(store.engine, b"x", outside)
    if os.name == "posix":
        assert mode(outside) == 0o600


def test_both_faces_write_through_the_one_function() -> None:
    root = Path(__file__).resolve().parents[2]
    for face in ("tui/cli_documents.py", "tui/screens/palaveri.py"):  # (tuki minutes: there)
        text = (root / face).read_text(encoding="utf-8")
        assert "minutes_file import" in text and "write_bytes(" not in text, face


def test_a_folder_given_as_the_file_is_said_to_be_a_folder(tmp_path: Path) -> None:
    """Not 'already exists, --force replaces it' (which --force then refused as a link)."""
    store = Store.open(tmp_path / "data")
    folder = tmp_path / "out"
    (folder / "kept").mkdir(parents=True)
    for force in (False, True):
        with pytest.raises(TukiError) as caught:
            write_minutes(store.engine, b"x", folder, force=force)
        assert caught.value.code == "file_is_folder"
    assert [p.name for p in folder.iterdir()] == ["kept"]
