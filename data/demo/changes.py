"""The demo's change history: a few changes made by the demo's coordinators at past moments, so
that ``h`` in the console (and ``tuki history``) has something to show on the demo's first
client and its relationship.

Each change is made as a coordinator would have made it: the record is first put back as it
was before (version 1, as the generator stored it, with the one value it had then), then
changed through the Store's own verb with the clock set at the moment of the change. So the
record gets version 2 with who and when, and the change is kept where and how the Store keeps
every change (``data/store/history.py``: ``history/<kind>/<id % 64>.json``), not imitated:

* the first client with a school class: entered one letter wrong at intake, corrected two days
  later (``sanna.k``);
* a relationship of that client (else the first that has one) with two or more state changes:
  moved to its current state on the day its own history says (``mikko.l``), ended with its
  reason when it ended;
* the first open concern with a follow-up (else any with one): its last follow-up entered
  shortly after the concern's last event, by the coordinator who wrote it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from data.dates import HELSINKI
from data.demo.content import COORDINATORS
from data.models import Client, Concern, Record, Relationship, State
from data.storage import Engine
from data.storage.layout import FLAT, LAYOUT
from data.store import Store

CLIENT_BY, RELATIONSHIP_BY = COORDINATORS  # sanna.k corrects the class, mikko.l the state


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI)


def add_demo_changes(folder: str | Path, now: datetime) -> int:
    """Make the demo's few changes in a generated folder; how many were made."""
    engine = Engine(folder, durable=False, backups=False, layout=LAYOUT)
    store = Store(engine, clock=lambda: now)
    plans = [p for p in (_client(store, now), _relationship(store, now), _concern(store, now)) if p]
    if not plans:
        return 0
    with engine.transaction() as tx:  # each record as it was before its change
        for before, _moment, _do in plans:
            place = FLAT[type(before)]
            row = before.model_dump(mode="json", by_alias=True)
            tx.put(place.file, place.table, before.id or 0, row)
    with engine.transaction():  # then changed through the Store, each at its own moment
        for _before, moment, do in plans:
            do(Store(engine, clock=lambda at=moment: at))  # type: ignore[misc]
    return len(plans)


Plan = tuple[Record, datetime, Any]


def _before(record: Record, at: datetime, **values: Any) -> Record:
    """``record`` as its first version stored it: ``values`` as they were, saved at ``at``."""
    return record.model_copy(update={**values, "created_at": at, "changed_at": at})


def _client(store: Store[Engine], now: datetime) -> Plan | None:
    client = next((c for c in store.records.list(Client) if c.school_class), None)
    if client is None or client.id is None or client.created_at is None:
        return None
    right = client.school_class
    wrong = right[:-1] + ("B" if right[-1] == "A" else "A") if right[-1].isalpha() else ""
    moment = min(_at(client.created_at.date() + timedelta(days=2), 9, 40), now)
    if moment <= client.created_at:
        return None
    cid = client.id

    def do(at: Store[Engine]) -> None:
        at.records.revise(CLIENT_BY, Client, cid, 1, {"school_class": right})

    return _before(client, client.created_at, school_class=wrong), moment, do


def _relationship(store: Store[Engine], now: datetime) -> Plan | None:
    first = min((c.id for c in store.records.list(Client) if c.id is not None), default=None)
    rels = sorted(store.records.list(Relationship), key=lambda r: (r.client_id != first, r.id))
    rel = next((r for r in rels if len(r.history) >= 2), None)
    if rel is None or rel.id is None:
        return None
    last, earlier = rel.history[-1], rel.history[-2]
    moment = min(_at(last.on, 13, 30), now)
    saved = _at(earlier.on, 16) if earlier.on < last.on else _at(last.on, 8)
    if not saved < moment:
        return None
    values: dict[str, Any] = {"state": earlier.state, "history": rel.history[:-1]}
    if last.state is State.ENDED:
        values.update(ended_on=None, end_reason=None, end_note="")
    rid, reason, note = rel.id, rel.end_reason, rel.end_note

    def do(at: Store[Engine]) -> None:
        if last.state is State.ENDED and reason is not None:
            at.relationships.end(RELATIONSHIP_BY, rid, 1, last.on, reason, note)
        else:
            at.relationships.set_state(RELATIONSHIP_BY, rid, 1, last.state, last.on, last.note)

    return _before(rel, saved, **values), moment, do


def _concern(store: Store[Engine], now: datetime) -> Plan | None:
    concerns = sorted(store.records.list(Concern), key=lambda c: (not c.is_open, c.id))
    concern = next((c for c in concerns if c.follow_ups and c.created_at is not None), None)
    if concern is None or concern.id is None or concern.created_at is None:
        return None
    follow_up = concern.follow_ups[-1]
    events = [concern.noticed_at, *(n.at for n in concern.notifications)]
    events += [f.at for f in concern.follow_ups]
    if concern.welfare_notification_at is not None:
        events.append(concern.welfare_notification_at)
    if concern.closed_at is not None:
        events.append(concern.closed_at)
    moment = min(max(events) + timedelta(minutes=10), now)
    saved = min(concern.created_at, moment - timedelta(hours=1))
    by = follow_up.by if follow_up.by in COORDINATORS else CLIENT_BY
    kid = concern.id

    def do(at: Store[Engine]) -> None:
        at.concerns.follow_up(by, kid, 1, follow_up)

    return _before(concern, saved, follow_ups=concern.follow_ups[:-1]), moment, do
