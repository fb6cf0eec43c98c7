"""The generator's state and its small helpers: moments, stamps, names, contacts, writing."""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

from data.dates import HELSINKI, add_months, month_key, month_start
from data.demo.content import (
    FEMALE,
    FOLD,
    FOREIGN,
    LAST,
    MALE,
    MUNICIPALITIES,
    MUNICIPALITY_WEIGHTS,
    PHONE_PREFIXES,
)
from data.demo.plans import USER, DemoStats, Scale, _Rel, _Vol, _weighted
from data.models import (
    Availability,
    Client,
    DayPart,
    EndReason,
    Gender,
    Record,
    Weekday,
)
from data.storage import Doc, Engine


class Base:
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
        self.listed: dict[str, dict[str, Any]] = {}  # month file -> rid -> entry (months.py)
        self.reported: dict[int, dict[str, str]] = {}  # id -> month -> ``report_line``
        self.next_ids: dict[int, dict[str, int]] = {}
        self.report_months: set[str] = set()
        self.reports: dict[str, list[tuple[int, list[str], int]]] = {}
        self.concern_hosts: dict[int, list[int]] = {}  # rid -> days with a held meeting
        self.unnotified_host = 0
        self.dropped = 0  # relationships nobody could take (the plan is then shorter)
        prev = month_start(add_months(today, -1))
        self.last_month = month_key(prev)
        self.previous_month = month_key(add_months(prev, -1))

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
        """The stored form of a new record, stamped as ``Records.stamp_new`` does."""
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
