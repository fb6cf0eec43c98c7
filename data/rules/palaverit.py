"""What finishing a palaveri does to its relationship: pure rules, no storage.

``store.palaverit.finish`` loads the palaveri and the relationship, asks ``apply`` for the
relationship as the palaveri leaves it, moves the state (a start meeting of a proposed
relationship makes it 'starting'; an ending, or a review that decides not to continue, ends it)
and saves everything in one change. Only the decisions that the kind's agenda names
(``data.rules.agendas.decides``) are applied; the others are ignored.

The rules, per kind:

- **start**: the agreement is made or completed: a relationship without an agreement needs
  ``start_on``, ``planned_end`` and ``max_meetings``; ``meetings_per_month``, ``arranged_via``,
  ``contact``, the consents (car, home visits) and ``travels_alone`` are recorded in it when
  given; its fee terms are the programme's rates for the kind of service in force on the
  start day (``data.rules.rates.terms_for``: refused when there are none). The first meeting
  must be agreed (its day not before the start meeting); the goals
  are added; ``next_review_on``, if agreed, is the review date (else a year after the start).
  A professional service enters its start phase.
- **review**: achieved and dropped goals are closed and new goals added. Unless ``continue_``
  is False, the next review is ``next_review_on`` (default: a year after this review; it must
  be after it), and the planned end and maximum of meetings may be extended. ``continue_``
  False needs ``end_reason``: the relationship then ends on the review's day (the end is agreed
  in the review; an ending meeting may still be held afterwards to say goodbye).
- **ending**: needs ``end_reason`` (and ``end_note`` for 'other'); the relationship ends on the
  meeting's day. If it has ended already (e.g. in a review), the ending meeting only records
  what it gave each party.
- **client plan** (professional services only): the goals as in a review; the phase moves to
  ``phase`` from the meeting's day. The same phase again changes nothing; an earlier one is
  refused.
- **crisis** (any relationship that has not ended, issue 16): decides nothing of the
  relationship (no agreement, start or review needed); it may raise a concern
  (``store.palaverit.raise_concern``), whose number it keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from pydantic import ValidationError

from data.dates import add_months
from data.errors import Refused, describe
from data.model.base import validate
from data.models import (
    PHASE_ORDER,
    Agreement,
    Decisions,
    EndReason,
    Goal,
    Palaveri,
    PalaveriKind,
    Phase,
    PhaseEntry,
    Relationship,
    Role,
    Settings,
    State,
    VolunteerKind,
)
from data.rules.agendas import decides
from data.rules.peer import apply_peer, default_arranging
from data.rules.rates import terms_for


class Finished(NamedTuple):
    palaveri: Palaveri
    relationship: Relationship


AGREEMENT_TERMS = ("start_on", "planned_end", "max_meetings")


def relevant(palaveri: Palaveri) -> Decisions:
    """The palaveri's decisions with every field its kind does not decide left at its default."""
    wanted = set(decides(palaveri.kind))
    kept = {
        name: getattr(palaveri.decisions, name) for name in Decisions.model_fields if name in wanted
    }
    return Decisions.model_validate(kept)


def changes_relationship(kind: PalaveriKind) -> bool:
    """Whether finishing a palaveri of ``kind`` may change its relationship (a crisis meeting
    decides nothing of it: its finish question and message say so)."""
    return kind is not PalaveriKind.CRISIS


def holdable(relationship: Relationship) -> list[PalaveriKind]:
    """The kinds of palaveri the relationship can have now (what ``check_can_hold`` allows)."""
    out = []
    for kind in PalaveriKind:
        try:
            check_can_hold(relationship, kind)
        except Refused:
            continue
        out.append(kind)
    return out


def check_can_hold(relationship: Relationship, kind: PalaveriKind) -> None:
    """Refuse a palaveri that the relationship cannot have (now)."""
    if relationship.state is State.ENDED and kind is not PalaveriKind.ENDING:
        raise Refused(
            "relationship_ended", "The relationship has ended; only an ending meeting can follow."
        )
    if kind is PalaveriKind.CLIENT_PLAN and relationship.service is not VolunteerKind.PROFESSIONAL:
        raise Refused(
            "not_professional", "Only a professional service has client-plan meetings and phases."
        )
    if kind is PalaveriKind.REVIEW and relationship.state is State.PROPOSED:
        raise Refused(
            "not_started", "The relationship has not started; hold the start meeting first."
        )


def check_can_start(
    relationship: Relationship, kind: PalaveriKind, held: Sequence[Palaveri]
) -> None:
    """Refuse opening a palaveri the relationship cannot have (``check_can_hold``), and an ending
    meeting after the end: that is allowed only once, as the goodbye after the review that
    decided to end it (``held``: the relationship's palaverit)."""
    check_can_hold(relationship, kind)
    if kind is not PalaveriKind.ENDING or relationship.state is not State.ENDED:
        return
    ended_in_review = any(
        p.finished
        and p.kind is PalaveriKind.REVIEW
        and relevant(p).continue_ is False
        and p.on == relationship.ended_on
        for p in held
    )
    goodbye_held = any(p.finished and p.kind is PalaveriKind.ENDING for p in held)
    if not ended_in_review or goodbye_held:
        on = relationship.ended_on
        raise Refused(
            "ending_after_end",
            "The relationship already ended on {day}: an ending meeting is held before the end "
            "(afterwards only once, after the review that decided to end it).",
            day=f"{on.day}.{on.month}.{on.year}" if on else "?",
        )


#: What finishing a palaveri may have forgotten (``finish_warnings``); the faces word them.
NOTHING_COVERED = "nothing_covered"
NOBODY_RECORDED = "nobody_recorded"
FAMILY_MISSING = "family_missing"
FAMILY = frozenset({Role.CHILD, Role.GUARDIAN, Role.PARENT})  # a peer support's client: the parent


def finish_warnings(palaveri: Palaveri) -> list[str]:
    """What to ask about before finishing: no item marked covered, nobody recorded as present,
    an ending meeting without the child or a guardian (e.g. only the volunteer)."""
    out: list[str] = []
    if not palaveri.done:
        out.append(NOTHING_COVERED)
    roles = {a.role for a in palaveri.attendees}
    if not roles:
        out.append(NOBODY_RECORDED)
    elif palaveri.kind is PalaveriKind.ENDING and not roles & FAMILY:
        out.append(FAMILY_MISSING)
    return out


def apply(relationship: Relationship, palaveri: Palaveri, settings: Settings) -> Relationship:
    """The relationship with the palaveri's decisions applied (its state is left as it is);
    a new agreement's fee terms from the programme's rates in ``settings``."""
    check_can_hold(relationship, palaveri.kind)
    d = relevant(palaveri)
    on = palaveri.on
    data = relationship.model_dump(mode="json")
    if palaveri.kind is PalaveriKind.START:
        _start(relationship, d, on, data, settings)
    elif palaveri.kind is PalaveriKind.REVIEW:
        _goals(relationship, d, on, data)
        if d.continue_ is False:
            end_terms(relationship, palaveri)  # refuses early when the reason is missing
        else:
            _next_review(relationship, d, on, data)
    elif palaveri.kind is PalaveriKind.CLIENT_PLAN:
        _goals(relationship, d, on, data)
        _phase(relationship, d.phase, on, data)
    elif palaveri.kind is PalaveriKind.CRISIS:
        return relationship  # its notes and the concern it raised are its record
    elif relationship.state is not State.ENDED:
        end_terms(relationship, palaveri)
    if d.our_thing:  # "our thing", found in the start phase (issue 16)
        data["our_thing"] = d.our_thing
    return validate(Relationship, data)


def end_terms(relationship: Relationship, palaveri: Palaveri) -> tuple[EndReason, str] | None:
    """The end reason and note if finishing the palaveri ends the relationship, else None."""
    d = relevant(palaveri)
    ending = palaveri.kind is PalaveriKind.ENDING or (
        palaveri.kind is PalaveriKind.REVIEW and d.continue_ is False
    )
    if not ending or relationship.state is State.ENDED:
        return None
    if d.end_reason is None:
        raise Refused(
            "end_reason_needed",
            "Give the reason why the relationship ends.",
        )
    if d.end_reason is EndReason.OTHER and not d.end_note.strip():
        raise Refused("end_note_missing", "Say in a few words why it ended ('other').")
    return d.end_reason, d.end_note


def _start(
    r: Relationship, d: Decisions, on: date, data: dict[str, Any], settings: Settings
) -> None:
    if r.agreement is None:
        missing = [name for name in AGREEMENT_TERMS if getattr(d, name) is None]
        if missing:
            raise Refused(
                "agreement_terms_missing",
                "There is no agreement yet: give its start, planned end and maximum of meetings.",
            )
        base: dict[str, Any] = {}
    else:
        base = r.agreement.model_dump(mode="json")
    given = {
        "start": d.start_on,
        "planned_end": d.planned_end,
        "max_meetings": d.max_meetings,
        "meetings_per_month": d.meetings_per_month,
        "arranged_via": d.arranged_via,
        "contact": d.contact,
        "car_consent": d.car_consent,
        "home_visit_consent": d.home_visit_consent,
        "travels_alone": d.travels_alone,
    }
    terms: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if r.agreement is None and d.arranged_via is None and default_arranging(r) is not None:
        terms["arranged_via"] = default_arranging(r)  # a parent's peer support: with the parent
    if r.agreement is None:  # the fee terms from the programme's rates for the kind of service
        assert d.start_on is not None
        fees = terms_for(settings, r.service, d.start_on)
        terms["fee_terms"] = fees.model_dump(mode="json")
    agreement = _agreement({**base, **terms})
    data["agreement"] = agreement.model_dump(mode="json")
    apply_peer(r, d.peer, data)  # peer support's three parties (data/rules/peer.py)
    first = d.first_meeting
    if first is None:
        raise Refused(
            "first_meeting_missing", "Agree the first meeting (at least its day) before finishing."
        )
    if first.on < on:
        raise Refused(
            "first_meeting_early", "The first meeting cannot be before the start meeting."
        )
    if first.on < agreement.start:
        raise Refused("before_agreement", "A date of the relationship is before its start.")
    if d.next_review_on is not None:
        if d.next_review_on <= on:
            raise Refused("review_not_after", "The next review must be after this one.")
        data["review_on"] = d.next_review_on.isoformat()
    data["first_meeting_on"] = first.on.isoformat()
    data["first_meeting"] = first.model_dump(mode="json")
    _goals(r, d, on, data)
    if r.service is VolunteerKind.PROFESSIONAL and not r.phases:
        data["phases"] = [PhaseEntry(phase=Phase.START, since=on).model_dump(mode="json")]


def _goals(r: Relationship, d: Decisions, on: date, data: dict[str, Any]) -> None:
    open_ids = {g.id for g in r.goals if g.open}
    for goal_id in [*d.achieved_goal_ids, *d.dropped_goal_ids]:
        if goal_id not in open_ids:
            raise Refused("goal_unknown", "There is no open goal {id}.", id=goal_id)
    if set(d.achieved_goal_ids) & set(d.dropped_goal_ids):
        raise Refused("goal_twice", "A goal is either achieved or let go, not both.")
    goals = []
    for goal in r.goals:
        if goal.id in d.achieved_goal_ids:
            goal = goal.model_copy(update={"achieved_on": on})
        elif goal.id in d.dropped_goal_ids:
            goal = goal.model_copy(update={"dropped_on": on})
        goals.append(goal)
    next_id = r.next_goal_id()
    for n, text in enumerate(d.new_goals):
        goals.append(Goal(id=next_id + n, text=text, set_on=on))
    data["goals"] = [g.model_dump(mode="json") for g in goals]


def _next_review(r: Relationship, d: Decisions, on: date, data: dict[str, Any]) -> None:
    following = d.next_review_on or add_months(on, 12)
    if following <= on:
        raise Refused("review_not_after", "The next review must be after this one.")
    data["review_on"] = following.isoformat()
    if d.planned_end is not None or d.max_meetings is not None:
        if r.agreement is None:
            raise Refused(
                "agreement_missing",
                "Record the agreement (start, planned end, maximum meetings) first.",
            )
        changes = {
            k: v
            for k, v in (("planned_end", d.planned_end), ("max_meetings", d.max_meetings))
            if v is not None
        }
        agreement = _agreement({**r.agreement.model_dump(mode="json"), **changes})
        data["agreement"] = agreement.model_dump(mode="json")


def _phase(r: Relationship, phase: Phase | None, on: date, data: dict[str, Any]) -> None:
    current = r.phases[-1] if r.phases else None
    if phase is None or (current is not None and current.phase is phase):
        return
    if current is not None:
        if PHASE_ORDER.index(phase) < PHASE_ORDER.index(current.phase):
            raise Refused("phase_back", "A phase cannot go back to an earlier one.")
        if on < current.since:
            raise Refused("phase_order", "Phases must be in date order.")
    entry = PhaseEntry(phase=phase, since=on)
    data["phases"] = [*data["phases"], entry.model_dump(mode="json")]


def _agreement(data: dict[str, Any]) -> Agreement:
    try:
        return Agreement.model_validate(data)
    except ValidationError as exc:
        refusal = Refused("invalid", "{problems}", problems=describe(exc))
        refusal.details = exc.errors(include_url=False)
        raise refusal from None
