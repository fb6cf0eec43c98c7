"""``tuki alerts``: the day's counts and alerts, most urgent first.

    tuki alerts [--day 2026-11-22]

The answer kept since the folder's last change (``cache/alerts.json``) is shown without
opening the Store: no record model, no pydantic imported (a tenth of a second at national
scale); nothing kept for the folder as it is now, the Store works it out and keeps it.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from data.dates import now_helsinki
from data.rules.alert_shapes import day_loaded, finished
from data.storage.kept import peek
from tui import cli_args
from tui.alert_lines import print_alerts
from tui.i18n import t


def cmd_alerts(args: argparse.Namespace) -> int:
    """The day's alerts: the answer kept since the folder's last change (``cache/alerts.json``)
    is shown without opening the Store (no record model, no pydantic imported); any other
    day's is worked out (``store.alerts.day``) and kept."""
    from tui.cli import open_store, usable_folder
    from tui.cli_users import known

    folder = usable_folder(args)
    now = now_helsinki()  # (the Store's clock)
    day = args.day or now.date()
    kept = peek(folder, "alerts", day) if os.path.isdir(folder) and known(folder) else None
    try:
        counts, found = finished(day_loaded(kept), now) if kept is not None else (None, None)
    except (KeyError, TypeError, ValueError):  # kept by a version that kept something else
        counts = found = None
    if counts is None or found is None:
        counts, found = open_store(args).alerts.day(day, now)
    print_alerts(counts, found, day)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about, day = cli_args.line, cli_args.about, t("cli.metavar.day")
    alerts = sub.add_parser("alerts", parents=[common], **about(t("cli.help.alerts")))
    alerts.add_argument(
        "--day", type=cli_args.day, metavar=day, default=None, help=line(t("cli.help.alerts.day"))
    )
    alerts.set_defaults(func=cmd_alerts)
