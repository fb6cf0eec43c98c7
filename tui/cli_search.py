"""``tuki search WORDS``: the meetings, concerns, palaverit and contacts whose texts hold every
word.

    tuki search kirjasto
    tuki search "uimahalli pelko" --kind meeting --limit 100
    tuki search paiva --json

The newest first, each with its day, kind, reference (``12-3``: relationship 12's meeting,
palaveri or contact 3; a concern by its number), relationship, the client's initials and a
short piece of the text around the word (``data/store/search.py``). Any admitted login may
search: a reader sees what the others see. The hits are client data: each client they name
is logged in the access log (kind ``search``) before anything is printed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui import cli_access, cli_args, i18n
from tui.i18n import t

KINDS = ("meeting", "concern", "palaveri", "contact")


def cmd_search(args: argparse.Namespace) -> int:
    import orjson

    from data.model.access import AccessView
    from tui.cli import acting_user, open_store

    store = open_store(args)
    kinds = [args.kind] if args.kind else list(KINDS)
    found = store.search.find(
        acting_user(), " ".join(args.words), kinds=kinds, limit=args.limit, progress=_progress()
    )
    # the hits are their clients' data: logged before anything is printed
    cli_access.note(store, (h.client_id for h in found.hits if h.client_id), AccessView.SEARCH)
    if args.json:
        rows = [
            {
                "kind": h.kind,
                "ref": h.ref,
                "date": h.day.isoformat(),
                "relationship": h.relationship_id,
                "client": h.client_id,
                "initials": h.initials,
                "snippet": h.snippet,
            }
            for h in found.hits
        ]
        sys.stdout.write(orjson.dumps({"hits": rows, "more": found.more}).decode() + "\n")
        return 0
    if not found.hits:
        print(t("search.none", words=" ".join(args.words)))
        return 0
    header = [t(f"search.col.{c}") for c in ("day", "kind", "ref", "relationship", "client")]
    rows_text = [
        [
            i18n.day(h.day),
            t(f"kind.{h.kind}"),
            h.ref,
            str(h.relationship_id or "–"),
            h.initials or "–",
        ]
        for h in found.hits
    ]
    widths = [max(len(r[i]) for r in [header, *rows_text]) for i in range(len(header))]
    lines = [[*header, t("search.col.text")]]
    lines += [[*cells, hit.snippet] for hit, cells in zip(found.hits, rows_text, strict=True)]
    for cells in lines:
        print("  ".join(c.ljust(w) for c, w in zip(cells, [*widths, 0], strict=True)).rstrip())
    if found.more:
        print(t("search.more_cli", n=len(found.hits)))
    return 0


def _progress() -> Any:
    """At a terminal, how the kept words are brought up to date (a first search, or one after
    many changes, reads every shard: at national scale a while)."""
    if not sys.stderr.isatty():
        return None

    def say(done: int, total: int) -> None:
        if total >= 500:
            end = "\n" if done >= total else ""
            print(f"\r{t('search.reading', done=done, total=total)}", end=end, file=sys.stderr)

    return say


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    search = sub.add_parser("search", parents=[common], **about(t("cli.help.search")))
    search.add_argument(
        "words", nargs="+", metavar=t("cli.metavar.words"), help=line(t("cli.help.search.words"))
    )
    search.add_argument("--kind", choices=KINDS, help=line(t("cli.help.search.kind")))
    search.add_argument(
        "--limit",
        type=cli_args.bounded(1, 10_000),
        default=50,
        metavar="N",
        help=line(t("cli.help.search.limit")),
    )
    search.add_argument("--json", action="store_true", help=line(t("cli.help.search.json")))
    search.set_defaults(func=cmd_search, read_only=True)


__all__ = ["cmd_search", "register"]
