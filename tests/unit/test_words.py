"""One word for one thing: a palaveri's kind is named by one catalog entry (``agenda.kind.*``
of the documents' catalog), which the start screen's alerts, the runner and the minutes show."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from data import texts
from data.models import PalaveriKind
from data.outputs import minutes
from data.rules import agendas
from data.rules.alerts import Alert, AlertKind, Subject
from data.store import Store
from tests.unit.test_minutes import finished_start
from tui import i18n
from tui.i18n import catalogs
from tui.listing import alert_text


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


@pytest.fixture(autouse=True)
def finnish() -> object:
    yield
    i18n.set_language("fi")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_faces_catalog_has_no_second_name_for_a_palaveri(lang: str) -> None:
    keys = catalogs.texts(lang)
    assert not [k for k in keys if k.startswith(("palaveri.kind.", "relationship.palaveri."))]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_alerts_and_minutes_name_a_palaveri_by_the_same_entry(
    lang: str, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = texts.palaveri_title  # what agendas.title and the alerts both read
    monkeypatch.setattr(texts, "palaveri_title", lambda kind, lang: f"<{shared(kind, lang)}>")
    i18n.set_language(lang)
    review = f"<{shared(PalaveriKind.REVIEW, lang)}>"
    for kind in (AlertKind.REVIEW_DUE, AlertKind.REVIEW_OVERDUE):
        alert = Alert(kind, Subject("relationship", 1, "A – B"), date(2026, 1, 1))
        alert.detail.update(days=3, due="1.2.2026")
        assert alert_text(alert).startswith(review)
    rel, palaveri = finished_start(store)
    md = minutes.minutes_markdown(store, rel.id, palaveri.id, lang)  # type: ignore[arg-type]
    assert f": <{shared(PalaveriKind.START, lang)}>\n" in md.splitlines(keepends=True)[0]
    assert i18n.palaveri_kind(PalaveriKind.START) == f"<{shared(PalaveriKind.START, lang)}>"


def test_the_finnish_names_are_the_domains() -> None:
    names = [agendas.title(k, "fi") for k in PalaveriKind]
    assert names == [
        "Aloitustapaaminen",
        "Tarkistuspalaveri",
        "Päättämispalaveri",
        "Asiakassuunnitelmapalaveri",
        "Kriisitapaaminen",
    ]
    shown = catalogs.texts("fi")
    assert shown["step.extract_shown"] == shown["matching.value.extract_shown"]


def test_a_concerns_age_is_told_in_days_past_two_days() -> None:
    assert [i18n.age(h) for h in (0, 47, 48, 654)] == ["0 h", "47 h", "2 pv", "27 pv"]
    i18n.set_language("sv")
    assert i18n.age(654) == "27 dagar"
    i18n.set_language("en")
    assert (i18n.age(24 * 1), i18n.age(49)) == ("24 h", "2 days")
    alert = Alert(AlertKind.CONCERN_UNNOTIFIED, Subject("concern", 1, "A"), date(2026, 1, 1))
    alert.detail.update(hours=654, urgency="urgent")
    assert "(27 days since noticed)" in alert_text(alert)


def test_a_palaveri_named_inside_a_sentence_is_written_small() -> None:
    """'Päätetäänkö tarkistuspalaveri …', not 'Päätetäänkö Tarkistuspalaveri …'."""
    i18n.set_language("fi")
    assert i18n.palaveri_kind(PalaveriKind.REVIEW, in_sentence=True) == "tarkistuspalaveri"
    assert i18n.palaveri_kind(PalaveriKind.REVIEW) == "Tarkistuspalaveri"
