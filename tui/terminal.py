"""The terminal going away without a hangup signal.

When the SSH connection drops or the terminal window closes, the kernel hangs the terminal up.
A console started under ``nohup`` (or by a launcher that ignores SIGHUP, or on a pty whose
other end simply closed) gets no signal: reads from the terminal return end-of-file at once
and for ever, and Textual's input thread loops on them (45-85 % CPU for as long as nobody
kills the process). The terminal then no longer answers as a terminal: ``isatty`` is false
and ``tcgetattr`` fails with EIO. The console looks every ``EVERY`` seconds, and when its
terminal is gone it saves what can be saved (the drafts) and exits with ``LOST``.

Writes fail too (EIO), and in Textual's writer thread a failed write ends the thread: its
queue (30 writes) fills and the next screen update blocks the console for ever, before it
could look at its terminal or save anything. So the console's driver writes through
``Guarded``, which drops what cannot be written once the terminal is gone.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

#: seconds between two looks at the terminal
EVERY = 1.0
#: the exit code after the terminal went away (as if ended by SIGHUP: 128 + 1)
LOST = 129


def terminal_fds() -> list[int]:
    """The console's terminal: stdin and stdout, those of them that are terminals now."""
    fds = []
    for stream in (sys.__stdin__, sys.__stdout__):
        try:
            fd = stream.fileno() if stream is not None else -1
        except (OSError, ValueError):
            continue
        if fd >= 0 and os.isatty(fd):
            fds.append(fd)
    return fds


def gone(fds: list[int]) -> bool:
    """Whether any of ``fds``, a terminal when the console started, no longer is one."""
    return any(not os.isatty(fd) for fd in fds)


class Guarded:
    """The driver's output file, which drops writes once one failed (the terminal is gone)
    instead of ending Textual's writer thread with the error."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                return self.file.write(text)
            except (OSError, ValueError):  # EIO; ValueError: the file was closed
                self.lost = True
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self.file.flush()
            except (OSError, ValueError):
                self.lost = True

    def fileno(self) -> int:
        return self.file.fileno()

    def isatty(self) -> bool:
        return not self.lost and self.file.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


def guarded(driver_class: type[Any]) -> type[Any]:
    """``driver_class`` (Textual's LinuxDriver) writing through ``Guarded``."""

    class GuardedDriver(driver_class):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._file = Guarded(self._file)

    return GuardedDriver
