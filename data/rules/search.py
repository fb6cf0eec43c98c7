"""Full-text search: what a query's words match, and which texts of a record are searched.

A query is split into words as the texts are (letters and digits; ``koti-ilta`` is two words);
a record matches when every word of the query is found inside some word of its texts (AND;
``kirjasto`` finds ``kirjastossa``, as Finnish inflects). Case never matters. A letter typed
without a mark also finds it with one: ``a`` finds a, ä, å, á …, ``o`` finds o, ö …, so
``paiva`` finds ``päivä`` on a keyboard without the Finnish letters; a letter typed with its
mark finds only itself (``sää`` does not find ``saa``), as ä and ö are letters of their own in
Finnish (``collation.py``). Texts and queries are compared in Unicode's composed form (NFC).

The texts searched are the ones a coordinator or a volunteer writes about what happened:
a meeting's report (how it went, wellbeing, progress and its notes), its activity, the note of
a cancellation and the reason a meeting past the maximum was allowed; a concern's description,
the notes of its notifications and follow-ups and its closing note; a palaveri's notes per
agenda item, its new goals, what it gave each party and its end note; a contact's note and
with whom it was (its name: "luokanopettaja Laine"). Names, places and contact details are
not searched otherwise. The functions read records as stored (rows of the data
files, not validated), so that a search does not build a model of every record it passes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import Any

KINDS = ("meeting", "concern", "palaveri", "contact")
#: the shard tables searched, and the kind of each; a contact is filed under its moment
SHARD_TABLES = (
    ("meetings", "meeting", "on"),
    ("palaverit", "palaveri", "on"),
    ("contacts", "contact", "at"),
)
WORD = re.compile(r"\w+")
SNIPPET = 70  # characters of a hit's text shown around the first word found


def normal(text: str) -> str:
    """``text`` as it is compared: composed (NFC) and case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """The words of ``text`` as compared (``normal``), in order."""
    return WORD.findall(normal(text))


@cache
def _variants() -> dict[str, str]:
    """Each plain letter -> itself and the letters with a mark that fold to it (``a`` ->
    ``aàáâãäåāăą``), from the Latin letters of Unicode's first blocks (case-folded)."""
    out: dict[str, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code).casefold()
        if len(char) != 1:
            continue
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            known = out.setdefault(base, base)
            if char not in known:
                out[base] = known + char
    return out


def pattern(word: str) -> re.Pattern[str]:
    """What one query word (``normal`` already) finds inside a word of a text (``normal``)."""
    variants = _variants()
    parts = [f"[{variants[c]}]" if c in variants else re.escape(c) for c in word]
    return re.compile("".join(parts))


def query_words(text: str) -> list[str]:
    """The words of a query that are searched for: each once, words of one letter left out
    when the query has longer ones (``B-lausunto``), none when it has only such."""
    found = list(dict.fromkeys(words(text)))
    longer = [w for w in found if len(w) > 1]
    return longer


def matches(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether every pattern is found in ``text`` (``normal``, words separated)."""
    return all(p.search(text) for p in patterns)


# ----- the searched texts of a record as stored ---------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def meeting_texts(row: dict[str, Any]) -> list[str]:
    """The searched texts of a stored meeting (read for every meeting of a shard: plain
    lookups, no helper per field)."""
    report = row.get("report")
    if not isinstance(report, dict):
        report = {}
    texts = [
        report.get("how_it_went"),
        report.get("wellbeing"),
        report.get("progress_note"),
        row.get("activity"),
        row.get("cancel_note"),
        row.get("over_max_reason"),
        row.get("consent_reason"),
    ]
    progress = report.get("progress")
    if progress and isinstance(progress, list):
        texts += [p.get("note") for p in progress if isinstance(p, dict)]
    return [t for t in texts if t and isinstance(t, str)]


def concern_texts(row: dict[str, Any]) -> list[str]:
    """The searched texts of a stored concern."""
    notes = [_text(_dict(n).get("note")) for n in _list(row.get("notifications"))]
    follow = [_text(_dict(n).get("note")) for n in _list(row.get("follow_ups"))]
    texts = [_text(row.get("what")), *notes, *follow, _text(row.get("closing_note"))]
    return [t for t in texts if t]


def palaveri_texts(row: dict[str, Any]) -> list[str]:
    """The searched texts of a stored palaveri."""
    decisions = _dict(row.get("decisions"))
    texts = [
        *map(_text, _dict(row.get("notes")).values()),
        *map(_text, _list(decisions.get("new_goals"))),
        *map(_text, _dict(decisions.get("gave")).values()),
        _text(decisions.get("end_note")),
    ]
    return [t for t in texts if t]


def contact_texts(row: dict[str, Any]) -> list[str]:
    """The searched texts of a stored contact: its note and with whom (the name given)."""
    texts = [_text(row.get("note")), _text(row.get("name"))]
    return [t for t in texts if t]


TEXTS = {
    "meeting": meeting_texts,
    "concern": concern_texts,
    "palaveri": palaveri_texts,
    "contact": contact_texts,
}
_DAY_FIELD = {"concern": "noticed_at", "contact": "at"}


def day_of(row: dict[str, Any], kind: str) -> date | None:
    """The day a stored record is filed under: a meeting's or palaveri's day, the day a
    concern was noticed, a contact's day; None when it is not a day."""
    raw = row.get(_DAY_FIELD.get(kind, "on"))
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def shard_words(doc: dict[str, Any]) -> list[str]:
    """Of a relationship's shard as stored, its meetings', palaverit's and contacts' apart
    (``SHARD_TABLES``' order): the newest day (``YYYY-MM-DD`` or "") and every word of their
    searched texts once, separated by spaces: [meetings' day, meetings' words, palaverit's
    day, palaverit's words, contacts' day, contacts' words]. Apart, as a start meeting's notes
    share their words with every other start meeting's: a search for them opens the shards
    whose newest palaveri can be newer than the hits found, not every shard with a recent
    meeting."""
    out: list[str] = []
    for table, kind, day_field in SHARD_TABLES:
        texts: list[str] = []
        newest = ""
        for row in _dict(doc.get(table)).values():
            if not isinstance(row, dict):
                continue
            texts += TEXTS[kind](row)
            on = row.get(day_field)
            if isinstance(on, str) and on[:10] > newest:
                newest = on[:10]
        out += [newest, " ".join(sorted(set(words("\n".join(set(texts))))))]
    return out


def holds(patterns: Iterable[re.Pattern[str]], texts: list[str]) -> bool:
    """Whether a record's ``texts`` hold every pattern. A pattern is made of letters and
    digits alone, so what it finds in the whole text lies inside one of its words."""
    return matches(patterns, normal("\n".join(texts)))


def first_hit(pattern: re.Pattern[str], texts: list[str]) -> tuple[int, re.Match[str] | None]:
    """The first of ``texts`` where ``pattern`` is found, and where (else the first text)."""
    for index, text in enumerate(texts):
        hit = pattern.search(normal(text))
        if hit is not None:
            return index, hit
    return 0, None


def snippet(text: str, hit: re.Match[str] | None) -> str:
    """A short piece of ``text`` around ``hit`` (found in ``normal(text)``, which keeps the
    places of the letters of Finnish and Swedish), on one line, cut with ``…``."""
    same = hit is not None and len(normal(text)) == len(text)
    start = max(0, hit.start() - SNIPPET // 3) if hit is not None and same else 0
    if hit is not None and start > 0:  # from the beginning of a word
        space = text.find(" ", start, hit.start())
        start = space + 1 if space != -1 else start
    piece = " ".join(text[start : start + SNIPPET].split())
    if start > 0:
        piece = "…" + piece
    if start + SNIPPET < len(text):
        piece += "…"
    return piece


def records(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The meetings, palaverit and contacts of a stored shard: (kind, row)."""
    for table, kind, _day in SHARD_TABLES:
        for row in _dict(doc.get(table)).values():
            if isinstance(row, dict):
                yield kind, row


__all__ = [
    "KINDS",
    "SHARD_TABLES",
    "TEXTS",
    "day_of",
    "first_hit",
    "holds",
    "matches",
    "normal",
    "pattern",
    "query_words",
    "records",
    "shard_words",
    "snippet",
    "words",
]
