"""Demo of the professional service's effectiveness measures and crisis meetings (issue 16):
added after the rest, at every scale: the palaverit whole, as the generator stores its own,
the concern through the Store, followed up and closed by a coordinator at its own moments.

The first active professional service that started at least half a year ago and has open goals
gets two client-plan palaverit that rate each goal (about four months ago and three weeks ago,
the second better: its page shows the trend, and the second's minutes the previous ratings),
and a crisis meeting ten days ago that raised a concern: told to the child's social worker that
day, followed up and closed, so it adds no alert to the demo's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from data.dates import HELSINKI
from data.demo.content import COORDINATOR_NAMES, COORDINATORS
from data.model.measures import GoalRating
from data.models import (
    Attendee,
    Concern,
    Decisions,
    FollowUp,
    Notification,
    NotifyTarget,
    Palaveri,
    PalaveriKind,
    Relationship,
    Role,
    State,
    Urgency,
    VolunteerKind,
)
from data.storage import Engine
from data.storage.delta import DELTA, fold
from data.storage.layout import LAYOUT, PALAVERIT, shard
from data.store import Store

DEMO = "demo"  # the demo's records are made by "demo", changed by a coordinator
USER = COORDINATORS[0]  # the coordinator who held the palaverit

PLAN_DAYS = (120, 20)  # the client-plan palaverit, days before today
CRISIS_DAYS = 10
WHAT = (
    "Lapsi jäi kiinni näpistyksestä kaupassa ja kertoi, että vanhemmat riitelevät kotona "
    "öisin niin, ettei hän uskalla nukkua."
)
CRISIS_NOTES = {
    "what_happened": WHAT,
    "safety_now": "Lapsi on tänään mummolla; äiti tietää ja on samaa mieltä.",
    "who_told": "Lapsen sosiaalityöntekijälle soitettu heti palaverin jälkeen.",
    "crisis_next": "Tukihenkilö soittaa lapselle huomenna; ylimääräinen tapaaminen perjantaina.",
}
PLAN_NOTES = {
    "summary": "Tapaamiset ovat toteutuneet sovitusti, koulun kanssa tehty yhteistyötä.",
    "goals": "Tavoitteet käytiin läpi lapsen ja huoltajan kanssa ja arvioitiin asteikolla.",
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HELSINKI)


def _at_moment(engine: Engine, moment: datetime) -> Store[Engine]:
    return Store(engine, clock=lambda: moment)


def _chosen(store: Store[Engine], today: date) -> Relationship | None:
    started_by = today - timedelta(days=183)
    for rid, facts in sorted(store.records.relationship_facts().items()):
        if facts.state is not State.ACTIVE or facts.start is None or facts.start > started_by:
            continue
        rel = store.records.get(Relationship, rid)
        open_goals = [g for g in rel.goals if g.open]
        if (
            rel.service is VolunteerKind.PROFESSIONAL
            and open_goals
            and not store.palaverit.drafts(rid)
        ):
            return rel
    return None


def _held(
    engine: Engine,
    moment: datetime,
    rel: Relationship,
    kind: PalaveriKind,
    concern: Concern | None = None,
    **decided: object,
) -> int | None:
    """A finished palaveri, stored as the generator stores its palaverit: whole, as entered
    (the store's checks are the tests'); ``concern``: raised in it, linked both ways (its id
    is returned)."""
    rid = rel.id or 0
    store = _at_moment(engine, moment)
    if concern is not None:
        decided["concern_id"] = store.concerns.add(DEMO, concern).id
    notes = CRISIS_NOTES if kind is PalaveriKind.CRISIS else PLAN_NOTES
    palaveri = Palaveri(
        relationship_id=rid,
        kind=kind,
        on=moment.date(),
        attendees=[Attendee(role=Role.COORDINATOR, name=COORDINATOR_NAMES[USER])],
        notes=notes,
        done=list(notes),
        decisions=Decisions.model_validate(decided),
        finished=True,
    )
    with store.records.transaction() as tx:
        pid = tx.next_id(shard(rid), PALAVERIT)
        tx.put(shard(rid), PALAVERIT, pid, store.records.stamp_new(palaveri, DEMO, pid))
    return palaveri.decisions.concern_id


def add_measures_cases(folder: str | Path, now: datetime) -> int | None:
    """Add the ratings and the crisis meeting to a generated folder; the relationship's id
    (None when no professional service fits, which the demo's plans never leave)."""
    engine = Engine(folder, durable=False, backups=False, layout=LAYOUT)
    today = now.date()
    rel = _chosen(_at_moment(engine, now), today)
    if rel is None:
        return None
    goals = [g for g in rel.goals if g.open]
    scale = _at_moment(engine, now).records.settings().rating_scale
    for n, days in enumerate(PLAN_DAYS):
        moment = _at(today - timedelta(days=days), 14)
        ratings = [  # each goal set by then, better at the second
            GoalRating(goal_id=g.id, rating=min(scale.high, scale.low + 1 + (i % 2) + 2 * n))
            for i, g in enumerate(goals)
            if g.set_on <= moment.date()
        ]
        _held(engine, moment, rel, PalaveriKind.CLIENT_PLAN, ratings=ratings)
    moment = _at(today - timedelta(days=CRISIS_DAYS), 15)
    told = Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=moment, by=USER)
    concern = Concern(
        client_id=rel.client_id,
        relationship_id=rel.id,
        noticed_at=moment - timedelta(hours=3),
        noticed_by="Tukihenkilö",
        what=WHAT,
        urgency=Urgency.URGENT,
        notifications=[told],
    )
    cid = _held(engine, moment, rel, PalaveriKind.CRISIS, concern) or 0
    raised = _at_moment(engine, now).records.get(Concern, cid)
    later = moment + timedelta(days=3)  # followed up, then closed, by the coordinator
    note = FollowUp(at=later, by=USER, note="Perhetyö aloitettu; lapsi asuu kotona.")
    raised = _at_moment(engine, later).concerns.follow_up(
        USER, raised.id or 0, raised.version, note
    )
    closing = "Lastensuojelu on mukana; seuranta jatkuu asiakassuunnitelmassa."
    closed_at = later + timedelta(hours=1)
    _at_moment(engine, closed_at).concerns.close(
        USER, raised.id or 0, raised.version, closed_at, closing
    )
    with engine.transaction():  # the change log folded: its lines name random write tokens
        fold(engine)
        engine.path(DELTA).unlink(missing_ok=True)
    return rel.id


__all__ = ["add_measures_cases"]
