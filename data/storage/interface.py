"""The narrow interface the Store and the derived index use of an engine (``EngineLike``).

Two engines implement it: ``Engine`` (TinyDB JSON files in a data folder, locked, journaled,
backed up) and ``MemoryEngine`` (the same documents in dicts, for fast tests), as TinyDB has
``JSONStorage`` and ``MemoryStorage`` behind one ``Storage`` interface.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from data.storage.files import Doc, Table

if TYPE_CHECKING:
    from data.storage.layout import FolderLayout
    from data.storage.transaction import Transaction


class EngineLike(Protocol):
    """Documents by folder-relative path (``{"table": {"id": {...}}}``), read through a cache
    and changed only inside ``transaction()``: all of a transaction's changes or none."""

    folder: Path
    file_mode: int  # the mode of a new file beside the data (minutes): 0600 or 0660
    dir_mode: int
    layout: FolderLayout | None

    def read(self, rel: str, *, strict: bool = True) -> Doc:
        """The document at ``rel``; treat it as read-only (it is shared with the cache)."""
        ...

    def table(self, rel: str, name: str, *, strict: bool = True) -> Table:
        """One table of ``rel``: the same object while the file is unchanged."""
        ...

    def exists(self, rel: str) -> bool: ...

    def files(self, subdir: str = "") -> list[str]:
        """Every data file below ``subdir``, folder-relative, sorted."""
        ...

    def change_token(self) -> object:
        """Equal to an earlier token while nothing changed (here or in another process)."""
        ...

    def transaction(self) -> AbstractContextManager[Transaction]:
        """Collect changes and commit them all at once; nothing when the block raises.
        Transactions nest: the inner one joins the outer."""
        ...
