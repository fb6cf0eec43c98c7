"""A month's payment run as a document: the payroll list (PDF, signed off by the approver),
the CSV a Finnish spreadsheet opens, and the same lines as Markdown for the screen.

One line per volunteer, relationship, month and item (fee, allowance, travel, costs), the
volunteer's subtotal, the amounts held and why, the month's total; the programme, the month,
who approved it and when, and the day it was paid. Words in the documents' catalog
(``payments.*``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from babel.numbers import format_decimal

from data.dates import fi_date
from data.dates import fi_month as _month
from data.model.payments import Held, Item, PaymentRun
from data.models import Settings
from data.outputs.document import Block, Frame, to_markdown, to_pdf
from data.outputs.sheet import to_csv
from data.rules.agenda_texts import pick
from data.rules.payments import Line, Run
from data.texts import LOCALES, Table

ITEMS = Table("payments.item", Item)
HELD = Table("payments.held", Held)
WORDS = Table(
    "payments.word",
    (
        "title",
        "draft",
        "approved",
        "paid",
        "volunteer",
        "number",
        "relationship",
        "month",
        "item",
        "quantity",
        "amount",
        "note",
        "adjustment",
        "subtotal",
        "total",
        "held_title",
        "nothing",
        "approver",
    ),
)


class _Records(Protocol):
    def volunteer_facts(self) -> Mapping[int, Any]: ...
    def settings(self) -> Settings: ...


class Store(Protocol):
    @property
    def records(self) -> _Records: ...


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def money(amount: Decimal, lang: str) -> str:
    """1 234,50 € (Finnish and Swedish), 1,234.50 € (English)."""
    shown = format_decimal(amount, format="#,##0.00", locale=LOCALES.get(lang, LOCALES["fi"]))
    return f"{shown} €"


@dataclass(frozen=True)
class Listed:
    """A line with the volunteer's name, as every output shows it."""

    name: str
    line: Line


def listed(store: Store, run: Run) -> list[Listed]:
    """The run's lines by volunteer (surname, first name), relationship, month, item."""
    facts = store.records.volunteer_facts()

    def name(vid: int) -> str:
        v = facts.get(vid)
        return f"{v.last} {v.first}" if v is not None else f"#{vid}"

    order = list(Item)
    rows = [Listed(name(line.volunteer_id), line) for line in run.lines]
    return sorted(
        rows,
        key=lambda r: (
            r.name.casefold(),
            r.line.volunteer_id,
            r.line.relationship_id,
            r.line.for_month,
            order.index(r.line.item),
            r.line.adjustment,
        ),
    )


def _note(line: Line, lang: str) -> str:
    if line.held is not None:
        return pick(HELD[line.held], lang)
    return word("adjustment", lang) if line.adjustment else ""


def _what(line: Line, lang: str) -> str:
    """ "Palkkio 11/2026", "Palkkio 11/2026 × 3" (days or weekends), "Matkakulut 11/2026
    (19,8 km)"."""
    item = pick(ITEMS[line.item], lang)
    number = format_decimal(line.quantity, locale=LOCALES.get(lang, "fi_FI"))
    shown = ""
    if line.item is Item.TRAVEL and line.quantity:
        shown = f" ({number} km)"
    elif line.item in (Item.FEE, Item.ALLOWANCE) and line.quantity not in (0, 1):
        shown = f" × {number}"
    return f"{item} {_month(line.for_month)}{shown}"


def _state(approved: PaymentRun | None, lang: str) -> str:
    if approved is None:
        return word("draft", lang)
    text = (
        f"{word('approved', lang)}: {approved.approved_by} {fi_date(approved.approved_at.date())}"
    )
    if approved.paid_on is not None:
        text += f" · {word('paid', lang)} {fi_date(approved.paid_on)}"
    return text


def blocks(store: Store, run: Run, approved: PaymentRun | None, lang: str) -> list[Block]:
    """The run as a document: per volunteer the paid lines and a subtotal, then what is held."""
    out = [
        Block("h1", f"{word('title', lang)} {_month(run.month)}"),
        Block("p", _state(approved, lang)),
    ]
    rows = listed(store, run)
    by_volunteer: dict[int, list[Listed]] = defaultdict(list)
    for row in rows:
        if row.line.held is None:
            by_volunteer[row.line.volunteer_id].append(row)
    for lines in by_volunteer.values():
        out.append(
            Block("h2", f"{lines[0].name} ({word('number', lang)} {lines[0].line.volunteer_id})")
        )
        for row in lines:
            line = row.line
            note = _note(line, lang)
            text = f"{_what(line, lang)}, {word('relationship', lang)} {line.relationship_id}: "
            text += money(line.amount, lang) + (f" ({note})" if note else "")
            out.append(Block("li", text))
        subtotal = sum((row.line.amount for row in lines), Decimal("0"))
        out.append(Block("p", f"{word('subtotal', lang)}: {money(subtotal, lang)}"))
    if not by_volunteer:
        out.append(Block("p", word("nothing", lang)))
    held = [row for row in rows if row.line.held is not None]
    if held:
        out.append(Block("h2", word("held_title", lang)))
        for row in held:
            line = row.line
            out.append(
                Block(
                    "li",
                    f"{row.name}: {_what(line, lang)}, {word('relationship', lang)} "
                    f"{line.relationship_id}: {money(line.amount, lang)} ({_note(line, lang)})",
                )
            )
    out.append(Block("h2", f"{word('total', lang)}: {money(run.total(), lang)}"))
    return out


def payments_markdown(store: Store, run: Run, approved: PaymentRun | None, lang: str) -> str:
    return to_markdown(blocks(store, run, approved, lang))


def payments_pdf(store: Store, run: Run, approved: PaymentRun | None, lang: str) -> bytes:
    """The payroll list: the programme in the frame, signed by the approver."""
    settings = store.records.settings()
    frame = Frame(settings.programme_name, settings.organiser, (word("approver", lang),))
    return to_pdf(blocks(store, run, approved, lang), lang, frame)


def payments_csv(store: Store, run: Run, lang: str) -> bytes:
    """One row per volunteer and item paid in the run, then the total row (held amounts are
    not paid and not listed; the PDF and the screen name them)."""
    header = [
        word(k, lang)[:1].upper() + word(k, lang)[1:]  # "Nro", as a column's heading
        for k in (
            "volunteer",
            "number",
            "relationship",
            "month",
            "item",
            "quantity",
            "amount",
            "note",
        )
    ]
    body: list[list[Any]] = []
    for row in listed(store, run):
        line = row.line
        if line.held is not None:
            continue
        body.append(
            [
                row.name,
                line.volunteer_id,
                line.relationship_id,
                _month(line.for_month),
                pick(ITEMS[line.item], lang),
                line.quantity if line.quantity else None,
                line.amount,
                _note(line, lang),
            ]
        )
    body.append([word("total", lang), None, None, _month(run.month), None, None, run.total(), None])
    return to_csv(header, body)
