"""``tuki log``'s place and consents (issue 16, seed 000): ``--place-kind`` (outdoors when not
given: meetings are outside the home by default), ``--car`` (the child rode in the volunteer's
car) and ``--consent-reason`` (why, when the guardian has not agreed to the volunteer's home or
to car rides; without it such a meeting is refused, as the store refuses it)."""

from __future__ import annotations

import argparse
from typing import Any

from data.model.place import DEFAULT_PLACE, PlaceKind
from tui.cli_args import DEFAULT, line
from tui.i18n import t


def place_kind(text: str) -> PlaceKind:
    """An argparse type: a kind of place by its short name (``cafe``, ``vhome``, …)."""
    try:
        return PlaceKind(text.strip().lower())
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.place_kind.bad", kinds=kinds())) from None


def kinds() -> str:
    return ", ".join(f"{k.value} ({t(f'place.kind.{k.value}')})" for k in PlaceKind)


def add_options(log: argparse.ArgumentParser) -> None:
    log.add_argument(
        "--place-kind",
        type=place_kind,
        default=DEFAULT_PLACE,
        metavar=t("cli.metavar.place_kind"),
        help=line(t("cli.help.log.place_kind", default=DEFAULT)),
    )
    log.add_argument("--car", action="store_true", help=line(t("cli.help.log.car")))
    log.add_argument(
        "--consent-reason",
        metavar=t("cli.metavar.text"),
        help=line(t("cli.help.log.consent_reason")),
    )
    from tui.cli_pairs import add_by  # --by: who of a peer pair was there alone

    add_by(log)


def fields(args: argparse.Namespace) -> dict[str, Any]:
    """The meeting's fields from the options."""
    return {  # a cancelled meeting was held nowhere
        "place_kind": args.place_kind if args.held else None,
        "by_car": args.car and args.held,
        "consent_reason": args.consent_reason or "",
        "met_by": getattr(args, "by", None),  # --by (tui/cli_pairs.py): one of a pair alone
        "claimed_by": getattr(args, "claimed_by", None),  # --claimed-by: both, the travel's
    }
