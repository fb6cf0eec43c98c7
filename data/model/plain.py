"""What of the models needs no pydantic: the id bound and the enums that the command line's
light paths (``tuki alerts`` showing its kept answer) word. ``data.models`` exports them too."""

from __future__ import annotations

from enum import StrEnum

MAX_ID = 2**53
"""The largest id: exact as a JSON number in any reader, far below the 64 bits orjson writes."""


class Urgency(StrEnum):
    ACUTE = "acute"  # danger now: call the emergency service or police
    URGENT = "urgent"  # today
    NORMAL = "normal"  # without delay, within days


class PalaveriKind(StrEnum):
    START = "start"
    REVIEW = "review"
    ENDING = "ending"
    CLIENT_PLAN = "client_plan"
    CRISIS = "crisis"  # a crisis meeting, when agreed (issue 16)
