"""The terminal goes away without a hangup signal: the console saves its drafts and ends.

Run for real: ``tuki demo`` on a pseudo-terminal, SIGHUP ignored (as under ``nohup``); then the
other end of the pty closes, as a dead SSH connection leaves it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path
from typing import Any

from tests.console_helpers import SIZE, arrive, demo_store, make_app
from tui import terminal
from tui.app import TukiApp

#: bounds that only end a test that would otherwise hang (never a wait for its own sake)
DRAWN_WITHIN = 120.0
EXITS_WITHIN = 30.0


def _start_console(data: Path) -> tuple[int, int]:
    """``tuki demo`` on a new pty that is its controlling terminal; SIGHUP ignored."""
    pid, master = pty.fork()
    if pid == 0:  # the child: becomes the console
        try:
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
            size = struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0)
            fcntl.ioctl(0, termios.TIOCSWINSZ, size)
            env = dict(os.environ, TERM="xterm-256color")
            args = [sys.executable, "-m", "tui.cli", "demo", "--data-dir", str(data)]
            os.execve(sys.executable, args, env)
        finally:
            os._exit(127)
    return pid, master


def _read_until_drawn(master: int) -> str:
    """What the console wrote until its footer (the quit key) is on the screen."""
    seen = b""
    deadline = time.monotonic() + DRAWN_WITHIN
    while b"Lopeta" not in seen:
        assert time.monotonic() < deadline, seen[-500:]
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:  # the child ended: its output says why
                raise AssertionError(seen[-2000:].decode(errors="replace")) from None
    return seen.decode(errors="replace")


def _wait_exit(pid: int) -> int | None:
    """The child's exit status once it ended, None if it still runs after the bound."""
    deadline = time.monotonic() + EXITS_WITHIN
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        select.select([], [], [], 0.1)  # a poll of the process state, ten times a second
    return None


def test_the_console_ends_when_its_terminal_goes_away_without_a_hangup(tmp_path: Path) -> None:
    pid, master = _start_console(tmp_path / "demo")
    code: int | None = None
    try:
        _read_until_drawn(master)
        os.close(master)  # the connection is gone; no SIGHUP reaches the console
        master = -1
        code = _wait_exit(pid)
    finally:
        if master >= 0:
            os.close(master)
        if code is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert code == terminal.LOST


def test_a_lost_terminal_saves_every_draft_before_ending(tmp_path: Path) -> None:
    saved: list[bool] = []

    class Drafting:
        def save_draft(self, *, force: bool = False) -> bool:
            saved.append(force)
            return True

    class Failing:
        def save_draft(self, *, force: bool = False) -> bool:
            raise OSError("disk full")

    app = make_app(demo_store(tmp_path / "d"))
    exits: list[Any] = []
    app._screen_stacks = {"a": [Failing()], "b": [object(), Drafting()]}  # type: ignore[dict-item]
    app.exit = lambda *args, **kwargs: exits.append(kwargs)  # type: ignore[method-assign]
    app.terminal_lost()
    assert saved == [True]  # the failing one did not stop it
    assert exits == [{"return_code": terminal.LOST}]


async def test_a_console_without_a_terminal_does_not_watch_one(tmp_path: Path) -> None:
    app: TukiApp = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        assert not hasattr(app, "_terminal")  # headless (tests, snapshots): nothing to watch
