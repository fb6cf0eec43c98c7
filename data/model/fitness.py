"""Volunteers kept fit and clients taken in (issue 14): a volunteer's work supervision and
training sessions, when the criminal-record extract is checked again, and the intake checklist
of a client (the eligibility criteria of a support person and of a support family, seed 001).

The extract's re-check is an ``ExtractShown`` step recorded again after approval (the law,
148/2014, allows only that it was shown, the date and who saw it); it does not change where the
volunteer is in the pipeline (``Volunteer.state`` skips it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from data.dates import add_months
from data.model.base import Model, ShortText, fail

#: the defaults of the settings (``Settings.extract_recheck_months`` and the others)
RECHECK_MONTHS = 36
RECHECK_WARN_DAYS = 60
SUPERVISION_MONTHS = 3
#: the least and the most hours one session may have
SESSION_MIN_HOURS = Decimal("0.25")
SESSION_MAX_HOURS = Decimal("24")


class SessionKind(StrEnum):
    SUPERVISION = "supervision"  # työnohjaus (group or one to one)
    TRAINING = "training"  # koulutus


class Session(Model):
    """One work supervision or training session a volunteer attended."""

    on: date
    hours: Decimal = Field(decimal_places=2)
    topic: ShortText = ""
    kind: SessionKind = SessionKind.SUPERVISION
    by: ShortText = ""  # who recorded it

    @model_validator(mode="after")
    def _hours(self) -> Session:
        if not SESSION_MIN_HOURS <= self.hours <= SESSION_MAX_HOURS:
            raise fail(
                "session_hours",
                "A session lasts from a quarter of an hour to 24 hours.",
            )
        return self


def recheck_due(shown_on: date | None, months: int) -> date | None:
    """The day the extract shown on ``shown_on`` is to be checked again (None: none shown)."""
    return None if shown_on is None else add_months(shown_on, months)


def recheck_overdue(shown_on: date | None, months: int, today: date) -> bool:
    """Whether the re-check of an extract shown on ``shown_on`` is past its day on ``today``."""
    due = recheck_due(shown_on, months)
    return due is not None and due < today


class Criterion(StrEnum):
    """The intake criteria of seed 001 (``PERSON``: a support person's, ``FAMILY``: a support
    family's). Being willing is kept apart (``Intake.willing``): it can be recorded as no."""

    SERVICES_CLIENT = "services_client"  # a client of family social work or child protection
    EVERYDAY_CHALLENGES = "everyday_challenges"  # loneliness, friends, nothing to do, homework
    RESOURCES_SHORT = "resources_short"  # the parents' resources are not enough
    NO_NETWORK = "no_network"  # no close network to lean on
    FAMILY_DIFFICULTIES = "family_difficulties"  # upbringing, relationships, health, other need
    CAN_BE_AWAY = "can_be_away"  # old enough to be away from the parents for a weekend


PERSON = (
    Criterion.SERVICES_CLIENT,
    Criterion.EVERYDAY_CHALLENGES,
    Criterion.RESOURCES_SHORT,
    Criterion.NO_NETWORK,
    Criterion.FAMILY_DIFFICULTIES,
)
FAMILY = (
    Criterion.SERVICES_CLIENT,
    Criterion.CAN_BE_AWAY,
    Criterion.NO_NETWORK,
    Criterion.RESOURCES_SHORT,
    Criterion.FAMILY_DIFFICULTIES,
)


class Intake(Model):
    """Which criteria the coordinator found met, and whether the client is willing to take
    part: ``None`` is not yet asked (an older record), which does not stop matching; only a
    recorded ``False`` does."""

    met: list[Criterion] = Field(default_factory=list)
    willing: bool | None = None

    @model_validator(mode="after")
    def _once(self) -> Intake:
        self.met = [c for c in Criterion if c in self.met]  # each once, in the list's order
        return self

    @property
    def unwilling(self) -> bool:
        return self.willing is False

    def missing(self, criteria: tuple[Criterion, ...]) -> list[Criterion]:
        return [c for c in criteria if c not in self.met]
