"""``tuki retention``: what the retention table says is due, anonymised by an admin.

    tuki retention [--dry-run]        what is due and why, and what is left alone and why
    tuki retention --apply [--yes]    anonymise it (an admin's; asks first unless --yes)
    tuki retention --runs             the runs so far: when, who, how many of each

A case is shown by its initials and its id, never by its name: the list is meant to be read
and talked over (and stays in a terminal's scroll-back and in logs), and a coordinator who
knows the case recognises it by the two together (``tuki ls clients`` or the console find it
by the id), while anyone else learns nothing of who the child was.
"""

from __future__ import annotations

import argparse
from typing import Any

from data.rules.retention import Plan
from tui import cli_args
from tui.i18n import t
from tui.retention_text import plan_text, run_text


def _confirmed(args: argparse.Namespace, plan: Plan) -> bool:
    from tui.cli import BadInput
    from tui.cli_sensitive import terminal

    if args.yes or plan.empty:
        return True
    if not terminal():
        raise BadInput(t("retention.cli.needs_yes"))
    import questionary
    from questionary.prompts import confirm as prompt

    question = t("retention.cli.confirm", n=len(plan.due), volunteers=len(plan.volunteers))
    # questionary words the keys and the answer in English ("(y/N)", "Yes"): the user's words
    english = prompt.YES, prompt.NO
    prompt.YES, prompt.NO = t("app.yes"), t("app.no")
    try:
        keys = t("retention.cli.confirm_keys") + " "
        answer = questionary.confirm(question, default=False, instruction=keys).ask()
    finally:
        prompt.YES, prompt.NO = english
    if answer is None:
        raise KeyboardInterrupt
    return bool(answer)


def cmd_retention(args: argparse.Namespace) -> int:
    from data.model.register import UserRole
    from tui.cli import acting_user, open_store

    store = open_store(args)
    user = acting_user()
    if args.runs:
        runs = store.retention.runs(user)
        print("\n".join(run_text(r) for r in runs) if runs else t("retention.cli.no_runs"))
        return 0
    if not args.apply:
        print(plan_text(store.retention.plan(user)))
        return 0
    store.users.permit(user, UserRole.ADMIN)  # before asking: a coordinator is not asked
    plan = store.retention.plan(user)
    print(plan_text(plan))
    if not _confirmed(args, plan):
        print(t("retention.cli.cancelled"))
        return 1
    run = store.retention.apply(user)
    print(run_text(run))
    if run.backups_removed or not plan.empty:
        print(t("retention.cli.scrubbed", n=run.backups_removed))
    if run.documents_removed:
        print(t("retention.cli.documents", n=run.documents_removed))
    if run.copies_removed:
        print(t("retention.cli.copies", n=run.copies_removed))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    parser = sub.add_parser("retention", parents=[common], **about(t("cli.help.retention")))
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--dry-run", action="store_true", help=line(t("cli.help.retention.dry_run")))
    what.add_argument("--apply", action="store_true", help=line(t("cli.help.retention.apply")))
    what.add_argument("--runs", action="store_true", help=line(t("cli.help.retention.runs")))
    parser.add_argument("--yes", action="store_true", help=line(t("cli.help.retention.yes")))
    parser.set_defaults(func=cmd_retention, read_only=lambda a: not a.apply)


__all__ = ["cmd_retention", "register"]
