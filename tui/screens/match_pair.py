"""Proposing a peer pair from a parent's shortlist (seed 003): mark one peer support person (m),
move to the other and press y; both are checked by matching's filters and proposed as one
relationship. The whole-pool proposal stays one person per client."""

from __future__ import annotations

from typing import Any

from data.errors import TukiError
from data.models import VolunteerKind
from tui.i18n import t
from tui.screens.dialogs import ConfirmDialog


def _two(screen: Any) -> tuple[Any, Any] | None:
    """The marked and the highlighted suggestion, when both are peers and not the same."""
    ranking, s = screen.ranking, screen.highlighted()
    if ranking is None or s is None or screen.marked is None:
        return None
    first = ranking.suggestion(screen.marked)
    if first is None or first.volunteer_id == s.volunteer_id:
        return None
    if first.kind is not VolunteerKind.PEER or s.kind is not VolunteerKind.PEER:
        return None
    return first, s


def pair_allowed(screen: Any) -> bool:
    """Offered once a peer support person is marked (the second is the highlighted one)."""
    ranking, marked = screen.ranking, screen.marked
    first = ranking.suggestion(marked) if ranking is not None and marked is not None else None
    return first is not None and first.kind is VolunteerKind.PEER


def propose_pair(screen: Any) -> None:
    """Ask, then propose the marked and the highlighted peer as a pair for the client."""
    two = _two(screen)
    if two is None:
        screen.notify(t("match.pair_needs_two"), severity="warning")
        return
    first, second = two
    names = f"{first.name} & {second.name}"

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return
        wanted = [(screen.client_id, first.volunteer_id, second.volunteer_id)]
        try:
            screen.store.matching.propose_many(screen.user, wanted, screen.today())
        except TukiError as exc:
            from tui.screens.matching import refusal_text

            screen.notify(refusal_text(exc), severity="error", timeout=10)
            screen.refresh_data()
            return
        client = screen.ranking.client_name if screen.ranking else ""
        screen.notify(t("match.proposed", client=client, volunteer=names))
        screen.app.pop_screen()
        screen.tuki.refresh_screens()

    question = t("match.confirm", client=screen.ranking.client_name, volunteer=names)
    screen.app.push_screen(ConfirmDialog(question), confirmed)
