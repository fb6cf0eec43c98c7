"""The derived data under ``index/``: read fast, written in the same change as its source.

* facts of relationships, clients and volunteers (``data/facts.py``);
* per relationship, the meeting summary and the months whose monthly report arrived
  (``index/NN.json``, tables ``summaries`` and ``reported``);
* per month, what its list shows of each meeting (``index/months/``, ``months.py``).

Reads build small frozen objects straight from the cached JSON (no model validation) and keep
them for as long as the file is unchanged. ``rebuild`` recomputes everything from the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError

from data.model.base import load
from data.model.facts import (
    FACT_FILES,
    FACTS,
    VOLUNTEER_FIELDS,
    ClientFacts,
    RelFacts,
    Summary,
    VolunteerFacts,
    load_client,
    load_relationship,
    load_volunteer,
    row_of,
)
from data.models import Client, Record, Relationship, Volunteer
from data.storage import months as month_index
from data.storage.cache import FileCache
from data.storage.files import paused_gc
from data.storage.interface import EngineLike
from data.storage.layout import (
    FLAT,
    INDEX_BUCKETS,
    MEETINGS,
    REPORTED,
    REPORTS,
    SUMMARIES,
    Reader,
    index_file,
    load_summary,
    report_line,
    report_month,
    reported_entry,
    shard,
    shard_id,
    summarise,
)
from data.storage.rows import fact
from data.storage.transaction import Transaction

T = TypeVar("T")

BUCKETS = tuple(f"index/{b:02d}.json" for b in range(INDEX_BUCKETS))


class Derived:
    def __init__(self, engine: EngineLike) -> None:
        self.engine = engine
        # built from the index files only, so kept whole (FileCache keeps index/ always)
        self._cache: FileCache[tuple[str, str], tuple[object, Any]] = FileCache()

    def _built(
        self, rel: str, table: str, build: Callable[[dict[str, Any]], T], part: str = ""
    ) -> T:
        """``build`` of the table's rows, kept while the file is unchanged (``part`` names
        another value built of the same table)."""
        rows = self.engine.table(rel, table)  # parsing pauses the collector itself
        key = (rel, table + part)
        cached = self._cache.get(key)
        if cached is not None and cached[0] is rows:
            return cached[1]  # type: ignore[no-any-return]
        with paused_gc():
            value = build(rows)
        self._cache[key] = (rows, value)
        return value

    # ----- reading ---------------------------------------------------------------------------

    def relationships(self) -> dict[int, RelFacts]:
        return self._built(
            FACT_FILES[Relationship],
            FACTS,
            lambda rows: {int(k): load_relationship(k, r) for k, r in rows.items()},
        )

    def relationship(self, relationship_id: int) -> RelFacts | None:
        """One relationship's facts, without building every relationship's (saving a meeting
        needs one; at national scale building all 22,000 took a quarter of a second)."""
        return self._one(Relationship, relationship_id, load_relationship)

    def client(self, client_id: int) -> ClientFacts | None:
        """One client's facts (a relationship's page names the two: building all 10,000
        clients' and 5,000 volunteers' took a tenth of a second of its first opening)."""
        return self._one(Client, client_id, load_client)

    def volunteer(self, volunteer_id: int) -> VolunteerFacts | None:
        return self._one(Volunteer, volunteer_id, load_volunteer)

    def _one(self, model: type[Record], key: int, load: Callable[[str, Any], T]) -> T | None:
        """The facts of one record: from those built, else from its row alone (nothing built
        yet, e.g. ``tuki log``: its row found in the file's bytes, the file not parsed whole)."""
        rel, row_key = FACT_FILES[model], str(key)
        cached = self._cache.get((rel, FACTS))
        if cached is None:
            row = fact(self.engine, rel, row_key)
        else:
            rows = self.engine.table(rel, FACTS)
            if cached[0] is rows:
                return cached[1].get(key)  # type: ignore[no-any-return]
            row = rows.get(row_key)
        return load(row_key, row) if row is not None else None

    def clients(self) -> dict[int, ClientFacts]:
        return self._built(
            FACT_FILES[Client],
            FACTS,
            lambda rows: {int(k): load_client(k, r) for k, r in rows.items()},
        )

    def volunteers(self) -> dict[int, VolunteerFacts]:
        return self._built(
            FACT_FILES[Volunteer],
            FACTS,
            lambda rows: {int(k): load_volunteer(k, r) for k, r in rows.items()},
        )

    def fit(self) -> FitDays | None:
        """Per volunteer, the newest days an extract was shown and a work supervision attended,
        as ``data.rules.fitness.fit_days`` gives them, from the facts (``FIT_FIELDS``): a
        volunteer without either is left out. None when a row is of the older form without
        them: the caller reads the records (7 MB at national scale) until a repair adds them."""
        return self._built(FACT_FILES[Volunteer], FACTS, _fit_days, ":fit")

    def summaries(self) -> dict[int, Summary]:
        """Every relationship's meeting summary (built once per index file while unchanged)."""
        out: dict[int, Summary] = {}
        for rel in BUCKETS:
            out.update(
                self._built(
                    rel, SUMMARIES, lambda rows: {int(k): load_summary(e) for k, e in rows.items()}
                )
            )
        return out

    def summaries_read(self) -> Mapping[int, Summary]:
        """``summaries`` as a mapping over the index's entries as read, each summary made when
        it is asked for and not kept: for a reader that looks at a few thousand of them once
        (the day's alerts, cold: 22,000 summaries made and kept, and the collector's pass over
        them, for the 8,000 of the open relationships). The summaries when already made."""
        built = [self._cache.get((rel, SUMMARIES)) for rel in BUCKETS]
        tables = [self.engine.table(rel, SUMMARIES) for rel in BUCKETS]
        if all(b is not None and b[0] is t for b, t in zip(built, tables, strict=True)):
            return self.summaries()
        entries: dict[str, Any] = {}
        for table in tables:
            entries.update(table)
        return SummaryEntries(entries)

    def summary(self, relationship_id: int) -> Summary:
        entry = self.engine.table(index_file(relationship_id), SUMMARIES).get(str(relationship_id))
        return load_summary(entry) if entry else Summary()

    def reported_entry(self, relationship_id: int) -> dict[str, Any] | None:
        """The relationship's entry of reported months (with the lines of its newest reports
        when the index was written by a Tuki that keeps them: ``layout.reported_entry``)."""
        rows = self.engine.table(index_file(relationship_id), REPORTED)
        return rows.get(str(relationship_id))

    def reported(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for rel in BUCKETS:
            out.update(
                self._built(
                    rel, REPORTED, lambda rows: {int(k): e["months"] for k, e in rows.items()}
                )
            )
        return out

    # ----- writing, inside the caller's transaction -------------------------------------------

    @staticmethod
    def put_facts(tx: Transaction, record: Record) -> None:
        if isinstance(record, Relationship | Client | Volunteer) and record.id is not None:
            tx.put(FACT_FILES[type(record)], FACTS, record.id, row_of(record))

    @staticmethod
    def reindex_meetings(tx: Transaction, relationship_id: int) -> None:
        """The summary and the month index's entries of a shard whose meetings changed."""
        rows = tx.table(shard(relationship_id), MEETINGS)
        tx.put(index_file(relationship_id), SUMMARIES, relationship_id, summarise(rows))
        month_index.update(tx, relationship_id, rows, tx.before(shard(relationship_id), MEETINGS))

    @staticmethod
    def mark_reported(tx: Transaction, relationship_id: int, row: dict[str, Any]) -> None:
        """Note the monthly report ``row`` (stored form, just put) in its relationship's entry:
        its month, and its line among those of the newest months. An entry of an older Tuki,
        without lines, stays so (the other months' lines are not known here; the page reads
        their files until ``tuki check --repair`` adds them)."""
        current = tx.get(index_file(relationship_id), REPORTED, relationship_id)
        months = set(current["months"].split()) if current else set()
        month = str(row["month"])[:7]
        if current is not None and "lines" not in current:
            entry = reported_entry(months | {month})
        else:
            lines = {token[:7]: token for token in str((current or {}).get("lines", "")).split()}
            lines[month] = report_line(row)
            entry = reported_entry(months | {month}, lines)
        if entry != current:
            tx.put(index_file(relationship_id), REPORTED, relationship_id, entry)

    # ----- rebuilding --------------------------------------------------------------------------

    def expected(
        self,
        reader: Reader | None = None,
        summaries: dict[int, dict[str, Any]] | None = None,
        received: dict[int, dict[str, str]] | None = None,
        facts: dict[str, dict[str, Any]] | None = None,
        prints: dict[int, str] | None = None,
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """Every derived table as the records say it should be: {(file, table): rows}.

        A record that does not validate keeps the facts the index holds of it (``tuki check``
        names it); a meeting that cannot be read is left out of its summary. ``summaries``:
        every shard's summary, ``received``: per relationship the months of its monthly
        reports, each with its ``report_line``, and ``facts``: per facts file its rows as
        ``facts_of`` gives them, when the caller has just read them all (saves reading them
        again). ``prints`` (when the summaries are worked out here) is filled with every
        shard's ``months.fingerprint``.
        """
        engine = self.engine
        source = reader or engine
        out: dict[tuple[str, str], dict[str, Any]] = {}
        with paused_gc():
            for model in (Relationship, Client, Volunteer):
                fact_file = FACT_FILES[model]
                if facts is not None and fact_file in facts:
                    out[(fact_file, FACTS)] = facts[fact_file]
                    continue
                place = FLAT[model]
                rows = source.table(place.file, place.table)
                out[(fact_file, FACTS)] = self.facts_of(model, rows, source.table(fact_file, FACTS))
            for rel in BUCKETS:
                out[(rel, SUMMARIES)] = {}
                out[(rel, REPORTED)] = {}
            if summaries is None:
                summaries = {}
                for rel in engine.files("rel"):
                    rid = shard_id(rel)
                    if rid is not None:
                        rows = source.table(rel, MEETINGS)
                        summaries[rid] = summarise(rows)
                        if prints is not None:  # the month index's, while the shard is read
                            prints[rid] = month_index.fingerprint(rid, rows)
            for rid, entry in summaries.items():
                if entry["held"] or entry["cancelled"]:
                    out[(index_file(rid), SUMMARIES)][str(rid)] = entry
            if received is None:
                received = self._received(source)
            for rid, lines in received.items():
                out[(index_file(rid), REPORTED)][str(rid)] = reported_entry(set(lines), lines)
        return out

    @staticmethod
    def facts_of(
        model: type[Record],
        rows: dict[str, dict[str, Any]],
        stored: dict[str, Any],
        known: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The facts rows of ``rows`` (records of ``model``) as the index should hold them; a
        record that does not validate keeps the facts ``stored`` holds of it. ``known``: the
        facts of the records the caller has just validated (``tuki check``), by key."""
        facts: dict[str, Any] = {}
        with paused_gc():
            for k, r in rows.items():
                if known and k in known:
                    facts[k] = known[k]
                    continue
                try:
                    facts[k] = row_of(load(model, r))
                except ValidationError:
                    if k in stored:
                        facts[k] = stored[k]
        return facts

    def _received(self, source: Reader) -> dict[int, dict[str, str]]:
        """Per relationship, the months whose monthly report is on file, each with its
        ``report_line``."""
        received: dict[int, dict[str, str]] = {}
        for rel in self.engine.files("reports"):
            month = report_month(rel)
            if month is None:
                continue
            for key, row in source.table(rel, REPORTS).items():
                received.setdefault(int(key), {})[month] = report_line(row)
        return received

    def differences(
        self,
        summaries: dict[int, dict[str, Any]] | None = None,
        received: dict[int, dict[str, str]] | None = None,
        facts: dict[str, dict[str, Any]] | None = None,
        prints: dict[int, str] | None = None,
        listed: dict[str, str] | None = None,
    ) -> list[str]:
        """What in ``index/`` differs from what the records say (empty when all is in order);
        ``prints`` and ``listed``: every shard's ``months.fingerprint`` and every month file's
        ``months.checksums`` when the caller has just read them, and ``received``: per
        relationship the ``report_line`` of each month's report. An entry of reported months
        of an older Tuki (without the lines of its reports) is as good as one with them, and
        so are a volunteer's facts without the days they were kept fit (``Derived.fit``)."""
        found = []
        expected = self.expected(summaries=summaries, received=received, facts=facts)
        for (rel, table), rows in expected.items():
            stored = self.engine.table(rel, table)
            fit = rel == FACT_FILES[Volunteer]
            for key in rows.keys() | stored.keys():
                want = rows.get(key)
                if fit and want is not None:
                    want = _as_older(want, stored.get(key))
                if not _same(want, stored.get(key), older_ok=True):
                    found.append(f"{rel} {table} {key}")
        return found + month_index.differences(self.engine, prints, listed)

    def rebuild(self) -> int:
        """Recompute everything under ``index/``; returns how many entries changed."""
        changed = 0
        prints: dict[int, str] = {}
        with self.engine.transaction() as tx:
            for (rel, table), rows in self.expected(tx, prints=prints).items():
                stored = tx.table(rel, table)
                for key in rows.keys() | stored.keys():
                    if _same(rows.get(key), stored.get(key)):
                        continue
                    changed += 1
                    if key in rows:
                        tx.put(rel, table, int(key), rows[key])
                    else:
                        tx.remove(rel, table, int(key))
        return changed + month_index.rebuild(self.engine, prints)  # its own changes, by part


class SummaryEntries(Mapping[int, Summary]):
    """Summaries made from the index's entries (``{id: entry}``, read-only) when asked for,
    each by ``load`` (an entry as stored; the alerts' kept index gives its own, index_kept.py)."""

    def __init__(
        self, entries: dict[str, Any], load: Callable[[Any], Summary] = load_summary
    ) -> None:
        self._entries, self._load = entries, load

    def __getitem__(self, key: int) -> Summary:
        return self._load(self._entries[str(key)])

    def get(self, key: int, default: Any = None) -> Any:
        entry = self._entries.get(str(key))
        return default if entry is None else self._load(entry)

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in self._entries)

    def __len__(self) -> int:
        return len(self._entries)


#: per volunteer id: the newest extract shown and work supervision attended (``Derived.fit``)
FitDays = dict[int, tuple[date | None, date | None]]
_FIT_AT = len(VOLUNTEER_FIELDS)


def _fit_days(rows: dict[str, Any]) -> FitDays | None:
    out: FitDays = {}
    days: dict[str | None, date | None] = {None: None}  # each day made once
    for key, row in rows.items():
        r = row["r"]
        if len(r) < _FIT_AT + 2:
            return None
        shown, supervised = r[_FIT_AT], r[_FIT_AT + 1]
        if shown or supervised:
            for text in (shown, supervised):
                if text not in days:
                    days[text] = date.fromisoformat(text)
            out[int(key)] = (days[shown], days[supervised])
    return out


def _as_older(expected: dict[str, Any], stored: dict[str, Any] | None) -> dict[str, Any]:
    """A volunteer's facts as expected, without the days kept fit when ``stored`` is of the
    older form that does not keep them."""
    if stored is not None and len(stored.get("r", ())) == _FIT_AT:
        return {**expected, "r": expected["r"][:_FIT_AT]}
    return expected


def _same(
    expected: dict[str, Any] | None, stored: dict[str, Any] | None, older_ok: bool = False
) -> bool:
    """Equal, where a summary of no meetings counts the same as no summary, and a summary of
    the older form (without the held days) is as good as one with them; with ``older_ok``, so
    is an entry of reported months without its lines (a rebuild adds them)."""
    if expected is not None and stored is not None and "days" not in stored:
        expected = {k: v for k, v in expected.items() if k != "days"}
    if older_ok and expected is not None and stored is not None and "lines" not in stored:
        expected = {k: v for k, v in expected.items() if k != "lines"}
    return _empty_as_none(expected) == _empty_as_none(stored)


def _empty_as_none(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if entry is not None and entry.get("held") == 0 and entry.get("cancelled") == 0:
        return None
    return entry
