"""Volunteers kept fit (issue 14): the alerts of the criminal-record extract's re-check and of
work supervision, pure functions over each volunteer's facts and two days read from their
record as stored (``fit_days``: no model validated on the way to the day's alerts).

* ``extract_due``: an approved or paused volunteer's extract is to be checked again within
  ``Settings.extract_recheck_warn_days`` (``extract_recheck_months`` after it was last shown);
* ``extract_overdue``: that day has passed (matching leaves them out until a new extract is
  recorded);
* ``supervision_missing``: an active volunteer (approved, not paused, and supporting someone:
  a relationship started and not ended) has attended no work supervision for
  ``Settings.supervision_months`` months, counted from their newest session or from their
  approval (or return from a pause), whichever is later: one who never attended counts from
  the approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from datetime import date, timedelta
from typing import Any

from data.dates import add_months, fi_date
from data.model.activity import Settings
from data.model.facts import VolunteerFacts
from data.model.fitness import SessionKind, recheck_due
from data.model.people import Step
from data.model.relationship import State
from data.rules.alert_shapes import Alert, AlertKind, Subject

#: volunteer id -> (the day their newest extract was shown, their newest supervision session)
FitDays = dict[int, tuple[date | None, date | None]]

_RECHECKED = frozenset({Step.APPROVED, Step.RESUMED, Step.PAUSED})
_SUPERVISED = frozenset({Step.APPROVED, Step.RESUMED})
_SHOWN, _SUPERVISION = Step.EXTRACT_SHOWN.value, SessionKind.SUPERVISION.value


def fit_days(rows: Mapping[int, tuple[Any, ...]]) -> FitDays:
    """The two days of every volunteer from ``Records.fields(Volunteer, "vetting",
    "sessions")``; a value not of the stored form counts as none (``tuki check`` names it).
    Days are compared as their ISO text (the same order), and only the newest is parsed."""
    out: FitDays = {}
    for vid, (steps, sessions) in rows.items():
        shown = _newest(steps, "step", _SHOWN)
        supervised = _newest(sessions, "kind", _SUPERVISION, missing=_SUPERVISION)
        if shown is not None or supervised is not None:
            out[vid] = (shown, supervised)
    return out


def _newest(items: Any, key: str, value: str, missing: str = "") -> date | None:
    newest = ""
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and item.get(key, missing) == value:
            on = item.get("on")
            if isinstance(on, str) and on > newest:
                newest = on
    try:
        return date.fromisoformat(newest) if newest else None
    except ValueError:
        return None


def fit_settings(settings: Settings) -> dict[str, int]:
    """The keywords of ``fitness_alerts`` from the programme's settings."""
    return {
        "recheck_months": settings.extract_recheck_months,
        "warn_days": settings.extract_recheck_warn_days,
        "supervision_months": settings.supervision_months,
    }


def fitness_alerts(
    volunteers: Iterable[VolunteerFacts],
    days: FitDays,
    supporting: Set[int],
    today: date,
    *,
    recheck_months: int,
    warn_days: int,
    supervision_months: int,
) -> list[Alert]:
    """The volunteers' re-check and supervision alerts on ``today`` (unsorted); ``supporting``
    are the ids of the volunteers with a relationship started and not ended."""
    out: list[Alert] = []
    for v in volunteers:
        if v.step not in _RECHECKED:
            continue
        shown, supervised = days.get(v.id, (None, None))
        subject = Subject("volunteer", v.id, v.name)
        due = recheck_due(shown, recheck_months)
        if due is not None:
            left = (due - today).days
            if left < 0:
                out.append(Alert(AlertKind.EXTRACT_OVERDUE, subject, due, {"due": fi_date(due)}))
            elif left <= warn_days:
                since = due - timedelta(days=warn_days)
                detail = {"due": fi_date(due), "days": left}
                out.append(Alert(AlertKind.EXTRACT_DUE, subject, since, detail))
        if v.step in _SUPERVISED and v.id in supporting:
            start = max((d for d in (supervised, v.since) if d is not None), default=None)
            if start is not None and add_months(start, supervision_months) < today:
                last = fi_date(supervised) if supervised is not None else "–"
                detail = {"days": (today - start).days, "last": last}
                out.append(Alert(AlertKind.SUPERVISION_MISSING, subject, start, detail))
    return out


#: the states of a relationship in which its volunteer is supporting someone
SUPPORTING = frozenset({State.STARTING, State.ACTIVE, State.PAUSED})
