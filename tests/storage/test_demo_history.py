"""The demo keeps a few changes (``data/demo/changes.py``), made through the Store by the demo's
coordinators at past moments: ``h`` and ``tuki history`` show them on the demo's first client
and its relationship, and a concern's follow-up; the folder still checks clean."""

from __future__ import annotations

from datetime import datetime

import pytest

from data.dates import HELSINKI
from data.demo import generate
from data.models import Client, Concern, Relationship
from data.storage.check import check
from data.store import Store
from tests.console_helpers import TODAY
from tui import i18n
from tui.history_text import text_lines


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("demo") / "d"
    generate(folder, scale="small", seed=1, today=TODAY, admin="admin")
    return Store.open(folder)


def test_the_first_client_and_its_relationship_show_their_changes(store: Store) -> None:
    i18n.set_language("fi")
    first = min(store.records.list(Client), key=lambda c: c.id or 0)
    (change,) = store.records.history("client", first.id or 0)
    assert change.by == "sanna.k" and set(change.fields) == {"school_class"}
    old, new = change.fields["school_class"]
    assert new == first.school_class and old != new
    assert f"  Luokka: {old} → {new}" in text_lines(store, "client", str(first.id))
    rel = min(
        (r for r in store.records.list(Relationship) if r.client_id == first.id),
        key=lambda r: r.id or 0,
    )
    (state,) = store.records.history("relationship", rel.id or 0)
    assert state.by == "mikko.l" and state.fields["state"][1] == rel.state.value
    assert rel.history[-1].by == "mikko.l"  # the state change as the Store recorded it
    concern = next(c for c in store.records.list(Concern) if c.version == 2)
    (followed,) = store.records.history("concern", concern.id or 0)
    assert set(followed.fields) == {"follow_ups"}
    now = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=HELSINKI)
    for c in (change, state, followed):
        assert c.at < now and c.record_version == 2
    assert {change.by, state.by} == {"sanna.k", "mikko.l"}


def test_the_demo_with_its_history_checks_clean(store: Store) -> None:
    assert check(store.engine).findings == []
