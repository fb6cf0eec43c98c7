"""After a retention run: no copy of an anonymised record's earlier values left in the folder.

The run changes the records (and the derived index with them) through the ordinary
transactions. What still holds the values as they were is beside them:

* the change log (``.delta.json``): its lines carry the facts rows (names) of earlier saves;
  it is folded into the index files and started anew;
* the rolling backups (``backups/<hour>/``): every one was taken before the run, so all are
  removed; the next change to a file starts its backups again, from the anonymised state; and
  the snapshot a killed ``tuki backup`` or ``tuki export`` left (``backups/.snapshot-*``);
* the kept answers (``cache/``): worked out from the records before the run (the clients
  list's lines hold names); removed, to be worked out again when next asked;
* the documents written beside the data about an anonymised relationship or client, by the
  names Tuki gives them: a palaveri's minutes (``minutes-<rel>-<n>.*``), the reports to the
  child's social worker (``sw-report-<rel>-*``, ``meeting-report-<rel>-*``) and the client's
  access-log answer (``access-log-<client>.*``), in ``minutes/``, ``reports-sw/`` (where the
  console writes them, ``data/outputs/minutes_file.py``) and the folder itself (where a
  command run in the folder writes them); a file named otherwise cannot be told apart, and the
  payment lists (``payments/``) stay: they name the volunteer and a relationship's number, never
  the client, and are the programme's bookkeeping;
* the copies a repair set aside (``<file>.damaged-<time>``) and the temporary files of stopped
  saves (``.<file>.tmp``, over a minute old): earlier states of the files, as the backups are;
* the names in ``repairs.json`` of the anonymised records a repair listed (``forget_names``).

Only the engine on a folder keeps any of them (``MemoryEngine`` has nothing to scrub).
"""

from __future__ import annotations

import contextlib
import copy
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from data.storage import backups, snapshot
from data.storage.aside import CACHE_DIR
from data.storage.backups import BACKUPS
from data.storage.delta import fold
from data.storage.engine import Engine
from data.storage.files import StorageError
from data.storage.interface import EngineLike
from data.storage.layout import REPAIRS, REPAIRS_TABLE

#: where documents are written in the data folder: the console's folders and the folder itself
#: (``tuki minutes``, ``tuki meeting-report`` and ``tuki access-log`` write to their working
#: folder by default)
PLACES = ("minutes", "reports-sw", "")
#: how the names of a relationship's documents begin (data/outputs/minutes_file.py, the faces)
OF_RELATIONSHIP = (
    "minutes-{rid}-",
    "sw-report-{rid}-",
    "meeting-report-{rid}-",
    "summary-{rid}-",  # the summary of the work done (data/outputs/summary.py)
)
#: how the name of a client's access-log answer begins (tui/cli_access.py)
OF_CLIENT = ("access-log-{cid}.",)
DAMAGED = ".damaged-"  # data/storage/backups.py set_aside
TEMP_AGE_SECONDS = 60  # a younger temporary file may belong to a live writer (check.py)


@dataclass(frozen=True)
class Scrubbed:
    backups: int = 0  # backup folders removed
    kept: int = 0  # kept answers removed
    documents: int = 0  # documents of the anonymised relationships and clients removed
    copies: int = 0  # set-aside copies of damaged files and stopped saves' temporary files
    log_folded: bool = False


def scrub(
    engine: EngineLike, relationships: Iterable[int] = (), clients: Iterable[int] = ()
) -> Scrubbed:
    """Fold the change log, remove every backup, every kept answer, every earlier copy of a
    file and the documents of ``relationships`` and ``clients``, under the lock."""
    if not isinstance(engine, Engine):
        return Scrubbed()
    with engine.transaction():  # (the lock: no save meanwhile)
        documents = remove_documents(engine.folder, relationships, clients)
        copies = remove_copies(engine)
        folded = fold(engine)
        hours = backups.hours(engine.folder)
        snapshot.remove_stale(engine.folder)  # what a killed backup or export left linked
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
    return Scrubbed(
        backups=len(hours), kept=kept, documents=documents, copies=copies, log_folded=folded
    )


def remove_documents(
    folder: Path, relationships: Iterable[int], clients: Iterable[int] = ()
) -> int:
    """Remove the documents of ``relationships`` and ``clients`` that Tuki wrote (by their
    names) into the data folder; how many."""
    starts = tuple(s.format(rid=rid) for rid in set(relationships) for s in OF_RELATIONSHIP)
    starts += tuple(s.format(cid=cid) for cid in set(clients) for s in OF_CLIENT)
    removed = 0
    for name in PLACES:
        where = folder / name if name else folder
        if not starts or not where.is_dir():
            continue
        for path in where.iterdir():
            if path.name.startswith(starts) and path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


def remove_copies(engine: Engine) -> int:
    """Remove the copies of damaged files a repair set aside and the temporary files of stopped
    saves (over a minute old); how many. Under the lock."""
    removed = 0
    now = time.time()
    for path in engine.folder.rglob(f"*{DAMAGED}*"):
        if path.is_file() and not path.is_symlink() and BACKUPS not in path.parts:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    for path in engine.stray_temp_files():
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime >= TEMP_AGE_SECONDS:
                path.unlink()
                removed += 1
    return removed


def forget_names(tx: Any, refs: Callable[[str, str], bool]) -> int:
    """Blank the name of every item of ``repairs.json`` whose (kind, ref) ``refs`` accepts (the
    records just anonymised); how many."""
    try:
        rows = tx.table(REPAIRS, REPAIRS_TABLE)
    except StorageError:  # damaged: tuki check says so
        return 0
    changed = 0
    for key, row in list(rows.items()):
        new = copy.deepcopy(row)
        count = 0
        for part in ("recovered", "lost"):
            for item in new.get(part, []):
                if (
                    isinstance(item, dict)
                    and item.get("name")
                    and refs(str(item.get("kind")), str(item.get("ref")))
                ):
                    item["name"] = ""
                    count += 1
        if count:
            tx.put(REPAIRS, REPAIRS_TABLE, int(key), new)
            changed += count
    return changed
