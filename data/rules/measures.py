"""Effectiveness measures (vaikuttavuuden mittaristo): the goals' ratings over time and the check
that a rating is on the programme's scale. Pure rules, no storage.

Each goal of a professional service is rated at each client-plan palaveri (``Decisions.ratings``,
on ``Settings.rating_scale``). ``ratings_by_goal`` gives every goal's ratings in date order, from
the finished client-plan palaverit: the relationship page's chart, the minutes' "previous" and
the period summary read it. ``check_ratings`` is called where a palaveri is stored (a draft saved
or finished: ``data/store/palaverit.py``), so a rating off the scale is never kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from data.errors import Refused
from data.model.measures import GoalRating, RatingScale
from data.models import Palaveri, PalaveriKind, Relationship

#: one goal's ratings, oldest first: (the palaveri's day, the rating)
Series = list[tuple[date, int]]


def ratings_by_goal(palaverit: Iterable[Palaveri]) -> dict[int, Series]:
    """Every goal's ratings at the finished client-plan palaverit, oldest first (a draft's
    ratings are not agreed yet). Goals without a rating are not in it."""
    held = sorted(
        (p for p in palaverit if p.finished and p.kind is PalaveriKind.CLIENT_PLAN),
        key=lambda p: (p.on, p.id or 0),
    )
    out: dict[int, Series] = {}
    for palaveri in held:
        for rating in palaveri.decisions.ratings:
            out.setdefault(rating.goal_id, []).append((palaveri.on, rating.rating))
    return out


def previous_ratings(
    palaveri: Palaveri, palaverit: Iterable[Palaveri]
) -> dict[int, tuple[date, int]]:
    """Each goal's rating at the finished client-plan palaveri before ``palaveri`` (by day):
    what the minutes show beside this one's."""
    earlier = [
        p
        for p in palaverit
        if p.id != palaveri.id and (p.on, p.id or 0) < (palaveri.on, palaveri.id or 0)
    ]
    return {goal: series[-1] for goal, series in ratings_by_goal(earlier).items()}


def scale_words(scale: RatingScale) -> str:
    """'1 = not at all, 5 = fully' in the programme's own words ('' when it gave none)."""
    ends = [(scale.low, scale.low_words), (scale.high, scale.high_words)]
    return ", ".join(f"{n} = {words}" for n, words in ends if words)


def rating_goals(relationship: Relationship, palaveri: Palaveri) -> list[int]:
    """The goals a palaveri rates: the open ones, and any it has rated already (kept when a
    goal was achieved or let go in it)."""
    rated = {r.goal_id for r in palaveri.decisions.ratings}
    return [g.id for g in relationship.goals if g.open or g.id in rated]


def check_ratings(palaveri: Palaveri, relationship: Relationship, scale: RatingScale) -> None:
    """Refuse a rating off the scale (naming the scale), of a goal the relationship does not
    have, or a goal rated twice. ``details`` name the goal's field (``rating_<goal id>``)."""
    known = {g.id for g in relationship.goals}
    seen: set[int] = set()
    for rating in palaveri.decisions.ratings:
        if rating.goal_id not in known:
            raise Refused("goal_unknown", "There is no open goal {id}.", id=rating.goal_id)
        if rating.goal_id in seen:
            raise Refused("rating_twice", "Goal {id} is rated twice.", id=rating.goal_id)
        seen.add(rating.goal_id)
        if not scale.holds(rating.rating):
            raise off_scale(rating, scale)


def off_scale(rating: GoalRating, scale: RatingScale) -> Refused:
    words = scale_words(scale)
    params: dict[str, Any] = {
        "rating": rating.rating,
        "low": scale.low,
        "high": scale.high,
        "words": f" ({words})" if words else "",
    }
    refusal = Refused(
        "rating_off_scale",
        "{rating} is not on the scale {low}–{high}{words}: give a whole number from {low} to "
        "{high}.",
        **params,
    )
    refusal.details = [
        {
            "type": "rating_off_scale",
            "loc": (f"rating_{rating.goal_id}",),
            "msg": refusal.message,
            "input": rating.rating,
            "ctx": {k: str(v) for k, v in params.items()},  # as written, not as a sum
        }
    ]
    return refusal


__all__ = [
    "Series",
    "check_ratings",
    "off_scale",
    "previous_ratings",
    "rating_goals",
    "ratings_by_goal",
    "scale_words",
]
