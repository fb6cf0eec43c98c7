"""``tuki access-log``: a client's access log, and what the commands log of their views.

    tuki access-log --client 12 [--from 2026-01-01] [--to 2026-11-30] --format csv|pdf [--out FILE]

answers a client's request to know who has processed their data (703/2023 § 11): when, who,
what kind of view, from which face; never what was seen. For an admin alone. The CSV opens
right in a Finnish spreadsheet (``;``, UTF-8 with a byte-order mark) and goes to the screen
or ``--out``; the PDF goes to ``--out`` or ``access-log-<id>.pdf``. The export is itself a view
of the client's data: it is logged before the log is read (so it lists itself).

``note`` and ``listed`` are what the other commands call before they print a client's data:
one entry per client shown, written in one append (``store.access``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import cli_args, i18n
from tui.i18n import t
from tui.viewed import face_name, view_name, when

if TYPE_CHECKING:
    from data.model.access import AccessEntry, AccessView
    from data.store import Store


def note(store: Store[Any], client_ids: Iterable[int], view: AccessView) -> None:
    """Log that the acting user sees these clients' data on the command line."""
    from data.model.access import Face
    from tui.cli import acting_user

    store.access.viewed_many(acting_user(), client_ids, view, Face.CLI)


def listed(store: Store[Any], what: str, args: argparse.Namespace, rows: Sequence[Any]) -> None:
    """``tuki ls``: one entry per client the listing shows (the volunteers' list shows none)."""
    from data.model.access import AccessView

    if what == "clients":
        note(store, (c.id for c in rows), AccessView.CLIENT_LIST)
    elif what == "concerns":
        note(store, (c.client_id for c in rows), AccessView.CONCERNS)
    elif what == "relationships":
        # --json, written from texts (``listing.Texts``): the clients of the records written
        ids = getattr(rows, "client_ids", None)
        if ids is None:
            ids = [r.client_id for r in rows]
        note(store, ids, AccessView.RELATIONSHIP_LIST)
    elif what == "meetings":
        facts = store.records.relationship_facts()
        rids = dict.fromkeys(m.relationship_id for m in rows)
        note(store, (facts[r].client_id for r in rids if r in facts), AccessView.MEETING_LIST)


def of_relationships(store: Store[Any], rids: Iterable[int], view: AccessView) -> None:
    """Log the clients of these relationships (a document or a list that names them)."""
    facts = store.records.relationship_facts()
    note(store, (facts[r].client_id for r in dict.fromkeys(rids) if r in facts), view)


# ----- the export ------------------------------------------------------------------------------


def rows_of(entries: Sequence[AccessEntry]) -> list[list[str]]:
    return [[when(e), e.by, view_name(e.view), face_name(e.face)] for e in entries]


def export_csv(client_id: int, entries: Sequence[AccessEntry]) -> bytes:
    from data.outputs.sheet import to_csv

    header = [t("access.col.when"), t("access.col.who"), t("access.col.view"), t("access.col.face")]
    return to_csv([t("access.col.client"), *header], ([client_id, *r] for r in rows_of(entries)))


def export_pdf(
    store: Store[Any], client_id: int, period: tuple[date | None, date | None], entries: Any
) -> bytes:
    from data.outputs.document import Block, Frame, to_pdf

    settings = store.records.settings()
    facts = store.records.client_facts().get(client_id)
    name = f"{facts.first} {facts.last}" if facts is not None else ""
    start, end = period
    today = store.clock().date()
    start = start or (entries[0].at.date() if entries else today)
    blocks = [
        Block("h1", t("access.pdf.title")),
        Block("p", t("access.pdf.client", id=client_id, name=name).rstrip(" ,")),
        Block("p", t("access.pdf.period", start=i18n.day(start), end=i18n.day(end or today))),
        Block("p", t("access.pdf.made", when=i18n.moment(store.clock().replace(tzinfo=None)))),
        Block("p", t("access.pdf.about")),
        Block("h2", t("access.pdf.entries", n=len(entries))),
        *(Block("li", " · ".join(row)) for row in rows_of(entries)),
    ]
    if not entries:
        blocks.append(Block("p", t("access.pdf.none")))
    return to_pdf(blocks, i18n.language(), Frame(settings.programme_name, settings.organiser))


def cmd_access_log(args: argparse.Namespace) -> int:
    from data.model.access import AccessView
    from data.model.register import UserRole
    from data.models import Client
    from tui.cli import BadInput, acting_user, open_store
    from tui.cli_documents import write

    if args.start and args.end and args.start > args.end:
        raise BadInput(t("access.cli.bad_period"))
    store = open_store(args)
    user = store.users.permit(acting_user(), UserRole.ADMIN)
    store.records.get(Client, args.client)  # an unknown client: said as such
    note(store, (args.client,), AccessView.ACCESS_LOG)  # this answer is a view of its own
    entries = store.access.entries(user, client_id=args.client, start=args.start, end=args.end)
    out: Path | None = args.out
    if args.format == "csv":
        content = export_csv(args.client, entries)
        if out is None or str(out) == "-":
            print(content.decode("utf-8-sig"), end="")
            return 0
    else:
        if out is not None and str(out) == "-":
            raise BadInput(t("palaverit.pdf_needs_file"))
        out = out or Path(f"access-log-{args.client}.pdf")
        content = export_pdf(store, args.client, (args.start, args.end), entries)
    write(store, out, content, force=args.force)
    print(t("access.cli.written", n=len(entries), id=args.client, file=out))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about, day = cli_args.line, cli_args.about, t("cli.metavar.day")
    log = sub.add_parser("access-log", parents=[common], **about(t("cli.help.access-log")))
    log.add_argument(
        "--client",
        type=cli_args.record_id,
        required=True,
        metavar="ID",
        help=line(t("cli.help.access-log.client")),
    )
    log.add_argument(
        "--from",
        dest="start",
        type=cli_args.day,
        metavar=day,
        help=line(t("cli.help.access-log.start")),
    )
    log.add_argument(
        "--to", dest="end", type=cli_args.day, metavar=day, help=line(t("cli.help.access-log.end"))
    )
    log.add_argument(
        "--format",
        choices=("csv", "pdf"),
        default="csv",
        help=line(t("cli.help.access-log.format", default=cli_args.DEFAULT)),
    )
    file = t("cli.metavar.file")
    log.add_argument("--out", type=Path, metavar=file, help=line(t("cli.help.access-log.out")))
    log.add_argument("--force", action="store_true", help=line(t("cli.help.access-log.force")))
    log.set_defaults(func=cmd_access_log)


__all__ = ["cmd_access_log", "listed", "note", "of_relationships", "register"]
