"""``tuki export`` and ``tuki import``: the register as files, and lists read in from them.

    tuki export --format csv|xlsx|json --out DIR [--force]
    tuki import clients|volunteers FILE.csv|FILE.xlsx [--dry-run] [--skip-bad] [--municipality NAME]
    tuki import --template clients|volunteers [--format csv|xlsx] --out FILE [--force]

An export is an admin's: it takes every client's data out of the folder, where the roles, the
access log and the retention periods no longer reach it (as the access log's answer to a client
is an admin's). It is logged as a view of each client it holds. An import is a coordinator's
(it adds records, as the forms do). The engine side is ``data/exchange/``; here the headers,
the words and the report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import cli_args, i18n
from tui.i18n import t

if TYPE_CHECKING:
    from data.exchange.load import Outcome, Problem

KINDS = ("clients", "volunteers")


def header(key: str) -> str:
    return t(f"exchange.col.{key}")


def title(kind: str) -> str:
    return t(f"exchange.kind.{kind}")


def _yes_no() -> tuple[str, str]:
    return t("yes"), t("no")


# ----- export ----------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from data.errors import TukiError
    from data.exchange import snapshot, write
    from data.exchange.columns import KINDS as ALL
    from data.model.access import AccessView, Face
    from tui.cli import BadInput, acting_user, open_store

    out: Path = args.out.expanduser()
    if out.exists() and not out.is_dir():
        raise BadInput(t("exchange.out_not_folder", folder=out))
    names = [write.file_name(kind, args.format) for kind in ALL]
    if not args.force:
        for name in names:  # before anything is read: nothing half-written
            if (out / name).exists() or (out / name).is_symlink():
                raise TukiError(
                    "file_exists",
                    "{file} already exists; nothing was written. Give --force to replace it.",
                    file=out / name,
                )
    store = open_store(args)
    folder = store.folder.resolve()
    if out.resolve() == folder or folder in out.resolve().parents:  # never into the register
        raise BadInput(t("exchange.out_in_folder", folder=out))
    user = acting_user()
    progress = _progress() if sys.stderr.isatty() else None
    try:
        with snapshot.taken(store, user, progress) as snap:  # (refused unless an admin)
            out.mkdir(parents=True, exist_ok=True, mode=0o700)
            # logged before a file is written: an export cut short is a view all the same
            store.access.viewed_many(user, snap.client_ids(), AccessView.EXPORT, Face.CLI)
            counts = write.export(
                snap, args.format, out, header, _yes_no(), title, force=args.force
            )
    except OSError as exc:
        raise BadInput(t("exchange.cannot_write", folder=out, reason=exc.strerror or exc)) from None
    print(t("exchange.exported", n=len(counts), folder=out))
    for kind, count in counts.items():
        print(f"  {write.file_name(kind, args.format)}: {count}")
    return 0


def _progress() -> Any:
    """Every 500th relationship read said on stderr (a national folder takes a while)."""

    def tell(done: int, total: int) -> None:
        if done % 500 == 0 or (done == total and total >= 500):
            end = "\n" if done == total else "\r"
            print(t("exchange.reading", done=done, total=total), end=end, file=sys.stderr)

    return tell


# ----- import ----------------------------------------------------------------------------------


def aliases(kind: str) -> dict[str, str]:
    """Every header a column of ``kind`` is known by (in each language, and its key), normal."""
    from data.exchange.columns import KINDS as ALL
    from data.exchange.read import normal
    from tui.i18n import catalogs

    out: dict[str, str] = {}
    for column in ALL[kind]:
        names = [column.key, column.key.replace("_", " ")]
        names += [
            catalogs.text(lang, f"exchange.col.{column.key}", None, {}) for lang in i18n.LANGUAGES
        ]
        for name in names:
            out.setdefault(normal(name), column.key)
    return out


def words() -> Any:
    from data.exchange.load import Words
    from tui.i18n import catalogs

    yes = {"1", "x", "true", "y", "k", "j"}
    no = {"0", "false", "n", "e"}
    for lang in i18n.LANGUAGES:
        yes.add(catalogs.text(lang, "yes", None, {}).casefold())
        no.add(catalogs.text(lang, "no", None, {}).casefold())
    return Words(frozenset(yes), frozenset(no))


def problem_text(outcome: Outcome, problem: Problem) -> str:
    """One problem in the user's words: where (row, column as the file names it), what to fix."""
    params = dict(problem.params)
    code = problem.code
    if code == "unknown_municipality":
        params["known"] = ", ".join(outcome.known)
    if code in ("enum", "literal_error"):  # the word written, and the words known
        code = "choice"
        params["expected"] = str(params.get("expected", "")).replace(" or ", ", ")
    if i18n.has(f"exchange.problem.{code}"):
        what = t(f"exchange.problem.{code}", **params)
    elif i18n.has(f"error.{code}"):
        what = t(f"error.{code}", **params)
    else:
        what = problem.english or code
    column = problem.column
    named = outcome.header.get(column, header(column)) if column else ""
    if problem.row is None:
        where = t("exchange.where.column", column=named) if column else ""
    elif column:
        where = t("exchange.where.row_column", row=problem.row, column=named)
    else:
        where = t("exchange.where.row", row=problem.row)
    return f"{where}: {what}" if where else what


def cmd_import(args: argparse.Namespace) -> int:
    from tui.cli import BadInput

    if args.template:
        if args.what or args.file:
            raise BadInput(t("exchange.template_alone"))
        return _template(args)
    if not args.what or not args.file:
        raise BadInput(t("exchange.what_and_file"))
    from data.exchange import load
    from data.exchange.read import UnreadableFile, read
    from tui.cli import acting_user, open_store

    store = open_store(args)
    user = acting_user()
    load.permit(store, user)
    try:
        sheet = read(Path(args.file).expanduser())
    except UnreadableFile as exc:
        raise BadInput(t(f"exchange.read.{exc.code}", **exc.params)) from None
    allow = [name.strip() for given in args.municipality or [] for name in given.split(",")]
    outcome = load.check(store, user, args.what, sheet, aliases(args.what), words(), allow)
    return _report(store, user, args, outcome)


def _report(store: Any, user: str, args: argparse.Namespace, outcome: Outcome) -> int:
    from data.exchange import load

    err = sys.stderr
    for text in outcome.unknown_columns:
        print(t("exchange.unknown_column", column=text), file=err)
    for problem in outcome.problems:
        print(problem_text(outcome, problem), file=err)
    if outcome.good or outcome.problems:  # (all of them already stored: said in one line)
        for row, rid in outcome.already:
            print(t("exchange.already_row", row=row, id=rid))
    if outcome.file_problems:
        print(t("exchange.nothing_stored_file"), file=err)
        return 1
    bad = len(outcome.bad_rows)
    good = len(outcome.good)
    if args.dry_run:
        print(t("exchange.dry_run", good=good, bad=bad, already=len(outcome.already)))
        return 1 if bad else 0
    if bad and not args.skip_bad:
        print(t("exchange.nothing_stored", n=bad), file=err)
        return 1
    if good:
        load.store_good(store, user, outcome)
    kind = t(f"exchange.kind.{args.what}")
    if not good and outcome.already:
        print(t("exchange.nothing_new", n=len(outcome.already)))
    else:
        print(t("exchange.stored", n=good, kind=kind))
    if bad:
        print(t("exchange.skipped", n=bad), file=err)
    return 0


def _template(args: argparse.Namespace) -> int:
    from data.exchange.write import template
    from data.outputs.minutes_file import write_file
    from tui.cli import BadInput

    if args.out is None:
        raise BadInput(t("exchange.template_out"))
    fmt = args.format or ("xlsx" if args.out.suffix.casefold() == ".xlsx" else "csv")
    if fmt not in ("csv", "xlsx"):
        raise BadInput(t("exchange.template_format"))
    data = template(args.template, fmt, header, title(args.template))
    try:
        write_file(args.out.expanduser(), data, mode=0o600, force=args.force)
    except OSError as exc:
        raise BadInput(
            t("exchange.cannot_write", folder=args.out, reason=exc.strerror or exc)
        ) from None
    print(t("exchange.template_written", file=args.out))
    return 0


# ----- the parsers -----------------------------------------------------------------------------


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    export = sub.add_parser("export", parents=[common], **about(t("cli.help.export")))
    export.add_argument(
        "--format",
        choices=("csv", "xlsx", "json"),
        default="csv",
        help=line(t("cli.help.export.format")),
    )
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar=t("cli.metavar.dir"),
        help=line(t("cli.help.export.out")),
    )
    export.add_argument("--force", action="store_true", help=line(t("cli.help.export.force")))
    export.set_defaults(func=cmd_export)

    load = sub.add_parser("import", parents=[common], **about(t("cli.help.import")))
    load.add_argument("what", nargs="?", choices=KINDS, help=line(t("cli.help.import.what")))
    load.add_argument(
        "file", nargs="?", metavar=t("cli.metavar.file"), help=line(t("cli.help.import.file"))
    )
    load.add_argument("--dry-run", action="store_true", help=line(t("cli.help.import.dry_run")))
    load.add_argument("--skip-bad", action="store_true", help=line(t("cli.help.import.skip_bad")))
    load.add_argument(
        "--municipality",
        action="append",
        metavar=t("cli.metavar.municipality"),
        help=line(t("cli.help.import.municipality")),
    )
    load.add_argument("--template", choices=KINDS, help=line(t("cli.help.import.template")))
    load.add_argument("--format", choices=("csv", "xlsx"), help=line(t("cli.help.import.format")))
    load.add_argument(
        "--out", type=Path, metavar=t("cli.metavar.file"), help=line(t("cli.help.import.out"))
    )
    load.add_argument("--force", action="store_true", help=line(t("cli.help.import.force")))
    load.set_defaults(func=cmd_import, read_only=lambda a: bool(a.template) or a.dry_run)


__all__ = ["cmd_export", "cmd_import", "register"]
