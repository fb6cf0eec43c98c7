"""A spreadsheet to import: its rows, numbered as the spreadsheet numbers them, and its columns
matched by name.

CSV: UTF-8 (a byte-order mark or not), the separator found from the header line (``;`` as
Finnish Excel writes it, else ``,`` or a tab); an apostrophe that the export put before a text
that starts like a formula is taken off again. XLSX: the first sheet, read with
python-calamine (dates and numbers as the cells hold them). The header row is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.outputs.sheet import BOM, FORMULA_START


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet: ``code`` says why (``read.<code>``)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (the spreadsheet's row number, its cells)


@dataclass
class Matched:
    """Which column of the file holds which key."""

    at: dict[str, int] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)  # key -> the header as in the file
    unknown: list[str] = field(default_factory=list)  # headers of no known column
    twice: list[str] = field(default_factory=list)  # keys named by two headers


def normal(header: str) -> str:
    """A header as compared: case, spaces and underscores make no difference."""
    return "".join(ch for ch in header.casefold() if not ch.isspace() and ch not in "_-*")


def match(headers: list[str], aliases: Mapping[str, str]) -> Matched:
    """``aliases``: a normal()-ised header -> its column key."""
    found = Matched()
    for at, text in enumerate(headers):
        text = str(text).strip()
        if not text:
            continue
        key = aliases.get(normal(text))
        if key is None:
            found.unknown.append(text)
        elif key in found.at:
            found.twice.append(text)
        else:
            found.at[key] = at
            found.header[key] = text
    return found


def read(path: Path) -> Sheet:
    suffix = path.suffix.casefold()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("missing", file=str(path)) from None
    except IsADirectoryError:
        raise UnreadableFile("missing", file=str(path)) from None
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _sheet(_xlsx_rows(raw, path))
    if suffix in (".csv", ".txt"):
        return _sheet(_csv_rows(raw, path))
    raise UnreadableFile("format", file=path.name)


def _sheet(rows: list[list[Any]]) -> Sheet:
    if not rows:
        raise UnreadableFile("empty")
    body = [(n, cells) for n, cells in enumerate(rows[1:], 2) if any(_filled(c) for c in cells)]
    return Sheet([str(h) if h is not None else "" for h in rows[0]], body)


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _csv_rows(raw: bytes, path: Path) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile("encoding", file=path.name) from None
    text = text.removeprefix(BOM)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [[_unquoted(cell) for cell in row] for row in rows]


def _unquoted(cell: str) -> str:
    """The export's apostrophe before a formula-like text taken off."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell


def _xlsx_rows(raw: bytes, path: Path) -> list[list[Any]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, IndexError):
        raise UnreadableFile("xlsx", file=path.name) from None
    return [list(row) for row in rows]
