"""The service API: what is stored, who did it, what is refused; a refusal changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from data.dates import now_helsinki
from data.errors import ConflictError, NotFound, Refused
from data.models import (
    Agreement,
    Applied,
    Approved,
    CancelReason,
    Client,
    ClientKind,
    Concern,
    EndReason,
    ExtractShown,
    FollowUp,
    Meeting,
    MeetingStatus,
    MonthlyReport,
    Notification,
    NotifyTarget,
    Oriented,
    Relationship,
    State,
    Step,
    SuitabilityAssessed,
    Volunteer,
    VolunteerKind,
)
from data.store import Store
from tests import factories as f
from tests.engines import reopen, snapshot
from tests.factories import USER, ago


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on both engines (memory and JSON files), but the repair test."""
    return any_store


def test_add_stamps_who_and_when_and_update_bumps_the_version(store: Store) -> None:
    c = f.client(store)
    assert c.id is not None and c.version == 1
    assert c.created_by == USER == c.changed_by and c.created_at is not None
    assert c.created_at.utcoffset() is not None
    edited = store.records.update(
        "other.coordinator", c.model_copy(update={"school": "Karhulan koulu"})
    )
    again = store.records.get(Client, c.id)
    assert again.school == "Karhulan koulu" and again.version == 2
    assert again.created_by == USER and again.changed_by == "other.coordinator"
    assert edited == again


def test_an_update_that_changes_nothing_writes_nothing(store: Store) -> None:
    c = f.client(store)
    before = snapshot(store)
    same = store.records.update("other.coordinator", c.model_copy())
    assert same == c and same.version == 1 and same.changed_by == USER
    assert snapshot(store) == before  # not a byte written: no new version to conflict with
    revised = store.records.revise("other.coordinator", Client, c.id or 0, 1, {"school": c.school})
    assert revised == c and snapshot(store) == before
    # so an edit made meanwhile from version 1 still saves, without a spurious conflict
    edited = reopen(store).records.update("bert", c.model_copy(update={"school": "B"}))
    assert edited.version == 2 and edited.school == "B"


def test_two_edits_from_the_same_version_one_wins_one_conflicts(store: Store) -> None:
    c = f.client(store)
    store.records.update("anna", c.model_copy(update={"school": "A"}))
    before = snapshot(store)
    with pytest.raises(ConflictError) as exc:
        store.records.update("bert", c.model_copy(update={"phone": "040 765 4321"}))
    assert "anna" in str(exc.value) and "school" in exc.value.fields and "phone" in exc.value.fields
    assert (exc.value.stored["school"], exc.value.mine["phone"]) == ("A", "040 765 4321")
    assert snapshot(store) == before
    assert store.records.get(Client, c.id).school == "A"  # type: ignore[arg-type]


def test_links_to_missing_records_are_refused(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(NotFound):
        store.records.add(
            USER,
            Client(
                first_name="A",
                last_name="B",
                birth_date=ago(3000),
                municipality="Kotka",
                registered_on=ago(1),
                guardian_ids=[99],
            ),
        )
    assert snapshot(store) == before
    assert store.records.list(Client) == []


def test_acting_user_must_be_a_login_name(store: Store) -> None:
    with pytest.raises(Refused):
        f.client(store) and store.records.add(
            "not a login!",
            Volunteer(first_name="A", last_name="B", birth_year=1980, municipality="Kotka"),
        )


def test_search_matches_every_word_case_insensitively(store: Store) -> None:
    f.client(store)
    f.client(store, first_name="Eetu", last_name="Testinen")
    assert [c.first_name for c in store.records.search(Client, "eetu TEST")] == ["Eetu"]
    rel = f.active(store)
    assert [r.id for r in store.records.search(Relationship, "vapaaehtoinen")] == [rel.id]


def test_fields_reads_a_few_stored_fields_of_every_record(store: Store) -> None:
    """What a view of thousands of records reads instead of validating each: the stored
    values, None for one not stored, and a change seen at once."""
    assert not store.records.any(Client) and not store.records.any(Concern)
    first = f.client(store, municipality="Kotka", area="")
    assert store.records.any(Client) and not store.records.any(Volunteer)
    second = f.client(store, first_name="Eetu", municipality="Hamina", area="Summa")
    fields = store.records.fields(Client, "area", "municipality", "no_such_field")
    assert fields[first.id or 0][1:] == ("Kotka", None)
    assert fields[second.id or 0][:2] == ("Summa", "Hamina")
    store.records.update(USER, second.model_copy(update={"area": "Vehkalahti"}))
    assert store.records.fields(Client, "area")[second.id or 0] == ("Vehkalahti",)


def test_vetting_steps_one_by_one(store: Store) -> None:
    v = store.records.add(
        USER,
        Volunteer(
            first_name="Ville",
            last_name="V",
            birth_year=1980,
            municipality="Kotka",
            vetting=[Applied(on=ago(50))],
        ),
    )
    assert v.in_vetting and v.next_step() is Step.SUITABILITY
    with pytest.raises(Refused, match="needs 'suitability_assessed'"):
        store.people.add_vetting_step(USER, v.id, v.version, Oriented(on=ago(40), hours=6))  # type: ignore[arg-type]
    v = store.people.add_vetting_step(USER, v.id, v.version, SuitabilityAssessed(on=ago(45)))  # type: ignore[arg-type]
    v = store.people.add_vetting_step(USER, v.id, v.version, Oriented(on=ago(40), hours=6))  # type: ignore[arg-type]
    v = store.people.add_vetting_step(
        USER,
        v.id,
        v.version,  # type: ignore[arg-type]
        ExtractShown(extract_date=ago(60), on=ago(39), by=USER),
    )
    v = store.people.add_vetting_step(USER, v.id, v.version, Approved(on=ago(38)))  # type: ignore[arg-type]
    assert store.records.get(Volunteer, v.id).approved and v.version == 5  # type: ignore[arg-type]


def test_propose_checks_approval_kind_and_capacity(store: Store) -> None:
    c = f.client(store)
    newbie = store.records.add(
        USER,
        Volunteer(
            first_name="N",
            last_name="N",
            birth_year=1990,
            municipality="Kotka",
            vetting=[Applied(on=ago(5))],
        ),
    )
    with pytest.raises(Refused, match="not been approved"):
        store.relationships.propose(USER, Relationship(client_id=c.id, volunteer_id=newbie.id))  # type: ignore[arg-type]
    peer = f.volunteer(store, kind=VolunteerKind.PEER)
    with pytest.raises(Refused) as exc:
        store.relationships.propose(USER, Relationship(client_id=c.id, volunteer_id=peer.id))  # type: ignore[arg-type]
    assert exc.value.code == "kind_mismatch"
    parent = f.client(store, kind=ClientKind.PARENT, birth_date=ago(35 * 365))
    assert (
        store.relationships.propose(
            USER, Relationship(client_id=parent.id, volunteer_id=peer.id)
        ).service
        is VolunteerKind.PEER
    )  # type: ignore[arg-type]
    one = f.volunteer(store, capacity=1)
    rel = store.relationships.propose(USER, Relationship(client_id=c.id, volunteer_id=one.id))  # type: ignore[arg-type]
    assert rel.state is State.PROPOSED and rel.history[0].by == USER
    other = f.client(store)
    with pytest.raises(Refused) as exc:
        store.relationships.propose(USER, Relationship(client_id=other.id, volunteer_id=one.id))  # type: ignore[arg-type]
    assert exc.value.code == "no_capacity"


def test_log_meeting_refused_past_maximum_unless_reason(store: Store) -> None:
    rel = f.active(store, max_meetings=2)
    rid = rel.id
    assert rid is not None
    store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(30), duration_min=120))
    store.meetings.log(
        USER,
        Meeting(
            relationship_id=rid,
            on=ago(20),
            status=MeetingStatus.CANCELLED,
            cancel_reason=CancelReason.CHILD_ILL,
        ),
    )
    store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(10)))
    before = snapshot(store)
    with pytest.raises(Refused) as exc:
        store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(5)))
    assert exc.value.code == "over_max" and exc.value.params == {"n": 3, "max": 2}
    assert snapshot(store) == before
    m = store.meetings.log(
        USER, Meeting(relationship_id=rid, on=ago(5), over_max_reason="agreed by phone")
    )
    assert m.ref == f"{rid}-4"
    meetings = store.meetings.of(rid)
    assert [x.on for x in meetings] == [ago(30), ago(20), ago(10), ago(5)]
    summary = store.meetings.summary(rid)
    assert (summary.held, summary.cancelled, summary.last_held) == (3, 1, ago(5))


def test_meeting_dates_must_fit_the_relationship(store: Store) -> None:
    rel = f.active(store, start_days_ago=30)
    with pytest.raises(Refused) as exc:
        store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(31)))  # type: ignore[arg-type]
    assert exc.value.code == "before_start"
    c, v = f.client(store), f.volunteer(store)
    proposed = store.relationships.propose(USER, Relationship(client_id=c.id, volunteer_id=v.id))  # type: ignore[arg-type]
    with pytest.raises(Refused) as exc:
        store.meetings.log(USER, Meeting(relationship_id=proposed.id, on=ago(1)))  # type: ignore[arg-type]
    assert exc.value.code == "not_started"
    with pytest.raises(NotFound):
        store.meetings.log(USER, Meeting(relationship_id=999, on=ago(1)))


def test_first_held_meeting_makes_a_starting_relationship_active(store: Store) -> None:
    c, v = f.client(store), f.volunteer(store)
    agreement = Agreement(start=ago(20), planned_end=ago(20) + timedelta(days=365), max_meetings=24)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement), on=ago(30)
    )  # type: ignore[arg-type]
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, ago(20))  # type: ignore[arg-type]
    store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(10)))  # type: ignore[arg-type]
    after = store.records.get(Relationship, rel.id)  # type: ignore[arg-type]
    assert after.state is State.ACTIVE and after.since() == ago(10)


def test_state_changes_follow_the_allowed_paths(store: Store) -> None:
    rel = f.active(store)
    rid = rel.id
    assert rid is not None
    with pytest.raises(Refused) as exc:
        store.relationships.set_state(USER, rid, rel.version, State.PROPOSED, ago(1))
    assert exc.value.code == "bad_transition"
    rel = store.relationships.set_state(USER, rid, rel.version, State.PAUSED, ago(5))
    rel = store.relationships.set_state(USER, rid, rel.version, State.ACTIVE, ago(2))
    with pytest.raises(Refused) as exc:
        store.relationships.end(USER, rid, rel.version, ago(1), EndReason.OTHER)
    assert "why it ended" in str(exc.value)
    rel = store.relationships.end(USER, rid, rel.version, ago(1), EndReason.GOALS_MET)
    assert (
        rel.state is State.ENDED
        and rel.ended_on == ago(1)
        and rel.end_reason is EndReason.GOALS_MET
    )
    with pytest.raises(Refused):
        store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(0)))


def test_concern_is_raised_notified_followed_and_closed_never_deleted(store: Store) -> None:
    rel = f.active(store)
    noticed = now_helsinki() - timedelta(hours=2)
    concern = store.concerns.add(
        USER,
        Concern(
            client_id=rel.client_id,
            relationship_id=rel.id,
            noticed_at=noticed,
            what="Seemed afraid to go home",
        ),
    )
    assert not concern.notified
    with pytest.raises(Refused):  # cannot close before someone was told
        store.concerns.close(USER, concern.id, concern.version, now_helsinki(), "ok")  # type: ignore[arg-type]
    concern = store.concerns.notify(
        USER,
        concern.id,
        concern.version,
        Notification(  # type: ignore[arg-type]
            to=NotifyTarget.OWN_SOCIAL_WORKER, at=noticed + timedelta(minutes=30), by=USER
        ),
    )
    concern = store.concerns.mark_welfare_notification(
        USER, concern.id, concern.version, noticed + timedelta(hours=1)
    )  # type: ignore[arg-type]
    concern = store.concerns.follow_up(
        USER,
        concern.id,
        concern.version,
        FollowUp(  # type: ignore[arg-type]
            at=now_helsinki(), note="The social worker visited the family"
        ),
    )
    concern = store.concerns.close(USER, concern.id, concern.version, now_helsinki(), "followed up")  # type: ignore[arg-type]
    stored = store.records.get(Concern, concern.id)  # type: ignore[arg-type]
    assert stored.notified and stored.welfare_notification and not stored.is_open
    assert len(stored.follow_ups) == 1 and stored.version == 5
    assert not any(hasattr(store, name) for name in ("delete", "remove", "delete_concern"))


def test_monthly_report_one_per_month_and_relationship(store: Store) -> None:
    rel = f.active(store)
    month = ago(40).replace(day=1)
    r = store.reports.receive(
        USER,
        MonthlyReport(
            relationship_id=rel.id,
            month=month,  # type: ignore[arg-type]
            days_met=[month],
            received_on=ago(1),
        ),
    )
    r2 = store.reports.correct(
        USER,
        MonthlyReport(
            relationship_id=rel.id,
            month=month,  # type: ignore[arg-type]
            days_met=[month, month + timedelta(days=7)],
            received_on=ago(0),
            version=r.version,
        ),
    )
    assert r.id == r2.id == rel.id and r2.version == 2
    assert [len(x.days_met) for x in store.reports.in_month(month)] == [2]


def test_meetings_in_month_reads_only_what_it_needs(store: Store) -> None:
    a, b = f.active(store), f.active(store)
    store.meetings.log(USER, Meeting(relationship_id=a.id, on=ago(60)))  # type: ignore[arg-type]
    store.meetings.log(USER, Meeting(relationship_id=b.id, on=ago(1)))  # type: ignore[arg-type]
    month = ago(1).replace(day=1)
    found = store.meetings.in_month(month)
    assert [m.relationship_id for m in found] == [b.id]


def test_derived_facts_follow_every_change_in_the_same_commit(store: Store) -> None:
    rel = f.active(store)
    rid = rel.id or 0
    facts = store.records.derived.relationships()[rid]
    assert (facts.state, facts.client_id, facts.start) == (
        State.ACTIVE,
        rel.client_id,
        rel.agreement.start,
    )  # type: ignore[union-attr]
    rel = store.relationships.end(USER, rid, rel.version, ago(1), EndReason.FAMILY)
    assert store.records.derived.relationships()[rid].end_reason is EndReason.FAMILY
    c = store.records.get(Client, rel.client_id)
    store.records.update(USER, c.model_copy(update={"first_name": "Iida"}))
    assert store.records.derived.clients()[c.id].name == "Iida Esimerkki"  # type: ignore[index]
    # another process's view agrees, and nothing needs repair
    assert reopen(store).records.derived.differences() == []


def test_a_received_report_clears_the_missing_report_alert(store: Store) -> None:
    rel = f.active(store, start_days_ago=200)
    store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(2)))  # type: ignore[arg-type]
    missing = [a for a in store.alerts.list() if a.kind.value == "report_missing"]
    assert len(missing) == 1 and missing[0].detail["count"] >= 1
    from data.rules.alerts import report_months

    for month in report_months(f.today(), store.records.settings()):
        store.reports.receive(
            USER,
            MonthlyReport(
                relationship_id=rel.id, month=month, received_on=ago(0), no_meetings=True
            ),
        )  # type: ignore[arg-type]
    assert [a for a in store.alerts.list() if a.kind.value == "report_missing"] == []
    assert reopen(store).records.derived.differences() == []


def test_repair_rebuilds_a_damaged_or_stale_index(tmp_path: Path) -> None:
    from data.storage.check import check
    from data.storage.repair import repair

    store = Store.open(tmp_path / "store")  # about files: on the real engine only
    rel = f.active(store)
    store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(3)))  # type: ignore[arg-type]
    facts_file = store.folder / "index" / "relationships.json"
    facts_file.write_bytes(b'{"facts": {"1": ')
    report = repair(Store.open(store.folder).engine, "tuki")
    assert report.ok and any("damaged" in x.problem for x in report.findings)
    assert list(store.folder.glob("index/relationships.json.damaged-*"))  # kept aside, not deleted
    fresh = Store.open(store.folder)
    assert fresh.records.derived.relationships()[rel.id].state is State.ACTIVE  # type: ignore[index]
    assert check(fresh.engine).findings == []
