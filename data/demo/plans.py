"""The scales of the demo data and the plans the generator follows: the volunteers, the
relationships and the scenarios every scale must show."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from data.models import (
    Arranging,
    Channel,
    Decisions,
    EndReason,
    FeeModel,
    Meeting,
    MonthlyReport,
    Palaveri,
    PalaveriKind,
    Phase,
    Rate,
    State,
    Volunteer,
    VolunteerKind,
)

USER = "demo"
T = TypeVar("T")

# ----- the programme's rates ----------------------------------------------------------------------

RATES_FROM = date(2020, 1, 1)
PER_KM = Decimal("0.30")  # travel to the meetings, per kilometre (the demo's own choice)
DEMO_RATES = (
    # the seed's region: fee 96,70 € and expense allowance 54,50 € a month
    Rate(
        effective_from=RATES_FROM,
        service=VolunteerKind.VOLUNTEER,
        fee_model=FeeModel.MONTHLY,
        fee=Decimal("96.70"),
        allowance=Decimal("54.50"),
        per_km=PER_KM,
    ),
    Rate(
        effective_from=RATES_FROM,
        service=VolunteerKind.PEER,
        fee_model=FeeModel.MONTHLY,
        fee=Decimal("96.70"),
        allowance=Decimal("54.50"),
        per_km=PER_KM,
    ),
    Rate(
        effective_from=RATES_FROM,
        service=VolunteerKind.SUPPORT_FAMILY,
        fee_model=FeeModel.PER_WEEKEND,
        fee=Decimal("70.00"),
        per_km=PER_KM,
    ),
    Rate(  # a professional service: no volunteer fee; the child's hobby costs are reimbursed
        effective_from=RATES_FROM,
        service=VolunteerKind.PROFESSIONAL,
        fee_model=FeeModel.NONE,
        per_km=PER_KM,
        hobby_costs=True,
    ),
)


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
    relationship_id=1, month=date(2000, 1, 1), received_on=date(2000, 1, 1), no_meetings=True
).model_dump(mode="json", by_alias=True)
