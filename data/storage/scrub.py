"""After a retention run: no copy of an anonymised record's earlier values left in the folder.

The run changes the records (and the derived index with them) through the ordinary
transactions. What still holds the values as they were is beside them:

* the change log (``.delta.json``): its lines carry the facts rows (names) of earlier saves;
  it is folded into the index files and started anew;
* the rolling backups (``backups/<hour>/``): every one was taken before the run, so all are
  removed; the next change to a file starts its backups again, from the anonymised state;
* the kept answers (``cache/``): worked out from the records before the run (the clients
  list's lines hold names); removed, to be worked out again when next asked.

Only the engine on a folder keeps any of them (``MemoryEngine`` has nothing to scrub).
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime

from data.storage import backups
from data.storage.aside import CACHE_DIR
from data.storage.delta import fold
from data.storage.engine import Engine
from data.storage.interface import EngineLike


@dataclass(frozen=True)
class Scrubbed:
    backups: int = 0  # backup folders removed
    kept: int = 0  # kept answers removed
    log_folded: bool = False


def scrub(engine: EngineLike) -> Scrubbed:
    """Fold the change log, remove every backup and every kept answer, under the lock."""
    if not isinstance(engine, Engine):
        return Scrubbed()
    with engine.transaction():  # (the lock: no save meanwhile)
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
    return Scrubbed(backups=len(hours), kept=kept, log_folded=folded)
