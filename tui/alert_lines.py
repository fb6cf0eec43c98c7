"""The day's alerts in words, for the command line and the console's start screen: plain
data in (``data.rules.alert_shapes``), no model imported (``tuki alerts`` showing the answer
kept since the folder's last change imports none)."""

from __future__ import annotations

from datetime import date

from data.rules.alert_shapes import Alert, AlertKind, Counts
from tui import i18n
from tui.i18n import t


def alert_text(alert: Alert) -> str:
    detail = dict(alert.detail)
    if "hours" in detail:
        detail["age"] = i18n.age(detail["hours"])
    if "step" in detail:
        detail["step"] = t(f"step.{detail['step']}")
    if alert.kind in (AlertKind.REVIEW_DUE, AlertKind.REVIEW_OVERDUE):
        detail["palaveri"] = i18n.palaveri_kind("review")  # PalaveriKind.REVIEW
    if detail.pop("weekends", None):  # a support family's maximum counts weekends
        return t(f"alert.{alert.kind.value}.weekends", **detail)
    return t(f"alert.{alert.kind.value}", **detail)


def alert_mark(alert: Alert) -> str:
    """A symbol that does not rely on colour: ‼ for an unreported concern, ! for overdue."""
    if alert.kind is AlertKind.CONCERN_UNNOTIFIED:
        return "‼"
    overdue = (AlertKind.CONCERN_FOLLOW_UP, AlertKind.MAX_REACHED, AlertKind.NO_MEETING)
    if alert.kind in (*overdue, AlertKind.REVIEW_OVERDUE, AlertKind.EXTRACT_OVERDUE):
        return "!"
    return "·"


def print_alerts(counts: Counts, found: list[Alert], day: date) -> None:
    """The day's counts and alerts (``store.alerts.day``), as ``tuki alerts`` prints them."""
    print(i18n.counts_line(counts))
    if not found:
        print(t("alerts.none"))
        return
    print(t("alerts.title", day=i18n.day(day), n=len(found)))
    lines = []
    for alert in found:
        since = i18n.moment(alert.since) if hasattr(alert.since, "hour") else i18n.day(alert.since)
        lines.append(
            f"{alert_mark(alert)} {alert.subject.name}: {alert_text(alert)} "
            f"({t('alerts.since', since=since)})"
        )
    print("\n".join(lines))  # one write, not one per alert
