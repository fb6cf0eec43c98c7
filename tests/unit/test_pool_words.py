"""The matching section's free volunteers wait for a client, a child or (peer support) a parent:
its words name no child, since a peer support person waits for a parent."""

from __future__ import annotations

from datetime import date

import pytest

from tui import i18n
from tui.i18n import t

CHILD = {"fi": ("lapsi", "lasta"), "sv": ("barn",), "en": ("child",)}


@pytest.mark.parametrize("lang", sorted(CHILD))
def test_the_free_volunteers_wait_for_a_client_not_a_child(lang: str) -> None:
    was = i18n.language()
    i18n.set_language(lang)
    try:
        shown = [
            t("match.volunteers_free", n=6),
            t("match.detail.volunteer_since", day=date.today()),
        ]
    finally:
        i18n.set_language(was)
    assert not [s for s in shown for word in CHILD[lang] if word in s.casefold()]
