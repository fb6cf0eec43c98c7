"""The regular summary of the work done in a professional service (issue 16, seed 002:
"säännöllinen yhteenveto toteutuneesta työskentelystä"), for the client-plan meeting: for a
period, the meetings (held and cancelled, hours, what was done), the contacts with the network,
the costs (the meetings' costs and kilometres, the hobbies' costs among them) and each goal's
ratings at the period's client-plan meetings; as Markdown and as PDF in the documents' frame
(``document.to_pdf``). The words are in the documents' catalog (``summary.*``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from data.dates import fi_date
from data.model.contact import Contact, ContactHow, ContactWith
from data.model.relationship import PHASE_ORDER, Phase
from data.models import (
    CancelReason,
    Client,
    Meeting,
    Palaveri,
    PalaveriKind,
    Relationship,
    Settings,
    Volunteer,
)
from data.outputs.document import Block, Frame, to_markdown, to_pdf
from data.outputs.meeting_report import CANCEL_REASONS, check_period
from data.rules.agenda_texts import pick
from data.texts import Table

WORDS = Table(
    "summary.word",
    (
        "title",
        "client",
        "worker",
        "relationship",
        "period",
        "made",
        "phase",
        "phases",
        "since",
        "our_thing",
        "meetings",
        "held",
        "hours",
        "cancelled",
        "no_meetings",
        "contacts",
        "no_contacts",
        "min",
        "costs",
        "meeting_costs",
        "km",
        "no_costs",
        "ratings",
        "no_ratings",
    ),
)
WITH = Table("summary.with", ContactWith)
HOW = Table("summary.how", ContactHow)
PHASES = Table("minutes.phase", Phase)


class _Records(Protocol):
    def get(self, model: type[Relationship], record_id: int) -> Relationship: ...
    def find(self, model: type[Client] | type[Volunteer], record_id: int) -> object | None: ...
    def settings(self) -> Settings: ...


class _Of(Protocol):
    def of(self, relationship_id: int) -> list[Meeting]: ...


class _Palaverit(Protocol):
    def of(self, relationship_id: int) -> list[Palaveri]: ...


class _Contacts(Protocol):
    def of(self, relationship_id: int) -> list[Contact]: ...


class Store(Protocol):
    """What the summary reads of the Store (no import of it here)."""

    @property
    def records(self) -> _Records: ...
    @property
    def meetings(self) -> _Of: ...
    @property
    def palaverit(self) -> _Palaverit: ...
    @property
    def contacts(self) -> _Contacts: ...


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    def text(self) -> str:
        return f"{fi_date(self.start)}–{fi_date(self.end)}"


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def _number(value: Decimal | float, lang: str, places: int = 2) -> str:
    text = f"{value:.{places}f}"
    return text if lang == "en" else text.replace(".", ",")


def ratings_by_goal(palaverit: Iterable[Palaveri]) -> dict[int, list[tuple[date, int]]]:
    """Each goal's ratings at finished client-plan palaverit, oldest first (a tiny local
    reading of ``Decisions.ratings``; data/rules/measures.py may grow a shared one)."""
    out: dict[int, list[tuple[date, int]]] = {}
    for p in sorted(palaverit, key=lambda p: (p.on, p.id or 0)):
        if p.kind is PalaveriKind.CLIENT_PLAN and p.finished:
            for rating in p.decisions.ratings:
                out.setdefault(rating.goal_id, []).append((p.on, rating.rating))
    return out


def _head(
    r: Relationship, client: str, worker: str, period: Period, made: date, lang: str
) -> list[Block]:
    blocks = [
        Block("h1", f"{word('title', lang)}: {client} {period.text()}"),
        Block("li", f"{word('client', lang)}: {client}"),
        Block("li", f"{word('worker', lang)}: {worker}"),
        Block("li", f"{word('relationship', lang)}: {r.id}"),
        Block("li", f"{word('period', lang)}: {period.text()}"),
        Block("li", f"{word('made', lang)}: {fi_date(made)}"),
    ]
    if r.phase is not None:
        blocks.append(Block("li", f"{word('phase', lang)}: {pick(PHASES[r.phase], lang)}"))
    if r.our_thing:
        blocks.append(Block("li", f"{word('our_thing', lang)}: {r.our_thing}"))
    if r.phases:
        blocks.append(Block("h2", word("phases", lang)))
        for entry in sorted(r.phases, key=lambda e: (e.since, PHASE_ORDER.index(e.phase))):
            since = f"{word('since', lang)} {fi_date(entry.since)}"
            blocks.append(Block("li", f"{pick(PHASES[entry.phase], lang)} {since}"))
    return blocks


def _meetings(meetings: list[Meeting], lang: str) -> list[Block]:
    held = [m for m in meetings if m.held]
    cancelled = [m for m in meetings if not m.held]
    minutes = sum(m.duration_min or 0 for m in held)
    line = f"{word('held', lang)}: {len(held)}"
    if minutes:
        line += f" ({_number(minutes / 60, lang, 1)} {word('hours', lang)})"
    line += f" · {word('cancelled', lang)}: {len(cancelled)}"
    blocks = [Block("h2", word("meetings", lang)), Block("p", line)]
    for m in meetings:
        if m.held:
            parts = [m.activity, m.place, f"{m.duration_min} min" if m.duration_min else ""]
            what = " · ".join(p for p in parts if p)
            blocks.append(Block("li", f"{fi_date(m.on)} {what}".strip()))
        else:
            reason = pick(CANCEL_REASONS[m.cancel_reason or CancelReason.OTHER], lang)
            blocks.append(Block("li", f"{fi_date(m.on)} {word('cancelled', lang)}: {reason}"))
    if not meetings:
        blocks.append(Block("p", word("no_meetings", lang)))
    return blocks


def _contacts(contacts: list[Contact], lang: str) -> list[Block]:
    blocks = [Block("h2", word("contacts", lang))]
    if not contacts:
        return [*blocks, Block("p", word("no_contacts", lang))]
    counts = Counter(c.whom for c in contacts)
    order = list(ContactWith)
    blocks.append(
        Block(
            "p",
            ", ".join(
                f"{pick(WITH[w], lang)} {n}"
                for w, n in sorted(counts.items(), key=lambda i: order.index(i[0]))
            ),
        )
    )
    for c in contacts:
        whom = pick(WITH[c.whom], lang) + (f" ({c.name})" if c.name else "")
        parts = [whom, pick(HOW[c.how], lang)]
        if c.minutes:
            parts.append(f"{c.minutes} {word('min', lang)}")
        line = f"{fi_date(c.on)} {c.at:%H.%M} " + " · ".join(parts)
        if c.note.strip():
            line += f": {' '.join(c.note.split())}"
        blocks.append(Block("li", line))
    return blocks


def _costs(meetings: list[Meeting], lang: str) -> list[Block]:
    held = [m for m in meetings if m.held]
    costs = sum((m.costs or Decimal(0) for m in held), Decimal(0))
    km = sum((m.km or Decimal(0) for m in held), Decimal(0))
    blocks = [Block("h2", word("costs", lang))]
    if not costs and not km:
        return [*blocks, Block("p", word("no_costs", lang))]
    blocks.append(Block("li", f"{word('meeting_costs', lang)}: {_number(costs, lang)} €"))
    blocks.append(Block("li", f"{word('km', lang)}: {_number(km, lang, 1)} km"))
    return blocks


def _ratings(r: Relationship, palaverit: list[Palaveri], period: Period, lang: str) -> list[Block]:
    blocks = [Block("h2", word("ratings", lang))]
    chosen = [p for p in palaverit if period.holds(p.on)]
    found = ratings_by_goal(chosen)
    texts = {g.id: g.text for g in r.goals}
    for goal_id, ratings in sorted(found.items()):
        steps = " → ".join(f"{value} ({fi_date(day)})" for day, value in ratings)
        blocks.append(Block("li", f"{texts.get(goal_id, f'#{goal_id}')}: {steps}"))
    if not found:
        blocks.append(Block("p", word("no_ratings", lang)))
    return blocks


def summary_blocks(
    relationship: Relationship,
    meetings: Iterable[Meeting],
    contacts: Iterable[Contact],
    palaverit: Iterable[Palaveri],
    names: tuple[str, str],
    period: Period,
    made: date,
    lang: str,
) -> list[Block]:
    """The summary's content, for any output: only what falls in ``period``."""
    chosen = sorted((m for m in meetings if period.holds(m.on)), key=lambda m: (m.on, m.id or 0))
    mine = sorted((c for c in contacts if period.holds(c.on)), key=lambda c: (c.at, c.id or 0))
    return [
        *_head(relationship, names[0], names[1], period, made, lang),
        *_meetings(chosen, lang),
        *_contacts(mine, lang),
        *_costs(chosen, lang),
        *_ratings(relationship, list(palaverit), period, lang),
    ]


def _blocks(
    store: Store, relationship_id: int, start: date, end: date, made: date, lang: str
) -> list[Block]:
    check_period(start, end)
    r = store.records.get(Relationship, relationship_id)
    client = store.records.find(Client, r.client_id)
    found = [store.records.find(Volunteer, v) for v in r.volunteer_ids]  # a peer pair: both
    names = (str(getattr(client, "name", "–")), " & ".join(getattr(v, "name", "–") for v in found))
    return summary_blocks(
        r,
        store.meetings.of(relationship_id),
        store.contacts.of(relationship_id),
        store.palaverit.of(relationship_id),
        names,
        Period(start, end),
        made,
        lang,
    )


def summary_markdown(
    store: Store, relationship_id: int, start: date, end: date, made: date, lang: str = "fi"
) -> str:
    return to_markdown(_blocks(store, relationship_id, start, end, made, lang))


def summary_pdf(
    store: Store, relationship_id: int, start: date, end: date, made: date, lang: str = "fi"
) -> bytes:
    settings = store.records.settings()
    frame = Frame(settings.programme_name, settings.organiser)
    return to_pdf(_blocks(store, relationship_id, start, end, made, lang), lang, frame)
