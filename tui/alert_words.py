"""An alert in the user's words: its mark and its reason (the start screen, ``tuki alerts``).

Apart from ``tui.listing`` (which re-exports both): the start screen draws its first frame
before the models are imported, and this imports none.
"""

from __future__ import annotations

from data.rules.alert_shapes import Alert, AlertKind
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
    return t(f"alert.{alert.kind.value}", **detail)


def alert_mark(alert: Alert) -> str:
    """A symbol that does not rely on colour: ‼ for an unreported concern, ! for overdue."""
    if alert.kind is AlertKind.CONCERN_UNNOTIFIED:
        return "‼"
    overdue = (AlertKind.CONCERN_FOLLOW_UP, AlertKind.MAX_REACHED, AlertKind.NO_MEETING)
    if alert.kind in (*overdue, AlertKind.REVIEW_OVERDUE):
        return "!"
    return "·"
