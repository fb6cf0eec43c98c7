"""The hard filters: a volunteer failing one is left out, with every reason that applies."""

from __future__ import annotations

from datetime import date

from data.models import (
    Client,
    ClientKind,
    Volunteer,
)
from data.rules.matching.sides import (
    ANY,
    Candidate,
    Reason,
    Seeker,
    age_range_text,
    seeker,
    within_ages,
)

# ----- hard filters ------------------------------------------------------------------------------


def exclusion_reasons(
    s: Seeker, c: Candidate, open_count: int, known: Reason | None, today: date
) -> list[Reason]:
    # Run for every volunteer for every client: kept plain, the reasons that are the same for
    # every volunteer (or every client) are built once beforehand.
    parent = s.kind is ClientKind.PARENT
    out = list(c.for_parent if parent else c.for_child)
    if open_count >= c.capacity:
        out.append(Reason("no_capacity", {"open": open_count, "capacity": c.capacity}))
    if c.id in s.known:
        out.append(Reason("known_to_family"))
    elif known is not None:
        out.append(known)
    if s.firm:
        if s.firm_gender is not None and c.gender is not s.gender:
            out.append(s.firm_gender)
        if s.firm_language is not None and s.language not in c.languages:
            out.append(s.firm_language)
        if s.firm_age and not within_ages(c.age(today), s.age_min, s.age_max):
            age = c.age(today)
            out.append(
                Reason("firm_age", {"age": age, "range": age_range_text(s.age_min, s.age_max)})
            )
    if not parent:
        if c.child_age_min is not None and s.age < c.child_age_min:
            out.append(Reason("below_age_range", {"age": s.age, "min": c.child_age_min}))
        if c.child_age_max is not None and s.age > c.child_age_max:
            out.append(Reason("above_age_range", {"age": s.age, "max": c.child_age_max}))
    reach = c.reach
    if (s.municipality, ANY) not in reach and (
        (s.municipality, s.area) not in reach
        if s.area
        else s.municipality not in c.reach_municipalities
    ):
        out.append(s.out_of_reach)
    return out


def exclusions(
    client: Client,
    volunteer: Volunteer | Candidate,
    open_count: int,
    today: date,
    known: Reason | None = None,
) -> list[Reason]:
    """Every hard filter the pair fails (empty: they may be matched).

    ``known`` is why the family knows the volunteer beyond ``client.known_volunteer_ids``
    (an earlier relationship, a sibling's), as the store finds it.
    """
    c = volunteer if isinstance(volunteer, Candidate) else Candidate.of(volunteer)
    return exclusion_reasons(seeker(client, today), c, open_count, known, today)
