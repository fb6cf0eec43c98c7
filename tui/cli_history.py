"""``tuki history KIND ID``: what each change of one record changed, oldest first.

    tuki history client 7
    tuki history tuettava 7 --full
    tuki history meeting 12-3
    tuki history monthly_report 12/2026-10
    tuki history settings

KIND is the English name or the word of any of the three languages (``tuettava``,
``tukisuhde``, ``klient`` …). Each change: when, who, and field by field old → new in the
user's language; ``--full`` prints long texts whole. An unknown kind or id is one line on
stderr. The history of a client's record is a view of the client's data: logged in the access
log (kind ``history``) before anything is printed; when it cannot be, nothing is printed.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui import cli_access, cli_args
from tui.i18n import t


def cmd_history(args: argparse.Namespace) -> int:
    from data.model.access import AccessView
    from data.store.history import KINDS, clients_of, parse_ref
    from tui.cli import BadInput, open_store
    from tui.history_text import kind_of, text_lines

    kind = kind_of(args.kind)
    if kind is None:
        words = ", ".join(t(f"kind.{k}") for k in KINDS)
        raise BadInput(t("history.cli.bad_kind", kind=args.kind, kinds=words))
    ref = parse_ref(kind, args.id or "")
    if ref is None:
        raise BadInput(t(f"history.cli.bad_id.{_form(kind)}", kind=args.kind))
    store = open_store(args)
    lines = text_lines(store, kind, ref, full=args.full)
    # the history is its client's data: logged before it is printed (nothing printed unlogged)
    cli_access.note(store, clients_of(store.records, kind, ref), AccessView.HISTORY)
    for line in lines:
        print(line)
    return 0


def _form(kind: str) -> str:
    """Which form of id the kind has (the message shows an example of it)."""
    if kind in ("meeting", "palaveri", "contact"):
        return "pair"
    return "month" if kind == "monthly_report" else "id"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    history = sub.add_parser("history", parents=[common], **about(t("cli.help.history")))
    history.add_argument(
        "kind", metavar=t("cli.metavar.kind"), help=line(t("cli.help.history.kind"))
    )
    history.add_argument(
        "id", nargs="?", default=None, metavar="ID", help=line(t("cli.help.history.id"))
    )
    history.add_argument("--full", action="store_true", help=line(t("cli.help.history.full")))
    history.set_defaults(func=cmd_history, read_only=True)
