"""What each kind's spreadsheet holds, column by column.

A column has a stable key (``first_name``; the faces give its header in the user's language,
and an import knows it by that header in any of the languages or by the key itself), the type
its cells are read as, and where its value lives in the record (``path``, dotted, as in the
record's data). Columns marked ``imported=False`` are written but not read back: the id (the
folder makes its own), links to other records of the old folder (guardians, social worker),
the day of anonymising. The clients' and volunteers' other columns are exactly what an import
reads, so that an export read into an empty folder gives the same spreadsheet again.

A volunteer's vetting is a list of dated steps; its spreadsheet has one date per step of the
pipeline (the first time it was recorded), the newest re-check of the extract after the
approval, and the day of a pause or of leaving when that is where the volunteer is now.
The extract appears with its two dates alone (act 148/2014: no more may be kept).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from data.dates import HELSINKI, fi_date
from data.models import Approved, ExtractShown, Step, Volunteer

Value = str | int | Decimal | date | bool | list[str] | None

TEXT, INT, DECIMAL, DATE, BOOL, LIST = "text", "int", "decimal", "date", "bool", "list"


def plain(value: Any) -> Value:
    """A record's value as a cell holds it: codes for choices, a moment as its local date and
    time in words, a list as its items' texts."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is Decimal or kind is bool:
        return value  # type: ignore[no-any-return]  # (most of the cells: no further look)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool | int | Decimal | str):
        return value
    if isinstance(value, datetime):
        local = value.astimezone(HELSINKI) if value.tzinfo else value
        return f"{fi_date(local.date())} {local:%H.%M}"
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, list | tuple):
        items = [plain(item) for item in value]
        return [fi_date(i) if isinstance(i, date) else str(i) for i in items if i is not None]
    return str(value)


@dataclass(frozen=True)
class Column:
    key: str
    type: str = TEXT
    path: str = ""  # dotted, in the record's data; "" is the key itself
    get: Callable[[Any], Any] | None = None  # the value, when it is not found by the path
    imported: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "where", self.path or self.key)
        object.__setattr__(self, "parts", tuple(self.where.split(".")))

    where: str = field(init=False, default="")  # the path, or the key itself
    parts: tuple[str, ...] = field(init=False, default=())

    def value(self, record: Any) -> Value:
        if self.get is not None:
            return plain(self.get(record))
        current: Any = record
        for part in self.parts:
            current = getattr(current, part, None)
            if current is None:
                return None
        return plain(current)


def _steps(v: Volunteer, step: Step) -> list[Any]:
    return [s for s in v.vetting if s.step is step]


def _first(step: Step, field: str = "on") -> Callable[[Volunteer], Any]:
    def get(v: Volunteer) -> Any:
        found = _steps(v, step)
        return getattr(found[0], field) if found else None

    return get


def _recheck(field: str) -> Callable[[Volunteer], Any]:
    """The newest extract shown again after the approval (its re-check), one of its dates."""

    def get(v: Volunteer) -> Any:
        approved = next((i for i, s in enumerate(v.vetting) if isinstance(s, Approved)), None)
        if approved is None:
            return None
        later = [s for s in v.vetting[approved:] if isinstance(s, ExtractShown)]
        return getattr(later[-1], field) if later else None

    return get


def _now_at(step: Step) -> Callable[[Volunteer], Any]:
    """The day of the volunteer's current step, when it is ``step`` (paused, left)."""
    return lambda v: v.since() if v.state is step else None


def _ids(path: str) -> Callable[[Any], Any]:
    return lambda r: [str(i) for i in getattr(r, path)]


CLIENTS: tuple[Column, ...] = (
    Column("id", INT, imported=False),
    Column("kind"),
    Column("first_name"),
    Column("last_name"),
    Column("birth_date", DATE),
    Column("municipality"),
    Column("area"),
    Column("school"),
    Column("school_class"),
    Column("languages", LIST),
    Column("interests", LIST),
    Column("needs", LIST),
    Column("friends"),
    Column("travel"),
    Column("health_notes"),
    Column("wishes"),
    Column("days", LIST, "availability.days"),
    Column("parts", LIST, "availability.parts"),
    Column("pref_gender", TEXT, "preferences.gender"),
    Column("pref_language", TEXT, "preferences.language"),
    Column("pref_age_min", INT, "preferences.age_min"),
    Column("pref_age_max", INT, "preferences.age_max"),
    Column("firm", LIST, "preferences.firm"),
    Column("registered_on", DATE),
    Column("decision_on", DATE, "decision.on"),
    Column("decision_ref", TEXT, "decision.reference"),
    Column("plan_on", DATE, "client_plan.on"),
    Column("plan_ref", TEXT, "client_plan.reference"),
    Column("phone"),
    Column("criteria", LIST, "intake.met"),
    Column("willing", BOOL, "intake.willing"),
    Column("retention"),
    Column("closed_on", DATE),
    Column("guardian_ids", LIST, get=_ids("guardian_ids"), imported=False),
    Column("social_worker_id", INT, imported=False),
    Column("known_volunteer_ids", LIST, get=_ids("known_volunteer_ids"), imported=False),
    Column("anonymised_on", DATE, imported=False),
)

#: the vetting columns an import makes steps of (``load.vetting``)
VETTING = "vetting."

VOLUNTEERS: tuple[Column, ...] = (
    Column("id", INT, imported=False),
    Column("kind"),
    Column("first_name"),
    Column("last_name"),
    Column("birth_year", INT),
    Column("gender"),
    Column("family"),
    Column("work"),
    Column("municipality"),
    Column("area"),
    Column("reachable_areas", LIST),
    Column("interests", LIST),
    Column("offers", LIST),
    Column("languages", LIST),
    Column("days", LIST, "availability.days"),
    Column("parts", LIST, "availability.parts"),
    Column("has_car", BOOL),
    Column("home_visits_ok", BOOL),
    Column("capacity", INT),
    Column("child_age_min", INT),
    Column("child_age_max", INT),
    Column("phone"),
    Column("email"),
    Column("applied_on", DATE, "vetting.applied", _first(Step.APPLIED)),
    Column("suitability_on", DATE, "vetting.suitability", _first(Step.SUITABILITY)),
    Column("suitable", BOOL, "vetting.suitable", _first(Step.SUITABILITY, "suitable")),
    Column("oriented_on", DATE, "vetting.oriented", _first(Step.ORIENTED)),
    Column("orientation_hours", DECIMAL, "vetting.hours", _first(Step.ORIENTED, "hours")),
    Column(
        "extract_dated", DATE, "vetting.extract_date", _first(Step.EXTRACT_SHOWN, "extract_date")
    ),
    Column("extract_shown_on", DATE, "vetting.extract_on", _first(Step.EXTRACT_SHOWN)),
    Column("approved_on", DATE, "vetting.approved", _first(Step.APPROVED)),
    Column("recheck_dated", DATE, "vetting.recheck_date", _recheck("extract_date")),
    Column("recheck_shown_on", DATE, "vetting.recheck_on", _recheck("on")),
    Column("paused_on", DATE, "vetting.paused", _now_at(Step.PAUSED)),
    Column("left_on", DATE, "vetting.left", _now_at(Step.LEFT)),
    Column("anonymised_on", DATE, imported=False),
)

GUARDIANS: tuple[Column, ...] = (
    Column("id", INT),
    Column("first_name"),
    Column("last_name"),
    Column("relation"),
    Column("phone"),
    Column("email"),
    Column("preferred_channel"),
    Column("language"),
    Column("anonymised_on", DATE),
)

SOCIAL_WORKERS: tuple[Column, ...] = (
    Column("id", INT),
    Column("first_name"),
    Column("last_name"),
    Column("unit"),
    Column("phone"),
    Column("email"),
    Column("programme", BOOL),
    Column("anonymised_on", DATE),
)

RELATIONSHIPS: tuple[Column, ...] = (
    Column("id", INT),
    Column("client_id", INT),
    Column("volunteer_id", INT),
    Column("second_volunteer_id", INT),  # a peer pair's second person (seed 003)
    Column("service"),
    Column("state"),
    Column("start", DATE, "agreement.start"),
    Column("planned_end", DATE, "agreement.planned_end"),
    Column("max_meetings", INT, "agreement.max_meetings"),
    Column("meetings_per_month", INT, "agreement.meetings_per_month"),
    Column("fee_model", TEXT, "agreement.fee_terms.model"),
    Column("fee", DECIMAL, "agreement.fee_terms.fee"),
    Column("allowance", DECIMAL, "agreement.fee_terms.allowance"),
    Column("review_on", DATE),
    Column("first_meeting_on", DATE),
    Column("ended_on", DATE),
    Column("end_reason"),
    Column("end_note"),
    Column("goals", LIST, get=lambda r: [g.text for g in r.goals]),
    # a peer agreement (issue 16): signed by three parties, the municipality's side here
    Column("signed_on", DATE, "agreement.signed_on"),
    Column("party_municipality", TEXT, "agreement.parties.municipality"),
    Column("party_unit", TEXT, "agreement.parties.unit"),
    Column("party_signed_by", TEXT, "agreement.parties.signed_by"),
    Column("peer_group"),
)

MEETINGS: tuple[Column, ...] = (
    Column("relationship_id", INT),
    Column("number", INT, "id"),
    Column("date", DATE, "on"),
    Column("until", DATE),  # a support family's weekend: its last day
    Column("start_time", TEXT, "start"),
    Column("status"),
    Column("cancel_reason"),
    Column("cancel_note"),
    Column("duration_min", INT),
    Column("place_kind"),  # (issue 16) none for a meeting logged before the kind was asked
    Column("place"),
    Column("by_car", BOOL),
    Column("consent_reason"),
    Column("activity"),
    Column("how_it_went", TEXT, "report.how_it_went"),
    Column("wellbeing", TEXT, "report.wellbeing"),
    Column("progress_note", TEXT, "report.progress_note"),
    Column("km", DECIMAL),
    Column("costs", DECIMAL),
    Column("met_by", INT),  # who of a peer pair was there alone
    Column("claimed_by", INT),  # who of a pair, both there, claims the travel and costs
)

CONCERNS: tuple[Column, ...] = (
    Column("id", INT),
    Column("client_id", INT),
    Column("relationship_id", INT),
    Column("noticed_at"),
    Column("noticed_by"),
    Column("about"),
    Column("guardian_id", INT),
    Column("what"),
    Column("urgency"),
    Column("notified_to", LIST, get=lambda c: [n.to for n in c.notifications]),
    Column("welfare_notification", BOOL),
    Column("welfare_notification_at"),
    Column("closed_at"),
    Column("closing_note"),
)

MONTHLY_REPORTS: tuple[Column, ...] = (
    Column("relationship_id", INT),
    Column("month", DATE),
    Column("days_met", LIST),
    Column("no_meetings", BOOL),
    Column("received_on", DATE),
    Column("how"),
)

PALAVERIT: tuple[Column, ...] = (
    Column("relationship_id", INT),
    Column("number", INT, "id"),
    Column("kind"),
    Column("date", DATE, "on"),
    Column("finished", BOOL),
    Column(
        "attendees", LIST, get=lambda p: [f"{a.role.value} {a.name}".strip() for a in p.attendees]
    ),
    Column("done", LIST),
    # a client plan's goal ratings ("goal: rating") and a crisis meeting's concern (issue 16)
    Column(
        "ratings", LIST, get=lambda p: [f"{r.goal_id}: {r.rating}" for r in p.decisions.ratings]
    ),
    Column("concern_id", INT, "decisions.concern_id"),
)

CONTACTS: tuple[Column, ...] = (  # a professional service's contacts (data/model/contact.py)
    Column("relationship_id", INT),
    Column("number", INT, "id"),
    Column("contact_at", TEXT, "at"),
    Column("contact_with", TEXT, "whom"),
    Column("contact_name", TEXT, "name"),
    Column("contact_how", TEXT, "how"),
    Column("contact_minutes", INT, "minutes"),
    Column("contact_note", TEXT, "note"),
)

PAYMENTS: tuple[Column, ...] = (
    Column("month", DATE),
    Column("approved_by"),
    Column("approved_at"),
    Column("paid_on", DATE),
    Column("volunteer_id", INT),
    Column("relationship_id", INT),
    Column("for_month", DATE),
    Column("item"),
    Column("amount", DECIMAL),
    Column("quantity", DECIMAL),
    Column("held"),
    Column("adjustment", BOOL),
)

#: every kind an export writes, in this order, and its columns
KINDS: dict[str, tuple[Column, ...]] = {
    "clients": CLIENTS,
    "guardians": GUARDIANS,
    "social_workers": SOCIAL_WORKERS,
    "volunteers": VOLUNTEERS,
    "relationships": RELATIONSHIPS,
    "meetings": MEETINGS,
    "concerns": CONCERNS,
    "monthly_reports": MONTHLY_REPORTS,
    "palaverit": PALAVERIT,
    "contacts": CONTACTS,
    "payments": PAYMENTS,
}

#: the kinds an import reads
IMPORTED = ("clients", "volunteers")


def imported(kind: str) -> tuple[Column, ...]:
    return tuple(c for c in KINDS[kind] if c.imported)


def keys() -> list[str]:
    """Every column key of every kind, each once (the headers the catalogs must have)."""
    return list(dict.fromkeys(c.key for columns in KINDS.values() for c in columns))
