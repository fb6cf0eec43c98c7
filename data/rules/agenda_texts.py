"""The agendas' words: every kind of palaveri's title and introduction, each point's title and
guidance, the words about who attends. The texts are in the documents' gettext catalogs
(``data/texts/locale``, keys ``agenda.*``); ``data/rules/agendas.py`` reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from data.model.plain import PalaveriKind
from data.texts import LANGUAGES, Table, Words

LANGS = LANGUAGES
Texts = Mapping[str, str]


@dataclass(frozen=True)
class Item:
    """One point of an agenda: its key (of its note and done-mark) and the ``Decisions``
    fields it settles; its title and guidance come from the catalogs by the key, or by
    ``words`` when the point is worded for someone else (a parent's peer support) under the
    same key."""

    key: str
    decides: tuple[str, ...] = ()  # names of ``Decisions`` fields this point settles
    words: str = ""  # the catalog key of its title and guidance, when not ``key``

    @property
    def titles(self) -> Texts:
        return Words(f"agenda.item.{self.words or self.key}")

    @property
    def help(self) -> Texts:
        return Words(f"agenda.help.{self.words or self.key}")

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)

    def guidance(self, lang: str) -> str:
        return pick(self.help, lang)


def pick(texts: Texts, lang: str) -> str:
    return texts.get(lang) or texts["fi"]


KIND_TITLES = Table("agenda.kind", PalaveriKind)
KIND_INTROS = Table("agenda.intro", PalaveriKind)


# ----- who attends -----------------------------------------------------------------------------

PROGRAMME_WORKER_REVIEW = "programme_worker_review"  # a warning: only when needed
PROGRAMME_WORKER_ENDING = "programme_worker_ending"  # a refusal (the model refuses it too)
REFUSALS = frozenset({PROGRAMME_WORKER_ENDING})

ATTENDANCE_TEXTS = Table("agenda.attendance", (PROGRAMME_WORKER_REVIEW, PROGRAMME_WORKER_ENDING))

DECIDES_WORD: Texts = Words("agenda.decides")
