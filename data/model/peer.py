"""Peer support for parents (issue 16, seed 003): the agreement is made by three parties, the
parent, the support person(s) and the municipality, on the day it is signed; and the support
comes before, alongside or after the parent's peer group. The start meeting decides them
(``Decisions.peer``), applied to the relationship when it is finished."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from data.model.base import Model, NonBlank, ShortText


class PeerGroup(StrEnum):
    """When the peer support is given, seen from the parent's peer group."""

    BEFORE = "before"
    ALONGSIDE = "alongside"
    AFTER = "after"


class Parties(Model):
    """The municipality's side of the three-party agreement (the parent and the support
    person(s) are the relationship's own)."""

    municipality: NonBlank  # the municipality or wellbeing area
    unit: ShortText = ""  # e.g. the child welfare unit
    signed_by: ShortText = ""  # who signed for the municipality


class PeerTerms(Model):
    """What a peer relationship's start meeting decides of the agreement's parties."""

    parties: Parties | None = None
    signed_on: date | None = None
    peer_group: PeerGroup | None = None
