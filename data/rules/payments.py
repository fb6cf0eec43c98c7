"""The month's payment run, as pure arithmetic: what each volunteer is paid for each
relationship, what is held and why, and what corrects an approved month.

The inputs are plain facts (``Terms`` in force on a day, the month's ``MonthFacts`` per
relationship, the lines of earlier approved runs); the Store gathers them and keeps the runs.

* **Fee and expense allowance** by the month (or the fee per meeting day, or per weekend: a
  support family's days met one after another, Friday to Sunday, are one weekend):
  paid for a month only when that month's report has arrived (the volunteer's duty to report);
  a report saying "no meetings" pays none. Without the report they are *held*, with the reason,
  and paid in the first run after the report arrives, marked with the month they are for.
  A monthly amount follows the terms in force on the month's first day; an amount per meeting
  day follows the terms of that day.
* **Travel**: the kilometres of the month's held meetings, each at the rate in force on its
  date (a rate that changes in the middle of the month applies from its day).
* **Costs**: the meetings' reimbursable costs, where the terms reimburse them (the child's
  hobby costs in a professional service).
* Each line is rounded to cents, half up, once: the sum of its exact parts.
* **Adjustments**: a month already approved is never recomputed in place. When what it would
  pay now differs from what was approved (a report corrected, a meeting's kilometres fixed),
  the difference goes into the current run as an adjustment line for that month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from data.model.payments import Held, Item
from data.model.weekend import stays

CENT = Decimal("0.01")
ZERO = Decimal("0")


class FeeUnit(StrEnum):
    MONTH = "month"
    MEETING = "meeting"  # per day met
    WEEKEND = "weekend"  # support families: per weekend hosted


@dataclass(frozen=True)
class Terms:
    """A relationship's money terms from one day on."""

    fee: Decimal
    unit: FeeUnit = FeeUnit.MONTH
    allowance: Decimal = ZERO  # per month
    per_km: Decimal = ZERO
    reimburse_costs: bool = False


@dataclass(frozen=True)
class MeetingFacts:
    on: date
    held: bool
    km: Decimal | None = None
    costs: Decimal | None = None
    until: date | None = None  # a support family's weekend: its last day
    by: int | None = None  # who of a peer pair was there alone (None: both, or the only one)
    claim: int | None = None  # who of a pair, both there, claims km and costs (None: the first)


@dataclass(frozen=True)
class ReportFacts:
    """The month's report: the days met (empty: "no meetings this month")."""

    days: tuple[int, ...]


@dataclass(frozen=True)
class MonthFacts:
    """One relationship in one month."""

    relationship_id: int
    volunteer_id: int
    month: date  # the first day
    report: ReportFacts | None
    meetings: tuple[MeetingFacts, ...] = ()
    second_id: int | None = None  # a peer pair's second support person

    @property
    def volunteer_ids(self) -> tuple[int, ...]:
        second = self.second_id
        return (self.volunteer_id,) if second is None else (self.volunteer_id, second)


@dataclass(frozen=True)
class Line:
    volunteer_id: int
    relationship_id: int
    for_month: date  # the month the amount is for
    item: Item
    amount: Decimal
    quantity: Decimal = ZERO  # months, days, weekends, kilometres
    held: Held | None = None  # not paid in this run, and why
    adjustment: bool = False  # corrects an approved month

    @property
    def key(self) -> tuple[int, date, Item, int]:
        return (self.relationship_id, self.for_month, self.item, self.volunteer_id)


@dataclass
class Run:
    """One month's lines: what is paid (adjustments included) and what is held."""

    month: date
    lines: list[Line] = field(default_factory=list)

    @property
    def paid(self) -> list[Line]:
        return [line for line in self.lines if line.held is None]

    @property
    def held(self) -> list[Line]:
        return [line for line in self.lines if line.held is not None]

    def total(self, volunteer_id: int | None = None) -> Decimal:
        return sum(
            (
                line.amount
                for line in self.paid
                if volunteer_id is None or line.volunteer_id == volunteer_id
            ),
            ZERO,
        )


TermsOn = Callable[[int, date], Terms | None]  # (relationship id, day) -> terms in force


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def month_lines(facts: MonthFacts, terms_on: TermsOn) -> list[Line]:
    """What one relationship's month pays, held or not (fee, allowance, travel, costs). Each
    of a peer pair is paid their own fee and allowance for the days they were there, and the
    travel and costs of the meetings they were at alone (those of both: the one the meeting
    says claims them, else the first person's)."""
    rid, month = facts.relationship_id, facts.month
    lines: list[Line] = []
    for vid in facts.volunteer_ids:
        lines += _fee_lines(facts, vid, terms_on)
    paid: dict[int, list[Decimal]] = {v: [ZERO, ZERO, ZERO] for v in facts.volunteer_ids}
    for meeting in facts.meetings:
        if not meeting.held:
            continue
        terms = terms_on(rid, meeting.on)
        if terms is None:
            continue
        claim = meeting.by or meeting.claim or 0
        sums = paid.get(claim) or paid[facts.volunteer_id]  # km, travel, costs
        if meeting.km:
            sums[0] += meeting.km
            sums[1] += meeting.km * terms.per_km
        if meeting.costs and terms.reimburse_costs:
            sums[2] += meeting.costs
    for vid, (km, travel, _) in paid.items():
        if travel:
            lines.append(Line(vid, rid, month, Item.TRAVEL, cents(travel), km))
    for vid, (_, _, costs) in paid.items():
        if costs:
            lines.append(Line(vid, rid, month, Item.COSTS, cents(costs)))
    return lines


def _fee_lines(facts: MonthFacts, vid: int, terms_on: TermsOn) -> list[Line]:
    """The fee and allowance of one support person of the relationship's month."""
    rid, month = facts.relationship_id, facts.month
    lines: list[Line] = []
    first = terms_on(rid, month)
    held = None if facts.report is not None else Held.REPORT_MISSING
    days = _days(facts, vid)
    if first is not None:
        if not first.fee:
            pass  # a professional service pays the volunteer no fee
        elif first.unit is FeeUnit.MONTH:
            if days or held:  # a report of no meetings pays no fee
                lines.append(Line(vid, rid, month, Item.FEE, cents(first.fee), Decimal(1), held))
        else:
            # per day met, or per weekend: the days met one after another are one weekend,
            # paid by the terms of its first day
            # (a weekend begun last month is that month's: its days here are not counted)
            firsts = days if first.unit is FeeUnit.MEETING else _weekends(facts, days)
            exact = ZERO
            for day in firsts:
                terms = terms_on(rid, day)
                exact += terms.fee if terms is not None else ZERO
            if firsts and exact:
                lines.append(
                    Line(vid, rid, month, Item.FEE, cents(exact), Decimal(len(firsts)), held)
                )
        if first.allowance and (days or held):
            lines.append(
                Line(vid, rid, month, Item.ALLOWANCE, cents(first.allowance), Decimal(1), held)
            )
    return lines


def _weekends(facts: MonthFacts, days: list[date]) -> list[date]:
    """The first day of each weekend of the days met, without the days of a weekend that began
    the month before (``facts.meetings`` holds it, with its last day, when there is one)."""
    month = facts.month
    carried = [m.until for m in facts.meetings if m.held and m.until and m.on < month]
    end = max(carried, default=None)
    return [s[0] for s in stays([d for d in days if end is None or d > end])]


def _days(facts: MonthFacts, vid: int | None = None) -> list[date]:
    """The days met by the report (the report is what the fee rests on); none without one. Of
    a peer pair, ``vid``'s: not the days whose held meetings the other one was at alone."""
    if facts.report is None:
        return []
    month = facts.month
    days = [month.replace(day=d) for d in sorted(set(facts.report.days))]
    if facts.second_id is None or vid is None:
        return days
    present: dict[date, bool] = {}  # day -> whether vid was at one of its held meetings
    for m in facts.meetings:
        if m.held:
            present[m.on] = present.get(m.on, False) or m.by in (None, vid)
    return [day for day in days if present.get(day, True)]


def run(
    month: date,
    facts: Iterable[MonthFacts],
    terms_on: TermsOn,
    approved: Sequence[Line] = (),
    earlier: Iterable[MonthFacts] = (),
) -> Run:
    """The run of ``month``.

    ``facts``: every relationship's facts of ``month``. ``approved``: the lines of the earlier
    runs that were approved (paid and held). ``earlier``: the facts now known of the months
    those runs covered (what they would pay today): a fee held there whose report has arrived
    is paid here, and a difference from what was approved is an adjustment here.
    """
    result = Run(month)
    for one in facts:
        result.lines += month_lines(one, terms_on)
    paid_before: dict[tuple[int, date, Item, int], Decimal] = defaultdict(lambda: ZERO)
    held_before: dict[tuple[int, date, Item, int], Line] = {}
    for line in approved:
        if line.held is None:
            paid_before[line.key] += line.amount
        else:
            held_before[line.key] = line
    for one in earlier:
        if one.month >= month:
            continue
        now = month_lines(one, terms_on)
        for line in now:
            if line.held is not None:
                result.lines.append(line)  # still held: listed with this run's held ones
                continue
            before = paid_before.get(line.key, ZERO)
            if line.key in held_before and before == ZERO:
                result.lines.append(line)  # held then, its report has arrived: paid now
            elif line.amount != before:
                result.lines.append(_adjust(line, line.amount - before))
        now_keys = {line.key for line in now}
        for key, before in paid_before.items():  # paid then, nothing to pay now: take back
            if key[1] == one.month and key[0] == one.relationship_id and key not in now_keys:
                result.lines.append(Line(key[3], key[0], key[1], key[2], -before, adjustment=True))
    return result


def _adjust(line: Line, difference: Decimal) -> Line:
    return Line(
        line.volunteer_id,
        line.relationship_id,
        line.for_month,
        line.item,
        difference,
        line.quantity,
        adjustment=True,
    )
