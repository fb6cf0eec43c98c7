"""A meeting's report corrected (store.meetings.update): the earlier text is kept in the
relationship's shard with who and when, a correction that changes nothing stores nothing, a
correction made on an older version is a conflict, and ``tuki check`` reads the history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from data.errors import ConflictError
from data.models import GoalProgress, Report
from data.storage.check import check
from data.store import Store
from tests import factories as f
from tests.storage.test_store_payments import active_since_september, at, meeting

USER = f.USER


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "d", clock=at(date(2026, 12, 4)))  # type: ignore[arg-type]


def test_a_correction_keeps_the_earlier_text(store: Store, tmp_path: Path) -> None:
    rel = active_since_september(store)
    logged = store.meetings.log(
        "maija",
        meeting(rel, date(2026, 10, 6), "12.5").model_copy(
            update={"report": Report(how_it_went="Kävimme kirjastossa.")}
        ),
    )
    report = Report(
        how_it_went="Kävimme kirjastossa.\nLuimme sarjakuvia.",
        wellbeing="Iloinen",
        progress=[GoalProgress(goal_id=1, note="Uskalsi kysyä")],
    )
    fixed = store.meetings.update("pekka", logged.model_copy(update={"report": report}))
    assert fixed.version == 2 and fixed.report.how_it_went.endswith("sarjakuvia.")
    assert store.meetings.of(rel.id or 0)[0].report == report
    (change,) = store.meetings.history(fixed)
    assert change.by == "pekka" and change.record_version == 2
    assert change.at.date() == date(2026, 12, 4)
    assert change.fields["report.how_it_went"] == (
        "Kävimme kirjastossa.",
        "Kävimme kirjastossa.\nLuimme sarjakuvia.",
    )
    assert change.fields["report.wellbeing"] == ("", "Iloinen")
    assert change.fields["report.progress"] == ([], [{"goal_id": 1, "note": "Uskalsi kysyä"}])
    assert set(change.fields) == {"report.how_it_went", "report.wellbeing", "report.progress"}
    # a second correction adds to the history; the first one stays as it was
    again = store.meetings.update(USER, fixed.model_copy(update={"place": "Kirjasto"}))
    first, second = store.meetings.history(again)
    assert first == change and second.fields == {"place": ("", "Kirjasto")}
    # stored in the relationship's shard, and tuki check reads it as valid
    shard = json.loads((tmp_path / "d" / "rel" / f"{rel.id}.json").read_text("utf-8"))
    assert len(shard["history"]) == 2
    assert check(store.records.engine).ok  # type: ignore[arg-type]


def test_a_correction_that_changes_nothing_stores_nothing(store: Store) -> None:
    rel = active_since_september(store)
    logged = store.meetings.log(USER, meeting(rel, date(2026, 10, 6), "12.5"))
    same = store.meetings.update("pekka", logged.model_copy())
    assert same.version == 1 and same.changed_by == USER
    assert store.meetings.history(logged) == []
    assert store.meetings.of(rel.id or 0)[0].version == 1


def test_a_correction_of_an_older_version_is_a_conflict(store: Store) -> None:
    rel = active_since_september(store)
    logged = store.meetings.log(USER, meeting(rel, date(2026, 10, 6), "12.5"))
    store.meetings.update("pekka", logged.model_copy(update={"activity": "uimahalli"}))
    with pytest.raises(ConflictError):
        store.meetings.update("maija", logged.model_copy(update={"activity": "keilaus"}))
    (stored,) = store.meetings.of(rel.id or 0)
    assert stored.activity == "uimahalli" and stored.version == 2
    assert len(store.meetings.history(stored)) == 1
