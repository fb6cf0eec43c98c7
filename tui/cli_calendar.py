"""``tuki calendar``: the programme's dates as an iCalendar file for any calendar program.

    tuki calendar --out FILE.ics [--coordinator LOGIN] [--from DAY] [--force]

First meetings agreed at start meetings, reviews due, planned ends and the palaverit drafted,
of every relationship that has not ended (``data/rules/calendar.py``), from a month back
(``--from``: an earlier day for more; a national folder's every date since its start, 23,000
events, takes some 5 s). The events name the
child and the volunteer by their initials and the relationship by its number: never a name or
any text of a report. Importing the file again updates the events rather than adding them
twice. The calendar is a view of each client it names, logged in the access log.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import Any

from tui import cli_args, i18n
from tui.i18n import t

SINCE_DAYS = 31  # the events from a month back by default (``--from`` for earlier ones; the
# help text says 31)


def title(event: Any) -> str:
    from data.rules.calendar import EventKind

    who = " – ".join(w for w in (event.child, event.volunteer) if w) or "–"
    if event.kind is EventKind.PALAVERI:
        what = i18n.palaveri_kind(event.palaveri)
        return t("calendar.event.palaveri", what=what, who=who, ref=event.ref)
    return t(f"calendar.event.{event.kind.value}", who=who, ref=event.ref)


def description(event: Any) -> str:
    from data.rules.calendar import EventKind

    if event.kind is EventKind.PALAVERI:
        return t("calendar.about.palaveri", ref=event.ref, rel=event.relationship_id)
    return t("calendar.about.relationship", rel=event.relationship_id)


def cmd_calendar(args: argparse.Namespace) -> int:
    from data.model.access import AccessView
    from data.models import Relationship, State
    from data.outputs.calendar import to_ics
    from data.rules.calendar import events
    from tui.cli import BadInput, open_store
    from tui.cli_access import note
    from tui.cli_documents import write

    out: Path = args.out
    if str(out) == "-":
        raise BadInput(t("calendar.cli.needs_file"))
    store = open_store(args)
    login = args.coordinator
    users = store.records.settings().users
    if login is not None and users and login not in users:
        raise BadInput(t("calendar.cli.unknown_coordinator", login=login, users=", ".join(users)))
    clients = {c.id: (c.first, c.last) for c in store.records.client_facts().values()}
    volunteers = {v.id: (v.first, v.last) for v in store.records.volunteer_facts().values()}
    # the relationships not ended (an ended one is not validated) and their drafts only
    rels = store.records.select(Relationship, lambda row: row.get("state") != State.ENDED)
    since = args.since or store.clock().date() - timedelta(days=SINCE_DAYS)
    drafts = store.palaverit.drafts_once
    found = events(rels, drafts, clients, volunteers, coordinator=login, since=since)
    name = store.records.settings().programme_name
    content = to_ics(found, title, description, name, now=store.clock())
    note(store, (e.client_id for e in found), AccessView.CALENDAR)  # before it is written
    write(store, out, content, force=args.force)
    print(t("calendar.cli.written", n=len(found), file=out))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    parser = sub.add_parser("calendar", parents=[common], **about(t("cli.help.calendar")))
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar=t("cli.metavar.file"),
        help=line(t("cli.help.calendar.out")),
    )
    parser.add_argument(
        "--coordinator", metavar="LOGIN", help=line(t("cli.help.calendar.coordinator"))
    )
    parser.add_argument(
        "--from",
        dest="since",
        type=cli_args.day,
        metavar=t("cli.metavar.day"),
        help=line(t("cli.help.calendar.since")),
    )
    parser.add_argument("--force", action="store_true", help=line(t("cli.help.calendar.force")))
    parser.set_defaults(func=cmd_calendar)


__all__ = ["cmd_calendar", "description", "register", "title"]
