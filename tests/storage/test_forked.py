"""``data.storage.forked.meanwhile``: the work done in a forked child gives the same answer, or
the same error, as done here; leaving early stops the child."""

from __future__ import annotations

import os
import sys

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
