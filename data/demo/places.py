"""The demo's meeting places and peer agreements (issue 16): written into a generated folder
before its change history (``changes.py``), so that the data shows what the console shows.

* the held meetings of the last three months of a dozen open relationships get their kind of
  place, from the place's words (mostly outdoors, cafés and sports); the older ones stay as a
  Tuki before the kind was asked stored them (no kind: the million meetings stay small);
* one meeting at the volunteer's home of a relationship whose agreement has no consent to home
  visits, logged through the Store with the coordinator's reason;
* each peer relationship's agreement gets its three parties (the municipality, its unit and
  the child's own social worker who signed for it) and its timing with the parent's peer
  group, as its start meeting decided (the start palaveri's ``decisions.peer`` too).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from data.model.peer import Parties, PeerGroup, PeerTerms
from data.model.place import PlaceKind
from data.models import Client, Meeting, Relationship, Report, SocialWorker, State
from data.storage import Engine
from data.storage.layout import FLAT, LAYOUT, MEETINGS, PALAVERIT, shard
from data.store import Store

#: the words of the demo's places (data/demo/content.py) -> their kind; any other: outdoors
KINDS = (
    ("koti", PlaceKind.VOLUNTEER_HOME),
    ("kahvila", PlaceKind.CAFE),
    ("kirjasto", PlaceKind.LIBRARY),
    ("museo", PlaceKind.LIBRARY),
    ("vellamo", PlaceKind.LIBRARY),
    ("maretarium", PlaceKind.LIBRARY),
    ("halli", PlaceKind.SPORTS),
    ("kenttä", PlaceKind.SPORTS),
    ("liikunta", PlaceKind.SPORTS),
    ("talli", PlaceKind.SPORTS),
    ("nuorisotalo", PlaceKind.OTHER),
    ("perhekeskus", PlaceKind.OTHER),
    ("sosiaalitoimisto", PlaceKind.OTHER),
)
RELATIONSHIPS = 12  # whose recent meetings get their kind
RECENT_DAYS = 92
GROUPS = (PeerGroup.BEFORE, PeerGroup.AFTER, PeerGroup.ALONGSIDE)
UNIT = "Lapsiperheiden sosiaalityö"
REASON = (
    "Bussit eivät kulkeneet lakon vuoksi; leivottiin tukihenkilön luona. Äiti tiesi ja "
    "hyväksyi puhelimessa, kotikäyntiin kysytään lupa seuraavassa arviointipalaverissa."
)


def kind_of(place: str, activity: str = "") -> PlaceKind:
    """The kind of a demo place; a walk in the centre with a café stop is at the café."""
    words = place.lower()
    kind = next((kind for word, kind in KINDS if word in words), PlaceKind.OUTDOORS)
    return PlaceKind.CAFE if kind is PlaceKind.OUTDOORS and "kahvila" in activity else kind


def add_places(folder: str | Path, now: datetime) -> None:
    engine = Engine(folder, durable=False, backups=False, layout=LAYOUT)
    store = Store(engine, clock=lambda: now)
    open_ = store.records.select(Relationship, lambda row: row.get("state") == "active")
    rels = sorted(open_, key=lambda r: r.id or 0)
    since = (now.date() - timedelta(days=RECENT_DAYS)).isoformat()
    plain = [r for r in rels if r.service.value in ("volunteer", "professional")]
    with engine.transaction() as tx:
        for rel in plain[:RELATIONSHIPS]:
            rows = tx.table(shard(rel.id or 0), MEETINGS)
            for key, row in rows.items():
                if row["status"] == "held" and row["on"] >= since:
                    kind = kind_of(row["place"], row["activity"])
                    if kind is PlaceKind.VOLUNTEER_HOME and not _home_ok(rel):
                        continue
                    tx.put(
                        shard(rel.id or 0), MEETINGS, int(key), {**row, "place_kind": kind.value}
                    )
        peers = [r for r in rels if r.service.value == "peer" and r.agreement is not None]
        for n, rel in enumerate(peers):
            _peer(store, tx, rel, GROUPS[n % len(GROUPS)])
    _home_meeting(store, plain, now)


def _home_ok(rel: Relationship) -> bool:
    return rel.agreement is not None and rel.agreement.home_visit_consent


def _peer(store: Store[Engine], tx: Any, rel: Relationship, group: PeerGroup) -> None:
    """The peer relationship's three parties and peer group, as its start meeting decided."""
    assert rel.agreement is not None and rel.id is not None
    client = store.records.get(Client, rel.client_id)
    worker = store.records.find(SocialWorker, client.social_worker_id or 0)
    parties = Parties(
        municipality=client.municipality, unit=UNIT, signed_by=worker.name if worker else ""
    )
    terms = PeerTerms(parties=parties, signed_on=rel.agreement.start, peer_group=group)
    place = FLAT[Relationship]
    row = tx.get(place.file, place.table, rel.id)
    agreement = {**row["agreement"], "parties": parties.model_dump(mode="json")}
    tx.put(
        place.file, place.table, rel.id, {**row, "agreement": agreement, "peer_group": group.value}
    )
    for key, palaveri in tx.table(shard(rel.id), PALAVERIT).items():
        if palaveri["kind"] == "start" and palaveri["finished"]:
            decisions = {**palaveri["decisions"], "peer": terms.model_dump(mode="json")}
            tx.put(shard(rel.id), PALAVERIT, int(key), {**palaveri, "decisions": decisions})


def _home_meeting(store: Store[Engine], rels: list[Relationship], now: datetime) -> None:
    """One meeting at the volunteer's home without the guardian's consent, with its reason."""
    day = now.date() - timedelta(days=1)
    for rel in rels:
        a = rel.agreement
        if a is None or a.home_visit_consent or rel.state is not State.ACTIVE or rel.id is None:
            continue
        if store.meetings.summary(rel.id).held + 1 > a.max_meetings or a.start > day:
            continue
        meeting = Meeting(
            relationship_id=rel.id,
            on=day,
            duration_min=120,
            place_kind=PlaceKind.VOLUNTEER_HOME,
            place="tukihenkilön koti",
            activity="leipominen",
            report=Report(how_it_went="Leivottiin korvapuusteja, mukava ja rauhallinen hetki."),
            consent_reason=REASON,
        )
        store.meetings.log("demo", meeting)  # as the generator made every record
        return
