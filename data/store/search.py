"""The Search part (``store.search``): the texts of meetings, concerns, palaverit and contacts
by words.

``find(user, text, kinds=…, limit=…)`` gives the records whose searched texts hold every word
of ``text`` (``data/rules/search.py`` says which texts and how words match), newest first,
each with its kind, day, relationship, client (id and initials) and a short piece of the text
around the first word found. Any admitted login may search (a reader sees what the others
see); an unknown one is refused. The search shows client data: the face that shows the hits
logs each client they name (``store.access``, kind ``search``).

Concerns are read from their one file. The meetings, palaverit and contacts live in a shard
per relationship: the shards whose kept words (``search_words.py``; each table's apart) hold
every word are opened, newest first, and once ``limit`` hits are found no shard whose newest
meeting (palaveri, contact) is older than the last of them is opened. At
national scale (22,000 shards, 1 million meetings) a search reads the kept words (~40 MB), a
``stat`` per shard and the shards it needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from data.errors import Refused
from data.model.register import UserRole
from data.models import Concern
from data.rules import search as rules
from data.rules.retention import initials
from data.storage.layout import FLAT, shard
from data.storage.rows import read_once
from data.store.records import Records
from data.store.search_words import Progress, ShardWords
from data.store.users import Users

LIMIT = 50  # hits given unless asked for more
_ORDER = {kind: n for n, kind in enumerate(rules.KINDS)}


@dataclass(frozen=True)
class Hit:
    """One record found: what it is, when, whose, and where the word was found."""

    kind: str  # meeting, concern, palaveri, contact
    ref: str  # meeting, palaveri and contact: "12-3" (relationship-number); concern: its id
    record_id: int
    day: date
    relationship_id: int | None
    client_id: int | None
    initials: str
    snippet: str


@dataclass(frozen=True)
class Found:
    """The newest ``limit`` hits, and whether there are more than those."""

    hits: list[Hit]
    more: bool


class Search:
    def __init__(self, records: Records, users: Users) -> None:
        self._records = records
        self._users = users
        self.words = ShardWords(records.engine)

    def find(
        self,
        user: str,
        text: str,
        *,
        kinds: Iterable[str] = rules.KINDS,
        limit: int = LIMIT,
        progress: Progress | None = None,
    ) -> Found:
        """The newest ``limit`` records of ``kinds`` whose texts hold every word of ``text``.
        ``progress`` hears how the kept words are brought up to date (shards read, to read)."""
        self._users.permit(user, UserRole.READER)
        wanted = set(kinds)
        unknown = wanted - set(rules.KINDS)
        if unknown or not wanted:
            raise Refused(
                "search_kind",
                "Search meetings, concerns, palaverit or contacts (not {kind}).",
                kind=", ".join(sorted(unknown)) or "–",
            )
        query = rules.query_words(text)
        if not query:
            raise Refused("search_empty", "Type a word to search for (two letters or more).")
        patterns = [rules.pattern(w) for w in query]
        limit = max(1, limit)
        best = _Best(limit)
        if "concern" in wanted:
            self._concerns(patterns, best)
        if wanted - {"concern"}:
            self._shards(patterns, wanted, best, progress)
        found = best.ordered()
        return Found([self._hit(*item, patterns) for item in found[:limit]], len(found) > limit)

    def _concerns(self, patterns: list[re.Pattern[str]], best: _Best) -> None:
        place = FLAT[Concern]
        for row in self._records.engine.table(place.file, place.table).values():
            texts = rules.concern_texts(row)
            if texts and rules.holds(patterns, texts):
                best.add("concern", row, str(row.get("id")), row.get("relationship_id"), texts)

    def _shards(
        self,
        patterns: list[re.Pattern[str]],
        wanted: set[str],
        best: _Best,
        progress: Progress | None,
    ) -> None:
        """The meetings, palaverit and contacts found, shard by shard, the newest first; no
        shard is opened whose newest meeting (palaveri, contact) is older than the last of
        ``limit`` hits."""
        kept = self.words.current(progress)
        candidates: list[tuple[str, int, str]] = []
        tables = [(n, kind) for n, (_t, kind, _d) in enumerate(rules.SHARD_TABLES)]
        for rid, kept_words in kept.items():
            for n, kind in tables:
                newest, text = kept_words[2 * n], kept_words[2 * n + 1]
                if kind in wanted and text and rules.matches(patterns, text):
                    candidates.append((newest, rid, kind))
        candidates.sort(reverse=True)
        for newest, rid, wanted_kind in candidates:
            if newest < best.cutoff:
                break  # every record of this shard and the rest is older than the last kept
            for kind, row in rules.records(read_once(self._records.engine, shard(rid))):
                on = row.get("at" if kind == "contact" else "on")
                if kind != wanted_kind or not isinstance(on, str) or on[:10] < best.cutoff:
                    continue
                texts = rules.TEXTS[kind](row)
                if texts and rules.holds(patterns, texts):
                    best.add(kind, row, f"{rid}-{row.get('id')}", rid, texts)
            best.trim()

    def _hit(
        self,
        kind: str,
        row: dict[str, Any],
        ref: str,
        rid: Any,
        texts: list[str],
        day: date,
        patterns: list[re.Pattern[str]],
    ) -> Hit:
        relationship_id = rid if isinstance(rid, int) else None
        client_id = row.get("client_id") if kind == "concern" else None
        if client_id is None and relationship_id is not None:
            facts = self._records.relationship_facts().get(relationship_id)
            client_id = facts.client_id if facts is not None else None
        client = self._records.client_facts().get(client_id) if isinstance(client_id, int) else None
        index, where = rules.first_hit(patterns[0], texts)
        return Hit(
            kind=kind,
            ref=ref,
            record_id=row["id"],
            day=day,
            relationship_id=relationship_id,
            client_id=client_id if isinstance(client_id, int) else None,
            initials=initials(client.first, client.last) if client is not None else "",
            snippet=rules.snippet(texts[index], where),
        )


class _Best:
    """The newest hits found so far: at most ``limit`` + 1 kept (the one more tells that
    there are more), and the day (``YYYY-MM-DD``) older than which nothing can enter."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: list[tuple[str, dict[str, Any], str, Any, list[str], date]] = []
        self.cutoff = ""

    def add(self, kind: str, row: dict[str, Any], ref: str, rid: Any, texts: list[str]) -> None:
        day = rules.day_of(row, kind)
        if day is not None and isinstance(row.get("id"), int):
            self.items.append((kind, row, ref, rid, texts, day))

    def trim(self) -> None:
        if len(self.items) > self.limit:
            self.items.sort(key=_newest_first)
            del self.items[self.limit + 1 :]
            self.cutoff = self.items[self.limit - 1][5].isoformat()

    def ordered(self) -> list[tuple[str, dict[str, Any], str, Any, list[str], date]]:
        self.items.sort(key=_newest_first)
        return self.items


def _newest_first(item: tuple[str, Any, str, Any, Any, date]) -> tuple[int, int, str]:
    kind, _row, ref, _rid, _texts, day = item
    return (-day.toordinal(), _ORDER[kind], ref)


__all__ = ["LIMIT", "Found", "Hit", "Search"]
