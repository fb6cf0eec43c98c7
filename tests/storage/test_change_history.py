"""Every change of every kind keeps its old and new values with who and when (issue 14):
clients, relationships, concerns, the settings, palaverit and monthly reports, each in the
small history file beside its record (or its shard); ``tuki check`` reads those files, plain
TinyDB opens them, and ``forget`` removes a record's history."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from tinydb import TinyDB

from data.dates import HELSINKI
from data.models import Client, Concern, FollowUp, Notification, NotifyTarget, State
from data.storage.check import check
from data.storage.layout import history_file
from data.store import Store, history
from tests import factories as f
from tests.storage.test_store_payments import NOV, OCT, active_since_september, at, report

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=HELSINKI)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "d", clock=at(date(2026, 12, 4)))  # type: ignore[arg-type]


def edited_client(store: Store) -> Client:
    client = f.client(store)
    first = store.records.update("maija", client.model_copy(update={"area": "Kymi"}))
    return store.records.update(
        "pekka", first.model_copy(update={"phone": "040 765 4321", "area": "Karhula"})
    )


def test_two_edits_of_a_client_by_two_users_are_both_kept(store: Store, tmp_path: Path) -> None:
    client = edited_client(store)
    first, second = store.records.history("client", client.id or 0)
    assert (first.by, first.record_version, first.fields) == (
        "maija",
        2,
        {"area": ("Karhula", "Kymi")},
    )
    assert (second.by, second.record_version) == ("pekka", 3)
    assert second.fields == {"area": ("Kymi", "Karhula"), "phone": ("", "040 765 4321")}
    assert second.at == NOW
    # in the small file beside clients.json, not in it; an edit that changes nothing adds nothing
    rel = history_file("client", str(client.id))
    assert rel == f"history/client/{client.id:02d}.json"
    assert "history" not in json.loads((tmp_path / "d" / "clients.json").read_text("utf-8"))
    store.records.update("maija", client.model_copy())
    assert len(store.records.history("client", client.id or 0)) == 2
    # each history file is a plain TinyDB document
    with TinyDB(tmp_path / "d" / rel, access_mode="r") as db:
        rows = db.table("history").all()
    assert [r["by"] for r in rows] == ["maija", "pekka"]


def test_a_relationship_state_change_and_its_terms_are_kept(store: Store) -> None:
    rel = active_since_september(store)
    changes = store.records.history("relationship", rel.id or 0)
    assert [c.fields["state"] for c in changes] == [
        ("proposed", "starting"),
        ("starting", "active"),
    ]
    old, new = changes[-1].fields["history"]
    assert len(new) == len(old) + 1 and new[-1]["state"] == "active"


def test_a_concern_notified_followed_up_and_closed_keeps_each(store: Store) -> None:
    client = f.client(store)
    concern = store.concerns.add(
        f.USER, Concern(client_id=client.id, noticed_at=NOW, what="Väsynyt")
    )
    assert store.records.history("concern", concern.id or 0) == []
    told = Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, whom="Sanni", at=NOW, by="maija")
    concern = store.concerns.notify("maija", concern.id or 0, concern.version, told)
    followed = store.concerns.follow_up(
        "maija",
        concern.id or 0,
        concern.version,
        FollowUp(at=NOW, by="maija", note="Soitin äidille"),
    )
    store.concerns.close("pekka", concern.id or 0, followed.version, NOW, "Kaikki hyvin")
    notify, follow, close = store.records.history("concern", concern.id or 0)
    assert notify.fields["notifications"][1][0]["whom"] == "Sanni"
    assert follow.by == "maija" and follow.fields["follow_ups"][0] == []
    assert follow.fields["follow_ups"][1][0]["note"] == "Soitin äidille"
    assert close.by == "pekka" and close.fields["closing_note"] == ("", "Kaikki hyvin")


def test_settings_changes_are_kept(store: Store) -> None:
    f.rates(store)
    settings = store.records.settings()
    store.records.save_settings("pekka", settings.model_copy(update={"organiser": "Tuki ry"}))
    *_, change = store.records.history("settings", 1)
    assert change.by == "pekka" and change.fields == {"organiser": ("", "Tuki ry")}


def test_a_monthly_report_correction_and_a_palaveri_save_are_kept(store: Store) -> None:
    rel = active_since_september(store)
    got = store.reports.receive(f.USER, report(rel, OCT, 6, received=NOV))
    store.reports.correct("maija", got.model_copy(update={"days_met": [date(2026, 10, 13)]}))
    ref = f"{rel.id} 2026-10"
    (change,) = store.records.history("monthly_report", ref)
    assert change.by == "maija" and change.fields["days_met"] == (["2026-10-06"], ["2026-10-13"])
    draft = store.palaverit.start(f.USER, rel.id or 0, "review", date(2026, 12, 1))
    store.palaverit.save("pekka", draft.model_copy(update={"notes": {"goals": "Hyvä syksy"}}))
    (saved,) = store.records.history("palaveri", draft.ref)
    assert saved.by == "pekka" and saved.fields["notes.goals"] == (None, "Hyvä syksy")


def test_check_reads_the_history_files_and_names_a_change_in_the_wrong_file(
    store: Store, tmp_path: Path
) -> None:
    client = edited_client(store)
    assert store.records.history("client", client.id or 0)
    assert check(store.records.engine).ok  # type: ignore[arg-type]
    # a change moved into another client's file is named (and a broken one too)
    path = tmp_path / "d" / history_file("client", str(client.id))
    doc = json.loads(path.read_text("utf-8"))
    other = tmp_path / "d" / history_file("client", str((client.id or 0) + 1))
    other.write_text(json.dumps({"history": {"1": doc["history"]["1"]}}), "utf-8")
    doc["history"]["2"]["by"] = ""
    path.write_text(json.dumps(doc), "utf-8")
    found = {(x.file, x.code) for x in check(store.records.engine).findings}  # type: ignore[arg-type]
    assert (other.relative_to(tmp_path / "d").as_posix(), "history_elsewhere") in found
    assert (path.relative_to(tmp_path / "d").as_posix(), "record_invalid") in found


def test_forget_removes_one_records_history_only(store: Store) -> None:
    client = edited_client(store)
    other = f.client(store)
    store.records.update("maija", other.model_copy(update={"area": "Kymi"}))
    with store.records.transaction() as tx:
        assert history.forget(tx, "client", client.id or 0) == 2
    assert store.records.history("client", client.id or 0) == []
    assert len(store.records.history("client", other.id or 0)) == 1
    with store.records.transaction() as tx:  # the ref as text, as retention gives it
        assert history.forget(tx, "client", str(other.id)) == 1
    assert store.records.history("client", other.id or 0) == []
    rel = active_since_september(store)
    logged = store.meetings.log(f.USER, _meeting(rel))
    store.meetings.update("maija", logged.model_copy(update={"place": "Kirjasto"}))
    with store.records.transaction() as tx:  # a meeting's: in its relationship's shard
        assert history.forget(tx, "meeting", logged.ref) == 1
    assert store.meetings.history(logged) == []
    assert store.records.history("relationship", rel.id or 0)  # not the meeting's: kept
    assert State.ACTIVE is store.records.get(type(rel), rel.id or 0).state


def _meeting(rel: object) -> object:
    from tests.storage.test_store_payments import meeting

    return meeting(rel, date(2026, 10, 6), "12.5")  # type: ignore[arg-type]
