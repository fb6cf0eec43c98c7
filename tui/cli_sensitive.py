"""Confidential texts on the command line: from standard input, a file or a prompt, never argv.

Anything in a command's arguments is visible to every user of the server (``ps``) and stays in
the shell history. So the texts of a meeting report and of a concern can come

* from a file or standard input: ``tuki log ... --report FILE`` (``--report -`` reads stdin),
  ``tuki concern ... --what-from FILE`` (``-``: stdin);
* from questionary prompts, when neither is given and a terminal is there;
* still as arguments (``--wellbeing TEXT``), but then Tuki warns on stderr.

A report file holds ``key: text`` lines; a line without a known key continues the text above::

    how: We played a board game and went to the library.
    wellbeing: Cheerful, a little tired.
    progress: Asked the librarian for a book on her own.
    goal 1: Talked to a new classmate.
    note: (a cancelled meeting: why)

It may also be a JSON object with the same keys (``{"wellbeing": "...", "goal 1": "..."}``).
A concern's file is the plain text of what was noticed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui import cli_args
from tui.i18n import t

REPORT_KEYS = ("how", "wellbeing", "progress", "note")
ARGV_OPTIONS = {"how": "--how", "wellbeing": "--wellbeing", "progress": "--progress"}
MAX_BYTES = 1_000_000
MAX_GOAL = 1_000_000
_KEY = re.compile(r"^\s*(how|wellbeing|progress|note|goal\s*(\d{1,7}))\s*:\s?(.*)$", re.I)


class TextsError(Exception):
    """The texts could not be read; the message (user's language) says why."""


def terminal() -> bool:
    """Whether a person is at a terminal to answer prompts."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(label: str) -> str:
    """One free-text answer (questionary); Ctrl-C stops the command."""
    import questionary

    answer = questionary.text(label, multiline=False).ask()
    if answer is None:
        raise KeyboardInterrupt
    return str(answer).strip()


def read_source(source: str) -> str:
    """The text of FILE, or of standard input for ``-``."""
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with Path(source).expanduser().open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TextsError(t("texts.unreadable", file=source, why=exc.strerror or exc)) from None
    if len(raw) > MAX_BYTES:
        raise TextsError(t("texts.too_long", file=source))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextsError(t("texts.not_utf8", file=source)) from None


def parse_report(text: str, source: str = "-") -> dict[str, Any]:
    """``how``, ``wellbeing``, ``progress``, ``note`` (str) and ``goals`` (list of (n, text))
    from ``key: text`` lines or a JSON object."""
    pairs: list[tuple[str, str]] = []
    if text.lstrip().startswith("{"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError:
            raise TextsError(t("texts.bad_line", file=source, line=1)) from None
        if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
            raise TextsError(t("texts.bad_line", file=source, line=1))
        for key, value in loaded.items():
            if not _KEY.match(f"{key}:"):
                raise TextsError(t("texts.unknown_key", file=source, name=str(key)[:40]))
            pairs.append((str(key), value))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            found = _KEY.match(line)
            if found:
                pairs.append((found.group(1), found.group(3)))
            elif pairs:
                key, before = pairs[-1]
                pairs[-1] = (key, f"{before}\n{line}")
            elif line.strip():
                raise TextsError(t("texts.bad_line", file=source, line=number))
    out: dict[str, Any] = {**dict.fromkeys(REPORT_KEYS, ""), "goals": []}
    for key, value in pairs:
        value = value.strip()
        goal = re.fullmatch(r"goal\s*(\d{1,7})", key.strip(), re.I)
        if goal:
            n = int(goal.group(1))
            if not 1 <= n <= MAX_GOAL:
                raise TextsError(t("texts.unknown_key", file=source, name=key[:40]))
            if value:
                out["goals"].append((n, value))
        elif key.strip().lower() in REPORT_KEYS:
            out[key.strip().lower()] = value
        else:
            raise TextsError(t("texts.unknown_key", file=source, name=key[:40]))
    return out


def warn_argv(options: list[str]) -> None:
    """Say on stderr, in the user's language, that confidential text came as an argument."""
    if options:
        print(t("texts.argv_warning", options=", ".join(options)), file=sys.stderr)


def report_texts(
    args: argparse.Namespace, prompt: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """The report's texts for ``tuki log``: from --report, else from the arguments (with a
    warning), else asked at a terminal. Keys: how, wellbeing, progress, note, goals."""
    given = {key: getattr(args, key, None) or "" for key in REPORT_KEYS}
    goals: list[tuple[int, str]] = list(getattr(args, "goal", None) or [])
    in_argv = [ARGV_OPTIONS[k] for k in ARGV_OPTIONS if given[k]]
    in_argv += ["--goal"] if goals else []
    in_argv += ["--note"] if given["note"] else []
    source = getattr(args, "report", None)
    if source is not None:
        if in_argv:
            raise TextsError(t("texts.twice", options=", ".join(in_argv)))
        return parse_report(read_source(source), source)
    warn_argv(in_argv)
    if in_argv or getattr(args, "no_prompt", False) or not (prompt or terminal()):
        return {**given, "goals": goals}
    asking = prompt or ask
    if args.held:
        for key in ("how", "wellbeing", "progress"):
            given[key] = asking(t(f"texts.ask.{key}"))
    else:
        given["note"] = asking(t("texts.ask.note"))
    return {**given, "goals": goals}


def concern_text(args: argparse.Namespace, prompt: Callable[[str], str] | None = None) -> str:
    """What was noticed, for ``tuki concern``: --what-from FILE/-, --what (warned) or a prompt."""
    if args.what_from is not None:
        if args.what:
            raise TextsError(t("texts.twice", options="--what"))
        return read_source(args.what_from).strip()
    if args.what:
        warn_argv(["--what"])
        return str(args.what).strip()
    if prompt or terminal():
        return (prompt or ask)(t("concerns.what_seen"))
    raise TextsError(t("texts.concern_needs_text"))


def cmd_concern(args: argparse.Namespace) -> int:
    """Raise a concern about a client: who, how urgent, what was noticed (never in argv)."""
    from data.models import Concern, ConcernAbout, Urgency
    from tui.cli import BadInput, acting_user, open_store

    try:
        what = concern_text(args)
    except TextsError as exc:
        raise BadInput(str(exc)) from None
    store = open_store(args)
    concern = Concern(
        client_id=args.client,
        relationship_id=args.relationship,
        noticed_at=args.noticed_at or store.clock(),
        about=ConcernAbout(args.about),
        guardian_id=args.guardian,
        what=what,
        urgency=Urgency(args.urgency),
    )
    saved = store.concerns.add(acting_user(), concern)
    print(t("concerns.raised", ref=saved.id))
    print(t("concerns.duty"))
    return 0


def _moment(text: str) -> Any:
    from datetime import datetime

    from data.dates import HELSINKI

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("error.bad_date")) from None
    return value if value.tzinfo else value.replace(tzinfo=HELSINKI)


def add_report_options(log: argparse.ArgumentParser) -> None:
    """``tuki log``'s safe ways to give the report's texts."""
    log.add_argument(
        "--report", metavar=t("cli.metavar.file"), help=cli_args.line(t("cli.help.log.report"))
    )
    log.add_argument(
        "--no-prompt", action="store_true", help=cli_args.line(t("cli.help.log.no_prompt"))
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, default, record_id = cli_args.line, cli_args.DEFAULT, cli_args.record_id
    concern = sub.add_parser("concern", parents=[common], **cli_args.about(t("cli.help.concern")))
    concern.add_argument(
        "--client",
        type=record_id,
        required=True,
        metavar="ID",
        help=line(t("cli.help.concern.client")),
    )
    concern.add_argument(
        "--urgency",
        choices=["acute", "urgent", "normal"],
        default="urgent",
        help=line(t("cli.help.concern.urgency", default=default)),
    )
    concern.add_argument(
        "--about",
        choices=["child", "guardian"],
        default="child",
        help=line(t("cli.help.concern.about", default=default)),
    )
    concern.add_argument(
        "--guardian", type=record_id, metavar="ID", help=line(t("cli.help.concern.guardian"))
    )
    concern.add_argument(
        "--relationship",
        type=record_id,
        metavar="ID",
        help=line(t("cli.help.concern.relationship")),
    )
    concern.add_argument(
        "--noticed-at",
        type=_moment,
        metavar=t("cli.metavar.moment"),
        help=line(t("cli.help.concern.noticed_at")),
    )
    concern.add_argument(
        "--what-from",
        metavar=t("cli.metavar.file"),
        help=line(t("cli.help.concern.what_from")),
    )
    concern.add_argument(
        "--what", metavar=t("cli.metavar.text"), help=line(t("cli.help.concern.what"))
    )
    concern.set_defaults(func=cmd_concern)
