"""The people: clients (a child or a parent), guardians, social workers, volunteers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from data.dates import add_months
from data.model.base import (
    Availability,
    Email,
    Gender,
    Id,
    LongText,
    Model,
    NonBlank,
    Person,
    Phone,
    ShortText,
    age_on,
    fail,
)
from data.model.fitness import Intake, Session, SessionKind, recheck_due
from data.model.retention import RetentionClass


class ClientKind(StrEnum):
    CHILD = "child"
    PARENT = "parent"


class Travel(StrEnum):
    """How the child gets to a meeting."""

    ALONE_BY_BUS = "alone_by_bus"  # moves alone, buses included
    ALONE_NEARBY = "alone_nearby"  # alone on foot or by bike, not by bus
    ESCORTED = "escorted"  # must be brought and fetched


class Reference(Model):
    """A decision or client plan: only its date and reference number, never its contents."""

    on: date
    reference: ShortText = ""


class Preferences(Model):
    """What the family wishes of the volunteer; ``firm`` ones are requirements."""

    gender: Gender | None = None
    language: ShortText = ""
    age_min: int | None = Field(default=None, ge=18, le=100)
    age_max: int | None = Field(default=None, ge=18, le=100)
    firm: list[Literal["gender", "language", "age"]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ages(self) -> Preferences:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise fail("age_range", "The youngest age must not be above the oldest.")
        for item in self.firm:
            value = {
                "gender": self.gender,
                "language": self.language,
                "age": self.age_min or self.age_max,
            }[item]
            if not value:
                raise fail("firm_empty", "A firm requirement on {item} needs a value.", item=item)
        return self


class Client(Person):
    """A child or young person (or, in peer support, a parent) who gets a support person."""

    kind_name: ClassVar[str] = "client"

    kind: ClientKind = ClientKind.CHILD
    birth_date: date
    municipality: NonBlank
    area: ShortText = ""
    school: ShortText = ""
    school_class: ShortText = ""
    languages: list[ShortText] = Field(default_factory=lambda: ["fi"])
    interests: list[ShortText] = Field(default_factory=list)
    needs: list[ShortText] = Field(default_factory=list)  # e.g. homework, friends, outdoors
    friends: LongText = ""
    travel: Travel = Travel.ESCORTED
    health_notes: LongText = ""
    wishes: LongText = ""  # what the child would like to do
    availability: Availability = Field(default_factory=Availability)
    preferences: Preferences = Field(default_factory=Preferences)
    registered_on: date  # the need was registered; waiting time counts from here
    decision: Reference | None = None
    client_plan: Reference | None = None
    guardian_ids: list[Id] = Field(default_factory=list)
    social_worker_id: Id | None = None
    known_volunteer_ids: list[Id] = Field(default_factory=list)  # people the family already knows
    closed_on: date | None = None  # no longer needs support, or moved away
    phone: Phone = ""
    intake: Intake = Field(default_factory=Intake)  # the eligibility checklist (seed 001)
    # the case's retention class, chosen when it is opened; None: the programme's default
    # (data/rules/retention.py)
    retention: RetentionClass | None = None

    @model_validator(mode="after")
    def _dates(self) -> Client:
        if self.birth_date > self.registered_on:
            raise fail(
                "born_after_registered", "The birth date must be before the registration date."
            )
        young = self.kind is ClientKind.CHILD and self.anonymised_on is None  # (a year alone)
        if young and age_on(self.birth_date, self.registered_on) >= 25:
            raise fail(
                "child_too_old",
                "A child client is under 25 when registered; choose 'parent' for an adult.",
            )
        if self.closed_on is not None and self.closed_on < self.registered_on:
            raise fail(
                "closed_before_registered",
                "The closing date cannot be before the registration date.",
            )
        return self

    def age(self, today: date) -> int:
        return age_on(self.birth_date, today)

    def waiting_days(self, today: date) -> int:
        return (today - self.registered_on).days


class GuardianRelation(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    GUARDIAN = "guardian"
    FOSTER_PARENT = "foster_parent"
    OTHER = "other"


class Channel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    WHATSAPP = "whatsapp"
    OTHER = "other"


class Guardian(Person):
    kind_name: ClassVar[str] = "guardian"

    relation: GuardianRelation = GuardianRelation.GUARDIAN
    phone: Phone = ""
    email: Email = ""
    preferred_channel: Channel = Channel.PHONE
    language: ShortText = "fi"

    @model_validator(mode="after")
    def _reachable(self) -> Guardian:
        if not self.phone and not self.email and self.anonymised_on is None:
            raise fail("unreachable", "Give a phone number or an e-mail address.")
        return self


class SocialWorker(Person):
    """The child's own social worker, or the programme's own social worker."""

    kind_name: ClassVar[str] = "social_worker"

    unit: ShortText = ""
    phone: Phone = ""
    email: Email = ""
    programme: bool = False  # True: the programme's social worker, not a child's own


class VolunteerKind(StrEnum):
    VOLUNTEER = "volunteer"
    PROFESSIONAL = "professional"
    PEER = "peer"  # own lived experience of a child's placement; supports parents
    SUPPORT_FAMILY = "support_family"


class Step(StrEnum):
    APPLIED = "applied"
    SUITABILITY = "suitability_assessed"
    ORIENTED = "oriented"
    EXTRACT_SHOWN = "extract_shown"
    APPROVED = "approved"
    PAUSED = "paused"
    RESUMED = "resumed"
    LEFT = "left"


class _StepBase(Model):
    on: date
    by: ShortText = ""  # who recorded or did it
    note: LongText = ""


class Applied(_StepBase):
    step: Literal[Step.APPLIED] = Step.APPLIED


class SuitabilityAssessed(_StepBase):
    step: Literal[Step.SUITABILITY] = Step.SUITABILITY
    suitable: bool = True


class Oriented(_StepBase):
    step: Literal[Step.ORIENTED] = Step.ORIENTED
    hours: Decimal = Field(gt=0, le=200, decimal_places=1)


EXTRACT_MAX_AGE_MONTHS = 6


class ExtractShown(Model):
    """That the criminal-record extract (act 148/2014) was shown, when, and who saw it. No more."""

    step: Literal[Step.EXTRACT_SHOWN] = Step.EXTRACT_SHOWN
    extract_date: date  # the date printed on the extract
    on: date  # the date it was shown
    by: NonBlank  # who saw it
    # the details removed after the volunteer left (retention): ``extract_date`` then is the
    # day shown and ``by`` a dash; the step stays, as the pipeline needs it
    removed_on: date | None = None

    @model_validator(mode="after")
    def _fresh(self) -> ExtractShown:
        if self.extract_date > self.on:
            raise fail(
                "extract_after_seen", "The extract cannot be dated after the day it was shown."
            )
        if add_months(self.extract_date, EXTRACT_MAX_AGE_MONTHS) < self.on:
            raise fail(
                "extract_too_old",
                "The extract was over six months old when shown; ask for a new one.",
            )
        return self


class Approved(_StepBase):
    step: Literal[Step.APPROVED] = Step.APPROVED


class Paused(_StepBase):
    step: Literal[Step.PAUSED] = Step.PAUSED


class Resumed(_StepBase):
    step: Literal[Step.RESUMED] = Step.RESUMED


class Left(_StepBase):
    step: Literal[Step.LEFT] = Step.LEFT


VettingStep = Annotated[
    Applied | SuitabilityAssessed | Oriented | ExtractShown | Approved | Paused | Resumed | Left,
    Field(discriminator="step"),
]

PIPELINE = (Step.APPLIED, Step.SUITABILITY, Step.ORIENTED, Step.EXTRACT_SHOWN, Step.APPROVED)


class Volunteer(Person):
    """A vetted adult (or a support family) who meets a client regularly."""

    kind_name: ClassVar[str] = "volunteer"

    kind: VolunteerKind = VolunteerKind.VOLUNTEER
    birth_year: int = Field(ge=1920, le=2010)
    gender: Gender | None = None
    family: ShortText = ""
    work: ShortText = ""
    municipality: NonBlank
    area: ShortText = ""
    reachable_areas: list[ShortText] = Field(default_factory=list)
    interests: list[ShortText] = Field(default_factory=list)
    offers: list[ShortText] = Field(default_factory=list)  # homework, sports, outdoors, arts, …
    languages: list[ShortText] = Field(default_factory=lambda: ["fi"])
    availability: Availability = Field(default_factory=Availability)
    has_car: bool = False
    home_visits_ok: bool = False
    capacity: int = Field(default=1, ge=1, le=10)
    child_age_min: int | None = Field(default=None, ge=0, le=99)
    child_age_max: int | None = Field(default=None, ge=0, le=99)
    phone: Phone = ""
    email: Email = ""
    vetting: list[VettingStep] = Field(default_factory=list)
    sessions: list[Session] = Field(default_factory=list)  # work supervision, training

    @model_validator(mode="after")
    def _pipeline(self) -> Volunteer:
        low, high = self.child_age_min, self.child_age_max
        if low is not None and high is not None and low > high:
            raise fail("age_range", "The youngest age must not be above the oldest.")
        seen: set[Step] = set()
        last: date | None = None
        for step in self.vetting:
            if last is not None and step.on < last:
                raise fail("steps_order", "Vetting steps must be in date order.")
            last = step.on
            if step.step in PIPELINE:
                position = PIPELINE.index(step.step)
                missing = [s for s in PIPELINE[:position] if s not in seen]
                if missing and step.step is not Step.APPLIED:
                    raise fail(
                        "step_missing",
                        "'{step}' needs '{missing}' recorded first.",
                        step=step.step.value,
                        missing=missing[0].value,
                    )
                if step.step is Step.APPROVED:
                    assessed = [s for s in self.vetting if isinstance(s, SuitabilityAssessed)]
                    if assessed and not assessed[-1].suitable:
                        raise fail(
                            "not_suitable", "The assessment found the volunteer not suitable."
                        )
            seen.add(step.step)
        return self

    @property
    def state(self) -> Step | None:
        """The newest step: where the volunteer is now (an extract's re-check after the
        approval does not move them: ``current_step``)."""
        current = current_step(self.vetting)
        return current.step if current is not None else None

    @property
    def approved(self) -> bool:
        """Vetted, approved and neither paused nor gone."""
        return self.state in (Step.APPROVED, Step.RESUMED)

    @property
    def in_vetting(self) -> bool:
        return self.state in (Step.APPLIED, Step.SUITABILITY, Step.ORIENTED, Step.EXTRACT_SHOWN)

    def next_step(self) -> Step | None:
        """The next pipeline step to record, or None when the pipeline is complete."""
        if self.state in (Step.LEFT, Step.PAUSED):
            return None
        for step in PIPELINE:
            if not any(s.step is step for s in self.vetting):
                return step
        return None

    def since(self) -> date | None:
        current = current_step(self.vetting)
        return current.on if current is not None else None

    def extract(self) -> ExtractShown | None:
        shown = [s for s in self.vetting if isinstance(s, ExtractShown)]
        return shown[-1] if shown else None

    @property
    def was_approved(self) -> bool:
        """Approved once: the extract is re-checked from then on (unless they left)."""
        return any(s.step is Step.APPROVED for s in self.vetting)

    def recheck_due(self, months: int) -> date | None:
        """When the extract is to be checked again: ``months`` after it was last shown."""
        extract = self.extract()
        return recheck_due(extract.on if extract else None, months)

    def newest_extract_on(self) -> date | None:
        """The newest day an extract was shown (its re-check is counted from it)."""
        return max((s.on for s in self.vetting if s.step is Step.EXTRACT_SHOWN), default=None)

    def last_supervision(self) -> date | None:
        """The newest work supervision session attended (training does not count)."""
        days = [s.on for s in self.sessions if s.kind is SessionKind.SUPERVISION]
        return max(days, default=None)


def current_step(steps: list[VettingStep]) -> VettingStep | None:
    """The step that tells where a volunteer is: the newest one, but an extract shown again
    after the approval (its re-check) is not a step of the pipeline any more."""
    current: VettingStep | None = None
    approved = False
    for step in steps:
        if step.step is Step.APPROVED:
            approved = True
        elif approved and step.step is Step.EXTRACT_SHOWN:
            continue
        current = step
    return current
