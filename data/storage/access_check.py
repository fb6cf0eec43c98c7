"""``tuki check`` of the access log: every month's chain, and the first entry that breaks it.

Each entry must parse, carry the next number, hash to its own ``hash`` and point back at the
hash of the entry before it (the first of a month at the last of the month file before it, the
folder's very first at ``START``). The first entry that does not is named with its month file,
its number and what is wrong (``access_*`` findings, worded by the faces as ``check.<code>``);
the chain is not judged past it. A month whose end is not whole (a write cut short) is named
too: the next view closes it again.

The chain cannot show entries removed from its very end (or a newest month file removed
whole): the head kept beside it (``access/head.json``) can. Its entry must still be in its
month file, with the same hash: a log shorter than its head, or whose entry there is another,
is named. A log without a head (a folder from before it was kept, or the file removed) is said
as a note; the next view writes it. Someone who removes the entries and writes the head anew
(or rewrites the whole chain) is not found: the hashes are no secret (see the README).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from data.model.access import START, digest
from data.storage.access_log import (
    TAIL,
    AccessLog,
    DiskFiles,
    line_row,
    month_lines,
    read_head,
)
from data.storage.aside import ACCESS_DIR

if TYPE_CHECKING:  # (report.py calls this module: no import circle)
    from data.storage.engine import Engine
    from data.storage.report import Report


def check_access(engine: Engine, report: Report) -> None:
    """Verify the access log of ``engine``'s folder; the findings go into ``report``."""
    log = AccessLog(DiskFiles(engine.folder, file_mode=0o600, dir_mode=0o700, durable=False))
    _check_chain(log, report)
    check_head(log, report)


def access_texts(engine: Engine) -> list[str]:
    """``check_access``'s findings as texts (JSON), to come from a forked child
    (``forked.meanwhile``: ``tuki check`` verifies the chain while it reads the folder)."""
    from data.storage.files import paused_gc
    from data.storage.report import Report

    found = Report()
    with paused_gc():  # (121,864 entries parsed and dropped at national scale: no cycles)
        check_access(engine, found)
    return [orjson.dumps(vars(finding)).decode() for finding in found.findings]


def add_access(report: Report, texts: list[str]) -> None:
    """The findings ``access_texts`` gave, into ``report``."""
    from data.storage.report import Finding

    report.findings += [Finding(**orjson.loads(text)) for text in texts]


def _check_chain(log: AccessLog, report: Report) -> None:
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


def check_head(log: AccessLog, report: Report) -> None:
    """The head kept beside the log against the log: its entry must still be there."""
    rel = f"{ACCESS_DIR}/head.json"
    try:  # (the head first, the log after it: a view meanwhile only makes the log longer)
        head = read_head(log.files)
    except ValueError:
        report.add(
            rel,
            "access_head_damaged",
            "the record of the access log's last entry (head.json) is damaged",
        )
        return
    months = log.files.months()
    if head is None:
        if months:
            report.add(
                rel,
                "access_no_head",
                "the access log's last entry is not recorded beside it, so entries removed from "
                "its end could not be seen; the next view records it",
            ).info = True
        return
    month, number, last = head
    rel = f"{ACCESS_DIR}/{month}.json"
    if month not in months:
        report.add(
            rel,
            "access_month_removed",
            "the access log's file of {month} was removed: its last entry written was {n}",
            month=month,
            n=number,
        )
        return
    found = _entry(log, month, number)
    if found is None:
        kept = _last_number(log, month)
        report.add(
            rel,
            "access_tail_removed",
            "the last entries of the access log were removed: the log ends at entry {last} "
            "of {month}, but entry {n} was written",
            month=month,
            n=number,
            last=kept,
        )
    elif found != last:
        report.add(
            rel,
            "access_head_differs",
            "entry {n} of the access log is not the one written (its hash is not the one "
            "kept beside the log): entries were written anew",
            month=month,
            n=number,
        )


def _entry(log: AccessLog, month: str, number: int) -> str | None:
    """The stored hash of entry ``number`` of the month file, None when it is not there."""
    try:
        lines = list(month_lines(log.files.read(month)))
    except OSError:
        return None
    for line in reversed(lines):
        try:
            got, row = line_row(line)
        except ValueError:
            continue
        if got == number:
            return str(row.get("hash"))
        if got < number:
            return None
    return None


def _last_number(log: AccessLog, month: str) -> int:
    try:
        lines = list(month_lines(log.files.read(month)))
    except OSError:
        return 0
    for line in reversed(lines):
        try:
            return line_row(line)[0]
        except ValueError:
            continue
    return 0


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
