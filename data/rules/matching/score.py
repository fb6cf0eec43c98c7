"""The score: weighted parts, each a value 0..1 times its weight, rounded to hundredths."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from data.models import (
    ClientKind,
    Travel,
)
from data.rules import geography
from data.rules.matching.sides import (
    FULL_INTERESTS,
    FULL_SLOTS,
    NEARNESS,
    NEUTRAL,
    Candidate,
    Reason,
    Seeker,
    age_range_text,
    within_ages,
)

# ----- the score ---------------------------------------------------------------------------------


def part_values(
    s: Seeker, c: Candidate, today: date, good: list[Reason], bad: list[Reason], explain: bool
) -> tuple[float, float, float, float, float, float, float]:
    """Each part's value 0..1 in ``PARTS`` order; when ``explain``, the reasons too (appended
    to ``good`` and ``bad``). Scoring thousands of pairs skips building the reasons."""

    # nearness
    if s.municipality == c.home[0]:
        if s.area and s.area == c.home[1]:
            near = NEARNESS["same_area"]
            reason = Reason("same_area", {"area": s.area_shown})
        else:
            near = NEARNESS["same_municipality"]
            reason = Reason("same_municipality", {"municipality": c.municipality})
    elif geography.neighbours(s.municipality, c.home[0]):
        near = NEARNESS["neighbouring"]
        reason = Reason("neighbouring_municipality", {"municipality": c.municipality})
    elif s.welfare_area is not None and s.welfare_area == c.welfare_area:
        near = NEARNESS["welfare"]
        reason = Reason("same_welfare_area", {"welfare_area": s.welfare_area})
    else:
        near = 0.0
        reason = Reason("far_away", {"municipality": c.municipality})
    if explain:
        (good if near else bad).append(reason)

    # interests and hobbies
    if not s.interests:
        interests = NEUTRAL
    else:
        shared = [shown for k, shown in s.interests if k in c.interests]
        interests = min(1.0, len(shared) / min(FULL_INTERESTS, len(s.interests)))
        if explain:
            good.extend(Reason("shared_interest", {"what": x}) for x in shared)
            if not shared:
                bad.append(Reason("no_shared_interest"))

    # the child's needs against what the volunteer offers
    if not s.needs:
        needs = NEUTRAL
    else:
        covered = [shown for k, shown in s.needs if k in c.offers]
        needs = len(covered) / len(s.needs)
        if explain:
            good.extend(Reason("offers_need", {"what": x}) for x in covered)
            bad.extend(
                Reason("need_not_offered", {"what": shown})
                for k, shown in s.needs
                if k not in c.offers
            )

    # availability
    if not s.slots or not c.slots:
        availability = NEUTRAL
    else:
        common = len(s.slots & c.slots)
        availability = min(1.0, common / min(FULL_SLOTS, len(s.slots)))
        if explain:
            if common:
                good.append(Reason("common_times", {"count": common}))
            else:
                bad.append(Reason("no_common_time"))

    # languages
    if not s.languages:
        languages = NEUTRAL
    else:
        spoken = [shown for k, shown in s.languages if k in c.languages]
        if s.languages[0][0] in c.languages:
            languages = 1.0
        elif spoken:
            languages = 0.5
        else:
            languages = 0.0
        if explain:
            if spoken:
                good.append(Reason("shared_language", {"language": spoken[0]}))
            else:
                bad.append(Reason("no_shared_language"))

    # a car when the child cannot travel alone
    if s.kind is ClientKind.PARENT or s.travel is Travel.ALONE_BY_BUS:
        car = 1.0
    elif c.has_car:
        car = 1.0
        if explain:
            good.append(Reason("has_car"))
    elif s.travel is Travel.ESCORTED:
        car = 0.0
        if explain:
            bad.append(Reason("no_car"))
    else:  # moves alone nearby, not by bus
        car = 0.5

    # the family's soft preferences (firm ones are filters)
    asked = met = 0
    if s.gender is not None and "gender" not in s.firm:
        asked += 1
        if c.gender is s.gender:
            met += 1
            if explain:
                good.append(Reason("preferred_gender", {"gender": s.gender.value}))
        elif explain:
            bad.append(Reason("prefers_other_gender", {"gender": s.gender.value}))
    if s.language and "language" not in s.firm:
        asked += 1
        if s.language in c.languages:
            met += 1
            if explain:
                good.append(Reason("preferred_language", {"language": s.language_shown}))
        elif explain:
            bad.append(Reason("prefers_other_language", {"language": s.language_shown}))
    if (s.age_min is not None or s.age_max is not None) and "age" not in s.firm:
        asked += 1
        age = c.age(today)
        if within_ages(age, s.age_min, s.age_max):
            met += 1
            if explain:
                good.append(Reason("preferred_age", {"age": age}))
        elif explain:
            bad.append(
                Reason(
                    "outside_preferred_age",
                    {"age": age, "range": age_range_text(s.age_min, s.age_max)},
                )
            )
    preferences = met / asked if asked else 1.0

    return (near, interests, needs, availability, languages, car, preferences)


_UNUSED: list[Reason] = []  # never appended to: ``explain`` is False with it


def weighted_points(values: Sequence[float], w: Sequence[float]) -> list[float]:
    return [round(v * x, 2) for v, x in zip(values, w, strict=True)]


def score_of(s: Seeker, c: Candidate, w: Sequence[float], today: date) -> float:
    return round(sum(weighted_points(part_values(s, c, today, _UNUSED, _UNUSED, False), w)), 2)
