"""Retention: when a client's case falls due, and what anonymising its records leaves.

A case is **closed** when the client has a closing date (``Client.closed_on``) and no open
relationship; its closing day is the later of that date and the end of its last relationship.
It falls **due** the class's years after (``Settings.retention_years``; a case stored before
the class was asked follows the programme's default). A case whose years have passed but that
still has an open relationship or an open concern is **held**: never touched, and the dry run
says why.

Anonymising keeps the figures for statistics (dates, counts, durations, km, costs, states,
kinds, the municipality and the area) and removes what names or describes a person: names,
contacts, a birth date beyond its year (1 January, with ``anonymised_on``), the school, the
interests and every free text (health notes, wishes, friends, meeting reports, concern texts,
palaveri notes, goals, agreed contacts, first-meeting places). A text the model requires
becomes a dash (``ANONYMOUS``). Each function takes and gives a record's stored (JSON) form
and gives back an equal dict when there was nothing left to remove, so a second run changes
nothing.

A volunteer who left keeps the steps of the vetting (the pipeline needs them), without the
extract's own date and who saw it, and without the steps' notes, once
``Settings.vetting_keep_years`` have passed since leaving.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from data.dates import add_months
from data.model.activity import Concern, Settings
from data.model.people import Client, Step, Volunteer
from data.model.relationship import Relationship
from data.model.retention import ANONYMOUS, DEFAULT_YEARS, RetentionClass


def class_of(client: Client, settings: Settings) -> RetentionClass:
    """The case's retention class: its own, else the programme's default."""
    return client.retention or settings.retention_default


def years_of(cls: RetentionClass, settings: Settings) -> int:
    return settings.retention_years.get(cls, DEFAULT_YEARS[cls])


def initials(first: str, last: str) -> str:
    """``M. V.`` of Maija Virtanen: enough for a coordinator who knows the case to recognise
    it beside its id, not enough for anyone else to find the child (the dry run prints it)."""
    parts = [w for w in (first.split()[:1] + last.split()[-1:]) if w and w != ANONYMOUS]
    return " ".join(f"{w[0].upper()}." for w in parts)


def closing_day(client: Client, relationships: Iterable[Relationship]) -> date | None:
    """The day the case closed: the later of the client's closing date and the end of its last
    relationship; None while the client is not closed or a relationship is open."""
    if client.closed_on is None:
        return None
    day = client.closed_on
    for rel in relationships:
        if rel.is_open:
            return None
        if rel.ended_on is not None and rel.ended_on > day:
            day = rel.ended_on
    return day


def due_day(closed: date, cls: RetentionClass, settings: Settings) -> date:
    return add_months(closed, 12 * years_of(cls, settings))


@dataclass(frozen=True)
class Case:
    """One client's case as the retention run sees it."""

    client_id: int
    initials: str
    retention: RetentionClass
    closed_on: date  # the closing day (for a held case: as if closed today's way)
    due_on: date
    open_relationships: tuple[int, ...] = ()
    open_concerns: tuple[int, ...] = ()

    @property
    def held(self) -> bool:
        """Due, but an open relationship or concern keeps it as it is."""
        return bool(self.open_relationships or self.open_concerns)


@dataclass(frozen=True)
class VettingDue:
    volunteer_id: int
    initials: str
    left_on: date
    due_on: date


@dataclass
class Plan:
    """What a run would do on ``today``: the due cases, the held ones, the volunteers."""

    today: date
    due: list[Case] = field(default_factory=list)
    held: list[Case] = field(default_factory=list)
    volunteers: list[VettingDue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.due or self.volunteers)


def case_of(
    client: Client,
    relationships: list[Relationship],
    concerns: list[Concern],
    settings: Settings,
    today: date,
) -> Case | None:
    """The client's case when it is due (or would be, but for what is still open); None when
    it is not due yet, not closed, or anonymised already."""
    if client.anonymised_on is not None or client.closed_on is None or client.id is None:
        return None
    cls = class_of(client, settings)
    ended = [r for r in relationships if not r.is_open]
    closed = closing_day(client, ended)
    assert closed is not None
    due = due_day(closed, cls, settings)
    if due > today:
        return None
    return Case(
        client_id=client.id,
        initials=initials(client.first_name, client.last_name),
        retention=cls,
        closed_on=closed,
        due_on=due,
        open_relationships=tuple(r.id for r in relationships if r.is_open and r.id is not None),
        open_concerns=tuple(c.id for c in concerns if c.is_open and c.id is not None),
    )


def vetting_due(volunteer: Volunteer, settings: Settings, today: date) -> VettingDue | None:
    """A volunteer who left, the set years ago, whose vetting details are still there."""
    if volunteer.state is not Step.LEFT or volunteer.id is None or not has_details(volunteer):
        return None
    left_on = volunteer.vetting[-1].on
    due = add_months(left_on, 12 * settings.vetting_keep_years)
    if due > today:
        return None
    initial = initials(volunteer.first_name, volunteer.last_name)
    return VettingDue(volunteer.id, initial, left_on, due)


def has_details(volunteer: Volunteer) -> bool:
    for step in volunteer.vetting:
        if step.step is Step.EXTRACT_SHOWN:
            if getattr(step, "removed_on", None) is None:
                return True
        elif getattr(step, "note", ""):
            return True
    return False


# ----- what anonymising leaves of each record (stored JSON form in, stored form out) -----------


def _blank(data: dict[str, Any], *names: str) -> None:
    for name in names:
        if data.get(name):
            data[name] = ""


def _required(text: Any) -> str:
    """A text the model requires: a dash (kept a dash)."""
    return ANONYMOUS if text else text


def client(row: dict[str, Any], cls: RetentionClass, today: date) -> dict[str, Any]:
    if row.get("anonymised_on"):
        return row
    out = copy.deepcopy(row)
    out["first_name"] = out["last_name"] = ANONYMOUS
    out["birth_date"] = f"{str(row['birth_date'])[:4]}-01-01"
    _blank(out, "school", "school_class", "friends", "health_notes", "wishes", "phone")
    out["interests"] = []
    for name in ("decision", "client_plan"):
        if isinstance(out.get(name), dict):
            _blank(out[name], "reference")
    out["retention"] = cls.value
    out["anonymised_on"] = today.isoformat()
    return out


def guardian(row: dict[str, Any], today: date) -> dict[str, Any]:
    if row.get("anonymised_on"):
        return row
    out = copy.deepcopy(row)
    out["first_name"] = out["last_name"] = ANONYMOUS
    _blank(out, "phone", "email")
    out["anonymised_on"] = today.isoformat()
    return out


def relationship(row: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(row)
    for change in out.get("history", []):
        _blank(change, "note")
    out["end_note"] = _required(out.get("end_note", "")) if out.get("end_reason") == "other" else ""
    for goal in out.get("goals", []):
        goal["text"] = _required(goal["text"])
    if isinstance(out.get("agreement"), dict):
        _blank(out["agreement"], "contact")
    _blank(out, "our_thing")
    if isinstance(out.get("first_meeting"), dict):
        _blank(out["first_meeting"], "place", "plan")
    return out


def meeting(row: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(row)
    _blank(out, "place", "over_max_reason")
    out.pop("consent_reason", None)  # stored only when given (data/model/place.py)
    if out.get("cancel_reason") == "other":
        out["cancel_note"] = _required(out.get("cancel_note", ""))
    else:
        _blank(out, "cancel_note")
    report = out.get("report")
    if isinstance(report, dict):
        _blank(report, "how_it_went", "wellbeing", "progress_note")
        for item in report.get("progress", []):
            _blank(item, "note")
    return out


def palaveri(row: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(row)
    for attendee in out.get("attendees", []):
        _blank(attendee, "name")
    if out.get("notes"):
        out["notes"] = {}
    decisions = out.get("decisions")
    if isinstance(decisions, dict):
        _blank(decisions, "end_note", "contact")
        if decisions.get("gave"):
            decisions["gave"] = {}
        decisions["new_goals"] = [_required(g) for g in decisions.get("new_goals", [])]
        if isinstance(decisions.get("first_meeting"), dict):
            _blank(decisions["first_meeting"], "place", "plan")
    return out


def contact(row: dict[str, Any]) -> dict[str, Any]:
    """A contact with the network (data/model/contact.py): whom by name and the note go."""
    out = copy.deepcopy(row)
    _blank(out, "note")
    out["name"] = _required(out.get("name", "")) if out.get("whom") == "other" else ""
    return out


def concern(row: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(row)
    out["what"] = _required(out.get("what", ""))
    _blank(out, "noticed_by", "closing_note")
    for note in out.get("notifications", []):
        _blank(note, "whom", "note")
    for follow in out.get("follow_ups", []):
        follow["note"] = _required(follow.get("note", ""))
    return out


def vetting(row: dict[str, Any], today: date) -> dict[str, Any]:
    """A left volunteer's steps without the extract's date and who saw it, and without notes."""
    out = copy.deepcopy(row)
    for step in out.get("vetting", []):
        if step.get("step") == Step.EXTRACT_SHOWN.value:
            if not step.get("removed_on"):
                step["extract_date"] = step["on"]
                step["by"] = ANONYMOUS
                step["removed_on"] = today.isoformat()
        else:
            _blank(step, "note")
    return out


__all__ = [
    "Case",
    "Plan",
    "VettingDue",
    "case_of",
    "class_of",
    "closing_day",
    "due_day",
    "has_details",
    "initials",
    "vetting_due",
    "years_of",
]
