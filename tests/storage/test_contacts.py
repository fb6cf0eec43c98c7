"""Contacts with the network and the summary of the work done (issue 16, seed 002): a contact
is stored in its relationship's shard, corrected with its history kept, removed after the
version check; the summary holds the period's meetings, contacts, costs and goal ratings and
nothing outside the period; the refusals."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from data.dates import HELSINKI, now_helsinki
from data.errors import NotFound, Refused
from data.model.contact import Contact, ContactHow, ContactWith
from data.model.measures import GoalRating
from data.model.register import UserRole
from data.models import (
    Agreement,
    Decisions,
    Goal,
    Meeting,
    Palaveri,
    PalaveriKind,
    PhaseEntry,
    Relationship,
    State,
    VolunteerKind,
)
from data.outputs.summary import summary_markdown
from data.storage.check import check
from data.storage.layout import CONTACTS, shard
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=HELSINKI)


def contact(rid: int, day: date, **over: object) -> Contact:
    fields: dict[str, object] = {
        "relationship_id": rid,
        "at": at(day),
        "whom": ContactWith.SCHOOL,
        "name": "luokanopettaja Laine",
        "how": ContactHow.PHONE,
        "minutes": 15,
        "note": "Sovittu yhteistyöstä",
        **over,
    }
    return Contact.model_validate(fields)


def professional(store: Store) -> Relationship:
    f.rates(store)
    c, v = f.client(store), f.volunteer(store, kind=VolunteerKind.PROFESSIONAL)
    start = ago(200)
    agreement = Agreement(start=start, planned_end=start + timedelta(days=365), max_meetings=50)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement), on=ago(210)
    )
    rel = store.relationships.set_state(USER, rel.id or 0, rel.version, State.STARTING, start)
    rel = store.relationships.set_state(USER, rel.id or 0, rel.version, State.ACTIVE, start)
    goals = [Goal(id=1, text="Koulunkäynti sujuu", set_on=ago(200))]
    phases = [PhaseEntry(phase="start", since=ago(200)), PhaseEntry(phase="trust", since=ago(90))]
    update = {"goals": goals, "phases": phases, "our_thing": "Kiipeily"}
    return store.records.update(USER, rel.model_copy(update=update))


def test_a_contact_is_stored_in_the_shard_corrected_and_removed(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    rel = professional(store)
    rid = rel.id or 0
    saved = store.contacts.log(USER, contact(rid, ago(3)))
    assert saved.ref == f"{rid}-1" and saved.created_by == USER
    assert list(store.engine.table(shard(rid), CONTACTS)) == ["1"]  # beside the meetings
    assert store.contacts.of(rid) == [saved]
    fixed = store.contacts.change(USER, saved.model_copy(update={"minutes": 30}))
    assert fixed.version == 2 and store.contacts.get(rid, 1).minutes == 30
    [change] = store.contacts.history(fixed)
    assert change.fields["minutes"] == (15, 30)
    assert not [p for p in check(store.engine).findings if not p.info]  # the folder is in order
    with pytest.raises(Refused):  # an older version is not removed unseen
        store.contacts.remove(USER, rid, 1, saved.version)
    store.contacts.remove(USER, rid, 1, fixed.version)
    assert store.contacts.of(rid) == []
    assert store.contacts.history(fixed)[-1].fields["note"] == ("Sovittu yhteistyöstä", None)


def test_contacts_are_refused_with_the_wrong_relationship_or_a_bad_duration(
    any_store: Store,
) -> None:
    store = any_store
    rel = professional(store)
    rid = rel.id or 0
    with pytest.raises(NotFound):
        store.contacts.log(USER, contact(rid + 99, ago(1)))
    waiting = store.relationships.propose(
        USER, Relationship(client_id=f.client(store).id, volunteer_id=f.volunteer(store).id)
    )
    with pytest.raises(Refused) as refused:
        store.contacts.log(USER, contact(waiting.id or 0, ago(1)))
    assert refused.value.code == "contact_not_started"
    with pytest.raises(Refused) as refused:
        store.contacts.log(USER, contact(rid, ago(400)))  # before the agreement's start
    assert refused.value.code == "contact_before_start"
    for minutes in (0, 12 * 60 + 1):
        with pytest.raises(ValueError):
            contact(rid, ago(1), minutes=minutes)
    with pytest.raises(ValueError, match="ahead of its time"):
        contact(rid, ago(0), at=now_helsinki() + timedelta(hours=2))
    with pytest.raises(ValueError, match="with whom"):
        contact(rid, ago(1), whom=ContactWith.OTHER, name="")
    assert store.contacts.of(rid) == []


def test_a_reader_logs_no_contact(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    rel = professional(store)
    settings = store.records.settings()
    users = {USER: UserRole.ADMIN, "rita": UserRole.READER}
    store.records.save_settings(USER, settings.model_copy(update={"users": users}))
    with pytest.raises(Refused) as refused:
        store.contacts.log("rita", contact(rel.id or 0, ago(1)))
    assert refused.value.code == "role_refused"
    assert store.contacts.of(rel.id or 0) == []


def test_the_summary_holds_the_periods_work_and_nothing_outside_it(any_store: Store) -> None:
    store = any_store
    rel = professional(store)
    rid = rel.id or 0
    log = store.meetings.log
    log(USER, Meeting(relationship_id=rid, on=ago(20), activity="Kiipeily", duration_min=90,
                      costs=Decimal("12.50"), km=Decimal("14.0")))  # fmt: skip
    log(USER, Meeting(relationship_id=rid, on=ago(120), activity="Vanha keilailu"))
    store.contacts.log(USER, contact(rid, ago(10), note="Koulun kanssa sovittu"))
    store.contacts.log(
        USER, contact(rid, ago(130), whom=ContactWith.PHONE_SUPPORT, name="", note="Vanha soitto")
    )
    plan = Palaveri(
        relationship_id=rid,
        kind=PalaveriKind.CLIENT_PLAN,
        on=ago(15),
        decisions=Decisions(ratings=[GoalRating(goal_id=1, rating=4)]),
    )
    draft = store.palaverit.save(USER, plan)
    store.palaverit.finish(USER, rid, draft.id or 0, draft.version)
    text = summary_markdown(store, rid, ago(60), ago(0), ago(0), "fi")
    assert "Kiipeily" in text and "1,5 tuntia" in text and "12,50 €" in text
    assert "Koulu (luokanopettaja Laine)" in text and "Koulun kanssa sovittu" in text
    assert "Koulunkäynti sujuu: 4" in text and "Meidän juttu: Kiipeily" in text
    assert "- aloitus alkaen" in text and "- luottamuksen rakentaminen alkaen" in text  # phases
    assert "Vanha keilailu" not in text and "Vanha soitto" not in text  # outside the period


def test_our_thing_is_set_by_the_start_meeting(any_store: Store) -> None:
    from data.outputs.minutes import minutes_markdown
    from tests.unit.test_palaverit import proposed, start_decisions, start_draft

    store = any_store
    rel = proposed(store, kind=VolunteerKind.PROFESSIONAL)
    draft = store.palaverit.save(
        USER, start_decisions(start_draft(store, rel), our_thing="Kalastus Kymijoella")
    )
    store.palaverit.finish(USER, rel.id or 0, draft.id or 0, draft.version)
    assert store.records.get(Relationship, rel.id or 0).our_thing == "Kalastus Kymijoella"
    minutes = minutes_markdown(store, rel.id or 0, draft.id or 0, "fi")
    assert "Meidän juttu (yhteinen tekeminen): Kalastus Kymijoella" in minutes


def test_check_lists_a_lost_contact_not_a_removed_one_and_repair_keeps_its_id(
    tmp_path: Path,
) -> None:
    from data.storage.repair import repair
    from tests.storage.test_storage_repair import damage, keep_backup
    from tests.storage_helpers import fold_log

    store = Store.open(tmp_path / "data")
    rid = professional(store).id or 0
    first = store.contacts.log(USER, contact(rid, ago(9)))
    store.contacts.remove(USER, rid, first.id or 0, first.version)  # removed: not lost
    keep_backup(store)
    later = [store.contacts.log(USER, contact(rid, ago(d))) for d in (5, 4)]
    assert [c.id for c in later] == [2, 3]
    fold_log(store.engine)
    assert not [p for p in check(store.engine).findings if not p.info]
    damage(store.folder / shard(rid))  # the backup's shard and what can be read of the rest
    ahead = check(Store.open(store.folder).engine)
    lost = [x.params for x in ahead.findings if x.code == "item_lost"]
    assert [(p.get("kind"), p.get("ref")) for p in lost] == [("contact", f"{rid}-3")]
    report = repair(Store.open(store.folder).engine, USER)
    assert ("contact", f"{rid}-3", "lost") in {(i.kind, i.ref, i.code) for i in report.lost}
    again = Store.open(store.folder)
    assert [c.id for c in again.contacts.of(rid)] == [2]  # (read from the damaged file)
    assert again.contacts.log(USER, contact(rid, ago(1))).id == 4  # no id handed out twice
    assert check(again.engine).ok
