"""After a retention run: no copy of an anonymised record's earlier values left in the folder.

The run changes the records (and the derived index with them) through the ordinary
transactions. What still holds the values as they were is beside them:

* the change log (``.delta.json``): its lines carry the facts rows (names) of earlier saves;
  it is folded into the index files and started anew;
* the rolling backups (``backups/<hour>/``): every one was taken before the run, so all are
  removed; the next change to a file starts its backups again, from the anonymised state;
* the kept answers (``cache/``): worked out from the records before the run (the clients
  list's lines hold names); removed, to be worked out again when next asked;
* the documents written beside the data about an anonymised relationship: its palaveri
  minutes (``minutes/minutes-<rel>-<n>.*``) and its reports to the child's social worker
  (``reports-sw/sw-report-<rel>-*``), as ``data/outputs/minutes_file.py`` names them.

Only the engine on a folder keeps any of them (``MemoryEngine`` has nothing to scrub).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from data.storage import backups
from data.storage.aside import CACHE_DIR
from data.storage.delta import fold
from data.storage.engine import Engine
from data.storage.interface import EngineLike

#: the documents of a relationship written into the data folder (data/outputs/minutes_file.py:
#: its folder, and how its files' names begin)
DOCUMENTS = (("minutes", "minutes-{rid}-"), ("reports-sw", "sw-report-{rid}-"))


@dataclass(frozen=True)
class Scrubbed:
    backups: int = 0  # backup folders removed
    kept: int = 0  # kept answers removed
    documents: int = 0  # minutes and reports of the anonymised relationships removed
    log_folded: bool = False


def scrub(engine: EngineLike, relationships: Iterable[int] = ()) -> Scrubbed:
    """Fold the change log, remove every backup, every kept answer and the documents of
    ``relationships``, under the lock."""
    if not isinstance(engine, Engine):
        return Scrubbed()
    with engine.transaction():  # (the lock: no save meanwhile)
        documents = remove_documents(engine.folder, relationships)
        folded = fold(engine)
        hours = backups.hours(engine.folder)
        for hour in hours:
            shutil.rmtree(hour, ignore_errors=True)
        # this hour's folder made again, empty: another process that made it before links its
        # next backup there (it does not make it twice)
        engine._made_dirs.clear()
        engine._mkdir(engine.folder / backups.BACKUPS / datetime.now(UTC).strftime("%Y%m%d-%H"))
        kept = 0
        cache = engine.folder / CACHE_DIR
        if cache.is_dir():
            for path in cache.iterdir():
                if path.is_file():
                    with contextlib.suppress(OSError):
                        path.unlink()
                        kept += 1
    return Scrubbed(backups=len(hours), kept=kept, documents=documents, log_folded=folded)


def remove_documents(folder: Path, relationships: Iterable[int]) -> int:
    """Remove the minutes and reports of ``relationships`` from the data folder; how many."""
    ids = set(relationships)
    removed = 0
    for name, start in DOCUMENTS:
        where = folder / name
        if not ids or not where.is_dir():
            continue
        starts = tuple(start.format(rid=rid) for rid in ids)
        for path in where.iterdir():
            if path.name.startswith(starts) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed
