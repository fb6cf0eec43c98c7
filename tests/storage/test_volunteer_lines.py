"""The volunteers list's lines (``data/store/volunteer_lines.py``): the same answers as the
validated records, the same lines while the file is unchanged, a change of another Store seen,
a record that is not valid refused as a list of the records refuses it, no model kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from data.models import Step, Volunteer
from data.storage.files import InvalidRecordError
from data.store import Store
from data.store.volunteer_lines import VolunteerLine
from tests.console_helpers import demo_store
from tui.screens.volunteers import VolunteersScreen, haystack, matches

USER = "testaaja"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return demo_store(tmp_path / "d").folder


def answers(v: Volunteer | VolunteerLine) -> tuple[Any, ...]:
    """Everything the volunteers list asks of a volunteer."""
    return (
        v.id,
        v.name,
        v.first_name,
        v.last_name,
        v.kind,
        v.area,
        v.municipality,
        v.state,
        v.capacity,
        v.approved,
        v.in_vetting,
        haystack(v),
        *(matches(v, name) for name in VolunteersScreen.FILTERS),
    )


def test_the_lines_answer_as_the_records_and_no_model_is_kept(folder: Path) -> None:
    store = Store.open(folder)
    lines = store.lists.volunteers()
    records = Store.open(folder).records.list(Volunteer)
    assert [answers(line) for line in lines] == [answers(v) for v in records]
    assert {line.state for line in lines} >= {Step.APPROVED, Step.APPLIED}
    assert not store.records._models  # the models were let go
    again = store.lists.volunteers()
    assert again == lines and all(a is b for a, b in zip(again, lines, strict=True))


def test_a_change_by_another_store_is_seen(folder: Path) -> None:
    store = Store.open(folder)
    before = store.lists.volunteers()
    other = Store.open(folder)
    v = other.records.get(Volunteer, before[0].id)
    other.records.update(USER, v.model_copy(update={"area": "Uusi alue", "capacity": 3}))
    after = store.lists.volunteers()
    assert after[0].area == "Uusi alue" and after[0].capacity == 3
    assert [answers(line) for line in after] == [
        answers(v) for v in Store.open(folder).records.list(Volunteer)
    ]


def test_a_volunteer_stored_damaged_is_refused_as_the_records_are(folder: Path) -> None:
    path = folder / "volunteers.json"
    doc = orjson.loads(path.read_bytes())
    row = next(iter(doc["volunteers"].values()))
    row["capacity"] = "many"
    path.write_bytes(orjson.dumps(doc))
    with pytest.raises(InvalidRecordError) as listed:
        Store.open(folder).records.list(Volunteer)
    with pytest.raises(InvalidRecordError) as lined:
        Store.open(folder).lists.volunteers()
    assert str(lined.value) == str(listed.value)
