"""What an alert is, and the concerns' alerts worded by the hour: the part of the alert rules
(``data.rules.alerts``, which re-exports all of it) that needs no model.

The start screen draws the day's alerts kept in the folder's ``cache/`` before the models are
imported (``tui/start_view.py``): reading them back and adding the concerns' alerts as of now
takes only this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from data.dates import fi_date

#: ``data.models.Urgency``'s values, most urgent first (the order of its members; a test holds
#: them equal): an alert with an urgency sorts by it
URGENCY_ORDER = ("acute", "urgent", "normal")


class AlertKind(StrEnum):
    CONCERN_UNNOTIFIED = "concern_unnotified"
    CONCERN_FOLLOW_UP = "concern_follow_up"
    MAX_REACHED = "max_reached"
    NO_MEETING = "no_meeting"
    REVIEW_OVERDUE = "review_overdue"
    # volunteers kept fit (issue 14: data/rules/fitness.py); overdue is urgent (!), with the above
    EXTRACT_OVERDUE = "extract_overdue"
    REPORT_MISSING = "report_missing"
    RUN_UNAPPROVED = "run_unapproved"
    FEE_HELD = "fee_held"
    PLANNED_END = "planned_end"
    MAX_NEAR = "max_near"
    REVIEW_DUE = "review_due"
    ARRANGE_START = "arrange_start"
    CLIENT_WAITING = "client_waiting"
    VETTING_STUCK = "vetting_stuck"
    EXTRACT_DUE = "extract_due"
    SUPERVISION_MISSING = "supervision_missing"


# Lower is more urgent; the order of the list above.
PRIORITY = {kind: rank for rank, kind in enumerate(AlertKind)}


@dataclass(frozen=True)
class Subject:
    kind: str  # "concern", "relationship", "volunteer", "client"
    id: int
    name: str


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    subject: Subject
    since: date | datetime
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def priority(self) -> tuple[int, int]:
        urgency = self.detail.get("urgency")
        rank = URGENCY_ORDER.index(urgency) if urgency else 0
        return (PRIORITY[self.kind], rank)

    def text(self) -> str:
        """The reason in plain English (the console words it in the user's language)."""
        return TEXTS[self.kind].format(**self.detail, since=_show(self.since))


TEXTS = {
    AlertKind.CONCERN_UNNOTIFIED: "Concern not yet reported to anyone ({hours} h since noticed)",
    AlertKind.CONCERN_FOLLOW_UP: "Reported concern not followed up for {days} days",
    AlertKind.MAX_REACHED: "All {max} agreed meetings used ({held} held)",
    AlertKind.NO_MEETING: "No meeting held in {days} days",
    AlertKind.REVIEW_OVERDUE: "Review overdue by {days} days (due {due})",
    AlertKind.REPORT_MISSING: "Monthly report missing for {months}",
    AlertKind.RUN_UNAPPROVED: "The payments of {month} not approved (month ended {ended})",
    AlertKind.FEE_HELD: "Fee held since {month}: its monthly report has not arrived",
    AlertKind.PLANNED_END: "Planned end {due} ({days} days)",
    AlertKind.MAX_NEAR: "{left} of {max} agreed meetings left",
    AlertKind.REVIEW_DUE: "Review due {due} (in {days} days)",
    AlertKind.ARRANGE_START: "Proposed: arrange the start meeting",
    AlertKind.CLIENT_WAITING: "Waiting for a support person for {days} days",
    AlertKind.VETTING_STUCK: "Vetting stuck at '{step}' for {days} days",
    AlertKind.EXTRACT_OVERDUE: "Criminal-record extract re-check overdue since {due}",
    AlertKind.EXTRACT_DUE: "Criminal-record extract to be checked again {due} (in {days} days)",
    AlertKind.SUPERVISION_MISSING: "No work supervision for {days} days (last {last})",
}


def _show(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{fi_date(value.date())} {value:%H:%M}"
    return fi_date(value)


@dataclass(frozen=True)
class Counts:
    active: int
    waiting: int
    longest_wait_days: int
    in_vetting: int
    meetings_this_month: int


def merged(concerns: list[Alert], day: list[Alert]) -> list[Alert]:
    """The concerns' alerts and the rest of the day's, most urgent first (as ``alerts``)."""
    out = concerns + day
    out.sort(key=_order)
    return out


@dataclass(frozen=True)
class OpenConcern:
    """An open concern as its alert needs it: what ``concern_alerts`` words by the hour, kept
    with the day's other alerts (``data.store.alerts``), which change only by the day."""

    id: int
    name: str  # the child's
    urgency: str
    noticed_at: datetime
    last: datetime | None  # reported: its last notification or follow-up; None: not reported


def concern_alerts(concerns: list[OpenConcern], now: datetime, follow_up_days: int) -> list[Alert]:
    """An open concern not yet reported to anyone, and a reported one not followed up in
    ``follow_up_days`` days, as of ``now``."""
    out: list[Alert] = []
    for concern in concerns:
        subject = Subject("concern", concern.id, concern.name)
        if concern.last is None:
            hours = int((now - concern.noticed_at).total_seconds() / 3600)  # Concern.age_hours
            detail = {"hours": hours, "urgency": concern.urgency}
            out.append(Alert(AlertKind.CONCERN_UNNOTIFIED, subject, concern.noticed_at, detail))
            continue
        days = (now - concern.last).days
        if days >= follow_up_days:
            detail = {"days": days, "urgency": concern.urgency}
            out.append(Alert(AlertKind.CONCERN_FOLLOW_UP, subject, concern.last, detail))
    return out


def _order(alert: Alert) -> tuple[int, int, str]:
    since = alert.since
    moment = since.isoformat() if isinstance(since, datetime) else f"{since.isoformat()}T00:00"
    return (*alert.priority, moment)


# ----- the day's alerts as the folder keeps them (data/store/alerts.py, cache/alerts.json) -------

#: what ``Alerts.day`` keeps: the counts, the alerts but the concerns', the open concerns and the
#: days after which a reported concern wants a follow-up
Day = tuple[Counts, list[Alert], list[OpenConcern], int]
#: a subject's kind and id -> its area
Areas = dict[tuple[str, int], str]


def areas_loaded(kept: list[Any]) -> Areas:
    if not isinstance(kept, list):
        raise TypeError(kept)
    return {(str(kind), int(sid)): str(area) for kind, sid, area in kept}


def areas_dumped(areas: Areas) -> list[list[Any]]:
    return [[kind, sid, area] for (kind, sid), area in areas.items()]


def finished(day: Day, now: datetime) -> tuple[Counts, list[Alert]]:
    """The day's counts and alerts as shown at ``now``: the concerns' alerts worded anew."""
    counts, found, concerns, follow_up_days = day
    return counts, merged(concern_alerts(concerns, now, follow_up_days), found)


def day_dumped(day: Day) -> dict[str, Any]:
    counts, found, concerns, follow_up_days = day
    return {
        "counts": [
            counts.active,
            counts.waiting,
            counts.longest_wait_days,
            counts.in_vetting,
            counts.meetings_this_month,
        ],
        "alerts": [
            [
                a.kind.value,
                a.subject.kind,
                a.subject.id,
                a.subject.name,
                a.since.isoformat(),
                a.detail,
            ]
            for a in found
        ],
        "concerns": [
            [c.id, c.name, c.urgency, c.noticed_at.isoformat(), c.last and c.last.isoformat()]
            for c in concerns
        ],
        "follow_up_days": follow_up_days,
    }


def day_loaded(kept: dict[str, Any]) -> Day:
    counts = Counts(*(int(n) for n in kept["counts"]))
    found = [
        Alert(AlertKind(kind), Subject(what, int(sid), name), _moment(since), dict(detail))
        for kind, what, sid, name, since, detail in kept["alerts"]
    ]
    concerns = [
        OpenConcern(
            int(cid),
            name,
            urgency,
            datetime.fromisoformat(noticed),
            datetime.fromisoformat(last) if last else None,
        )
        for cid, name, urgency, noticed, last in kept["concerns"]
    ]
    return counts, found, concerns, int(kept["follow_up_days"])


def _moment(text: str) -> date | datetime:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
