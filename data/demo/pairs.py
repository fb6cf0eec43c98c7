"""The demo's peer pair (issue 16, seed 003): two peer support persons who support one parent
together, added through the Store after the generated data (and before the past months' payment
runs are approved, so that both are paid in them).

Helmi Kallio and Jari Nurmi, peer support persons with experience of a child's placement,
support Sanna Laaksonen since the first of the month five months back, on the seed's terms
(96,70 € a month and 54,50 € allowance each, travel by the kilometre). They meet her about
every two weeks: together, or one of them alone (``Meeting.met_by``); each month's report is in.
Mikko Rantanen, a parent registered ten days ago, waits: the matching section can propose a pair
for him.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from data.dates import add_months, month_start
from data.demo.plans import USER
from data.model.fitness import Session
from data.model.people import ExtractShown
from data.model.place import PlaceKind
from data.model.retention import RetentionClass
from data.models import (
    Agreement,
    Applied,
    Approved,
    Arranging,
    Client,
    ClientKind,
    FeeTerms,
    Goal,
    Meeting,
    MonthlyReport,
    Oriented,
    Relationship,
    Report,
    SocialWorker,
    State,
    StateChange,
    SuitabilityAssessed,
    Volunteer,
    VolunteerKind,
)
from data.storage import Engine
from data.storage.delta import DELTA, fold
from data.storage.layout import LAYOUT
from data.store import Store

HOW = (
    "Kävimme läpi tulevan palaverin asiat; Sanna kirjoitti kysymyksensä ylös.",
    "Kahvilla kaupungilla; puhuttiin viikonlopun tapaamisesta lasten kanssa.",
    "Palaverin jälkeen kerrattiin, mitä sovittiin. Sanna oli helpottunut.",
    "Kävelylenkki ja juttelua jaksamisesta.",
)


def _peer(first: str, last: str, year: int, since: date, today: date) -> Volunteer:
    return Volunteer(
        first_name=first,
        last_name=last,
        birth_year=year,
        municipality="Kouvola",
        area="Kuusankoski",
        kind=VolunteerKind.PEER,
        capacity=2,
        vetting=[
            Applied(on=since, note="Oma kokemus lapsen sijoituksesta; VOIKUKKIA-ohjaaja."),
            SuitabilityAssessed(on=since + timedelta(days=14), by="Kaisa"),
            Oriented(on=since + timedelta(days=30), hours=Decimal("12")),
            ExtractShown(
                extract_date=since + timedelta(days=20), on=since + timedelta(days=32), by="Kaisa"
            ),
            Approved(on=since + timedelta(days=35)),
        ],
        sessions=[
            Session(on=today - timedelta(days=days), hours=Decimal("2"), topic="Työnohjaus")
            for days in (95, 40)
        ],
    )


def add_peer_pair(folder: str | Path, now: datetime) -> int:
    """Add the pair, their parent, the relationship, its meetings and reports; its id."""
    today = now.date()
    engine = Engine(folder, durable=False, backups=False, layout=LAYOUT)
    store = Store(engine, clock=lambda: now)
    add = store.records.add
    start = month_start(add_months(today, -5))
    with engine.transaction():
        helmi = add(USER, _peer("Helmi", "Kallio", 1979, add_months(start, -8), today))
        jari = add(USER, _peer("Jari", "Nurmi", 1974, add_months(start, -10), today))
        worker = next(w.id for w in store.records.list(SocialWorker) if not w.programme)
        sanna = add(
            USER,
            Client(
                kind=ClientKind.PARENT,
                first_name="Sanna",
                last_name="Laaksonen",
                birth_date=date(1990, 3, 14),
                municipality="Kouvola",
                area="Kuusankoski",
                wishes="Joku, joka tietää, miltä sijoitus tuntuu.",
                registered_on=start - timedelta(days=30),
                social_worker_id=worker,
                retention=RetentionClass.ADULT_SERVICES,
            ),
        )
        add(  # a parent who waits: a pair to propose from the matching section (m, then y)
            USER,
            Client(
                kind=ClientKind.PARENT,
                first_name="Mikko",
                last_name="Rantanen",
                birth_date=date(1984, 9, 30),
                municipality="Kouvola",
                area="Kuusankoski",
                registered_on=today - timedelta(days=10),
                social_worker_id=worker,
                retention=RetentionClass.ADULT_SERVICES,
            ),
        )
        assert helmi.id is not None and jari.id is not None and sanna.id is not None
        rel = add(
            USER,
            Relationship(
                client_id=sanna.id,
                volunteer_id=helmi.id,
                second_volunteer_id=jari.id,
                service=VolunteerKind.PEER,
                state=State.ACTIVE,
                history=[
                    StateChange(state=State.PROPOSED, on=start - timedelta(days=14), by=USER),
                    StateChange(state=State.STARTING, on=start, by=USER),
                    StateChange(state=State.ACTIVE, on=start + timedelta(days=6), by=USER),
                ],
                agreement=Agreement(
                    start=start,
                    planned_end=add_months(start, 12),
                    max_meetings=30,
                    arranged_via=Arranging.CLIENT,
                    contact="WhatsApp-ryhmä Sannan kanssa",
                    fee_terms=FeeTerms(fee=Decimal("96.70"), allowance=Decimal("54.50")),
                ),
                goals=[
                    Goal(id=1, text="Sanna valmistautuu palavereihin ja muistaa ne.", set_on=start)
                ],
                first_meeting_on=start + timedelta(days=6),
            ),
        )
        assert rel.id is not None
    who = (None, helmi.id, jari.id)
    days: dict[date, list[date]] = {}
    with engine.transaction():
        day, n = start + timedelta(days=6), 0
        while day <= today - timedelta(days=3):
            store.meetings.log(
                USER,
                Meeting(
                    relationship_id=rel.id,
                    on=day,
                    duration_min=90,
                    place="Kuusankoski",
                    place_kind=PlaceKind.CAFE if n % 2 else PlaceKind.OUTDOORS,
                    activity="keskustelu" if n % 2 else "kävely",
                    report=Report(how_it_went=HOW[n % len(HOW)]),
                    km=Decimal(str(8 + 3 * (n % 4))),
                    met_by=who[n % 3],
                    claimed_by=jari.id if n % 6 == 3 else None,  # both there, Jari drove
                ),
            )
            days.setdefault(month_start(day), []).append(day)
            day, n = day + timedelta(days=13 + n % 3), n + 1
        for month, met in sorted(days.items()):
            received = add_months(month, 1) + timedelta(days=1)
            if received < today:
                store.reports.receive(
                    USER,
                    MonthlyReport(
                        relationship_id=rel.id, month=month, days_met=met, received_on=received
                    ),
                )
    with engine.transaction():  # the change log folded, as the other demo additions do
        fold(engine)
        engine.path(DELTA).unlink(missing_ok=True)
    return rel.id
