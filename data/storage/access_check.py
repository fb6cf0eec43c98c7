"""``tuki check`` of the access log: every month's chain, and the first entry that breaks it.

Each entry must parse, carry the next number, hash to its own ``hash`` and point back at the
hash of the entry before it (the first of a month at the last of the month file before it, the
folder's very first at ``START``). The first entry that does not is named with its month file,
its number and what is wrong (``access_*`` findings, worded by the faces as ``check.<code>``);
the chain is not judged past it. A month whose end is not whole (a write cut short) is named
too: the next view closes it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from data.model.access import START, digest
from data.storage.access_log import TAIL, AccessLog, DiskFiles, line_row, month_lines
from data.storage.aside import ACCESS_DIR

if TYPE_CHECKING:  # (report.py calls this module: no import circle)
    from data.storage.engine import Engine
    from data.storage.report import Report


def check_access(engine: Engine, report: Report) -> None:
    """Verify the access log of ``engine``'s folder; the findings go into ``report``."""
    log = AccessLog(DiskFiles(engine.folder, file_mode=0o600, dir_mode=0o700, durable=False))
    prev = START
    for month in log.files.months():
        rel = f"{ACCESS_DIR}/{month}.json"
        try:
            raw = log.files.read(month)
        except OSError as exc:
            report.add(rel, "access_unreadable", "cannot be read ({why})", why=exc.strerror)
            return
        if not raw:
            continue
        lines = list(month_lines(raw))
        if not raw.startswith(b'{"access":{\n') or not lines:
            report.add(rel, "access_damaged", "is not an access log file", month=month)
            return
        expected, torn = 1, not raw.endswith(TAIL)
        for at, line in enumerate(lines):
            try:
                number, row = line_row(line)
            except ValueError:
                if torn and at == len(lines) - 1:  # the line a cut write left: named below
                    break
                report.add(
                    rel,
                    "access_entry_damaged",
                    "entry {n}: cannot be read",
                    month=month,
                    n=expected,
                )
                return
            what = _wrong(number, row, expected, prev)
            if what is not None:
                report.add(
                    rel,
                    f"access_{what}",
                    _MESSAGES[what],
                    month=month,
                    n=number,
                    expected=expected,
                    last=expected - 1,
                )
                return
            prev, expected = str(row["hash"]), number + 1
        if torn:
            report.add(
                rel,
                "access_unfinished",
                "the end of the file is unfinished (a write was cut short); the next view "
                "closes it",
                month=month,
            ).info = True


def _wrong(number: int, row: dict[str, object], expected: int, prev: str) -> str | None:
    """What is wrong with entry ``number``, or None."""
    if number != expected:
        return "missing" if number > expected else "order"
    try:
        own = digest(row)
    except TypeError:
        return "changed"
    if row.get("hash") != own:
        return "changed"
    if row.get("prev") != prev:
        return "unchained"
    return None


_MESSAGES = {
    "missing": "entry {n}: the numbers jump from {last} to {n}: the entries between were removed",
    "order": "entry {n} is out of order (entry {expected} was expected)",
    "changed": "entry {n} was changed after it was written (its hash does not match it)",
    "unchained": "entry {n} does not follow the entry before it: an entry before it was "
    "removed or changed",
}
