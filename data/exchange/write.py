"""The export's files: one per kind, as CSV for a Finnish spreadsheet, XLSX or JSON.

CSV: ``;`` between fields, the decimal comma, dates as 22.11.2026, UTF-8 with a byte-order
mark (``data/outputs/sheet.py``). XLSX: one workbook per kind (the same files as the CSV, each
one importable as it is), dates and sums as real dates and numbers. In both a text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is shown as typed, never run: the CSV puts an apostrophe before it, the XLSX
keeps it a text cell marked "quote prefix" (Excel's own way of saying: text, even when edited).
A list is its items separated by commas; a yes or no is a word of the user's language.
JSON: every record whole, keys sorted, one file per kind.

Each file is written row by row as the snapshot reads them (a national folder's meetings are
a million rows), into ``.<name>.part`` beside it (0600, never through a link), then renamed
into place: a file of the export is whole or not there.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import orjson

from data.exchange.columns import KINDS, Column, Value, imported
from data.exchange.snapshot import Snapshot
from data.outputs.sheet import BOM, FORMULA_START, cell, safe_text

FORMATS = ("csv", "xlsx", "json")
Header = Callable[[str], str]  # a column's key -> its header in the user's language
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def file_name(kind: str, fmt: str) -> str:
    return f"{kind}.{fmt}"


def _text(value: Value, yes_no: tuple[str, str]) -> Value:
    """A cell's value as the CSV writer takes it (a yes/no as its word, a list joined)."""
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if isinstance(value, list):
        return ", ".join(value)
    return value


_FORMULA = frozenset(FORMULA_START)


def csv_cell(value: Value, yes_no: tuple[str, str]) -> str:
    """A cell's text in the CSV (as ``sheet.cell`` writes it, a yes/no as its word and a list
    joined by commas), the common types first: a million meetings' cells go through here."""
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        return "'" + text if text and text[0] in _FORMULA else text
    if value is None:
        return ""
    if kind is bool:
        return yes_no[0] if value else yes_no[1]
    if kind is list:
        return safe_text(", ".join(value))  # type: ignore[arg-type]
    return cell(value)  # type: ignore[arg-type]


def write_csv(
    handle: IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Any],
    header: Header,
    yes_no: tuple[str, str],
) -> int:
    """The rows as CSV into ``handle``; how many rows."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=False)
    text.write(BOM)
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(header(c.key)) for c in columns])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(c.value(row), yes_no) for c in columns])
        count += 1
    text.flush()
    text.detach()
    return count


def write_xlsx(
    target: str | IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Any],
    header: Header,
    yes_no: tuple[str, str],
    sheet: str,
) -> int:
    """The rows as a workbook of one sheet, into a file name (row by row, little memory) or a
    file object; how many rows."""
    import xlsxwriter

    mode = {"constant_memory": True} if isinstance(target, str) else {"in_memory": True}
    book = xlsxwriter.Workbook(target, {**mode, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "d.m.yyyy"})
    quoted = book.add_format({"quote_prefix": True})
    ws = book.add_worksheet(_sheet_name(sheet))
    for x, column in enumerate(columns):
        ws.write_string(0, x, header(column.key), bold)
    ws.freeze_panes(1, 0)
    y = 0
    for y, record in enumerate(rows, 1):
        for x, column in enumerate(columns):
            value = _text(column.value(record), yes_no)
            if value is None or value == "":
                continue
            if isinstance(value, date):
                ws.write_datetime(y, x, value, day)
            elif isinstance(value, int | Decimal):
                ws.write_number(y, x, float(value))
            elif str(value).startswith(FORMULA_START):
                ws.write_string(y, x, str(value), quoted)  # shown and kept as text, never run
            else:
                ws.write_string(y, x, str(value))
    book.close()
    return y


def _sheet_name(name: str) -> str:
    """A worksheet's name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip("' ")
    return cleaned[:31] or "Tuki"


def write_json(handle: IO[bytes], records: Iterable[dict[str, Any]]) -> int:
    """The records as one JSON list, each with its keys sorted; how many."""
    count = 0
    handle.write(b"[")
    for record in records:
        handle.write(b",\n" if count else b"\n")
        handle.write(orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))
        count += 1
    handle.write(b"\n]\n")
    return count


def export(
    snap: Snapshot,
    fmt: str,
    out: Path,
    header: Header,
    yes_no: tuple[str, str],
    title: Callable[[str], str],
    *,
    force: bool = False,
) -> dict[str, int]:
    """Every kind's file written into ``out``; how many rows each."""
    counts: dict[str, int] = {}
    for kind, columns in KINDS.items():
        final = out / file_name(kind, fmt)
        part = out / f".{final.name}.part"
        with contextlib.suppress(FileNotFoundError):
            part.unlink()  # (left by an export that was killed)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                if fmt == "json":
                    counts[kind] = write_json(handle, snap.dumps(kind))
                elif fmt == "xlsx":
                    counts[kind] = write_xlsx(
                        str(part), columns, snap.rows(kind), header, yes_no, title(kind)
                    )
                else:
                    counts[kind] = write_csv(handle, columns, snap.rows(kind), header, yes_no)
                handle.flush()
                os.fsync(handle.fileno())
            if not force and (final.exists() or final.is_symlink()):
                raise FileExistsError(final)
            os.replace(part, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
            raise
    return counts


def template(kind: str, fmt: str, header: Header, title: str) -> bytes:
    """A file with the headers an import of ``kind`` reads, and no rows."""
    out = io.BytesIO()
    if fmt == "xlsx":
        write_xlsx(out, imported(kind), [], header, ("", ""), title)
    else:
        write_csv(out, imported(kind), [], header, ("", ""))
    return out.getvalue()


__all__ = ["FORMATS", "export", "file_name", "template", "write_csv", "write_json", "write_xlsx"]
