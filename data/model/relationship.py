"""The support relationship (tukisuhde), its agreement, goals, phases and states."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, model_validator

from data.dates import add_months
from data.model.base import (
    Id,
    LocalTime,
    LongText,
    Model,
    NonBlank,
    Record,
    ShortText,
    fail,
    unless_set,
)
from data.model.money import FeeModel as FeeModel
from data.model.money import FeeTerms
from data.model.peer import Parties, PeerGroup
from data.model.people import VolunteerKind


class Arranging(StrEnum):
    """Through whom meetings are agreed."""

    GUARDIANS = "guardians"
    CHILD = "child"
    CLIENT = "client"  # a parent in peer support
    SOCIAL_WORKER = "social_worker"


class Agreement(Model):
    """The tukisuhdesopimus."""

    start: date
    planned_end: date
    max_meetings: int = Field(ge=1, le=500)
    meetings_per_month: int = Field(default=2, ge=1, le=12)
    car_consent: bool = False
    home_visit_consent: bool = False
    arranged_via: Arranging = Arranging.GUARDIANS
    contact: ShortText = ""  # how contact is kept, e.g. "WhatsApp group with the mother"
    travels_alone: bool | None = None  # agreed at the start meeting: may come and go alone
    fee_terms: FeeTerms = Field(default_factory=FeeTerms)
    earlier_terms: list[FeeTerms] = Field(default_factory=list)  # before a change, oldest first
    signed_on: date | None = None
    parties: Parties | None = unless_set(None)  # peer support: the municipality, issue 16

    @model_validator(mode="after")
    def _dates(self) -> Agreement:
        if self.planned_end <= self.start:
            raise fail("end_before_start", "The planned end must be after the start.")
        if add_months(self.start, 36) < self.planned_end:
            raise fail(
                "too_long", "An agreement lasts at most three years; agree a review instead."
            )
        return self

    def terms_on(self, day: date) -> FeeTerms:
        """The fee terms in force on ``day``: the newest ones whose ``since`` is not after it
        (terms without ``since`` hold from the start)."""
        current = self.fee_terms
        for terms in reversed([*self.earlier_terms, self.fee_terms]):
            current = terms
            if (terms.since or self.start) <= day:
                break
        return current


class FirstMeeting(Model):
    """The first real meeting, agreed at the start meeting."""

    on: date
    at: LocalTime | None = None
    place: ShortText = ""
    plan: ShortText = ""


class Goal(Model):
    id: Id
    text: NonBlank
    set_on: date
    achieved_on: date | None = None
    dropped_on: date | None = None

    @property
    def open(self) -> bool:
        return self.achieved_on is None and self.dropped_on is None


class Phase(StrEnum):
    """Phases of a professional service."""

    START = "start"
    TRUST = "trust"
    FUTURE = "future"
    UNNECESSARY = "unnecessary"


PHASE_ORDER = (Phase.START, Phase.TRUST, Phase.FUTURE, Phase.UNNECESSARY)


class PhaseEntry(Model):
    phase: Phase
    since: date


class State(StrEnum):
    PROPOSED = "proposed"
    STARTING = "starting"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.PROPOSED: frozenset({State.STARTING, State.ENDED}),
    State.STARTING: frozenset({State.ACTIVE, State.PAUSED, State.ENDED}),
    State.ACTIVE: frozenset({State.PAUSED, State.ENDED}),
    State.PAUSED: frozenset({State.ACTIVE, State.ENDED}),
    State.ENDED: frozenset(),
}

OPEN_STATES = frozenset({State.PROPOSED, State.STARTING, State.ACTIVE, State.PAUSED})


class StateChange(Model):
    state: State
    on: date
    by: ShortText = ""
    note: LongText = ""


class EndReason(StrEnum):
    GOALS_MET = "goals_met"
    PLANNED_END = "planned_end"
    VOLUNTEER = "volunteer_reasons"
    FAMILY = "family_reasons"
    CHILD_WISH = "child_wish"
    SAFETY = "safety"
    OTHER = "other"


class Relationship(Record):
    """One volunteer (or, in peer support, a pair of peers) and one client, from the proposal to
    the end."""

    kind_name: ClassVar[str] = "relationship"

    client_id: Id
    volunteer_id: Id
    # the pair's second peer support person (seed 003); not stored when there is none
    second_volunteer_id: Id | None = Field(default=None, exclude_if=lambda v: v is None)
    service: VolunteerKind = VolunteerKind.VOLUNTEER
    state: State = State.PROPOSED
    history: list[StateChange] = Field(default_factory=list)
    agreement: Agreement | None = None
    goals: list[Goal] = Field(default_factory=list)
    phases: list[PhaseEntry] = Field(default_factory=list)
    our_thing: ShortText = ""  # the shared activity found in the start phase (meidän juttu)
    review_on: date | None = None  # an agreed review date; otherwise a year after the start
    first_meeting_on: date | None = None
    first_meeting: FirstMeeting | None = None  # its time, place and plan (``on`` as above)
    end_reason: EndReason | None = None
    end_note: LongText = ""
    ended_on: date | None = None
    peer_group: PeerGroup | None = unless_set(None)  # peer support: before/after the group

    @model_validator(mode="after")
    def _consistent(self) -> Relationship:
        second = self.second_volunteer_id
        if second is not None:
            if self.service is not VolunteerKind.PEER:
                raise fail("second_not_peer", "Only peer support has a second support person.")
            if second == self.volunteer_id:
                raise fail("second_same", "The second support person must be another person.")
        if self.state is State.ENDED:
            if self.end_reason is None or self.ended_on is None:
                raise fail(
                    "end_reason_missing", "An ended relationship needs its end date and reason."
                )
            if self.end_reason is EndReason.OTHER and not self.end_note.strip():
                raise fail("end_note_missing", "Say in a few words why it ended ('other').")
        elif self.end_reason is not None or self.ended_on is not None:
            raise fail("end_reason_open", "Only an ended relationship has an end reason.")
        if self.state in (State.STARTING, State.ACTIVE, State.PAUSED) and self.agreement is None:
            raise fail("agreement_missing", "A started relationship needs its agreement.")
        agreement = self.agreement
        if (
            agreement is not None
            and self.service is VolunteerKind.PROFESSIONAL
            and add_months(agreement.start, 6) > agreement.planned_end
        ):
            raise fail("professional_short", "A professional service lasts at least six months.")
        if self.phases and self.service is not VolunteerKind.PROFESSIONAL:
            raise fail("phases_not_professional", "Only a professional service has phases.")
        previous: PhaseEntry | None = None
        for entry in self.phases:
            if previous is not None:
                if entry.since < previous.since:
                    raise fail("phase_order", "Phases must be in date order.")
                if PHASE_ORDER.index(entry.phase) <= PHASE_ORDER.index(previous.phase):
                    raise fail("phase_back", "A phase cannot go back to an earlier one.")
            previous = entry
        days = [h.on for h in self.history]
        if days != sorted(days):
            raise fail("history_order", "The state changes must be in date order.")
        if self.history and self.history[-1].state is not self.state:
            raise fail("history_state", "The newest state change must be the current state.")
        if self.agreement is not None:
            start = self.agreement.start
            for day in (self.ended_on, self.first_meeting_on):
                if day is not None and day < start:
                    raise fail(
                        "before_agreement", "A date of the relationship is before its start."
                    )
        first = self.first_meeting
        if first is not None and first.on != self.first_meeting_on:
            raise fail("first_meeting_date", "The first meeting's details are of another day.")
        ids = [g.id for g in self.goals]
        if len(ids) != len(set(ids)):
            raise fail("goal_ids", "Two goals have the same number.")
        return self

    @property
    def volunteer_ids(self) -> tuple[int, ...]:
        """The support person, and the second one of a peer pair."""
        second = self.second_volunteer_id
        return (self.volunteer_id,) if second is None else (self.volunteer_id, second)

    @property
    def second_id(self) -> int | None:  # as the index's facts name it (``RelFacts``)
        return self.second_volunteer_id

    @property
    def phase(self) -> Phase | None:
        return self.phases[-1].phase if self.phases else None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def since(self) -> date | None:
        """When the relationship entered its current state."""
        for change in reversed(self.history):
            if change.state is self.state:
                return change.on
        return None

    def review_due(self) -> date | None:
        """The agreed review date, or a year after the start."""
        if self.review_on is not None:
            return self.review_on
        if self.agreement is not None:
            return add_months(self.agreement.start, 12)
        return None

    def next_goal_id(self) -> int:
        return max((g.id for g in self.goals), default=0) + 1
