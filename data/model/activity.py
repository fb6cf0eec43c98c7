"""What happens in a relationship: meetings, concerns, monthly reports and palaverit."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import AwareDatetime, ConfigDict, Field, ValidationInfo, model_validator

from data.dates import month_start
from data.model.attendee import Attendee, Role
from data.model.base import (
    CLOCK_SKEW,
    Id,
    LocalTime,
    Login,
    LongText,
    Model,
    NonBlank,
    Record,
    ShortText,
    fail,
    is_stored,
    present,
    unless_set,
)
from data.model.fitness import RECHECK_MONTHS, RECHECK_WARN_DAYS, SUPERVISION_MONTHS
from data.model.measures import GoalRating, RatingScale
from data.model.money import Rate, migrate_fee_rates
from data.model.peer import PeerTerms
from data.model.people import VolunteerKind
from data.model.place import PlaceKind
from data.model.plain import PalaveriKind as PalaveriKind
from data.model.plain import Urgency as Urgency
from data.model.register import UserRole
from data.model.relationship import Arranging, EndReason, FirstMeeting, Phase
from data.model.retention import (
    DEFAULT_VETTING_YEARS,
    DEFAULT_YEARS,
    MOST_YEARS,
    RetentionClass,
    RetentionYears,
)
from data.model.weekend import check_until


class MeetingStatus(StrEnum):
    HELD = "held"
    CANCELLED = "cancelled"


class CancelReason(StrEnum):
    VOLUNTEER_ILL = "volunteer_ill"
    CHILD_ILL = "child_ill"
    OTHER = "other"


class GoalProgress(Model):
    goal_id: Id
    note: LongText


class Report(Model):
    """The volunteer's report of a held meeting, for the child's own social worker."""

    how_it_went: LongText = ""
    wellbeing: LongText = ""  # what was noticed about the child's wellbeing
    progress: list[GoalProgress] = Field(default_factory=lambda: [])  # list's signature: 3 ms
    progress_note: LongText = ""  # progress in general, when not per goal


class Meeting(Record):
    """One support meeting, held or cancelled. ``id`` counts within its relationship."""

    kind_name: ClassVar[str] = "meeting"

    relationship_id: Id
    status: MeetingStatus = MeetingStatus.HELD
    cancel_reason: CancelReason | None = None
    cancel_note: LongText = ""
    on: date
    until: date | None = unless_set(None)  # a support weekend's last day (data/model/weekend.py)
    start: LocalTime | None = None
    duration_min: int | None = Field(default=None, ge=5, le=60 * 72)  # a support weekend fits
    place: ShortText = ""
    activity: ShortText = ""
    report: Report = Field(default_factory=Report)
    costs: Decimal | None = Field(default=None, ge=0, le=10000, decimal_places=2)
    km: Decimal | None = Field(default=None, ge=0, le=5000, decimal_places=1)
    over_max_reason: LongText = ""  # why a meeting past the agreement's maximum was allowed
    place_kind: PlaceKind | None = unless_set(None)  # data/model/place.py; None: not recorded
    by_car: bool = unless_set(False)  # the child rode in the volunteer's car
    consent_reason: LongText = unless_set("")  # why, without the guardian's consent to either
    met_by: Id | None = unless_set(None)  # who of a peer pair was there alone (None: both)
    claimed_by: Id | None = unless_set(None)  # who of a pair, both there, claims km and costs

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Meeting:
        if self.until is not None:
            check_until(self.on, self.until, info if self.status is MeetingStatus.HELD else None)
        if self.status is MeetingStatus.HELD:
            if not is_stored(info) and self._after(present(info)):
                raise fail("held_in_future", "A held meeting cannot be dated in the future.")
            if self.cancel_reason is not None:
                raise fail("held_with_reason", "A held meeting has no cancellation reason.")
        else:
            if self.cancel_reason is None:
                raise fail("cancel_reason_missing", "Say why the meeting was cancelled.")
            if self.cancel_reason is CancelReason.OTHER and not self.cancel_note.strip():
                raise fail(
                    "cancel_note_missing", "Add a short note on why it was cancelled ('other')."
                )
        return self

    def _after(self, now: datetime) -> bool:
        """Whether the meeting starts after ``now``: its day, and on that day its time."""
        if self.on != now.date() or self.start is None:
            return self.on > now.date()
        return self.start.replace(second=0, microsecond=0) > now.time().replace(
            second=0, microsecond=0
        )

    @property
    def ref(self) -> str:
        return f"{self.relationship_id}-{self.id}"

    @property
    def held(self) -> bool:
        return self.status is MeetingStatus.HELD


class ConcernAbout(StrEnum):
    CHILD = "child"
    GUARDIAN = "guardian"


class NotifyTarget(StrEnum):
    OWN_SOCIAL_WORKER = "own_social_worker"
    PROGRAMME_SOCIAL_WORKER = "programme_social_worker"
    SOCIAL_EMERGENCY = "social_emergency"
    POLICE = "police"


class NotifyHow(StrEnum):
    PHONE = "phone"
    IN_PERSON = "in_person"
    SECURE_EMAIL = "secure_email"
    MESSAGE = "message"
    OTHER = "other"


class Notification(Model):
    to: NotifyTarget
    whom: ShortText = ""  # the name of the person told (the role alone names nobody)
    at: AwareDatetime
    how: NotifyHow = NotifyHow.PHONE
    by: ShortText = ""
    note: LongText = ""


class FollowUp(Model):
    at: AwareDatetime
    by: ShortText = ""
    note: NonBlank


class Concern(Record):
    """A worry about a child or a guardian. Never deleted; closed when followed up."""

    kind_name: ClassVar[str] = "concern"

    client_id: Id
    relationship_id: Id | None = None
    noticed_at: AwareDatetime
    noticed_by: ShortText = ""  # e.g. the volunteer's name, or "coordinator"
    about: ConcernAbout = ConcernAbout.CHILD
    guardian_id: Id | None = None
    what: LongText
    urgency: Urgency = Urgency.URGENT
    notifications: list[Notification] = Field(default_factory=list)
    welfare_notification: bool = False  # a lastensuojeluilmoitus was made
    welfare_notification_at: AwareDatetime | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list)
    closed_at: AwareDatetime | None = None
    closed_by: ShortText = ""
    closing_note: LongText = ""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Concern:
        if not self.what.strip():
            raise fail("blank", "Describe what was seen or heard.")
        if not is_stored(info) and self.noticed_at > present(info) + CLOCK_SKEW:
            raise fail("noticed_in_future", "A concern cannot be noticed in the future.")
        for note in self.notifications:
            if note.at < self.noticed_at:
                raise fail(
                    "notified_before_noticed",
                    "The notification cannot be before the concern was noticed.",
                )
        if self.welfare_notification != (self.welfare_notification_at is not None):
            raise fail("welfare_time", "Give the time of the child welfare notification.")
        welfare_at = self.welfare_notification_at
        if welfare_at is not None and welfare_at < self.noticed_at:
            raise fail(
                "welfare_before_noticed",
                "The child welfare notification cannot be before the concern was noticed.",
            )
        if any(f.at < self.noticed_at for f in self.follow_ups):
            raise fail(
                "follow_up_before_noticed", "A follow-up cannot be before the concern was noticed."
            )
        if self.closed_at is not None:
            if not self.notifications:
                raise fail("closed_unnotified", "Record who was told before closing the concern.")
            if self.closed_at < self.noticed_at:
                raise fail("closed_before_noticed", "A concern cannot close before it was noticed.")
        return self

    @property
    def notified(self) -> bool:
        return bool(self.notifications)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def age_hours(self, now: datetime) -> float:
        return (now - self.noticed_at).total_seconds() / 3600


class ReportHow(StrEnum):
    """How a monthly report arrived."""

    PAPER = "paper"
    EMAIL = "email"
    PHONE = "phone"
    APP = "app"  # in a messaging app or a web form
    OTHER = "other"


class MonthlyReport(Record):
    """The volunteer's monthly report: the days they met, or an explicit "no meetings this
    month"; the fee is paid only after it. Who recorded it: ``created_by`` / ``changed_by``."""

    kind_name: ClassVar[str] = "monthly_report"

    relationship_id: Id
    month: date  # the first day of the month
    days_met: list[date] = Field(default_factory=list)
    no_meetings: bool = False  # said so explicitly: not just no days given
    received_on: date
    how: ReportHow | None = None  # None: not recorded (reports stored before it was asked)

    @model_validator(mode="after")
    def _in_month(self, info: ValidationInfo) -> MonthlyReport:
        month = month_start(self.month)
        if month != self.month:  # (an assignment goes through pydantic: 289,272 reports checked)
            self.month = month
        year, number = month.year, month.month  # (1.2 million days met checked at national scale)
        for day in self.days_met:
            if day.month != number or day.year != year:
                raise fail("day_outside_month", "Every day met must be in the report's month.")
        if not is_stored(info) and self.month > month_start(present(info).date()):
            raise fail(
                "report_future_month",
                "{month} has not begun yet; a report can be recorded for this month or earlier.",
                month=f"{self.month.month}/{self.month.year}",
            )
        if self.received_on < self.month:
            raise fail("received_before_month", "A report cannot arrive before its month begins.")
        days = sorted(set(self.days_met))
        if days != self.days_met:
            self.days_met = days
        if self.no_meetings and self.days_met:
            raise fail(
                "no_meetings_with_days",
                "Either give the days met or mark that there were no meetings, not both.",
            )
        if not is_stored(info):
            today = present(info).date()
            if not self.days_met and not self.no_meetings:
                raise fail("no_days_met", "Give the days met, or mark that there were no meetings.")
            if self.received_on > today:
                raise fail("received_in_future", "A report cannot arrive in the future.")
            if any(day > today for day in self.days_met):
                raise fail("day_met_in_future", "A day met cannot be in the future.")
        return self


class Decisions(Model):
    """What a palaveri decides; applied to the relationship when it is finished.

    Which fields a kind of palaveri decides is named by its agenda (``data.agendas``); the
    others are ignored when it is finished. ``start_on``, ``planned_end``, ``max_meetings``,
    ``meetings_per_month`` and ``arranged_via`` are the agreement's terms: a start meeting of a
    relationship without an agreement must give the first three; a review may extend the
    planned end and the maximum of meetings.
    """

    start_on: date | None = None
    planned_end: date | None = None
    max_meetings: int | None = Field(default=None, ge=1, le=500)
    meetings_per_month: int | None = Field(default=None, ge=1, le=12)
    arranged_via: Arranging | None = None
    first_meeting: FirstMeeting | None = None
    car_consent: bool | None = None
    home_visit_consent: bool | None = None
    contact: ShortText | None = None
    travels_alone: bool | None = None
    new_goals: list[NonBlank] = Field(default_factory=list)
    achieved_goal_ids: list[Id] = Field(default_factory=list)
    dropped_goal_ids: list[Id] = Field(default_factory=list)  # goals let go of, not achieved
    continue_: bool | None = Field(default=None, alias="continue")
    next_review_on: date | None = None
    end_reason: EndReason | None = None
    end_note: LongText = ""
    gave: dict[str, LongText] = Field(default_factory=dict)  # what it gave each party
    phase: Phase | None = None
    ratings: list[GoalRating] = Field(default_factory=list)  # each goal's, at a client plan
    peer: PeerTerms | None = unless_set(None)  # a peer agreement's parties (issue 16)
    concern_id: Id | None = None  # the concern a crisis meeting raised (data/rules/crisis.py)
    our_thing: ShortText | None = None  # the shared activity found in the start phase

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, populate_by_name=True, serialize_by_alias=True
    )


class Palaveri(Record):
    """A start, review, ending or client-plan meeting of the relationship."""

    kind_name: ClassVar[str] = "palaveri"

    relationship_id: Id
    kind: PalaveriKind
    on: date
    attendees: list[Attendee] = Field(default_factory=list)
    notes: dict[str, LongText] = Field(default_factory=dict)  # per agenda item key
    done: list[str] = Field(default_factory=list)  # agenda items marked done
    decisions: Decisions = Field(default_factory=Decisions)
    finished: bool = False

    @model_validator(mode="after")
    def _attendees(self) -> Palaveri:
        roles = {a.role for a in self.attendees}
        if self.kind is PalaveriKind.ENDING and Role.PROGRAMME_SOCIAL_WORKER in roles:
            raise fail(
                "programme_worker_ending",
                "The programme's social worker does not attend the ending meeting.",
            )
        return self

    @property
    def ref(self) -> str:
        return f"{self.relationship_id}-{self.id}"


class Thresholds(Model):
    no_meeting_days: int = Field(default=30, ge=1, le=365)
    meetings_left_warn: int = Field(default=2, ge=0, le=50)
    review_warn_days: int = Field(default=30, ge=0, le=365)
    planned_end_warn_days: int = Field(default=30, ge=0, le=365)
    report_grace_days: int = Field(default=10, ge=0, le=60)
    report_lookback_months: int = Field(default=3, ge=1, le=24)
    vetting_stuck_days: int = Field(default=60, ge=1, le=365)
    waiting_days: int = Field(default=60, ge=1, le=730)
    concern_warn_hours: int = Field(default=0, ge=0, le=72)
    concern_follow_up_days: int = Field(default=7, ge=1, le=90)  # a reported concern's check
    run_approval_days: int = Field(default=10, ge=0, le=60)  # a month's payments unapproved


class Settings(Record):
    """The programme's settings: its name and organiser, the alert thresholds and the rates
    (``data.model.money``), each row from the day it takes effect."""

    kind_name: ClassVar[str] = "settings"

    programme_name: ShortText = "Tukihenkilötoiminta"
    organiser: ShortText = ""
    language: ShortText = "fi"
    thresholds: Thresholds = Field(default_factory=Thresholds)
    rates: list[Rate] = Field(default_factory=list)
    shortlist_size: int = Field(default=3, ge=1, le=20)
    matching_weights: dict[str, float] = Field(default_factory=dict)
    # the logins allowed to use the folder and the role of each (data/store/users.py); empty
    # until the first login claims the folder as its admin
    users: dict[Login, UserRole] = Field(default_factory=dict)
    # volunteers kept fit (issue 14, data/model/fitness.py): the criminal-record extract is
    # checked again this many months after it was last shown, an alert this many days before;
    # an approved volunteer without work supervision for this many months is an alert
    extract_recheck_months: int = Field(default=RECHECK_MONTHS, ge=6, le=120)
    extract_recheck_warn_days: int = Field(default=RECHECK_WARN_DAYS, ge=0, le=365)
    supervision_months: int = Field(default=SUPERVISION_MONTHS, ge=1, le=24)
    # retention (issue 14, data/rules/retention.py): the class a new case gets, the years after
    # closing of each class, and the years after a volunteer left before the vetting details go
    retention_default: RetentionClass = RetentionClass.FAMILY_SERVICES
    retention_years: RetentionYears = Field(default_factory=lambda: dict(DEFAULT_YEARS))
    vetting_keep_years: int = Field(default=DEFAULT_VETTING_YEARS, ge=0, le=MOST_YEARS)
    rating_scale: RatingScale = Field(default_factory=RatingScale)  # goals' ratings (issue 16)
    support_family_min_age: int = Field(default=3, ge=0, le=17)  # away for a weekend (issue 16)

    @model_validator(mode="before")
    @classmethod
    def _old_shape(cls, data: Any) -> Any:
        """Settings stored before the rates were per kind of service (``fee_rates``)."""
        if isinstance(data, dict) and "fee_rates" in data:
            data = dict(data)
            old = data.pop("fee_rates")
            if "rates" not in data and isinstance(old, list):
                data["rates"] = migrate_fee_rates(old)
        return data

    @model_validator(mode="after")
    def _rates(self) -> Settings:
        keys = [(r.service, r.effective_from) for r in self.rates]
        if len(keys) != len(set(keys)):
            raise fail(
                "rate_twice", "A kind of service has two rates taking effect on the same day."
            )
        order = list(VolunteerKind)
        self.rates = sorted(self.rates, key=lambda r: (r.effective_from, order.index(r.service)))
        return self

    def rate_on(self, day: date, service: VolunteerKind) -> Rate | None:
        """The row in force for ``service`` on ``day`` (the newest that took effect by then)."""
        current: Rate | None = None
        for rate in self.rates:
            if rate.service is service and rate.effective_from <= day:
                current = rate
        return current


def dump(record: Model) -> dict[str, Any]:
    return record.model_dump(mode="json", by_alias=True)
