"""The folders of a data folder kept beside the register, not part of it
(``FolderLayout.aside``): each user's unsaved drafts and the values worked out for the next
process (``kept.py``), and the folder's change token, which leaves them out. Plain names, so
that a command showing a kept value needs no more of the layout (whose tables name the
record models) nor an engine."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from data.storage.backups import BACKUPS
from data.storage.delta import DELTA
from data.storage.stamps import folder_token

DRAFTS_DIR = "drafts"
CACHE_DIR = "cache"  # values worked out from the register for the next process (kept.py)
ASIDE = frozenset({DRAFTS_DIR, CACHE_DIR})


def change_token(folder: Path, aside: Iterable[str] = ()) -> tuple[int, ...]:
    """Changes whenever any data file of ``folder`` is replaced (``Engine.change_token``):
    every save renames a file into its folder, which moves that folder's modification time
    (the backups and the folders ``aside`` left out)."""
    return folder_token(folder, {BACKUPS, *aside}, folder / DELTA)
