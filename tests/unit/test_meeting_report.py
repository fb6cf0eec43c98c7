"""The report to the child's own social worker: the period's meetings with their reports,
cancellations with reasons, the goals and their progress; Markdown and PDF say the same."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from data.errors import TukiError
from data.models import (
    CancelReason,
    Goal,
    GoalProgress,
    Meeting,
    MeetingStatus,
    Relationship,
    Report,
)
from data.outputs import document, meeting_report
from data.store import Store
from tests import factories as f
from tests.unit.test_minutes import pdf_text, words

USER = f.USER


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


def with_meetings(store: Store) -> tuple[Relationship, date]:
    rel = f.active(store, start_days_ago=120)
    start = f.ago(100)
    goal = Goal(id=1, text="Uimataito kehittyy", set_on=start)
    rel = store.records.update(USER, rel.model_copy(update={"goals": [goal]}))
    assert rel.id is not None
    log = store.meetings.log
    log(
        USER,
        Meeting(
            relationship_id=rel.id,
            on=start,
            activity="uimahalli",
            duration_min=90,
            report=Report(
                how_it_went="Hyvin; =SUM(A1)",
                progress=[GoalProgress(goal_id=1, note="Uskalsi sukeltaa")],
            ),
            km=Decimal("12.5"),
            costs=Decimal("5.00"),
        ),
    )
    log(
        USER,
        Meeting(
            relationship_id=rel.id,
            on=start + timedelta(days=14),
            status=MeetingStatus.CANCELLED,
            cancel_reason=CancelReason.CHILD_ILL,
        ),
    )
    log(
        USER,
        Meeting(
            relationship_id=rel.id,
            on=start + timedelta(days=30),
            activity="kirjasto",
            duration_min=60,
            place="Kotkan pääkirjasto",
        ),
    )
    log(USER, Meeting(relationship_id=rel.id, on=start + timedelta(days=60), activity="elokuvat"))
    return rel, start


def test_the_period_meetings_reports_cancellations_and_goals(store: Store) -> None:
    rel, start = with_meetings(store)
    end = start + timedelta(days=45)  # the fourth meeting is after the period
    md = meeting_report.report_markdown(store, rel.id, start, end, f.today(), "fi")  # type: ignore[arg-type]
    day = document_day = f"{start.day}.{start.month}.{start.year}"
    assert md.startswith("# Tapaamisraportti: ")
    assert f"- Jakso: {day}–" in md and document_day in md
    assert "- Uimataito kehittyy (asetettu " in md
    assert "Pidettyjä tapaamisia: 2 (2,5 tuntia) · peruttuja: 1 (lapsi sairastui 1)" in md
    assert "uimahalli · 90 min" in md and "Miten meni: Hyvin; =SUM(A1)" in md
    assert "- Uimataito kehittyy: Uskalsi sukeltaa" in md
    assert "peruttu: lapsi sairastui" in md
    assert "Paikka: Kotkan pääkirjasto" in md
    assert "Tapaamisesta ei ole kirjoitettu raporttia." in md  # the library: no report text
    assert "elokuvat" not in md
    assert "12,5" not in md and "5,00" not in md  # kilometres and costs are the payments'


def test_the_pdf_says_what_the_markdown_says(store: Store) -> None:
    rel, start = with_meetings(store)
    end = f.today()
    md = meeting_report.report_markdown(store, rel.id, start, end, end, "sv")  # type: ignore[arg-type]
    pdf = meeting_report.report_pdf(store, rel.id, start, end, end, "sv")  # type: ignore[arg-type]
    text = words(pdf_text(pdf))
    assert "KONFIDENTIELLT" in text and "Sida 1/1" in text
    for line in md.splitlines():
        plain = words(line.lstrip("#- "))
        if plain:
            assert plain in text, plain


def test_a_period_that_ends_before_it_starts_is_refused(store: Store) -> None:
    rel, start = with_meetings(store)
    with pytest.raises(TukiError) as refused:
        meeting_report.report_markdown(store, rel.id, start, start - timedelta(days=1), start)  # type: ignore[arg-type]
    assert refused.value.code == "period_backwards"


def test_an_empty_period_says_so() -> None:
    rel = Relationship.model_construct(id=3, goals=[])
    blocks = meeting_report.report_blocks(
        rel, [], "A", "B", date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), "en"
    )
    text = document.to_text(blocks)
    assert "No meetings were logged in the period." in text and "No goals recorded." in text
