"""``tuki minutes`` and ``tuki meeting-report``: a palaveri's minutes and the report to the
child's own social worker for a period, as Markdown (to the screen or a file) or PDF (to a
file). Every document file (also ``tuki payments``' CSV and PDF) is written by ``write``:
0600, or the shared folder's mode; never through a link; an existing file replaced only with
--force (``data/outputs/minutes_file.py``). Never sent anywhere by the program."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from data.model.access import AccessView
from tui import cli_access, cli_args, i18n
from tui.i18n import t


def write(store: Any, path: Path, content: bytes, *, force: bool) -> None:
    """Write a document's file with the minutes' care (0600, no links, --force to replace);
    a file that cannot be written is bad input, said in words."""
    from data.outputs.minutes_file import write_minutes
    from tui.cli import BadInput

    try:
        write_minutes(store.engine, content, path, force=force)
    except FileNotFoundError:  # the folder it names is not there (the system's words are English)
        raise BadInput(t("documents.no_folder", folder=path.parent, file=path.name)) from None
    except PermissionError:
        raise BadInput(t("documents.no_right", folder=path.parent, file=path.name)) from None
    except OSError as exc:
        raise BadInput(t("palaverit.cannot_write", file=path, reason=exc.strerror or exc)) from None


def put_out(
    store: Any,
    args: argparse.Namespace,
    default: str,
    markdown: Callable[[], str],
    pdf: Callable[[], bytes],
) -> Path | None:
    """``--format md``: Markdown to the screen, or to ``--out``; ``--format pdf``: to ``--out``
    or ``default``. The file written, or None when it went to the screen."""
    from tui.cli import BadInput

    out: Path | None = args.out
    if args.format == "pdf":
        if out is not None and str(out) == "-":
            raise BadInput(t("palaverit.pdf_needs_file"))
        out = out or Path(default)
        content = pdf()
    else:
        text = markdown()
        if out is None or str(out) == "-":
            print(text, end="")
            return None
        content = text.encode("utf-8")
    write(store, out, content, force=args.force)
    return out


def cmd_minutes(args: argparse.Namespace) -> int:
    """A palaveri's minutes: Markdown to stdout or --out, PDF to --out or minutes-REF.pdf."""
    from data.outputs import minutes
    from tui.cli import open_store

    store = open_store(args)
    palaveri = store.palaverit.by_ref(args.palaveri)
    rid, pid, lang = palaveri.relationship_id, palaveri.id, i18n.language()
    cli_access.of_relationships(store, (rid,), AccessView.MINUTES)  # the access log
    written = put_out(
        store,
        args,
        f"minutes-{palaveri.ref}.pdf",
        lambda: minutes.minutes_markdown(store, rid, pid, lang),
        lambda: minutes.minutes_pdf(store, rid, pid, lang),
    )
    if written is not None:
        print(t("palaverit.minutes_written", ref=palaveri.ref, file=written))
    return 0


def cmd_meeting_report(args: argparse.Namespace) -> int:
    from data.outputs import meeting_report
    from tui.cli import open_store

    store = open_store(args)
    rid, lang = args.relationship, i18n.language()
    today = store.clock().date()
    start, end = args.start, args.end or today
    cli_access.of_relationships(store, (rid,), AccessView.SOCIAL_WORKER_REPORT)  # the access log
    written = put_out(
        store,
        args,
        f"meeting-report-{rid}-{start}-{end}.pdf",
        lambda: meeting_report.report_markdown(store, rid, start, end, today, lang),
        lambda: meeting_report.report_pdf(store, rid, start, end, today, lang),
    )
    if written is not None:
        print(t("reports.meeting_report_written", id=rid, file=written))
    return 0


def add_output(parser: argparse.ArgumentParser, command: str) -> None:
    """``--format md|pdf``, ``--out FILE`` and ``--force``, their help from the catalogs."""
    line = cli_args.line
    parser.add_argument(
        "--format",
        choices=("md", "pdf"),
        default="md",
        help=line(t(f"cli.help.{command}.format", default=cli_args.DEFAULT)),
    )
    parser.add_argument(
        "--out", type=Path, metavar=t("cli.metavar.file"), help=line(t(f"cli.help.{command}.out"))
    )
    parser.add_argument("--force", action="store_true", help=line(t(f"cli.help.{command}.force")))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about, day = cli_args.line, cli_args.about, t("cli.metavar.day")
    minutes = sub.add_parser("minutes", parents=[common], **about(t("cli.help.minutes")))
    minutes.add_argument(
        "palaveri",
        metavar=t("cli.metavar.palaveri"),
        help=line(t("cli.help.minutes.palaveri")),
    )
    add_output(minutes, "minutes")
    minutes.set_defaults(func=cmd_minutes)

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
    add_output(report, "meeting-report")
    report.set_defaults(func=cmd_meeting_report)


__all__ = ["add_output", "cmd_meeting_report", "cmd_minutes", "put_out", "register", "write"]
