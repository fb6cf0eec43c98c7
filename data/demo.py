"""Synthetic, repeatable demo data for one welfare area (Kymenlaakso), at three scales.

``generate(folder, scale=..., seed=..., today=...)`` fills an empty data folder with clients,
guardians, social workers, volunteers at every vetting step, relationships in every state (and
professional services in every phase), meetings, palaverit, monthly reports, concerns and the
programme's settings. Nothing in it is real: names are common Finnish names combined at random,
phone numbers are random, e-mail addresses use the reserved ``.example`` domain.

The same ``seed`` and ``today`` give the same data, byte for byte (apart from the random write
token that the storage engine puts in every file). Only ``random.Random(seed)`` is used. The
clock ("now") is the start of ``today`` when ``today`` is given, else the real clock.

Every case the console must show is present at every scale: a concern nobody has been told
about yet, reviews due, planned ends near, relationships without a meeting for weeks, agreements
with only one or two meetings left, volunteers stuck in vetting, clients who have waited for
long, missing monthly reports.

Volume: the records reach back 18 months at the small scale and 36 months at the bigger ones,
where relationships also last longer and meet more often (two to four times a month with a
volunteer, weekly or more in a professional service), so that region holds about 30,000
meetings and national about 1,000,000.

Speed: records that exist in the millions (meetings, monthly reports) and palaverit are built as
dicts in the exact stored form (``tests/test_demo.py`` checks the form against the models); the
people and relationships go through the models. Files are written with ``Engine.bulk_write`` in
batches, so memory stays small even at national scale.
"""

from __future__ import annotations

import gc
import math
import os
import random
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from data.dates import HELSINKI, add_months, month_end, month_key, month_start, now_helsinki
from data.demo_content import (
    AREAS,
    CANCEL_NOTES,
    CHEAP_MEETINGS,
    CONCERNS_ABOUT_CHILD,
    CONCERNS_ABOUT_GUARDIAN,
    CONTACTS_TEEN,
    CONTACTS_YOUNG,
    COORDINATOR_NAMES,
    COORDINATORS,
    COSTS,
    DURATIONS,
    END_NOTES,
    ENDING_NOTES,
    FAMILIES,
    FAMILY_MEETING,
    FEMALE,
    FOLD,
    FOLLOW_UPS,
    FOREIGN,
    FRIENDS,
    GAVE,
    GOAL_TEXTS,
    GOALS_GENERAL,
    GOALS_PARENT,
    HEALTH,
    HOME_MEETINGS,
    HOW_CHILD,
    HOW_PARENT,
    INTEREST_MEETING,
    INTERESTS,
    LANGUAGES,
    LAST,
    MALE,
    MUNICIPALITIES,
    MUNICIPALITY_WEIGHTS,
    NEEDS,
    PAUSE_NOTES,
    PEER_MEETINGS,
    PHASE_NOTES,
    PHONE_PREFIXES,
    PLACES,
    PRO_WORKS,
    PROGRESS,
    REVIEW_NOTES,
    START_NOTES,
    TIMES_WEEKDAY,
    TIMES_WEEKEND,
    UNITS,
    UPPER_SCHOOLS,
    WELLBEING,
    WISH,
    WORKS,
)
from data.errors import Refused
from data.model.base import age_on
from data.model.facts import FACT_FILES, FACTS, row_of
from data.models import (
    Agreement,
    Applied,
    Approved,
    Arranging,
    Availability,
    Channel,
    Client,
    ClientKind,
    Concern,
    ConcernAbout,
    DayPart,
    Decisions,
    EndReason,
    ExtractShown,
    FeeModel,
    FeeRate,
    FeeTerms,
    FollowUp,
    Gender,
    Goal,
    Guardian,
    GuardianRelation,
    Left,
    Meeting,
    MonthlyReport,
    Notification,
    NotifyHow,
    NotifyTarget,
    Oriented,
    Palaveri,
    PalaveriKind,
    Paused,
    Phase,
    PhaseEntry,
    Preferences,
    Record,
    Reference,
    Relationship,
    Resumed,
    Role,
    Settings,
    SocialWorker,
    State,
    StateChange,
    SuitabilityAssessed,
    Travel,
    Urgency,
    VettingStep,
    Volunteer,
    VolunteerKind,
    Weekday,
)
from data.rules.geography import neighbours
from data.storage import META, Doc, Engine, Table
from data.storage.layout import (
    COUNTERS,
    COUNTERS_TABLE,
    FLAT,
    INDEX_BUCKETS,
    MEETINGS,
    MONTHS,
    NEXT,
    PALAVERIT,
    REPORTED,
    REPORTS,
    SUMMARIES,
    report_file,
    reported_entry,
    shard,
    summarise,
)

USER = "demo"
T = TypeVar("T")


# ----- scales ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How much to generate. Rates and lengths are drawn evenly from their tuples.

    The first clients and volunteers of every scale follow fixed scenarios (``FORCED_CLIENTS``,
    ``FORCED_VOLUNTEERS``) so that every case is present; the rest are drawn at random.
    """

    clients: int
    volunteers: int
    social_workers: int
    months: int  # how far back the records reach
    concerns: int
    rates: tuple[int, ...]  # meetings a month agreed with a volunteer or a peer
    pro_rates: tuple[int, ...]  # meetings a month in a professional service
    lengths: tuple[int, ...]  # length of an ended relationship, months
    statuses: tuple[tuple[str, int], ...]  # where the other clients are today (weights)
    new_share: float  # share of clients who had no earlier relationship
    batch: int = 1000  # relationship shards per bulk write


_STATUSES = (
    ("active", 62),
    ("paused", 3),
    ("proposed", 3),
    ("starting", 3),
    ("waiting", 8),
    ("requeued", 3),
    ("closed", 18),
)

SCALES: dict[str, Scale] = {
    "small": Scale(
        clients=20,
        volunteers=15,
        social_workers=10,
        months=18,
        concerns=4,
        rates=(2, 2, 2, 3),
        pro_rates=(4, 4, 6),
        lengths=(6, 9, 12, 12, 12, 15),
        statuses=_STATUSES,
        new_share=0.4,
    ),
    "region": Scale(
        clients=400,
        volunteers=250,
        social_workers=20,
        months=36,
        concerns=12,
        rates=(2, 3, 3, 4),
        pro_rates=(4, 6, 8),
        lengths=(9, 12, 12, 15, 18, 24),
        statuses=_STATUSES,
        new_share=0.15,
    ),
    "national": Scale(
        clients=10_000,
        volunteers=5_000,
        social_workers=40,
        months=36,
        concerns=150,
        rates=(3, 3, 4, 4),
        pro_rates=(4, 6, 8),
        lengths=(12, 15, 18, 18, 24, 24),
        statuses=(
            ("active", 73),
            ("paused", 3),
            ("proposed", 2),
            ("starting", 2),
            ("waiting", 7),
            ("requeued", 2),
            ("closed", 11),
        ),
        new_share=0.04,
    ),
}


@dataclass
class DemoStats:
    """What ``generate`` wrote, and how long it took."""

    scale: str
    seed: int
    today: date
    clients: int = 0
    guardians: int = 0
    social_workers: int = 0
    volunteers: int = 0
    relationships: int = 0
    meetings: int = 0
    palaverit: int = 0
    concerns: int = 0
    reports: int = 0
    files: int = 0
    seconds: float = 0.0


BIG = date.max.toordinal()


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


# ----- plans -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Vol:
    """A volunteer while planning: when they may take relationships and how many."""

    index: int
    kind: VolunteerKind
    state: str  # applied, suitability, oriented, extract, left_vetting, approved, resumed, ...
    capacity: int
    municipality: str
    approved: int | None = None  # ordinal
    until: int = BIG  # paused or left on this day (ordinal); no relationship runs past it
    last_step: int | None = None  # in vetting: the day of the newest step (ordinal)
    ends: list[int] = field(default_factory=list)  # ends of the relationships taken (ordinals)
    last_end: int = 0
    record: Volunteer | None = None


@dataclass(slots=True)
class _Rel:
    """One relationship while planning (dates as ordinals)."""

    client: int
    service: VolunteerKind
    state: State
    p: int  # proposed
    s: int | None = None  # start meeting, the agreement's start
    f: int | None = None  # first meeting
    e: int | None = None  # ended
    reason: EndReason | None = None
    fixed_reason: bool = False
    months: int = 12  # planned length
    rate: int = 2
    pause: tuple[int, int] | None = None  # paused and resumed in the middle
    paused_on: int | None = None  # state paused since
    quiet: int = 0  # no meeting in this many last days
    near_max: bool = False
    planned_end: int | None = None  # a fixed planned end
    no_review: bool = False
    phase: Phase | None = None  # the phase it must have reached
    missing: str = ""  # "last" or "previous": that month's report has not arrived
    volunteer: int = -1
    rid: int = 0


@dataclass(frozen=True, slots=True)
class _Terms:
    """What the start meeting of one relationship agreed."""

    car: bool
    home: bool
    arranged: Arranging
    contact: str
    goals: list[str]
    favourites: list[tuple[str, str]]


@dataclass(frozen=True)
class _Scenario:
    status: str
    service: VolunteerKind = VolunteerKind.VOLUNTEER
    flags: frozenset[str] = frozenset()
    phase: Phase | None = None
    wait: int = 0
    parent: bool = False


def _sc(status: str, *flags: str, **kw: Any) -> _Scenario:
    return _Scenario(status, flags=frozenset(flags), **kw)


VOL = VolunteerKind.VOLUNTEER
PRO = VolunteerKind.PROFESSIONAL
FAM = VolunteerKind.SUPPORT_FAMILY
PEER = VolunteerKind.PEER

# The first clients at every scale: every case the console must show.
FORCED_CLIENTS = (
    _sc("active", "review_due", "missing_last", "unnotified"),
    _sc("active", "review_due", "missing_previous"),
    _sc("active", "end_soon"),
    _sc("active", "end_soon", service=PRO, phase=Phase.UNNECESSARY),
    _sc("active", "quiet"),
    _sc("active", "quiet", service=FAM),
    _sc("active", "near_max"),
    _sc("active", "near_max", service=PRO, phase=Phase.TRUST),
    _sc("active", service=PRO, phase=Phase.START),
    _sc("active", service=PRO, phase=Phase.FUTURE),
    _sc("proposed"),
    _sc("starting"),
    _sc("paused"),
    _sc("active", service=PEER, parent=True),
    _sc("waiting", wait=75),
    _sc("waiting", wait=150),
    _sc("waiting", wait=20),
    _sc("closed"),
    _sc("requeued"),
    _sc("active", service=FAM),
)
# The first volunteers at every scale: (state, kind, capacity, days since the newest step).
FORCED_VOLUNTEERS: tuple[tuple[str, VolunteerKind, int, int], ...] = (
    ("applied", VOL, 1, 10),
    ("suitability", VOL, 1, 75),
    ("oriented", VOL, 2, 20),
    ("extract", VOL, 1, 95),
    ("paused", VOL, 1, 40),
    ("left", VOL, 1, 120),
    ("approved", PRO, 3, 0),
    ("approved", PRO, 3, 0),
    ("approved", PEER, 2, 0),
    ("approved", FAM, 2, 0),
    ("approved", VOL, 2, 0),
    ("approved", VOL, 2, 0),
    ("approved", VOL, 1, 0),
    ("approved", VOL, 2, 0),
    ("approved", VOL, 3, 0),
)
IN_VETTING = ("applied", "suitability", "oriented", "extract")
VOLUNTEER_STATES = (
    ("applied", 20),
    ("suitability", 20),
    ("oriented", 20),
    ("extract", 15),
    ("left_vetting", 10),
    ("approved", 720),
    ("resumed", 30),
    ("paused", 50),
    ("left", 115),
)
VOLUNTEER_KINDS = ((VOL, 70), (PRO, 13), (PEER, 6), (FAM, 11))
CAPACITIES = {
    VOL: ((1, 40), (2, 40), (3, 20)),
    PRO: ((3, 30), (4, 40), (5, 30)),
    PEER: ((1, 50), (2, 50)),
    FAM: ((1, 50), (2, 50)),
}
CHILD_SERVICES = ((VOL, 80), (PRO, 13), (FAM, 7))
REASONS_CLOSING = (
    (EndReason.GOALS_MET, 35),
    (EndReason.PLANNED_END, 35),
    (EndReason.FAMILY, 12),
    (EndReason.CHILD_WISH, 10),
    (EndReason.OTHER, 5),
    (EndReason.SAFETY, 3),
)
REASONS_CHAIN = (
    (EndReason.VOLUNTEER, 35),
    (EndReason.PLANNED_END, 20),
    (EndReason.GOALS_MET, 10),
    (EndReason.FAMILY, 15),
    (EndReason.CHILD_WISH, 10),
    (EndReason.OTHER, 8),
    (EndReason.SAFETY, 2),
)
CANCEL_REASONS = ("volunteer_ill",) * 35 + ("child_ill",) * 45 + ("other",) * 20
CHANNELS = ((Channel.WHATSAPP, 35), (Channel.SMS, 30), (Channel.PHONE, 25), (Channel.EMAIL, 10))

# Stored forms with every default, taken from the models so that new fields come along.
MEETING_BASE = Meeting(relationship_id=1, on=date(2000, 1, 1)).model_dump(
    mode="json", by_alias=True
)
PALAVERI_BASE = Palaveri(
    relationship_id=1, kind=PalaveriKind.START, on=date(2000, 1, 1)
).model_dump(mode="json", by_alias=True)
DECISIONS_BASE = Decisions().model_dump(mode="json", by_alias=True)
REPORT_BASE = MonthlyReport(
    relationship_id=1, month=date(2000, 1, 1), received_on=date(2000, 1, 1)
).model_dump(mode="json", by_alias=True)


# ----- the generator -----------------------------------------------------------------------------


class _Generator:
    def __init__(
        self, name: str, scale: Scale, seed: int, today: date, now: datetime, engine: Engine
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        # a stream of its own for how far volunteers travel, so the other draws stay as they were
        self.reach_rng = random.Random(seed * 7919 + 1)
        self.today = today
        self.t = today.toordinal()
        self.now = now
        self.engine = engine
        self.w0 = add_months(today, -scale.months).toordinal()
        self.stats = DemoStats(scale=name, seed=seed, today=today)
        self._stamps: dict[int, str] = {}
        self._iso: dict[int, str] = {}
        self._months: dict[int, tuple[str, int]] = {}
        self._pending: dict[str, Doc] = {}
        self.forced_reasons = list(EndReason)
        self.clients: list[Client] = []
        self.client_rows: list[dict[str, Any]] = []
        self.guardian_rows: list[dict[str, Any]] = []
        self.guardian_names: dict[int, str] = {}
        self.worker_rows: list[dict[str, Any]] = []
        self.worker_names: dict[int, str] = {}
        self.volunteer_rows: list[dict[str, Any]] = []
        self.vols: list[_Vol] = []
        self.rels: list[_Rel] = []
        self.summaries: dict[int, dict[str, Any]] = {}
        self.reported: dict[int, set[str]] = {}
        self.next_ids: dict[int, dict[str, int]] = {}
        self.report_months: set[str] = set()
        self.reports: dict[str, list[tuple[int, list[str], int]]] = {}
        self.concern_hosts: dict[int, list[int]] = {}  # rid -> days with a held meeting
        self.unnotified_host = 0
        self.dropped = 0  # relationships nobody could take (the plan is then shorter)
        prev = month_start(add_months(today, -1))
        self.last_month = month_key(prev)
        self.previous_month = month_key(add_months(prev, -1))

    # -- small helpers ------------------------------------------------------------------------

    def iso(self, o: int) -> str:
        got = self._iso.get(o)
        if got is None:
            got = self._iso[o] = date.fromordinal(o).isoformat()
        return got

    def stamp(self, o: int) -> str:
        """The audit time of something recorded on day ``o``: 20:00 that day, never after now."""
        got = self._stamps.get(o)
        if got is None:
            d = date.fromordinal(min(o, self.t))
            moment = datetime(d.year, d.month, d.day, 20, 0, tzinfo=HELSINKI)
            got = self._stamps[o] = min(moment, self.now).isoformat()
        return got

    def stamped(self, record: Record, record_id: int, day: int) -> dict[str, Any]:
        """The stored form of a new record, stamped as ``Store._stamp_new`` does."""
        return self.stamp_dict(record.model_dump(mode="json", by_alias=True), record_id, day)

    def stamp_dict(self, data: dict[str, Any], record_id: int, day: int) -> dict[str, Any]:
        st = self.stamp(day)
        data.update(
            id=record_id, version=1, created_by=USER, created_at=st, changed_by=USER, changed_at=st
        )
        return data

    def phone(self) -> str:
        r = self.rng
        return f"{r.choice(PHONE_PREFIXES)} {r.randint(100, 999)} {r.randint(1000, 9999)}"

    def email(self, first: str, last: str, domain: str) -> str:
        return f"{first}.{last}".lower().translate(FOLD) + f"@{domain}"

    def name(self, gender: Gender, language: str = "fi") -> tuple[str, str]:
        r = self.rng
        if language in FOREIGN and r.random() < 0.85:
            female, male, last = FOREIGN[language]
            return r.choice(female if gender is Gender.FEMALE else male), r.choice(last)
        return r.choice(FEMALE if gender is Gender.FEMALE else MALE), r.choice(LAST)

    def municipality(self) -> str:
        return _weighted(self.rng, list(zip(MUNICIPALITIES, MUNICIPALITY_WEIGHTS, strict=True)))

    def availability(self, weekend: bool) -> Availability:
        r = self.rng
        weekdays = list(Weekday)
        days = sorted(r.sample(weekdays[:5], r.randint(1, 3)), key=weekdays.index)
        if weekend or r.random() < 0.4:
            days += weekdays[5 : 5 + r.randint(1, 2)]
        parts = [DayPart.AFTERNOON] + ([DayPart.EVENING] if r.random() < 0.5 else [])
        if r.random() < 0.15:
            parts.insert(0, DayPart.MORNING)
        return Availability(days=days, parts=parts)

    def put(self, rel: str, doc: Doc) -> None:
        self._pending[rel] = doc
        if len(self._pending) >= self.scale.batch:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.engine.bulk_write(self._pending)
            self.stats.files += len(self._pending)
            self._pending = {}

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> DemoStats:
        self.plan_workers()
        self.plan_volunteers()
        self.plan_clients()
        self.assign()
        self.finish_volunteers()
        self.pick_concern_hosts()
        relationships = [self.relationship(rel) for rel in self.rels]
        concerns = self.concerns()
        self.write_reports()
        self.write_index()
        self.write_facts(relationships)
        flat: list[tuple[type[Record], list[dict[str, Any]]]] = [
            (Client, self.client_rows),
            (Guardian, self.guardian_rows),
            (SocialWorker, self.worker_rows),
            (Volunteer, self.volunteer_rows),
            (Relationship, relationships),
            (Concern, concerns),
            (Settings, [self.settings()]),
        ]
        counters: dict[str, Any] = {MONTHS: " ".join(sorted(self.report_months))}
        for model, rows in flat:
            place = FLAT[model]
            counters[place.file] = len(rows) + 1
            self.put(
                place.file,
                {
                    place.table: {str(row["id"]): row for row in rows},
                    META: {"1": {"next": {place.table: len(rows) + 1}}},
                },
            )
        self.put(COUNTERS, {COUNTERS_TABLE: {"1": counters}})
        self.flush()
        if hasattr(os, "sync"):
            os.sync()  # the batches were written without syncing each file
        s = self.stats
        s.clients, s.guardians = len(self.client_rows), len(self.guardian_rows)
        s.social_workers, s.volunteers = len(self.worker_rows), len(self.volunteer_rows)
        s.relationships, s.concerns = len(relationships), len(concerns)
        return s

    # -- people ---------------------------------------------------------------------------------

    def plan_workers(self) -> None:
        r = self.rng
        day = self.w0 - 30
        programme = SocialWorker(
            first_name="Tuula",
            last_name="Ojala",
            unit="Tukihenkilötoiminta",
            phone=self.phone(),
            email="tuula.ojala@kymenlaakso.example",
            programme=True,
        )
        self.worker_rows.append(self.stamped(programme, 1, day))
        for i in range(self.scale.social_workers):
            gender = Gender.FEMALE if r.random() < 0.8 else Gender.MALE
            first, last = self.name(gender)
            worker = SocialWorker(
                first_name=first,
                last_name=last,
                unit=f"{r.choice(UNITS)}, {MUNICIPALITIES[i % 3]}",
                phone=self.phone(),
                email=self.email(first, last, "kymenlaakso.example"),
            )
            self.worker_rows.append(self.stamped(worker, i + 2, day))
            self.worker_names[i + 2] = worker.name

    def plan_volunteers(self) -> None:
        r, t = self.rng, self.t
        for i in range(self.scale.volunteers):
            if i < len(FORCED_VOLUNTEERS):
                state, kind, capacity, since = FORCED_VOLUNTEERS[i]
            else:
                state = _weighted(r, VOLUNTEER_STATES)
                kind = _weighted(r, VOLUNTEER_KINDS)
                capacity = _weighted(r, CAPACITIES[kind])
                since = 0
            vol = _Vol(i, kind, state, capacity, self.municipality())
            if state in IN_VETTING or state == "left_vetting":
                if not since:
                    since = r.randint(61, 160) if r.random() < 0.1 else r.randint(1, 55)
                vol.last_step = t - since
            else:
                if i < len(FORCED_VOLUNTEERS) or r.random() < 0.55:
                    vol.approved = self.w0 - r.randint(30, 1500)
                else:
                    vol.approved = r.randint(self.w0, t - 30)
                if state in ("paused", "left"):
                    if since:
                        vol.until = t - since
                    else:
                        low = max(vol.approved + 60, t - 240 if state == "paused" else self.w0)
                        vol.until = r.randint(min(low, t - 7), t - 7)
            self.vols.append(vol)

    def plan_clients(self) -> None:
        r = self.rng
        for i in range(self.scale.clients):
            if i < len(FORCED_CLIENTS):
                sc = FORCED_CLIENTS[i]
            else:
                parent = r.random() < 0.05
                sc = _Scenario(
                    _weighted(r, self.scale.statuses),
                    service=PEER if parent else _weighted(r, CHILD_SERVICES),
                    parent=parent,
                )
            rels = self.plan_relationships(i, sc)
            self.rels.extend(rels)
            self.make_client(i, sc, rels)

    def length(self, service: VolunteerKind) -> int:
        """Days an ended relationship lasted."""
        months = self.rng.choice(self.scale.lengths)
        if service is PEER:
            months = min(months, 12)
        return int(months * 30.44) + self.rng.randint(-10, 20)

    def new_rel(self, client: int, service: VolunteerKind, state: State, p: int) -> _Rel:
        r = self.rng
        rel = _Rel(client, service, state, p)
        if service is PRO:
            rel.rate = r.choice(self.scale.pro_rates)
        elif service is FAM:
            rel.rate = 2
        else:
            rel.rate = r.choice(self.scale.rates)
        rel.months = 12 if service is PEER else r.choice((12, 12, 12, 18, 24))
        return rel

    def first_meeting(self, s: int, service: VolunteerKind) -> int:
        f = s + self.rng.randint(3, 14)
        if service is FAM:
            f += (4 - (f - 1) % 7) % 7  # a Friday
        return f

    def plan_relationships(self, i: int, sc: _Scenario) -> list[_Rel]:
        """The client's relationships: the current one by the scenario, then earlier ones."""
        r, t = self.rng, self.t
        rels: list[_Rel] = []
        if sc.status in ("active", "paused"):
            rels.append(self.current(i, sc))
        elif sc.status == "proposed":
            rels.append(self.new_rel(i, sc.service, State.PROPOSED, t - r.randint(1, 20)))
        elif sc.status == "starting":
            s = t - r.randint(2, 20)
            rel = self.new_rel(i, sc.service, State.STARTING, s - r.randint(7, 20))
            rel.s, rel.f = s, t + r.randint(1, 14)
            rels.append(rel)
        elif sc.status in ("closed", "requeued"):
            got = self.ended(i, sc.service, t - r.randint(5, min(330, t - self.w0 - 100)))
            last = got or self.ended(i, sc.service, t - 5)
            if last is not None:
                if sc.status == "requeued":
                    last.reason = EndReason.VOLUNTEER
                elif i < len(FORCED_CLIENTS):
                    last.reason = EndReason.GOALS_MET
                else:
                    last.reason = _weighted(r, REASONS_CLOSING)
                last.fixed_reason = True
                rels.append(last)
        if not rels or (i < len(FORCED_CLIENTS) and sc.status == "proposed"):
            return rels
        if r.random() < self.scale.new_share:
            return rels
        cursor = rels[0].p
        while True:
            e = cursor - r.randint(10, 70)
            if r.random() < 0.03:  # proposed, but the family declined before it started
                p = e - r.randint(7, 30)
                if p < self.w0:
                    break
                rel = self.new_rel(i, sc.service, State.ENDED, p)
                rel.e = e
                rel.reason = r.choice((EndReason.FAMILY, EndReason.CHILD_WISH))
            else:
                got = self.ended(i, sc.service, e)
                if got is None:
                    break
                rel = got
                if self.forced_reasons:
                    rel.reason = self.forced_reasons.pop(0)
                    rel.fixed_reason = True
                else:
                    rel.reason = _weighted(r, REASONS_CHAIN)
            rels.append(rel)
            cursor = rel.p
            if r.random() < 0.15:
                break
        return rels

    def current(self, i: int, sc: _Scenario) -> _Rel:
        """The client's open (active or paused) relationship, shaped by the scenario."""
        r, t = self.rng, self.t
        window = t - self.w0
        flags, service = sc.flags, sc.service
        months = 12
        if "review_due" in flags:
            s = t - r.randint(335, 380)
        elif "end_soon" in flags:
            months = 9 if service is PRO else 12
            s = add_months(date.fromordinal(t + r.randint(5, 28)), -months).toordinal()
        elif sc.phase is not None:
            s = (
                t
                - {
                    Phase.START: r.randint(25, 45),
                    Phase.TRUST: r.randint(90, 160),
                    Phase.FUTURE: r.randint(200, 270),
                    Phase.UNNECESSARY: r.randint(300, 330),
                }[sc.phase]
            )
        elif sc.status == "paused":
            s = t - r.randint(120, max(121, min(500, window - 40)))
        elif "quiet" in flags or "near_max" in flags:
            s = t - r.randint(150, max(151, min(400, window - 40)))
        else:
            s = t - r.randint(25, max(26, min(self.length(service), window - 40)))
        rel = self.new_rel(i, service, State.ACTIVE, s - r.randint(7, 25))
        rel.s = s
        rel.f = self.first_meeting(s, service)
        if "end_soon" in flags or "review_due" in flags or sc.phase is not None:
            rel.months = months
        if "end_soon" in flags:
            rel.planned_end = add_months(date.fromordinal(s), months).toordinal()
        rel.no_review = "end_soon" in flags or "review_due" in flags
        rel.phase = sc.phase
        rel.quiet = r.randint(40, 70) if "quiet" in flags else 0
        rel.near_max = "near_max" in flags
        if "missing_last" in flags:
            rel.missing = "last"
        elif "missing_previous" in flags:
            rel.missing = "previous"
        if "unnotified" in flags:
            rel.rid = -1  # marks the host of the unnotified concern until ids are given
        if sc.status == "paused":
            rel.state = State.PAUSED
            rel.paused_on = t - r.randint(7, 60)
        elif not flags and sc.phase is None and r.random() < 0.05 and t - rel.f > 200:
            a = r.randint(rel.f + 60, t - 90)
            rel.pause = (a, a + r.randint(20, 60))
        return rel

    def ended(self, client: int, service: VolunteerKind, e: int) -> _Rel | None:
        """An ended relationship that ended on ``e``, or None if it would start too early."""
        r = self.rng
        s = e - self.length(service)
        if s < self.w0 + 5:
            s = self.w0 + r.randint(5, 40)
            if e - s < 75:
                return None
        rel = self.new_rel(client, service, State.ENDED, s - r.randint(7, 25))
        rel.s, rel.e = s, e
        rel.f = self.first_meeting(s, service)
        if rel.f >= e - 20:
            return None
        if r.random() < 0.05 and e - rel.f > 200:
            a = r.randint(rel.f + 60, e - 90)
            rel.pause = (a, a + r.randint(20, 60))
        return rel

    def make_client(self, i: int, sc: _Scenario, rels: list[_Rel]) -> None:
        r, t = self.rng, self.t
        language = "fi" if i < len(FORCED_CLIENTS) else _weighted(r, LANGUAGES)
        gender = Gender.FEMALE if r.random() < 0.5 else Gender.MALE
        first, last = self.name(gender, language)
        municipality = self.municipality()
        area, school = r.choice(AREAS[municipality][1])
        if rels:
            registered = min(rel.p for rel in rels) - r.randint(7, 120)
        else:
            wait = sc.wait or (r.randint(1, 60) if r.random() < 0.6 else r.randint(61, 400))
            registered = t - wait
        parent = sc.parent
        if parent:
            age_then = r.randint(24, 45)
        elif sc.service is FAM:
            age_then = r.randint(5, 12)
        else:
            age_then = r.randint(6, 15)
        birth = date.fromordinal(registered - age_then * 365 - r.randint(30, 330))
        age = age_on(birth, self.today)
        closed: date | None = None
        if sc.status == "closed" and rels:
            last_end = max(rel.e or 0 for rel in rels)
            closed = date.fromordinal(min(t, last_end + r.randint(0, 21)))
        interests = r.sample(INTERESTS, r.randint(1, 4))
        guardian_ids: list[int] = []
        if not parent:
            for n in range(1 if r.random() < 0.45 else 2):
                guardian_ids.append(self.make_guardian(last, language, n, registered))
        if parent or age >= 19:
            school, school_class = "", ""
        elif age >= 16:
            school = UPPER_SCHOOLS.get(municipality, "ammattiopisto")
            school_class = f"{age - 15}. vuosi"
        else:
            school_class = f"{max(1, age - 6)}{r.choice('ABC')}"
        if parent or age >= 12:
            travel = Travel.ALONE_BY_BUS
        elif age >= 9:
            travel = Travel.ALONE_NEARBY
        else:
            travel = Travel.ESCORTED
        roll = r.random()
        if language != "fi" and roll < 0.5:
            prefs = Preferences(language=language, firm=["language"])
        elif roll < 0.25:
            prefs = Preferences(gender=gender)
        elif roll < 0.3:
            prefs = Preferences(age_min=25, age_max=55, firm=["age"])
        else:
            prefs = Preferences()
        decided = date.fromordinal(min(t, registered + r.randint(0, 20)))
        planned = decided.toordinal() + r.randint(0, 40)
        client = Client(
            first_name=first,
            last_name=last,
            kind=ClientKind.PARENT if parent else ClientKind.CHILD,
            birth_date=birth,
            municipality=municipality,
            area=area,
            school=school,
            school_class=school_class,
            languages=["fi"] if language == "fi" else [language, "fi"],
            interests=interests,
            needs=["peer_support"] if parent else r.sample(NEEDS, r.randint(1, 3)),
            friends="" if parent else r.choice(FRIENDS),
            travel=travel,
            health_notes="" if parent else r.choice(HEALTH),
            wishes="Haluaisi " + " ja ".join(WISH[x] for x in interests[:2]) + ".",
            availability=self.availability(sc.service is FAM),
            preferences=prefs,
            registered_on=date.fromordinal(registered),
            decision=Reference(on=decided, reference=f"LS-{decided.year}-{r.randint(100, 9999)}"),
            client_plan=(
                Reference(on=date.fromordinal(planned), reference=f"AS-{r.randint(1000, 99999)}")
                if planned <= t
                else None
            ),
            guardian_ids=guardian_ids,
            social_worker_id=r.randint(2, self.scale.social_workers + 1),
            closed_on=closed,
            phone=self.phone() if parent or age >= 12 else "",
        )
        self.clients.append(client)
        day = closed.toordinal() if closed else registered
        self.client_rows.append(self.stamped(client, i + 1, day))

    def make_guardian(self, last: str, language: str, n: int, day: int) -> int:
        r = self.rng
        female = (n == 0) == (r.random() < 0.85)
        first, own_last = self.name(Gender.FEMALE if female else Gender.MALE, language)
        if r.random() < 0.08:
            relation = GuardianRelation.FOSTER_PARENT
        else:
            relation = GuardianRelation.MOTHER if female else GuardianRelation.FATHER
        surname = last if r.random() < 0.75 else own_last
        guardian = Guardian(
            first_name=first,
            last_name=surname,
            relation=relation,
            phone=self.phone(),
            email=self.email(first, surname, "posti.example") if r.random() < 0.6 else "",
            preferred_channel=_weighted(r, CHANNELS),
            language=language,
        )
        gid = len(self.guardian_rows) + 1
        self.guardian_rows.append(self.stamped(guardian, gid, day))
        self.guardian_names[gid] = guardian.name
        return gid

    # -- matching volunteers over time --------------------------------------------------------

    def assign(self) -> None:
        """Give every relationship a volunteer of the right kind who had room at the time."""
        r = self.rng
        local: dict[tuple[VolunteerKind, str], list[_Vol]] = {}
        by_kind: dict[VolunteerKind, list[_Vol]] = {}
        for vol in self.vols:
            if vol.approved is not None:
                local.setdefault((vol.kind, vol.municipality), []).append(vol)
                by_kind.setdefault(vol.kind, []).append(vol)
        self.rels.sort(key=lambda rel: (rel.p, rel.client))
        kept: list[_Rel] = []
        for rel in self.rels:
            end = rel.e if rel.e is not None else BIG
            municipality = self.clients[rel.client].municipality
            pools = (local.get((rel.service, municipality), []), by_kind.get(rel.service, []))
            chosen = self.pick(rel.p, end, pools)
            if chosen is None:
                self.dropped += 1
                continue  # nobody could take it then; the client simply went without
            chosen.ends.append(end)
            chosen.last_end = max(chosen.last_end, end)
            rel.volunteer = chosen.index
            kept.append(rel)
        self.rels = kept
        for rid, rel in enumerate(self.rels, 1):
            if rel.rid == -1:
                self.unnotified_host = rid
            rel.rid = rid
            vol = self.vols[rel.volunteer]
            # a relationship that ended shortly before its volunteer paused or left ended
            # for the volunteer's reasons
            if (
                vol.until != BIG
                and rel.e is not None
                and rel.e >= vol.until - 45
                and not rel.fixed_reason
                and rel.s is not None
                and r.random() < 0.8
            ):
                rel.reason = EndReason.VOLUNTEER

    def pick(self, p: int, end: int, pools: tuple[list[_Vol], list[_Vol]]) -> _Vol | None:
        r = self.rng
        full: _Vol | None = None
        full_load = 99
        for pool, tries in zip(pools, (12, 24), strict=True):
            for _ in range(tries if pool else 0):
                vol = r.choice(pool)
                load = self.load(vol, p, end)
                if 0 <= load < vol.capacity:
                    return vol
                if 0 <= load < full_load:
                    full, full_load = vol, load
        if full is None and pools[1]:
            pool = pools[1]
            start = r.randrange(len(pool))
            for k in range(len(pool)):
                vol = pool[(start + k) % len(pool)]
                load = self.load(vol, p, end)
                if 0 <= load < vol.capacity:
                    return vol
                if 0 <= load < full_load:
                    full, full_load = vol, load
        if full is None or full_load >= 10:
            return None
        full.capacity = full_load + 1  # their capacity grew over time
        return full

    @staticmethod
    def load(vol: _Vol, p: int, end: int) -> int:
        """How many relationships the volunteer has on day ``p``; -1 if they cannot take one."""
        if vol.approved is None or vol.approved + 7 > p or end > vol.until:
            return -1
        if vol.ends and min(vol.ends) <= p:
            vol.ends = [x for x in vol.ends if x > p]
        return len(vol.ends)

    def finish_volunteers(self) -> None:
        r = self.rng
        for number, vol in enumerate(self.vols):
            female = r.random() < (0.5 if vol.kind is FAM else 0.7)
            gender = Gender.FEMALE if female else Gender.MALE
            first, last = self.name(gender)
            if vol.kind is PRO:
                birth, work = r.randint(1965, 1998), r.choice(PRO_WORKS)
            elif vol.kind is PEER:
                birth, work = r.randint(1965, 1995), r.choice(WORKS)
            else:
                birth = r.randint(1950, 2003)
                work = "eläkkeellä" if birth < 1958 else r.choice(WORKS)
            if vol.kind is FAM:
                family = "perheessä kaksi aikuista ja kaksi lasta"
            elif vol.kind is PEER:
                family = "oma kokemus lapsen sijoituksesta"
            else:
                family = r.choice(FAMILIES)
            areas = [a for a, _ in AREAS[vol.municipality][1]]
            area = r.choice(areas)
            reach = [area] + [a for a in r.sample(areas, min(len(areas), 2)) if a != area]
            far = self.reach_rng.random()
            nearby = sorted(m for m in AREAS if neighbours(m, vol.municipality))
            # a professional works across the neighbouring municipalities; so do the first
            # volunteers of every demo, so even the small one has matches to show
            if vol.kind is PRO or number < len(FORCED_VOLUNTEERS):
                reach = [vol.municipality, *nearby]
            elif far < 0.5:  # half go anywhere in their municipality, some also next door
                reach = [vol.municipality]
                if far < 0.25 and nearby:
                    reach.append(self.reach_rng.choice(nearby))
            languages = ["fi"] + (["sv"] if r.random() < 0.08 else [])
            languages += ["en"] if r.random() < 0.3 else []
            low, high = (5, 13) if vol.kind is FAM else r.choice(((6, 12), (10, 17), (None, None)))
            record = Volunteer(
                first_name=first,
                last_name=last,
                kind=vol.kind,
                birth_year=birth,
                gender=gender,
                family=family,
                work=work,
                municipality=vol.municipality,
                area=area,
                reachable_areas=reach,
                interests=r.sample(INTERESTS, r.randint(2, 4)),
                offers=["peer_support"] if vol.kind is PEER else r.sample(NEEDS, r.randint(1, 3)),
                languages=languages,
                availability=self.availability(vol.kind is FAM),
                has_car=r.random() < 0.65,
                home_visits_ok=vol.kind is FAM or r.random() < 0.4,
                capacity=max(1, min(10, vol.capacity)),
                child_age_min=None if vol.kind is PEER else low,
                child_age_max=None if vol.kind is PEER else high,
                phone=self.phone(),
                email=self.email(first, last, "posti.example"),
                vetting=self.vetting(vol),
            )
            vol.record = record
            day = record.vetting[-1].on.toordinal()
            self.volunteer_rows.append(self.stamped(record, vol.index + 1, day))

    def vetting(self, vol: _Vol) -> list[VettingStep]:
        r = self.rng
        by = r.choice(COORDINATORS)
        if vol.approved is not None:
            approved = vol.approved
            shown = approved - r.randint(0, 14)
        else:
            approved = shown = vol.last_step or self.t
        oriented = shown - r.randint(0, 20)
        suitability = oriented - r.randint(7, 40)
        applied = suitability - r.randint(7, 30)
        if vol.approved is None and vol.last_step is not None:
            # move the steps so that the newest one recorded falls on last_step
            newest = {"applied": applied, "oriented": oriented, "extract": shown}.get(
                vol.state, suitability
            )
            shift = vol.last_step - newest
            applied, suitability, oriented, shown = (
                applied + shift,
                suitability + shift,
                oriented + shift,
                shown + shift,
            )
        d = date.fromordinal
        steps: list[VettingStep] = [Applied(on=d(applied), by=by)]
        if vol.state == "applied":
            return steps
        if vol.state == "left_vetting":
            note = "Ei sovellu tehtävään tällä hetkellä."
            steps.append(SuitabilityAssessed(on=d(suitability), by=by, suitable=False, note=note))
            steps.append(Left(on=d(suitability), by=by, note="Hakemus päätetty."))
            return steps
        steps.append(SuitabilityAssessed(on=d(suitability), by=by))
        if vol.state == "suitability":
            return steps
        hours = Decimal(r.choice(("8.0", "10.0", "12.0", "16.0")))
        steps.append(Oriented(on=d(oriented), by=by, hours=hours))
        if vol.state == "oriented":
            return steps
        extract_date = d(shown - r.randint(0, 150))
        steps.append(ExtractShown(extract_date=extract_date, on=d(shown), by=COORDINATOR_NAMES[by]))
        if vol.state == "extract":
            return steps
        steps.append(Approved(on=d(approved), by=by))
        if vol.state == "resumed" and approved + 250 < self.w0:
            paused = approved + r.randint(60, 120)
            steps.append(Paused(on=d(paused), by=by, note="Tauko työkiireiden vuoksi."))
            steps.append(Resumed(on=d(paused + r.randint(30, 80)), by=by))
        elif vol.state in ("paused", "left"):
            last_end = vol.last_end if vol.last_end != BIG else 0
            day = d(min(self.t, max(vol.until, last_end, approved)))
            if vol.state == "paused":
                steps.append(Paused(on=day, by=by, note="Tauko perhesyistä."))
            else:
                note = r.choice(("Muutti pois paikkakunnalta.", "Elämäntilanne muuttui."))
                steps.append(Left(on=day, by=by, note=note))
        return steps

    # -- relationships, meetings, palaverit, reports ------------------------------------------

    def pick_concern_hosts(self) -> None:
        r = self.rng
        candidates = [
            rel.rid
            for rel in self.rels
            if rel.f is not None
            and rel.f <= self.t
            and rel.state is not State.STARTING
            and self.clients[rel.client].kind is ClientKind.CHILD
            and rel.rid != self.unnotified_host
        ]
        wanted = min(len(candidates), max(0, self.scale.concerns - 1))
        for rid in sorted(r.sample(candidates, wanted)):
            self.concern_hosts[rid] = []
        if self.unnotified_host:
            self.concern_hosts[self.unnotified_host] = []

    def relationship(self, rel: _Rel) -> dict[str, Any]:
        """The relationship's stored form; its shard, summary and reports go out on the way."""
        by = self.rng.choice(COORDINATORS)
        if rel.s is None or rel.f is None:  # proposed, or declined before it started
            return self.unstarted(rel, by)
        d = date.fromordinal
        client = self.clients[rel.client]
        vol = self.vols[rel.volunteer].record
        assert vol is not None
        terms = self.terms(rel, client, vol)
        goals = [Goal(id=n, text=text, set_on=d(rel.s)) for n, text in enumerate(terms.goals, 1)]
        if rel.state is State.ENDED and rel.reason is EndReason.GOALS_MET and rel.e is not None:
            goals[0] = goals[0].model_copy(update={"achieved_on": d(rel.e)})
        table, held = self.meetings(
            rel, client, terms.favourites, terms.car, self.stop(rel), len(goals)
        )
        if rel.rid in self.concern_hosts:
            self.concern_hosts[rel.rid] = held
        history = self.history(rel, by)
        phases, phase_days = self.phases(rel)
        planned_end, reviews = self.reviews(rel)
        ended = rel.state is State.ENDED
        reason = rel.reason if ended else None
        record = Relationship(
            client_id=rel.client + 1,
            volunteer_id=rel.volunteer + 1,
            service=rel.service,
            state=rel.state,
            history=history,
            agreement=self.agreement(rel, terms, planned_end, len(held)),
            goals=goals,
            phases=phases,
            review_on=d(reviews[-1][1]) if reviews else None,
            first_meeting_on=d(rel.f),
            end_reason=reason,
            end_note=END_NOTES.get(reason.value, "") if reason is not None else "",
            ended_on=d(rel.e) if ended and rel.e is not None else None,
        )
        palaverit = self.palaverit(rel, client, vol, by, terms, phase_days, reviews)
        self.write_shard(rel.rid, table, palaverit)
        if rel.state is not State.STARTING:
            self.month_reports(rel, held)
        return self.stamped(record, rel.rid, history[-1].on.toordinal())

    def unstarted(self, rel: _Rel, by: str) -> dict[str, Any]:
        d = date.fromordinal
        history = [StateChange(state=State.PROPOSED, on=d(rel.p), by=by)]
        if rel.e is not None:
            note = "Perhe ei halunnut aloittaa."
            history.append(StateChange(state=State.ENDED, on=d(rel.e), by=by, note=note))
        record = Relationship(
            client_id=rel.client + 1,
            volunteer_id=rel.volunteer + 1,
            service=rel.service,
            state=rel.state,
            history=history,
            end_reason=rel.reason if rel.e is not None else None,
            ended_on=d(rel.e) if rel.e is not None else None,
        )
        return self.stamped(record, rel.rid, history[-1].on.toordinal())

    def terms(self, rel: _Rel, client: Client, vol: Volunteer) -> _Terms:
        """What the start meeting agreed: consents, contact, goals, the pair's favourite places."""
        r = self.rng
        car = vol.has_car and r.random() < 0.6
        home = vol.home_visits_ok and (rel.service is FAM or r.random() < 0.5)
        if client.kind is ClientKind.PARENT:
            arranged, contact = Arranging.CLIENT, "puhelimitse suoraan asiakkaan kanssa"
        elif client.age(self.today) < 13 or r.random() < 0.4:
            arranged, contact = Arranging.GUARDIANS, r.choice(CONTACTS_YOUNG)
        else:
            arranged, contact = Arranging.CHILD, r.choice(CONTACTS_TEEN)
        goals = self.goal_texts(client)
        return _Terms(car, home, arranged, contact, goals, self.favourites(rel, client, home))

    def stop(self, rel: _Rel) -> int:
        """The last day a meeting may fall on."""
        if rel.state is State.STARTING:
            return 0
        if rel.state is State.PAUSED:
            return (rel.paused_on or self.t) - 1
        if rel.state is State.ENDED:
            return min(rel.e or self.t, self.t)
        return self.t - rel.quiet

    def history(self, rel: _Rel, by: str) -> list[StateChange]:
        r, d = self.rng, date.fromordinal
        assert rel.s is not None and rel.f is not None
        history = [
            StateChange(state=State.PROPOSED, on=d(rel.p), by=by),
            StateChange(state=State.STARTING, on=d(rel.s), by=by),
        ]
        if rel.state is State.STARTING:
            return history
        history.append(
            StateChange(state=State.ACTIVE, on=d(rel.f), by=by, note="first meeting held")
        )
        if rel.pause is not None:
            a, b = rel.pause
            history.append(
                StateChange(state=State.PAUSED, on=d(a), by=by, note=r.choice(PAUSE_NOTES))
            )
            history.append(StateChange(state=State.ACTIVE, on=d(b), by=by))
        if rel.state is State.PAUSED and rel.paused_on is not None:
            note = r.choice(PAUSE_NOTES)
            history.append(StateChange(state=State.PAUSED, on=d(rel.paused_on), by=by, note=note))
        if rel.state is State.ENDED and rel.e is not None:
            history.append(StateChange(state=State.ENDED, on=d(rel.e), by=by))
        return history

    def phases(self, rel: _Rel) -> tuple[list[PhaseEntry], list[tuple[int, Phase]]]:
        """A professional service's phases, and the days they changed (client-plan meetings)."""
        if rel.service is not PRO or rel.s is None:
            return [], []
        d = date.fromordinal
        span = rel.months * 30.44
        until = min(rel.e or self.t, self.t)
        skip_last = rel.phase is not Phase.UNNECESSARY and self.rng.random() < 0.25
        phases = [PhaseEntry(phase=Phase.START, since=d(rel.s))]
        changes: list[tuple[int, Phase]] = []
        for share, phase in ((0.15, Phase.TRUST), (0.5, Phase.FUTURE), (0.8, Phase.UNNECESSARY)):
            day = rel.s + int(span * share)
            if day > until or (phase is Phase.UNNECESSARY and skip_last):
                break
            phases.append(PhaseEntry(phase=phase, since=d(day)))
            changes.append((day, phase))
        return phases, changes

    def reviews(self, rel: _Rel) -> tuple[int, list[tuple[int, int]]]:
        """The planned end, and the yearly reviews held as (day, next review) pairs.

        A review a year after the start (a few weeks early) continues the relationship and
        carries the agreement on to the next review.
        """
        r, t = self.rng, self.t
        assert rel.s is not None
        start = date.fromordinal(rel.s)
        planned_end = rel.planned_end or add_months(start, rel.months).toordinal()
        reviews: list[tuple[int, int]] = []
        k = 1
        while not rel.no_review:
            held_on = add_months(start, 12 * k).toordinal() - r.randint(0, 21)
            if held_on > t - 7 or (rel.e is not None and held_on >= rel.e):
                break
            following = add_months(start, 12 * (k + 1)).toordinal()
            reviews.append((held_on, following))
            planned_end = max(planned_end, following)
            k += 1
        if rel.state is State.ENDED and rel.e is not None:
            planned_end = rel.e if rel.reason is EndReason.PLANNED_END else max(planned_end, rel.e)
        elif not rel.planned_end:
            while planned_end <= t:
                planned_end = add_months(date.fromordinal(planned_end), 12).toordinal()
        planned_end = min(max(planned_end, rel.s + 1), add_months(start, 36).toordinal())
        if rel.service is PRO:
            planned_end = max(planned_end, add_months(start, 6).toordinal())
        return planned_end, reviews

    def agreement(self, rel: _Rel, terms: _Terms, planned_end: int, held: int) -> Agreement:
        """The agreement, with room for the meetings held (or only one or two left)."""
        r = self.rng
        assert rel.s is not None
        months = (planned_end - rel.s) / 30.44
        if rel.near_max:
            max_meetings = held + r.choice((1, 2))
        else:
            max_meetings = max(math.ceil(rel.rate * months * 1.15) + 2, held + 3)
            max_meetings = min(500, max_meetings + r.randint(0, 4))
        if rel.service is PRO:
            fees = FeeTerms(model=FeeModel.NONE, fee=Decimal("0.00"), allowance=Decimal("0.00"))
        elif rel.service is FAM:
            fee, allowance = Decimal("70.00"), Decimal("0.00")
            fees = FeeTerms(model=FeeModel.PER_MEETING, fee=fee, allowance=allowance)
        else:
            fees = FeeTerms()
        start = date.fromordinal(rel.s)
        return Agreement(
            start=start,
            planned_end=date.fromordinal(planned_end),
            max_meetings=max_meetings,
            meetings_per_month=rel.rate,
            car_consent=terms.car,
            home_visit_consent=terms.home,
            arranged_via=terms.arranged,
            contact=terms.contact,
            fee_terms=fees,
            signed_on=start,
        )

    def palaverit(
        self,
        rel: _Rel,
        client: Client,
        vol: Volunteer,
        by: str,
        terms: _Terms,
        phase_days: list[tuple[int, Phase]],
        reviews: list[tuple[int, int]],
    ) -> list[dict[str, Any]]:
        """The start meeting, client-plan meetings, reviews and (often) the ending meeting."""
        assert rel.s is not None and rel.f is not None
        rid = rel.rid
        people = self.attendees(rel, client, vol, by)
        first = {
            "on": self.iso(rel.f),
            "at": "16:00:00",
            "place": terms.favourites[0][0],
            "plan": terms.favourites[0][1],
        }
        out = [
            self.palaveri(
                rid,
                PalaveriKind.START,
                rel.s,
                people,
                START_NOTES,
                first_meeting=first,
                car_consent=terms.car,
                home_visit_consent=terms.home,
                contact=terms.contact,
                travels_alone=client.travel is not Travel.ESCORTED,
                new_goals=terms.goals,
            )
        ]
        for day, phase in phase_days:
            notes = {"phase": PHASE_NOTES[phase]}
            out.append(
                self.palaveri(rid, PalaveriKind.CLIENT_PLAN, day, people, notes, phase=phase)
            )
        for day, following in reviews:
            decided = {"continue": True, "next_review_on": self.iso(following)}
            out.append(
                self.palaveri(rid, PalaveriKind.REVIEW, day, people, REVIEW_NOTES, **decided)
            )
        reason, ended_on = rel.reason, rel.e
        if rel.state is State.ENDED and reason is not None and ended_on is not None:
            gave = dict(GAVE)
            end_note = END_NOTES.get(reason.value, "")
            if self.rng.random() < 0.6:
                decided = {"end_reason": reason.value, "end_note": end_note, "gave": gave}
                ending = PalaveriKind.ENDING
                out.append(self.palaveri(rid, ending, ended_on, people, ENDING_NOTES, **decided))
        out.sort(key=lambda p: str(p["on"]))
        for n, row in enumerate(out, 1):
            row["id"] = n
        return out

    def write_shard(self, rid: int, meetings: Table, palaverit: list[dict[str, Any]]) -> None:
        doc: Doc = {}
        counters: dict[str, int] = {}
        if meetings:
            doc[MEETINGS] = meetings
            counters[MEETINGS] = len(meetings) + 1
        doc[PALAVERIT] = {str(row["id"]): row for row in palaverit}
        counters[PALAVERIT] = len(palaverit) + 1
        doc[META] = {"1": {"next": counters}}
        self.put(shard(rid), doc)
        self.next_ids[rid] = counters  # the counters' second copy, in the index bucket
        self.summaries[rid] = summarise(meetings)
        self.stats.meetings += len(meetings)
        self.stats.palaverit += len(palaverit)

    def goal_texts(self, client: Client) -> list[str]:
        r = self.rng
        if client.kind is ClientKind.PARENT:
            return r.sample(GOALS_PARENT, r.randint(1, 2))
        texts = [GOAL_TEXTS[n] for n in client.needs[:2] if n in GOAL_TEXTS]
        if r.random() < 0.5:
            texts.append(r.choice(GOALS_GENERAL))
        return texts or [GOALS_GENERAL[0]]

    def favourites(self, rel: _Rel, client: Client, home: bool) -> list[tuple[str, str]]:
        """The handful of places and things this pair comes back to."""
        r = self.rng
        if rel.service is PEER:
            return list(PEER_MEETINGS)
        if rel.service is FAM:
            return [FAMILY_MEETING]
        local = PLACES[client.municipality]
        out = r.sample(local, min(3, len(local)))
        for interest in client.interests[:2]:
            place = INTEREST_MEETING[interest]
            if place[0] != "tukihenkilön koti" or home:
                out.append(place)
        out.append(r.choice(CHEAP_MEETINGS))
        if home:
            out.append(r.choice(HOME_MEETINGS))
        return out

    def meetings(
        self,
        rel: _Rel,
        client: Client,
        favourites: list[tuple[str, str]],
        car: bool,
        stop: int,
        goals: int,
    ) -> tuple[Table, list[int]]:
        """The relationship's meetings from the first one to ``stop``, and the days held.

        The hot loop of the generator: picks are ``seq[int(rnd() * len(seq))]``, which is
        several times faster than ``Random.choice`` and just as repeatable.
        """
        rnd = self.rng.random
        iso, stamp = self.iso, self.stamp
        rid = rel.rid
        texts = HOW_PARENT if client.kind is ClientKind.PARENT else HOW_CHILD
        hows = [text.format(n=client.first_name) for text in texts]
        n_hows, n_well, n_fav = len(hows), len(WELLBEING), len(favourites)
        n_wd, n_we, n_dur = len(TIMES_WEEKDAY), len(TIMES_WEEKEND), len(DURATIONS)
        n_prog, n_costs, n_reasons = len(PROGRESS), len(COSTS), len(CANCEL_REASONS)
        fam = rel.service is FAM
        cost_share = 0.35 if rel.service is PRO else 0.2
        km_share = 0.35 if car else 0.0
        step = 30.44 / rel.rate
        low, spread = step * 0.75 + 0.5, step * 0.5
        pause_a, pause_b = rel.pause or (BIG, BIG)
        # an active relationship (other than the quiet ones) has met within the last weeks
        sure = self.t - 25 if rel.state is State.ACTIVE and not rel.quiet else BIG
        base = MEETING_BASE
        table: Table = {}
        held: list[int] = []
        o = rel.f or BIG
        n = 0
        while o <= stop:
            if pause_a <= o < pause_b:
                o = pause_b + ((4 - (pause_b - 1) % 7) % 7 if fam else 0)
                continue
            n += 1
            day, st = iso(o), stamp(o)
            if fam:
                start, duration = "17:00:00", 46 * 60
                place, activity = FAMILY_MEETING
            else:
                if (o - 1) % 7 >= 5:
                    start = TIMES_WEEKEND[int(rnd() * n_we)]
                else:
                    start = TIMES_WEEKDAY[int(rnd() * n_wd)]
                duration = DURATIONS[int(rnd() * n_dur)]
                place, activity = favourites[int(rnd() * n_fav)]
            if n == 1 or o >= sure or rnd() >= 0.1:
                progress = (
                    [{"goal_id": 1 + int(rnd() * goals), "note": PROGRESS[int(rnd() * n_prog)]}]
                    if goals and rnd() < 0.12
                    else []
                )
                table[str(n)] = {
                    **base,
                    "id": n,
                    "version": 1,
                    "created_by": USER,
                    "created_at": st,
                    "changed_by": USER,
                    "changed_at": st,
                    "relationship_id": rid,
                    "status": "held",
                    "on": day,
                    "start": start,
                    "duration_min": duration,
                    "place": place,
                    "activity": activity,
                    "report": {
                        "how_it_went": hows[int(rnd() * n_hows)],
                        "wellbeing": WELLBEING[int(rnd() * n_well)],
                        "progress": progress,
                        "progress_note": "",
                    },
                    "costs": COSTS[int(rnd() * n_costs)] if rnd() < cost_share else None,
                    "km": f"{2 + int(rnd() * 330) / 10:.1f}" if rnd() < km_share else None,
                }
                held.append(o)
            else:
                reason = CANCEL_REASONS[int(rnd() * n_reasons)]
                notes = CANCEL_NOTES[reason]
                table[str(n)] = {
                    **base,
                    "id": n,
                    "version": 1,
                    "created_by": USER,
                    "created_at": st,
                    "changed_by": USER,
                    "changed_at": st,
                    "relationship_id": rid,
                    "status": "cancelled",
                    "cancel_reason": reason,
                    "cancel_note": notes[int(rnd() * len(notes))],
                    "on": day,
                    "start": start,
                }
            o += max(1, int(low + spread * rnd()))
            if fam:
                o += (4 - (o - 1) % 7) % 7
        return table, held

    def attendees(self, rel: _Rel, client: Client, vol: Volunteer, by: str) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = []
        if client.kind is ClientKind.PARENT:
            people.append({"role": Role.OTHER.value, "name": client.name})
        else:
            people.append({"role": Role.CHILD.value, "name": client.first_name})
            for gid in client.guardian_ids[:1]:
                people.append({"role": Role.GUARDIAN.value, "name": self.guardian_names[gid]})
        people.append({"role": Role.VOLUNTEER.value, "name": vol.name})
        worker = self.worker_names.get(client.social_worker_id or 0, "")
        people.append({"role": Role.OWN_SOCIAL_WORKER.value, "name": worker})
        people.append({"role": Role.COORDINATOR.value, "name": COORDINATOR_NAMES[by]})
        if rel.service is PRO or rel.rid % 4 == 0:
            people.append({"role": Role.PROGRAMME_SOCIAL_WORKER.value, "name": "Tuula Ojala"})
        return people

    def palaveri(
        self,
        rid: int,
        kind: PalaveriKind,
        day: int,
        people: list[dict[str, Any]],
        notes: dict[Any, str],
        **decisions: Any,
    ) -> dict[str, Any]:
        if kind is not PalaveriKind.START and kind is not PalaveriKind.CLIENT_PLAN:
            people = [a for a in people if a["role"] != Role.PROGRAMME_SOCIAL_WORKER.value]
        if "phase" in decisions:
            decisions["phase"] = decisions["phase"].value
        keys = [str(k) for k in notes]
        st = self.stamp(day)
        return {
            **PALAVERI_BASE,
            "id": 0,
            "version": 1,
            "created_by": USER,
            "created_at": st,
            "changed_by": USER,
            "changed_at": st,
            "relationship_id": rid,
            "kind": kind.value,
            "on": self.iso(day),
            "attendees": people,
            "notes": dict(zip(keys, notes.values(), strict=True)),
            "done": keys,
            "decisions": {**DECISIONS_BASE, **decisions},
            "finished": True,
        }

    def month_reports(self, rel: _Rel, held: list[int]) -> None:
        """The monthly reports received for this relationship, kept small until written."""
        rnd, t = self.rng.random, self.t
        assert rel.s is not None
        by_month: dict[str, list[str]] = {}
        for o in held:
            day = self.iso(o)
            by_month.setdefault(day[:7], []).append(day)
        first = date.fromordinal(rel.s)
        month = first.year * 12 + first.month - 1
        last = self.today.year * 12 + self.today.month - 2  # the last month that has ended
        if rel.e is not None:
            ended = date.fromordinal(rel.e)
            last = min(last, ended.year * 12 + ended.month - 1)
        while month <= last:
            key, end = self.month_info(month)
            if key == self.last_month:
                missing = rel.missing == "last" or rnd() < 0.15
            elif key == self.previous_month:
                missing = rel.missing == "previous" or rnd() < 0.03
            else:
                missing = False
            if not missing:
                received = end + 1 + int(rnd() * max(1, min(12, t - end)))
                self.reports.setdefault(key, []).append((rel.rid, by_month.get(key, []), received))
            month += 1

    def month_info(self, month: int) -> tuple[str, int]:
        """``("2026-11", ordinal of 30.11.2026)`` for month index ``year * 12 + month - 1``."""
        got = self._months.get(month)
        if got is None:
            year, index = divmod(month, 12)
            end = month_end(date(year, index + 1, 1))
            got = self._months[month] = (month_key(end), end.toordinal())
        return got

    def write_reports(self) -> None:
        base = REPORT_BASE
        for key in sorted(self.reports):
            rows = self.reports[key]
            month = f"{key}-01"
            table: Table = {}
            for rid, days, received in rows:
                self.reported.setdefault(rid, set()).add(key)
                st = self.stamp(received)
                table[str(rid)] = {
                    **base,
                    "id": rid,
                    "version": 1,
                    "created_by": USER,
                    "created_at": st,
                    "changed_by": USER,
                    "changed_at": st,
                    "relationship_id": rid,
                    "month": month,
                    "days_met": days,
                    "received_on": self.iso(received),
                }
            self.stats.reports += len(table)
            self.report_months.add(key)
            self.put(report_file(date.fromisoformat(month)), {REPORTS: table})
        self.reports = {}

    def write_index(self) -> None:
        buckets: dict[int, Table] = {}
        reported: dict[int, Table] = {}
        for rid, entry in self.summaries.items():
            buckets.setdefault(rid % INDEX_BUCKETS, {})[str(rid)] = entry
        for rid, months in self.reported.items():
            reported.setdefault(rid % INDEX_BUCKETS, {})[str(rid)] = reported_entry(months)
        next_ids: dict[int, Table] = {}
        for rid, counters in self.next_ids.items():
            next_ids.setdefault(rid % INDEX_BUCKETS, {})[str(rid)] = dict(counters)
        for bucket in sorted(buckets.keys() | reported.keys() | next_ids.keys()):
            doc = {
                SUMMARIES: buckets.get(bucket, {}),
                REPORTED: reported.get(bucket, {}),
                NEXT: next_ids.get(bucket, {}),
            }
            self.put(f"index/{bucket:02d}.json", doc)

    def write_facts(self, relationships: list[dict[str, Any]]) -> None:
        """The compact facts the alerts read (data/facts.py), from the validated records."""
        kinds: list[tuple[type[Record], list[dict[str, Any]]]] = [
            (Relationship, relationships),
            (Client, self.client_rows),
            (Volunteer, self.volunteer_rows),
        ]
        for model, rows in kinds:
            table = {str(r["id"]): row_of(model.model_validate(r)) for r in rows}
            self.put(FACT_FILES[model], {FACTS: table})

    # -- concerns and settings ------------------------------------------------------------------

    def concerns(self) -> list[dict[str, Any]]:
        """One concern nobody has been told about yet; the others told, the older ones closed."""
        by_rid = {rel.rid: rel for rel in self.rels}
        made: list[Concern] = []
        for n, (rid, days) in enumerate(self.concern_hosts.items()):
            rel = by_rid[rid]
            vol = self.vols[rel.volunteer].record
            assert vol is not None
            if rid == self.unnotified_host:
                concern = Concern(
                    client_id=rel.client + 1,
                    relationship_id=rid,
                    noticed_at=self.now - timedelta(hours=3, minutes=10),
                    noticed_by=vol.name,
                    about=ConcernAbout.CHILD,
                    what=self.rng.choice(CONCERNS_ABOUT_CHILD),
                    urgency=Urgency.URGENT,
                )
                made.append(concern)
            elif days:
                # most from the older half of the meetings (followed up and closed by now),
                # every third from the latest meetings (told, still open)
                chosen = days[-2:] if n % 3 == 1 else days[: max(1, len(days) // 2)]
                made.append(self.notified_concern(rel, vol, self.rng.choice(chosen)))
        made.sort(key=lambda c: c.noticed_at)
        rows = []
        for n, concern in enumerate(made, 1):
            moments = [concern.noticed_at, *(x.at for x in concern.notifications)]
            moments += [x.at for x in concern.follow_ups]
            if concern.closed_at is not None:
                moments.append(concern.closed_at)
            last = max(moments).astimezone(HELSINKI).date().toordinal()
            rows.append(self.stamped(concern, n, last))
        return rows

    def notified_concern(self, rel: _Rel, vol: Volunteer, day_noticed: int) -> Concern:
        r, now = self.rng, self.now
        client = self.clients[rel.client]
        worker = self.worker_names.get(client.social_worker_id or 0, "")
        about_guardian = bool(client.guardian_ids) and r.random() < 0.2
        day = date.fromordinal(day_noticed)
        hour, minute = r.randint(16, 20), r.choice((0, 15, 30, 45))
        noticed = datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI)
        noticed = min(noticed, now - timedelta(hours=6))
        told = min(noticed + timedelta(hours=r.randint(1, 20)), now)
        urgency = _weighted(r, ((Urgency.NORMAL, 60), (Urgency.URGENT, 35), (Urgency.ACUTE, 5)))
        notifications = [
            Notification(
                to=NotifyTarget.OWN_SOCIAL_WORKER,
                at=told,
                how=NotifyHow.PHONE,
                by=r.choice(COORDINATORS),
                note=f"Soitettu: {worker}." if worker else "",
            )
        ]
        if urgency is Urgency.ACUTE:
            at = noticed + timedelta(minutes=20)
            notifications.insert(0, Notification(to=NotifyTarget.SOCIAL_EMERGENCY, at=at))
        welfare = r.random() < 0.3
        follow_ups: list[FollowUp] = []
        moment = told
        for _ in range(2 if (now - noticed).days > 14 else 0):
            moment += timedelta(days=r.randint(2, 14))
            if moment > now:
                break
            note = r.choice(FOLLOW_UPS)
            follow_ups.append(FollowUp(at=moment, by=r.choice(COORDINATORS), note=note))
        closed_at = None
        if follow_ups and (now - noticed).days > 30:
            closed_at = min(follow_ups[-1].at + timedelta(days=r.randint(1, 7)), now)
        return Concern(
            client_id=rel.client + 1,
            relationship_id=rel.rid,
            noticed_at=noticed,
            noticed_by=vol.name,
            about=ConcernAbout.GUARDIAN if about_guardian else ConcernAbout.CHILD,
            guardian_id=client.guardian_ids[0] if about_guardian else None,
            what=r.choice(CONCERNS_ABOUT_GUARDIAN if about_guardian else CONCERNS_ABOUT_CHILD),
            urgency=urgency,
            notifications=notifications,
            welfare_notification=welfare,
            welfare_notification_at=min(told + timedelta(hours=3), now) if welfare else None,
            follow_ups=follow_ups,
            closed_at=closed_at,
            closed_by=r.choice(COORDINATORS) if closed_at else "",
            closing_note="Tilanne selvitetty; sosiaalityö jatkaa perheen kanssa."
            if closed_at
            else "",
        )

    def settings(self) -> dict[str, Any]:
        rates = [
            FeeRate(
                effective_from=date(2020, 1, 1), fee=Decimal("96.70"), allowance=Decimal("54.50")
            )
        ]
        if self.today.year > 2020:
            rates.append(
                FeeRate(
                    effective_from=date(self.today.year, 1, 1),
                    fee=Decimal("98.60"),
                    allowance=Decimal("55.60"),
                )
            )
        settings = Settings(
            programme_name="Kymenlaakson tukihenkilötoiminta",
            organiser="Kymenlaakson hyvinvointialue",
            language="fi",
            fee_rates=rates,
        )
        return self.stamped(settings, 1, self.w0 - 60)


# ----- the entry point ---------------------------------------------------------------------------


def generate(
    folder: str | Path, *, scale: str = "small", seed: int = 1, today: date | None = None
) -> DemoStats:
    """Write demo data into ``folder`` (new or empty) and say what was written.

    ``today`` is the day the data is "as of" (default: today in Helsinki); it must not be later
    than the real today, since held meetings and concerns cannot lie in the future.
    """
    started = clock.perf_counter()
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if today is None:
        now = now_helsinki()
        today = now.date()
    else:
        now = datetime(today.year, today.month, today.day, tzinfo=HELSINKI)
    engine = Engine(folder, durable=False, backups=False)
    if engine.files():
        raise Refused(
            "not_empty",
            "The folder {folder} already holds data; write demo data into a new or empty folder.",
            folder=str(engine.folder),
        )
    # Millions of small dicts and no reference cycles: the cyclic collector would only scan
    # them over and over (a third of the time at national scale).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stats = _Generator(scale, SCALES[scale], seed, today, now, engine).run()
    finally:
        if collecting:
            gc.enable()
    stats.seconds = round(clock.perf_counter() - started, 2)
    return stats


__all__ = ["SCALES", "DemoStats", "Scale", "generate"]
