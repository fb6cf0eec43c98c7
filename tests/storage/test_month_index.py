"""The month index (``index/months/``, data/storage/months.py): a month's list of meetings read
from a few small files instead of every shard that met in the month, always the same answer as
reading the shards (``in_month``), kept by every change of a meeting, seen by other processes,
checked and rebuilt by ``tuki check`` and its repair, and never needed for a right answer."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stdout
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.dates import month_start
from data.models import CancelReason, Meeting, MeetingStatus
from data.storage import months
from data.storage.check import check
from data.storage.files import DamagedFileError
from data.storage.layout import MEETINGS, SUMMARIES, index_file, shard, summarise
from data.storage.months import LISTED, Listed, month_file, month_files
from data.storage.repair import repair
from data.store import Store
from tests import factories as f
from tests.console_helpers import TODAY, demo_store
from tests.engines import reopen
from tests.factories import USER, ago
from tui import i18n, listing

MONTH = TODAY.replace(day=1)  # the demo's current month has meetings
LAST_MONTH = (MONTH - timedelta(days=1)).replace(day=1)


def shown(rows: list[Any]) -> list[tuple[Any, ...]]:
    """What a month's list shows of each meeting, in the list's order."""
    ordered = sorted(rows, key=lambda m: (m.on, m.relationship_id))
    return [(m.ref, m.on, m.held, m.cancel_reason, m.activity) for m in ordered]


def fast(store: Store, month: date, *, from_index: bool = True) -> list[Any]:
    """The month's list; the same as reading the shards (``in_month``). ``from_index``: every
    meeting came from the index (a shard read gives validated ``Meeting``s)."""
    found = store.meetings.listed_in_month(month)
    assert shown(found) == shown(store.meetings.in_month(month))
    if from_index:
        assert all(isinstance(m, Listed) for m in found)
    return found


def printed(store: Store, rows: list[Any]) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        listing.print_table(
            "meetings", sorted(rows, key=lambda m: (m.on, m.relationship_id)), store
        )
    return out.getvalue()


def test_the_months_list_prints_what_the_shards_say_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    cancelled = 0
    expected = {}
    for month in (MONTH, LAST_MONTH, (LAST_MONTH - timedelta(days=1)).replace(day=1)):
        slow = store.meetings.in_month(month)
        cancelled += sum(not m.held for m in slow)
        expected[month] = {}
        for lang in ("fi", "sv", "en"):
            i18n.set_language(lang)
            expected[month][lang] = printed(store, slow)
    assert cancelled  # cancelled meetings with their reasons too
    monkeypatch.setattr("data.store.meetings.between", None)  # (reading a shard would fail)
    for month, texts in expected.items():
        found = Store.open(store.folder).meetings.listed_in_month(month)
        assert found and all(isinstance(m, Listed) for m in found)
        for lang, text in texts.items():
            i18n.set_language(lang)
            assert printed(store, found) == text


def test_logging_correcting_moving_and_removing_a_meeting_keep_the_index(
    any_store: Store,
) -> None:
    store = any_store
    rid = f.active(store).id or 0
    first, second = month_start(ago(70)), month_start(ago(20))
    m = store.meetings.log(
        USER, Meeting(relationship_id=rid, on=first + timedelta(days=3), activity="sähly")
    )
    other = store.meetings.log(USER, Meeting(relationship_id=rid, on=second, activity="kahvila"))
    assert shown(fast(store, first)) == [(m.ref, m.on, True, None, "sähly")]

    cancel = {"status": MeetingStatus.CANCELLED, "cancel_reason": CancelReason.CHILD_ILL}
    m = store.meetings.update(USER, m.model_copy(update=cancel))
    assert shown(fast(store, first)) == [(m.ref, m.on, False, CancelReason.CHILD_ILL, "sähly")]

    m = store.meetings.update(USER, m.model_copy(update={"on": second + timedelta(days=4)}))
    assert fast(store, first) == []
    assert [x[0] for x in shown(fast(store, second))] == [other.ref, m.ref]
    assert str(rid) not in store.engine.table(month_file(f"{first:%Y-%m}", rid), LISTED)

    with store.records.transaction() as tx:  # a meeting taken away, as any write path would
        tx.remove(shard(rid), MEETINGS, other.id or 0)
        store.records.derived.reindex_meetings(tx, rid)
    assert [x.ref for x in fast(store, second)] == [m.ref]
    assert months.differences(store.engine) == []
    assert shown(fast(reopen(store), second)) == shown(fast(store, second))


def test_another_process_saving_a_meeting_is_seen(tmp_path: Path) -> None:
    mine = Store.open(tmp_path / "d")
    rid = f.active(mine).id or 0
    day = ago(2)
    mine.meetings.log(USER, Meeting(relationship_id=rid, on=day, activity="uinti"))
    assert [m.activity for m in fast(mine, day)] == ["uinti"]
    theirs = Store.open(tmp_path / "d")
    theirs.meetings.log(USER, Meeting(relationship_id=rid, on=day, activity="keilaus"))
    assert [m.activity for m in fast(mine, day)] == ["uinti", "keilaus"]


def _index_findings(store: Store) -> list[str]:
    report = check(Store.open(store.folder).engine)
    return [x.file for x in report.findings if x.file.startswith("index")] + [
        str(x.params.get("entry", "")) for x in report.findings if x.code == "index_stale"
    ]


@pytest.mark.parametrize("damage", ["missing", "damaged", "wrong entry"])
def test_check_finds_a_missing_damaged_or_wrong_month_file_and_repair_rebuilds_it(
    tmp_path: Path, damage: str
) -> None:
    store = demo_store(tmp_path / "d")
    key = f"{LAST_MONTH:%Y-%m}"
    rel = next(r for r in month_files(key) if (store.folder / r).exists())
    path = store.folder / rel
    before = path.read_bytes()
    doc = orjson.loads(before)
    rid = next(iter(doc[LISTED]))
    if damage == "missing":
        path.unlink()
    elif damage == "damaged":
        path.write_bytes(before[: len(before) // 2])
    else:  # the same number of meetings, another activity: only the check can tell
        doc[LISTED][rid]["m"][0][4] = "tikanheitto"
        path.write_bytes(orjson.dumps(doc))
    found = _index_findings(store)
    if damage == "damaged":
        assert rel in found
    else:
        assert f"{rel} {LISTED} {rid}" in found
    if damage == "missing":  # the list is right meanwhile, from the shards
        fast(Store.open(store.folder), LAST_MONTH, from_index=False)
    elif damage == "damaged":  # damage stops the program, as in every file
        with pytest.raises(DamagedFileError):
            Store.open(store.folder).meetings.listed_in_month(LAST_MONTH)

    assert repair(Store.open(store.folder).engine, USER).ok
    fresh = Store.open(store.folder)
    assert check(fresh.engine).findings == []
    assert fresh.engine.table(rel, LISTED) == orjson.loads(before)[LISTED]
    fast(fresh, LAST_MONTH)


def test_a_folder_written_before_the_index_lists_the_same_and_repair_builds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    shutil.rmtree(store.folder / months.MONTHS_DIR)
    old = Store.open(store.folder)
    slow = fast(old, LAST_MONTH, from_index=False)
    assert slow and not any(isinstance(m, Listed) for m in slow)  # every shard read
    report = check(old.engine)  # one note, not an entry per relationship and month; no error
    assert [(f.code, f.info) for f in report.findings] == [("month_index_missing", True)]
    assert report.ok
    assert old.records.rebuild_index() > 0
    monkeypatch.setattr("data.store.meetings.between", None)
    again = Store.open(store.folder)
    assert shown(again.meetings.listed_in_month(LAST_MONTH)) == shown(slow)
    assert check(again.engine).findings == []


def test_a_meeting_not_of_plain_form_is_read_from_its_shard(tmp_path: Path) -> None:
    """A day stored in another form: the relationship has no entries (the shard is read and
    validated, as before); a wrong status: no entry for its month (validation refuses it)."""
    store = demo_store(tmp_path / "d")
    found = store.meetings.in_month(MONTH)
    rid = found[0].relationship_id
    path = store.folder / shard(rid)
    doc = orjson.loads(path.read_bytes())
    row = next(r for r in doc[MEETINGS].values() if r["on"].startswith(f"{MONTH:%Y-%m}"))
    row["on"] += "T00:00:00"  # the same day as a moment: pydantic takes it
    assert months.entries(rid, doc[MEETINGS]) == {}
    path.write_bytes(orjson.dumps(doc))
    fresh = Store.open(store.folder)
    assert fresh.records.rebuild_index() > 0
    listed = fast(fresh, MONTH, from_index=False)
    assert len(listed) == len(found)
    assert not any(isinstance(m, Listed) for m in listed if m.relationship_id == rid)

    row["on"], row["status"] = row["on"][:10], "postponed"
    entries = months.entries(rid, doc[MEETINGS])
    assert f"{MONTH:%Y-%m}" not in entries and entries  # the other months keep theirs


def test_a_save_that_left_the_month_index_behind_is_read_from_the_shard(any_store: Store) -> None:
    """A Tuki from before the index saves the shard and the summary only: the entry no longer
    holds the summary's counts, so the shard is read (a held meeting now cancelled)."""
    store = any_store
    rid = f.active(store).id or 0
    day = ago(3)
    m = store.meetings.log(USER, Meeting(relationship_id=rid, on=day, activity="pelit"))
    with store.records.transaction() as tx:
        row = dict(tx.get(shard(rid), MEETINGS, m.id or 0) or {})
        row.update(status="cancelled", cancel_reason="volunteer_ill")
        tx.put(shard(rid), MEETINGS, m.id or 0, row)
        tx.put(index_file(rid), SUMMARIES, rid, summarise(tx.table(shard(rid), MEETINGS)))
    found = fast(reopen(store), day, from_index=False)
    assert [(x.held, x.cancel_reason) for x in found] == [(False, CancelReason.VOLUNTEER_ILL)]
    assert months.differences(store.engine) == [f"{month_file(f'{day:%Y-%m}', rid)} {LISTED} {rid}"]


def test_month_files_are_cached_among_the_recent_files_not_kept_for_good() -> None:
    """One more month file every month, like the monthly reports: a console open all day keeps
    only the recent ones (the other index files are few and kept while unchanged)."""
    from data.storage.cache import always_kept

    assert always_kept("index/00.json") and always_kept("index/relationships.json")
    assert not always_kept(month_file("2026-11", 3))
