"""The demo's professional services at work (issue 16, seed 002): "our thing" set on each open
professional service that has left its start phase, and on the first few of them the contacts
with the child's network of the last weeks (the school, the guardians, the social worker and
calls to the 24-hour phone support). Their phase history comes from the generator (the
client-plan meetings that moved the phase, ``relationships.py``).

Made through the Store's own verbs with the clock set at each moment, as a coordinator would
have logged them; the same seed and day give the same contacts.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from data.dates import HELSINKI
from data.demo.content import COORDINATORS
from data.demo.plans import USER
from data.model.contact import Contact, ContactHow, ContactWith
from data.model.people import VolunteerKind
from data.models import Relationship, State
from data.storage import Engine
from data.storage.delta import DELTA, fold
from data.storage.layout import LAYOUT
from data.store import Store

OUR_THINGS = (
    "Kiipeily Kouvolan kiipeilyseinällä",
    "Kalastus Kymijoella",
    "Kokkaaminen: joka kerta uusi resepti",
    "Frisbeegolf",
    "Piirtäminen ja sarjakuvat",
    "Koiran ulkoilutus eläinkodilla",
)

#: (with whom, name, how, minutes, note) of the contacts, oldest first
CONTACTS = (
    (
        ContactWith.SCHOOL,
        "luokanopettaja",
        ContactHow.PHONE,
        20,
        "Sovittu yhteistyöstä koulun kanssa.",
    ),
    (
        ContactWith.GUARDIANS,
        "äiti",
        ContactHow.MESSAGE,
        5,
        "Seuraavan tapaamisen aika vahvistettu.",
    ),
    (
        ContactWith.PHONE_SUPPORT,
        "",
        ContactHow.PHONE,
        25,
        "Ilta-aikaan puhelu, tilanne rauhoittui.",
    ),
    (ContactWith.SOCIAL_WORKER, "", ContactHow.EMAIL, 10, "Kuulumiset ennen asiakassuunnitelmaa."),
    (ContactWith.SCHOOL, "kuraattori", ContactHow.MEETING, 45, "Verkostopalaveri koululla."),
)
WITH_CONTACTS = 3  # how many services get contacts


def add_work(folder: str | Path, now: datetime, seed: int = 1) -> int:
    """Set "our thing" and log the contacts in a generated folder; how many contacts."""
    rng = random.Random(seed * 16)
    engine = Engine(folder, durable=False, backups=False, layout=LAYOUT)
    store = Store(engine, clock=lambda: now)
    facts = store.records.relationship_facts()
    open_ids = [
        rid
        for rid, f in sorted(facts.items())
        if f.state in (State.ACTIVE, State.PAUSED) and f.start is not None
    ]
    services = [
        r
        for r in (store.records.get(Relationship, rid) for rid in open_ids)
        if r.service is VolunteerKind.PROFESSIONAL and len(r.phases) > 1
    ]
    logged = 0
    with engine.transaction():
        for n, r in enumerate(services):
            start = r.phases[1].since  # the start phase's end: "our thing" found by then
            at = datetime.combine(start, time(16), tzinfo=HELSINKI)
            by = COORDINATORS[n % len(COORDINATORS)]
            thing = OUR_THINGS[rng.randrange(len(OUR_THINGS))]
            Store(engine, clock=lambda at=at: at).records.update(  # type: ignore[misc]
                by, r.model_copy(update={"our_thing": thing})
            )
            if n < WITH_CONTACTS and r.agreement is not None:
                logged += _contacts(engine, r.id or 0, r.agreement.start, now, by, rng)
    with engine.transaction():  # the change log folded: its lines name random write tokens
        fold(engine)
        engine.path(DELTA).unlink(missing_ok=True)
    return logged


def _contacts(
    engine: Engine, rid: int, start: date, now: datetime, by: str, rng: random.Random
) -> int:
    first = now - timedelta(days=60)
    made = 0
    for k, (whom, name, how, minutes, note) in enumerate(CONTACTS):
        day = (first + timedelta(days=12 * k + rng.randrange(0, 5))).date()
        at = datetime.combine(day, time(9 + rng.randrange(0, 10), 15), tzinfo=HELSINKI)
        if day < start or at > now:
            continue
        logged = at + timedelta(minutes=minutes)  # logged when it was over
        store = Store(engine, clock=lambda logged=logged: logged)  # type: ignore[misc]
        contact = Contact(
            relationship_id=rid, at=at, whom=whom, name=name, how=how, minutes=minutes, note=note
        )
        store.contacts.log(USER, contact)  # entered by the demo, as the generated records
        made += 1
    return made
