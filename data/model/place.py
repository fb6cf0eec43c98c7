"""Where a meeting was held (issue 16, seed 000): meetings are outside the home by default,
and a meeting at the volunteer's home or with a car ride needs the guardian's consent in the
agreement, or a reason given when it is logged (``Meeting.consent_reason``).

The stored values are short: a national folder holds a million meetings. A meeting stored
before the kind was asked has none (``None``: not recorded)."""

from __future__ import annotations

from enum import StrEnum


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
