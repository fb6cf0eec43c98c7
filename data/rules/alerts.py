"""What needs the coordinator's attention on a given day: pure functions, no storage, no UI.

``alerts`` returns the day's alerts most urgent first. Each names its subject, says why (a stable
``kind`` plus the figures in ``detail``, so that every face can word it in its own language) and
since when. An unnotified concern always comes first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from data.dates import add_months, fi_date, fi_month, month_end, month_key, month_start
from data.model.facts import OPEN, ClientFacts, RelFacts, Summary, VolunteerFacts
from data.model.weekend import in_weekends
from data.models import Concern, EndReason, Settings, State, VolunteerKind
from data.rules.alert_shapes import PRIORITY as PRIORITY
from data.rules.alert_shapes import TEXTS as TEXTS
from data.rules.alert_shapes import URGENCY_ORDER as URGENCY_ORDER
from data.rules.alert_shapes import Alert as Alert
from data.rules.alert_shapes import AlertKind as AlertKind
from data.rules.alert_shapes import Counts as Counts
from data.rules.alert_shapes import OpenConcern as OpenConcern
from data.rules.alert_shapes import Subject as Subject
from data.rules.alert_shapes import _order
from data.rules.alert_shapes import concern_alerts as concern_alerts
from data.rules.alert_shapes import merged as merged
from data.rules.fitness import SUPPORTING, FitDays, fit_settings, fitness_alerts
from data.rules.pairs import pair_name
from data.rules.reports import REPORTING


@dataclass
class AlertInput:
    """Everything the rules look at, gathered by the store (compact facts, not full records)."""

    clients: list[ClientFacts]
    volunteers: list[VolunteerFacts]
    relationships: list[RelFacts]
    concerns: list[Concern]
    summaries: Mapping[int, Summary]
    reported: dict[int, str]  # relationship id -> months with a received report, "2026-09 …"
    settings: Settings
    approved_runs: set[date] = field(default_factory=set)  # of ``run_months``: approved ones
    fit: FitDays = field(default_factory=dict)  # volunteers kept fit: data/rules/fitness.py
    _waiting: list[tuple[ClientFacts, date]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def waiting_clients(self) -> list[tuple[ClientFacts, date]]:
        """Each waiting client and since when (``waiting``), in the clients' order: worked out
        once for the counts and the alerts (``Alerts.day`` asks both)."""
        if self._waiting is None:
            by_client = _by_client(self.relationships)
            self._waiting = [
                (c, since)
                for c in self.clients
                if (since := waiting(c, by_client.get(c.id, []))) is not None
            ]
        return self._waiting


#: a fee held this many months after its month ended (its report missing) is an alert
HELD_MONTHS = 2
#: how far back held fees are looked for (as far as a payment run looks, store.payments)
HELD_LOOK_BACK = 24


def run_months(today: date, settings: Settings) -> list[date]:
    """The months whose payment run should have been approved by ``today`` and are still
    looked at (the store reads for these whether their run was approved)."""
    grace = settings.thresholds.run_approval_days
    months = []
    month = month_start(add_months(today, -1))
    for _ in range(settings.thresholds.report_lookback_months):
        if month_end(month) + timedelta(days=grace) < today:
            months.append(month)
        month = add_months(month, -1)
    return months


def report_months(today: date, settings: Settings) -> list[date]:
    """The months whose reports should have arrived by ``today`` and are still looked at."""
    grace = settings.thresholds.report_grace_days
    months = []
    month = month_start(add_months(today, -1))
    for _ in range(settings.thresholds.report_lookback_months):
        if month_end(month) + timedelta(days=grace) < today:
            months.append(month)
        month = add_months(month, -1)
    return months


def alerts(data: AlertInput, today: date, now: datetime) -> list[Alert]:
    """The day's alerts, most urgent first (and oldest first within the same kind).

    ``since`` is when the matter began: when the concern was noticed, the last meeting, the day
    a review or the planned end came within its warning window, and so on; never in the future.
    """
    clients = {c.id: c for c in data.clients}
    follow_up_days = data.settings.thresholds.concern_follow_up_days
    found = concern_alerts(open_concerns(data.concerns, clients), now, follow_up_days)
    return merged(found, day_alerts(data, today, clients))


def open_concerns(concerns: list[Concern], clients: Mapping[int, ClientFacts]) -> list[OpenConcern]:
    out = []
    for concern in concerns:
        if not concern.is_open:
            continue
        client = clients.get(concern.client_id)
        last = None
        if concern.notified:
            last = max([n.at for n in concern.notifications] + [f.at for f in concern.follow_ups])
        name = client.name if client else "?"
        urgency = concern.urgency.value
        out.append(OpenConcern(concern.id or 0, name, urgency, concern.noticed_at, last))
    return out


def day_alerts(
    data: AlertInput, today: date, clients: Mapping[int, ClientFacts] | None = None
) -> list[Alert]:
    """The day's alerts but the concerns' (which ``concern_alerts`` words by the hour), most
    urgent first: what they say changes only with the data and the day."""
    t = data.settings.thresholds
    if clients is None:
        clients = {c.id: c for c in data.clients}
    volunteers = {v.id: v for v in data.volunteers}
    out: list[Alert] = []

    months = [(m, month_key(m), month_end(m)) for m in report_months(today, data.settings)]
    held = Held(_held_months(today))
    oldest = min([m for m, _, _ in months] + [m for m, _, _ in held.months[-1:]], default=today)
    for rel in data.relationships:
        if rel.state not in OPEN and (rel.ended_on is None or rel.ended_on < oldest):
            continue  # ended before any month still looked at: nothing can be due
        found = _relationship_alerts(rel, data, today, months)
        found += _held_fee(rel, data, held)
        if found:
            client, volunteer = clients.get(rel.client_id), volunteers.get(rel.volunteer_id)
            if volunteer is not None and volunteer.kind is VolunteerKind.SUPPORT_FAMILY:
                found = in_weekends(found)  # its agreement's maximum counts weekends
            vols = pair_name(rel.volunteer_ids, lambda i: getattr(volunteers.get(i), "name", "?"))
            name = f"{client.name if client else '?'} – {vols}"
            subject = Subject("relationship", rel.id, name)
            out.extend(Alert(kind, subject, since, detail) for kind, since, detail in found)

    out.extend(_unapproved_runs(data, today))

    for client, waiting_since in data.waiting_clients():
        days = (today - waiting_since).days
        if days > t.waiting_days:
            subject = Subject("client", client.id, client.name)
            out.append(Alert(AlertKind.CLIENT_WAITING, subject, waiting_since, {"days": days}))

    for volunteer in data.volunteers:
        since = volunteer.since
        if volunteer.in_vetting and since is not None and volunteer.step is not None:
            days = (today - since).days
            if days > t.vetting_stuck_days:
                subject = Subject("volunteer", volunteer.id, volunteer.name)
                detail = {"days": days, "step": volunteer.step.value}
                out.append(Alert(AlertKind.VETTING_STUCK, subject, since, detail))
    supporting = {v for r in data.relationships if r.state in SUPPORTING for v in r.volunteer_ids}
    fit = fit_settings(data.settings)
    out.extend(fitness_alerts(data.volunteers, data.fit, supporting, today, **fit))

    out.sort(key=_order)
    return out


Found = list[tuple[AlertKind, date, dict[str, Any]]]


def _relationship_alerts(
    rel: RelFacts, data: AlertInput, today: date, months: list[tuple[date, str, date]]
) -> Found:
    t = data.settings.thresholds
    out: Found = []
    state = rel.state
    if state is State.PROPOSED:
        out.append((AlertKind.ARRANGE_START, rel.since or rel.proposed_on or today, {}))
        return out
    open_ = state in OPEN
    summary = (data.summaries.get(rel.id) or _NO_SUMMARY) if open_ else _NO_SUMMARY
    if open_ and rel.max_meetings is not None and rel.planned_end is not None:
        left = rel.max_meetings - summary.held
        if left <= 0:
            detail: dict[str, Any] = {"max": rel.max_meetings, "held": summary.held}
            out.append((AlertKind.MAX_REACHED, summary.last_held or today, detail))
        elif left <= t.meetings_left_warn:
            detail = {"left": left, "max": rel.max_meetings}
            out.append((AlertKind.MAX_NEAR, summary.last_held or today, detail))

        days_to_end = (rel.planned_end - today).days
        if days_to_end <= t.planned_end_warn_days:
            detail = {"due": fi_date(rel.planned_end), "days": days_to_end}
            since = rel.planned_end - timedelta(days=t.planned_end_warn_days)
            out.append((AlertKind.PLANNED_END, since, detail))

        due = rel.review_due
        if due is not None and rel.state is not State.STARTING:
            days_to_review = (due - today).days
            if days_to_review < 0:
                detail = {"due": fi_date(due), "days": -days_to_review}
                out.append((AlertKind.REVIEW_OVERDUE, due, detail))
            elif days_to_review <= t.review_warn_days:
                detail = {"due": fi_date(due), "days": days_to_review}
                since = due - timedelta(days=t.review_warn_days)
                out.append((AlertKind.REVIEW_DUE, since, detail))

    if rel.state is State.ACTIVE:
        last = summary.last_held or rel.since or rel.start or today
        quiet = (today - last).days
        if quiet > t.no_meeting_days:
            out.append((AlertKind.NO_MEETING, last, {"days": quiet}))

    start, ended = rel.start, rel.ended_on
    if ended is not None and months and ended < months[-1][0]:
        return out  # ended before the oldest month looked at (``months``: newest first)
    if start is not None and state in REPORTING:
        reported = data.reported.get(rel.id, "")
        missing = [  # the months it owes (``data.rules.reports.owes``, inlined) not reported
            m
            for m, key, last in months
            if start <= last and (ended is None or ended >= m) and key not in reported
        ]
        if missing:
            shown = ", ".join(fi_month(m) for m in sorted(missing))
            since = month_end(min(missing)) + timedelta(days=t.report_grace_days)
            out.append((AlertKind.REPORT_MISSING, since, {"months": shown, "count": len(missing)}))
    return out


#: the summary of a relationship without meetings (read only)
_NO_SUMMARY = Summary()


def _held_months(today: date) -> list[tuple[date, date, str]]:
    """The months, newest first, whose fee has waited for its report more than
    ``HELD_MONTHS`` months by ``today`` (as far back as a payment run looks): each with its
    last day and its key, worked out once for every relationship."""
    newest = month_start(add_months(today, -(HELD_MONTHS + 1)))
    months = [add_months(newest, -back) for back in range(HELD_LOOK_BACK - HELD_MONTHS)]
    return [(m, month_end(m), month_key(m)) for m in months]


class Held:
    """``_held_months`` with what every relationship's look at them shares: the newest month
    counted in months, and the months' keys oldest first as one text (``"2024-12 2025-01 …"``)."""

    def __init__(self, months: list[tuple[date, date, str]]) -> None:
        self.months = months
        self.newest = months[0][0].year * 12 + months[0][0].month if months else 0
        self.keys = " ".join(key for _, _, key in reversed(months))


def _held_fee(rel: RelFacts, data: AlertInput, held: Held) -> Found:
    """The oldest month whose fee a payment run holds for want of its report, if it has
    waited more than two months (read from the reports index, not from a payment run).
    The months owed are ``data.rules.reports.owes``, inlined: this runs for every relationship
    each time the alerts are worked out."""
    start, ended = rel.start, rel.ended_on
    if start is None or rel.state not in REPORTING:
        return []
    # the months owed are one run of ``held`` (consecutive months, newest first): from the
    # month it ended (or the newest) back to the month it started
    newest, count = held.newest, len(held.months)
    upto = newest - (start.year * 12 + start.month) + 1
    if upto > count:
        upto = count
    since_end = 0 if ended is None else newest - (ended.year * 12 + ended.month)
    if since_end >= upto or upto <= 0:
        return []
    if since_end < 0:
        since_end = 0
    reported = data.reported.get(rel.id, "")
    # every one of them reported (as a rule): their keys are found together, at once
    if held.keys[(count - upto) * 8 : (count - since_end) * 8 - 1] in reported:
        return []
    waiting = [first for first, _, key in held.months[since_end:upto] if key not in reported]
    if not waiting:
        return []
    oldest = min(waiting)
    since = add_months(oldest, HELD_MONTHS + 1)
    detail = {"month": fi_month(oldest), "count": len(waiting)}
    return [(AlertKind.FEE_HELD, since, detail)]


def _unapproved_runs(data: AlertInput, today: date) -> list[Alert]:
    """A month that ended (and its grace days passed) with something to pay and no approved
    payment run."""
    out: list[Alert] = []
    due = [m for m in run_months(today, data.settings) if m not in data.approved_runs]
    if not due:
        return out
    owed = _months_owed(data.relationships, due)
    for month in due:
        if month not in owed:
            continue  # nobody to pay for that month
        shown = fi_month(month)
        since = month_end(month) + timedelta(days=data.settings.thresholds.run_approval_days)
        subject = Subject("payments", month.year * 100 + month.month, shown)
        detail = {"month": shown, "ended": fi_date(month_end(month))}
        out.append(Alert(AlertKind.RUN_UNAPPROVED, subject, since, detail))
    return out


def _months_owed(relationships: list[RelFacts], months: list[date]) -> set[date]:
    """Which of ``months`` some relationship owes a report (and a fee) for: ``owes`` of each
    relationship and month, with the months' last days worked out once and the walk over the
    relationships stopped as soon as every month is owed."""
    bounds = [(month_start(m), month_end(m)) for m in months]
    owed: set[date] = set()
    for rel in relationships:
        start, ended = rel.start, rel.ended_on
        if start is None or rel.state not in REPORTING:
            continue
        for first, last in bounds:
            if start <= last and (ended is None or ended >= first):
                owed.add(first)
        if len(owed) == len(bounds):
            break
    return owed


def _by_client(relationships: list[RelFacts]) -> dict[int, list[RelFacts]]:
    out: dict[int, list[RelFacts]] = {}
    for rel in relationships:
        out.setdefault(rel.client_id, []).append(rel)
    return out


def waiting(client: ClientFacts, relationships: list[RelFacts]) -> date | None:
    """Since when the client has waited for a support person, or None if not waiting.

    ``relationships`` may hold everyone's or only this client's relationships.

    A client waits from registration until a relationship is proposed, and again after a
    relationship ended because the volunteer could not go on.
    """
    if client.closed_on is not None:
        return None
    own = [r for r in relationships if r.client_id == client.id]
    for r in own:
        if r.state in OPEN:  # (``is_open``)
            return None
    if not own:
        return client.registered_on
    last = max(own, key=lambda r: r.ended_on or date.min)
    if last.end_reason is EndReason.VOLUNTEER and last.ended_on is not None:
        return last.ended_on
    return None


def counts(data: AlertInput, today: date) -> Counts:
    """The dashboard's figures at a glance."""
    this_month = month_key(today) + "="  # as a summary's months name it: "2026-11=3/1"
    waits = [
        (today - since).days for _, since in data.waiting_clients() if since <= today
    ]  # a client registered after ``today`` was not waiting on it (alerts --day in the past)
    return Counts(
        active=sum(1 for r in data.relationships if r.state is State.ACTIVE),
        waiting=len(waits),
        longest_wait_days=max(waits, default=0),
        in_vetting=sum(1 for v in data.volunteers if v.in_vetting),
        meetings_this_month=sum(  # only the summaries that name the month are looked into
            s.held_in(today) for s in data.summaries.values() if this_month in s.months
        ),
    )
