"""Files whose records ``tuki check`` found valid, kept for the next check (``cache/valid.bin``).

Validating a million meetings by their schema is most of ``tuki check``'s processor time at
national scale, and from one check to the next most shards are as they were. So a check keeps,
for each shard, month's reports file and history file whose records were all valid, a digest
of what it validated, and the next check does not validate again what gives the same digest:

* the digest is a keyed BLAKE2b (32 bytes) of the file's path and its tables as parsed, in
  ``marshal``'s exact form (every value with its type: a float as its 8 bytes, so that 1e400
  read as infinity is not the ``null`` of a JSON dump), keyed by the digest of the code that
  judges them (every module of ``data/``, and the versions of Python, pydantic and
  pydantic_core). A changed byte of a record changes what is parsed, so its digest; a changed
  model, rule or check changes the key, so every digest: nothing kept then matches;
* only what the validation found (the count of records, and that none was invalid) is kept;
  everything else a check does with a file (its place, ids, summary, the index's comparison,
  a history file's changes in their own file) is done every time;
* the file carries a checksum of its entries and the code's digest: a damaged, cut or foreign
  file, or one of another version, is not used (every file is validated). A damaged entry can
  only stop matching. The check writes the file anew each time with the entries it used or
  found (written whole, not fsynced, with the folder's file mode; a folder it may not write
  keeps nothing), beside the register like the other kept values (``kept.py``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core

from data.storage.aside import CACHE_DIR
from data.storage.engine import Engine
from data.storage.files import write_atomic
from data.storage.report import Report

NAME = "valid.bin"
_MAGIC = b"tuki valid 1\n"
_SIZE = 32  # bytes of a digest
_ENTRY = _SIZE + 8  # a digest and its file's count of records
Tables = dict[str, dict[str, dict[str, Any]]]


@dataclass
class Checked(Report):
    """What the check found of one file's records; ``digest`` is set when they were all valid
    (its entry for the next check)."""

    digest: bytes = b""


@functools.cache
def code_digest() -> bytes | None:
    """The digest of the code that judges the records: every module of ``data/`` (its path and
    bytes) and the versions of what validates them; None when they cannot be read (nothing
    is kept then)."""
    root = Path(__file__).resolve().parent.parent  # data/
    digest = hashlib.blake2b(digest_size=_SIZE)
    for part in (sys.version, marshal.version, pydantic.VERSION, pydantic_core.__version__):
        digest.update(f"{part}\0".encode())
    try:
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    except OSError:
        return None
    return digest.digest()


class KnownValid:
    """The digests of the files found valid (``known``: digest -> count of records)."""

    def __init__(self, known: dict[bytes, int]) -> None:
        self.known = known

    @classmethod
    def load(cls, engine: Engine) -> KnownValid:
        return cls(_read(engine.folder / CACHE_DIR / NAME))

    def digest(self, rel: str, tables: Tables) -> bytes | None:
        """The digest of ``rel`` with these tables; None when it cannot be made exactly."""
        key = code_digest()
        if key is None:
            return None
        try:
            dumped = marshal.dumps(tables)
        except ValueError:  # (not a parsed file's values)
            return None
        digest = hashlib.blake2b(key=key, digest_size=_SIZE)
        digest.update(rel.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(dumped)
        return digest.digest()

    def records(self, digest: bytes | None) -> int | None:
        """The count of records of a file with this digest found valid, or None."""
        return None if digest is None else self.known.get(digest)


#: the files found valid by the check before, while a check runs (``used``): set before the
#: shards' worker processes are forked, which see it too
_USED: list[KnownValid] = []


@contextlib.contextmanager
def used(engine: Engine) -> Iterator[Callable[[dict[str, Any]], None]]:
    """The entries kept by the check before in use meanwhile; call what it gives with what the
    check made of each file (``Folder.checked``) to keep the new entries."""

    def keep(checked: dict[str, Any]) -> None:
        _USED.clear()  # (its memory first)
        save(engine, {c.digest: c.records for c in checked.values() if _kept(c)})

    _USED[:] = [KnownValid.load(engine)]
    try:
        yield keep
    finally:
        _USED.clear()


def _kept(checked: Any) -> bool:
    return isinstance(checked, Checked) and bool(checked.digest)


def checked(rel: str, tables: Tables, check: Callable[[str, Tables, Report], None]) -> Report:
    """What ``check`` finds of a file's records, or the count of them when an entry of the
    check before says they are valid. A main file (``relationships.json``) is always checked:
    its check gives the facts of its records too."""
    known = _USED[0] if _USED and "/" in rel else None
    digest = known.digest(rel, tables) if known is not None else None
    records = known.records(digest) if known is not None else None
    if records is not None:
        return Checked(records=records, digest=digest or b"")
    out = Checked()
    check(rel, tables, out)
    if digest is not None and not out.findings and not out.facts:
        out.digest = digest
    return out


def save(engine: Engine, found: dict[bytes, int]) -> None:
    """Keep ``found`` (digest -> count of records) for the next check, if the folder may be
    written."""
    key = code_digest()
    folder = engine.folder / CACHE_DIR
    if key is None or not folder.is_dir():
        return
    body = b"".join(d + found[d].to_bytes(8, "little") for d in sorted(found))
    check = hashlib.blake2b(key + body, digest_size=_SIZE).digest()
    with contextlib.suppress(OSError):
        write_atomic(
            folder / NAME, _MAGIC + key + check + body, durable=False, mode=engine.file_mode
        )


def _read(path: Path) -> dict[bytes, int]:
    """The entries of ``path``; none when it is missing, damaged or of other code."""
    key = code_digest()
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    head = len(_MAGIC)
    body = raw[head + 2 * _SIZE :]
    if (
        key is None
        or not raw.startswith(_MAGIC)
        or raw[head : head + _SIZE] != key
        or len(body) % _ENTRY
        or hashlib.blake2b(key + body, digest_size=_SIZE).digest()
        != raw[head + _SIZE : head + 2 * _SIZE]
    ):
        return {}
    view = memoryview(body)
    return {
        bytes(view[at : at + _SIZE]): int.from_bytes(view[at + _SIZE : at + _ENTRY], "little")
        for at in range(0, len(body), _ENTRY)
    }


def remove(engine: Engine) -> None:
    """Forget every entry (for tests and for a check that must validate everything)."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(engine.folder / CACHE_DIR / NAME)
