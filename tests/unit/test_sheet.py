"""The CSV files Tuki writes open right in a Finnish spreadsheet and never run a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from data.outputs.sheet import cell, to_csv


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_semicolons_decimal_comma_finnish_dates_and_the_letters() -> None:
    data = to_csv(
        ["Tukihenkilö", "Päivä", "Summa", "Km"],
        [
            ["Mäkelä; Åsa", date(2026, 11, 22), Decimal("1234.50"), 12],
            ['Öberg "Ökö"', None, Decimal("-5.00"), 0],
        ],
    )
    rows = read_back(data)
    assert rows == [
        ["Tukihenkilö", "Päivä", "Summa", "Km"],
        ["Mäkelä; Åsa", "22.11.2026", "1234,50", "12"],
        ['Öberg "Ökö"', "", "-5,00", "0"],  # a negative sum stays a number
    ]
    assert b"\r\n" in data


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://x")', "+358 40 123", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(typed: str) -> None:
    [_, [got]] = read_back(to_csv(["Nimi"], [[typed]]))
    assert got == "'" + typed
    assert cell("Mäkelä") == "Mäkelä"


def test_a_yes_or_no_must_be_written_in_words() -> None:
    with pytest.raises(TypeError):
        cell(True)
