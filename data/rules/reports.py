"""Monthly reports: which relationships owe one for a month, and the days a report offers.

Pure functions over the compact facts and the meetings; no storage, no UI. The missing-report
alert (``data.rules.alerts``) and the month's list of reports use the same ``owes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from data.dates import month_end, month_start
from data.model.facts import RelFacts
from data.model.weekend import days_of
from data.models import Meeting, State

#: the states in which a relationship's months are reported (a proposed or starting one has
#: not met yet; an ended one still owes the months up to its end)
REPORTING = frozenset({State.ACTIVE, State.PAUSED, State.ENDED})


def owes(rel: RelFacts, month: date) -> bool:
    """Whether ``rel`` owes a monthly report for ``month`` (any day of it)."""
    first, last = month_start(month), month_end(month)
    start, ended = rel.start, rel.ended_on
    if start is None or rel.state not in REPORTING:
        return False
    return start <= last and (ended is None or ended >= first)


def offered_days(meetings: Iterable[Meeting], month: date) -> list[date]:
    """The days of ``month`` with a held meeting: what a report is offered before the
    coordinator confirms or changes it; each day of a support family's weekend (the fee per
    weekend counts days one after another as one)."""
    first = month_start(month)
    days = (d for m in meetings if m.held for d in days_of(m.on, m.until))
    return sorted({d for d in days if month_start(d) == first})
