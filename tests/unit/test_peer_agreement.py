"""Peer support's three-party agreement (issue 16, seed 003): the start meeting records the
municipality as the third party, the day signed and the support's timing with the peer group;
finishing it puts them on the relationship, and the minutes say them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from data.errors import Refused
from data.model.peer import Parties, PeerGroup, PeerTerms
from data.models import Arranging, ClientKind, Relationship, VolunteerKind
from data.outputs.minutes import minutes_markdown, minutes_pdf
from data.outputs.place_words import peer_signers
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tests.unit.test_palaverit import proposed, start_decisions, start_draft
from tui import peer_text

TERMS = PeerTerms(
    parties=Parties(municipality="Kuopio", unit="Lastensuojelu", signed_by="Sirpa Sosiaali"),
    signed_on=ago(2),
    peer_group=PeerGroup.BEFORE,
)


@pytest.fixture
def store(any_store: Store[Any]) -> Store[Any]:
    return any_store


def test_the_start_meeting_sets_the_three_parties_and_the_peer_group(store: Store[Any]) -> None:
    f.rates(store)
    parent = f.client(store, kind=ClientKind.PARENT, birth_date=ago(35 * 365))
    peer = f.volunteer(store, kind=VolunteerKind.PEER)
    rel = store.relationships.propose(
        USER, Relationship(client_id=parent.id, volunteer_id=peer.id), on=ago(20)
    )
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel), peer=TERMS))
    done = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    stored = store.records.get(Relationship, done.relationship.id)  # type: ignore[arg-type]
    assert stored.agreement is not None and stored.agreement.parties == TERMS.parties
    assert stored.agreement.signed_on == ago(2) and stored.peer_group is PeerGroup.BEFORE
    text = minutes_markdown(store, rel.id, draft.id, "fi")  # type: ignore[arg-type]
    assert "Kolmikantasopimus" in text and "Kuopio (Lastensuojelu)" in text
    assert "Sirpa Sosiaali" in text and "tuki ennen vertaisryhmää" in text
    # worded for the parent, without the child's decisions; meetings agreed with the parent
    assert "Vanhemman perustiedot" in text and "Mitä vanhempi haluaisi tehdä" in text
    assert "Lapsen perustiedot" not in text and "Liikkuuko lapsi" not in text
    assert stored.agreement.arranged_via is Arranging.CLIENT
    # the agreement's signature lines are the three parties'
    assert peer_signers(stored, "fi") == (
        "Vanhempi",
        "Vertaistukihenkilö",
        "Kuopio, kunnan puolesta",
    )


def test_the_three_parties_are_for_peer_support_only(store: Store[Any]) -> None:
    rel = proposed(store)  # a volunteer for a child
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel), peer=TERMS))
    with pytest.raises(Refused) as exc:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert exc.value.code == "peer_only"
    assert store.records.get(Relationship, rel.id).agreement is None  # type: ignore[arg-type]


def test_a_pair_s_agreement_names_both_support_persons(store: Store[Any]) -> None:
    f.rates(store)
    parent = f.client(store, kind=ClientKind.PARENT, birth_date=ago(35 * 365))
    helmi = f.volunteer(store, kind=VolunteerKind.PEER, first_name="Helmi", last_name="Kallio")
    jari = f.volunteer(store, kind=VolunteerKind.PEER, first_name="Jari", last_name="Nurmi")
    pair = Relationship(
        client_id=parent.id,
        volunteer_id=helmi.id,
        second_volunteer_id=jari.id,
        service=VolunteerKind.PEER,
    )
    rel = store.relationships.propose(USER, pair, on=ago(20))
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel), peer=TERMS))
    done = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    stored = store.records.get(Relationship, done.relationship.id)  # type: ignore[arg-type]
    text = minutes_markdown(store, rel.id, draft.id, "fi")  # type: ignore[arg-type]
    assert "Tukihenkilöt: Helmi Kallio & Jari Nurmi" in text
    assert "sopijapuolina vanhempi, molemmat tukihenkilöt ja Kuopio" in text
    names = ("Helmi Kallio", "Jari Nurmi")
    assert peer_signers(stored, "sv", names) == (
        "Föräldern",
        "Kamratstödperson Helmi Kallio",
        "Kamratstödperson Jari Nurmi",
        "Kuopio, för kommunen",
    )
    pdf = PdfReader(io.BytesIO(minutes_pdf(store, rel.id, draft.id, "en")))  # type: ignore[arg-type]
    words = " ".join((page.extract_text() or "") for page in pdf.pages)
    assert "Peer support person Jari Nurmi" in words
    page = peer_text.lines(stored)  # the relationship page's lines
    assert page[0].startswith("Sopijapuolet: vanhempi, molemmat tukihenkilöt ja Kuopio")
