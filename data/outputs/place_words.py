"""The documents' words of issue 16's meeting places and peer agreements: a meeting's kind of
place in the report to the social worker, and the three parties of a peer support agreement in
the start meeting's minutes (the documents' catalog, ``report.*`` and ``minutes.*``)."""

from __future__ import annotations

from collections.abc import Sequence

from data.dates import fi_date
from data.model.activity import Meeting
from data.model.peer import PeerGroup, PeerTerms
from data.model.people import VolunteerKind
from data.model.place import PlaceKind
from data.model.relationship import Relationship
from data.rules.agenda_texts import pick
from data.texts import Table, Words

PLACE_KINDS = Table("report.place_kind", PlaceKind)
PEER_GROUPS = Table("minutes.peer_group", PeerGroup)
PARTIES = Words("minutes.peer.parties")  # the parent, the support person and {municipality}
PARTIES_PAIR = Words("minutes.peer.parties_pair")  # ... the support persons (a pair) and ...
SIGNER = Words("minutes.peer.signer")  # signed for the municipality by {name}
SIGNED = Words("minutes.peer.signed")  # signed on {day}
#: who signs a peer agreement: the parent, the peer support person, for the municipality
SIGNERS = (Words("minutes.peer.sign_parent"), Words("minutes.peer.sign_peer"))
SIGN_MUNICIPALITY = Words("minutes.peer.sign_municipality")  # for {municipality}
SIGN_PEER_NAMED = Words("minutes.peer.sign_peer_named")  # the peer support person {name}


def place_words(meeting: Meeting, lang: str) -> str:
    """'Kahvila, Café Aalto': the kind of place and its own words (either alone)."""
    kind = pick(PLACE_KINDS[meeting.place_kind], lang) if meeting.place_kind else ""
    return ", ".join(part for part in (kind, meeting.place.strip()) if part)


def peer_signers(
    relationship: Relationship, lang: str, names: Sequence[str] = ()
) -> tuple[str, ...]:
    """The signature lines of a peer agreement's three parties; none for any other. A pair
    signs each for themselves: a line for each of ``names`` (the support persons')."""
    agreement = relationship.agreement
    parties = agreement.parties if agreement is not None else None
    if relationship.service is not VolunteerKind.PEER or parties is None:
        return ()
    municipality = pick(SIGN_MUNICIPALITY, lang).format(municipality=parties.municipality)
    parent, peer = (pick(words, lang) for words in SIGNERS)
    if relationship.second_volunteer_id is not None and len(names) > 1:
        named = pick(SIGN_PEER_NAMED, lang)
        return (parent, *(named.format(name=name) for name in names), municipality)
    return (parent, peer, municipality)


def peer_words(terms: PeerTerms, lang: str, pair: bool = False) -> str:
    """The start meeting's decision of a peer agreement's parties in one line ('' if none);
    ``pair``: the support persons are two."""
    parts = []
    parties = terms.parties
    if parties is not None:
        name = f"{parties.municipality} ({parties.unit})" if parties.unit else parties.municipality
        parts.append(pick(PARTIES_PAIR if pair else PARTIES, lang).format(municipality=name))
        if parties.signed_by:
            parts.append(pick(SIGNER, lang).format(name=parties.signed_by))
    if terms.signed_on is not None:
        parts.append(pick(SIGNED, lang).format(day=fi_date(terms.signed_on)))
    if terms.peer_group is not None:
        parts.append(pick(PEER_GROUPS[terms.peer_group], lang))
    return "; ".join(parts)
