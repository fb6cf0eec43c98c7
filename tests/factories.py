"""Synthetic people and relationships built through the service API (no real personal data)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from data.dates import today_helsinki
from data.models import (
    Agreement,
    Applied,
    Approved,
    Client,
    ExtractShown,
    FeeModel,
    Guardian,
    Oriented,
    Rate,
    Relationship,
    Settings,
    SocialWorker,
    State,
    SuitabilityAssessed,
    Volunteer,
    VolunteerKind,
)
from data.store import Store

USER = "tester"


def today() -> date:
    return today_helsinki()


def ago(days: int) -> date:
    return today() - timedelta(days=days)


#: the programme's rates of the tests: 96,70 € + 54,50 € a month from 1.1.2020 (100,00 € + 56,00 €
#: from 1.7.2026), per weekend for support families, no fee for a professional service
RATES = (
    *(
        Rate(
            effective_from=day,
            service=service,
            fee=fee,
            allowance=allowance,
            per_km=Decimal("0.30"),
        )
        for service in (VolunteerKind.VOLUNTEER, VolunteerKind.PEER)
        for day, fee, allowance in (
            (date(2020, 1, 1), Decimal("96.70"), Decimal("54.50")),
            (date(2026, 7, 1), Decimal("100.00"), Decimal("56.00")),
        )
    ),
    Rate(
        effective_from=date(2020, 1, 1),
        service=VolunteerKind.SUPPORT_FAMILY,
        fee_model=FeeModel.PER_WEEKEND,
        fee=Decimal("70.00"),
    ),
    Rate(
        effective_from=date(2020, 1, 1),
        service=VolunteerKind.PROFESSIONAL,
        fee_model=FeeModel.NONE,
        per_km=Decimal("0.30"),
        hobby_costs=True,
    ),
)


def rates(store: Store) -> Settings:
    """The programme's rates (``RATES``) in the settings, unless it has rates already."""
    settings = store.records.settings()
    if settings.rates:
        return settings
    return store.records.save_settings(USER, settings.model_copy(update={"rates": list(RATES)}))


def client(store: Store, **over: Any) -> Client:
    worker = store.records.add(
        USER, SocialWorker(first_name="Sanni", last_name="Sosiaali", unit="Lapsiperheet")
    )
    guardian = store.records.add(
        USER, Guardian(first_name="Maija", last_name="Meikäläinen", phone="040 123 4567")
    )
    fields: dict[str, Any] = dict(
        first_name="Aino",
        last_name="Esimerkki",
        birth_date=date(2015, 3, 2),
        municipality="Kotka",
        area="Karhula",
        registered_on=ago(100),
        guardian_ids=[guardian.id],
        social_worker_id=worker.id,
        interests=["floorball"],
    )
    fields.update(over)
    return store.records.add(USER, Client(**fields))


def vetting(start: date) -> list[Any]:
    return [
        Applied(on=start),
        SuitabilityAssessed(on=start + timedelta(days=10)),
        Oriented(on=start + timedelta(days=20), hours=8),
        ExtractShown(extract_date=start, on=start + timedelta(days=21), by="tester"),
        Approved(on=start + timedelta(days=22)),
    ]


def volunteer(store: Store, **over: Any) -> Volunteer:
    fields: dict[str, Any] = dict(
        first_name="Ville",
        last_name="Vapaaehtoinen",
        birth_year=1985,
        municipality="Kotka",
        area="Karhula",
        vetting=vetting(ago(400)),
        capacity=2,
    )
    fields.update(over)
    return store.records.add(USER, Volunteer(**fields))


def active(
    store: Store, *, start_days_ago: int = 200, max_meetings: int = 24, **over: Any
) -> Relationship:
    """An active relationship between a new client and a new approved volunteer."""
    c = client(store)
    v = volunteer(store)
    start = ago(start_days_ago)
    agreement = Agreement(
        start=start, planned_end=start + timedelta(days=365), max_meetings=max_meetings
    )
    rel = store.relationships.propose(
        USER,
        Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement, **over),
        on=start - timedelta(days=10),
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, start)
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, start)
