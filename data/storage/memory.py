"""An engine that keeps the documents in dicts: the Store's fast twin for tests.

As TinyDB runs its tests on ``MemoryStorage`` and ``JSONStorage``, Tuki's store tests run on
``MemoryEngine`` and on ``Engine`` through one fixture. ``MemoryEngine`` implements the same
narrow interface (``data.storage.interface.EngineLike``) and keeps its promises:

* a transaction is all or nothing: the changes are collected in the same ``Transaction`` as on
  disk and put in place only when the block ends without an error; a document that would not
  encode leaves every document as it was;
* a table is the same object while its document is unchanged (the Store's caches rely on it),
  and a committed document is what the JSON file would hold (encoded and parsed again);
* ids come from the same counters (with Tuki's layout, the same never-reused allocation);
* the files the layout keeps aside (the users' drafts) are not listed and change no token.

Nothing touches the disk: there is no lock, journal, backup or damage to find. Tests about those
run on ``Engine`` only.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from data.storage.files import Doc, Table, _parse, encode
from data.storage.transaction import Transaction

if TYPE_CHECKING:
    from data.storage.layout import FolderLayout


class MemoryEngine:
    """Documents by folder-relative path, in this process only."""

    def __init__(
        self, layout: FolderLayout | None = None, *, folder: str | Path = "memory"
    ) -> None:
        # ``folder`` only names where outputs beside the data would go; nothing is written there
        self.folder = Path(folder)
        self.file_mode = 0o600
        self.dir_mode = 0o700
        self.layout = layout
        self._docs: dict[str, Doc] = {}
        self._commits = 0
        self._lock = threading.RLock()
        self._in_tx = threading.local()

    def read(self, rel: str, *, strict: bool = True) -> Doc:
        return self._docs.get(rel, {})

    def table(self, rel: str, name: str, *, strict: bool = True) -> Table:
        return self.read(rel).get(name, {})

    def exists(self, rel: str) -> bool:
        return rel in self._docs

    def files(self, subdir: str = "") -> list[str]:
        prefix = subdir.rstrip("/") + "/" if subdir else ""
        return sorted(rel for rel in self._docs if rel.startswith(prefix) and not self._aside(rel))

    def _aside(self, rel: str) -> bool:
        """A file beside the register (a user's drafts), as ``Engine`` leaves them out."""
        return self.layout is not None and rel.split("/", 1)[0] in self.layout.aside

    def change_token(self) -> int:
        return self._commits

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        current: Transaction | None = getattr(self._in_tx, "tx", None)
        if current is not None:  # nested: joins the outer transaction
            yield current
            return
        with self._lock:
            tx = Transaction(self)
            self._in_tx.tx = tx
            try:
                yield tx
            finally:
                self._in_tx.tx = None
            if self.layout is not None:
                tx.remember_new_files(self.layout)
            changed = tx.changed()
            if changed:
                # encode every document before any is put in place: all of them, or none
                stored = {rel: _parse(encode(doc)) for rel, doc in changed.items()}
                self._docs.update(stored)
                if not all(self._aside(rel) for rel in stored):  # drafts alone: no change
                    self._commits += 1
