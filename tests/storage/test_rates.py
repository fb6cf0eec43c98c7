"""The programme's rates in the settings and the relationships' fee terms that come from them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from data.errors import ConflictError, Refused
from data.models import FeeModel, FeeTerms, Relationship, Settings, VolunteerKind
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tests.unit.test_palaverit import proposed, start_decisions, start_draft


def started(store: Store, kind: VolunteerKind, start: date) -> Relationship:
    """A relationship of ``kind`` whose start meeting on ``start`` made its agreement."""
    f.rates(store)
    c, v = f.client(store), f.volunteer(store, kind=kind)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id), on=start - timedelta(days=5)
    )
    draft = start_draft(store, rel, on=start)
    draft = start_decisions(draft)
    decisions = draft.decisions.model_copy(update={"start_on": start})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": decisions}))
    _, rel = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    return rel


def test_an_old_settings_file_with_fee_rates_still_opens(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "d")
    store.records.save_settings(USER, Settings(programme_name="Vanha ohjelma"))
    path = tmp_path / "d" / "settings.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    row = doc["settings"]["1"]
    del row["rates"]  # as Tuki wrote it before the rates were per kind of service
    row["fee_rates"] = [
        {
            "effective_from": "2020-01-01",
            "fee": "96.70",
            "allowance": "54.50",
            "per_km": "0.30",
            "per_meeting": False,
        }
    ]
    path.write_text(json.dumps(doc), encoding="utf-8")

    settings = Store.open(tmp_path / "d").records.settings()
    assert settings.programme_name == "Vanha ohjelma"
    rate = settings.rate_on(date(2026, 3, 1), VolunteerKind.VOLUNTEER)
    assert rate is not None and (rate.fee, rate.allowance) == (Decimal("96.70"), Decimal("54.50"))
    saved = Store.open(tmp_path / "d").records.save_settings(USER, settings)  # stored anew
    assert "fee_rates" not in json.loads(path.read_text(encoding="utf-8"))["settings"]["1"]
    assert saved.rates == settings.rates


@pytest.mark.parametrize(
    ("kind", "model", "fee", "allowance"),
    [
        (VolunteerKind.VOLUNTEER, FeeModel.MONTHLY, "100.00", "56.00"),
        (VolunteerKind.SUPPORT_FAMILY, FeeModel.PER_WEEKEND, "70.00", "0.00"),
        (VolunteerKind.PROFESSIONAL, FeeModel.NONE, "0.00", "0.00"),
    ],
)
def test_the_start_meeting_takes_the_terms_from_the_rates_of_the_kind(
    any_store: Store, kind: VolunteerKind, model: FeeModel, fee: str, allowance: str
) -> None:
    rel = started(any_store, kind, ago(2))  # after the rise of 1.7.2026 (tests.factories.RATES)
    assert rel.agreement is not None
    terms = rel.agreement.fee_terms
    assert (terms.model, terms.fee, terms.allowance) == (model, Decimal(fee), Decimal(allowance))
    assert terms.hobby_costs is (kind is VolunteerKind.PROFESSIONAL)
    assert terms.since == ago(2) and terms.rate_from is not None


def test_a_start_before_the_rise_takes_the_rate_then_in_force(any_store: Store) -> None:
    rel = started(any_store, VolunteerKind.VOLUNTEER, date(2026, 6, 30))
    assert rel.agreement is not None
    assert rel.agreement.fee_terms.fee == Decimal("96.70")
    assert rel.agreement.fee_terms.rate_from == date(2020, 1, 1)


def test_without_rates_for_the_kind_the_start_meeting_is_refused(any_store: Store) -> None:
    rel = proposed(any_store)
    settings = any_store.records.settings()
    kept = [r for r in settings.rates if r.service is not VolunteerKind.VOLUNTEER]
    any_store.records.save_settings(USER, settings.model_copy(update={"rates": kept}))
    draft = any_store.palaverit.save(USER, start_decisions(start_draft(any_store, rel)))
    with pytest.raises(Refused) as exc:
        any_store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert exc.value.code == "no_rate"
    assert any_store.records.get(Relationship, rel.id).agreement is None  # type: ignore[arg-type]


def test_the_coordinator_changes_the_terms_version_checked(any_store: Store) -> None:
    rel = started(any_store, VolunteerKind.VOLUNTEER, ago(30))
    assert rel.id is not None and rel.agreement is not None
    before = rel.agreement.fee_terms
    new = FeeTerms(model=FeeModel.PER_MEETING, fee=Decimal("25.00"), since=ago(1))
    with pytest.raises(ConflictError):
        any_store.relationships.set_terms("anna", rel.id, rel.version - 1, new)
    assert any_store.records.get(Relationship, rel.id).agreement.fee_terms == before  # type: ignore[union-attr]

    changed = any_store.relationships.set_terms("anna", rel.id, rel.version, new)
    agreement = changed.agreement
    assert agreement is not None and changed.version == rel.version + 1
    assert (agreement.fee_terms.model, agreement.fee_terms.fee) == (
        FeeModel.PER_MEETING,
        Decimal("25.00"),
    )
    assert agreement.fee_terms.set_by == "anna" and agreement.fee_terms.set_on == f.today()
    assert agreement.earlier_terms == [before]
    assert agreement.terms_on(ago(2)) == before
    assert agreement.terms_on(ago(1)).fee == Decimal("25.00")
    assert changed.changed_by == "anna"


def test_a_professional_service_gets_no_fee_by_a_change_either(any_store: Store) -> None:
    rel = started(any_store, VolunteerKind.PROFESSIONAL, ago(30))
    assert rel.id is not None
    fee = FeeTerms(model=FeeModel.MONTHLY, fee=Decimal("50.00"))
    with pytest.raises(Refused) as exc:
        any_store.relationships.set_terms(USER, rel.id, rel.version, fee)
    assert exc.value.code == "professional_fee"
    early = FeeTerms(model=FeeModel.NONE, since=ago(60))
    with pytest.raises(Refused) as exc:
        any_store.relationships.set_terms(USER, rel.id, rel.version, early)
    assert exc.value.code == "terms_before_start"
    assert any_store.records.get(Relationship, rel.id).version == rel.version


def test_changed_terms_survive_a_reopen(any_store: Store) -> None:
    from tests.engines import reopen

    rel = started(any_store, VolunteerKind.VOLUNTEER, ago(30))
    assert rel.id is not None
    terms = FeeTerms(fee=Decimal("90.00"), allowance=Decimal("50.00"), since=ago(1))
    any_store.relationships.set_terms(USER, rel.id, rel.version, terms)
    again = reopen(any_store).records.get(Relationship, rel.id)
    assert again.agreement is not None and again.agreement.fee_terms.fee == Decimal("90.00")


def test_the_demo_names_the_seed_rates_and_its_relationships_use_them(tmp_path: Path) -> None:
    from tests.console_helpers import demo_store

    store = demo_store(tmp_path / "demo")
    settings = store.records.settings()
    rate = settings.rate_on(f.today(), VolunteerKind.VOLUNTEER)
    assert rate is not None
    assert (rate.fee_model, rate.fee, rate.allowance) == (
        FeeModel.MONTHLY,
        Decimal("96.70"),
        Decimal("54.50"),
    )
    assert rate.per_km > 0
    for rel in store.records.list(Relationship):
        if rel.agreement is None:
            continue
        terms = rel.agreement.fee_terms
        if rel.service is VolunteerKind.PROFESSIONAL:
            assert (terms.model, terms.fee) == (FeeModel.NONE, Decimal("0.00"))
        elif rel.service is VolunteerKind.VOLUNTEER:
            assert (terms.fee, terms.allowance) == (Decimal("96.70"), Decimal("54.50"))
