"""One piece of work done in a forked child while this process does another (``tuki check``:
comparing the derived index with what was read while the records are compared, each on its
own processor, instead of one after the other while the other processor waits).

The child sees this process's memory as it was at the fork (nothing is pickled to it) and
sends back only the answer, a list of texts. Anything that goes wrong there (no fork on this
system, the child failing or dying, an answer that does not parse) makes the work run here when
its answer is asked for, so the answer, or the error, is the same as without the child.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator

import orjson


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
