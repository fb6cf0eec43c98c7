"""Backups of the data folder (``store.backup``): an admin's, logged in the access log.

``take(user, target)`` writes a consistent copy of the whole folder (``data/storage/
snapshot.py``: the folder linked under its lock, as its writers take it, then released; then
``archive.py``: every file hashed and written, with its manifest) to a ``.tar.gz`` file or a
new folder. A copy holds every client's data, so it is logged as a view of each client
(kind ``backup``) before the snapshot is taken: the copy lists itself. Restoring is not a verb
of a live Store: ``data/storage/archive_read.py`` writes a new folder, whose own Store then
checks who may and logs it (``tui/cli_backup.py``).
"""

from __future__ import annotations

from pathlib import Path

from data.errors import Refused
from data.model.access import AccessView, Face
from data.model.register import UserRole
from data.storage import snapshot
from data.storage.archive import Progress, Written, about, refuse_existing, write
from data.storage.engine import Engine
from data.store.access import Access
from data.store.records import Records
from data.store.users import Users


class Backup:
    def __init__(self, records: Records, users: Users, access: Access) -> None:
        self.records = records
        self.users = users
        self.access = access

    def take(
        self, user: str, target: Path, *, face: Face = Face.CLI, progress: Progress | None = None
    ) -> Written:
        """Write the folder's backup to ``target`` (``.tar.gz``/``.tgz``: an archive; else a
        new or empty folder); an admin's. ``progress`` hears (bytes done, bytes in all)."""
        user = self.users.permit(user, UserRole.ADMIN)
        engine = self.records.engine
        if not isinstance(engine, Engine):
            raise Refused("backup_no_folder", "Only a data folder on disk can be backed up.")
        target = Path(target).expanduser().absolute()
        if target == engine.folder or engine.folder in target.parents:
            raise Refused(
                "backup_inside",
                "A backup cannot be written inside the data folder {folder}: choose a place "
                "outside it (best on another disk).",
                folder=engine.folder,
            )
        refuse_existing(target)  # said before anything is logged or linked
        self.access.viewed_many(user, self.records.client_facts(), AccessView.BACKUP, face)
        taken = snapshot.take(engine)
        try:
            info = about(taken, self.access.clock(), user)
            return write(taken, target, info, progress, mode=engine.file_mode)
        finally:
            snapshot.remove(taken.root)
