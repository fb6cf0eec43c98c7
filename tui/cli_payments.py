"""``tuki payments``: the month's payment run on the command line.

    tuki payments [--month 2026-11]                 the run (as approved, or computed now)
    tuki payments --month 2026-11 --approve         approve it as shown (then it is locked)
    tuki payments --month 2026-11 --paid 2026-12-05 record the day it was paid
    tuki payments --month 2026-11 --csv FILE --pdf FILE

The CSV opens right in a Finnish spreadsheet (``data/outputs/sheet.py``), the PDF is the
payroll list signed off by the approver; both are written like the minutes (0600, or the
shared folder's mode; never through a link; an existing file replaced only with --force).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from data.dates import add_months, month_start
from data.dates import fi_month as _shown
from data.model.access import AccessView
from tui import cli_access, cli_args, i18n
from tui.i18n import t

PAYMENTS = AccessView.PAYMENTS


def cmd_payments(args: argparse.Namespace) -> int:
    from data.outputs import payments as document
    from tui.cli import acting_user, open_store
    from tui.cli_documents import write

    store = open_store(args)
    lang = i18n.language()
    month = args.month or month_start(add_months(store.clock().date(), -1))
    if args.approve:
        run = store.payments.approve(acting_user(), month)
        total = document.money(run.total, lang)
        print(t("payments.cli.approved", month=_shown(month), total=total))
    if args.paid is not None:
        paid = store.payments.mark_paid(acting_user(), month, args.paid)
        print(t("payments.cli.paid", month=_shown(month), day=i18n.day(paid.paid_on)))
    run = store.payments.run(month)
    approved = store.payments.approved(month)
    if args.csv or args.pdf or not (args.approve or args.paid):  # the lines shown: logged
        cli_access.of_relationships(store, (x.relationship_id for x in run.lines), PAYMENTS)
    outputs = [
        (args.csv, lambda: document.payments_csv(store, run, lang)),
        (args.pdf, lambda: document.payments_pdf(store, run, approved, lang)),
    ]
    for path, make in outputs:
        if path is not None:
            write(store, path, make(), force=args.force)
            print(t("payments.cli.written", month=_shown(month), file=path))
    if not (args.approve or args.paid or args.csv or args.pdf):
        print(document.payments_markdown(store, run, approved, lang), end="")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    pay = sub.add_parser("payments", parents=[common], **about(t("cli.help.payments")))
    pay.add_argument(
        "--month",
        type=cli_args.month,
        metavar=t("cli.metavar.month"),
        help=line(t("cli.help.payments.month")),
    )
    pay.add_argument("--approve", action="store_true", help=line(t("cli.help.payments.approve")))
    pay.add_argument(
        "--paid",
        type=cli_args.day,
        metavar=t("cli.metavar.day"),
        help=line(t("cli.help.payments.paid")),
    )
    file = t("cli.metavar.file")
    pay.add_argument("--csv", type=Path, metavar=file, help=line(t("cli.help.payments.csv")))
    pay.add_argument("--pdf", type=Path, metavar=file, help=line(t("cli.help.payments.pdf")))
    pay.add_argument("--force", action="store_true", help=line(t("cli.help.payments.force")))
    pay.set_defaults(func=cmd_payments, read_only=lambda a: not (a.approve or a.paid))


__all__ = ["cmd_payments", "register"]
