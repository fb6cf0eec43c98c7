"""The access log (``store.access``): entries without content, month files TinyDB opens, the
hash chain across months, appended in place (not rewritten), a torn tail closed again, and
``tuki check`` naming the first changed or removed entry."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from data.dates import HELSINKI
from data.errors import Refused
from data.model.access import START, AccessView, Face, digest
from data.model.register import UserRole
from data.storage import MemoryEngine, forked
from data.storage import check as check_module
from data.storage.access_log import TAIL, DiskFiles
from data.storage.check import check
from data.store import Store
from tui import i18n
from tui.check_report import finding_text

NOV = datetime(2026, 11, 30, 23, 50, tzinfo=HELSINKI)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _store(folder: Path, at: datetime = NOV) -> tuple[Store, Clock]:
    clock = Clock(at)
    return Store.open(folder, clock=clock), clock


def _rows(folder: Path, month: str) -> dict[str, dict[str, object]]:
    with TinyDB(folder / "access" / f"{month}.json") as db:  # plain TinyDB opens it
        return {str(doc.doc_id): dict(doc) for doc in db.table("access").all()}


def test_an_entry_says_when_who_which_client_what_view_and_face_and_nothing_else(
    tmp_path: Path,
) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed("anna", 5, AccessView.CLIENT_PAGE, Face.CONSOLE)
    store.access.viewed_many("ben", [7, 8, 7], AccessView.CLIENT_LIST, Face.CLI)
    rows = _rows(tmp_path / "d", "2026-11")
    assert list(rows) == ["1", "2", "3"]  # 7 once: one entry per client shown
    first = rows["1"]
    assert set(first) == {"at", "by", "client", "view", "face", "prev", "hash"}
    assert (first["by"], first["client"], first["view"], first["face"]) == (
        "anna", 5, "client_page", "console",
    )  # fmt: skip
    assert datetime.fromisoformat(str(first["at"])) == NOV
    assert first["prev"] == START and first["hash"] == digest(first)
    assert rows["2"]["prev"] == first["hash"] and rows["3"]["prev"] == rows["2"]["hash"]
    assert [r["client"] for r in rows.values()] == [5, 7, 8]
    assert not check(store.engine).findings  # the chain holds; the register is untouched


def test_a_new_month_chains_to_the_last_entry_of_the_month_before(tmp_path: Path) -> None:
    store, clock = _store(tmp_path / "d")
    store.access.viewed("anna", 5, AccessView.CLIENT_PAGE, Face.CONSOLE)
    clock.at = NOV + timedelta(minutes=20)  # 1.12.2026 00.10
    store.access.viewed("anna", 6, AccessView.MINUTES, Face.CLI)
    last_nov = _rows(tmp_path / "d", "2026-11")["1"]
    first_dec = _rows(tmp_path / "d", "2026-12")["1"]
    assert first_dec["prev"] == last_nov["hash"]
    clock.at = NOV - timedelta(days=40)  # a clock set back: the newest month goes on
    store.access.viewed("anna", 7, AccessView.CONCERNS, Face.CLI)
    assert _rows(tmp_path / "d", "2026-12")["2"]["client"] == 7
    assert not check(store.engine).findings


def test_a_view_appends_its_line_and_never_rewrites_the_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost of a view does not grow with the month: the file is written at its end, a few
    hundred bytes per entry, however many entries it holds (here 10,000)."""
    store, _ = _store(tmp_path / "d")
    store.access.viewed_many("anna", range(1, 10_001), AccessView.CLIENT_LIST, Face.CLI)
    path = tmp_path / "d" / "access" / "2026-11.json"
    before = path.read_bytes()
    inode = path.stat().st_ino
    writes: list[tuple[int, int]] = []
    real = DiskFiles.write

    def counted(self: DiskFiles, month: str, offset: int, data: bytes) -> None:
        writes.append((offset, len(data)))
        real(self, month, offset, data)

    monkeypatch.setattr(DiskFiles, "write", counted)
    store.access.viewed("anna", 42, AccessView.CLIENT_PAGE, Face.CONSOLE)
    assert writes == [(len(before) - len(TAIL), writes[0][1])]  # at the end, once
    assert writes[0][1] < 400  # one entry's line and the closing braces
    after = path.read_bytes()
    assert path.stat().st_ino == inode  # the same file, not a new one put in its place
    assert after[: len(before) - len(TAIL)] == before[: -len(TAIL)]
    assert len(_rows(tmp_path / "d", "2026-11")) == 10_001


def test_a_write_cut_short_is_named_by_check_and_closed_by_the_next_view(tmp_path: Path) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed_many("anna", [1, 2], AccessView.CLIENT_LIST, Face.CLI)
    path = tmp_path / "d" / "access" / "2026-11.json"
    whole = path.read_bytes()
    path.write_bytes(whole[: -len(TAIL)] + b'\n,"3":{"at":"2026-11-30T23:5')  # a power cut
    found = check(store.engine)
    assert [f.code for f in found.findings] == ["access_unfinished"] and found.ok
    store.access.viewed("anna", 3, AccessView.CLIENT_PAGE, Face.CONSOLE)
    rows = _rows(tmp_path / "d", "2026-11")
    assert [r["client"] for r in rows.values()] == [1, 2, 3]
    assert rows["3"]["prev"] == rows["2"]["hash"]
    assert not check(store.engine).findings


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def test_check_names_the_first_changed_entry_in_the_users_language(tmp_path: Path) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed_many("anna", [1, 2, 3, 4, 5], AccessView.CLIENT_LIST, Face.CLI)
    path = tmp_path / "d" / "access" / "2026-11.json"
    lines = _lines(path)
    lines[3] = lines[3].replace(b'"client":3', b'"client":9')  # entry 3 now names client 9
    path.write_bytes(b"\n".join(lines))
    (finding,) = check(store.engine).findings
    assert (finding.file, finding.code, finding.params["n"]) == (
        "access/2026-11.json", "access_changed", 3,
    )  # fmt: skip
    i18n.set_language("fi")
    assert "merkintää 3 on muutettu" in finding_text(finding)
    i18n.set_language("en")
    assert "entry 3 of the access log was changed" in finding_text(finding)


def test_check_finds_a_removed_entry_and_a_rehashed_one(tmp_path: Path) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed_many("anna", [1, 2, 3, 4, 5], AccessView.CLIENT_LIST, Face.CLI)
    path = tmp_path / "d" / "access" / "2026-11.json"
    kept = path.read_bytes()
    lines = _lines(path)
    path.write_bytes(b"\n".join(lines[:3] + lines[4:]))  # entry 3 removed
    (finding,) = check(store.engine).findings
    assert (finding.code, finding.params["n"], finding.params["last"]) == ("access_missing", 4, 2)
    # entry 3 changed and its own hash made again: entry 4 no longer follows it
    lines = kept.split(b"\n")
    number, row = lines[3][1:].split(b":", 1)
    entry = orjson.loads(row)
    entry["client"] = 9
    entry["hash"] = digest(entry)
    lines[3] = b"," + number + b":" + orjson.dumps(entry)
    path.write_bytes(b"\n".join(lines))
    (finding,) = check(store.engine).findings
    assert (finding.code, finding.params["n"]) == ("access_unchained", 4)


def test_check_verifies_the_chain_apart_with_the_findings_it_finds_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed_many("anna", [1, 2, 3], AccessView.CLIENT_LIST, Face.CLI)
    path = tmp_path / "d" / "access" / "2026-11.json"
    path.write_bytes(path.read_bytes()[: -len(TAIL)] + b'\n,"4":{"at":"2026-11-30T23:5')
    (path.parent / "head.json").write_bytes(b"{")
    apart = [vars(f) for f in check(store.engine).findings]  # (in a forked child)
    here = forked.meanwhile
    monkeypatch.setattr(check_module, "meanwhile", lambda work, wanted=True: here(work, False))
    assert [vars(f) for f in check(store.engine).findings] == apart
    assert [(f["code"], f["info"]) for f in apart] == [
        ("access_unfinished", True), ("access_head_damaged", False),
    ]  # fmt: skip


def test_check_finds_an_entry_written_twice_and_two_on_one_line(tmp_path: Path) -> None:
    """A line repeated (plain JSON would keep the second of two equal keys) or two entries
    written on one line are named, each where it breaks the chain."""
    store, _ = _store(tmp_path / "d")
    store.access.viewed_many("anna", [1, 2, 3, 4, 5], AccessView.CLIENT_LIST, Face.CLI)
    path = tmp_path / "d" / "access" / "2026-11.json"
    kept = path.read_bytes()
    lines = _lines(path)
    path.write_bytes(b"\n".join([*lines[:6], lines[3], *lines[6:]]))  # entry 3 again after 5
    finding = check(store.engine).findings[0]  # (the head's finding after it)
    assert (finding.code, finding.params["n"]) == ("access_order", 3)
    lines = kept.split(b"\n")
    path.write_bytes(b"\n".join([*lines[:2], lines[2] + lines[3], *lines[4:]]))
    finding = check(store.engine).findings[0]  # (the head's finding after it)
    assert (finding.code, finding.params["n"]) == ("access_entry_damaged", 2)


def test_only_an_admin_reads_the_log_once_the_folder_has_users(tmp_path: Path) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed("anna", 5, AccessView.CLIENT_PAGE, Face.CONSOLE)
    assert len(store.access.entries("anyone")) == 1  # no users yet: nothing enforced
    settings = store.records.settings()
    users = {"anna": UserRole.ADMIN, "ben": UserRole.COORDINATOR}
    store.records.save_settings("anna", settings.model_copy(update={"users": users}))
    assert [e.client for e in store.access.entries("anna", client_id=5)] == [5]
    with pytest.raises(Refused):
        store.access.entries("ben")
    store.access.viewed("ben", 6, AccessView.CLIENT_PAGE, Face.CONSOLE)  # a view is logged
    assert [e.by for e in store.access.entries("anna")] == ["anna", "ben"]


def test_entries_between_two_days_in_helsinki_time(tmp_path: Path) -> None:
    store, clock = _store(tmp_path / "d")
    for days in (0, 1, 2, 31):
        clock.at = NOV + timedelta(days=days)  # 30.11. 23.50, 1.12., 2.12., 31.12.
        store.access.viewed("anna", 5, AccessView.CLIENT_PAGE, Face.CONSOLE)
    start, end = (NOV + timedelta(days=1)).date(), (NOV + timedelta(days=2)).date()
    got = store.access.entries("anna", client_id=5, start=start, end=end)
    assert [e.at.astimezone(HELSINKI).date() for e in got] == [start, end]


def test_the_memory_engine_keeps_the_same_log() -> None:
    store = Store(MemoryEngine(), clock=Clock(NOV))
    store.access.viewed_many("anna", [1, 2], AccessView.CLIENT_LIST, Face.CLI)
    got = store.access.entries("anna")
    assert [(e.number, e.client, e.view) for e in got] == [
        (1, 1, AccessView.CLIENT_LIST),
        (2, 2, AccessView.CLIENT_LIST),
    ]
    assert not os.path.exists("memory")  # nothing written beside the tests


def test_the_log_is_beside_the_register_a_view_changes_no_token(tmp_path: Path) -> None:
    store, _ = _store(tmp_path / "d")
    store.access.viewed("anna", 5, AccessView.CLIENT_PAGE, Face.CONSOLE)
    token = store.engine.change_token()
    store.access.viewed("anna", 5, AccessView.CLIENT_PAGE, Face.CONSOLE)
    assert store.engine.change_token() == token  # the other consoles do not refresh for it
    assert not any(rel.startswith("access/") for rel in store.engine.files())


def _views(folder: Path, user: str) -> None:
    store, _ = _store(folder)
    for client in range(1, 151):
        store.access.viewed(user, client, AccessView.CLIENT_PAGE, Face.CONSOLE)


def test_two_coordinators_views_never_interleave_badly(tmp_path: Path) -> None:
    """Two processes (two consoles) logging at once, each taking the folder's lock: every view
    is there once, in each one's order, and the chain holds."""
    import multiprocessing

    folder = tmp_path / "d"
    store, _ = _store(folder)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_views, args=(folder, u)) for u in ("anna", "ben")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0, 0]
    rows = _rows(folder, "2026-11")
    assert list(rows) == [str(n) for n in range(1, 301)]
    for user in ("anna", "ben"):
        assert [r["client"] for r in rows.values() if r["by"] == user] == list(range(1, 151))
    assert not check(store.engine).findings


def test_the_demo_has_weeks_of_views_in_a_whole_chain(tmp_path: Path) -> None:
    from data.demo import generate
    from tests.console_helpers import TODAY

    generate(tmp_path / "d", scale="small", seed=1, today=TODAY)
    store = Store.open(tmp_path / "d")
    entries = store.access.entries("anyone")
    assert {e.by for e in entries} == {"sanna.k", "mikko.l"}
    assert {e.face for e in entries} == {Face.CONSOLE, Face.CLI}
    assert entries[-1].at <= datetime(2026, 11, 20, tzinfo=HELSINKI)
    assert (entries[-1].at - entries[0].at).days >= 20
    assert not check(store.engine).findings
