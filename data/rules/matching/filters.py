"""The hard filters: a volunteer failing one is left out, with every reason that applies."""

from __future__ import annotations

from datetime import date

from data.dates import fi_date
from data.model.fitness import RECHECK_MONTHS
from data.models import (
    Client,
    ClientKind,
    Volunteer,
)
from data.rules.matching.fit import due
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


def recheck_reason(extract_on: date | None, months: int, today: date) -> Reason | None:
    """Why the extract's re-check keeps a volunteer out on ``today``, or None: it was due
    ``months`` after the extract was last shown and no new one has been recorded."""
    day = due(extract_on, months)
    if day is not None and day < today:
        return Reason("extract_recheck_overdue", {"due": fi_date(day)})
    return None


def exclusion_reasons(
    s: Seeker,
    c: Candidate,
    open_count: int,
    known: Reason | None,
    today: date,
    recheck_months: int = RECHECK_MONTHS,
) -> list[Reason]:
    # Run for every volunteer for every client: kept plain, the reasons that are the same for
    # every volunteer (or every client) are built once beforehand.
    parent = s.kind is ClientKind.PARENT
    out = list(c.for_parent if parent else c.for_child)
    if s.unwilling is not None:
        out.insert(0, s.unwilling)
    if c.vetting is None and (late := recheck_reason(c.extract_on, recheck_months, today)):
        out.append(late)
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
    recheck_months: int = RECHECK_MONTHS,
) -> list[Reason]:
    """Every hard filter the pair fails (empty: they may be matched).

    ``recheck_months``: the programme's ``Settings.extract_recheck_months``. ``known`` is why
    the family knows the volunteer beyond ``client.known_volunteer_ids``
    (an earlier relationship, a sibling's), as the store finds it.
    """
    c = volunteer if isinstance(volunteer, Candidate) else Candidate.of(volunteer)
    return exclusion_reasons(seeker(client, today), c, open_count, known, today, recheck_months)
