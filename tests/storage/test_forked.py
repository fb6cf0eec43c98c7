"""``data.storage.forked.meanwhile`` and ``apart``: the work done in a forked child gives the same answer, or
the same error, as done here; leaving early stops the child."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import pytest

from data.storage.forked import meanwhile

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


def test_the_answer_comes_from_the_child() -> None:
    parent = os.getpid()
    with meanwhile(lambda: [str(os.getpid()), "ä" * 100_000]) as answer:  # beyond a pipe's buffer
        got = answer()
    assert got[0] != str(parent) and got[1] == "ä" * 100_000


def test_a_failing_child_makes_the_work_run_here_with_its_error() -> None:
    parent = os.getpid()

    def work() -> list[str]:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without answering
        raise LookupError("here")

    with meanwhile(work) as answer, pytest.raises(LookupError, match="here"):
        answer()


def test_an_error_meanwhile_stops_the_child() -> None:
    read, write = os.pipe()

    def work() -> list[str]:
        os.close(read)
        os.write(write, str(os.getpid()).encode())
        os.close(write)
        while True:  # would never answer
            pass

    with pytest.raises(RuntimeError), meanwhile(work):
        os.close(write)
        child = int(os.read(read, 20))
        raise RuntimeError("compare failed")
    os.close(read)
    with pytest.raises(ChildProcessError):  # stopped and waited for: no process left behind
        os.waitpid(child, os.WNOHANG)


def test_not_wanted_runs_nothing_apart() -> None:
    with meanwhile(lambda: [str(os.getpid())], False) as answer:
        assert answer() == [str(os.getpid())]


# ----- apart: a task whose memory goes with its child ------------------------------------------


def test_apart_answers_from_the_child_and_passes_on_what_it_tells() -> None:
    from decimal import Decimal

    from data.storage.forked import apart

    parent = os.getpid()
    told: list[object] = []

    def work(tell: Callable[[object], None]) -> tuple[int, Decimal, str]:
        for n in range(3):
            tell((n, 3))
        return os.getpid(), Decimal("12.30"), "ä" * 100_000  # beyond a pipe's buffer

    pid, amount, text = apart(work, told.append)
    assert pid != parent and amount == Decimal("12.30") and text == "ä" * 100_000
    assert told == [(0, 3), (1, 3), (2, 3)]


def test_apart_a_failing_child_makes_the_work_run_here_with_its_error() -> None:
    from data.storage.forked import apart

    parent = os.getpid()
    told: list[object] = []

    def work(tell: Callable[[object], None]) -> int:
        tell(os.getpid())
        raise LookupError("here" if os.getpid() == parent else "there")

    with pytest.raises(LookupError, match="here"):
        apart(work, told.append)
    assert told[-1] == parent and len(told) == 2  # told by the child, then here


def test_apart_an_error_in_tell_stops_the_child() -> None:
    from data.storage.forked import apart

    children: list[int] = []

    def work(tell: Callable[[object], None]) -> int:
        tell(os.getpid())
        while True:  # would never answer
            pass

    def heard(pid: object) -> None:
        children.append(int(str(pid)))
        raise RuntimeError("not wanted any more")

    with pytest.raises(RuntimeError):
        apart(work, heard)
    with pytest.raises(ChildProcessError):  # stopped and waited for: no process left behind
        os.waitpid(children[0], os.WNOHANG)


def test_apart_waits_for_a_lock_held_elsewhere_or_works_here() -> None:
    """A lock another thread holds is waited for (``HOLD_SECONDS``), so that the child never
    starts with it taken; held past that, the work is done here."""
    import threading

    from data.storage import forked

    lock = threading.Lock()
    lock.acquire()
    threading.Timer(0.2, lock.release).start()
    assert forked.apart(lambda tell: os.getpid(), print, [lock]) != os.getpid()
    assert not lock.locked()
    lock.acquire()
    saved, forked.HOLD_SECONDS = forked.HOLD_SECONDS, 0.05
    try:
        assert forked.apart(lambda tell: os.getpid(), print, [lock]) == os.getpid()
    finally:
        forked.HOLD_SECONDS = saved
        lock.release()
