"""The state of a register's files as ``Engine.read`` sees them, for values worked out from a
few files alone and kept under their state (``cache/``) rather than under the whole folder's
change token: a meeting saved anywhere moves the token, while the volunteers' views and what
ranking needs of everyone depend on three files that seldom change (``data/store/matching``);
the alerts' pieces of the index are kept so too (``index_kept.py``)."""

from __future__ import annotations

from collections.abc import Callable
from hashlib import blake2b
from typing import Any, TypeVar

from data.storage.delta import token_of
from data.storage.engine import JOURNAL, Engine
from data.storage.files import _peek, paused_gc
from data.storage.interface import EngineLike
from data.storage.kept import Answer, Kept
from data.storage.stamps import code_stamp

T = TypeVar("T")


def file_state(engine: Engine, rel: str) -> str | None:
    """The file's state as ``Engine.read`` sees it: its signature (inode, size, time and last
    bytes, which hold the write token) and the change log's lines that apply to it (None: no
    such file). Call ``engine.sync_delta()`` first."""
    sig = _peek(engine.path(rel))
    if sig is None:
        return None
    token = token_of(sig[3])
    digest = blake2b(repr(sig[:3]).encode() + b"|" + sig[3], digest_size=16)
    if token is not None:
        for base, line in engine.delta.lines.get(rel, ()):
            if base == token:
                digest.update(b"|" + line.raw)
    return digest.hexdigest()


def files_state(engine: EngineLike, rels: tuple[str, ...]) -> str | None:
    """The state of ``rels`` together, or None when it cannot be told: no folder (a memory
    engine), no code stamp, a change left half done (its journal: reading finishes it), or a
    file missing."""
    if not isinstance(engine, Engine) or code_stamp() is None or engine.path(JOURNAL).exists():
        return None
    engine.sync_delta()
    states = [file_state(engine, rel) for rel in rels]
    return None if None in states else "|".join(s for s in states if s is not None)


class FileAnswer(Answer[T]):
    """An ``Answer`` worked out from ``rels`` alone: remembered and kept under their state, so
    that a change to any other file leaves it as it is; kept only when the files did not change
    while it was worked out. Where their state cannot be told, an ``Answer`` under the change
    token."""

    def __init__(
        self,
        kept: Kept,
        name: str,
        engine: EngineLike,
        rels: tuple[str, ...],
        load: Callable[[Any], T | None],
        dump: Callable[[T], Any],
    ) -> None:
        super().__init__(kept, name, engine.change_token, load, dump)
        self._engine, self._rels = engine, rels

    def get(self, work: Callable[[], T], *extra: Any) -> T:
        state = files_state(self._engine, self._rels)
        if state is None:
            return super().get(work, *extra)
        found = self._found([state, *extra])
        if found is not None:
            return found
        with paused_gc():  # many objects built at once
            found = work()
        if files_state(self._engine, self._rels) == state:
            self._kept.keep(self.name, [state, *extra], self._dump(found))
            self._memo = ([state, *extra], found)
        return found

    def kept(self, *extra: Any) -> T | None:
        state = files_state(self._engine, self._rels)
        if state is None:
            return super().kept(*extra)
        return self._found([state, *extra])
