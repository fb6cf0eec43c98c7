"""Volunteers kept fit in the demo (issue 14): work supervision and training sessions of the
approved volunteers, the re-checks of the extracts of those approved long ago, one extract near
and one past its re-check, and the
clients' intake checklists (one client not willing to take part).

Worked on the stored rows after the volunteers and clients are made, with a random stream of its
own, so that every other draw of the demo stays as it was. At national scale the sessions are
only those of the last months (a few per volunteer): the volunteers' file grows by little.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from data.dates import add_months
from data.model.fitness import PERSON, RECHECK_MONTHS, Criterion, SessionKind

#: the forced volunteers (``plans.FORCED_VOLUNTEERS``) given a story: their index in the list
OVERDUE, NEAR, UNSUPERVISED = 12, 14, 10
#: the forced client who is not willing to take part (waiting, ``plans.FORCED_CLIENTS``)
UNWILLING = 16
#: sessions are made for this many months back (at a larger scale fewer: the volunteers' file,
#: which matching and the lists read whole, grows by little)
SESSION_MONTHS = 8
SESSION_MONTHS_LARGE = 4
LARGE = 1000  # volunteers
TOPICS = (
    "Lapsen kohtaaminen",
    "Tukisuhteen päättyminen",
    "Huoli lapsesta",
    "Yhteydenpito perheeseen",
    "Omat rajat ja jaksaminen",
)
TRAININGS = ("Lapsen tunnetaidot", "Ensiapu lasten kanssa")


def keep_fit(
    volunteers: list[dict[str, Any]], clients: list[dict[str, Any]], today: date, seed: int
) -> None:
    """Add the sessions, the extracts' stories and the intake checklists to the stored rows."""
    r = random.Random(seed * 104_729 + 14)
    months = SESSION_MONTHS if len(volunteers) <= LARGE else SESSION_MONTHS_LARGE
    for index, row in enumerate(volunteers):
        steps = row["vetting"]
        approved = next((s["on"] for s in steps if s["step"] == "approved"), None)
        if approved is None:
            continue
        if index == NEAR:
            _due_soon(steps, today)
        elif index != OVERDUE and steps[-1]["step"] != "left":
            _rechecked(r, steps, today)
        until = today
        if steps[-1]["step"] == "left":
            until = date.fromisoformat(steps[-1]["on"])
        stop = add_months(today, -5) if index == UNSUPERVISED else until
        row["sessions"] = _sessions(r, date.fromisoformat(approved), stop, today, months)
    for index, row in enumerate(clients):
        row["intake"] = _intake(r, index)


def _shown(steps: list[dict[str, Any]]) -> date:
    return date.fromisoformat([s["on"] for s in steps if s["step"] == "extract_shown"][-1])


def _due_soon(steps: list[dict[str, Any]], today: date) -> None:
    """Move the pipeline's steps back so that the extract falls due in a month."""
    shift = add_months(today, -RECHECK_MONTHS) + timedelta(days=30) - _shown(steps)
    if shift >= timedelta(0):
        return
    approved_at = next(i for i, s in enumerate(steps) if s["step"] == "approved")
    for step in steps[: approved_at + 1]:
        step["on"] = (date.fromisoformat(step["on"]) + shift).isoformat()
        if "extract_date" in step:
            step["extract_date"] = (date.fromisoformat(step["extract_date"]) + shift).isoformat()


def _rechecked(r: random.Random, steps: list[dict[str, Any]], today: date) -> None:
    """A volunteer approved long ago showed a new extract each time the old one fell due (a
    few weeks before): the steps as the re-checks recorded them (``OVERDUE`` did not)."""
    shown = _shown(steps)
    while (due := add_months(shown, RECHECK_MONTHS)) < today + timedelta(days=90):
        again = due - timedelta(days=r.randint(7, 40))
        steps.append(
            {
                "step": "extract_shown",
                "extract_date": (again - timedelta(days=r.randint(3, 30))).isoformat(),
                "on": again.isoformat(),
                "by": "Sanna Koskinen",
                "removed_on": None,  # (retention: the details removed when kept too long)
            }
        )
        shown = again
    steps.sort(key=lambda s: s["on"])  # (stable: the steps of one day keep their order)


def _sessions(
    r: random.Random, approved: date, until: date, today: date, months: int
) -> list[dict[str, Any]]:
    """Work supervision about every six to eight weeks since the approval (the last ``months``
    of it) until ``until``; now and then a training besides."""
    day = max(approved + timedelta(days=r.randint(10, 40)), add_months(today, -months))
    out: list[dict[str, Any]] = []
    while day <= min(until, today):
        out.append(_session(r, day, SessionKind.SUPERVISION))
        if r.random() < 0.15 and day + timedelta(days=20) <= min(until, today):
            out.append(_session(r, day + timedelta(days=20), SessionKind.TRAINING))
        day += timedelta(days=r.randint(40, 56))
    return out


def _session(r: random.Random, day: date, kind: SessionKind) -> dict[str, Any]:
    training = kind is SessionKind.TRAINING
    return {
        "on": day.isoformat(),
        "hours": r.choice(("3", "4")) if training else r.choice(("1.5", "2")),
        "topic": r.choice(TRAININGS if training else TOPICS),
        "kind": kind.value,
        "by": "",
    }


def _intake(r: random.Random, index: int) -> dict[str, Any]:
    """Most clients meet the support person's criteria and are willing; some older records were
    made before the checklist (nothing asked yet); one client is not willing."""
    if index == UNWILLING:
        met = [Criterion.SERVICES_CLIENT, Criterion.RESOURCES_SHORT, Criterion.NO_NETWORK]
        return {"met": [c.value for c in met], "willing": False}
    if r.random() < 0.2:
        return {"met": [], "willing": None}
    met = [c for c in PERSON if c is Criterion.SERVICES_CLIENT or r.random() < 0.85]
    if r.random() < 0.3:
        met.append(Criterion.CAN_BE_AWAY)
    return {"met": [c.value for c in Criterion if c in met], "willing": True}
