"""The agendas of the palaverit, as data: what the coordinator walks through with the people in
the room, in Finnish, Swedish and English.

Each kind of palaveri (``PalaveriKind``) has an ordered list of ``Item``s. An item has a stable
``key`` (the key of its note and done-mark in ``Palaveri.notes`` / ``Palaveri.done``), a title
and a short guidance text in every language, and ``decides``: the ``Decisions`` fields that the
item settles. A face shows those as fields (a date, a yes/no, a choice), not as free text; when
the palaveri is finished, only the decided fields of its kind are applied to the relationship.

No UI library here: the console, the command line and the minutes all read the same data.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from data import texts
from data.models import Decisions, PalaveriKind, Role
from data.rules.agenda_items import AGENDAS, PEER_START, for_parent
from data.rules.agenda_texts import (
    ATTENDANCE_TEXTS,
    DECIDES_WORD,
    KIND_INTROS,
    PROGRAMME_WORKER_ENDING,
    PROGRAMME_WORKER_REVIEW,
    REFUSALS,
    Item,
    pick,
)

# ----- functions -------------------------------------------------------------------------------


def agenda(kind: PalaveriKind | str, peer: bool = False) -> list[Item]:
    """The ordered points of a kind of palaveri (``peer``: of a parent's peer support, whose
    palaverit are worded for the parent; ``data.rules.peer.is_peer``)."""
    if peer and PalaveriKind(kind) is PalaveriKind.START:
        return list(PEER_START)
    points = AGENDAS[PalaveriKind(kind)]
    return [for_parent(p) for p in points] if peer else list(points)


def item(kind: PalaveriKind | str, key: str) -> Item:
    for point in AGENDAS[PalaveriKind(kind)]:
        if point.key == key:
            return point
    raise KeyError(key)


def decides(kind: PalaveriKind | str) -> tuple[str, ...]:
    """Every ``Decisions`` field a kind of palaveri settles, in agenda order, each once."""
    seen: dict[str, None] = {}
    for point in AGENDAS[PalaveriKind(kind)]:
        for name in point.decides:
            seen.setdefault(name, None)
    return tuple(seen)


def title(kind: PalaveriKind | str, lang: str) -> str:
    return texts.palaveri_title(PalaveriKind(kind).value, lang)  # KIND_TITLES' entry


def intro(kind: PalaveriKind | str, lang: str) -> str:
    return pick(KIND_INTROS[PalaveriKind(kind)], lang)


def attendance_warnings(kind: PalaveriKind | str, roles: Iterable[Role | str]) -> list[str]:
    """Codes of what to say about who attends: ``programme_worker_review`` is a warning (they
    come to a review only when needed), ``programme_worker_ending`` a refusal (never at an
    ending; see ``REFUSALS``). Texts in ``ATTENDANCE_TEXTS``."""
    present = {Role(r) for r in roles}
    kind = PalaveriKind(kind)
    out: list[str] = []
    if Role.PROGRAMME_SOCIAL_WORKER in present:
        if kind is PalaveriKind.REVIEW:
            out.append(PROGRAMME_WORKER_REVIEW)
        elif kind is PalaveriKind.ENDING:
            out.append(PROGRAMME_WORKER_ENDING)
    return out


def attendance_text(code: str, lang: str) -> str:
    return pick(ATTENDANCE_TEXTS[code], lang)


def render(kind: PalaveriKind | str, lang: str = "fi") -> str:
    """The agenda as plain text, for printing or reading aloud."""
    kind = PalaveriKind(kind)
    lines = [title(kind, lang), "=" * len(title(kind, lang)), "", *_wrap(intro(kind, lang), "")]
    for n, point in enumerate(AGENDAS[kind], 1):
        mark = f"  [{pick(DECIDES_WORD, lang)}]" if point.decides else ""
        lines += ["", f"{n}. {point.title(lang)}{mark}", *_wrap(point.guidance(lang), "   ")]
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str, width: int = 78) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]


def _check() -> None:
    """Every decided name is a field of ``Decisions`` (run at import: a typo fails at once)."""
    fields = set(Decisions.model_fields)
    for points in (*AGENDAS.values(), PEER_START):
        keys = [p.key for p in points]
        if len(keys) != len(set(keys)):
            raise RuntimeError(f"an agenda repeats a key: {keys}")
        for point in points:
            unknown = set(point.decides) - fields
            if unknown:
                raise RuntimeError(f"{point.key} decides unknown fields {sorted(unknown)}")


_check()


__all__ = [
    "ATTENDANCE_TEXTS",
    "REFUSALS",
    "Item",
    "agenda",
    "attendance_text",
    "attendance_warnings",
    "decides",
    "intro",
    "item",
    "render",
    "title",
]
