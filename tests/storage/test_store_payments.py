"""The month's payment run in the store: computed from terms, reports and meetings; approved
once and then locked; a held fee paid when its report arrives; a correction of an approved
month paid as an adjustment; marked paid; checked by ``tuki check``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.errors import ConflictError, Refused
from data.model.payments import Held, Item
from data.models import Agreement, FeeModel, FeeTerms, Meeting, MonthlyReport, Relationship, State
from data.storage.check import check
from data.store import Store
from tests import factories as f

USER = f.USER
D = Decimal
SEP, OCT, NOV, DEC = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


def at(day: date) -> object:
    return lambda: datetime.combine(day, datetime.min.time().replace(hour=12), tzinfo=HELSINKI)


def active_since_september(store: Store) -> Relationship:
    f.rates(store)
    c, v = f.client(store), f.volunteer(store)
    terms = FeeTerms(model=FeeModel.MONTHLY, fee=D("96.70"), allowance=D("54.50"))
    agreement = Agreement(start=SEP, planned_end=date(2027, 9, 1), max_meetings=40, fee_terms=terms)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement), on=SEP
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, SEP)
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, SEP)


def meeting(rel: Relationship, on: date, km: str) -> Meeting:
    assert rel.id is not None
    return Meeting(relationship_id=rel.id, on=on, km=D(km), activity="kirjasto")


def report(rel: Relationship, month: date, *days: int, received: date) -> MonthlyReport:
    assert rel.id is not None
    return MonthlyReport(
        relationship_id=rel.id,
        month=month,
        days_met=[month.replace(day=d) for d in days],
        no_meetings=not days,
        received_on=received,
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "d", clock=at(date(2026, 12, 4)))  # type: ignore[arg-type]


def amounts(lines: list[object]) -> dict[tuple[Item, date, bool, bool], Decimal]:
    return {
        (x.item, x.for_month, x.held is not None, x.adjustment): x.amount  # type: ignore[attr-defined]
        for x in lines
    }


def test_a_month_is_computed_approved_once_and_locked(store: Store) -> None:
    rel = active_since_september(store)
    october = store.meetings.log(USER, meeting(rel, date(2026, 10, 6), "12.5"))
    store.reports.receive(USER, report(rel, OCT, 6, received=date(2026, 11, 2)))
    run = store.payments.run(OCT)
    assert amounts(run.lines) == {
        (Item.FEE, OCT, False, False): D("96.70"),
        (Item.ALLOWANCE, OCT, False, False): D("54.50"),
        (Item.TRAVEL, OCT, False, False): D("3.75"),  # 12.5 km x the programme's 0.30
    }
    with pytest.raises(Refused) as changed:
        store.payments.approve(USER, OCT, expected_total=D("100.00"))
    assert changed.value.code == "run_changed"
    approved = store.payments.approve(USER, OCT, expected_total=D("154.95"))
    assert approved.total == D("154.95") and approved.approved_by == USER
    with pytest.raises(Refused) as again:
        store.payments.approve(USER, OCT)
    assert again.value.code == "run_approved"
    with pytest.raises(Refused) as open_month:
        store.payments.approve(USER, DEC)
    assert open_month.value.code == "run_month_open"
    # the approved month keeps its lines; the corrected kilometres come as an adjustment
    store.meetings.update(USER, october.model_copy(update={"km": D("22.5")}))
    assert store.payments.run(OCT).total() == D("154.95")
    december = store.payments.run(DEC)
    assert amounts(december.lines)[(Item.TRAVEL, OCT, False, True)] == D("3.00")


def test_a_fee_held_without_its_report_is_paid_in_the_run_after_it_arrives(
    store: Store,
) -> None:
    rel = active_since_september(store)
    store.meetings.log(USER, meeting(rel, date(2026, 11, 10), "0"))
    november = store.payments.approve(USER, NOV)
    assert november.total == 0
    assert {(line.item, line.held) for line in november.lines} == {
        (Item.FEE, Held.REPORT_MISSING),
        (Item.ALLOWANCE, Held.REPORT_MISSING),
    }
    held = amounts(store.payments.run(DEC).lines)
    assert held[(Item.FEE, NOV, True, False)] == D("96.70")  # still waiting, listed
    store.reports.receive(USER, report(rel, NOV, 10, received=date(2026, 12, 3)))
    december = store.payments.run(DEC)
    got = amounts(december.paid)
    assert got[(Item.FEE, NOV, False, False)] == D("96.70")
    assert got[(Item.ALLOWANCE, NOV, False, False)] == D("54.50")
    assert (Item.FEE, DEC, True, False) in amounts(december.held)  # December's own: no report


def test_marking_paid_is_checked(store: Store, tmp_path: Path) -> None:
    rel = active_since_september(store)
    store.reports.receive(USER, report(rel, OCT, 6, received=date(2026, 11, 2)))
    with pytest.raises(Refused) as first:
        store.payments.mark_paid(USER, OCT, date(2026, 12, 1))
    assert first.value.code == "run_not_approved"
    run = store.payments.approve(USER, OCT)
    with pytest.raises(Refused) as future:
        store.payments.mark_paid(USER, OCT, date(2026, 12, 24))
    assert future.value.code == "paid_in_future"
    with pytest.raises(Refused) as early:
        store.payments.mark_paid(USER, OCT, date(2026, 12, 3))
    assert early.value.code == "paid_before_approved"
    paid = store.payments.mark_paid(USER, OCT, date(2026, 12, 4), version=run.version)
    assert paid.paid_on == date(2026, 12, 4) and paid.version == run.version + 1
    with pytest.raises(ConflictError):
        store.payments.mark_paid(USER, OCT, date(2026, 12, 4), version=run.version)
    reopened = Store.open(store.folder)
    assert reopened.payments.approved(OCT) == paid
    assert check(reopened.engine).ok  # type: ignore[arg-type]


def test_an_approved_run_that_was_tampered_with_is_named_by_check(store: Store) -> None:
    rel = active_since_september(store)
    store.reports.receive(USER, report(rel, OCT, 6, received=date(2026, 11, 2)))
    store.payments.approve(USER, OCT)
    path = store.folder / "reports" / "2026-10.json"
    path.write_text(path.read_text().replace('"96.70"', '"96.7x"'))
    result = check(Store.open(store.folder).engine)
    assert not result.ok and "payment_run" in str(result.findings)


def test_the_terms_and_their_changes_are_followed(store: Store) -> None:
    rel = active_since_september(store)
    assert rel.id is not None
    changed = FeeTerms(model=FeeModel.PER_MEETING, fee=D("25.00"), since=date(2026, 10, 15))
    store.relationships.set_terms(USER, rel.id, rel.version, changed)
    store.reports.receive(USER, report(rel, OCT, 6, 20, 27, received=date(2026, 11, 2)))
    got = amounts(store.payments.run(OCT).lines)
    # the month's first day's terms: monthly (fee and allowance); the per-meeting fee then
    # counts from the next month
    assert got[(Item.FEE, OCT, False, False)] == D("96.70")
    store.reports.receive(USER, report(rel, NOV, 3, 17, received=date(2026, 12, 2)))
    assert amounts(store.payments.run(NOV).lines) == {(Item.FEE, NOV, False, False): D("50.00")}
