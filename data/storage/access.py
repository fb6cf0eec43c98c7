"""Who may use a data folder: a refusal that names the folder, the missing right and the group.

A user outside the team's group must not meet "Unexpected error (PermissionError)": they are told
which folder, what right is missing (read or write) and which group grants it (or, for a private
folder, whose it is). Root passes every check (permission bits do not stop root), so the checks
go through ``os.access`` and tests simulate a refusal by patching it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from data.storage.files import POSIX, StorageError

READ = "read"
WRITE = "write"


def _owner_and_group(path: Path) -> tuple[str, str]:
    """The login name of the folder's owner and the name of its group ("?" when unknown)."""
    try:
        st = path.stat()
    except OSError:
        return "?", "?"
    owner, group = str(st.st_uid), str(st.st_gid)
    if POSIX:
        import grp
        import pwd

        with contextlib.suppress(KeyError):
            owner = pwd.getpwuid(st.st_uid).pw_name
        with contextlib.suppress(KeyError):
            group = grp.getgrgid(st.st_gid).gr_name
    return owner, group


def refusal(folder: Path, right: str) -> StorageError:
    """The refusal for a missing ``right`` (READ or WRITE) to ``folder``."""
    owner, group = _owner_and_group(folder)
    try:
        shared = bool(folder.stat().st_mode & (stat.S_ISGID | 0o070))
    except OSError:
        shared = False
    if shared:
        return StorageError(
            "folder_no_access",
            "You have no {right} access to the data folder {folder}. The group {group} grants it: "
            "ask the server's administrator to add you to that group, then log in again.",
            folder=folder,
            right=right,
            group=group,
        )
    return StorageError(
        "folder_private",
        "You have no {right} access to the data folder {folder}: it is the private folder of "
        "{owner}. Use your own folder or ask for a shared one (see 'A team on one server' in "
        "the README).",
        folder=folder,
        right=right,
        owner=owner,
    )


def require(folder: Path, *, write: bool = True) -> None:
    """Refuse, in plain words, a data folder this user cannot read (or write, when ``write``).

    A folder that does not exist yet is checked where it would be made: the nearest existing
    parent must be writable.
    """
    folder = folder.expanduser().absolute()
    if not folder.exists():
        parent = folder.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if write and parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
            raise refusal(parent, WRITE)
        return
    if not folder.is_dir():
        return  # the engine says "not a folder"
    if not os.access(folder, os.R_OK | os.X_OK):
        raise refusal(folder, READ)
    if write and not os.access(folder, os.W_OK | os.X_OK):
        raise refusal(folder, WRITE)


def explain_denied(exc: PermissionError, folder: Path) -> StorageError:
    """A PermissionError met while working in ``folder``, as a refusal naming what is missing."""
    where = Path(exc.filename) if exc.filename else folder
    target = where if where.is_dir() else where.parent
    right = READ if not os.access(where, os.R_OK) else WRITE
    return refusal(target, right)
