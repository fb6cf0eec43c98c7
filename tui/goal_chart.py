"""The relationship page's goals, each with its ratings over time as a small chart in text
(issue 16, the effectiveness measures): a bar per client-plan palaveri with its day and the
rating beside it, so it reads the same without colour (NO_COLOR) and on any terminal.

    • Käy koulua joka päivä   ▃▆ 2 → 4
        6.9.2026     ██···  2/5
        30.11.2026   ████·  4/5
"""

from __future__ import annotations

from collections.abc import Mapping

from data.model.measures import RatingScale
from data.models import Goal, Relationship
from data.rules.measures import Series, scale_words
from tui import i18n
from tui.i18n import t

FULL, EMPTY = "█", "·"
SPARKS = "▁▂▃▄▅▆▇█"
#: the newest ratings shown under a goal (the summary's trend counts them all)
SHOWN = 6
WIDEST = 10


def scale_text(scale: RatingScale) -> str:
    """'Asteikko 1–5 (1 = ei lainkaan, 5 = täysin)'."""
    words = scale_words(scale)
    return t("measures.scale", low=scale.low, high=scale.high, words=f" ({words})" if words else "")


def of(rating: int, scale: RatingScale) -> str:
    """'/5' after a rating on the scale; nothing after one given on an earlier scale."""
    return f"/{scale.high}" if scale.holds(rating) else ""


def mark(goal: Goal) -> str:
    return "✓" if goal.achieved_on else ("–" if goal.dropped_on else "•")


def bar(rating: int, scale: RatingScale) -> str:
    """The rating as a bar as wide as the scale has steps (at most ``WIDEST``): 3 on 1–5 is
    ███··; the lowest rating is one block, so a bar is never empty."""
    width = min(scale.high - scale.low + 1, WIDEST)
    share = (min(max(rating, scale.low), scale.high) - scale.low) / (scale.high - scale.low)
    filled = 1 + round(share * (width - 1))
    return FULL * filled + EMPTY * (width - filled)


def spark(series: Series, scale: RatingScale) -> str:
    """One character per rating, its height the rating's place on the scale."""
    span = scale.high - scale.low
    steps = len(SPARKS) - 1
    return "".join(
        SPARKS[round((min(max(n, scale.low), scale.high) - scale.low) / span * steps)]
        for _, n in series
    )


def goal_lines(goal: Goal, series: Series, scale: RatingScale) -> list[str]:
    head = f"{mark(goal)} {goal.text}"
    if not series:
        return [head]
    if len(series) > 1:
        trend = f"{series[0][1]} → {series[-1][1]}"
        head += f"   {spark(series[-SHOWN:], scale)} {trend}"
    lines = [head]
    if len(series) > SHOWN:
        lines.append("    " + t("measures.earlier", n=len(series) - SHOWN))
    lines += [
        f"    {i18n.day(on):<11}  {bar(n, scale)}  {n}{of(n, scale)}" for on, n in series[-SHOWN:]
    ]
    return lines


def goals_text(relationship: Relationship, rated: Mapping[int, Series], scale: RatingScale) -> str:
    """Every goal of the relationship, with its ratings (``data.rules.measures.ratings_by_goal``)
    charted under it; the scale named once when anything was rated."""
    lines = [line for g in relationship.goals for line in goal_lines(g, rated.get(g.id, []), scale)]
    if not lines:
        return t("relationship.none")
    if any(rated.get(g.id) for g in relationship.goals):
        lines.append(scale_text(scale))
    return "\n".join(lines)


__all__ = ["bar", "goal_lines", "goals_text", "scale_text", "spark"]
