"""``tuki supervision`` and ``tuki extract``: volunteers kept fit from the command line (issue 14).

    tuki supervision add VOLUNTEER --date DAY --hours H [--topic TEXT] [--training]
    tuki supervision list [VOLUNTEER] [--json]
    tuki extract add VOLUNTEER --dated DAY [--shown DAY] [--by NAME]
    tuki extract due [--json]

``supervision list`` without a volunteer lists every approved volunteer with their newest work
supervision; ``extract due`` the volunteers whose criminal-record extract is to be checked again
within the warning days of the settings, or is overdue (matching leaves those out). Only that
an extract was shown, its date, the day and who saw it are recorded (act 148/2014).

Bad input (hours outside 0.25-24, a day ahead of tomorrow, an unknown volunteer, someone who has
left) is refused with one line on stderr and nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from tui import cli_args, i18n
from tui.i18n import t


def _volunteer(store: Any, volunteer_id: int) -> Any:
    from data.models import Volunteer

    return store.records.get(Volunteer, volunteer_id)


def _hours(value: Any) -> str:
    return i18n.number(value, 2)


def cmd_add(args: argparse.Namespace) -> int:
    from data.models import Session, SessionKind
    from tui.cli import acting_user, open_store

    store = open_store(args)
    user = acting_user()
    volunteer = _volunteer(store, args.volunteer)
    session = Session(
        on=args.date,
        hours=args.hours,
        topic=args.topic.strip(),
        kind=SessionKind.TRAINING if args.training else SessionKind.SUPERVISION,
        by=user,
    )
    saved = store.people.add_session(user, volunteer.id, volunteer.version, session)
    print(
        t(
            "fit.cli.added",
            name=saved.name,
            kind=t(f"fit.kind.{session.kind.value}"),
            day=i18n.day(session.on),
            hours=_hours(session.hours),
        )
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from data.models import Volunteer
    from tui.cli import open_store

    store = open_store(args)
    if args.volunteer is not None:
        v = _volunteer(store, args.volunteer)
        if args.json:
            rows = [s.model_dump(mode="json") for s in v.sessions]
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            print()
            return 0
        print(t("fit.cli.sessions_of", name=v.name, n=len(v.sessions)))
        for s in v.sessions:
            kind = t(f"fit.kind.{s.kind.value}")
            print(f"  {i18n.day(s.on):<10}  {_hours(s.hours):>6} h  {kind:<14}  {s.topic or '–'}")
        return 0
    # the longest without supervision first, those who never attended before them
    found = [(v.last_supervision(), v) for v in store.records.list(Volunteer) if v.approved]
    found.sort(key=lambda x: (x[0] is not None, x[0] or date.min, x[1].name))
    if args.json:
        rows = [{"id": v.id, "name": v.name, "last": last and str(last)} for last, v in found]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for last, v in found:
        print(f"{v.id:>6}  {v.name:<30}  {i18n.day(last) if last else t('fit.cli.never')}")
    return 0


def cmd_extract_add(args: argparse.Namespace) -> int:
    from data.models import ExtractShown, Step
    from tui.cli import BadInput, acting_user, open_store

    store = open_store(args)
    user = acting_user()
    volunteer = _volunteer(store, args.volunteer)
    if volunteer.state is Step.LEFT:
        raise BadInput(t("error.volunteer_left", name=volunteer.name))
    shown = args.shown or store.clock().date()
    step = ExtractShown(extract_date=args.dated, on=shown, by=(args.by or user).strip())
    saved = store.people.add_vetting_step(user, volunteer.id, volunteer.version, step)
    due = saved.recheck_due(store.records.settings().extract_recheck_months)
    print(t("fit.cli.extract_added", name=saved.name, day=i18n.day(shown), due=i18n.day(due)))
    return 0


def cmd_extract_due(args: argparse.Namespace) -> int:
    from data.models import Step, Volunteer
    from tui.cli import open_store

    store = open_store(args)
    settings = store.records.settings()
    today = store.clock().date()
    found = []
    for v in store.records.list(Volunteer):
        due = v.recheck_due(settings.extract_recheck_months)
        if due is None or not v.was_approved or v.state is Step.LEFT:
            continue
        if (due - today).days <= settings.extract_recheck_warn_days:
            found.append((due, v))
    found.sort(key=lambda x: (x[0], x[1].id))
    if args.json:
        rows = [
            {"id": v.id, "name": v.name, "due": str(due), "overdue": due < today}
            for due, v in found
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if not found:
        print(t("fit.cli.none_due"))
    for due, v in found:
        key = "fit.recheck.overdue" if due < today else "fit.recheck.due"
        mark = "!" if due < today else "·"
        said = t(key, n=(due - today).days, due=i18n.day(due), days=(due - today).days)
        print(f"{mark} {v.id:>6}  {v.name:<30}  {said}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    day, who = t("cli.metavar.day"), t("cli.metavar.volunteer")
    sup = sub.add_parser("supervision", parents=[common], **about(t("cli.help.supervision")))
    verbs = sup.add_subparsers(
        dest="action",
        required=True,
        metavar=t("cli.metavar.action"),
        help=line(t("cli.help.supervision.action")),
    )
    key = "cli.help.supervision.add"
    add = verbs.add_parser("add", parents=[common], **about(t(key)))
    add.add_argument(
        "volunteer", type=cli_args.record_id, metavar=who, help=line(t(f"{key}.volunteer"))
    )
    add.add_argument(
        "--date", type=cli_args.day, required=True, metavar=day, help=line(t(f"{key}.date"))
    )
    add.add_argument(
        "--hours", type=cli_args.decimal, required=True, metavar="H", help=line(t(f"{key}.hours"))
    )
    add.add_argument("--topic", default="", help=line(t(f"{key}.topic")))
    add.add_argument("--training", action="store_true", help=line(t(f"{key}.training")))
    add.set_defaults(func=cmd_add)
    key = "cli.help.supervision.list"
    listing = verbs.add_parser("list", parents=[common], **about(t(key)))
    listing.add_argument(
        "volunteer",
        type=cli_args.record_id,
        nargs="?",
        metavar=who,
        help=line(t(f"{key}.volunteer")),
    )
    listing.add_argument("--json", action="store_true", help=line(t(f"{key}.json")))
    listing.set_defaults(func=cmd_list, read_only=True)

    extract = sub.add_parser("extract", parents=[common], **about(t("cli.help.extract")))
    what = extract.add_subparsers(
        dest="action",
        required=True,
        metavar=t("cli.metavar.action"),
        help=line(t("cli.help.extract.action")),
    )
    key = "cli.help.extract.add"
    shown = what.add_parser("add", parents=[common], **about(t(key)))
    shown.add_argument(
        "volunteer", type=cli_args.record_id, metavar=who, help=line(t(f"{key}.volunteer"))
    )
    shown.add_argument(
        "--dated", type=cli_args.day, required=True, metavar=day, help=line(t(f"{key}.dated"))
    )
    shown.add_argument("--shown", type=cli_args.day, metavar=day, help=line(t(f"{key}.shown")))
    shown.add_argument("--by", default="", help=line(t(f"{key}.by")))
    shown.set_defaults(func=cmd_extract_add)
    key = "cli.help.extract.due"
    due = what.add_parser("due", parents=[common], **about(t(key)))
    due.add_argument("--json", action="store_true", help=line(t(f"{key}.json")))
    due.set_defaults(func=cmd_extract_due, read_only=True)
