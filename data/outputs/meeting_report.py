"""The report to the child's own social worker for a period: every meeting with the
volunteer's report of it, the cancellations with their reasons, and the goals with their
progress; as Markdown and as PDF in the documents' frame (``document.to_pdf``).

Kilometres and costs are left out: they are the payment run's, not the social worker's. The
words are in the documents' catalog (``report.*``), in Finnish, Swedish and English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from data.dates import fi_date
from data.errors import TukiError
from data.models import (
    CancelReason,
    Client,
    Meeting,
    MeetingStatus,
    Relationship,
    Settings,
    Volunteer,
)
from data.outputs.document import Block, Frame, to_markdown, to_pdf
from data.outputs.place_words import place_words
from data.rules.agenda_texts import pick
from data.rules.pairs import JOIN
from data.texts import Table

WORDS = Table(
    "report.word",
    (
        "title",
        "client",
        "volunteer",
        "relationship",
        "period",
        "made",
        "goals",
        "no_goals",
        "set",
        "achieved",
        "dropped",
        "summary",
        "held",
        "hours",
        "cancelled",
        "meetings",
        "no_meetings",
        "place",
        "how_it_went",
        "wellbeing",
        "progress",
        "no_report",
        "cancelled_because",
        "consent_reason",
    ),
)
CANCEL_REASONS = Table("report.cancel", CancelReason)


class _Records(Protocol):
    def get(self, model: type[Relationship], record_id: int) -> Relationship: ...
    def find(self, model: type[Client] | type[Volunteer], record_id: int) -> object | None: ...
    def settings(self) -> Settings: ...


class _Meetings(Protocol):
    def of(self, relationship_id: int) -> list[Meeting]: ...


class Store(Protocol):
    """What the report reads of the Store (no import of it here)."""

    @property
    def records(self) -> _Records: ...
    @property
    def meetings(self) -> _Meetings: ...


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise TukiError(
            "period_backwards",
            "The period ends ({end}) before it starts ({start}).",
            start=fi_date(start),
            end=fi_date(end),
        )


def _hours(minutes: int, lang: str) -> str:
    hours = f"{minutes / 60:.1f}"
    return hours if lang == "en" else hours.replace(".", ",")


def _meeting(meeting: Meeting, goals: dict[int, str], lang: str) -> list[Block]:
    day = fi_date(meeting.on)
    if meeting.status is MeetingStatus.CANCELLED:
        reason = pick(CANCEL_REASONS[meeting.cancel_reason or CancelReason.OTHER], lang)
        blocks = [Block("h3", f"{day} {word('cancelled_because', lang)}: {reason}")]
        if meeting.cancel_note.strip():
            blocks.append(Block("p", meeting.cancel_note.strip()))
        return blocks
    what = " · ".join(
        part
        for part in (
            meeting.activity,
            f"{meeting.duration_min} min" if meeting.duration_min else "",
        )
        if part
    )
    blocks = [Block("h3", f"{day} {what}".strip())]
    report = meeting.report
    lines = [
        ("place", place_words(meeting, lang)),
        ("how_it_went", report.how_it_went),
        ("wellbeing", report.wellbeing),
        ("progress", report.progress_note),
        ("consent_reason", meeting.consent_reason),  # without the guardian's consent: why
    ]
    for key, value in lines:
        if value.strip():
            blocks.append(Block("p", f"{word(key, lang)}: {' '.join(value.split())}"))
    for step in report.progress:
        goal = goals.get(step.goal_id, f"#{step.goal_id}")
        blocks.append(Block("li", f"{goal}: {' '.join(step.note.split())}"))
    if not (report.how_it_went or report.wellbeing or report.progress_note or report.progress):
        blocks.append(Block("p", word("no_report", lang)))
    return blocks


def report_blocks(
    relationship: Relationship,
    meetings: Iterable[Meeting],
    client_name: str,
    volunteer_name: str,
    start: date,
    end: date,
    made: date,
    lang: str,
) -> list[Block]:
    """The report's content, for any output: the period's meetings, newest last."""
    chosen = [m for m in meetings if start <= m.on <= end]
    held = [m for m in chosen if m.status is MeetingStatus.HELD]
    cancelled = Counter(
        m.cancel_reason or CancelReason.OTHER for m in chosen if m.status is MeetingStatus.CANCELLED
    )
    period = f"{fi_date(start)}–{fi_date(end)}"
    blocks = [
        Block("h1", f"{word('title', lang)}: {client_name} {period}"),
        Block("li", f"{word('client', lang)}: {client_name}"),
        Block("li", f"{word('volunteer', lang)}: {volunteer_name}"),
        Block("li", f"{word('relationship', lang)}: {relationship.id}"),
        Block("li", f"{word('period', lang)}: {period}"),
        Block("li", f"{word('made', lang)}: {fi_date(made)}"),
        Block("h2", word("goals", lang)),
    ]
    for goal in relationship.goals:
        state = f"{word('set', lang)} {fi_date(goal.set_on)}"
        if goal.achieved_on:
            state += f", {word('achieved', lang)} {fi_date(goal.achieved_on)}"
        if goal.dropped_on:
            state += f", {word('dropped', lang)} {fi_date(goal.dropped_on)}"
        blocks.append(Block("li", f"{goal.text} ({state})"))
    if not relationship.goals:
        blocks.append(Block("p", word("no_goals", lang)))
    minutes = sum(m.duration_min or 0 for m in held)
    summary = f"{word('held', lang)}: {len(held)}"
    if minutes:
        summary += f" ({_hours(minutes, lang)} {word('hours', lang)})"
    summary += f" · {word('cancelled', lang)}: {sum(cancelled.values())}"
    if cancelled:
        reasons = ", ".join(
            f"{pick(CANCEL_REASONS[reason], lang)} {n}" for reason, n in sorted(cancelled.items())
        )
        summary += f" ({reasons})"
    blocks += [Block("h2", word("summary", lang)), Block("p", summary)]
    blocks.append(Block("h2", word("meetings", lang)))
    goals = {g.id: g.text for g in relationship.goals}
    for meeting in chosen:
        blocks += _meeting(meeting, goals, lang)
    if not chosen:
        blocks.append(Block("p", word("no_meetings", lang)))
    return blocks


def _blocks(
    store: Store, relationship_id: int, start: date, end: date, made: date, lang: str
) -> list[Block]:
    check_period(start, end)
    relationship = store.records.get(Relationship, relationship_id)
    client = store.records.find(Client, relationship.client_id)
    found = [store.records.find(Volunteer, v) for v in relationship.volunteer_ids]
    return report_blocks(
        relationship,
        store.meetings.of(relationship_id),
        getattr(client, "name", "–"),
        JOIN.join(getattr(v, "name", "–") for v in found) or "–",  # a peer pair: both
        start,
        end,
        made,
        lang,
    )


def report_markdown(
    store: Store, relationship_id: int, start: date, end: date, made: date, lang: str = "fi"
) -> str:
    return to_markdown(_blocks(store, relationship_id, start, end, made, lang))


def report_pdf(
    store: Store, relationship_id: int, start: date, end: date, made: date, lang: str = "fi"
) -> bytes:
    settings = store.records.settings()
    frame = Frame(settings.programme_name, settings.organiser)
    return to_pdf(_blocks(store, relationship_id, start, end, made, lang), lang, frame)
