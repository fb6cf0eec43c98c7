"""Demo cases for the retention run (``tuki retention``): added through the Store after the rest.

The generated data reaches back a few years only; retention needs cases closed decades ago.
So every scale gets the same few, made through the Store's own verbs (as a coordinator would
have entered them), dated in the 1990s and the 2010s:

* Aino Esimerkki (child, families-with-children services, closed 1994): due. Her guardian
  belongs to no other client; her ended relationship has meetings, a finished start meeting
  with notes, a monthly report and a closed concern;
* Pekka Vertainen (parent, adult services, 12 years, closed 2012): due;
* Veera Huolinen (child, closed 1993): due by the years, but a concern about her (told to
  her social worker) is still open: the run must leave her alone and say so;
* their volunteer, Sointu Vanhanen, who left in 1995: her vetting details (the extract's date
  and who saw it) are due for removal.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from data.dates import HELSINKI
from data.demo.plans import USER
from data.model.people import ExtractShown
from data.model.retention import RetentionClass
from data.models import (
    Agreement,
    Applied,
    Approved,
    Attendee,
    Client,
    ClientKind,
    Concern,
    EndReason,
    FeeTerms,
    FollowUp,
    Goal,
    Guardian,
    Left,
    Meeting,
    MonthlyReport,
    Notification,
    NotifyTarget,
    Oriented,
    Palaveri,
    PalaveriKind,
    Relationship,
    Report,
    Role,
    SocialWorker,
    State,
    StateChange,
    SuitabilityAssessed,
    Volunteer,
)
from data.storage import Engine
from data.storage.delta import DELTA, fold
from data.storage.layout import LAYOUT, PALAVERIT, shard
from data.store import Store


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HELSINKI)


def add_retention_cases(folder: str | Path, now: datetime) -> dict[str, int]:
    """Add the retention demo's records to a generated folder; their ids by name."""
    engine = Engine(folder, durable=False, backups=False, layout=LAYOUT)
    store = Store(engine, clock=lambda: now)
    add = store.records.add
    with engine.transaction():  # the people and the relationship: one save, not eight
        volunteer = add(
            USER,
            Volunteer(
                first_name="Sointu",
                last_name="Vanhanen",
                birth_year=1950,
                municipality="Kotka",
                phone="040 100 2000",
                vetting=[
                    Applied(on=date(1991, 8, 1), note="Heard of us at the library."),
                    SuitabilityAssessed(on=date(1991, 8, 20), by="Kaisa", note="Calm, patient."),
                    Oriented(on=date(1991, 9, 1), hours=Decimal("12.0")),
                    ExtractShown(extract_date=date(1991, 8, 25), on=date(1991, 9, 5), by="Kaisa"),
                    Approved(on=date(1991, 9, 10)),
                    Left(on=date(1995, 1, 31), note="Moved abroad."),
                ],
            ),
        )
        assert volunteer.id is not None
        worker = next(w.id for w in store.records.list(SocialWorker) if not w.programme)
        guardian = add(
            USER,
            Guardian(
                first_name="Liisa", last_name="Esimerkki", phone="040 555 1234", email="l@x.example"
            ),
        )
        assert guardian.id is not None
        aino = add(
            USER,
            Client(
                first_name="Aino",
                last_name="Esimerkki",
                birth_date=date(1984, 5, 12),
                municipality="Kotka",
                area="Karhula",
                school="Karhulan koulu",
                school_class="2B",
                interests=["drawing", "horses"],
                friends="Best friend Maija from next door.",
                health_notes="Asthma: an inhaler in her bag.",
                wishes="Riding lessons.",
                registered_on=date(1992, 2, 3),
                guardian_ids=[guardian.id],
                social_worker_id=worker,
                closed_on=date(1994, 6, 30),
                retention=RetentionClass.FAMILY_SERVICES,
            ),
        )
        pekka = add(
            USER,
            Client(
                kind=ClientKind.PARENT,
                first_name="Pekka",
                last_name="Vertainen",
                birth_date=date(1975, 10, 2),
                municipality="Kouvola",
                wishes="Someone who has been through the same.",
                registered_on=date(2010, 4, 1),
                social_worker_id=worker,
                closed_on=date(2012, 12, 31),
                retention=RetentionClass.ADULT_SERVICES,
                phone="050 123 9876",
            ),
        )
        mother = add(
            USER, Guardian(first_name="Riitta", last_name="Huolinen", phone="044 321 0000")
        )
        assert mother.id is not None
        veera = add(
            USER,
            Client(
                first_name="Veera",
                last_name="Huolinen",
                birth_date=date(1983, 1, 20),
                municipality="Hamina",
                health_notes="Allergic to nuts.",
                registered_on=date(1991, 9, 1),
                guardian_ids=[mother.id],
                social_worker_id=worker,
                closed_on=date(1993, 1, 31),
            ),
        )
        assert aino.id is not None and pekka.id is not None and veera.id is not None
        start, end = date(1992, 9, 1), date(1994, 5, 31)
        rel = add(
            USER,
            Relationship(
                client_id=aino.id,
                volunteer_id=volunteer.id,
                state=State.ENDED,
                history=[
                    StateChange(state=State.PROPOSED, on=date(1992, 8, 15), by=USER),
                    StateChange(state=State.STARTING, on=start, by=USER, note="Met at the office."),
                    StateChange(state=State.ACTIVE, on=date(1992, 9, 12), by=USER),
                    StateChange(state=State.ENDED, on=end, by=USER, note="Aino moved to Turku."),
                ],
                agreement=Agreement(
                    start=start,
                    planned_end=date(1993, 8, 31),
                    max_meetings=40,
                    contact="Through Aino's mother Liisa, by phone.",
                    # the terms as the demo's volunteers have them (data/demo/plans.py)
                    fee_terms=FeeTerms(fee=Decimal("96.70"), allowance=Decimal("54.50")),
                ),
                goals=[Goal(id=1, text="Aino finds a hobby of her own.", set_on=start)],
                end_reason=EndReason.OTHER,
                end_note="The family moved to Turku.",
                ended_on=end,
            ),
        )
        assert rel.id is not None
    with engine.transaction():  # the meetings, the palaveri, the report, the concerns
        for day, text in (
            (date(1992, 9, 12), "We went to the stables; Aino fed a horse."),
            (date(1992, 10, 3), "Drew at the library. Aino told me about school."),
            (date(1993, 3, 6), "Skating in the park."),
        ):
            store.meetings.log(
                USER,
                Meeting(
                    relationship_id=rel.id,
                    on=day,
                    duration_min=150,
                    place="Karhula",
                    activity="outdoors",
                    km=Decimal("12.5"),
                    costs=Decimal("4.50"),
                    report=Report(how_it_went=text, wellbeing="Cheerful."),
                ),
            )
        with store.records.transaction() as tx:  # a finished start meeting, as entered then
            pid = tx.next_id(shard(rel.id), PALAVERIT)
            palaveri = Palaveri(
                relationship_id=rel.id,
                kind=PalaveriKind.START,
                on=start,
                attendees=[Attendee(role=Role.GUARDIAN, name="Liisa Esimerkki")],
                notes={"why": "Aino is lonely after the move; mother works nights."},
                finished=True,
            )
            tx.put(shard(rel.id), PALAVERIT, pid, store.records.stamp_new(palaveri, USER, pid))
        store.reports.receive(
            USER,
            MonthlyReport(
                relationship_id=rel.id,
                month=date(1993, 3, 1),
                days_met=[date(1993, 3, 6)],
                received_on=date(1993, 4, 2),
            ),
        )
        noticed = _at(date(1993, 3, 6), 18)
        told = Notification(
            to=NotifyTarget.OWN_SOCIAL_WORKER, whom="Sari Sosiaali", at=_at(date(1993, 3, 8))
        )
        store.concerns.add(  # entered whole, as it was followed up then
            USER,
            Concern(
                client_id=aino.id,
                relationship_id=rel.id,
                noticed_at=noticed,
                noticed_by="Sointu Vanhanen",
                what="Aino said she is often alone in the evenings.",
                notifications=[told],
                follow_ups=[
                    FollowUp(at=_at(date(1993, 3, 20)), note="The family got evening help.")
                ],
                closed_at=_at(date(1993, 4, 1)),
                closed_by=USER,
                closing_note="Help arranged.",
            ),
        )
        held = store.concerns.add(
            USER,
            Concern(
                client_id=veera.id,
                noticed_at=_at(date(1992, 11, 5)),
                what="Veera had bruises on her arm.",
                notifications=[told.model_copy(update={"at": _at(date(1992, 11, 5), 15)})],
                # still followed: the police's investigation has not ended (so no alert is late)
                follow_ups=[
                    FollowUp(at=now - timedelta(days=1), note="Still under investigation.")
                ],
            ),
        )
        assert held.id is not None
    with engine.transaction():  # the change log folded: its lines name random write tokens
        fold(engine)
        engine.path(DELTA).unlink(missing_ok=True)  # (empty now; the generator writes none)
    return {
        "aino": aino.id,
        "pekka": pekka.id,
        "veera": veera.id,
        "guardian": guardian.id,
        "volunteer": volunteer.id,
        "relationship": rel.id,
        "open_concern": held.id,
    }
