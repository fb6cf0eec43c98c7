"""``tuki backup`` and ``tuki restore``: a copy taken while a coordinator keeps saving is whole
(``check`` passes on its restore, its records are the folder's as of one moment); the folder
is locked only while it is linked; ``--verify`` names a changed or missing file; a restore
never writes into a folder that holds anything; a full disk leaves no half copy; a copy is an
admin's and is logged for every client."""

from __future__ import annotations

import errno
import hashlib
import os
import tarfile
import threading
from pathlib import Path
from typing import Any

import pytest

from data.errors import Refused
from data.model.access import AccessView, Face
from data.model.register import UserRole
from data.models import CancelReason, Client, Meeting, MeetingStatus, Relationship, State
from data.storage.archive_read import verify
from data.store import Store
from tests.console_helpers import demo_store
from tests.factories import ago
from tui.cli import main

WRITER = "koordinaattori1"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    demo_store(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def records(store: Store) -> dict[str, Any]:
    """Every record of the register but the meetings, by kind."""
    from data.models import Concern, Guardian, SocialWorker, Volunteer

    kinds = (Client, Guardian, SocialWorker, Volunteer, Relationship, Concern)
    return {k.__name__: [r.model_dump() for r in store.records.list(k)] for k in kinds}


def test_a_copy_taken_while_a_coordinator_saves_restores_whole(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(folder)
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    before = len(store.meetings.of(rel.id))
    saved = threading.Event()
    stop = threading.Event()
    logged: list[int] = []

    def writer() -> None:  # another coordinator's process, logging meetings all along
        own = Store.open(folder)
        while not stop.is_set():
            cancelled = Meeting(
                relationship_id=rel.id,
                on=ago(1),
                status=MeetingStatus.CANCELLED,
                cancel_reason=CancelReason.CHILD_ILL,
            )
            logged.append(own.meetings.log(WRITER, cancelled).id or 0)
            saved.set()

    waited: list[bool] = []

    def progress(done: int, total: int) -> None:
        # the copy is being hashed and compressed: the folder must be free for saves now
        if not waited:
            saved.clear()
            waited.append(saved.wait(timeout=20))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert saved.wait(timeout=20)
        written = store.backup.take("tester", tmp_path / "copy.tar.gz", progress=progress)
    finally:
        stop.set()
        thread.join()
    assert waited == [True], "a coordinator could not save while the copy was compressed"
    assert written.path.is_file() and not list(tmp_path.glob(".copy*"))
    assert not list((folder / "backups").glob(".snapshot-*"))  # the links are gone

    code, out, err = run(capsys, "restore", str(written.path), "--to", str(tmp_path / "back"))
    assert (code, err) == (0, ""), err
    assert "Restored into" in out
    assert run(capsys, "check", "--data-dir", str(tmp_path / "back"))[0] == 0
    back = Store.open(tmp_path / "back")
    assert records(back) == records(Store.open(folder))
    # the coordinator's meetings up to one moment, none half: a beginning of the folder's own
    kept = [m.id for m in back.meetings.of(rel.id)]
    live = [m.id for m in Store.open(folder).meetings.of(rel.id)]
    assert before < len(kept) < len(live) and live[: len(kept)] == kept
    for other in back.records.list(Relationship):
        if other.id != rel.id and other.id is not None:
            assert back.meetings.of(other.id) == store.meetings.of(other.id)
    # the copy is a view of every client, logged before it was taken (the copy lists itself)
    clients = sorted(c.id for c in store.records.list(Client))
    taken = [e for e in back.access.entries("tester") if e.view is AccessView.BACKUP]
    assert sorted(e.client for e in taken) == clients and {e.face for e in taken} == {Face.CLI}
    restored = [e for e in back.access.entries("tester") if e.view is AccessView.RESTORE]
    assert sorted(e.client for e in restored) == clients
    with tarfile.open(written.path) as tar:  # the hourly backups and kept answers stay out
        names = tar.getnames()
    assert "SHA256SUMS" in names and "data/clients.json" in names
    assert not [n for n in names if n.startswith(("data/backups/", "data/cache/", "data/.tuki"))]


def test_verify_names_a_changed_and_a_missing_file(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy"
    code, out, _ = run(capsys, "backup", "--to", str(copy))
    assert code == 0 and "Backup written" in out
    code, out, _ = run(capsys, "backup", "--verify", str(copy))
    assert code == 0 and "is whole" in out
    clients = copy / "data" / "clients.json"
    clients.write_bytes(clients.read_bytes().replace(b"a", b"e", 1))  # one letter changed
    (copy / "data" / "settings.json").unlink()
    code, _, err = run(capsys, "backup", "--verify", str(copy))
    assert code == 1
    assert "data/clients.json: its content does not match its checksum" in err
    assert "data/settings.json: missing" in err
    found = verify(copy)
    assert (found.damaged, found.missing) == (["data/clients.json"], ["data/settings.json"])
    code, _, err = run(capsys, "restore", str(copy), "--to", str(tmp_path / "new"))
    assert code == 1 and "Nothing was restored" in err and not (tmp_path / "new").exists()


def test_a_cut_archive_is_said_so(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.tar.gz"
    assert run(capsys, "backup", "--to", str(copy))[0] == 0
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])
    code, _, err = run(capsys, "backup", "--verify", str(cut))
    assert code == 1 and "is damaged or cut short" in err and "Traceback" not in err


def test_restore_refuses_a_folder_that_holds_anything(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.tar.gz"
    assert run(capsys, "backup", "--to", str(copy))[0] == 0
    live = files(folder)
    code, _, err = run(capsys, "restore", str(copy), "--to", str(folder))
    assert code == 1 and "is not an empty folder" in err
    assert files(folder) == live
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert run(capsys, "restore", str(copy), "--to", str(other))[0] == 1
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "restore", str(copy), "--to", str(empty))[0] == 0
    assert (empty / "clients.json").is_file()
    # nor is a copy written over anything
    code, _, err = run(capsys, "backup", "--to", str(copy))
    assert code == 1 and "exists already" in err


def test_a_full_disk_leaves_no_half_copy(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def full(*_: Any, **__: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tarfile.TarFile, "addfile", full)
    code, _, err = run(capsys, "backup", "--to", str(out / "copy.tar.gz"))
    assert code == 1 and "could not be written" in err and "Traceback" not in err
    assert list(out.iterdir()) == []
    assert not list((folder / "backups").glob(".snapshot-*"))


def test_a_copy_is_an_admins(folder: Path, tmp_path: Path, monkeypatch: Any) -> None:
    store = Store.open(folder)
    settings = store.records.settings()
    users = {"tester": UserRole.ADMIN, WRITER: UserRole.COORDINATOR}
    store.records.save_settings("tester", settings.model_copy(update={"users": users}))
    with pytest.raises(Refused) as refused:
        store.backup.take(WRITER, tmp_path / "copy.tar.gz")
    assert refused.value.code == "role_refused" and not (tmp_path / "copy.tar.gz").exists()
    store.backup.take("tester", tmp_path / "copy.tar.gz")
    monkeypatch.setenv("TUKI_USER", WRITER)
    assert main(["restore", str(tmp_path / "copy.tar.gz"), "--to", str(tmp_path / "new")]) == 1
    assert not (tmp_path / "new").exists()
