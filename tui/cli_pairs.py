"""``tuki pair``: a peer relationship's second support person (seed 003), and ``tuki log --by``.

    tuki pair RELATIONSHIP                  # who supports the client
    tuki pair RELATIONSHIP --second VOLUNTEER
    tuki pair RELATIONSHIP --alone          # the first carries on alone
    tuki log --relationship ID ... --by VOLUNTEER   # one of a pair was there alone
    tuki log --relationship ID ... --claimed-by VOLUNTEER  # both; the travel and costs are theirs

The store refuses a second person outside peer support, the first person again, someone not an
approved peer support person or without room; one line on stderr and nothing is stored.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui import cli_args
from tui.i18n import t


def _names(store: Any, relationship: Any) -> str:
    from data.rules.pairs import pair_name

    facts = store.records.volunteer_facts()
    return pair_name(relationship.volunteer_ids, lambda i: v.name if (v := facts.get(i)) else "?")


def cmd_pair(args: argparse.Namespace) -> int:
    from data.models import Relationship
    from tui.cli import acting_user, open_store

    store = open_store(args)
    r = store.records.get(Relationship, args.relationship)
    if args.second is not None or args.alone:
        r = store.pairs.set_second(acting_user(), r.id or 0, r.version, args.second)
    print(t("pair.cli.shown", ref=r.id, names=_names(store, r)))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about, key = cli_args.line, cli_args.about, "cli.help.pair"
    pair = sub.add_parser("pair", parents=[common], **about(t(key)))
    pair.add_argument(
        "relationship", type=cli_args.record_id, metavar="ID", help=line(t(f"{key}.relationship"))
    )
    which = pair.add_mutually_exclusive_group()
    which.add_argument(
        "--second",
        type=cli_args.record_id,
        metavar=t("cli.metavar.volunteer"),
        help=line(t(f"{key}.second")),
    )
    which.add_argument("--alone", action="store_true", help=line(t(f"{key}.alone")))
    pair.set_defaults(func=cmd_pair)


def add_by(log: argparse.ArgumentParser) -> None:
    """``tuki log --by VOLUNTEER``: which of a pair was at the meeting alone; ``--claimed-by
    VOLUNTEER``: which of a pair, both there, claims the travel and costs (the first if not
    given)."""
    for option in ("by", "claimed_by"):
        log.add_argument(
            f"--{option.replace('_', '-')}",
            type=cli_args.record_id,
            metavar=t("cli.metavar.volunteer"),
            help=cli_args.line(t(f"cli.help.log.{option}")),
        )
