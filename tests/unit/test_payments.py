"""The payment run's arithmetic: fees held without a report and paid later, travel at the
rate of each meeting's day, per-meeting and per-weekend fees, half-up cents once per line,
and corrections of an approved month as adjustments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from data.rules.payments import (
    FeeUnit,
    Held,
    Item,
    Line,
    MeetingFacts,
    MonthFacts,
    ReportFacts,
    Terms,
    month_lines,
    run,
)

D = Decimal
NOV, DEC, JAN = date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)
MONTHLY = Terms(fee=D("96.70"), allowance=D("54.50"), per_km=D("0.30"))
RAISED = Terms(fee=D("98.00"), allowance=D("55.00"), per_km=D("0.35"))


def terms_from(*changes: tuple[date, Terms]) -> object:
    def terms_on(rid: int, day: date) -> Terms | None:
        current = None
        for since, terms in changes:
            if since <= day:
                current = terms
        return current

    return terms_on


MONTHLY_ONLY = terms_from((date(2026, 1, 1), MONTHLY))


def month(
    report: tuple[int, ...] | None, *meetings: MeetingFacts, on: date = NOV, rid: int = 1
) -> MonthFacts:
    return MonthFacts(rid, 7, on, ReportFacts(report) if report is not None else None, meetings)


def amounts(lines: list[Line]) -> dict[tuple[Item, date, bool], Decimal]:
    return {(line.item, line.for_month, line.held is not None): line.amount for line in lines}


def test_a_month_with_its_report_pays_fee_allowance_and_travel() -> None:
    facts = month((3, 17), MeetingFacts(date(2026, 11, 3), True, km=D("12.5")),
                  MeetingFacts(date(2026, 11, 17), True, km=D("7.3")),
                  MeetingFacts(date(2026, 11, 24), False, km=D("40")))  # fmt: skip
    lines = month_lines(facts, MONTHLY_ONLY)  # type: ignore[arg-type]
    assert amounts(lines) == {
        (Item.FEE, NOV, False): D("96.70"),
        (Item.ALLOWANCE, NOV, False): D("54.50"),
        (Item.TRAVEL, NOV, False): D("5.94"),  # 19.8 km x 0.30 = 5.94; the cancelled one not
    }
    travel = next(line for line in lines if line.item is Item.TRAVEL)
    assert travel.quantity == D("19.8")


def test_a_rate_changing_in_the_middle_of_a_month_applies_from_its_day() -> None:
    terms = terms_from((date(2026, 1, 1), MONTHLY), (date(2026, 11, 15), RAISED))
    facts = month((3, 17), MeetingFacts(date(2026, 11, 3), True, km=D("10")),
                  MeetingFacts(date(2026, 11, 17), True, km=D("10")))  # fmt: skip
    got = amounts(month_lines(facts, terms))  # type: ignore[arg-type]
    assert got[(Item.TRAVEL, NOV, False)] == D("6.50")  # 10 x 0.30 + 10 x 0.35
    assert got[(Item.FEE, NOV, False)] == D("96.70")  # the month's first day's terms


def test_cents_are_rounded_half_up_once_per_line() -> None:
    terms = terms_from((date(2026, 1, 1), Terms(fee=D("0"), per_km=D("0.25"))))
    facts = month((3, 4), MeetingFacts(date(2026, 11, 3), True, km=D("0.1")),
                  MeetingFacts(date(2026, 11, 4), True, km=D("0.1")))  # fmt: skip
    # each alone 0.025 -> 0.03, together 0.05: one rounding of the exact sum
    assert amounts(month_lines(facts, terms))[(Item.TRAVEL, NOV, False)] == D("0.05")  # type: ignore[arg-type]
    terms = terms_from((date(2026, 1, 1), Terms(fee=D("0"), per_km=D("0.25"))))
    one = month((3,), MeetingFacts(date(2026, 11, 3), True, km=D("0.1")))
    assert amounts(month_lines(one, terms))[(Item.TRAVEL, NOV, False)] == D("0.03")  # type: ignore[arg-type]


def test_per_meeting_and_per_weekend_fees_count_the_reported_days() -> None:
    for unit in (FeeUnit.MEETING, FeeUnit.WEEKEND):
        terms = terms_from((date(2026, 1, 1), Terms(fee=D("25.00"), unit=unit)))
        lines = month_lines(month((7, 14, 21)), terms)  # type: ignore[arg-type]
        [fee] = lines
        assert (fee.item, fee.amount, fee.quantity) == (Item.FEE, D("75.00"), D(3))


def test_a_weekend_is_its_days_one_after_another_in_the_month_it_began() -> None:
    terms = terms_from((date(2026, 1, 1), Terms(fee=D("70.00"), unit=FeeUnit.WEEKEND)))
    # Friday 30.10. to Sunday 1.11. was October's; 13.-15.11. and 27.-29.11. are November's
    began = MeetingFacts(date(2026, 10, 30), True, until=date(2026, 11, 1))
    facts = month((1, 13, 14, 15, 27, 28, 29), began)
    [fee] = month_lines(facts, terms)  # type: ignore[arg-type]
    assert (fee.item, fee.amount, fee.quantity) == (Item.FEE, D("140.00"), D(2))


def test_a_professional_service_pays_no_fee_but_reimburses_hobby_costs() -> None:
    terms = terms_from(
        (date(2026, 1, 1), Terms(fee=D("0"), per_km=D("0.30"), reimburse_costs=True))
    )
    facts = month((5,), MeetingFacts(date(2026, 11, 5), True, costs=D("12.50")))
    got = amounts(month_lines(facts, terms))  # type: ignore[arg-type]
    assert got == {(Item.COSTS, NOV, False): D("12.50")}
    volunteer = month((5,), MeetingFacts(date(2026, 11, 5), True, costs=D("12.50")))
    assert Item.COSTS not in {line.item for line in month_lines(volunteer, MONTHLY_ONLY)}  # type: ignore[arg-type]


def test_no_meetings_this_month_pays_no_fee() -> None:
    assert month_lines(month(()), MONTHLY_ONLY) == []  # type: ignore[arg-type]


def test_a_fee_without_its_report_is_held_then_paid_in_a_later_run() -> None:
    november = run(NOV, [month(None)], MONTHLY_ONLY)  # type: ignore[arg-type]
    assert november.paid == [] and november.total() == 0
    assert {line.held for line in november.held} == {Held.REPORT_MISSING}
    # December: November's report has arrived; the held fee is paid, marked for November
    december = run(
        DEC,
        [month((2,), on=DEC)],
        MONTHLY_ONLY,  # type: ignore[arg-type]
        approved=november.lines,
        earlier=[month((3, 17))],
    )
    assert amounts(december.paid) == {
        (Item.FEE, NOV, False): D("96.70"),
        (Item.ALLOWANCE, NOV, False): D("54.50"),
        (Item.FEE, DEC, False): D("96.70"),
        (Item.ALLOWANCE, DEC, False): D("54.50"),
    }
    assert december.total(7) == D("302.40")
    # January: nothing of November is paid twice
    january = run(
        JAN, [], MONTHLY_ONLY,  # type: ignore[arg-type]
        approved=[*november.lines, *december.lines],
        earlier=[month((3, 17)), month((2,), on=DEC)],
    )  # fmt: skip
    assert january.lines == []


def test_a_report_still_missing_stays_held_in_the_next_run() -> None:
    november = run(NOV, [month(None)], MONTHLY_ONLY)  # type: ignore[arg-type]
    december = run(DEC, [], MONTHLY_ONLY, approved=november.lines, earlier=[month(None)])  # type: ignore[arg-type]
    assert december.paid == [] and {line.for_month for line in december.held} == {NOV}


def test_a_change_to_an_approved_month_is_an_adjustment_in_the_next_run() -> None:
    before = month((3,), MeetingFacts(date(2026, 11, 3), True, km=D("10")))
    november = run(NOV, [before], MONTHLY_ONLY)  # type: ignore[arg-type]
    assert november.total() == D("154.20")  # 96.70 + 54.50 + 3.00
    corrected = month((3,), MeetingFacts(date(2026, 11, 3), True, km=D("14")))
    december = run(DEC, [], MONTHLY_ONLY, approved=november.lines, earlier=[corrected])  # type: ignore[arg-type]
    [adjust] = december.lines
    assert (adjust.item, adjust.for_month, adjust.amount, adjust.adjustment) == (
        Item.TRAVEL,
        NOV,
        D("1.20"),
        True,
    )
    # the report was corrected to "no meetings": what was paid is taken back
    none = month(())
    december = run(DEC, [], MONTHLY_ONLY, approved=november.lines, earlier=[none])  # type: ignore[arg-type]
    assert sorted((line.item, line.amount) for line in december.lines) == [
        (Item.ALLOWANCE, D("-54.50")),
        (Item.FEE, D("-96.70")),
        (Item.TRAVEL, D("-3.00")),
    ]
    assert all(line.adjustment for line in december.lines)
