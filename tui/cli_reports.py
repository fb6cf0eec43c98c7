"""``tuki report`` (record or correct one monthly report) and ``tuki reports`` (a month's list).

    tuki report --relationship 12 --month 2026-11 --days 3,17 [--received 2026-12-02] [--how email]
    tuki report --relationship 12 --month 2026-11 --none --correct
    tuki reports --month 2026-11 [--missing] [--json]

Bad input (a day the month does not have, a month before the relationship started, a second
report without ``--correct``) is refused with one line on stderr and nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from data.dates import add_months, month_end, month_start
from data.dates import fi_month as shown_month
from data.errors import Refused
from data.model.access import AccessView
from data.models import MonthlyReport, ReportHow
from tui import cli_access, cli_args, i18n
from tui.i18n import t
from tui.listing import pair_name, pair_order
from tui.pair_names import shown_volunteer

if TYPE_CHECKING:
    from data.model.facts import RelFacts
    from data.store import Store
    from data.store.reports import MonthRow

_DAYS = re.compile(r"\s*[0-9]{1,2}\s*(,\s*[0-9]{1,2}\s*)*,?\s*")


def day_numbers(text: str) -> list[int]:
    """``3,17`` as the day numbers [3, 17] (ASCII digits, 1..31, comma-separated)."""
    if not _DAYS.fullmatch(text):
        raise argparse.ArgumentTypeError(t("reports.cli.bad_days"))
    numbers = [int(part) for part in text.split(",") if part.strip()]
    if not all(1 <= n <= 31 for n in numbers):
        raise argparse.ArgumentTypeError(t("reports.cli.bad_days"))
    return numbers


def month_days(month: date, numbers: list[int]) -> list[date]:
    """The days of ``month`` with those numbers; a number the month does not have is bad input."""
    last = month_end(month).day
    wrong = [n for n in numbers if n > last]
    if wrong:
        from tui.cli import BadInput

        raise BadInput(t("reports.cli.no_such_day", day=wrong[0], month=shown_month(month)))
    return [month.replace(day=n) for n in numbers]


def shown_days(days: list[date]) -> str:
    return ", ".join(str(d.day) for d in days)


def _pair(store: Store[Any], rel: RelFacts) -> tuple[Any, Any]:
    clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()
    return clients.get(rel.client_id), shown_volunteer(volunteers, rel)


def names(store: Store[Any], rel: RelFacts) -> str:
    return pair_name(*_pair(store, rel))


def cmd_report(args: argparse.Namespace) -> int:
    """Record one monthly report (or, with --correct, correct the recorded one)."""
    from data.errors import NotFound
    from tui.cli import BadInput, acting_user, open_store

    month: date = args.month
    days = [] if args.none else month_days(month, args.days)
    store = open_store(args)
    rel = store.records.relationship_facts().get(args.relationship)
    if rel is None:
        raise NotFound("relationship", args.relationship)
    stored = store.reports.get(args.relationship, month)
    kept = stored.received_on if args.correct and stored else None
    received = args.received or kept or store.clock().date()
    if args.correct and stored is None:
        raise BadInput(t("reports.cli.nothing_to_correct", month=shown_month(month)))
    try:
        report = MonthlyReport(
            relationship_id=args.relationship,
            month=month,
            days_met=days,
            no_meetings=args.none,
            received_on=received,
            how=ReportHow(args.how) if args.how else (stored.how if stored else None),
            version=stored.version if args.correct and stored else 0,
        )
    except ValidationError as exc:
        raise BadInput(i18n.problems(exc.errors(include_url=False))) from None
    user = acting_user()
    try:
        saved = (
            store.reports.correct(user, report)
            if args.correct
            else store.reports.receive(user, report)
        )
    except Refused as exc:
        if exc.code == "report_exists":
            raise BadInput(f"{i18n.explain(exc)} {t('reports.cli.use_correct')}") from None
        raise
    cli_access.note(store, (rel.client_id,), AccessView.MONTHLY_REPORTS)  # names shown: logged
    what = shown_days(saved.days_met) if saved.days_met else t("reports.no_meetings")
    key = "reports.cli.corrected" if args.correct else "reports.cli.saved"
    print(
        t(
            key,
            month=shown_month(month),
            names=names(store, rel),
            days=what,
            received=i18n.day(saved.received_on),
            how=how_text(saved),
        )
    )
    return 0


def how_text(report: MonthlyReport | None) -> str:
    if report is None or report.how is None:
        return "–"
    return t(f"reports.how.{report.how.value}")


def row_json(store: Store[Any], row: MonthRow, month: date) -> dict[str, Any]:
    r = row.report
    return {
        "relationship": row.id,
        "names": names(store, row.facts),
        "month": f"{month.year:04d}-{month.month:02d}",
        "received": r is not None,
        "received_on": r.received_on.isoformat() if r else None,
        "how": r.how.value if r and r.how else None,
        "days_met": [d.isoformat() for d in r.days_met] if r else None,
        "no_meetings": r.no_meetings if r else None,
        "recorded_by": r.created_by if r else None,
        "corrected_by": r.changed_by if r and r.version > 1 else None,
        "offered_days": [d.isoformat() for d in row.offered],
    }


def cmd_reports(args: argparse.Namespace) -> int:
    """The month's reports: every relationship that owes one, received or missing."""
    from tui.cli import open_store

    store = open_store(args)
    month: date = args.month or month_start(add_months(store.clock().date(), -1))
    owed = store.reports.month(month)
    received = sum(1 for r in owed if r.report is not None)
    rows = [r for r in owed if not (args.missing and r.report is not None)]
    rows.sort(key=lambda r: (pair_order(*_pair(store, r.facts)), r.id))
    cli_access.note(store, (r.facts.client_id for r in rows), AccessView.MONTHLY_REPORTS)
    if args.json:
        json.dump(
            [row_json(store, r, month) for r in rows], sys.stdout, indent=1, ensure_ascii=False
        )
        print()
        return 0
    print(t("reports.cli.heading", month=shown_month(month), n=len(owed), received=received))
    if not rows:
        print(t("ls.none"))
        return 0
    header = [t(f"reports.col.{c}") for c in ("id", "names", "state", "days", "how", "by")]
    body = [
        [
            str(r.id),
            names(store, r.facts),
            state_text(r),
            days_text(r),
            how_text(r.report),
            r.report.created_by if r.report else "",
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in body)) for i, h in enumerate(header)]
    for row in [header, *body]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


def state_text(row: MonthRow) -> str:
    """When it was received, or missing in words."""
    if row.report is None:
        return t("reports.state.missing")
    return i18n.day(row.report.received_on)


def days_text(row: MonthRow) -> str:
    """The reported days, "no meetings", or the days offered from the logged meetings."""
    r = row.report
    if r is not None:
        return shown_days(r.days_met) if r.days_met else t("reports.no_meetings")
    return t("reports.offered", days=shown_days(row.offered)) if row.offered else "–"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    report = sub.add_parser("report", parents=[common], **about(t("cli.help.report")))
    report.add_argument(
        "--relationship",
        type=cli_args.record_id,
        required=True,
        metavar="ID",
        help=line(t("cli.help.report.relationship")),
    )
    report.add_argument(
        "--month",
        type=cli_args.month,
        required=True,
        metavar=t("cli.metavar.month"),
        help=line(t("cli.help.report.month")),
    )
    what = report.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--days",
        type=day_numbers,
        metavar=t("cli.metavar.days"),
        help=line(t("cli.help.report.days")),
    )
    what.add_argument("--none", action="store_true", help=line(t("cli.help.report.none")))
    report.add_argument(
        "--received",
        type=cli_args.day,
        metavar=t("cli.metavar.day"),
        help=line(t("cli.help.report.received")),
    )
    report.add_argument(
        "--how",
        choices=[h.value for h in ReportHow],
        help=line(t("cli.help.report.how")),
    )
    report.add_argument("--correct", action="store_true", help=line(t("cli.help.report.correct")))
    report.set_defaults(func=cmd_report)

    reports = sub.add_parser("reports", parents=[common], **about(t("cli.help.reports")))
    reports.add_argument(
        "--month",
        type=cli_args.month,
        metavar=t("cli.metavar.month"),
        help=line(t("cli.help.reports.month")),
    )
    reports.add_argument("--missing", action="store_true", help=line(t("cli.help.reports.missing")))
    reports.add_argument("--json", action="store_true", help=line(t("cli.help.reports.json")))
    reports.set_defaults(func=cmd_reports)
