"""CSV files that open right in a Finnish spreadsheet and never run as formulas.

Finnish Excel reads a CSV by the regional settings: fields separated by semicolons, the
decimal comma, and UTF-8 only when the file starts with a byte-order mark (without it,
"Mäkelä" shows as "MÃ¤kelÃ¤"). A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or a carriage return) is run as a formula when opened ("CSV injection"): a name or a note
typed as ``=HYPERLINK(...)`` would become a link. Such text gets a leading apostrophe, which
the spreadsheet shows as text; numbers, sums and dates are written as values, so a negative
sum stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from data.dates import fi_date

Cell = str | int | Decimal | date | None

BOM = "\ufeff"
#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Cell) -> str:
    """One value as the spreadsheet should read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("write a yes/no as a word of the document's language")
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        raise TypeError("write a moment as its date and time in words")
    if isinstance(value, date):
        return fi_date(value)
    return safe_text(value)


def safe_text(text: str) -> str:
    """Text that a spreadsheet shows as typed, never runs."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The file: a byte-order mark, the header, one line per row; CRLF line ends."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8")
