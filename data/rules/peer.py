"""Peer support's start meeting (issue 16, seed 003): the three parties of the agreement (the
parent, the support person(s) and the municipality), the day it was signed, and whether the
support is before, alongside or after the parent's peer group (``Decisions.peer``), applied to
the relationship when the start palaveri is finished."""

from __future__ import annotations

from typing import Any

from data.errors import Refused
from data.model.peer import PeerTerms
from data.model.people import VolunteerKind
from data.model.relationship import Arranging, EndReason, Relationship


def apply_peer(r: Relationship, terms: PeerTerms | None, data: dict[str, Any]) -> None:
    """Into ``data`` (the relationship's stored form, its agreement already decided): the
    parties and the signing day on the agreement, the peer group on the relationship. The
    parties and the peer group belong to peer support only; a day signed to any agreement."""
    if terms is None:
        return
    if (terms.parties or terms.peer_group) and r.service is not VolunteerKind.PEER:
        raise Refused("peer_only", "Only peer support has a three-party agreement.")
    agreement = data["agreement"]
    if terms.parties is not None:
        agreement["parties"] = terms.parties.model_dump(mode="json")
    if terms.signed_on is not None:
        agreement["signed_on"] = terms.signed_on.isoformat()
    if terms.peer_group is not None:
        data["peer_group"] = terms.peer_group.value


def is_peer(r: Relationship) -> bool:
    """A parent's peer support: its start meeting is worded for the parent (the client)."""
    return r.service is VolunteerKind.PEER


def end_reasons(r: Relationship) -> tuple[EndReason, ...]:
    """The reasons offered for ending: a parent's peer support has no child whose wish ends it."""
    return tuple(e for e in EndReason if not (is_peer(r) and e is EndReason.CHILD_WISH))


def default_arranging(r: Relationship) -> Arranging | None:
    """How meetings are agreed when the start meeting does not say: with the parent in peer
    support (None: the agreement's own default, through the guardians)."""
    return Arranging.CLIENT if is_peer(r) else None
