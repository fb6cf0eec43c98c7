"""An unexpected error's report: a private file with the error's type and where it happened.

No personal data: only the exception types (of the error and the ones it came from) and each
traceback frame's file, line and function. Messages and local values are left out, since they
may hold names, phone numbers or what was typed.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from tui.config import log_dir


def _kind(error: BaseException) -> str:
    kind = type(error)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def report(error: BaseException) -> list[str]:
    """The lines of the report: the chain of exception types, each with its frames."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    lines: list[str] = []
    for depth, exc in enumerate(reversed(chain)):
        if depth:
            lines.append("During or because of it:")
        lines.append(f"{_kind(exc)} (traceback, most recent call last)")
        for frame in traceback.extract_tb(exc.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    return lines


def write_report(error: BaseException, *, now: datetime | None = None) -> Path:
    """Write the report in a new file readable by the user alone (0600, in a 0700 folder)."""
    folder = log_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = folder / f"error-{stamp}-{os.getpid()}.log"
    from importlib.metadata import PackageNotFoundError, version

    try:
        tuki = version("tuki")
    except PackageNotFoundError:
        tuki = "?"
    text = "\n".join([f"Tuki {tuki}", *report(error)]) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    path.chmod(0o600)  # also if a file of that name was there before
    return path
