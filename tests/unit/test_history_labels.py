"""The change history (``h``, ``tuki history``) names issue 16's fields as the forms do, in
each language, never by their internal names; a kind of place and a peer group in words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui import i18n
from tui.history_text import label, value

#: (kind, the changed field as the history names it) of issue 16's fields
FIELDS = [
    ("meeting", "place_kind"),
    ("meeting", "by_car"),
    ("meeting", "consent_reason"),
    ("meeting", "until"),
    ("relationship", "agreement.parties"),
    ("relationship", "agreement.parties.municipality"),
    ("relationship", "agreement.parties.unit"),
    ("relationship", "agreement.parties.signed_by"),
    ("relationship", "agreement.signed_on"),
    ("relationship", "peer_group"),
    ("palaveri", "decisions.peer"),
    ("palaveri", "decisions.peer.signed_on"),
    ("palaveri", "decisions.peer.peer_group"),
    ("palaveri", "decisions.ratings"),
    ("palaveri", "decisions.concern_id"),
    ("settings", "support_family_min_age"),
    ("settings", "rating_scale.low"),
    ("settings", "rating_scale.high"),
    ("settings", "rating_scale.low_words"),
    ("settings", "rating_scale.high_words"),
    ("", "goal_id"),  # a rating's parts, as a list of ratings is shown
    ("", "rating"),
]


@pytest.fixture
def language() -> Iterator[None]:
    was = i18n.language()
    yield
    i18n.set_language(was)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_new_field_has_a_label(lang: str, language: None) -> None:
    i18n.set_language(lang)
    for kind, name in FIELDS:
        shown = label(kind, name)
        assert "_" not in shown and "›" not in shown and shown[:1].isupper(), (kind, name, shown)
        if lang != "en":  # no English word of the field's name left
            assert not set(name.replace("_", ".").split(".")) & set(shown.split()), shown


def test_a_place_kind_and_a_peer_group_in_words(language: None) -> None:
    i18n.set_language("fi")
    assert value("place_kind", "vhome") == "Tukihenkilön koti"
    assert value("agreement.peer_group", "after") == "vertaisryhmän jälkeen"
    assert label("settings", "rating_scale.high") == "Suurin arvio"
    assert label("relationship", "agreement.parties.municipality") == "Kunta tai hyvinvointialue"
