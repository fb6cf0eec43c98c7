"""Texts in gettext catalogs: one loader for data/ and the faces.

A catalog is monolingual: a msgid is a text's key (``"minutes.word.date"``), the msgstr the
text in that language. Compiled ``.mo`` files sit beside their ``.po`` files in
``<localedir>/<lang>/LC_MESSAGES/<domain>.po`` and are read with the standard library's
``gettext`` when a language is first asked for; English is every other language's fall-back,
the key itself the last one.

data/ keeps its own domain here, ``documents`` (``data/texts/locale``): the words of the
minutes and the agendas, which the command line and the console both print and which data/
must reach without importing the faces. The faces' texts are the domain ``tuki`` in
``tui/i18n/locale``, read through the same functions.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Generic, TypeVar

LANGUAGES = ("fi", "sv", "en")
FALLBACK = "en"
#: Babel's locale of each language: the formats of times, numbers and sums (14.05, 1 234,50 €)
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_FI"}
DEFAULT = "fi"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "documents"

K = TypeVar("K")


def mo_path(localedir: Path, domain: str, lang: str) -> Path:
    return localedir / lang / "LC_MESSAGES" / f"{domain}.mo"


@functools.cache
def translations(localedir: Path, domain: str, lang: str) -> gettext.GNUTranslations:
    """One language's compiled catalog of a domain, the English one behind it (read only
    when a text is missing: a start-up reads one file)."""
    with mo_path(localedir, domain, lang).open("rb") as handle:
        found = gettext.GNUTranslations(handle)
    if lang != FALLBACK:
        found.add_fallback(_English(localedir, domain))
    return found


class _English(gettext.NullTranslations):
    """The fall-back catalog, read when first asked for a text."""

    def __init__(self, localedir: Path, domain: str) -> None:
        super().__init__()
        self.where = (localedir, domain)

    def gettext(self, message: str) -> str:
        return translations(*self.where, FALLBACK).gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return translations(*self.where, FALLBACK).ngettext(msgid1, msgid2, n)


def entries(localedir: Path, domain: str, lang: str) -> dict[object, str]:
    """What a catalog holds: a msgid's text under the msgid, a plural entry's forms under
    (msgid, index), as ``GNUTranslations`` keeps them (the only way to list them)."""
    held: dict[object, str] = translations(localedir, domain, lang)._catalog  # type: ignore[attr-defined]
    return held


def text(key: str, lang: str) -> str:
    """A text of the minutes or the agendas; a language not offered gives the Finnish one."""
    chosen = lang if lang in LANGUAGES else DEFAULT
    return translations(LOCALE_DIR, DOMAIN, chosen).gettext(key)


class Words(Mapping[str, str]):
    """One text of the documents in every language: ``Words("minutes.word.date")["sv"]``."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return text(self.key, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"Words({self.key!r})"


class Table(Mapping[K, Words], Generic[K]):
    """Texts for a set of codes (an enum's members, field names) under one prefix:
    ``Table("minutes.role", Role)[Role.CHILD]["fi"]`` is ``minutes.role.child`` in Finnish."""

    def __init__(self, prefix: str, codes: Iterable[K]) -> None:
        self.prefix = prefix
        self.codes = tuple(codes)

    def key(self, code: K) -> str:
        return f"{self.prefix}.{code.value if isinstance(code, Enum) else code}"

    def __getitem__(self, code: K) -> Words:
        if code not in self.codes:
            raise KeyError(code)
        return Words(self.key(code))

    def __iter__(self) -> Iterator[K]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


def palaveri_title(kind: str, lang: str) -> str:
    """A kind of palaveri's name (``agenda.kind.<kind>``, a ``PalaveriKind`` value), in ``lang``
    or else in Finnish: what ``data.rules.agendas.title`` and the console's alerts both show
    (here, apart from the models: the start screen words its alerts before they are
    imported)."""
    words = Words(f"agenda.kind.{kind}")
    return words.get(lang) or words["fi"]
