"""``tuki agenda KIND``: the agenda of a kind of palaveri, printed in the chosen language."""

from __future__ import annotations

import argparse
from typing import Any

from tui import cli_args, i18n
from tui.i18n import t

AGENDA_KINDS = {
    "start": "start",
    "review": "review",
    "ending": "ending",
    "client-plan": "client_plan",
    "crisis": "crisis",
}


def cmd_agenda(args: argparse.Namespace) -> int:
    """Print the agenda of a kind of palaveri in the chosen language."""
    from data.rules import agendas

    print(agendas.render(AGENDA_KINDS[args.kind], i18n.language()), end="")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    agenda = sub.add_parser("agenda", parents=[common], **about(t("cli.help.agenda")))
    agenda.add_argument("kind", choices=list(AGENDA_KINDS), help=line(t("cli.help.agenda.kind")))
    agenda.set_defaults(func=cmd_agenda)
