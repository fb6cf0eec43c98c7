"""Peer support's agreement in the console's words (issue 16, seed 003): its three parties
(the parent, the support person(s) and the municipality, with who signed for it and when) and
when the support is given, seen from the parent's peer group."""

from __future__ import annotations

from data.model.peer import PeerGroup
from data.model.relationship import Relationship
from tui import i18n
from tui.i18n import t


def group_word(group: PeerGroup) -> str:
    return t(f"peer.group.{group.value}")


def lines(r: Relationship) -> list[str]:
    """The relationship page's lines of them; none when nothing of them was recorded."""
    out: list[str] = []
    a = r.agreement
    parties = a.parties if a is not None else None
    if parties is not None:
        unit = f"{parties.municipality} ({parties.unit})" if parties.unit else parties.municipality
        key = "peer.parties" if r.second_volunteer_id is None else "peer.parties_pair"
        out.append(t(key, municipality=unit, signer=parties.signed_by or "–"))
    if a is not None and a.signed_on is not None and (parties is not None or r.peer_group):
        out.append(t("peer.signed_on", day=i18n.day(a.signed_on)))
    if r.peer_group is not None:
        out.append(t("peer.group", when=group_word(r.peer_group)))
    return out
