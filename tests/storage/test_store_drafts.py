"""store.drafts: a user's unsaved forms, kept beside the register on both engines."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from data.dates import HELSINKI
from data.errors import Refused
from data.models import Client
from data.storage.check import check
from data.store import Store
from data.store.drafts import LOST
from tests import factories as f
from tests.engines import make_store, reopen

MOMENT = datetime(2026, 12, 4, 14, 5, tzinfo=HELSINKI)
VALUES: dict[str, Any] = {
    "in-first_name": "Eetu",
    "in-kind": "child",
    "in-firm": ["gender", "age"],
    "in-has_car": True,
    "in-pref_gender": None,
}


@pytest.fixture
def store(any_store: Store) -> Store:
    """Both engines, with a clock that stands still (the draft's moment is the Store's)."""
    return Store(any_store.engine, clock=lambda: MOMENT)


def test_a_draft_is_kept_per_user_and_form_and_read_back_after_a_restart(store: Store) -> None:
    kept = store.drafts.put("anna", "client:new", VALUES)
    assert kept.saved_at == MOMENT and kept.version is None
    store.drafts.put("anna", "client:17", {"in-school": "Karhula"}, version=3)
    store.drafts.put("bertil", "client:new", {"in-first_name": "Other"})

    again = Store(reopen(store).engine, clock=lambda: MOMENT)  # another process, nothing cached
    draft = again.drafts.get("anna", "client:new")
    assert draft is not None
    assert draft.values == VALUES and draft.saved_at == MOMENT and draft.user == "anna"
    edit = again.drafts.get("anna", "client:17")
    assert edit is not None and edit.version == 3 and edit.values == {"in-school": "Karhula"}
    assert {d.key for d in again.drafts.list("anna")} == {"client:new", "client:17"}
    # one user never sees another's
    bertil = again.drafts.get("bertil", "client:new")
    assert bertil is not None and bertil.values == {"in-first_name": "Other"}
    assert again.drafts.get("cecilia", "client:new") is None
    assert again.drafts.list("cecilia") == []


def test_putting_again_replaces_the_draft_and_drop_forgets_it(store: Store) -> None:
    store.drafts.put("anna", "meeting:r12", {"in-activity": "Uimahalli"})
    later = Store(store.engine, clock=lambda: MOMENT + timedelta(minutes=3))
    later.drafts.put("anna", "meeting:r12", {"in-activity": "Uimahalli ja kahvila"})
    drafts = store.drafts.list("anna")
    assert [(d.key, d.values["in-activity"]) for d in drafts] == [
        ("meeting:r12", "Uimahalli ja kahvila")
    ]
    assert drafts[0].saved_at == MOMENT + timedelta(minutes=3)
    assert store.drafts.drop("anna", "meeting:r12") is True
    assert store.drafts.get("anna", "meeting:r12") is None
    assert store.drafts.drop("anna", "meeting:r12") is False  # nothing to drop: no error


def test_a_draft_is_no_record_of_the_register(store: Store) -> None:
    client = f.client(store)
    token = store.records.change_token()  # the drafts' folder is made with the Store: the
    store.drafts.put("bertil", "client:new", {})  # folder's first draft moves no token either
    store.drafts.put("anna", "client:new", {"in-first_name": "Eetu"})
    store.drafts.put("anna", f"client:{client.id}", {"in-first_name": "Eetu"}, version=1)
    # no change for the other consoles, no file among the register's, not in lists or search
    assert store.records.change_token() == token
    assert not any(rel.startswith("drafts") for rel in store.engine.files())
    assert [c.id for c in store.records.list(Client)] == [client.id]
    assert [c.id for c in store.records.search(Client, "Eetu")] == []
    assert store.records.get(Client, client.id or 0).version == 1


@pytest.mark.parametrize(
    ("user", "key", "values"),
    [
        ("", "client:new", {}),
        ("anna smith", "client:new", {}),
        ("anna", "", {}),
        ("anna", "client new", {}),
        ("anna", "client:new", {"in-x": {"nested": "dict"}}),
        ("anna", "client:new", {"in-x": object()}),
        ("anna", "client:new", {"in-x": "x" * 300_000}),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_kept(
    store: Store, user: str, key: str, values: dict[str, Any]
) -> None:
    with pytest.raises(Refused):
        store.drafts.put(user, key, values)
    assert store.drafts.list("anna") == []


def test_a_damaged_drafts_file_is_dropped_with_a_message_and_check_does_not_mind(
    tmp_path: Path,
) -> None:
    store = make_store("json", tmp_path / "data")
    f.client(store)
    store.drafts.put("anna", "client:new", VALUES)
    store.drafts.put("bertil", "client:new", VALUES)
    path = store.folder / "drafts" / "anna.json"
    path.write_text('{"drafts": {"1": {"user": "anna", "key": "cli', encoding="utf-8")
    assert check(store.engine).ok  # a draft is not the register's: check neither reads nor judges

    again = reopen(store)
    with pytest.raises(Refused) as lost:
        again.drafts.get("anna", "client:new")
    assert lost.value.code == LOST
    assert again.drafts.get("anna", "client:new") is None  # dropped: the next look finds none
    again.drafts.put("anna", "client:new", {"in-first_name": "Uusi"})
    kept = again.drafts.get("anna", "client:new")
    assert kept is not None and kept.values == {"in-first_name": "Uusi"}
    assert again.drafts.get("bertil", "client:new") is not None  # another user's is untouched
    assert check(again.engine).ok


def test_a_damaged_file_does_not_stop_putting_or_dropping(tmp_path: Path) -> None:
    store = make_store("json", tmp_path / "data")
    store.drafts.put("anna", "client:new", VALUES)
    (store.folder / "drafts" / "anna.json").write_bytes(b"\x00\x01 not json")
    again = reopen(store)
    again.drafts.put("anna", "concern:new", {"in-what": "Mustelma"})
    assert [d.key for d in again.drafts.list("anna")] == ["concern:new"]
    (store.folder / "drafts" / "anna.json").write_bytes(b"{{{")
    reopen(store).drafts.drop("anna", "concern:new")  # no error: the file is started anew
    assert reopen(store).drafts.list("anna") == []


def test_an_unreadable_draft_is_dropped_the_others_stay(any_store: Store) -> None:
    store = any_store
    store.drafts.put("anna", "client:new", VALUES)
    store.drafts.put("anna", "concern:new", {"in-what": "Mustelma"})
    rel = "drafts/anna.json"
    with store.engine.transaction() as tx:  # a row that is no draft (saved_at is gone)
        row = dict(tx.get(rel, "drafts", 1) or {})
        del row["saved_at"]
        tx.put(rel, "drafts", 1, row)
    with pytest.raises(Refused, match="could not be read"):
        store.drafts.list("anna")
    assert [d.key for d in store.drafts.list("anna")] == ["concern:new"]
