"""What a short command (``tuki log``) reads: one relationship's facts, not every one's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from data.errors import NotFound
from data.models import Meeting
from data.storage import derived
from data.store import Store
from tests import factories


def test_logging_a_meeting_builds_the_facts_of_its_relationship_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(tmp_path / "d")
    rels = [factories.active(store) for _ in range(3)]
    built: list[str] = []
    original = derived.load_relationship

    def counted(key: str, row: dict[str, Any]) -> Any:
        built.append(key)
        return original(key, row)

    monkeypatch.setattr(derived, "load_relationship", counted)
    fresh = Store.open(tmp_path / "d")  # as a new process
    rid = rels[1].id or 0
    saved = fresh.meetings.log(factories.USER, Meeting(relationship_id=rid, on=factories.ago(1)))
    assert built == [str(rid)]
    assert fresh.meetings.of(rid)[-1] == saved
    with pytest.raises(NotFound):
        fresh.meetings.log(factories.USER, Meeting(relationship_id=9999, on=factories.ago(1)))
