"""The export's files: one per kind, as CSV for a Finnish spreadsheet, XLSX or JSON.

CSV: ``;`` between fields, the decimal comma, dates as 22.11.2026, UTF-8 with a byte-order
mark (``data/outputs/sheet.py``). XLSX: one workbook per kind (the same files as the CSV, each
one importable as it is), dates and sums as real dates and numbers. In both a text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is shown as typed, never run: the CSV puts an apostrophe before it, the XLSX
keeps it a text cell marked "quote prefix" (Excel's own way of saying: text, even when edited).
A list is its items separated by commas; a yes or no is a word of the user's language.
JSON: every record whole, keys sorted, one file per kind.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import orjson

from data.exchange.columns import KINDS, Column, Value
from data.exchange.snapshot import Snapshot
from data.outputs.sheet import FORMULA_START, safe_text, to_csv

FORMATS = ("csv", "xlsx", "json")
Header = Callable[[str], str]  # a column's key -> its header in the user's language


def file_name(kind: str, fmt: str) -> str:
    return f"{kind}.{fmt}"


def _text(value: Value, yes_no: tuple[str, str]) -> Value:
    """A cell's value as the CSV writer takes it (a yes/no as its word, a list joined)."""
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if isinstance(value, list):
        return ", ".join(value)
    return value


def csv_bytes(
    columns: Sequence[Column], rows: Sequence[Any], header: Header, yes_no: tuple[str, str]
) -> bytes:
    return to_csv(
        [header(c.key) for c in columns],
        ([_text(c.value(r), yes_no) for c in columns] for r in rows),  # type: ignore[misc]
    )


def xlsx_bytes(
    columns: Sequence[Column],
    rows: Sequence[Any],
    header: Header,
    yes_no: tuple[str, str],
    sheet: str,
) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "d.m.yyyy"})
    text = book.add_format({"quote_prefix": True})
    ws = book.add_worksheet(_sheet_name(sheet))
    for x, column in enumerate(columns):
        ws.write_string(0, x, header(column.key), bold)
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
                ws.write_string(y, x, str(value), text)  # shown and kept as text, never run
            else:
                ws.write_string(y, x, str(value))
    ws.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def _sheet_name(name: str) -> str:
    """A worksheet's name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip("' ")
    return cleaned[:31] or "Tuki"


def json_bytes(snap: Snapshot, kind: str) -> bytes:
    return (
        orjson.dumps(list(snap.dumps(kind)), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
        + b"\n"
    )


def files(
    snap: Snapshot,
    fmt: str,
    header: Header,
    yes_no: tuple[str, str],
    title: Callable[[str], str],
) -> dict[str, bytes]:
    """Every kind's file: its name and its bytes."""
    out: dict[str, bytes] = {}
    for kind, columns in KINDS.items():
        if fmt == "json":
            data = json_bytes(snap, kind)
        elif fmt == "xlsx":
            data = xlsx_bytes(columns, snap.rows(kind), header, yes_no, title(kind))
        else:
            data = csv_bytes(columns, snap.rows(kind), header, yes_no)
        out[file_name(kind, fmt)] = data
    return out


def template(kind: str, fmt: str, header: Header, title: str) -> bytes:
    """A file with the headers an import of ``kind`` reads, and no rows."""
    from data.exchange.columns import imported

    columns = imported(kind)
    if fmt == "xlsx":
        return xlsx_bytes(columns, [], header, ("", ""), title)
    return csv_bytes(columns, [], header, ("", ""))


__all__ = ["FORMATS", "csv_bytes", "file_name", "files", "safe_text", "template"]
