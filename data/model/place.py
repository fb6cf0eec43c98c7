"""Where a meeting was held (issue 16, seed 000): meetings are outside the home by default,
and a meeting at the volunteer's home or with a car ride needs the guardian's consent in the
agreement, or a reason given when it is logged (``Meeting.consent_reason``).

The stored values are short: a national folder holds a million meetings. A meeting stored
before the kind was asked has none (``None``: not recorded)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field


class PlaceKind(StrEnum):
    OUTDOORS = "out"
    CAFE = "cafe"
    LIBRARY = "lib"  # a library or a museum
    SPORTS = "sport"
    CHILD_HOME = "chome"  # the child's (the family's) home
    VOLUNTEER_HOME = "vhome"
    OTHER = "other"


#: the kind the meeting log offers first: outside the home
DEFAULT_PLACE = PlaceKind.OUTDOORS


def _unset(value: object) -> bool:
    return value is None or value is False or value == ""


def unless_set(default: Any) -> Any:
    """A meeting's field that is stored only when set: a million meetings stay as small as
    before (a row without it reads as ``default``)."""
    return Field(default=default, exclude_if=_unset)
