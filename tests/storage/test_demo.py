"""The demo data: repeatable, valid in every record, and showing every case the console knows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from tinydb import TinyDB

from data.dates import HELSINKI, add_months, month_start
from data.demo import SCALES, generate
from data.errors import Refused
from data.model.contact import Contact
from data.model.history import Change
from data.model.payments import PaymentRun
from data.models import (
    PHASE_ORDER,
    Client,
    Concern,
    Guardian,
    Meeting,
    MeetingStatus,
    MonthlyReport,
    Palaveri,
    Record,
    Relationship,
    SocialWorker,
    State,
    Step,
    Volunteer,
    VolunteerKind,
)
from data.rules.alerts import AlertKind
from data.rules.fitness import fit_days
from data.storage.check import check
from data.storage.layout import (
    CONTACTS,
    COUNTERS,
    FLAT,
    HISTORY,
    MEETINGS,
    PALAVERIT,
    REPORTS,
    RUNS,
    SUMMARIES,
    summarise,
)
from data.store import Store
from data.store.history import ref_of

TODAY = date(2026, 3, 18)  # a fixed day in the past: the data depend only on it and the seed
SHARDED: dict[str, type[Record]] = {
    MEETINGS: Meeting,
    PALAVERIT: Palaveri,
    REPORTS: MonthlyReport,
    CONTACTS: Contact,  # a professional service's contacts with the network (issue 16)
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    stats = generate(folder, scale="small", seed=7, today=TODAY)
    assert stats.clients == SCALES["small"].clients
    assert stats.volunteers == SCALES["small"].volunteers
    assert stats.meetings > 0 and stats.reports > 0
    return folder


@pytest.fixture(scope="module")
def store(demo: Path) -> Store:
    return Store.open(demo)


def _contents(folder: Path) -> dict[str, Any]:
    """Every file's parsed content, without the random write token."""
    out: dict[str, Any] = {}
    for path in sorted(folder.rglob("*.json")):
        doc = orjson.loads(path.read_bytes())
        doc.get("_meta", {}).get("1", {}).pop("token", None)
        out[path.relative_to(folder).as_posix()] = doc
    return out


def test_same_seed_and_day_give_the_same_data(tmp_path: Path, demo: Path) -> None:
    generate(tmp_path / "again", scale="small", seed=7, today=TODAY)
    assert _contents(tmp_path / "again") == _contents(demo)
    generate(tmp_path / "other", scale="small", seed=8, today=TODAY)
    assert _contents(tmp_path / "other") != _contents(demo)


def test_refuses_a_folder_that_holds_data(demo: Path) -> None:
    with pytest.raises(Refused):
        generate(demo, scale="small", seed=7, today=TODAY)


def test_unknown_scale(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path / "x", scale="galactic")


def test_every_record_is_stored_exactly_as_the_models_would(demo: Path) -> None:
    """Validate every record, and check that dumping it again gives the same stored form."""
    flat = {place.file: (place.table, model) for model, place in FLAT.items()}
    # the demo's few changes (data/demo/changes.py), kept where the Store keeps them
    kept: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for path in sorted((demo / "history").rglob("*.json")):
        for row in orjson.loads(path.read_bytes())[HISTORY].values():
            kept.setdefault((row["kind"], row["ref"]), []).append(row)
    assert {kind for kind, _ in kept} == {"client", "relationship", "concern"}
    checked = 0
    for path in sorted(demo.rglob("*.json")):
        rel = path.relative_to(demo).as_posix()
        if rel.startswith("access/"):  # the access log, no records (test_access_log.py)
            continue
        doc = orjson.loads(path.read_bytes())
        runs = doc.pop(RUNS, {})  # the past months' payment runs, approved through the Store
        for row in runs.values():
            assert PaymentRun.model_validate(row).approved_by == "demo"
        assert list(doc)[-1] == "_meta"
        for table, rows in doc.items():
            if table == "_meta":
                continue
            if rel in flat:
                assert table == flat[rel][0]
                model = flat[rel][1]
            elif rel.startswith("index/"):
                continue  # derived: compared with the records by check() below
            elif rel == COUNTERS:
                continue  # compared with every file's own counter below
            elif rel.startswith("history/"):
                model = Change
            else:
                model = SHARDED[table]
            if table != REPORTS:  # reports are keyed by relationship: no counter to keep
                next_id = doc["_meta"]["1"]["next"][table]
                assert next_id == max((int(k) for k in rows), default=0) + 1
            for key, row in rows.items():
                record = model.model_validate(row)
                assert record.model_dump(mode="json", by_alias=True) == row, (rel, key)
                assert str(record.id) == key
                if isinstance(record, Change):  # made by a coordinator, never changed
                    assert record.version == 1 and record.created_by == record.by != "demo"
                    continue
                changes = kept.get((record.kind_name, ref_of(record)), [])
                assert record.version == 1 + len(changes)
                assert record.created_by == "demo"
                assert record.changed_by == (changes[-1]["by"] if changes else "demo")
                assert record.created_at is not None and record.created_at.tzinfo is not None
                if changes:
                    last = datetime.fromisoformat(changes[-1]["at"])
                    assert record.created_at < record.changed_at == last
                else:
                    assert record.created_at == record.changed_at
                checked += 1
    assert checked > 500
    counters = orjson.loads((demo / COUNTERS).read_bytes())["counters"]["1"]
    for rel, (table, _) in flat.items():
        rows = orjson.loads((demo / rel).read_bytes())
        assert counters[rel] == rows["_meta"]["1"]["next"][table], rel
    assert counters["reports"].split() == sorted(p.stem for p in (demo / "reports").glob("*.json"))


def test_index_matches_the_shards_and_tinydb_opens_every_file(demo: Path, store: Store) -> None:
    assert store.engine.files("index")
    entries = store.meetings.summaries()
    for rel in store.engine.files("rel"):
        rid = int(Path(rel).stem)
        expected = summarise(store.engine.table(rel, MEETINGS))
        found = store.engine.table(f"index/{rid % 64:02d}.json", SUMMARIES)[str(rid)]
        assert found == expected
        assert rid in entries
    for path in demo.rglob("*.json"):
        db = TinyDB(path)
        assert db.tables()
        db.close()
    report = check(store.engine)
    assert report.findings == []


def test_the_store_reads_everything(store: Store) -> None:
    clients = store.records.list(Client)
    volunteers = store.records.list(Volunteer)
    relationships = store.records.list(Relationship)
    assert (
        store.records.list(Guardian)
        and store.records.list(SocialWorker)
        and store.records.list(Concern)
    )
    settings = store.records.settings()
    assert settings.programme_name == "Kymenlaakson tukihenkilötoiminta"
    assert settings.organiser
    assert any(w.programme for w in store.records.list(SocialWorker))
    guardians = {g.id for g in store.records.list(Guardian)}
    for client in clients:
        assert set(client.guardian_ids) <= guardians
        if client.kind.value == "child":
            assert 1 <= len(client.guardian_ids) <= 2
        assert client.social_worker_id is not None
    by_id = {v.id: v for v in volunteers}
    months: set[date] = set()
    for rel in relationships:
        meetings = store.meetings.of(rel.id or 0)
        store.palaverit.of(rel.id or 0)
        held = [m for m in meetings if m.held]
        if rel.agreement is not None:
            assert len(held) <= rel.agreement.max_meetings
            assert all(m.on >= rel.agreement.start for m in meetings)
        if rel.ended_on is not None:
            assert all(m.on <= rel.ended_on for m in meetings)
        if rel.is_open:
            volunteer = by_id[rel.volunteer_id]
            assert volunteer.approved
            assert sum(
                1 for r in relationships if r.volunteer_id == volunteer.id and r.is_open
            ) <= (volunteer.capacity)
        assert (rel.service is VolunteerKind.PEER) == (
            by_id[rel.volunteer_id].kind is VolunteerKind.PEER
        )
        months.update(date(m.on.year, m.on.month, 1) for m in held)
    reports = [r for month in months for r in store.reports.in_month(month)]
    assert reports
    assert set(store.meetings.summaries()) <= {r.id for r in relationships}


def test_every_case_is_present(store: Store) -> None:
    volunteers = store.records.list(Volunteer)
    states = {v.state for v in volunteers}
    for step in (
        Step.APPLIED,
        Step.SUITABILITY,
        Step.ORIENTED,
        Step.EXTRACT_SHOWN,
        Step.APPROVED,
        Step.PAUSED,
        Step.LEFT,
    ):
        assert step in states, step
    kinds = {v.kind for v in volunteers}
    assert {VolunteerKind.PROFESSIONAL, VolunteerKind.PEER, VolunteerKind.SUPPORT_FAMILY} <= kinds

    relationships = store.records.list(Relationship)
    assert {r.state for r in relationships} == set(State)
    professional = [r for r in relationships if r.service is VolunteerKind.PROFESSIONAL]
    assert {r.phase for r in professional} >= set(PHASE_ORDER)
    assert all(p.since for r in professional for p in r.phases)
    assert len({r.end_reason for r in relationships if r.end_reason}) >= 5
    # a support family: about a weekend a month, at most about twelve a year, no minutes count
    family = [r for r in relationships if r.service is VolunteerKind.SUPPORT_FAMILY]
    assert family and all(r.agreement for r in family)
    for r in family:
        assert r.agreement is not None and r.agreement.meetings_per_month == 1
        years = (r.agreement.planned_end - r.agreement.start).days / 365
        assert r.agreement.max_meetings <= 12 * years + 2, r.agreement
        weekends = [m for m in store.meetings.of(r.id or 0) if m.until is not None]
        assert weekends and all(m.duration_min is None for m in weekends)

    concerns = store.records.list(Concern)
    assert any(not c.notified for c in concerns)
    assert any(c.closed_at is not None and c.follow_ups for c in concerns)
    assert all(c.noticed_at.tzinfo is not None for c in concerns)

    meetings = [m for r in relationships for m in store.meetings.of(r.id or 0)]
    assert any(m.status is MeetingStatus.CANCELLED for m in meetings)
    assert all(m.on <= TODAY for m in meetings)
    # issue 16: support-family weekends (Friday to Sunday) paid per weekend, hobby costs paid
    assert any(m.until is not None and (m.until - m.on).days == 2 for m in meetings)
    paid = {(x.item.value, x.quantity > 1) for run in _approved_runs(store) for x in run.lines}
    assert {("fee", True), ("costs", False)} <= paid
    assert any(
        p.finished and p.kind.value == "start"
        for r in relationships
        for p in store.palaverit.of(r.id or 0)
    )


def _approved_runs(store: Store) -> list[PaymentRun]:
    back = [add_months(month_start(TODAY), -n) for n in range(1, 7)]
    return [run for m in back if (run := store.payments.approved(m)) is not None]


def test_the_console_has_something_to_say(store: Store) -> None:
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=HELSINKI)
    kinds = {a.kind for a in store.alerts.list(today=TODAY, now=now)}
    for kind in (
        AlertKind.CONCERN_UNNOTIFIED,
        AlertKind.NO_MEETING,
        AlertKind.REPORT_MISSING,
        AlertKind.PLANNED_END,
        AlertKind.MAX_NEAR,
        AlertKind.REVIEW_DUE,
        AlertKind.ARRANGE_START,
        AlertKind.CLIENT_WAITING,
        AlertKind.VETTING_STUCK,
    ):
        assert kind in kinds, kind
    assert AlertKind.MAX_REACHED not in kinds


def test_default_day_is_today_and_the_new_concern_is_hours_old(tmp_path: Path) -> None:
    stats = generate(tmp_path / "now", scale="small", seed=3)
    store = Store.open(tmp_path / "now")
    unnotified = [c for c in store.records.list(Concern) if not c.notified]
    assert len(unnotified) == 1
    age = datetime.now(HELSINKI) - unnotified[0].noticed_at
    assert timedelta(hours=3) <= age < timedelta(hours=4)
    assert stats.today == date.today() or stats.today == datetime.now(HELSINKI).date()


def test_the_days_counts_and_alerts_come_from_one_reading(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``tuki alerts`` and the start screen show together: the same as asked apart, with
    the facts read once."""
    from data.store.alerts import Alerts

    now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0, tzinfo=HELSINKI)
    apart = (store.alerts.counts(TODAY), store.alerts.list(TODAY, now))
    reads = []
    original = Alerts.input

    def counted(self: Alerts, today: Any = None) -> Any:
        reads.append(today)
        return original(self, today)

    monkeypatch.setattr(Alerts, "input", counted)
    assert store.alerts.day(TODAY, now) == apart
    assert len(reads) == 1


def test_what_the_days_alerts_read_of_the_index_is_what_the_records_and_shards_say(
    demo: Path,
) -> None:
    """The volunteers' newest extract and supervision days in their facts are those of their
    records, and the summaries read one by one are those made all at once."""
    fresh = Store.open(demo)
    derived = fresh.records.derived
    assert derived.fit() == fit_days(fresh.records.fields(Volunteer, "vetting", "sessions"))
    assert any(supervised for _, supervised in (derived.fit() or {}).values())
    read = derived.summaries_read()
    built = derived.summaries()
    assert len(read) == len(built) > 20 and dict(read.items()) == built
    assert read.get(10**9) is None
    assert dict(derived.summaries_read().items()) == built  # (once made, those are used)


def test_professional_services_have_our_thing_phases_and_contacts(store: Store) -> None:
    """Issue 16: the professional services at work (data/demo/contacts.py)."""
    services = [r for r in store.records.list(Relationship) if r.our_thing and len(r.phases) > 1]
    assert services
    kinds = {c.whom.value for r in services for c in store.contacts.of(r.id or 0)}
    assert {"school", "guardians", "phone_support"} <= kinds


def test_a_peer_pair_meets_alone_and_together_and_both_are_paid(store: Store) -> None:
    """Seed 003: two peer support persons in one relationship, each at some meetings alone,
    both paid by the month-end run (data/demo/pairs.py)."""
    pair = next(r for r in store.records.list(Relationship) if r.second_volunteer_id)
    assert pair.service is VolunteerKind.PEER and pair.id is not None
    met_by = {m.met_by for m in store.meetings.of(pair.id)}
    assert met_by == {None, *pair.volunteer_ids}
    month = date(TODAY.year, TODAY.month - 2, 1)
    paid = {line.volunteer_id for line in store.payments.run(month).paid}
    assert set(pair.volunteer_ids) <= paid
