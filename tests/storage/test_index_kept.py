"""The index as the day's alerts read it, kept in ``cache/`` (``data/storage/index_kept.py``):
the alerts are those of the index files, a piece is used only while its file is as it was
(another Store's save, in this process or another, is seen at once), a missing, damaged or
stale kept file is read past, and a writer killed while keeping it leaves a folder that
gives the same alerts."""

from __future__ import annotations

import os
import signal
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.dates import HELSINKI
from data.demo import generate
from data.model.facts import FACT_FILES, FACTS, VOLUNTEER_FIELDS
from data.models import EndReason, Meeting, Relationship, State, Volunteer
from data.rules.alerts import AlertKind
from data.storage import index_kept
from data.storage.derived import BUCKETS, Derived
from data.storage.engine import JOURNAL
from data.storage.layout import CACHE_DIR, SUMMARIES, index_file
from data.store import Store
from tests.storage_helpers import (
    fork_context,
    fork_warning,
    install_kill_point,
    needs_fork,
    settled_copy,
)

TODAY = date(2026, 3, 18)
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=HELSINKI)
USER = "testaaja"
DAYS = (TODAY, date(2025, 11, 3))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("index-kept") / "data"
    generate(folder, scale="small", seed=11, today=TODAY)
    return folder


@pytest.fixture
def folder(generated: Path, tmp_path: Path) -> Path:
    return settled_copy(generated, tmp_path)


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each index file the alerts read from the index itself (not from what is kept; a bucket
    no relationship of the small demo falls in has no file, and nothing to keep)."""
    found: list[str] = []
    bucket, relationships = index_kept._bucket, Derived.relationships

    def counted_bucket(engine: Any, rel: str) -> Any:
        if engine.exists(rel):
            found.append(rel)
        return bucket(engine, rel)

    def counted_relationships(self: Derived) -> Any:
        found.append("index/relationships.json")
        return relationships(self)

    monkeypatch.setattr(index_kept, "_bucket", counted_bucket)
    monkeypatch.setattr(Derived, "relationships", counted_relationships)
    return found


def answers(folder: Path, store: Store[Any] | None = None) -> list[Any]:
    store = store or Store.open(folder, clock=lambda: NOW)
    return [(store.alerts.list(day, NOW), store.alerts.counts(day)) for day in DAYS]


def of_the_files(folder: Path) -> list[Any]:
    """The alerts read from the index files alone (nothing kept: as before the kept index)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_kept, "code_stamp", lambda: None)
        return answers(folder)


def kept_file(folder: Path, rel: str = "index/relationships.json") -> Path:
    return folder / CACHE_DIR / f"{index_kept.kept_name(rel)}.json"


def quiet(folder: Path) -> int:
    """A relationship whose alert says it has not met for long."""
    alerts = Store.open(folder, clock=lambda: NOW).alerts.list(TODAY, NOW)
    return next(a.subject.id for a in alerts if a.kind is AlertKind.NO_MEETING)


def log_meeting(folder: Path, rid: int | None = None) -> int:
    """Another coordinator logs a held meeting today on a quiet relationship (or ``rid``)."""
    rid = rid or quiet(folder)
    Store.open(folder, clock=lambda: NOW).meetings.log(USER, Meeting(relationship_id=rid, on=TODAY))
    return rid


def test_the_kept_index_gives_the_alerts_of_the_files(folder: Path, read: list[str]) -> None:
    expected = of_the_files(folder)
    assert expected[0][0], "the demo has alerts today"
    assert not kept_file(folder).exists()
    read.clear()
    assert answers(folder) == expected  # read from the files, and kept
    buckets = [rel for rel in BUCKETS if (folder / rel).exists()]
    assert sorted(read) == sorted(["index/relationships.json", *buckets])
    assert kept_file(folder).is_file()
    read.clear()
    assert answers(folder) == expected  # a fresh Store reads what is kept
    assert read == []


def test_a_meeting_saved_elsewhere_is_seen_and_only_its_bucket_read(
    folder: Path, read: list[str]
) -> None:
    store = Store.open(folder, clock=lambda: NOW)
    before = answers(folder, store)
    rid = log_meeting(folder)
    expected = of_the_files(folder)
    assert expected != before  # (its alert gone, a meeting this month counted)
    read.clear()
    assert answers(folder, store) == expected  # this process's Store sees it at once
    assert read == [index_file(rid)]  # its bucket, nothing else
    read.clear()
    assert answers(folder) == expected  # and a fresh one, from the kept file
    assert read == []


def test_a_relationship_ended_elsewhere_is_seen(folder: Path, read: list[str]) -> None:
    answers(folder)
    other = Store.open(folder, clock=lambda: NOW)
    rel = next(r for r in other.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    other.relationships.end(USER, rel.id, rel.version, TODAY, EndReason.GOALS_MET)
    expected = of_the_files(folder)
    read.clear()
    assert answers(folder) == expected
    assert "index/relationships.json" in read


def test_a_missing_damaged_or_stale_kept_file_is_read_past(folder: Path) -> None:
    answers(folder)
    rid = quiet(folder)
    kept = kept_file(folder, index_file(rid))
    stale = kept.read_bytes()  # kept before the meeting
    log_meeting(folder, rid)
    expected = of_the_files(folder)
    for raw in (stale, stale[: len(stale) // 2], b"\x00not json", b'{"key": 1, "value": 2}'):
        kept.write_bytes(raw)
        assert answers(folder) == expected
    kept.unlink()
    assert answers(folder) == expected
    assert kept.is_file() and kept.read_bytes() != stale


@needs_fork
@fork_warning
def test_a_writer_killed_while_keeping_it_leaves_the_same_alerts(folder: Path) -> None:
    answers(folder)
    rid = quiet(folder)
    kept = kept_file(folder, index_file(rid))
    old = kept.read_bytes()
    log_meeting(folder, rid)
    expected = of_the_files(folder)

    def child() -> None:
        install_kill_point(("before_replace", 1))  # the kept file's temp written, not renamed
        answers(folder)
        os._exit(0)

    process = fork_context().Process(target=child)
    process.start()
    process.join(60)
    assert process.exitcode == -signal.SIGKILL
    assert list(kept.parent.glob(f".{kept.name}.*.tmp"))  # killed while writing it
    assert kept.read_bytes() == old
    assert answers(folder) == expected


def test_the_kept_index_is_beside_the_register(folder: Path) -> None:
    store = Store.open(folder, clock=lambda: NOW)
    token = store.records.change_token()
    answers(folder, store)
    assert kept_file(folder).is_file()
    assert store.records.change_token() == token  # no change for the consoles
    assert not [rel for rel in store.engine.files() if index_kept.NAME in rel]


def test_a_piece_is_kept_only_when_it_reads_back_the_same(folder: Path) -> None:
    store = Store.open(folder, clock=lambda: NOW)
    derived = store.records.derived
    rels = list(derived.relationships().values())
    volunteers = (list(derived.volunteers().values()), derived.fit())
    bucket = index_kept._bucket(store.engine, index_file(rels[0].id))
    for form, value in (
        (index_kept._RELS, rels),
        (index_kept._CLIENTS, list(derived.clients().values())),
        (index_kept._VOLUNTEERS, volunteers),
    ):
        raw = form.dumped(value)
        assert raw is not None and form.load(orjson.loads(raw)) == value
    raw = index_kept._BUCKET.dumped(bucket)
    assert raw is not None
    summaries, reported = index_kept._BUCKET.load(orjson.loads(raw))
    fields = index_kept._SUMMARY_FIELDS
    assert summaries == {k: tuple(e[f] for f in fields) for k, e in bucket[0].items()}
    assert reported == bucket[1]
    # a time where a day is kept, a text where a state is, a true for a number: not kept
    for odd in (
        replace(rels[0], start=datetime(2025, 1, 2, 10, 0)),
        replace(rels[0], state="active"),
        replace(rels[0], max_meetings=True),
    ):
        assert index_kept._RELS.dumped([*rels[1:], odd]) is None
    summaries, reported = bucket
    key = next(iter(summaries))
    odd_entry = {**summaries[key], "held": float(summaries[key]["held"])}
    assert index_kept._BUCKET.dumped(({**summaries, key: odd_entry}, reported)) is None


def test_an_index_of_the_older_form_is_read_as_before(folder: Path, read: list[str]) -> None:
    """Summaries without their held days and volunteers' facts without their fitness days (an
    older Tuki's): that bucket is read each time, the volunteers' records are read for the
    days, and the alerts are those of the files."""
    answers(folder)
    store = Store.open(folder, clock=lambda: NOW)
    rid = quiet(folder)
    bucket = index_file(rid)
    with store.engine.transaction() as tx:
        for key, entry in tx.table(bucket, SUMMARIES).items():
            tx.put(bucket, SUMMARIES, int(key), {k: v for k, v in entry.items() if k != "days"})
        vols = FACT_FILES[Volunteer]
        for key, row in tx.table(vols, FACTS).items():
            tx.put(vols, FACTS, int(key), {"r": row["r"][: len(VOLUNTEER_FIELDS)]})
    assert Store.open(folder).records.derived.fit() is None
    expected = of_the_files(folder)
    for _ in range(2):
        read.clear()
        assert answers(folder) == expected
        assert read == [bucket] * 4  # (two days, list and counts), not kept


@needs_fork
@fork_warning
def test_a_change_left_half_done_is_finished_and_seen(folder: Path) -> None:
    """A writer killed after its journal, before its files: the next reader finishes the
    change (as reading the files does) and its alerts hold it, not what was kept before."""
    answers(folder)
    rid = quiet(folder)
    bucket = index_file(rid)
    entry = Store.open(folder).engine.table(bucket, SUMMARIES)[str(rid)]
    met = {**entry, "held": entry["held"] + 1, "last_held": TODAY.isoformat()}
    reader = Store.open(folder, clock=lambda: NOW)
    reader.records.settings()  # (read before: the index is the first file it reads again)

    def child() -> None:
        engine = Store.open(folder).engine
        install_kill_point(("before_replace", 2))  # the journal in place, no file yet
        with engine.transaction() as tx:
            tx.put(bucket, SUMMARIES, rid, met)
            tx.put("reports/2099-01.json", "reports", 1, {"month": "2099-01-01"})  # (a new file)
        os._exit(0)

    process = fork_context().Process(target=child)
    process.start()
    process.join(60)
    assert process.exitcode == -signal.SIGKILL
    assert (folder / JOURNAL).exists()
    alerts = reader.alerts.list(TODAY, NOW)
    assert not (folder / JOURNAL).exists()
    assert (AlertKind.NO_MEETING, rid) not in {(a.kind, a.subject.id) for a in alerts}
    assert answers(folder) == of_the_files(folder)
