"""The ``tuki`` command.

Exit codes: 0 done; 1 bad input or a refused action (one line on stderr, never a traceback);
2 a usage error (argparse).
"""

from __future__ import annotations

import gc

# The imports build tens of thousands of objects that live as long as the process: the cyclic
# collector walked them again and again meanwhile (a tenth of `tuki log`). The commands' own
# modules are imported when the command is known (``build_parser``, the ``cmd_`` functions).
_collecting = gc.isenabled()
gc.disable()
try:
    import argparse
    import getpass
    import importlib
    import os
    import re
    import sys
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from types import ModuleType
    from typing import TYPE_CHECKING, Any

    from data.errors import TukiError
    from data.storage import StorageError
    from tui import cli_args, cli_folder, cli_process, cli_sensitive, i18n
    from tui.i18n import t
finally:
    if _collecting:
        gc.enable()

if TYPE_CHECKING:
    from data.storage import Engine
    from data.store import Store


class BadInput(Exception):
    """Input the user must correct; the message says how."""


def data_dir(args: argparse.Namespace) -> Path:
    """--data-dir, else $TUKI_DATA_DIR, else the user's or the site's config file, else the
    user's data folder (``tui/config.py``)."""
    return cli_folder.chosen(args).folder


def acting_user() -> str:
    """The login name that is recorded with every change ($TUKI_USER overrides)."""
    name = os.environ.get("TUKI_USER") or getpass.getuser()
    cleaned = re.sub(r"[^A-Za-z0-9_.@-]", "_", name)[:64]
    return cleaned or "unknown"


READ_ONLY = ("ls", "alerts", "minutes", "meeting-report", "reports")  # only read the folder


def usable_folder(args: argparse.Namespace) -> Path:
    """The data folder, once this user may use it as the command does (a folder this user may
    not use: which right is missing, which group grants it)."""
    from data.storage.access import require

    folder = data_dir(args)
    read_only = getattr(args, "read_only", False)  # a command's own say (e.g. payments)
    if callable(read_only):
        read_only = read_only(args)
    reads = getattr(args, "command", None) in READ_ONLY or read_only
    if getattr(args, "command", None) in cli_folder.NEEDS_DATA and (
        why := cli_folder.no_data(folder)
    ):
        raise BadInput(why)
    writes = not reads or not os.path.lexists(folder)
    require(folder, write=writes)  # (a folder that is not there yet is made)
    return folder


def open_store(args: argparse.Namespace) -> Store[Engine]:
    from data.store import Store
    from tui.cli_users import admit

    store = Store.open(usable_folder(args))
    # a save waiting behind another coordinator's lock says whom it waits for, once
    store.engine.on_wait = lambda holder: print(i18n.waiting_text(holder), file=sys.stderr)
    admit(store, args)  # the login is let in (the first one as the folder's admin) or refused
    return store


# ----- sub-commands -----------------------------------------------------------------------------


def cmd_console(args: argparse.Namespace, notices: Sequence[str] = ()) -> int:
    """Open the console on the data folder (the day's alerts are its start screen). It opens
    the Store itself, right after its first frame, which it draws from the day's answers the
    folder keeps (``tui/start_view.py``): the models are not imported before that. A damaged
    file stops the console with its message (``TukiApp._handle_exception``)."""
    from data.storage.access import require
    from tui.app import run

    choice = cli_folder.chosen(args)
    folder = choice.folder
    # a folder this user may not use: which right is missing, which group grants it (before
    # the console opens, as ``open_store`` says it)
    require(folder, write=True)
    empty = cli_folder.empty_notice(folder, choice)
    notices = [*notices, *([empty] if empty else [])]
    language = console_language(args, folder)
    return run(folder, acting_user(), language, notices, open_store=lambda _: open_store(args))


def console_language(args: argparse.Namespace, store: Store[Engine] | Path) -> str | None:
    """--lang or TUKI_LANG (already set: None), else the language this user last chose in the
    console, else the folder's setting (read without the models for a folder)."""
    if getattr(args, "lang", None) or os.environ.get("TUKI_LANG"):
        return None
    from tui import language_memory, start_view

    if isinstance(store, Path):
        setting = start_view.settings_language(store)
    else:
        setting = store.records.settings().language
    return language_memory.remembered() or (setting if setting in i18n.LANGUAGES else None)


def cmd_check(args: argparse.Namespace) -> int:
    from data.storage.check import check, mark_done
    from tui.check_report import print_report

    store = open_store(args)
    if args.done is not None:
        mark_done(store.engine, args.done, acting_user())
        print(t("check.marked_done", id=args.done))
        return 0
    if args.repair:
        from data.storage.repair import repair

        return print_report(repair(store.engine, acting_user()))
    return print_report(check(store.engine))


def cmd_ls(args: argparse.Namespace) -> int:
    from data.storage import paused_gc
    from tui.listing import JSON_TEXTS, LISTERS, print_table, write_json, write_json_texts

    store = open_store(args)
    with paused_gc():  # tens of thousands of records made and printed once: nothing to collect
        texts = args.json and args.what in JSON_TEXTS  # (no model kept)
        rows = (JSON_TEXTS if texts else LISTERS)[args.what](store, args)
        importlib.import_module("tui.cli_access").listed(store, args.what, args, rows)  # logged
        if args.json:
            (write_json_texts if texts else write_json)(rows, sys.stdout)
            print()
        else:
            print_table(args.what, rows, store)
    if (why := store.engine.waiting()) is not None:  # e.g. the disk filled during a save
        print(i18n.waiting_change(store.folder, why), file=sys.stderr)
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    """Log one meeting; the report's texts from --report FILE/-, a prompt or (warned) argv."""
    from pydantic import ValidationError

    from data.model.weekend import fi_days
    from data.models import CancelReason, GoalProgress, Meeting, MeetingStatus, Report
    from tui import cli_place

    try:
        texts = cli_sensitive.report_texts(args)
    except cli_sensitive.TextsError as exc:
        raise BadInput(str(exc)) from None
    store = open_store(args)
    held = args.held
    try:
        meeting = Meeting(
            relationship_id=args.relationship,
            on=args.date,
            until=args.until,
            status=MeetingStatus.HELD if held else MeetingStatus.CANCELLED,
            cancel_reason=None if held else CancelReason(args.cancelled),
            cancel_note=texts["note"],
            duration_min=args.duration,
            place=args.place or "",
            activity=args.activity or "",
            report=Report(
                how_it_went=texts["how"],
                wellbeing=texts["wellbeing"],
                progress_note=texts["progress"],
                progress=[GoalProgress(goal_id=g, note=n) for g, n in texts["goals"]],
            ),
            km=args.km,
            costs=args.costs,
            over_max_reason=args.over_max_reason or "",
            **cli_place.fields(args),  # and who of a peer pair was there (tui/cli_pairs.py)
        )
    except ValidationError as exc:
        raise BadInput(i18n.problems(exc.errors(include_url=False))) from None
    saved = store.meetings.log(acting_user(), meeting)
    status = t("status.held") if saved.held else t("status.cancelled")
    days = fi_days(saved.on, saved.until)  # a support family's weekend: its first and last day
    print(t("log.saved", ref=saved.ref, status=status, day=days))
    return 0


# ----- the parser -------------------------------------------------------------------------------


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help in the current language: build it after ``i18n.set_language``.
    ``verb``: only that command's parser (``asked_verb``): a command imports its own module
    and none of the others'."""
    i18n.install_argparse()  # "usage:", "options" and argparse's errors from the catalogs
    line = cli_args.line
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar=t("cli.metavar.dir"),
        default=argparse.SUPPRESS,
        help=line(t("cli.help.common.data_dir")),
    )
    common.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        default=argparse.SUPPRESS,
        help=line(t("cli.help.common.lang")),
    )
    parser = argparse.ArgumentParser(
        prog="tuki", description=t("help.description"), parents=[common]
    )
    parser.set_defaults(func=cmd_console)
    sub = parser.add_subparsers(dest="command", metavar=t("cli.metavar.command"))
    for verbs, register in REGISTERS:  # in this order in the help
        if verb is None or verb in verbs:
            register(sub, common)
    return parser


def _add_check(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    check = sub.add_parser("check", parents=[common], **about(t("cli.help.check")))
    check.add_argument("--repair", action="store_true", help=line(t("cli.help.check.repair")))
    check.add_argument(
        "--done", type=cli_args.record_id, metavar="N", help=line(t("cli.help.check.done"))
    )
    check.set_defaults(func=cmd_check)


def _add_ls(sub: Any, common: argparse.ArgumentParser) -> None:
    from tui.listing import LISTERS

    line, about = cli_args.line, cli_args.about
    ls = sub.add_parser("ls", parents=[common], **about(t("cli.help.ls")))
    ls.add_argument("what", choices=sorted(LISTERS), help=line(t("cli.help.ls.what")))
    ls.add_argument("--json", action="store_true", help=line(t("cli.help.ls.json")))
    ls.add_argument(
        "--relationship",
        type=cli_args.record_id,
        metavar="ID",
        help=line(t("cli.help.ls.relationship")),
    )
    ls.add_argument(
        "--month",
        type=cli_args.month,
        metavar=t("cli.metavar.month"),
        help=line(t("cli.help.ls.month")),
    )
    ls.add_argument("--all", action="store_true", help=line(t("cli.help.ls.all")))
    ls.set_defaults(func=cmd_ls)


def _add_log(sub: Any, common: argparse.ArgumentParser) -> None:
    from data.models import CancelReason
    from tui import cli_place

    line, about, day = cli_args.line, cli_args.about, t("cli.metavar.day")
    log = sub.add_parser("log", parents=[common], **about(t("cli.help.log")))
    log.add_argument(
        "--relationship",
        type=cli_args.record_id,
        required=True,
        metavar="ID",
        help=line(t("cli.help.log.relationship")),
    )
    log.add_argument(
        "--date", type=cli_args.day, required=True, metavar=day, help=line(t("cli.help.log.date"))
    )
    log.add_argument("--until", type=cli_args.day, metavar=day, help=line(t("cli.help.log.until")))
    status = log.add_mutually_exclusive_group(required=True)
    status.add_argument("--held", action="store_true", help=line(t("cli.help.log.held")))
    status.add_argument(
        "--cancelled",
        choices=[r.value for r in CancelReason],
        metavar=t("cli.metavar.reason"),
        help=line(t("cli.help.log.cancelled")),
    )
    log.add_argument(
        "--duration",
        type=cli_args.bounded(0, 100_000),
        metavar="MIN",
        help=line(t("cli.help.log.duration")),
    )
    text = t("cli.metavar.text")
    log.add_argument("--place", metavar=text, help=line(t("cli.help.log.place")))
    log.add_argument("--activity", metavar=text, help=line(t("cli.help.log.activity")))
    log.add_argument("--how", metavar=text, help=line(t("cli.help.log.how")))
    log.add_argument("--wellbeing", metavar=text, help=line(t("cli.help.log.wellbeing")))
    log.add_argument("--progress", metavar=text, help=line(t("cli.help.log.progress")))
    log.add_argument(
        "--goal",
        type=cli_args.goal,
        action="append",
        metavar=t("cli.metavar.goal"),
        help=line(t("cli.help.log.goal")),
    )
    log.add_argument("--km", type=cli_args.decimal, metavar="N", help=line(t("cli.help.log.km")))
    log.add_argument(
        "--costs", type=cli_args.decimal, metavar="EUR", help=line(t("cli.help.log.costs"))
    )
    log.add_argument("--note", metavar=text, help=line(t("cli.help.log.note")))
    log.add_argument(
        "--over-max-reason", metavar=text, help=line(t("cli.help.log.over_max_reason"))
    )
    cli_place.add_options(log)  # the kind of place, a car ride, the consent's reason
    cli_sensitive.add_report_options(log)
    log.set_defaults(func=cmd_log)


def _module(name: str) -> Callable[[Any, argparse.ArgumentParser], None]:
    """The ``register`` of the command-line module ``tui.<name>``, imported when called."""

    def register(sub: Any, common: argparse.ArgumentParser) -> None:
        module: ModuleType = importlib.import_module(f"tui.{name}")
        module.register(sub, common)

    return register


#: who registers which commands, in the help's order
REGISTERS: list[tuple[tuple[str, ...], Callable[[Any, argparse.ArgumentParser], None]]] = [
    (("demo", "where"), cli_folder.register),
    (("check",), _add_check),
    (("ls",), _add_ls),
    (("alerts",), _module("cli_alerts")),
    (("log",), _add_log),
    (("concern",), cli_sensitive.register),
    (("report", "reports"), _module("cli_reports")),
    (("settings", "terms"), _module("cli_settings")),
    (("agenda",), _module("cli_agenda")),
    (("minutes", "meeting-report"), _module("cli_documents")),
    (("payments",), _module("cli_payments")),
    (("access-log",), _module("cli_access")),
    (("users",), _module("cli_users")),
    (("supervision", "extract"), _module("cli_supervision")),
    (("history",), _module("cli_history")),
    (("retention",), _module("cli_retention")),
    (("backup", "restore"), _module("cli_backup")),
    (("calendar",), _module("cli_calendar")),
    (("figures",), _module("cli_figures")),
    (("export", "import"), _module("cli_exchange")),
    (("search",), _module("cli_search")),
    (("contact", "summary"), _module("cli_contacts")),
    (("pair",), _module("cli_pairs")),
]
VERBS = frozenset(verb for verbs, _ in REGISTERS for verb in verbs)
_VALUED = ("--data-dir", "--lang")  # the options before a command that take a value


def asked_verb(raw: Sequence[str]) -> str | None:
    """The command asked for, when nothing but ``--data-dir`` and ``--lang`` with their values
    comes before it; otherwise None (the whole parser: help, a mistyped command, an option
    abbreviated, … are answered as ever)."""
    at = 0
    while at < len(raw):
        word = raw[at]
        if word in _VALUED:
            at += 2
        elif word.startswith(tuple(f"{option}=" for option in _VALUED)):
            at += 1
        else:
            return word if word in VERBS else None
    return None


#: commands that read (or save a little), print and end: in a process of their own (``run``)
#: the cyclic collector does not run while they work. It found nothing to free in them (the
#: same peak memory) but walked the facts they read again and again: at national scale a
#: fifth of ``tuki alerts`` working its answer out anew and of ``tuki log``; for ``tuki ls``,
#: the collection over every record made once the listing's pause ended (CPU, national, one
#: run each: relationships --json 968 -> 924 ms, volunteers --json 767 -> 615, clients 685 ->
#: 621, meetings --month 454 -> 441; peak memory the same to 1 MB).
SHORT = frozenset({"alerts", "log", "ls", "figures"})


def run() -> int:
    """The ``tuki`` process: ``main`` as ``tui/cli_process.py`` runs it."""
    return cli_process.run(main, short=asked_verb(sys.argv[1:]) in SHORT)


def main(argv: Sequence[str] | None = None, *, process: bool = False) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    verb = asked_verb(raw)
    if process and verb in SHORT:
        gc.disable()  # for the rest of the process (run), the command's own imports included
    i18n.set_language(cli_args.language(raw, os.environ))
    args = build_parser(verb).parse_args(raw)
    if getattr(args, "lang", None) in i18n.LANGUAGES:  # what argparse read wins
        i18n.set_language(args.lang)
    if process and getattr(args, "command", None) in SHORT:
        gc.disable()  # (also when the command was not told by asked_verb)
    try:
        return int(args.func(args))
    except TukiError as exc:
        message = i18n.explain(exc)
    except (BadInput, StorageError) as exc:
        message = str(exc)
    except PermissionError as exc:  # which folder, which right, which group grants it
        from data.storage.access import explain_denied

        try:
            message = i18n.explain(explain_denied(exc, data_dir(args)))
        except Exception:  # the folder cannot even be named: say what happened
            message = t("error.unexpected", kind=type(exc).__name__)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `tuki ls clients | head`: the reader left; say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # never a traceback on the user's screen
        message = _validation_problems(exc) or t("error.unexpected", kind=type(exc).__name__)
    print(f"{t('error.prefix')}: {message}", file=sys.stderr)
    return 1


def _validation_problems(exc: Exception) -> str | None:
    """pydantic's refusal in the user's words, or None for any other error (pydantic is not
    imported for it: a command that never imported pydantic raised none of its errors)."""
    if "pydantic" not in sys.modules:
        return None
    from pydantic import ValidationError  # (imported already)

    if not isinstance(exc, ValidationError):
        return None
    return i18n.problems(exc.errors(include_url=False))


if __name__ == "__main__":
    sys.exit(run())
