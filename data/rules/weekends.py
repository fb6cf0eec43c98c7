"""Support families (issue 16, seed 001): the child must be old enough to be away from the
parents for a weekend. ``Settings.support_family_min_age`` is the youngest age a support family
is proposed for; proposing one (``store.relationships.propose``), the shortlist and the
whole-pool proposal all leave a younger child out, with the same reason."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from data.errors import Refused
from data.model.people import VolunteerKind

if TYPE_CHECKING:  # (matching's modules are not imported by every command that opens a store)
    from data.models import Client, Settings, Volunteer
    from data.rules.matching.arrays import CandidateArrays, Ints, SeekerArrays
    from data.rules.matching.sides import Candidate, Reason, Seeker

FAMILY = VolunteerKind.SUPPORT_FAMILY
CODE = "support_family_too_young"


def too_young(kind: VolunteerKind, age: int, min_age: int) -> bool:
    """Whether a child of ``age`` is too young for a volunteer of ``kind``."""
    return kind is FAMILY and age < min_age


def refuse_too_young(client: Client, volunteer: Volunteer, settings: Settings, today: date) -> None:
    """Refuse proposing a support family for a child younger than the settings allow."""
    if client.kind.value != "child":
        return
    age, least = client.age(today), settings.support_family_min_age
    if too_young(volunteer.kind, age, least):
        raise Refused(
            CODE,
            "{name} is {age}; a support family is proposed for children of {min} and older "
            "(the programme's settings: the youngest age for a support family).",
            name=client.name,
            age=age,
            min=least,
        )


def reason(s: Seeker, c: Candidate, min_age: int) -> list[Reason]:
    """The shortlist's reason for leaving a support family out for a young child, if any."""
    from data.rules.matching.sides import Reason

    if s.kind.value == "child" and too_young(c.kind, s.age, min_age):
        return [Reason(CODE, {"age": s.age, "min": min_age})]
    return []


def drop_too_young(
    sa: SeekerArrays, va: CandidateArrays, rows: Ints, cols: Ints, min_age: int
) -> tuple[Ints, Ints]:
    """The whole-pool pairs without a support family for a child younger than ``min_age``."""
    import numpy as np

    family: Any = np.array([c.kind is FAMILY for c in va.views], dtype=bool)
    if not family.any():
        return rows, cols
    at = np.flatnonzero(family[cols])  # the pairs with a support family
    young = at[~sa.parent[rows[at]] & (sa.age[rows[at]] < min_age)]
    if not len(young):
        return rows, cols
    keep = np.ones(len(rows), dtype=bool)
    keep[young] = False
    return rows[keep], cols[keep]


__all__ = ["CODE", "drop_too_young", "reason", "refuse_too_young", "too_young"]
