"""The palaveri runner's fields: one or more for every decision an agenda item makes (a date,
a number, a yes/no, a choice, the first meeting, goals), filled from the draft."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, SelectionList, TextArea

from data.model.relationship import Arranging, Phase
from data.models import Palaveri, Relationship, Role
from data.outputs.minutes import ARRANGING, ROLE_NAMES, decision_label
from data.rules.peer import default_arranging, end_reasons, is_peer
from tui import i18n
from tui.i18n import t
from tui.screens.palaveri_peer import peer_fields
from tui.widgets.checklist import CheckList
from tui.widgets.form import Field

AUTOSAVE_SECONDS = 5.0
#: the runner's ctrl keys (Input and TextArea leave them alone; ctrl+d, ctrl+w are theirs)
CTRL_KEYS = (("g", "done"), ("o", "attendees"), ("f", "finish"), ("t", "minutes"))
CTRL_KEYS += (("r", "raise_concern"),)  # a crisis meeting's (tui/screens/palaveri_measures.py)
DATES = ("start_on", "planned_end", "next_review_on")
NUMBERS = ("max_meetings", "meetings_per_month")
YES_NO = ("travels_alone", "car_consent", "home_visit_consent", "continue_")
PARTIES = ("child", "guardian", "volunteer")
PEER_PARTIES = ("parent", "volunteer")  # a parent's peer support: the parent is the client
#: refusals of the decisions (no field in their location) and the field they concern
DECISION_PLACES = {
    **{f"decisions.first_meeting.{n}": f"fm_{n}" for n in ("on", "at", "place", "plan")},
    "first_meeting_missing": "fm_on",
    "first_meeting_date": "fm_on",
    "first_meeting_early": "fm_on",
    "end_before_start": "planned_end",
    "too_long": "planned_end",
    "review_not_after": "next_review_on",
    "end_reason_needed": "end_reason",
    "decisions.peer.parties.municipality": "pp_municipality",
    "decisions.peer.signed_on": "pp_signed_on",
    "peer_only": "pp_municipality",
}


def parties(relationship: Relationship) -> tuple[str, ...]:
    """Whose view an ending meeting asks: keys of ``Decisions.gave``."""
    return PEER_PARTIES if is_peer(relationship) else PARTIES


def role_word(role: Role) -> str:
    return ROLE_NAMES[role][i18n.language()]


def _input(name: str, value: str = "", placeholder: str = "") -> Input:
    return Input(value, placeholder=placeholder, id=f"in-{name}", compact=True)


def _choice(name: str, options: list[tuple[str, Any]], value: Any) -> Select[Any]:
    return Select(
        options,
        value=value if value is not None else Select.NULL,
        allow_blank=True,
        prompt="–",
        id=f"in-{name}",
        compact=True,
    )


def decision_fields(name: str, palaveri: Palaveri, relationship: Relationship) -> list[Any]:
    """The fields of one decision of an item, filled from the draft."""
    from tui.screens import palaveri_measures as measures  # the goals' ratings, a crisis' concern

    if name in measures.DECISIONS:
        return measures.DECISIONS[name](palaveri, relationship)
    d = palaveri.decisions
    label = decision_label(name, i18n.language(), relationship)  # a family: weekends
    yes_no = [(t("app.yes"), True), (t("app.no"), False)]
    if name in DATES:
        value = getattr(d, name)
        return [Field(name, label, _input(name, i18n.day(value) if value else ""))]
    if name in NUMBERS:
        value = getattr(d, name)
        return [Field(name, label, _input(name, "" if value is None else str(value)))]
    if name in YES_NO:
        return [Field(name, label, _choice(name, yes_no, getattr(d, name)))]
    if name in ("contact", "our_thing"):
        return [Field(name, label, _input(name, getattr(d, name) or ""))]
    if name == "arranged_via":
        options = [(ARRANGING[a][i18n.language()], a) for a in Arranging]
        chosen = d.arranged_via or default_arranging(relationship)  # a parent's: with the parent
        return [Field(name, label, _choice(name, options, chosen))]
    if name == "end_reason":
        options = [(t(f"relationship.end.{r.value}"), r) for r in end_reasons(relationship)]
        return [Field(name, label, _choice(name, options, d.end_reason))]
    if name == "end_note":
        return [Field(name, label, _input(name, d.end_note))]
    if name == "phase":
        options = [(t(f"relationship.phase.{p.value}"), p) for p in Phase]
        return [Field(name, label, _choice(name, options, d.phase))]
    if name == "first_meeting":
        fm = d.first_meeting
        at = f"{fm.at.hour}.{fm.at.minute:02d}" if fm and fm.at else ""
        return [
            Field("fm_on", label, _input("fm_on", i18n.day(fm.on) if fm else "")),
            Field("fm_at", t("palaveri.fm.at"), _input("fm_at", at)),
            Field("fm_place", t("palaveri.fm.place"), _input("fm_place", fm.place if fm else "")),
            Field("fm_plan", t("palaveri.fm.plan"), _input("fm_plan", fm.plan if fm else "")),
        ]
    if name == "peer":  # peer support's three parties and peer group (palaveri_peer.py)
        return peer_fields(d.peer, relationship)
    if name == "new_goals":
        area = TextArea("\n".join(d.new_goals), id="in-new_goals", classes="goals")
        return [Field(name, t("palaveri.new_goals"), area)]
    if name in ("achieved_goal_ids", "dropped_goal_ids"):
        chosen = set(getattr(d, name))
        goals = [g for g in relationship.goals if g.open or g.id in chosen]
        if not goals:
            return []
        widget: SelectionList[int] = CheckList(
            *[(g.text, g.id, g.id in chosen) for g in goals], id=f"in-{name}"
        )
        return [Field(name, label, widget)]
    if name == "gave":
        return [
            Field(
                f"gave_{party}",
                f"{label}: {t(f'palaveri.party.{party}')}",
                _input(f"gave_{party}", d.gave.get(party, "")),
            )
            for party in parties(relationship)
        ]
    return []
