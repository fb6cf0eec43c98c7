"""Support families and hobby costs (issue 16, seeds 001 and 002): a weekend logged from Friday
to Sunday counts once against the agreement's maximum and is paid per weekend; a child younger
than the settings allow is refused a support family; a professional service's hobby costs and
kilometres are paid by the month-end run."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.errors import Refused
from data.model.payments import Item
from data.models import (
    Agreement,
    FeeModel,
    FeeTerms,
    Meeting,
    MonthlyReport,
    Relationship,
    State,
    VolunteerKind,
)
from data.outputs.minutes import decision_label
from data.rules.alert_shapes import AlertKind
from data.store import Store
from tests import factories as f
from tui import i18n
from tui.alert_lines import alert_text
from tui.screens.meeting_place import over_max_text

USER = f.USER
D = Decimal
SEP, OCT, NOV1 = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    now = datetime(2026, 12, 4, 12, tzinfo=HELSINKI)
    return Store.open(tmp_path / "d", clock=lambda: now)


def started(store: Store, kind: VolunteerKind, terms: FeeTerms, most: int = 2) -> Relationship:
    f.rates(store)
    c, v = f.client(store), f.volunteer(store, kind=kind)
    end = date(2027, 9, 1)
    agreement = Agreement(start=SEP, planned_end=end, max_meetings=most, fee_terms=terms)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement), on=SEP
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, SEP)
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, SEP)


def report(rel: Relationship, *days: int) -> MonthlyReport:
    assert rel.id is not None
    met = [OCT.replace(day=d) for d in days]
    return MonthlyReport(
        relationship_id=rel.id, month=OCT, days_met=met, received_on=date(2026, 11, 2)
    )


def test_a_weekend_counts_once_against_the_maximum_and_is_paid_per_weekend(store: Store) -> None:
    family = FeeTerms(model=FeeModel.PER_WEEKEND, fee=D("70.00"))
    rel = started(store, VolunteerKind.SUPPORT_FAMILY, family, most=2)
    assert rel.id is not None
    for friday in (2, 16):  # two weekends, Friday to Sunday
        on, until = OCT.replace(day=friday), OCT.replace(day=friday + 2)
        store.meetings.log(USER, Meeting(relationship_id=rel.id, on=on, until=until))
    stored = store.meetings.of(rel.id)
    assert [(m.on.day, m.until and m.until.day) for m in stored] == [(2, 4), (16, 18)]
    assert store.meetings.summary(rel.id).held == 2
    with pytest.raises(Refused) as over:  # the third weekend is past the maximum of two
        store.meetings.log(USER, Meeting(relationship_id=rel.id, on=date(2026, 10, 23)))
    assert over.value.code == "over_max"
    # the alert and the refusal say weekends: a support family's maximum counts them
    [used] = [a for a in store.alerts.list() if a.kind is AlertKind.MAX_REACHED]
    was = i18n.language()
    i18n.set_language("en")
    try:
        assert alert_text(used) == "All 2 agreed weekends used (2 held)"
        assert i18n.explain(over.value).startswith("This would be weekend 3 of the 2 agreed.")
        assert over_max_text(over.value.params).startswith("This would be weekend 3,")  # console
    finally:
        i18n.set_language(was)
    # the minutes and the palaveri's field name the maximum in weekends
    assert decision_label("max_meetings", "fi", rel) == "Tukiviikonloppuja enintään"
    # the report's days met, Friday to Sunday twice: two weekends of 70 €
    store.reports.receive(USER, report(rel, 2, 3, 4, 16, 17, 18))
    [fee] = [line for line in store.payments.run(OCT).lines if line.item is Item.FEE]
    assert (fee.amount, fee.quantity) == (D("140.00"), D(2))


def test_a_weekend_offers_each_of_its_days_to_the_report_and_is_paid_once(store: Store) -> None:
    """The report is prefilled with every day of a weekend (the form reads the shard, the
    month's list the index), also a weekend begun the month before; the fee stays per weekend."""
    family = FeeTerms(model=FeeModel.PER_WEEKEND, fee=D("70.00"))
    rel = started(store, VolunteerKind.SUPPORT_FAMILY, family, most=5)
    assert rel.id is not None
    for on, until in ((date(2026, 10, 9), date(2026, 10, 11)), (date(2026, 10, 30), NOV1)):
        store.meetings.log(USER, Meeting(relationship_id=rel.id, on=on, until=until))
    october = [OCT.replace(day=d) for d in (9, 10, 11, 30, 31)]
    assert store.reports.offered(rel.id, OCT) == october
    assert store.reports.offered(rel.id, NOV1) == [NOV1]
    rows = {r.facts.id: r.offered for r in store.reports.month(NOV1)}
    assert rows[rel.id] == [NOV1]  # the index keeps the carried day under its month
    assert [r.offered for r in store.reports.month(OCT) if r.facts.id == rel.id] == [october]
    store.reports.receive(USER, report(rel, *(d.day for d in october)))  # as offered
    [fee] = [line for line in store.payments.run(OCT).lines if line.item is Item.FEE]
    assert (fee.amount, fee.quantity) == (D("140.00"), D(2))


def test_only_a_support_family_logs_several_days(store: Store) -> None:
    rel = started(store, VolunteerKind.VOLUNTEER, FeeTerms(fee=D("96.70")))
    assert rel.id is not None
    with pytest.raises(Refused) as refused:
        store.meetings.log(
            USER, Meeting(relationship_id=rel.id, on=date(2026, 10, 2), until=date(2026, 10, 4))
        )
    assert refused.value.code == "until_not_family"
    assert store.meetings.of(rel.id) == []


def test_a_child_younger_than_the_settings_allow_is_refused_a_support_family(store: Store) -> None:
    f.rates(store)
    toddler = f.client(store, birth_date=date(2024, 6, 1))  # 2 on 4.12.2026
    family = f.volunteer(store, kind=VolunteerKind.SUPPORT_FAMILY)
    assert store.records.settings().support_family_min_age == 3
    with pytest.raises(Refused) as refused:
        store.relationships.propose(
            USER, Relationship(client_id=toddler.id, volunteer_id=family.id)
        )
    assert refused.value.code == "support_family_too_young"
    assert (refused.value.params["age"], refused.value.params["min"]) == (2, 3)
    ranking = store.matching.shortlist(toddler.id or 0)
    [left] = [x for x in ranking.excluded if x.volunteer_id == family.id]
    assert "support_family_too_young" in left.codes
    assert family.id not in {p.volunteer_id for p in store.matching.pool_proposal()}
    # the setting lowered to 2: the same pair may be proposed
    settings = store.records.settings()
    store.records.save_settings(USER, settings.model_copy(update={"support_family_min_age": 2}))
    proposed = store.relationships.propose(
        USER, Relationship(client_id=toddler.id, volunteer_id=family.id)
    )
    assert proposed.service is VolunteerKind.SUPPORT_FAMILY


def test_a_professional_services_hobby_costs_and_km_are_paid(store: Store) -> None:
    hobby = FeeTerms(model=FeeModel.NONE, hobby_costs=True)
    rel = started(store, VolunteerKind.PROFESSIONAL, hobby, most=20)
    assert rel.id is not None
    on = date(2026, 10, 6)
    riding = Meeting(relationship_id=rel.id, on=on, activity="ratsastus", costs=D("18.50"), km=12)
    store.meetings.log(USER, riding)
    store.reports.receive(USER, report(rel, 6))
    paid = {line.item: line.amount for line in store.payments.run(OCT).paid}
    assert paid == {Item.COSTS: D("18.50"), Item.TRAVEL: D("3.60")}  # 12 km x 0,30 €
