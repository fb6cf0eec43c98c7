"""The gettext catalogs of the faces: ``locale/<lang>/LC_MESSAGES/tuki.po``, compiled to ``.mo``.

The catalogs are monolingual: a msgid is a text's key (``"clients.title"``), its msgstr the
text in that language, with ``{name}`` placeholders filled by ``str.format``. A text that
carries a count is a plural entry (``msgid_plural`` repeats the key) whose forms follow the
language's ``Plural-Forms``. Besides the keys, the catalogs hold argparse's own messages
("usage: ", "options") under argparse's English msgids.

A language is read when first used (one ``.mo`` file, a few milliseconds) by the loader the
documents of data/ use too (``data.texts``); the English catalog is the fall-back of the
others, the key itself the last one.
"""

from __future__ import annotations

import functools
import gettext
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from data import texts as loader
from data.texts import FALLBACK, LANGUAGES, LOCALES

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "tuki"
__all__ = ["LANGUAGES", "LOCALES", "Catalogs", "has", "text", "texts", "translations"]


def mo_path(lang: str) -> Path:
    return loader.mo_path(LOCALE_DIR, DOMAIN, lang)


def translations(lang: str) -> gettext.GNUTranslations:
    """One language's compiled catalog, English behind it."""
    return loader.translations(LOCALE_DIR, DOMAIN, lang)


def _entries(lang: str) -> Mapping[Any, str]:
    return loader.entries(LOCALE_DIR, DOMAIN, lang)


def is_plural(lang: str, key: str) -> bool:
    """Whether ``key`` has plural forms (in ``lang``, or in English when ``lang`` lacks it)."""
    entries = _entries(lang)
    if (key, 0) in entries:
        return True
    return key not in entries and lang != FALLBACK and (key, 0) in _entries(FALLBACK)


def has(lang: str, key: str) -> bool:
    entries = _entries(lang)
    return key in entries or (key, 0) in entries


def _placeholders(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def implicit_count(key: str, params: Mapping[str, Any]) -> int:
    """The count of a plural entry worded without ``n`` (texts worded from data's parameters,
    such as alerts and check findings): the first whole-number placeholder of its English
    text, else 2 (the 'many' form)."""
    for name in _count_names(key):
        value = params.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 2


@functools.cache
def _count_names(key: str) -> tuple[str, ...]:
    """The placeholders of ``key``'s English text (read once per key: ``tuki alerts`` words
    thousands of alerts from a dozen keys)."""
    return tuple(_placeholders(translations(FALLBACK).ngettext(key, key, 2)))


def text(lang: str, key: str, n: int | None, params: Mapping[str, Any]) -> str:
    """``key`` in ``lang`` (then English, then the key), the plural form chosen by ``n``."""
    found = translations(lang)
    if not is_plural(lang, key):
        return found.gettext(key)
    return found.ngettext(key, key, implicit_count(key, params) if n is None else n)


@functools.cache
def texts(lang: str) -> dict[str, str]:
    """Every key of a language with its text (a plural entry: its 'many' form)."""
    out: dict[str, str] = {}
    for entry, value in _entries(lang).items():
        if isinstance(entry, tuple):
            if entry[1] == 1:
                out[entry[0]] = value
        elif entry:  # the empty msgid is the header
            out[entry] = value
    return out


class Catalogs(Mapping[str, dict[str, str]]):
    """``CATALOGS["sv"]["clients.title"]``: each language's texts, read when first asked."""

    def __getitem__(self, lang: str) -> dict[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return texts(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)
