"""Volunteers kept fit (issue 14) through the Store, on both engines: a volunteer whose
extract's re-check is overdue and a client not willing to take part are never proposed (one
pair, many pairs, the ranking and the whole-pool proposal), sessions are stored and refused as
they should be, and the day's alerts (kept answers included) follow the records."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from data.dates import add_months
from data.errors import Refused
from data.model.facts import FACT_FILES, FACTS, VOLUNTEER_FIELDS
from data.models import (
    ExtractShown,
    Intake,
    Left,
    Relationship,
    Session,
    SessionKind,
    Volunteer,
)
from data.rules.alerts import AlertKind
from data.rules.fitness import fit_days
from data.rules.matching import MatchRefused
from data.store import Store
from tests import factories as f
from tests.engines import reopen, snapshot

USER = f.USER


def overdue(store: Store[Any], **over: Any) -> Volunteer:
    """An approved volunteer whose extract was shown three years and a month ago."""
    start = add_months(f.today(), -37) - timedelta(days=21)
    return f.volunteer(store, vetting=f.vetting(start), **over)


def test_an_overdue_re_check_is_refused_until_a_new_extract_is_recorded(
    any_store: Store[Any],
) -> None:
    store = any_store
    client, v = f.client(store), overdue(store)
    before = snapshot(store)
    with pytest.raises(Refused) as exc:
        store.relationships.propose(USER, Relationship(client_id=client.id, volunteer_id=v.id))
    assert exc.value.code == "extract_recheck_overdue"
    with pytest.raises(MatchRefused) as many:
        store.matching.propose_many(USER, [(client.id, v.id)])
    assert [r.code for r in many.value.reasons] == ["extract_recheck_overdue"]
    assert snapshot(store) == before  # nothing stored
    ranking = store.matching.shortlist(client.id or 0)
    assert ranking.exclusion(v.id or 0).codes == ["extract_recheck_overdue"]  # type: ignore[union-attr]
    assert v.id not in {p.suggestion.volunteer_id for p in store.matching.pool_proposal()}

    again = ExtractShown(extract_date=f.ago(5), on=f.ago(1), by="Sanna Koskinen")
    v = store.people.add_vetting_step(USER, v.id or 0, v.version, again)
    assert v.approved and v.recheck_due(36) == add_months(f.ago(1), 36)
    assert store.matching.shortlist(client.id or 0).suggestion(v.id or 0) is not None
    assert [p.suggestion.volunteer_id for p in store.matching.pool_proposal()] == [v.id]
    rel = store.relationships.propose(USER, Relationship(client_id=client.id, volunteer_id=v.id))
    assert rel.volunteer_id == v.id


def test_the_re_check_interval_is_the_settings(any_store: Store[Any]) -> None:
    store = any_store
    client, v = f.client(store), overdue(store)
    settings = store.records.settings()
    store.records.save_settings(USER, settings.model_copy(update={"extract_recheck_months": 48}))
    rel = store.relationships.propose(USER, Relationship(client_id=client.id, volunteer_id=v.id))
    assert rel.state.value == "proposed"


def test_a_client_not_willing_is_never_proposed(any_store: Store[Any]) -> None:
    store = any_store
    client = f.client(store, intake=Intake(willing=False))
    v = f.volunteer(store)
    before = snapshot(store)
    with pytest.raises(Refused) as exc:
        store.relationships.propose(USER, Relationship(client_id=client.id, volunteer_id=v.id))
    assert exc.value.code == "client_unwilling"
    with pytest.raises(MatchRefused) as many:
        store.matching.propose_many(USER, [(client.id, v.id)])
    assert [r.code for r in many.value.reasons] == ["client_unwilling"]
    assert snapshot(store) == before
    assert store.matching.shortlist(client.id or 0).suggestions == []
    assert store.matching.pool_proposal() == []
    # willing now (the checklist changed): proposed
    store.records.revise(USER, type(client), client.id or 0, client.version,
                         changes={"intake": {"met": [], "willing": True}})  # fmt: skip
    assert [p.client_id for p in store.matching.pool_proposal()] == [client.id]


def test_a_client_not_asked_yet_may_be_proposed(any_store: Store[Any]) -> None:
    store = any_store
    client, v = f.client(store), f.volunteer(store)
    assert client.intake.willing is None
    rel = store.relationships.propose(USER, Relationship(client_id=client.id, volunteer_id=v.id))
    assert rel.client_id == client.id


def test_a_session_is_stored_in_date_order(any_store: Store[Any]) -> None:
    store = any_store
    v = f.volunteer(store)
    first = Session(on=f.ago(3), hours=Decimal("1.5"), topic="Ryhmätyönohjaus")
    v = store.people.add_session(USER, v.id or 0, v.version, first)
    earlier = Session(on=f.ago(40), hours=Decimal(4), kind=SessionKind.TRAINING)
    v = store.people.add_session(USER, v.id or 0, v.version, earlier)
    stored = reopen(store).records.get(Volunteer, v.id or 0)
    assert stored.sessions == [earlier, first]
    assert stored.last_supervision() == f.ago(3)
    tomorrow = Session(on=f.ago(-1), hours=Decimal(2))  # a session late at night, in advance
    assert store.people.add_session(USER, v.id or 0, v.version, tomorrow).sessions[-1] == tomorrow


def test_a_session_ahead_of_tomorrow_or_for_someone_who_left_is_refused(
    any_store: Store[Any],
) -> None:
    store = any_store
    v = f.volunteer(store)
    before = snapshot(store)
    with pytest.raises(Refused) as exc:
        store.people.add_session(
            USER, v.id or 0, v.version, Session(on=f.ago(-2), hours=Decimal(2))
        )
    assert exc.value.code == "session_in_future"
    assert snapshot(store) == before
    v = store.people.add_vetting_step(USER, v.id or 0, v.version, Left(on=f.today()))
    before = snapshot(store)
    with pytest.raises(Refused) as left:
        store.people.add_session(
            USER, v.id or 0, v.version, Session(on=f.today(), hours=Decimal(2))
        )
    assert left.value.code == "volunteer_left"
    assert snapshot(store) == before


def kinds(store: Store[Any]) -> dict[AlertKind, set[str]]:
    _, found = store.alerts.day()
    out: dict[AlertKind, set[str]] = {}
    for a in found:
        out.setdefault(a.kind, set()).add(a.subject.name)
    return out


def test_the_days_alerts_follow_the_re_check_and_the_sessions(any_store: Store[Any]) -> None:
    store = any_store
    rel = f.active(store)  # its volunteer approved 400 days ago, no supervision recorded
    v = store.records.get(Volunteer, rel.volunteer_id)
    late = overdue(store, first_name="Olli")
    found = kinds(store)
    assert found[AlertKind.SUPERVISION_MISSING] == {v.name}  # Olli supports nobody
    assert found[AlertKind.EXTRACT_OVERDUE] == {late.name}
    assert kinds(reopen(store)) == found  # the kept answer of another process: the same
    v = store.people.add_session(
        USER, v.id or 0, v.version, Session(on=f.today(), hours=Decimal(2))
    )
    shown = ExtractShown(extract_date=f.today(), on=f.today(), by="Sanna Koskinen")
    store.people.add_vetting_step(USER, late.id or 0, late.version, shown)
    found = kinds(store)
    assert AlertKind.SUPERVISION_MISSING not in found and AlertKind.EXTRACT_OVERDUE not in found
    assert kinds(reopen(store)) == found


def test_the_days_kept_fit_are_read_from_the_facts_as_from_the_records(
    any_store: Store[Any],
) -> None:
    """The day's alerts read the volunteers' newest extract and supervision days from their
    facts (a small file), the same days as their records give; facts of the older form
    without them send the alerts to the records, with the same alerts, and ``tuki check``
    does not count such facts out of date."""
    store = any_store
    rel = f.active(store)
    v = store.records.get(Volunteer, rel.volunteer_id)
    late = overdue(store, first_name="Olli")
    store.people.add_session(USER, v.id or 0, v.version, Session(on=f.today(), hours=Decimal(1)))
    earlier = f.today() - timedelta(days=40)
    v = store.records.get(Volunteer, v.id or 0)
    store.people.add_session(USER, v.id or 0, v.version, Session(on=earlier, hours=Decimal(1)))
    training = Session(on=f.today(), hours=Decimal(1), kind=SessionKind.TRAINING)
    store.people.add_session(USER, late.id or 0, late.version, training)
    stored = store.records.fields(Volunteer, "vetting", "sessions")
    fresh = reopen(store)
    assert fresh.records.derived.fit() == fit_days(stored)
    assert fresh.records.derived.fit()[v.id or 0][1] == f.today()  # the newest, not the last
    assert (late.id or 0) not in {k for k, (_, on) in fit_days(stored).items() if on}
    found = fresh.alerts.list()
    # the facts as an older Tuki wrote them: the records are read instead, to the same alerts
    with store.records.transaction() as tx:
        for key, row in dict(tx.table(FACT_FILES[Volunteer], FACTS)).items():
            tx.put(FACT_FILES[Volunteer], FACTS, int(key), {"r": row["r"][: len(VOLUNTEER_FIELDS)]})
    older = reopen(store)
    assert older.records.derived.fit() is None
    assert older.alerts.list() == found
    assert older.records.derived.differences() == []
