"""What a data folder holds and what the rest of it remembers (read by ``tuki check``).

``Folder.read`` reads every file once (a damaged or missing one is noted, not raised);
``compare`` then lists what the records lack compared with the index facts, the references of
other files, the meeting counts and the id counters: lost records, records older than the index
remembers them (a file restored from a backup), dangling links, lost meetings and monthly
reports, shards of relationships that do not exist and counters that are behind.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from data.model.base import load
from data.model.facts import (
    CLIENT_FIELDS,
    FACT_FILES,
    FACTS,
    REL_FIELDS,
    VOLUNTEER_FIELDS,
    row_of,
    row_version,
)
from data.models import (
    Client,
    Concern,
    Guardian,
    Record,
    Relationship,
    Settings,
    SocialWorker,
    Volunteer,
)
from data.storage.derived import BUCKETS, Derived
from data.storage.engine import Engine
from data.storage.files import META, DamagedFileError
from data.storage.layout import (
    COUNTERS,
    COUNTERS_TABLE,
    FLAT,
    MAIN_FILES,
    MEETINGS,
    MONTHS,
    NEXT,
    PALAVERIT,
    REPORTED,
    REPORTS,
    RUNS,
    SUMMARIES,
    Reader,
    report_month,
    shard,
    shard_id,
    summarise,
)

MODELS: dict[str, tuple[str, type[Record]]] = {p.file: (p.table, m) for m, p in FLAT.items()}
FILE_OF: dict[type[Record], str] = {m: p.file for m, p in FLAT.items()}
FIELDS_OF: dict[type[Record], tuple[str, ...]] = {
    Relationship: REL_FIELDS,
    Client: CLIENT_FIELDS,
    Volunteer: VOLUNTEER_FIELDS,
}


# ----- what the folder holds and remembers ------------------------------------------------------


class Ids:
    """The keys of one table of a shard, kept small: ids are handed out 1, 2, 3 … and never
    deleted, so a table whose keys are exactly 1..n is kept as n alone (a set of 1,000,000
    keys at national scale took 100 MB); any other set of keys is kept as it is."""

    __slots__ = ("_keys", "_n")

    def __init__(self, keys: Collection[str]) -> None:
        n = len(keys)
        whole = all(k.isascii() and k.isdigit() and k[0] != "0" and int(k) <= n for k in keys)
        self._n = n
        self._keys: frozenset[str] | None = None if whole else frozenset(keys)

    def __contains__(self, key: object) -> bool:
        if self._keys is not None:
            return key in self._keys
        return (
            isinstance(key, str)
            and key.isascii()
            and key.isdigit()
            and key[0] != "0"
            and (int(key) <= self._n)
        )

    def __iter__(self) -> Iterator[str]:
        if self._keys is not None:
            return iter(self._keys)
        return (str(i) for i in range(1, self._n + 1))

    def __len__(self) -> int:
        return self._n


@dataclass
class Shard:
    """What the checks need of one relationship's shard (not its records: 1,000,000 meetings
    at national scale must not all stay in memory): its ids, its summary and its counters."""

    meetings: Ids
    palaverit: Ids
    summary: dict[str, Any]  # as ``summarise`` gives it
    next: dict[str, Any]  # the shard's own _meta next ids


#: called with each file's tables as it is read (``tuki check`` validates the records then)
OnRows = Callable[[str, dict[str, dict[str, dict[str, Any]]]], None]


@dataclass
class Folder:
    """Everything the checks compare, read once: the records of every readable file, the facts,
    summaries, counters and report months of the index, and the files that cannot be read."""

    engine: Engine
    reader: Reader
    damaged: dict[str, DamagedFileError] = field(default_factory=dict)
    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # main file -> rows
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)  # main file -> fact rows
    shards: dict[int, Shard] = field(default_factory=dict)
    # month -> the relationship ids of its reports (in the file's order)
    reports: dict[str, dict[str, None]] = field(default_factory=dict)
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    next_ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    reported: dict[str, dict[str, Any]] = field(default_factory=dict)
    counters: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    metas: dict[str, dict[str, Any]] = field(default_factory=dict)  # main file -> its _meta
    # compact: ``rows`` hold only what the comparison reads of each record (PROJECTED; the
    # whole record through ``full_row``), and ``expected_facts`` the facts the records give
    compact: bool = False
    expected_facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(
        cls,
        engine: Engine,
        reader: Reader | None = None,
        on_rows: OnRows | None = None,
        *,
        compact: bool = False,
    ) -> Folder:
        """Read the folder once; ``on_rows`` sees every readable file's tables as they come
        (with ``compact``, the main files' first, each as soon as it is read, and none of them
        is kept whole: ``tuki check`` at national scale)."""
        folder = cls(engine, reader or engine, compact=compact)
        folder.files = expected_files(engine)
        for rel in folder.files:
            if rel in MODELS or shard_id(rel) is not None or report_month(rel) is not None:
                continue  # parsed below, where its tables are read (or found damaged)
            try:
                folder.reader.table(rel, "")  # parses it (and finds it missing)
            except DamagedFileError as exc:
                folder.damaged[rel] = exc
        get = folder.table
        folder.counters = get(COUNTERS, COUNTERS_TABLE).get("1", {})
        for model, fact_file in FACT_FILES.items():
            folder.facts[FILE_OF[model]] = get(fact_file, FACTS)
        for rel in MAIN_FILES:
            folder.rows[rel] = get(rel, MODELS[rel][0])
            folder.metas[rel] = get(rel, META)
            if compact and rel not in folder.damaged:
                folder._compact(rel, on_rows)
        for bucket in BUCKETS:
            folder.summaries.update(get(bucket, SUMMARIES))
            folder.next_ids.update(get(bucket, NEXT))
            folder.reported.update(get(bucket, REPORTED))
        for rel in folder.files:
            if rel in folder.damaged:
                continue
            rid, month = shard_id(rel), report_month(rel)
            if rid is not None:
                tables = {t: get(rel, t) for t in (MEETINGS, PALAVERIT)}
                if rel in folder.damaged:
                    continue
                meta = get(rel, META).get("1", {}).get("next", {})
                folder.shards[rid] = Shard(
                    Ids(tables[MEETINGS]),
                    Ids(tables[PALAVERIT]),
                    summarise(tables[MEETINGS]),
                    meta if isinstance(meta, dict) else {},
                )
            elif month is not None:
                tables = {REPORTS: get(rel, REPORTS), RUNS: get(rel, RUNS)}
                if rel in folder.damaged:
                    continue
                folder.reports[month] = dict.fromkeys(tables[REPORTS])
            elif rel in MODELS and not compact:
                tables = {MODELS[rel][0]: folder.rows[rel]}
            else:
                continue
            if on_rows is not None:
                on_rows(rel, tables)
            if rid is not None or month is not None:
                # read once: the engine need not keep the file (1,000,000 meetings at national
                # scale), nor this process the parsed rows
                del tables
                folder.engine.forget(rel)
        return folder

    def _compact(self, rel: str, on_rows: OnRows | None) -> None:
        """Hand a main file's records to ``on_rows``, note the facts they give, and keep only
        what the comparison reads of them (relationships.json alone is 130 MB parsed)."""
        table, model = MODELS[rel]
        rows = self.rows[rel]
        if on_rows is not None:
            on_rows(rel, {table: rows})
        if model in FACT_FILES:
            stored = self.table(FACT_FILES[model], FACTS)
            self.expected_facts[FACT_FILES[model]] = Derived.facts_of(model, rows, stored)
        self.rows[rel] = {
            key: {name: row[name] for name in PROJECTED if name in row} for key, row in rows.items()
        }
        del rows
        self.engine.forget(rel)

    def full_row(self, rel: str, key: str) -> dict[str, Any] | None:
        """A main file's record whole (read again when the folder is compact)."""
        if not self.compact:
            return self.rows.get(rel, {}).get(key)
        return self.table(rel, MODELS[rel][0]).get(key)

    def table(self, rel: str, name: str) -> dict[str, dict[str, Any]]:
        if rel in self.damaged:
            return {}
        try:
            return self.reader.table(rel, name)
        except DamagedFileError as exc:
            self.damaged[rel] = exc
            return {}

    def received(self) -> dict[int, set[str]]:
        """Per relationship, the months of its monthly reports on file."""
        out: dict[int, set[str]] = {}
        for month, keys in self.reports.items():
            for key in keys:
                out.setdefault(int(key), set()).add(month)
        return out

    def readable(self, rel: str) -> bool:
        return rel not in self.damaged

    def name(self, model: type[Record], key: str | int) -> str:
        """A person's or relationship's name as the records or, failing them, the facts say."""
        file = FILE_OF[model]
        row = self.rows.get(file, {}).get(str(key))
        if model is Relationship:
            rel = row or {}
            fact = self.facts.get(file, {}).get(str(key))
            client, volunteer = rel.get("client_id"), rel.get("volunteer_id")
            if fact and not row:
                client, volunteer = fact["r"][0], fact["r"][1]
            if client is None:
                return ""
            return f"{self.name(Client, client)} – {self.name(Volunteer, volunteer or 0)}"
        if row and isinstance(row.get("first_name"), str):
            return f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()
        fact = self.facts.get(file, {}).get(str(key))
        return str(fact["r"][0]) if fact else ""


def expected_files(engine: Engine) -> list[str]:
    """Every data file there is, and every one the folder is known to have had."""
    present = set(engine.files())
    wanted = set(present) | set(MAIN_FILES) | set(FACT_FILES.values())
    row = engine.table(COUNTERS, COUNTERS_TABLE, strict=False).get("1", {})
    for month in str(row.get(MONTHS, "")).split():
        wanted.add(f"reports/{month}.json")
    for bucket in BUCKETS:
        for name in (SUMMARIES, NEXT, REPORTED):
            try:
                keys = engine.table(bucket, name, strict=False)
            except DamagedFileError:
                continue
            if name == REPORTED:
                for entry in keys.values():
                    for month in str(entry.get("months", "")).split():
                        wanted.add(f"reports/{month}.json")
                continue
            wanted |= {shard(int(key)) for key in keys}
    layout = engine.layout
    return sorted(
        rel
        for rel in wanted
        if rel in present or (layout is not None and layout.should_exist(engine, rel))
    )


# ----- comparing the records with what the rest of the folder remembers ----------------------


@dataclass
class Missing:
    """A record the folder remembers (facts, counters, references) that its file lacks."""

    model: type[Record]
    key: str
    fact: dict[str, Any] | None  # its facts row, when the index holds one
    referrers: list[str] = field(default_factory=list)  # "relationship 4", "client 7"


@dataclass
class Comparison:
    missing: list[Missing] = field(default_factory=list)
    # records older than their facts (the file was restored): model, key, the fields that differ
    older: list[tuple[type[Record], str, list[str]]] = field(default_factory=list)
    dangling: list[tuple[type[Record], str, str, type[Record], int]] = field(default_factory=list)
    meetings_lost: list[tuple[int, list[int], dict[str, tuple[int, int]]]] = field(
        default_factory=list
    )
    palaverit_lost: list[tuple[int, list[int]]] = field(default_factory=list)
    reports_lost: list[tuple[int, str]] = field(default_factory=list)
    orphans: list[tuple[str, int]] = field(default_factory=list)  # (file, relationship id)
    counters_needed: dict[str, int] = field(default_factory=dict)  # main file -> next id
    next_needed: dict[int, dict[str, int]] = field(default_factory=dict)  # rid -> table -> next
    unregistered: list[str] = field(default_factory=list)  # files counters.json does not know


LINKS: list[tuple[type[Record], str, type[Record], bool]] = [
    # (from, field, to, a list of ids)
    (Relationship, "client_id", Client, False),
    (Relationship, "volunteer_id", Volunteer, False),
    (Concern, "client_id", Client, False),
    (Concern, "relationship_id", Relationship, False),
    (Concern, "guardian_id", Guardian, False),
    (Client, "guardian_ids", Guardian, True),
    (Client, "social_worker_id", SocialWorker, False),
    (Client, "known_volunteer_ids", Volunteer, True),
]


#: what the comparison reads of a main file's record (``Folder.read(compact=True)``)
PROJECTED = ("version", "first_name", "last_name", *{name: 0 for _, name, _, _ in LINKS})


def _ids(value: Any, many: bool) -> list[int]:
    values = value if many and isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def compare(folder: Folder) -> Comparison:
    """What the records lack compared with the rest of the folder, and every dangling link."""
    out = Comparison()
    rows = folder.rows
    # ids referenced per kind, and by whom
    refs: dict[type[Record], dict[int, list[str]]] = {m: {} for m in FILE_OF}
    for source, name, target, many in LINKS:
        for key, row in rows.get(FILE_OF[source], {}).items():
            for ref in _ids(row.get(name), many):
                refs[target].setdefault(ref, []).append(f"{source.kind_name} {key}")  # type: ignore[attr-defined]
    for rid in folder.shards:
        refs[Relationship].setdefault(rid, []).append(shard(rid))
    for month, keys in folder.reports.items():
        for key in keys:
            refs[Relationship].setdefault(int(key), []).append(f"reports/{month}.json")
    for table in (folder.summaries, folder.next_ids, folder.reported):
        for key in table:
            refs[Relationship].setdefault(int(key), [])

    missing_keys: dict[type[Record], set[str]] = {}
    for model, file in FILE_OF.items():
        if model is Settings or not folder.readable(file):
            continue
        have = rows.get(file, {})
        facts = folder.facts.get(file, {})
        counter = int(folder.counters.get(file, 1) or 1)
        remembered = set(facts) | {str(i) for i in refs[model]}
        remembered |= {str(i) for i in range(1, counter)}
        gone = sorted((k for k in remembered if k not in have), key=int)
        missing_keys[model] = set(gone)
        for key in gone:
            referrers = [r for r in refs[model].get(int(key), []) if not r.startswith("reports/")]
            out.missing.append(Missing(model, key, facts.get(key), referrers))
        for key, fact in facts.items():
            kept = have.get(key)
            if kept is not None and row_version(model, fact) > int(kept.get("version", 0) or 0):
                whole = folder.full_row(file, key) or kept
                out.older.append((model, key, fact_differences(model, whole, fact)))

    for source, name, target, many in LINKS:
        if not folder.readable(FILE_OF[target]):
            continue
        have = rows.get(FILE_OF[target], {})
        for key, row in rows.get(FILE_OF[source], {}).items():
            for ref in _ids(row.get(name), many):
                if str(ref) not in have:
                    out.dangling.append((source, key, name, target, ref))

    relationships = rows.get(FILE_OF[Relationship], {})
    missing_rels = missing_keys.get(Relationship, set())
    for rid, found in folder.shards.items():
        known = str(rid) in relationships or str(rid) in missing_rels
        if folder.readable("relationships.json") and not known:
            out.orphans.append((shard(rid), rid))
        meetings, palaverit = found.meetings, found.palaverit
        counters = folder.next_ids.get(str(rid), {})
        lost = _gaps(meetings, counters.get(MEETINGS))
        months = _months_lost(folder.summaries.get(str(rid)), str(found.summary["months"]))
        if lost or months:
            out.meetings_lost.append((rid, lost, months))
        lost_p = _gaps(palaverit, counters.get(PALAVERIT))
        if lost_p:
            out.palaverit_lost.append((rid, lost_p))
        needed = {}
        meta = found.next
        for name, ids in ((MEETINGS, meetings), (PALAVERIT, palaverit)):
            top = max([0, *(int(k) for k in ids)], default=0) + 1
            want = max(top, int(meta.get(name, 1) or 1), int(counters.get(name, 1) or 1))
            if ids or name in counters or name in meta:
                needed[name] = want
        if needed and any(int(counters.get(n, 0) or 0) < v for n, v in needed.items()):
            out.next_needed[rid] = needed
    for key, entry in folder.summaries.items():  # meetings of a shard that is gone entirely
        rid = int(key)
        had = entry.get("held") or entry.get("cancelled")
        if rid not in folder.shards and had and folder.readable(shard(rid)):
            out.meetings_lost.append((rid, [], _months_lost(entry, "")))
    for key, entry in folder.reported.items():
        for month in str(entry.get("months", "")).split():
            rel = f"reports/{month}.json"
            if folder.readable(rel) and key not in folder.reports.get(month, {}):
                out.reports_lost.append((int(key), month))
    for month, keys in folder.reports.items():
        for key in keys:
            known = key in relationships or key in missing_rels
            if folder.readable("relationships.json") and not known:
                out.orphans.append((f"reports/{month}.json", int(key)))

    # id counters: above every id that any file or the index holds or refers to
    for model, file in FILE_OF.items():
        if model is Settings:
            continue
        top = max(
            [0]
            + [int(k) for k in rows.get(file, {})]
            + [int(k) for k in folder.facts.get(file, {})]
            + list(refs[model])
        )
        meta = folder.metas.get(file, {}).get("1", {}).get("next", {})
        need = max(top + 1, int(meta.get(MODELS[file][0], 1) or 1))
        if int(folder.counters.get(file, 0) or 0) < need and (top or file in folder.counters):
            out.counters_needed[file] = need
    for rel in folder.files:
        of_month = report_month(rel)
        known_months = str(folder.counters.get(MONTHS, "")).split()
        if (rel in MAIN_FILES and rel not in folder.counters and folder.engine.exists(rel)) or (
            of_month is not None and of_month not in known_months and folder.engine.exists(rel)
        ):
            out.unregistered.append(rel)
    return out


def fact_differences(model: type[Record], row: dict[str, Any], fact: dict[str, Any]) -> list[str]:
    """The facts fields in which a stored record differs from the index's newer facts."""
    try:
        now = row_of(load(model, row))["r"]
    except ValidationError:
        return ["?"]
    names = FIELDS_OF[model]
    theirs = fact["r"]
    return [
        names[i]
        for i in range(min(len(now), len(theirs)))
        if now[i] != theirs[i] and names[i] not in ("version", "name")
    ]


def _gaps(table: Collection[str], counter: Any) -> list[int]:
    """Ids below the counter that the table lacks (ids are never deleted nor skipped)."""
    if not isinstance(counter, int):
        return []
    return [i for i in range(1, counter) if str(i) not in table]


def _months_lost(entry: dict[str, Any] | None, months: str) -> dict[str, tuple[int, int]]:
    """Per month, how many held and cancelled meetings the index counts beyond the shard's
    (``months``: the shard's own summary of them)."""
    if not entry or str(entry.get("months", "")) == months:
        return {}  # (the same counts: nothing lost; the usual case, without parsing them)
    have = _month_counts(months)
    out: dict[str, tuple[int, int]] = {}
    for month, (held, cancelled) in _month_counts(str(entry.get("months", ""))).items():
        h, c = have.get(month, (0, 0))
        if held > h or cancelled > c:
            out[month] = (max(0, held - h), max(0, cancelled - c))
    return out


def _month_counts(text: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for part in text.split():
        month, _, counts = part.partition("=")
        held, _, cancelled = counts.partition("/")
        if held.isascii() and held.isdigit() and cancelled.isascii() and cancelled.isdigit():
            out[month] = (int(held), int(cancelled))
    return out


def months_text(months: dict[str, tuple[int, int]]) -> str:
    """'10.2026: 2 held, 1 cancelled; 11.2026: 1 held'."""
    parts = []
    for month, (held, cancelled) in sorted(months.items()):
        year, _, number = month.partition("-")
        words = [f"{held} held"] if held else []
        words += [f"{cancelled} cancelled"] if cancelled else []
        parts.append(f"{int(number)}.{year}: {', '.join(words)}")
    return "; ".join(parts)
