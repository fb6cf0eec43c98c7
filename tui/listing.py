"""Plain-text output of the command line: record tables and the day's alerts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from data.dates import month_start
from data.models import Client, Concern, PalaveriKind, Relationship, State, Volunteer
from data.rules.alerts import Alert, AlertKind
from tui import i18n
from tui.i18n import t

if TYPE_CHECKING:
    from data.store import Store

Lister = Callable[["Store[Any]", argparse.Namespace], list[Any]]


def _clients(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    return [c for c in store.records.list(Client) if args.all or c.closed_on is None]


def _volunteers(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    from data.models import Step

    return [v for v in store.records.list(Volunteer) if args.all or v.state is not Step.LEFT]


def _relationships(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    return [r for r in store.records.list(Relationship) if args.all or r.state is not State.ENDED]


def _meetings(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    if args.relationship is not None:
        store.records.get(Relationship, args.relationship)
        return list(store.meetings.of(args.relationship))
    month = args.month or month_start(store.clock().date())
    return sorted(store.meetings.in_month(month), key=lambda m: (m.on, m.relationship_id))


def _concerns(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    return [c for c in store.records.list(Concern) if args.all or c.is_open]


LISTERS: dict[str, Lister] = {
    "clients": _clients,
    "volunteers": _volunteers,
    "relationships": _relationships,
    "meetings": _meetings,
    "concerns": _concerns,
}


def _columns(what: str, store: Store[Any]) -> tuple[list[str], Callable[[Any], list[str]]]:
    if what == "clients":
        return ["id", "name", "area", "registered"], lambda c: [
            str(c.id),
            c.name,
            f"{c.municipality} {c.area}".strip(),
            i18n.day(c.registered_on),
        ]
    if what == "volunteers":
        return ["id", "name", "kind", "area", "step"], lambda v: [
            str(v.id),
            v.name,
            t(f"volunteer_kind.{v.kind.value}"),
            f"{v.municipality} {v.area}".strip(),
            t(f"step.{v.state.value}") if v.state else "–",
        ]
    if what == "relationships":
        clients = {c.id: c.name for c in store.records.list(Client)}
        volunteers = {v.id: v.name for v in store.records.list(Volunteer)}
        return ["id", "client", "volunteer", "state", "since"], lambda r: [
            str(r.id),
            clients.get(r.client_id, "?"),
            volunteers.get(r.volunteer_id, "?"),
            t(f"state.{r.state.value}"),
            i18n.day(r.since()),
        ]
    if what == "meetings":
        return ["id", "date", "status", "activity"], lambda m: [
            m.ref,
            i18n.day(m.on),
            t("status.held") if m.held else f"{t('status.cancelled')} ({m.cancel_reason.value})",
            m.activity,
        ]
    clients = {c.id: c.name for c in store.records.list(Client)}
    return ["id", "client", "noticed", "urgency", "notified"], lambda c: [
        str(c.id),
        clients.get(c.client_id, "?"),
        i18n.moment(c.noticed_at),
        t(f"urgency.{c.urgency.value}"),
        t("yes") if c.notified else t("no").upper(),
    ]


def print_table(what: str, rows: list[Any], store: Store[Any]) -> None:
    if not rows:
        print(t("ls.none"))
        return
    names, cells = _columns(what, store)
    body = [cells(r) for r in rows]
    header = [t(f"col.{n}") for n in names]
    widths = [max(len(h), *(len(row[i]) for row in body)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for row in body:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def name_order(name: str) -> tuple[str, str]:
    """How every list of people sorts: by the name as the list shows it ("Aino Virtanen"),
    ignoring case, so that a list read down the name column is in order. (Sorting by surname
    while the column begins with the first name looks unsorted; the derived index that the
    lists of thousands read holds the whole name only.)"""
    return (name.casefold(), name)


def alert_text(alert: Alert) -> str:
    detail = dict(alert.detail)
    if "hours" in detail:
        detail["age"] = i18n.age(detail["hours"])
    if "step" in detail:
        detail["step"] = t(f"step.{detail['step']}")
    if alert.kind in (AlertKind.REVIEW_DUE, AlertKind.REVIEW_OVERDUE):
        detail["palaveri"] = i18n.palaveri_kind(PalaveriKind.REVIEW)
    return t(f"alert.{alert.kind.value}", **detail)


def alert_mark(alert: Alert) -> str:
    """A symbol that does not rely on colour: ‼ for an unreported concern, ! for overdue."""
    if alert.kind is AlertKind.CONCERN_UNNOTIFIED:
        return "‼"
    overdue = (AlertKind.CONCERN_FOLLOW_UP, AlertKind.MAX_REACHED, AlertKind.NO_MEETING)
    if alert.kind in (*overdue, AlertKind.REVIEW_OVERDUE):
        return "!"
    return "·"


def print_alerts(store: Store[Any], today: date | None = None) -> None:
    day = today or store.clock().date()
    counts = store.alerts.counts(day)
    print(i18n.counts_line(counts))
    found = store.alerts.list(day) if today else store.alerts.list()
    if not found:
        print(t("alerts.none"))
        return
    print(t("alerts.title", day=i18n.day(day), n=len(found)))
    for alert in found:
        since = i18n.moment(alert.since) if hasattr(alert.since, "hour") else i18n.day(alert.since)
        print(
            f"{alert_mark(alert)} {alert.subject.name}: {alert_text(alert)} "
            f"({t('alerts.since', since=since)})"
        )
