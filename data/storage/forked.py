"""Work done in a forked child.

``meanwhile``: one piece of work done in a child while this process does another (``tuki
check``: comparing the derived index with what was read while the records are compared, each
on its own processor, instead of one after the other while the other processor waits).

``apart``: a big task whose memory should not stay in a long-lived process (the console's
payment run: at national scale it reads the 32 MB relationships file and thousands of shards,
+100 MB while it works, and Python's heap keeps some 40 MB of that scattered between the
objects that live on). The child does it and sends back only the answer; its memory goes with
it.

The child sees this process's memory as it was at the fork (nothing is pickled to it) and
sends back only the answer. Anything that goes wrong there (no fork on this system, the child
failing or dying, an answer that does not parse) makes the work run here, so the answer, or the
error, is the same as without the child.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, Protocol, TypeVar

import orjson

T = TypeVar("T")
Tell = Callable[[Any], None]


class Lock(Protocol):
    def acquire(self, blocking: bool = ..., timeout: float = ...) -> bool: ...

    def release(self) -> None: ...


@contextlib.contextmanager
def meanwhile(
    work: Callable[[], list[str]], wanted: bool = True
) -> Iterator[Callable[[], list[str]]]:
    """Begin ``work`` in a forked child (unless not ``wanted``); the function given waits for
    its answer. Leaving the block without asking (an error meanwhile) stops the child."""
    if not wanted or not sys.platform.startswith("linux"):
        yield work
        return
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        yield work
        return
    if pid == 0:  # the child: answer, then leave without running this process's exit handlers
        status = 1
        try:
            os.close(read)
            raw = orjson.dumps(work())
            with os.fdopen(write, "wb") as out:
                out.write(raw)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    waited = False

    def answer() -> list[str]:
        nonlocal waited
        with os.fdopen(os.dup(read), "rb") as got:
            raw = got.read()
        _, status = os.waitpid(pid, 0)
        waited = True
        if status == 0:
            try:
                found = orjson.loads(raw)
            except orjson.JSONDecodeError:
                found = None
            if isinstance(found, list) and all(isinstance(text, str) for text in found):
                return found
        return work()  # the child could not say: the same work here, its answer or its error

    try:
        yield answer
    finally:
        os.close(read)
        if not waited:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


#: how long ``apart`` waits for each lock it holds around the fork (another thread holding one
#: that long: the work is done here instead)
HOLD_SECONDS = 2.0
_HEAD = struct.Struct("<cQ")  # a message's kind (b"t": told, b"a": the answer) and its size


def engine_locks(engine: object) -> list[Lock]:
    """The locks a child reading ``engine``'s folder takes (the engine's and the storage's
    shared ones), in the order the storage takes them. Held around the fork, so that none is
    copied into the child as another thread held it at that moment (which the child would wait
    for forever)."""
    from data.storage import files, rows

    delta = getattr(engine, "delta", None)
    found: list[Any] = [getattr(engine, "_tx_lock", None), getattr(engine, "_lock", None)]
    found += [getattr(engine, "_cache_lock", None), getattr(delta, "_lock", None)]
    found += [rows._SEEN_LOCK, files._gc_lock]
    return [lock for lock in found if hasattr(lock, "acquire") and hasattr(lock, "release")]


def apart(work: Callable[[Tell], T], tell: Tell, locks: Sequence[Lock] = ()) -> T:
    """``work(tell)`` done in a forked child (on Linux): its answer, pickled back. What the
    child tells (``tell(message)``, a picklable message: how far it has come) is passed to
    ``tell`` here as it comes. ``locks`` (``engine_locks``) are held around the fork. If
    ``tell`` raises here, the child is stopped and the error goes on. Without a child, or
    when it could not answer, ``work(tell)`` runs here: its answer or its error."""
    if not sys.platform.startswith("linux"):
        return work(tell)
    try:
        read, write = os.pipe()
    except OSError:
        return work(tell)
    held = _hold(locks)
    pid = -1
    if held is not None:
        try:
            with warnings.catch_warnings():  # (3.12 warns of a fork in a process with threads)
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            pass
        finally:
            for lock in reversed(held):
                lock.release()
    if pid == 0:  # the child: answer, then leave without running this process's exit handlers
        status = 1
        try:
            os.close(read)
            _quiet_child()
            with os.fdopen(write, "wb") as out:
                answer = work(lambda message: _send(out, b"t", message))
                _send(out, b"a", answer)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    if pid < 0:
        os.close(read)
        return work(tell)
    got: list[Any] = []
    try:
        with os.fdopen(read, "rb") as answers:
            while not got and (message := _receive(answers)) is not None:
                kind, value = message
                if kind == b"a":
                    got.append(value)
                else:
                    tell(value)
    finally:
        if not got:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if got and status == 0:
        return got[0]  # type: ignore[no-any-return]
    return work(tell)  # the child could not say: the same work here, its answer or its error


def _hold(locks: Sequence[Lock]) -> list[Lock] | None:
    held: list[Lock] = []
    for lock in locks:
        if not lock.acquire(timeout=HOLD_SECONDS):
            for taken in reversed(held):
                taken.release()
            return None
        held.append(lock)
    return held


def _quiet_child() -> None:
    """The child leaves the signals to this process: the terminal's (a resize, a stop) are
    not handled there, nor passed on to this process's event loop; its objects, copied at the
    fork, are never gone through by the child's collector (their pages stay shared: it is
    switched off for the child's short life; ``gc.freeze`` would do it too, but nothing in Tuki
    freezes, tests/console/test_console_memory.py)."""
    gc.disable()
    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)
        for name in ("SIGWINCH", "SIGTSTP", "SIGCONT", "SIGINT", "SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and callable(signal.getsignal(number)):
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(number, signal.SIG_DFL)


def _send(out: IO[bytes], kind: bytes, value: Any) -> None:
    raw = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    out.write(_HEAD.pack(kind, len(raw)) + raw)
    out.flush()


def _receive(answers: IO[bytes]) -> tuple[bytes, Any] | None:
    """The next message, or None at the end of the pipe or for a torn or unreadable one."""
    head = answers.read(_HEAD.size)
    if len(head) < _HEAD.size:
        return None
    kind, size = _HEAD.unpack(head)
    raw = answers.read(size)
    if len(raw) < size:
        return None
    try:
        return kind, pickle.loads(raw)
    except Exception:  # anything the child sent that does not read back
        return None
