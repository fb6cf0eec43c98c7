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


def blocker(path: Path, *, write: bool = True) -> tuple[Path, str] | None:
    """The first folder on the way to ``path`` (``path`` included) that this user may not use,
    and the missing right; None when nothing is in the way.

    Every folder above must be searchable (a team folder inside a 2770 folder of another team
    cannot even be looked at); ``path`` itself must be readable, and writable when ``write``. A
    ``path`` that does not exist yet is checked where it would be made: the nearest existing
    folder must be writable.
    """
    path = path.expanduser().absolute()
    nearest: Path | None = None
    for step in [*reversed(path.parents), path]:
        try:
            info = os.stat(step)
        except FileNotFoundError:
            break
        except PermissionError:
            return step.parent, READ
        except OSError:
            return None  # e.g. a file on the way: the engine says "not a folder"
        if not stat.S_ISDIR(info.st_mode):
            return None
        if step != path and not os.access(step, os.X_OK):
            return step, READ
        nearest = step
    if nearest != path:
        if write and nearest is not None and not os.access(nearest, os.W_OK | os.X_OK):
            return nearest, WRITE
        return None
    if not os.access(path, os.R_OK | os.X_OK):
        return path, READ
    if write and not os.access(path, os.W_OK | os.X_OK):
        return path, WRITE
    return None


def require(folder: Path, *, write: bool = True) -> None:
    """Refuse, in plain words, a data folder this user cannot read (or write, when ``write``)."""
    found = blocker(folder, write=write)
    if found is not None:
        raise refusal(*found)


def explain_denied(exc: PermissionError, folder: Path) -> StorageError:
    """A PermissionError met while working in ``folder``, as a refusal naming what is missing."""
    where = Path(exc.filename) if exc.filename else folder
    found = blocker(where.parent) or blocker(folder)
    if found is not None:
        return refusal(*found)
    try:
        readable = os.access(where, os.R_OK)
        is_file = where.is_file()
    except OSError:
        readable, is_file = False, False
    right = WRITE if readable else READ
    if is_file:  # the folder is fine, the file is not shared (made before the folder was)
        owner, group = _owner_and_group(where)
        return StorageError(
            "file_no_access",
            "You have no {right} to the file {file}: it belongs to {owner} and is not shared "
            "with the group {group}. Ask {owner} or the server's administrator to run "
            "'chmod -R g+rwX {folder}'.",
            file=where,
            right=right,
            owner=owner,
            group=group,
            folder=folder,
        )
    return refusal(where.parent, right)
