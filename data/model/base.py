"""What every stored record shares: its id, version and who made and changed it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from data.dates import now_helsinki
from data.errors import Refused, describe
from data.model.plain import MAX_ID as MAX_ID


def fail(code: str, message: str, **ctx: Any) -> PydanticCustomError:
    """A validation error with a stable code (for translation) and a plain message."""
    return PydanticCustomError(code, message, ctx)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise fail("blank", "Fill this in; it cannot be empty.")
    return value


NonBlank = Annotated[str, Field(max_length=200), AfterValidator(_not_blank)]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=5000)]
Login = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""The id of a record, or a reference to one (``client_id``), or a goal's number."""

Count = Annotated[int, Field(ge=0, le=MAX_ID)]
"""A count that only grows (a record's version)."""

_ID_TEXT = re.compile(r"[0-9]{1,16}")


def parse_id(text: str) -> int | None:
    """An id typed by a person ('12'), or None: ASCII digits only (``str.isdigit`` also takes
    '²', which ``int`` refuses) and 1..MAX_ID (orjson cannot write an int past 64 bits)."""
    cleaned = text.strip()
    if not _ID_TEXT.fullmatch(cleaned) or not 1 <= int(cleaned) <= MAX_ID:
        return None
    return int(cleaned)


def _unset(value: object) -> bool:
    return value is None or value is False or value == ""


def unless_set(default: Any) -> Any:
    """A field stored only when set (None, False or ""): a row without it reads as
    ``default``, so a field added to the million meetings (or to relationships, agreements,
    palaverit) costs their stored form nothing, and records stored before it keep their bytes."""
    return Field(default=default, exclude_if=_unset)


def parse_pair(text: str) -> tuple[int, int] | None:
    """A relationship's record named by a person ('12-3': the relationship's id, then the
    record's, each as ``parse_id`` takes it), or None."""
    first, _, second = text.strip().partition("-")
    rid, number = parse_id(first), parse_id(second)
    return None if rid is None or number is None else (rid, number)


def _phone(value: str) -> str:
    cleaned = value.replace(" ", "").replace("-", "")
    if cleaned and not (re.fullmatch(r"[0-9]+", cleaned.lstrip("+")) and 5 <= len(cleaned) <= 16):
        raise fail(
            "phone", "A phone number has 5–15 digits, e.g. 040 123 4567 or +358 40 123 4567."
        )
    return value.strip()


def _email(value: str) -> str:
    value = value.strip()
    if value and ("@" not in value or "." not in value.split("@")[-1] or " " in value):
        raise fail("email", "An e-mail address looks like name@example.fi.")
    return value


Phone = Annotated[str, Field(max_length=30), AfterValidator(_phone)]
Email = Annotated[str, Field(max_length=120), AfterValidator(_email)]


class Model(BaseModel):
    """A value inside a record: strict about unknown fields, trims text."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_enum_values=False, defer_build=True
    )


class Record(Model):
    """A stored record. ``id`` is None until the store saves it; ``version`` counts saves."""

    id: Id | None = None
    version: Count = 0
    created_by: str = ""
    created_at: datetime | None = None
    changed_by: str = ""
    changed_at: datetime | None = None

    AUDIT_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"id", "version", "created_by", "created_at", "changed_by", "changed_at"}
    )

    def content(self) -> dict[str, Any]:
        """The record as JSON-ready data without the bookkeeping fields."""
        return self.model_dump(mode="json", exclude=set(self.AUDIT_FIELDS))


class Person(Record):
    first_name: NonBlank
    last_name: NonBlank
    anonymised_on: date | None = None  # names, contacts and free texts removed (retention)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class DayPart(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Availability(Model):
    """When someone is free: a set of weekdays and parts of the day."""

    days: list[Weekday] = Field(default_factory=list)
    parts: list[DayPart] = Field(default_factory=list)

    def slots(self) -> set[tuple[Weekday, DayPart]]:
        return {(d, p) for d in self.days for p in self.parts}


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


STORED: dict[str, Any] = {"stored": True}
"""Validation context of a record read back from a data file (``load``).

Rules about the present moment (a held meeting is not in the future, a concern is not
noticed in the future) apply when a record is made or saved, never when it is read: a clock
that is a little behind, or another coordinator's clock a little ahead, must not make stored
data unreadable.
"""

CLOCK_SKEW = timedelta(minutes=5)  # how far ahead a moment may be, for another machine's clock


def present(info: ValidationInfo) -> datetime:
    """The moment the rules about the present judge by: the clock of the Store that saves the
    record (``validate(..., now=)``), else the real time in Helsinki (a record made in a face)."""
    now = info.context.get("now") if info.context else None
    return now if isinstance(now, datetime) else now_helsinki()


def is_stored(info: ValidationInfo) -> bool:
    """True while validating a record read from a file (see ``STORED``)."""
    return bool(info.context and info.context.get("stored"))


def _local_time(value: time, info: ValidationInfo) -> time:
    """A wall-clock time of day (16:30) never carries a time zone: refused when given, and
    dropped when a stored record has one (an aware and a naive time cannot be compared)."""
    if value.tzinfo is None:
        return value
    if is_stored(info):
        return value.replace(tzinfo=None)
    raise fail("time_with_zone", "Give the time of day without a time zone, like 16:30.")


LocalTime = Annotated[time, AfterValidator(_local_time)]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


R = TypeVar("R", bound=Record)

_LOGIN_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def check_user(user: str) -> str:
    """The acting user's login name, or a refusal when it is not one."""
    if not _LOGIN_RE.match(user or ""):
        raise Refused(
            "bad_user", "The acting user must be a login name (letters, digits, . _ @ -)."
        )
    return user


def validate(model: type[R], data: dict[str, Any], *, now: datetime | None = None) -> R:
    """Build a model from data, turning pydantic's error into a plain refusal. ``now``: the
    moment the rules about the present judge by (the saving Store's clock; see ``present``)."""
    try:
        return model.model_validate(data, context=None if now is None else {"now": now})
    except ValidationError as exc:
        refusal = Refused("invalid", "{problems}", problems=describe(exc))
        refusal.details = exc.errors(include_url=False)
        raise refusal from None


def load(model: type[R], data: dict[str, Any]) -> R:
    """A record as read from a data file: validated, but not judged against today's clock."""
    return model.model_validate(data, context=STORED)
