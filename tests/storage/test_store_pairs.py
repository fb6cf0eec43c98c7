"""Peer support persons in pairs (seed 003): one relationship with two peers, proposed and
changed through the store, both logging meetings, both paid by the month-end run, the pair
known wherever a volunteer's relationships are looked up, and the refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from data.errors import Refused
from data.model.payments import Item
from data.models import (
    Agreement,
    Client,
    ClientKind,
    FeeModel,
    FeeTerms,
    Meeting,
    Relationship,
    State,
    Volunteer,
    VolunteerKind,
)
from data.rules.matching import MatchRefused
from data.storage.check import check
from data.store import Store
from tests import factories as f
from tests.storage.test_store_payments import OCT, SEP, at, report

USER = f.USER
D = Decimal


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "d", clock=at(date(2026, 12, 4)))  # type: ignore[arg-type]


def peer(store: Store, first: str, **over: object) -> Volunteer:
    return f.volunteer(store, first_name=first, kind=VolunteerKind.PEER, **over)


def parent(store: Store) -> int:
    c = f.client(store, kind=ClientKind.PARENT, birth_date=date(1988, 5, 4), first_name="Pia")
    assert c.id is not None
    return c.id


def pair(store: Store, a: Volunteer, b: Volunteer, client_id: int) -> Relationship:
    return Relationship(
        client_id=client_id,
        volunteer_id=a.id,
        second_volunteer_id=b.id,
        service=VolunteerKind.PEER,
    )


def started(store: Store, proposal: Relationship) -> Relationship:
    terms = FeeTerms(model=FeeModel.MONTHLY, fee=D("96.70"), allowance=D("54.50"))
    agreement = Agreement(start=SEP, planned_end=date(2027, 9, 1), max_meetings=40, fee_terms=terms)
    rel = store.relationships.propose(
        USER, proposal.model_copy(update={"agreement": agreement}), on=SEP
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, SEP)
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, SEP)


def test_a_pair_is_proposed_logs_meetings_and_both_are_paid(store: Store) -> None:
    f.rates(store)
    anna, eero = peer(store, "Anna"), peer(store, "Eero")
    rel = started(store, pair(store, anna, eero, parent(store)))
    assert rel.id is not None and rel.volunteer_ids == (anna.id, eero.id)
    # each logs a meeting alone, then one together; who was there is kept
    alone = Meeting(relationship_id=rel.id, on=date(2026, 10, 6), km=D("10"), met_by=eero.id)
    both = Meeting(relationship_id=rel.id, on=date(2026, 10, 20), km=D("20"))
    # both there, Eero claims the travel (he drove)
    claimed = Meeting(relationship_id=rel.id, on=date(2026, 10, 27), km=D("5"), claimed_by=eero.id)
    store.meetings.log(USER, alone)
    store.meetings.log(USER, both)
    store.meetings.log(USER, claimed)
    assert [m.met_by for m in store.meetings.of(rel.id)] == [eero.id, None, None]
    stranger = alone.model_copy(update={"met_by": 999, "on": date(2026, 10, 8)})
    absent = alone.model_copy(update={"claimed_by": anna.id, "on": date(2026, 10, 8)})
    for wrong, code in ((stranger, "met_by_other"), (absent, "claimed_by_absent")):
        with pytest.raises(Refused) as other:
            store.meetings.log(USER, wrong)
        assert other.value.code == code
    store.reports.receive(USER, report(rel, OCT, 6, 20, 27, received=date(2026, 11, 2)))
    run = store.payments.run(OCT)
    by_person = {(x.volunteer_id, x.item): x.amount for x in run.paid}
    assert by_person == {
        (anna.id, Item.FEE): D("96.70"),
        (anna.id, Item.ALLOWANCE): D("54.50"),
        (eero.id, Item.FEE): D("96.70"),
        (eero.id, Item.ALLOWANCE): D("54.50"),
        (anna.id, Item.TRAVEL): D("6.00"),  # together: the first person's 20 km
        (eero.id, Item.TRAVEL): D("4.50"),  # alone: his own 10 km, and the 5 km he claimed
    }
    # the index knows the pair, a search by the second person finds it, the folder checks
    facts = store.records.relationship_facts()[rel.id]
    assert facts.volunteer_ids == (anna.id, eero.id)
    found = store.records.search(Relationship, "Eero")
    assert [r.id for r in found] == [rel.id]
    assert check(store.engine).ok


def test_refusals(store: Store) -> None:
    anna = peer(store, "Anna")
    pia = parent(store)
    alone = store.relationships.propose(USER, Relationship(client_id=pia, volunteer_id=anna.id))
    with pytest.raises(Refused) as same:
        store.pairs.set_second(USER, alone.id or 0, alone.version, anna.id)
    assert same.value.code == "second_same"
    with pytest.raises(ValidationError):  # the same as the model refuses it
        pair(store, anna, anna, pia)
    pia = parent(store)
    unapproved = peer(store, "Uuno", vetting=f.vetting(f.ago(30))[:2])
    with pytest.raises(Refused) as new:
        store.relationships.propose(USER, pair(store, anna, unapproved, pia))
    assert new.value.code == "not_approved"
    volunteer = f.volunteer(store, first_name="Ville")
    with pytest.raises(Refused) as kind:
        store.relationships.propose(USER, pair(store, anna, volunteer, pia))
    assert kind.value.code == "second_not_peer_person"
    child_rel = f.active(store)
    with pytest.raises(Refused) as not_peer:
        store.pairs.set_second(USER, child_rel.id or 0, child_rel.version, anna.id)
    assert not_peer.value.code == "second_not_peer"
    assert len(store.records.list(Relationship)) == 2  # nothing half-stored


def test_a_second_person_is_added_to_a_proposal_counts_and_is_removed(store: Store) -> None:
    anna, eero = peer(store, "Anna"), peer(store, "Eero", capacity=1)
    pia = parent(store)
    rel = store.relationships.propose(
        USER, Relationship(client_id=pia, volunteer_id=anna.id), on=SEP
    )
    assert rel.id is not None
    rel = store.pairs.set_second(USER, rel.id, rel.version, eero.id)
    assert rel.second_volunteer_id == eero.id
    changed = store.records.history("relationship", rel.id)
    assert changed[-1].fields["second_volunteer_id"] == (None, eero.id)
    # Eero's one place is taken by the pair: a second relationship of his is refused
    other = parent(store)
    with pytest.raises(Refused) as full:
        store.relationships.propose(USER, Relationship(client_id=other, volunteer_id=eero.id))
    assert full.value.code == "no_capacity"
    rel = store.pairs.set_second(USER, rel.id, rel.version, None)
    assert rel.second_volunteer_id is None
    assert store.records.relationship_facts()[rel.id].second_id is None


def test_matching_proposes_a_pair_and_checks_each_of_them(store: Store) -> None:
    anna, eero = peer(store, "Anna"), peer(store, "Eero")
    ville = f.volunteer(store, first_name="Ville")
    pia = parent(store)
    with pytest.raises(MatchRefused) as refused:  # a volunteer is no peer for a parent
        store.matching.propose_many(USER, [(pia, anna.id or 0, ville.id or 0)], on=SEP)
    assert "Ville" in str(refused.value)
    assert store.records.list(Relationship) == []
    [made] = store.matching.propose_many(USER, [(pia, anna.id or 0, eero.id or 0)], on=SEP)
    assert made.volunteer_ids == (anna.id, eero.id) and made.service is VolunteerKind.PEER
    # the pair is the parent's support: no second relationship for her
    with pytest.raises(Refused) as twice:
        store.matching.propose_many(USER, [(pia, eero.id or 0)], on=SEP)
    assert twice.value.code == "client_has_support"


def test_a_fee_per_meeting_day_pays_each_of_a_pair_the_days_they_were_there() -> None:
    from data.rules import payments as rules

    terms = rules.Terms(fee=D("20"), unit=rules.FeeUnit.MEETING)
    meetings = (
        rules.MeetingFacts(date(2026, 10, 6), True, by=2),  # the second alone
        rules.MeetingFacts(date(2026, 10, 20), True),  # both
    )
    facts = rules.MonthFacts(1, 1, OCT, rules.ReportFacts((6, 20)), meetings, second_id=2)
    lines = rules.month_lines(facts, lambda rid, day: terms)
    assert {(x.volunteer_id, x.amount, x.quantity) for x in lines} == {
        (1, D("20.00"), D(1)),
        (2, D("40.00"), D(2)),
    }


def test_a_second_person_passes_matchings_filters_and_a_former_one_may_come_back(
    store: Store,
) -> None:
    anna, eero, olli = peer(store, "Anna"), peer(store, "Eero"), peer(store, "Olli")
    far = peer(store, "Kaisa", municipality="Oulu", area="")
    pia = parent(store)
    rel = store.relationships.propose(USER, Relationship(client_id=pia, volunteer_id=anna.id))
    assert rel.id is not None
    known = store.records.get(Client, pia)
    known = store.records.update(USER, known.model_copy(update={"known_volunteer_ids": [olli.id]}))
    for who, why in ((olli, "known_to_family"), (far, "out_of_reach")):
        with pytest.raises(MatchRefused) as refused:  # as proposing the pair would refuse
            store.pairs.set_second(USER, rel.id, rel.version, who.id)
        assert why in [r.code for r in refused.value.reasons]
    rel = store.pairs.set_second(USER, rel.id, rel.version, eero.id)
    rel = store.pairs.set_second(USER, rel.id, rel.version, None)
    # the family knows Eero now (he was their second peer): he may still come back
    ids = [olli.id, eero.id]
    store.records.update(USER, known.model_copy(update={"known_volunteer_ids": ids}))
    rel = store.pairs.set_second(USER, rel.id, rel.version, eero.id)
    assert rel.second_volunteer_id == eero.id
