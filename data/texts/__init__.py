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
import io
import struct
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

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
        found = _Compiled(handle)
    if lang != FALLBACK:
        found.add_fallback(_English(localedir, domain))
    return found


class _Compiled(gettext.GNUTranslations):
    """A ``.mo`` file whose texts are looked up in it when asked (``_Lookup``) instead of all
    decoded into a dict first: a command asks for a few dozen of the ~2,400 (the Finnish
    catalog took 4–7 ms to read whole, 4 % of a `tuki log`). Its header (the charset, the
    plural rule) is read by ``gettext`` itself, as the file's only entry."""

    def _parse(self, fp: Any) -> None:
        buf = fp.read()
        magic, version, count, ids, strs = struct.unpack_from("<5I", buf)
        if magic != self.LE_MAGIC or version >> 16 not in self.VERSIONS or count < 1:
            super()._parse(io.BytesIO(buf))  # (gettext says what is wrong, or reads it all)
            return
        super()._parse(io.BytesIO(buf[:8] + struct.pack("<I", 1) + buf[12:]))  # the header
        charset = getattr(self, "_charset", None) or "ascii"  # (the header's, as gettext reads it)
        self._catalog = _Lookup(buf, count, ids, strs, charset)


class _Lookup(Mapping[object, str]):
    """A ``.mo`` file's entries as ``GNUTranslations`` keeps them (a msgid's text under the
    msgid, a plural entry's forms under (msgid, index)), each found by binary search: the
    format keeps the msgids sorted (by their bytes, as gettext's own lookup requires and
    Babel and msgfmt write them). Listing them decodes them all, once."""

    def __init__(self, buf: bytes, count: int, ids: int, strs: int, charset: str) -> None:
        self._args = (buf, count, ids, strs, charset)
        self._buf, self._count, self._charset = buf, count, charset
        self._ids = struct.unpack_from(f"<{2 * count}I", buf, ids)  # (length, offset) pairs
        self._strs = struct.unpack_from(f"<{2 * count}I", buf, strs)
        self._all: dict[object, str] | None = None
        self._seen: dict[object, str | None] = {}  # each key asked for: its text, or None

    def _at(self, table: tuple[int, ...], index: int) -> bytes:
        length, offset = table[2 * index], table[2 * index + 1]
        return self._buf[offset : offset + length]

    def _raw(self, msgid: str) -> tuple[bytes, bytes] | None:
        """The entry of ``msgid`` (a plural one's msgid is "singular\0plural"), or None."""
        wanted = msgid.encode(self._charset)
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            found = self._at(self._ids, middle).split(b"\0", 1)
            if found[0] < wanted:
                low = middle + 1
            elif found[0] > wanted:
                high = middle
            else:
                return self._at(self._ids, middle), self._at(self._strs, middle)
        return None

    def _find(self, key: object) -> str | None:
        """The text of ``key``, or None; each key searched for once (`tuki alerts` words
        thousands of alerts from a dozen keys)."""
        try:
            return self._seen[key]
        except KeyError:
            pass
        msgid, form = key if isinstance(key, tuple) else (key, None)
        raw = self._raw(msgid) if isinstance(msgid, str) else None
        text = None
        if raw is not None and (b"\0" in raw[0]) == (form is not None):
            forms = raw[1].split(b"\0") if form is not None else [raw[1]]
            index = 0 if form is None else form
            if type(index) is int and 0 <= index < len(forms):
                text = forms[index].decode(self._charset)
        self._seen[key] = text
        return text

    def __getitem__(self, key: object) -> str:
        text = self._find(key)
        if text is None:
            raise KeyError(key)
        return text

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not None

    def get(self, key: object, default: Any = None) -> Any:
        text = self._find(key)
        return default if text is None else text

    def _entries(self) -> dict[object, str]:
        if self._all is None:
            self._all = {}
            for index in range(self._count):
                msgid, text = self._at(self._ids, index), self._at(self._strs, index)
                if b"\0" in msgid:
                    singular = msgid.split(b"\0")[0].decode(self._charset)
                    for form, each in enumerate(text.split(b"\0")):
                        self._all[(singular, form)] = each.decode(self._charset)
                else:
                    self._all[msgid.decode(self._charset)] = text.decode(self._charset)
        return self._all

    def __iter__(self) -> Iterator[object]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())


class _English(gettext.NullTranslations):
    """The fall-back catalog, read when first asked for a text."""

    def __init__(self, localedir: Path, domain: str) -> None:
        super().__init__()
        self.where = (localedir, domain)

    def gettext(self, message: str) -> str:
        return translations(*self.where, FALLBACK).gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return translations(*self.where, FALLBACK).ngettext(msgid1, msgid2, n)


def entries(localedir: Path, domain: str, lang: str) -> Mapping[object, str]:
    """What a catalog holds: a msgid's text under the msgid, a plural entry's forms under
    (msgid, index), as ``GNUTranslations`` keeps them (the only way to list them)."""
    held: Mapping[object, str] = translations(localedir, domain, lang)._catalog  # type: ignore[attr-defined]
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
