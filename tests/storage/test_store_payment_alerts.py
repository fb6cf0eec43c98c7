"""The two payment alerts: a fee held more than two months for its missing report (the
oldest such month, per relationship), and a month's payments unapproved after the month
ended and its grace days passed. Both appear, and clear when the report arrives or the run
is approved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data.rules.alerts import Alert, AlertKind
from data.storage.layout import report_file
from data.store import Store
from tests import factories as f
from tests.storage.test_store_payments import (
    OCT,
    SEP,
    active_since_september,
    at,
    report,
)

USER = f.USER


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "d", clock=at(date(2026, 12, 4)))  # type: ignore[arg-type]


def of(store: Store, kind: AlertKind, today: date) -> list[Alert]:
    return [a for a in store.alerts.list(today) if a.kind is kind]


def test_a_fee_held_more_than_two_months_is_an_alert_until_its_report_arrives(
    store: Store,
) -> None:
    rel = active_since_september(store)
    assert of(store, AlertKind.FEE_HELD, date(2026, 11, 30)) == []  # September: two months
    held = of(store, AlertKind.FEE_HELD, date(2026, 12, 4))
    assert [(a.subject.kind, a.subject.id, a.detail["month"]) for a in held] == [
        ("relationship", rel.id, "9/2026")
    ]
    assert held[0].since == date(2026, 12, 1)
    assert "9/2026" in held[0].text()
    store.reports.receive(USER, report(rel, SEP, 8, received=date(2026, 12, 3)))
    assert of(store, AlertKind.FEE_HELD, date(2026, 12, 4)) == []
    later = of(store, AlertKind.FEE_HELD, date(2027, 1, 5))  # October's turn: the oldest now
    assert [a.detail["month"] for a in later] == ["10/2026"]


def test_a_payment_run_unapproved_after_its_month_is_an_alert_until_approved(
    store: Store,
) -> None:
    active_since_september(store)
    today = date(2026, 12, 4)
    months = {a.detail["month"] for a in of(store, AlertKind.RUN_UNAPPROVED, today)}
    assert months == {"9/2026", "10/2026"}  # November's grace days have not passed yet
    store.payments.approve(USER, OCT)
    unapproved = of(store, AlertKind.RUN_UNAPPROVED, today)
    assert [a.detail["month"] for a in unapproved] == ["9/2026"]
    assert unapproved[0].subject.kind == "payments"
    assert "9/2026" in unapproved[0].text()
    assert {a.detail["month"] for a in of(store, AlertKind.RUN_UNAPPROVED, date(2026, 12, 11))} == {
        "9/2026",
        "11/2026",
    }
    # another process tells an approved run from the month's file without parsing it
    fresh = Store.open(store.folder, clock=at(date(2026, 12, 4)))  # type: ignore[arg-type]
    assert [a.detail["month"] for a in of(fresh, AlertKind.RUN_UNAPPROVED, today)] == ["9/2026"]
    assert fresh.engine._cache.get(report_file(OCT)) is None  # (only its bytes were read)


def test_no_run_alert_for_a_month_nobody_is_paid_for(store: Store) -> None:
    f.client(store)
    assert of(store, AlertKind.RUN_UNAPPROVED, date(2026, 12, 4)) == []
