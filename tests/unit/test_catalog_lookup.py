"""A compiled catalog's texts are looked up in its ``.mo`` file when asked (``data.texts``):
every entry, plural forms and the header are what ``gettext`` reads from the whole file, and
what is not there is not found."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from data import texts
from tui.i18n import catalogs

MO = [
    texts.mo_path(folder, domain, lang)
    for folder, domain in ((catalogs.LOCALE_DIR, catalogs.DOMAIN), (texts.LOCALE_DIR, texts.DOMAIN))
    for lang in texts.LANGUAGES
]


@pytest.mark.parametrize("path", MO, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_each_text_is_found_as_gettext_reads_it(path: Path) -> None:
    with path.open("rb") as handle:
        whole = gettext.GNUTranslations(handle)
    with path.open("rb") as handle:
        looked_up = texts._Compiled(handle)
    expected: dict[object, str] = whole._catalog  # type: ignore[attr-defined]
    lookup = looked_up._catalog  # type: ignore[attr-defined]
    assert looked_up.info() == whole.info() and looked_up.charset() == whole.charset()
    assert [looked_up.plural(n) for n in range(5)] == [whole.plural(n) for n in range(5)]
    fresh = texts._Lookup(*lookup._args)  # each key found by search, nothing listed yet
    for key, text in expected.items():
        assert key in fresh and fresh[key] == text, key
    assert fresh._all is None  # (found without decoding every entry)
    for msgid, _ in [key for key in expected if isinstance(key, tuple)][:50]:  # plurals
        assert msgid not in fresh and (msgid, 9) not in fresh  # only its forms are entries
        for n in (1, 2):
            assert looked_up.ngettext(msgid, msgid, n) == whole.ngettext(msgid, msgid, n)
    assert "no.such.key" not in fresh and ("no.such.key", 0) not in fresh and 12 not in fresh
    assert looked_up.gettext("no.such.key") == "no.such.key"
    assert dict(lookup) == expected and len(lookup) == len(expected)


def test_the_faces_catalogs_have_plurals() -> None:
    """(So that the test above compares plural entries too.)"""
    assert any(isinstance(key, tuple) for key in texts.entries(catalogs.LOCALE_DIR, "tuki", "fi"))
