"""The access log (``store.access``): every view of a client's data, who, when, how, where.

``viewed(user, client_id, view, face)`` appends one entry; ``viewed_many`` one per client of a
listing, in one write. Only the moment, the login, the client's id, the kind of view and the
face are kept: never a name, a text or anything else that was seen. The entries go to
``access/<YYYY-MM>.json`` under the folder's lock, appended in place and chained by their
hashes (``data/storage/access_log.py``). Reading the log (``entries``) is for an admin alone:
it answers a client's request to know who processed their data (703/2023 § 11).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from data.dates import Clock, month_key
from data.model.access import AccessEntry, AccessView, Face
from data.model.register import UserRole
from data.storage.access_log import AccessLog, DiskFiles, LogFiles, MemoryFiles
from data.storage.engine import Engine
from data.storage.interface import EngineLike
from data.store.users import Users


def log_files(engine: EngineLike) -> LogFiles:
    """Where ``engine``'s folder keeps its access log (in memory for ``MemoryEngine``)."""
    if isinstance(engine, Engine):
        return DiskFiles(
            engine.folder,
            file_mode=engine.file_mode,
            dir_mode=engine.dir_mode,
            durable=engine.durable,
        )
    return MemoryFiles()


class Access:
    def __init__(self, engine: EngineLike, users: Users, clock: Clock) -> None:
        self.engine = engine
        self.users = users
        self.clock = clock
        self.log = AccessLog(log_files(engine))

    def viewed(self, user: str, client_id: int, view: AccessView, face: Face) -> None:
        """Log that ``user`` saw client ``client_id``'s data in ``view`` from ``face``."""
        self.viewed_many(user, (client_id,), view, face)

    def viewed_many(
        self, user: str, client_ids: Iterable[int], view: AccessView, face: Face
    ) -> int:
        """One entry per client (each once, in the order shown), written in one append; the
        number of entries written. Any admitted login's views are logged (a reader's too); an
        unknown login is refused (once the folder has users), as every verb refuses it."""
        self.users.permit(user, UserRole.READER)
        ids = list(dict.fromkeys(int(c) for c in client_ids if c is not None))
        if not ids:
            return 0
        now = self.clock()
        at = now.isoformat()
        rows = ((at, user, c, view.value, face.value) for c in ids)
        with self.engine.transaction():  # the folder's lock: two views never interleave
            self._back_up()
            return self.log.append(month_key(now.date()), rows)

    def _back_up(self) -> None:
        """The hour's first view copies the log into the hourly backup (access_backup.py)."""
        engine, files = self.engine, self.log.files
        if isinstance(engine, Engine) and engine.backups and isinstance(files, DiskFiles):
            from data.storage.access_backup import copy_of_hour

            copy_of_hour(engine.folder, files, engine._mkdir)

    def entries(
        self,
        user: str,
        *,
        client_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> list[AccessEntry]:
        """The entries (of one client, between two days, both included), oldest first: for an
        admin alone (refused otherwise, once the folder has users)."""
        self.users.permit(user, UserRole.ADMIN)
        # (in the order of their moments: an entry logged while a clock was set back sits
        # in the newest month's file)
        return sorted(self._select(client_id, start, end), key=lambda e: e.at)

    def _select(
        self, client_id: int | None, start: date | None, end: date | None
    ) -> Iterator[AccessEntry]:
        months = self.log.files.months()
        if start is not None:  # (an entry is never in a month file before its own)
            months = [m for m in months if m >= month_key(start)]
        zone = self.clock().tzinfo
        for _month, entry in self.log.entries(months, client_id):
            if start is None and end is None:
                yield entry
                continue
            day = entry.at.astimezone(zone).date() if zone is not None else entry.at.date()
            if (start is not None and day < start) or (end is not None and day > end):
                continue
            yield entry
