"""Retention on the demo data: what is due, anonymising it, and what is left after.

The demo holds (data/demo/retention.py) Aino Esimerkki (closed 1994, families-with-children
services: due), Pekka Vertainen (closed 2012, adult services, 12 years: due), Veera Huolinen
(closed 1993, but a concern about her is still open: held) and the volunteer Sointu Vanhanen,
who left in 1995 (her extract's details due).
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.demo import generate
from data.errors import Refused
from data.model.people import ExtractShown
from data.model.register import UserRole
from data.model.retention import ANONYMOUS, RetentionClass
from data.models import (
    Client,
    Concern,
    Guardian,
    MonthlyReport,
    Relationship,
    Settings,
    Volunteer,
)
from data.rules import retention as rules
from data.storage.check import check
from data.store import Store

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=HELSINKI)
ADMIN = "boss"
NAMES = ("Esimerkki", "Vertainen", "Karhulan koulu", "Asthma", "Riding lessons", "evening help")
LAST = {"Aino": "Esimerkki", "Pekka": "Vertainen", "Veera": "Huolinen", "Sointu": "Vanhanen"}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("retention") / "data"
    generate(folder, scale="small", seed=2, today=TODAY)
    return folder


@pytest.fixture
def store(pristine: Path, tmp_path: Path) -> Store:
    folder = tmp_path / "copy"
    shutil.copytree(pristine, folder)
    return Store.open(folder, clock=lambda: NOW)


def _client(store: Store, first: str) -> Client:
    found = [
        c for c in store.records.list(Client) if (c.first_name, c.last_name) == (first, LAST[first])
    ]
    assert len(found) == 1
    return found[0]


def _ids(store: Store) -> dict[str, int]:
    out = {name: _client(store, name).id or 0 for name in ("Aino", "Pekka", "Veera")}
    sointu = [v for v in store.records.list(Volunteer) if v.last_name == "Vanhanen"]
    out["Sointu"] = sointu[0].id or 0
    return out


def _texts(folder: Path) -> str:
    """Every byte of the folder (backups, cache and the change log included) as text."""
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.rglob("*")) if p.is_file()
    )


def _with_users(store: Store) -> None:
    settings = store.records.settings()
    users = {ADMIN: UserRole.ADMIN, "coord": UserRole.COORDINATOR}
    store.records.save_settings("demo", settings.model_copy(update={"users": users}))


def test_dry_run_lists_the_due_cases_the_held_one_and_the_volunteer(store: Store) -> None:
    ids = _ids(store)
    plan = store.retention.plan("demo")
    assert [(c.client_id, c.initials, c.retention, c.closed_on, c.due_on) for c in plan.due] == [
        (
            ids["Aino"],
            "A. E.",
            RetentionClass.FAMILY_SERVICES,
            date(1994, 6, 30),
            date(2024, 6, 30),
        ),
        (
            ids["Pekka"],
            "P. V.",
            RetentionClass.ADULT_SERVICES,
            date(2012, 12, 31),
            date(2024, 12, 31),
        ),
    ]
    [held] = plan.held
    open_concern = next(c for c in store.records.list(Concern) if c.client_id == ids["Veera"])
    assert (held.client_id, held.open_concerns) == (ids["Veera"], (open_concern.id,))
    assert [(v.volunteer_id, v.left_on) for v in plan.volunteers] == [
        (ids["Sointu"], date(1995, 1, 31))
    ]
    # a dry run changes nothing
    assert _client(store, "Aino").anonymised_on is None


def test_apply_removes_names_and_texts_and_keeps_the_figures(store: Store) -> None:
    ids = _ids(store)
    aino_before = _client(store, "Aino")
    rel_id = next(r.id for r in store.records.list(Relationship) if r.client_id == ids["Aino"])
    assert rel_id is not None
    meetings_before = store.meetings.of(rel_id)
    veera_before = _client(store, "Veera")

    run = store.retention.apply(ADMIN)

    assert (run.clients, run.guardians, run.relationships, run.meetings) == (2, 1, 1, 3)
    assert (run.palaverit, run.concerns, run.volunteers, run.held) == (1, 1, 1, 1)
    aino = store.records.get(Client, ids["Aino"])
    assert (aino.first_name, aino.last_name) == (ANONYMOUS, ANONYMOUS)
    assert aino.birth_date == date(1984, 1, 1) and aino.anonymised_on == TODAY
    assert aino.health_notes == aino.wishes == aino.friends == aino.school == ""
    assert aino.interests == []
    # the figures stay: the dates, the municipality, the state, the class
    assert (aino.registered_on, aino.closed_on) == (date(1992, 2, 3), date(1994, 6, 30))
    assert aino.municipality == aino_before.municipality == "Kotka"
    assert aino.retention is RetentionClass.FAMILY_SERVICES
    assert store.records.client_facts()[ids["Aino"]].name == f"{ANONYMOUS} {ANONYMOUS}"
    guardian = store.records.get(Guardian, aino.guardian_ids[0])
    assert (guardian.first_name, guardian.phone, guardian.email) == (ANONYMOUS, "", "")
    rel = store.records.get(Relationship, rel_id)
    assert [g.text for g in rel.goals] == [ANONYMOUS]
    assert rel.end_note == ANONYMOUS and rel.agreement is not None
    assert rel.agreement.contact == "" and rel.agreement.max_meetings == 40
    assert all(h.note == "" for h in rel.history) and rel.ended_on == date(1994, 5, 31)
    meetings = store.meetings.of(rel_id)
    assert len(meetings) == len(meetings_before) == 3
    for before, after in zip(meetings_before, meetings, strict=True):
        assert (after.on, after.duration_min, after.km, after.costs, after.status) == (
            before.on,
            before.duration_min,
            before.km,
            before.costs,
            before.status,
        )
        assert after.report.how_it_went == after.report.wellbeing == after.place == ""
    assert meetings[0].km == Decimal("12.5")
    [palaveri] = store.palaverit.of(rel_id)
    assert palaveri.notes == {} and palaveri.attendees[0].name == ""
    assert palaveri.finished and palaveri.on == date(1992, 9, 1)
    concern = next(c for c in store.records.list(Concern) if c.client_id == ids["Aino"])
    assert concern.what == ANONYMOUS and concern.notifications[0].whom == ""
    assert concern.closed_at is not None and len(concern.follow_ups) == 1
    report = store.reports.get(rel_id, date(1993, 3, 1))
    assert isinstance(report, MonthlyReport) and report.days_met == [date(1993, 3, 6)]
    # the held case is untouched, its open concern too
    veera = _client(store, "Veera")
    assert veera == veera_before and veera.health_notes == "Allergic to nuts."
    held = next(c for c in store.records.list(Concern) if c.client_id == ids["Veera"])
    assert held.what == "Veera had bruises on her arm."
    # no name left anywhere in the folder: records, index, change log, backups, cache
    everything = _texts(store.folder)
    for name in NAMES:
        assert name not in everything, name
    assert "Huolinen" in everything  # (the held one is still there)
    assert check(store.engine).findings == []


def test_a_second_run_changes_nothing(store: Store) -> None:
    store.retention.apply(ADMIN)
    stored = {c.id: c.version for c in store.records.list(Client)}
    second = store.retention.apply(ADMIN)
    assert (second.clients, second.guardians, second.meetings, second.volunteers) == (0, 0, 0, 0)
    assert {c.id: c.version for c in store.records.list(Client)} == stored
    assert [r.id for r in store.retention.runs(ADMIN)] == [2, 1]  # each run logged
    assert store.retention.plan(ADMIN).empty


def test_the_volunteers_vetting_details_are_removed(store: Store) -> None:
    ids = _ids(store)
    before = store.records.get(Volunteer, ids["Sointu"])
    others = {v.id: v for v in store.records.list(Volunteer) if v.id != ids["Sointu"]}
    store.retention.apply(ADMIN)
    after = store.records.get(Volunteer, ids["Sointu"])
    extract = after.extract()
    assert isinstance(extract, ExtractShown)
    assert extract.by == ANONYMOUS and extract.removed_on == TODAY
    assert extract.extract_date == extract.on == date(1991, 9, 5)  # the extract's own date gone
    assert all(getattr(s, "note", "") == "" for s in after.vetting)
    assert [s.step for s in after.vetting] == [s.step for s in before.vetting]  # steps kept
    assert after.first_name == "Sointu"  # only the vetting details go
    unchanged = {v.id: v for v in store.records.list(Volunteer) if v.id != ids["Sointu"]}
    assert unchanged == others


def test_a_coordinator_is_refused_and_nothing_changes(store: Store) -> None:
    _with_users(store)
    with pytest.raises(Refused) as exc:
        store.retention.apply("coord")
    assert exc.value.code == "role_refused"
    assert _client(store, "Aino").anonymised_on is None
    assert store.retention.runs(ADMIN) == []
    assert store.retention.apply(ADMIN).clients == 2


def test_backups_older_than_the_run_are_pruned(store: Store) -> None:
    ids = _ids(store)
    veera = _client(store, "Veera")  # a save this hour: clients.json (with Aino) backed up
    store.records.update("demo", veera.model_copy(update={"area": "Hamina keskusta"}))
    backups = store.folder / "backups"
    assert "Esimerkki" in _texts(backups)
    run = store.retention.apply(ADMIN)
    assert run.backups_removed >= 1
    assert "Esimerkki" not in _texts(backups)
    # the next change backs up the anonymised state again
    store.records.update(
        "demo", store.records.get(Client, ids["Veera"]).model_copy(update={"area": "Hamina"})
    )
    assert "Huolinen" in _texts(backups)


def test_the_change_history_is_forgotten(store: Store) -> None:
    ids = _ids(store)
    rel_id = next(r.id for r in store.records.list(Relationship) if r.client_id == ids["Aino"])
    assert rel_id is not None
    first = store.meetings.of(rel_id)[0]
    report = first.report.model_copy(update={"how_it_went": "Aino fed Tähti."})
    corrected = store.meetings.update("demo", first.model_copy(update={"report": report}))
    assert len(store.meetings.history(corrected)) == 1
    # a contact removed: its last values are kept in the history, and forgotten with the rest
    from data.model.contact import Contact, ContactWith

    at = datetime.combine(first.on, datetime.min.time(), tzinfo=HELSINKI)
    called = Contact(relationship_id=rel_id, at=at, whom=ContactWith.SCHOOL, note="Tähti-koira")
    called = store.contacts.log("demo", called)
    store.contacts.remove("demo", rel_id, called.id or 0, called.version)
    run = store.retention.apply(ADMIN)
    assert run.history == 2
    assert store.meetings.history(store.meetings.of(rel_id)[0]) == []
    assert "Tähti" not in _texts(store.folder)
    assert not [x for x in check(store.engine).findings if x.code == "item_lost"]  # removed


def test_a_case_with_an_open_relationship_is_held() -> None:
    settings = Settings()
    client = Client(
        id=5,
        first_name="Maija",
        last_name="Meikäläinen",
        birth_date=date(1980, 1, 2),
        municipality="Kotka",
        registered_on=date(1990, 1, 1),
        closed_on=date(1991, 1, 1),
    )
    rel = Relationship(id=9, client_id=5, volunteer_id=1)  # proposed: open
    case = rules.case_of(client, [rel], [], settings, date(2026, 1, 1))
    assert case is not None and case.held and case.open_relationships == (9,)
    assert case.retention is RetentionClass.FAMILY_SERVICES  # an old record: the default
    assert rules.closing_day(client, [rel]) is None  # not closed while it is open
    later = settings.model_copy(update={"retention_default": RetentionClass.SHORT})
    due = rules.case_of(client, [], [], later, date(2026, 1, 1))
    assert due is not None and due.due_on == date(1997, 1, 1) and not due.held
    assert rules.case_of(client, [], [], settings, date(2020, 12, 31)) is None  # not yet


def test_a_guardian_of_a_client_still_kept_keeps_their_name(store: Store) -> None:
    ids = _ids(store)
    liisa = store.records.get(Client, ids["Aino"]).guardian_ids[0]
    veera = store.records.get(Client, ids["Veera"])  # held: her case is kept
    store.records.update(
        "demo", veera.model_copy(update={"guardian_ids": [*veera.guardian_ids, liisa]})
    )
    run = store.retention.apply(ADMIN)
    assert run.guardians == 0
    assert store.records.get(Guardian, liisa).last_name == "Esimerkki"
    assert store.records.get(Client, ids["Aino"]).anonymised_on == TODAY


def test_the_minutes_and_reports_of_an_anonymised_relationship_are_removed(store: Store) -> None:
    from data.outputs.minutes_file import SW_REPORTS, write_in_folder

    ids = _ids(store)
    rel_id = next(r.id for r in store.records.list(Relationship) if r.client_id == ids["Aino"])
    other = next(r.id for r in store.records.list(Relationship) if r.client_id != ids["Aino"])
    gone = [
        write_in_folder(store, f"minutes-{rel_id}-1.md", b"Aino Esimerkki"),
        write_in_folder(store, f"minutes-{rel_id}-1.pdf", b"%PDF Esimerkki"),
        write_in_folder(
            store, f"sw-report-{rel_id}-1993-01-01.md", b"Esimerkki", folder=SW_REPORTS
        ),
    ]
    kept = write_in_folder(store, f"minutes-{other}-1.md", b"someone else")
    run = store.retention.apply(ADMIN)
    assert run.documents_removed == 3
    assert not any(path.exists() for path in gone) and kept.exists()


def test_the_unsaved_forms_of_the_anonymised_records_are_dropped(store: Store) -> None:
    ids = _ids(store)
    rel_id = next(r.id for r in store.records.list(Relationship) if r.client_id == ids["Aino"])
    typed = {"in-health_notes": "Asthma, an inhaler in her bag"}
    store.drafts.put("other", f"client:{ids['Aino']}", typed, 1)
    store.drafts.put("tester", f"meeting:{rel_id}-1", {"in-how": "Riding lessons"}, 1)
    store.drafts.put("tester", f"client:{ids['Veera']}", {"in-wishes": "kept"}, 1)
    run = store.retention.apply(ADMIN)
    assert run.drafts_removed == 2
    assert store.drafts.get("other", f"client:{ids['Aino']}") is None
    assert store.drafts.get("tester", f"meeting:{rel_id}-1") is None
    assert store.drafts.get("tester", f"client:{ids['Veera']}") is not None
    everything = _texts(store.folder)
    assert "Asthma" not in everything and "Riding lessons" not in everything
