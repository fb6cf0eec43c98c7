"""``tuki meeting-report``: the report to the child's own social worker for a period, as
Markdown (to the screen or a file) or PDF (to a file), written with the same care as the
minutes (``data/outputs/minutes_file.py``: 0600, or the shared folder's mode; never through a
link; an existing file replaced only with --force). Never sent anywhere by the program."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui import cli_args, i18n
from tui.i18n import t


def cmd_meeting_report(args: argparse.Namespace) -> int:
    from data.outputs import meeting_report
    from data.outputs.minutes_file import write_minutes
    from tui.cli import BadInput, open_store

    store = open_store(args)
    rid, lang = args.relationship, i18n.language()
    today = store.clock().date()
    start, end = args.start, args.end or today
    made = today
    out: Path | None = args.out
    if args.format == "pdf":
        if out is not None and str(out) == "-":
            raise BadInput(t("palaverit.pdf_needs_file"))
        out = out or Path(f"meeting-report-{rid}-{start}-{end}.pdf")
        content = meeting_report.report_pdf(store, rid, start, end, made, lang)
    else:
        text = meeting_report.report_markdown(store, rid, start, end, made, lang)
        if out is None or str(out) == "-":
            print(text, end="")
            return 0
        content = text.encode("utf-8")
    try:
        write_minutes(store.engine, content, out, force=args.force)
    except OSError as exc:
        raise BadInput(t("palaverit.cannot_write", file=out, reason=exc.strerror or exc)) from None
    print(t("reports.meeting_report_written", id=rid, file=out))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about, day = cli_args.line, cli_args.about, t("cli.metavar.day")
    report = sub.add_parser(
        "meeting-report", parents=[common], **about(t("cli.help.meeting-report"))
    )
    report.add_argument(
        "relationship",
        type=cli_args.record_id,
        metavar="ID",
        help=line(t("cli.help.meeting-report.relationship")),
    )
    report.add_argument(
        "--from",
        dest="start",
        type=cli_args.day,
        required=True,
        metavar=day,
        help=line(t("cli.help.meeting-report.start")),
    )
    report.add_argument(
        "--to",
        dest="end",
        type=cli_args.day,
        metavar=day,
        help=line(t("cli.help.meeting-report.end")),
    )
    report.add_argument(
        "--format",
        choices=("md", "pdf"),
        default="md",
        help=line(t("cli.help.meeting-report.format", default=cli_args.DEFAULT)),
    )
    report.add_argument(
        "--out",
        type=Path,
        metavar=t("cli.metavar.file"),
        help=line(t("cli.help.meeting-report.out")),
    )
    report.add_argument(
        "--force", action="store_true", help=line(t("cli.help.meeting-report.force"))
    )
    report.set_defaults(func=cmd_meeting_report)


__all__ = ["cmd_meeting_report", "register"]
