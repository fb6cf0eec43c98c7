"""The access log's head (``access/head.json``): the newest month, the last entry's number and
hash, kept beside the log in the view's own locked step, so that ``tuki check`` names entries
removed from the log's very end (the chain alone cannot: what is left is a whole chain), a
newest month removed whole and a last entry written anew; and what it cannot see."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
from tinydb import TinyDB

from data.dates import HELSINKI
from data.model.access import AccessView, Face, digest
from data.storage.access_log import HEAD_SIZE, head_bytes
from data.storage.check import check
from data.store import Store
from tui import i18n
from tui.check_report import finding_text

NOV = datetime(2026, 11, 30, 12, 0, tzinfo=HELSINKI)
DEC = datetime(2026, 12, 1, 9, 0, tzinfo=HELSINKI)


def _logged(folder: Path, at: datetime = NOV, clients: tuple[int, ...] = (1, 2, 3, 4, 5)) -> Store:
    store = Store.open(folder, clock=lambda: at)
    store.access.viewed_many("anna", clients, AccessView.CLIENT_LIST, Face.CLI)
    return store


def _without_last(path: Path, n: int) -> None:
    """Remove the last ``n`` entries as an editor would, the file's closing kept."""
    lines = path.read_bytes().split(b"\n")  # head, entries…, "}}", ""
    path.write_bytes(b"\n".join(lines[: -2 - n] + lines[-2:]))


def _problems(store: Store) -> list[tuple[str, str, dict[str, object]]]:
    return [(f.file, f.code, f.params) for f in check(store.engine).findings if not f.info]


def test_each_view_keeps_the_head_beside_the_log(tmp_path: Path) -> None:
    store = _logged(tmp_path / "d")
    head = tmp_path / "d" / "access" / "head.json"
    assert head.stat().st_size == HEAD_SIZE
    with TinyDB(head) as db:  # a plain TinyDB document
        (row,) = db.table("head").all()
    month = TinyDB(tmp_path / "d" / "access" / "2026-11.json").table("access").get(doc_id=5)
    assert dict(row) == {"month": "2026-11", "number": 5, "hash": month["hash"]}  # type: ignore[index]
    store.access.viewed("anna", 7, AccessView.CLIENT_PAGE, Face.CONSOLE)
    assert orjson.loads(head.read_bytes())["head"]["1"]["number"] == 6
    assert _problems(store) == []


def test_check_names_the_last_entry_removed_and_the_last_two(tmp_path: Path) -> None:
    store = _logged(tmp_path / "d")
    path = tmp_path / "d" / "access" / "2026-11.json"
    kept = path.read_bytes()
    _without_last(path, 1)
    assert TinyDB(path).table("access").count(lambda _: True) == 4  # still a whole chain
    assert _problems(store) == [
        ("access/2026-11.json", "access_tail_removed", {"month": "2026-11", "n": 5, "last": 4})
    ]
    (finding,) = [f for f in check(store.engine).findings if not f.info]
    i18n.set_language("fi")
    assert "loppuu merkintään 4" in finding_text(finding)
    i18n.set_language("en")
    assert "ends at entry 4 of 2026-11, but entry 5 was written" in finding_text(finding)
    path.write_bytes(kept)
    _without_last(path, 2)
    assert [p[2]["last"] for p in _problems(store)] == [3]


def test_check_names_a_newest_month_removed_whole(tmp_path: Path) -> None:
    _logged(tmp_path / "d")
    store = _logged(tmp_path / "d", DEC, (8, 9))  # December's file chains to November's
    (tmp_path / "d" / "access" / "2026-12.json").unlink()
    assert _problems(store) == [
        ("access/2026-12.json", "access_month_removed", {"month": "2026-12", "n": 2})
    ]


def test_a_last_entry_written_anew_with_its_own_hash_is_named(tmp_path: Path) -> None:
    store = _logged(tmp_path / "d")
    path = tmp_path / "d" / "access" / "2026-11.json"
    lines = path.read_bytes().split(b"\n")
    number, row = lines[-3][1:].split(b":", 1)  # entry 5: the chain alone finds it whole
    entry = orjson.loads(row)
    entry["client"] = 99
    entry["hash"] = digest(entry)
    lines[-3] = b"," + number + b":" + orjson.dumps(entry)
    path.write_bytes(b"\n".join(lines))
    assert [(p[1], p[2]["n"]) for p in _problems(store)] == [("access_head_differs", 5)]


def test_what_the_head_cannot_see_and_a_folder_without_one(tmp_path: Path) -> None:
    store = _logged(tmp_path / "d")
    folder = tmp_path / "d" / "access"
    # someone who removes the last entry and writes the head anew is not found: the hashes
    # are no secret (the README says so)
    path = folder / "2026-11.json"
    _without_last(path, 1)
    fourth = TinyDB(path).table("access").get(doc_id=4)
    (folder / "head.json").write_bytes(head_bytes("2026-11", 4, fourth["hash"]))  # type: ignore[index]
    assert _problems(store) == []
    # a log from before the head was kept: a note, not a problem; the next view writes it
    (folder / "head.json").unlink()
    findings = check(store.engine).findings
    assert [(f.code, f.info) for f in findings] == [("access_no_head", True)]
    store.access.viewed("anna", 3, AccessView.CLIENT_PAGE, Face.CONSOLE)
    assert (folder / "head.json").exists() and check(store.engine).findings == []
    (folder / "head.json").write_bytes(b"{not json")
    assert [p[1] for p in _problems(store)] == ["access_head_damaged"]


def test_the_memory_engine_keeps_a_head_too() -> None:
    from data.storage import MemoryEngine

    store = Store(MemoryEngine(), clock=lambda: NOV)
    store.access.viewed_many("anna", (1, 2), AccessView.CLIENT_LIST, Face.CLI)
    head = store.access.log.files.read_head()
    assert head is not None and orjson.loads(head)["head"]["1"]["number"] == 2
