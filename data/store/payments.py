"""The Payments part: a month's payment run computed from the records, approved (and then
locked), marked paid.

A run is computed, not stored, until it is approved: ``run(month)`` gathers each relationship's
terms, the month's reports and meetings, and the approved runs before it, and hands them to the
pure arithmetic of ``data/rules/payments.py``. ``approve`` stores the run as computed at that
moment in the month's file (``reports/<YYYY-MM>.json``, table ``payment_runs``); an approved run
is never recomputed: corrections to its month appear as adjustment lines in a later run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from data.dates import Clock, add_months, fi_date, month_end, month_key, month_start
from data.dates import fi_month as _shown
from data.errors import NotFound, Refused
from data.model.payments import PaymentLine, PaymentRun
from data.model.register import UserRole
from data.model.weekend import MOST_DAYS
from data.models import (
    Agreement,
    FeeModel,
    MonthlyReport,
    Relationship,
    Settings,
    VolunteerKind,
)
from data.rules import payments as rules
from data.rules.reports import owes
from data.storage.forked import apart, engine_locks
from data.storage.layout import FLAT, REPORTS, RUNS, report_file
from data.storage.rows import read_once, selected
from data.store.meetings import between
from data.store.records import Records

#: how many approved months back a run looks for held fees and corrections
LOOK_BACK = 24

Progress = Callable[[int, int], None]

_UNITS = {
    FeeModel.MONTHLY: rules.FeeUnit.MONTH,
    FeeModel.PER_MEETING: rules.FeeUnit.MEETING,
    FeeModel.PER_WEEKEND: rules.FeeUnit.WEEKEND,
    FeeModel.NONE: rules.FeeUnit.MONTH,
}


class Payments:
    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock

    # ----- reading -----------------------------------------------------------------------------

    def approved(self, month: date) -> PaymentRun | None:
        """The month's approved run, or None."""
        # read once, not kept: a run looks back 24 months (their files: 11 MB each parsed)
        doc = read_once(self._records.engine, report_file(month_start(month)), strict=False)
        row = doc.get(RUNS, {}).get("1")
        return self._records.load(PaymentRun, row, report_file(month)) if row else None

    def run(self, month: date, progress: Progress | None = None) -> rules.Run:
        """The month's run: as approved when it was, else computed from the records now;
        ``progress(done, total)`` is told how many relationships' meetings have been read."""
        month = month_start(month)
        stored = self.approved(month)
        if stored is not None:
            return rules.Run(month, [_line(line) for line in stored.lines])
        return self._compute(month, progress)

    def run_apart(self, month: date, progress: Progress | None = None) -> rules.Run:
        """``run(month, progress)`` worked out in a forked child that sends back only the
        run (``data/storage/forked.apart``; where there is no fork, here): the console's. At
        national scale the run reads the 32 MB relationships file and thousands of shards;
        done here, the process grew by 100 MB while it worked and stayed 40 MB bigger after
        (Python's heap keeps what is freed between the objects that live on)."""

        def work(tell: Callable[[object], None]) -> rules.Run:
            told = None if progress is None else lambda done, total: tell((done, total))
            return self.run(month, told)

        def heard(message: object) -> None:
            if progress is not None and isinstance(message, tuple):
                progress(*message)

        return apart(work, heard, engine_locks(self._records.engine))

    def _compute(self, month: date, progress: Progress | None = None) -> rules.Run:
        records = self._records
        settings = records.settings()
        facts = records.relationship_facts()
        earlier_runs = [
            run
            for back in range(1, LOOK_BACK + 1)
            if (run := self.approved(add_months(month, -back))) is not None
        ]
        months = [month, *(run.month for run in earlier_runs)]
        # only the relationships that owe a month are read, and of their meetings only those
        # of the months are validated; what is kept of each is what the arithmetic needs (a
        # national run: 22,000 relationships, 1,000,000 meetings, 24 months looked back)
        owing = [rid for rid, rel in facts.items() if any(owes(rel, m) for m in months)]
        parties: dict[int, tuple[tuple[int, ...], VolunteerKind, Agreement]] = {}
        place = FLAT[Relationship]  # read once: the console keeps no 32 MB file for the run
        stored = read_once(records.engine, place.file).get(place.table, {})
        for rid in owing:
            row = stored.get(str(rid))
            if row is None:
                raise NotFound(Relationship.kind_name, rid)
            r = records.load(Relationship, row, place.file)
            if r.agreement is not None:
                parties[rid] = (r.volunteer_ids, r.service, r.agreement)
        del stored
        wanted = [rid for rid in owing if rid in parties]
        days_met: dict[tuple[int, date], tuple[int, ...]] = {}
        for m in months:
            rel = report_file(m)
            rows = selected(
                records.engine, rel, REPORTS, lambda r: r.get("relationship_id") in parties
            )
            for row in rows.values():
                report = records.load(MonthlyReport, row, rel)
                days_met[report.relationship_id, m] = tuple(d.day for d in report.days_met)
        held: dict[tuple[int, date], list[rules.MeetingFacts]] = defaultdict(list)
        first, last = min(months), month_end(month)
        step = max(1, len(wanted) // 50)  # about fifty reports, whatever the scale
        for n, rid in enumerate(wanted):
            if progress is not None and n % step == 0:
                progress(n, len(wanted))
            # from a few days earlier: a weekend begun the month before is that month's
            for x in between(records, rid, first - timedelta(days=MOST_DAYS), last):
                by, claim = x.met_by, x.claimed_by
                facts_of = rules.MeetingFacts(x.on, x.held, x.km, x.costs, x.until, by, claim)
                held[rid, month_start(x.on)].append(facts_of)
                if x.until is not None and x.until.month != x.on.month:  # its days there
                    held[rid, month_start(x.until)].append(
                        rules.MeetingFacts(x.on, x.held, until=x.until)
                    )

        def month_facts(rid: int, m: date) -> rules.MonthFacts:
            days = days_met.get((rid, m))
            ids = parties[rid][0]
            return rules.MonthFacts(
                rid,
                ids[0],
                m,
                rules.ReportFacts(days) if days is not None else None,
                tuple(held.get((rid, m), ())),
                ids[1] if len(ids) > 1 else None,  # a peer pair's second person
            )

        def terms_on(rid: int, day: date) -> rules.Terms | None:
            _, service, agreement = parties[rid]
            return _terms(agreement, service, settings, day)

        current = [month_facts(rid, month) for rid in wanted if owes(facts[rid], month)]
        earlier = [
            month_facts(rid, run.month)
            for run in earlier_runs
            for rid in wanted
            if owes(facts[rid], run.month)
        ]
        approved = [_line(line) for run in earlier_runs for line in run.lines]
        return rules.run(month, current, terms_on, approved, earlier)

    # ----- writing -----------------------------------------------------------------------------

    def approve(
        self, user: str, month: date, *, expected_total: Decimal | None = None
    ) -> PaymentRun:
        """Store the month's run as computed now and lock it. Refused before the month has
        ended and when it was approved already; ``expected_total``: the total the approver saw
        (refused if the records changed meanwhile, so nobody approves sums they did not see).
        An admin's."""
        self._records.permit(user, UserRole.ADMIN)
        month = month_start(month)
        today = self._clock().date()
        if month_end(month) >= today:
            raise Refused(
                "run_month_open",
                "{month} has not ended yet; approve its payments from {day} on.",
                month=_shown(month),
                day=fi_date(add_months(month, 1)),
            )
        records = self._records
        with records.transaction() as tx:
            stored = tx.get(report_file(month), RUNS, 1)
            if stored is not None:
                earlier = records.load(PaymentRun, stored, report_file(month))
                raise Refused(
                    "run_approved",
                    "The payments of {month} were approved by {who} on {day}; a correction goes "
                    "into a later month's run as an adjustment.",
                    month=_shown(month),
                    who=earlier.approved_by,
                    day=fi_date(earlier.approved_at.date()),
                )
            computed = self._compute(month)
            if expected_total is not None and computed.total() != expected_total:
                raise Refused(
                    "run_changed",
                    "The records changed while you looked: the total is now {total} €. Look at "
                    "the run again before approving it.",
                    total=f"{computed.total():.2f}".replace(".", ","),
                )
            now = self._clock()
            run = PaymentRun(
                month=month,
                lines=[_stored(line) for line in computed.lines],
                approved_by=user,
                approved_at=now,
            )
            data = records.stamp_new(run, user, 1)
            result = records.validate(PaymentRun, data)
            tx.put(report_file(month), RUNS, 1, data)
        return result

    def mark_paid(
        self, user: str, month: date, on: date, *, version: int | None = None
    ) -> PaymentRun:
        """Record the day the approved run was paid (version-checked when ``version`` is given).
        An admin's."""
        self._records.permit(user, UserRole.ADMIN)
        month = month_start(month)
        records = self._records
        with records.transaction() as tx:
            stored = tx.get(report_file(month), RUNS, 1)
            if stored is None:
                raise Refused(
                    "run_not_approved",
                    "The payments of {month} have not been approved yet; approve them first.",
                    month=_shown(month),
                )
            current = records.load(PaymentRun, stored, report_file(month))
            if on > self._clock().date():
                raise Refused("paid_in_future", "A payment day cannot be in the future.")
            if on < current.approved_at.date():
                raise Refused(
                    "paid_before_approved",
                    "The run was approved on {day}; it cannot have been paid before that.",
                    day=fi_date(current.approved_at.date()),
                )
            changed = current.model_copy(update={"paid_on": on})
            if version is not None:
                changed = changed.model_copy(update={"version": version})
            data = records.stamp_change(PaymentRun, stored, changed, user, month_key(month))
            result = records.validate(PaymentRun, data)
            tx.put(report_file(month), RUNS, 1, data)
        return result


def _terms(
    agreement: Agreement, service: VolunteerKind, settings: Settings, day: date
) -> rules.Terms | None:
    """The relationship's terms on ``day`` as the arithmetic needs them (None before its
    agreement's start)."""
    if day < agreement.start:
        return None
    terms = agreement.terms_on(day)
    per_km = Decimal("0")
    if terms.travel_reimbursed:
        if terms.per_km is not None:
            per_km = terms.per_km
        else:
            rate = settings.rate_on(day, service)
            per_km = rate.per_km if rate is not None else Decimal("0")
    fee = terms.fee if terms.model is not FeeModel.NONE else Decimal("0")
    return rules.Terms(
        fee=fee,
        unit=_UNITS[terms.model],
        allowance=terms.allowance,
        per_km=per_km,
        reimburse_costs=terms.hobby_costs,
    )


def _line(line: PaymentLine) -> rules.Line:
    return rules.Line(
        line.volunteer_id,
        line.relationship_id,
        line.for_month,
        line.item,
        line.amount,
        line.quantity,
        line.held,
        line.adjustment,
    )


def _stored(line: rules.Line) -> PaymentLine:
    return PaymentLine(
        volunteer_id=line.volunteer_id,
        relationship_id=line.relationship_id,
        for_month=line.for_month,
        item=line.item,
        amount=line.amount,
        quantity=line.quantity,
        held=line.held,
        adjustment=line.adjustment,
    )


__all__ = ["RUNS", "Payments"]
