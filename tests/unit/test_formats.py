"""What Tuki shows, its forms read back: dates, times, sums and decimals in fi, sv and en."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from data.outputs.minutes import _clock
from tui import i18n
from tui.widgets.form import BadValue, parse_date, parse_decimal, parse_time

LANGS = ["fi", "sv", "en"]


@pytest.fixture(autouse=True)
def finnish() -> Iterator[None]:
    yield
    i18n.set_language("fi")


@pytest.mark.parametrize("lang", LANGS)
def test_what_is_shown_parses_back(lang: str) -> None:
    i18n.set_language(lang)
    for day in (date(2026, 11, 22), date(2016, 2, 29), date(2027, 1, 1)):
        assert parse_date(i18n.day(day)) == day
    for at in (time(14, 5), time(0, 0), time(9, 30), time(23, 59)):
        shown = i18n.clock(at)
        assert parse_time(shown) == at
        assert _clock(at, lang) == shown  # the minutes write it as the console does
    for sum_ in ("1234.50", "96.70", "0.05", "54.50", "100000"):
        assert parse_decimal(i18n.money(Decimal(sum_))) == Decimal(sum_)
    for value in ("0.6", "1.5", "1234.56", "12"):
        assert parse_decimal(i18n.number(Decimal(value), 2)) == Decimal(value)


@pytest.mark.parametrize("lang", LANGS)
def test_a_time_of_day_is_shown_as_babels_short_format(lang: str) -> None:
    """``i18n.clock`` writes the time itself (no command loads Babel to show one): the same
    text as Babel's short format in the language's locale, every minute of the day, with
    seconds and a time zone left aside."""
    from babel.dates import format_time

    i18n.set_language(lang)
    for minute in range(24 * 60):
        at = time(minute // 60, minute % 60, 59)
        assert i18n.clock(at) == format_time(at, "short", locale=i18n.locale())
    moment = datetime(2026, 11, 22, 7, 3, 10, tzinfo=UTC)
    assert i18n.clock(moment.replace(tzinfo=None)) == "7.03"


@pytest.mark.parametrize("lang", LANGS)
def test_times_sizes_and_durations_use_the_languages_decimal_mark(lang: str) -> None:
    i18n.set_language(lang)
    assert i18n.clock(time(14, 5)) == "14.05"
    assert "0,6" in i18n.seconds(0.6) and "0.6" not in i18n.seconds(0.6)
    assert i18n.size(1572864).startswith("1,5")
    assert i18n.number(0.6) == "0,6"


def test_the_money_parser_reads_tukis_own_sums() -> None:
    assert parse_decimal("1 234,50 €") == Decimal("1234.50")
    assert parse_decimal("1\u00a0234,50\u00a0€") == Decimal("1234.50")
    assert parse_decimal("96.70") == Decimal("96.70")
    for bad in ("1e5", "abc", "1,2,3", "NaN", "٣"):
        with pytest.raises(BadValue):
            parse_decimal(bad)


def test_a_day_that_does_not_exist_is_told_so() -> None:
    with pytest.raises(BadValue) as exc:
        parse_date("31.2.2016")
    assert "31.2.2016" in str(exc.value) and "22.11.2026" not in str(exc.value)
    with pytest.raises(BadValue) as exc:
        parse_date("31/2/2016")
    assert "22.11.2026" in str(exc.value)
