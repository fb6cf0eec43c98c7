"""A transaction: the changes collected under the folder's lock, committed all at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from data.storage.cache import always_kept
from data.storage.files import META, Doc, Table
from data.storage.lazy import changed_rows, copy_table

if TYPE_CHECKING:
    from data.storage.interface import EngineLike
    from data.storage.layout import FolderLayout


class Transaction:
    """Changes collected under the folder's lock; the engine commits them all at once."""

    def __init__(self, engine: EngineLike) -> None:
        self.engine = engine
        self._base: dict[str, Doc] = {}
        self._new: dict[str, Doc] = {}
        self._copied: set[tuple[str, str]] = set()
        self.replaced: set[str] = set()  # files written whole (``replace``), not row by row
        # the lowest id ``next_id`` may hand out next, per (file, table): found once by reading
        # every id, then raised by each id handed out or put (an import of 10,000 clients in
        # one change read every id 10,000 times: 57 s)
        self._floors: dict[tuple[str, str], int] = {}

    def doc(self, rel: str) -> Doc:
        """``rel`` as this transaction sees it. A shard or monthly file only read is not kept
        here but in the engine's bounded cache (the lock keeps it unchanged meanwhile): a
        repair reads all 22,000 shards of a national folder in one transaction (2.8 GB)."""
        if rel in self._new:
            return self._new[rel]
        if rel in self._base:
            return self._base[rel]
        doc = self.engine.read(rel)
        if always_kept(rel):
            self._base[rel] = doc
        return doc

    def table(self, rel: str, name: str) -> Table:
        return self.doc(rel).get(name, {})

    def get(self, rel: str, table: str, doc_id: int) -> dict[str, Any] | None:
        return self.table(rel, table).get(str(doc_id))

    def before(self, rel: str, table: str) -> Table:
        """``table`` of ``rel`` as this transaction found it (empty for a file it replaced)."""
        if rel in self._base:
            return self._base[rel].get(table, {})
        return {} if rel in self._new else self.engine.read(rel).get(table, {})

    def _writable(self, rel: str, table: str) -> Table:
        if rel not in self._new:
            self._base[rel] = self.doc(rel)  # what it was, for ``diff`` and ``before``
            self._new[rel] = dict(self._base[rel])
        doc = self._new[rel]
        if (rel, table) not in self._copied:
            doc[table] = copy_table(doc.get(table, {}))
            self._copied.add((rel, table))
        return doc[table]

    def put(self, rel: str, table: str, doc_id: int, record: dict[str, Any]) -> None:
        self._writable(rel, table)[str(doc_id)] = record
        floor = self._floors.get((rel, table))
        if floor is not None and str(doc_id).isdigit() and int(doc_id) >= floor:
            self._floors[(rel, table)] = int(doc_id) + 1

    def remove(self, rel: str, table: str, doc_id: int) -> None:
        self._writable(rel, table).pop(str(doc_id), None)

    def next_id(self, rel: str, table: str) -> int:
        """A new document id for ``table`` in ``rel``, allocated under the lock, never reused.

        Above the file's own counter, every id in the table, and, with Tuki's layout, the
        counter's second copy in another file and every id the facts index holds: restoring any
        one file from a backup cannot make an id come round again.
        """
        meta = self._writable(rel, META)
        entry = dict(meta.get("1", {}))
        counters = dict(entry.get("next", {}))
        layout = self.engine.layout
        start = self._floors.get((rel, table))
        if start is None:
            start = max((int(k) for k in self.table(rel, table)), default=0) + 1
            if layout is not None:
                start = max(start, layout.floor(self, rel, table))
        value = max(int(counters.get(table, 1)), start)
        home = layout.counter_home(rel, table) if layout is not None else None
        if home is not None:
            file, name, row_id, key = home
            row = self.get(file, name, row_id) or {}
            value = max(value, int(row.get(key, 1)))
            self.put(file, name, row_id, {**row, key: value + 1})
        counters[table] = value + 1
        self._floors[(rel, table)] = value + 1
        entry["next"] = counters
        meta["1"] = entry
        return value

    def replace(self, rel: str, doc: Doc) -> None:
        """Write ``doc`` as the whole of ``rel`` without reading it (repairing a damaged file)."""
        self._new[rel] = {name: copy_table(table) for name, table in doc.items()}
        self._copied |= {(rel, name) for name in doc}
        self.replaced.add(rel)
        self._floors = {key: v for key, v in self._floors.items() if key[0] != rel}

    def remember_new_files(self, layout: FolderLayout) -> None:
        """Note in the counters file every remembered kind of file this change creates."""
        from data.storage.layout import COUNTERS, COUNTERS_TABLE

        for rel in list(self._new):
            if layout.remembered(rel) and not self.engine.exists(rel):
                row = self.get(COUNTERS, COUNTERS_TABLE, 1) or {}
                noted = layout.remember(row, rel)
                if noted is not row:
                    self.put(COUNTERS, COUNTERS_TABLE, 1, noted)

    def changed(self) -> dict[str, Doc]:
        return dict(self._new)

    def diff(self) -> dict[str, dict[str, dict[str, Any]]]:
        """What each changed file's rows became: {file: {table: {row id: row, or None when
        removed}}} (for the change log: a few rows instead of whole files)."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for rel, table in sorted(self._copied):
            before = self._base.get(rel, {}).get(table, {})
            after = self._new[rel].get(table, {})
            rows = changed_rows(before, after)
            if rows:
                out.setdefault(rel, {})[table] = rows
        return out
