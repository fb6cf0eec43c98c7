"""Contacts with the child's network in a professional service (issue 16, seed 002): the
school, the guardians, the social worker, other professionals and the calls to the 24-hour
phone support, logged on the relationship apart from its meetings.

A contact is kept in its relationship's shard beside the meetings and palaverit (table
``contacts``, ``data/storage/layout.py``); ``id`` counts within the relationship, so a contact
is named ``12-3`` as a meeting is.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import AwareDatetime, Field, ValidationInfo, model_validator

from data.model.base import CLOCK_SKEW, Id, LongText, Record, ShortText, fail, is_stored, present


class ContactWith(StrEnum):
    """With whom the contact was."""

    SCHOOL = "school"
    GUARDIANS = "guardians"
    SOCIAL_WORKER = "social_worker"
    PROFESSIONAL = "professional"  # another professional (a therapist, a youth worker, ...)
    PHONE_SUPPORT = "phone_support"  # a call to (or from) the 24-hour phone support
    OTHER = "other"


class ContactHow(StrEnum):
    """How the contact was made."""

    MEETING = "meeting"
    PHONE = "phone"
    MESSAGE = "message"
    VIDEO = "video"
    EMAIL = "email"
    OTHER = "other"


#: the longest contact: a whole working day with the network (a minute at least)
MOST_MINUTES = 12 * 60


class Contact(Record):
    """One contact with the network, on one relationship."""

    kind_name: ClassVar[str] = "contact"

    relationship_id: Id
    at: AwareDatetime
    whom: ContactWith
    name: ShortText = ""  # whom: "class teacher Laine", "the mother"
    how: ContactHow = ContactHow.PHONE
    minutes: int | None = Field(default=None, ge=1, le=MOST_MINUTES)
    note: LongText = ""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Contact:
        if not is_stored(info) and self.at > present(info) + CLOCK_SKEW:
            raise fail("contact_in_future", "A contact cannot be logged ahead of its time.")
        if self.whom is ContactWith.OTHER and not self.name.strip():
            raise fail("contact_whom_missing", "Say with whom the contact was.")
        return self

    @property
    def ref(self) -> str:
        return f"{self.relationship_id}-{self.id}"

    @property
    def on(self) -> date:
        return self.at.date()
