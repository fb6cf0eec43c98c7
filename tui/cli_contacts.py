"""``tuki contact`` and ``tuki summary``: a professional service's contacts with the child's
network, and the regular summary of the work done for a period (issue 16).

    tuki contact log 12 --with school --how phone --date 2026-11-03 --time 14.30 --minutes 15
    tuki contact list 12 [--from 2026-09-01] [--to 2026-11-30]
    tuki contact change 12-3 [--minutes 20] [--note TEXT] ...
    tuki contact remove 12-3 [--yes]
    tuki summary 12 --from 2026-06-01 --to 2026-11-30 --format md|pdf [--out FILE] [--force]

Listing the contacts and writing the summary are views of the client's data (the access log).
"""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time
from typing import Any

from data.model.access import AccessView
from data.model.contact import MOST_MINUTES, Contact, ContactHow, ContactWith
from tui import cli_access, cli_args, i18n
from tui.i18n import t

_CLOCK = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


def clock(text: str) -> time:
    """A time of day: 14.30 or 14:30."""
    found = _CLOCK.fullmatch(text.strip())
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise argparse.ArgumentTypeError(t("contacts.bad_time"))
    return time(int(found[1]), int(found[2]))


def moment(store: Any, day: date, at: time | None) -> datetime:
    """The contact's moment: the day at the time given; today without a time: now; another day
    without one: noon."""
    now = store.clock()
    if at is None:
        if day == now.date():
            return now.replace(second=0, microsecond=0)
        at = time(12, 0)
    return datetime.combine(day, at, tzinfo=now.tzinfo)


def contact_line(c: Contact) -> str:
    """One contact in a line, in the user's words."""
    whom = t(f"contacts.with.{c.whom.value}") + (f" ({c.name})" if c.name else "")
    parts = [f"{c.ref:>6}", i18n.moment(c.at), whom, t(f"contacts.how.{c.how}")]
    if c.minutes:
        parts.append(t("contacts.minutes", n=c.minutes))
    line = "  ".join(parts)
    return f"{line}  {' '.join(c.note.split())}" if c.note.strip() else line


def _build(args: argparse.Namespace, base: dict[str, Any]) -> Contact:
    from pydantic import ValidationError

    from tui.cli import BadInput

    try:
        return Contact.model_validate(base)
    except ValidationError as exc:
        raise BadInput(i18n.problems(exc.errors(include_url=False))) from None


def cmd_log(args: argparse.Namespace) -> int:
    from tui.cli import acting_user, open_store

    store = open_store(args)
    base = {
        "relationship_id": args.relationship,
        "at": moment(store, args.date, args.time),
        "whom": args.whom,
        "name": args.name or "",
        "how": args.how,
        "minutes": args.minutes,
        "note": args.note or "",
    }
    saved = store.contacts.log(acting_user(), _build(args, base))
    print(t("contacts.saved", ref=saved.ref, day=i18n.day(saved.on)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from data.outputs.meeting_report import check_period
    from tui.cli import open_store

    store = open_store(args)
    rid = args.relationship
    found = store.contacts.of(rid)
    start, end = args.start or date.min, args.end or date.max
    check_period(start, end)
    cli_access.of_relationships(store, (rid,), AccessView.CONTACTS)  # before it is shown
    chosen = [c for c in found if start <= c.on <= end]
    print("\n".join(contact_line(c) for c in chosen) if chosen else t("contacts.none"))
    return 0


def cmd_change(args: argparse.Namespace) -> int:
    from tui.cli import acting_user, open_store

    store = open_store(args)
    contact = store.contacts.by_ref(args.contact)
    data = contact.model_dump(mode="json")
    day = args.date or contact.on
    if args.date is not None or args.time is not None:
        at = args.time or contact.at.timetz().replace(tzinfo=None)
        data["at"] = moment(store, day, at).isoformat()
    for name in ("whom", "name", "how", "minutes", "note"):
        value = getattr(args, name)
        if value is not None:
            data[name] = value
    saved = store.contacts.change(acting_user(), _build(args, data))
    print(t("contacts.changed", ref=saved.ref, version=saved.version))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from tui.cli import BadInput, acting_user, open_store
    from tui.cli_sensitive import terminal

    store = open_store(args)
    contact = store.contacts.by_ref(args.contact)
    if not args.yes:
        if not terminal():
            raise BadInput(t("contacts.needs_yes"))
        import questionary

        question = t("contacts.confirm_remove", line=contact_line(contact))
        answer = questionary.confirm(question, default=False).ask()
        if not answer:
            print(t("contacts.kept"))
            return 1
    removed = store.contacts.remove(
        acting_user(), contact.relationship_id, contact.id or 0, contact.version
    )
    print(t("contacts.removed", ref=removed.ref))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from data.outputs import summary
    from tui.cli import open_store
    from tui.cli_documents import put_out

    store = open_store(args)
    rid, lang = args.relationship, i18n.language()
    today = store.clock().date()
    start, end = args.start, args.end or today
    cli_access.of_relationships(store, (rid,), AccessView.SUMMARY)  # the access log
    written = put_out(
        store,
        args,
        f"summary-{rid}-{start}-{end}.pdf",
        lambda: summary.summary_markdown(store, rid, start, end, today, lang),
        lambda: summary.summary_pdf(store, rid, start, end, today, lang),
    )
    if written is not None:
        print(t("contacts.summary_written", id=rid, file=written))
    return 0


def _details(parser: argparse.ArgumentParser, verb: str) -> None:
    """The contact's options of ``log`` (the with-whom and the day required) and ``change``."""
    line, text, key = cli_args.line, t("cli.metavar.text"), f"cli.help.contact.{verb}"
    required = verb == "log"
    parser.add_argument(
        "--with",
        dest="whom",
        choices=[w.value for w in ContactWith],
        required=required,
        help=line(t(f"{key}.whom")),
    )
    parser.add_argument("--name", metavar=text, help=line(t(f"{key}.name")))
    parser.add_argument(
        "--how",
        choices=[h.value for h in ContactHow],
        default=ContactHow.PHONE.value if required else None,
        help=line(t(f"{key}.how", default=cli_args.DEFAULT)),
    )
    parser.add_argument(
        "--date",
        type=cli_args.day,
        required=required,
        metavar=t("cli.metavar.day"),
        help=line(t(f"{key}.date")),
    )
    parser.add_argument("--time", type=clock, metavar="HH.MM", help=line(t(f"{key}.time")))
    parser.add_argument(
        "--minutes",
        type=cli_args.bounded(1, MOST_MINUTES),
        metavar="MIN",
        help=line(t(f"{key}.minutes")),
    )
    parser.add_argument("--note", metavar=text, help=line(t(f"{key}.note")))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    from tui.cli_documents import add_output

    line, about, day = cli_args.line, cli_args.about, t("cli.metavar.day")
    contact = sub.add_parser("contact", parents=[common], **about(t("cli.help.contact")))
    verbs = contact.add_subparsers(
        dest="verb",
        required=True,
        metavar=t("cli.metavar.action"),
        help=line(t("cli.help.contact.verb")),
    )
    key = "cli.help.contact.log"
    log = verbs.add_parser("log", parents=[common], **about(t(key)))
    log.add_argument(
        "relationship", type=cli_args.record_id, metavar="ID", help=line(t(f"{key}.relationship"))
    )
    _details(log, "log")
    log.set_defaults(func=cmd_log)

    key = "cli.help.contact.list"
    listing = verbs.add_parser("list", parents=[common], **about(t(key)))
    listing.add_argument(
        "relationship", type=cli_args.record_id, metavar="ID", help=line(t(f"{key}.relationship"))
    )
    listing.add_argument(
        "--from", dest="start", type=cli_args.day, metavar=day, help=line(t(f"{key}.start"))
    )
    listing.add_argument(
        "--to", dest="end", type=cli_args.day, metavar=day, help=line(t(f"{key}.end"))
    )
    listing.set_defaults(func=cmd_list)

    ref = t("cli.metavar.contact")
    key = "cli.help.contact.change"
    change = verbs.add_parser("change", parents=[common], **about(t(key)))
    change.add_argument("contact", metavar=ref, help=line(t(f"{key}.contact")))
    _details(change, "change")
    change.set_defaults(func=cmd_change)

    key = "cli.help.contact.remove"
    remove = verbs.add_parser("remove", parents=[common], **about(t(key)))
    remove.add_argument("contact", metavar=ref, help=line(t(f"{key}.contact")))
    remove.add_argument("--yes", action="store_true", help=line(t(f"{key}.yes")))
    remove.set_defaults(func=cmd_remove)

    summary = sub.add_parser("summary", parents=[common], **about(t("cli.help.summary")))
    summary.add_argument(
        "relationship",
        type=cli_args.record_id,
        metavar="ID",
        help=line(t("cli.help.summary.relationship")),
    )
    summary.add_argument(
        "--from",
        dest="start",
        type=cli_args.day,
        required=True,
        metavar=day,
        help=line(t("cli.help.summary.start")),
    )
    summary.add_argument(
        "--to", dest="end", type=cli_args.day, metavar=day, help=line(t("cli.help.summary.end"))
    )
    add_output(summary, "summary")
    summary.set_defaults(func=cmd_summary)
