"""The clients section: add, validate, search, edit and link a guardian, all through the keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from data.models import Client, Guardian, SocialWorker
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app, until
from tui.listing import listed_name, name_order
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientForm, SocialWorkerForm
from tui.screens.clients import ClientsScreen, Row, client_state
from tui.screens.dialogs import ConflictDialog
from tui.screens.guardian_form import GuardianChooser, GuardianForm


async def _to_clients(pilot, app):  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("2")
    await arrive(pilot, app, ClientsScreen)


def _fill(app, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, text in values.items():
        app.screen.query_one(f"#in-{name}", Input).value = text


async def test_add_a_client_from_the_keyboard(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = len(store.records.list(Client))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_clients(pilot, app)
        await pilot.press("n")
        await arrive(pilot, app, ClientForm)
        await pilot.press(*"Oona")  # the first field has the focus: type into it
        _fill(
            app,
            {
                "last_name": "Testinen",
                "birth_date": "3.4.2016",
                "municipality": "Kotka",
                "area": "Karhula",
                "school": "Karhulan koulu",
                "interests": "piirtäminen, uinti",
                "decision_on": "1.10.2026",
                "decision_ref": "LS/123/2026",
            },
        )
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
    fresh = Store.open(store.folder)
    assert len(fresh.records.list(Client)) == before + 1
    new = next(c for c in fresh.records.list(Client) if c.last_name == "Testinen")
    assert new.first_name == "Oona"
    assert new.birth_date.isoformat() == "2016-04-03"
    assert new.interests == ["drawing", "swimming"]  # the words typed, stored as codes
    assert new.school == "Karhulan koulu"
    assert new.decision is not None and new.decision.reference == "LS/123/2026"
    assert new.registered_on.isoformat() == "2026-11-20"
    assert new.created_by == "tester"


async def test_bad_input_is_shown_beside_the_field_and_nothing_is_stored(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = len(store.records.list(Client))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_clients(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        _fill(app, {"first_name": "Oona", "birth_date": "31.2.2016", "municipality": "Kotka"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert type(screen) is ClientForm
        birth = screen.query_one("#field-birth_date")
        last = screen.query_one("#field-last_name")
        told = str(birth.query_one(".field--error").render())  # the day, not the format
        assert birth.has_class("-invalid") and "31.2.2016 ei ole" in told
        assert last.has_class("-invalid")
        assert screen.query_one("#in-birth_date", Input).value == "31.2.2016"
        assert screen.query_one("#in-first_name", Input).value == "Oona"
        # fix the date only: the empty last name still stops the save
        _fill(app, {"birth_date": "28.2.2016"})
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientForm)
        assert not birth.has_class("-invalid") and last.has_class("-invalid")
    assert len(Store.open(store.folder).records.list(Client)) == before


async def test_search_narrows_the_table(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_clients(pilot, app)
        table = app.screen.query_one("#list", DataTable)
        total = table.row_count
        assert total == len(store.records.list(Client))
        await pilot.press("slash", *target.last_name)
        await pilot.pause()
        assert 1 <= table.row_count < total
        assert all(target.last_name in str(table.get_row_at(i)[0]) for i in range(table.row_count))
        await pilot.press("enter", "f")  # back to the table, searched; the filter: 'waiting'
        await pilot.pause()
        assert app.screen.filter == "waiting"  # type: ignore[attr-defined]


async def test_edit_school_and_add_a_guardian(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = min(store.records.list(Client), key=lambda c: name_order(c.first_name, c.last_name))
    v = target.version  # (the demo's first client has a change of its own: data/demo/changes.py)
    guardians_before = list(target.guardian_ids)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_clients(pilot, app)
        await pilot.press("enter")
        await arrive(pilot, app, ClientDetailScreen)
        assert app.screen.client_id == target.id  # type: ignore[attr-defined]
        await pilot.press("e")
        await pilot.pause()
        _fill(app, {"school": "Uusi koulu"})
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        assert Store.open(store.folder).records.get(Client, target.id or 0).version == v + 1
        await pilot.press("g")
        await arrive(pilot, app, GuardianChooser)
        await pilot.press("enter")  # the first choice: a new guardian
        await arrive(pilot, app, GuardianForm)
        _fill(app, {"first_name": "Pekka", "phone": "040 765 4321"})
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        assert "Pekka" in str(app.screen.query_one("#guardians").render())
    fresh = Store.open(store.folder)
    saved = fresh.records.get(Client, target.id or 0)
    assert saved.school == "Uusi koulu"
    assert saved.version == v + 2  # the edit made one, linking the guardian another
    assert saved.guardian_ids[:-1] == guardians_before
    guardian = fresh.records.get(Guardian, saved.guardian_ids[-1])
    assert guardian.first_name == "Pekka" and guardian.created_by == "tester"


async def test_set_a_new_social_worker_and_open_a_relationship(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(iter(store.records.derived.relationships().values()))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", rel.client_id)
        await pilot.pause()
        await pilot.press("w")
        await arrive(pilot, app, SocialWorkerForm)
        app.screen.query_one("#in-existing").value = 0  # type: ignore[attr-defined]
        _fill(app, {"first_name": "Sari", "last_name": "Sosionomi", "unit": "Lastensuojelu"})
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        assert "Sosionomi" in str(app.screen.query_one("#worker").render())
        app.screen.query_one("#relationships").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen) is not ClientDetailScreen
    saved = Store.open(store.folder).records.get(Client, rel.client_id)
    worker = Store.open(store.folder).records.get(SocialWorker, saved.social_worker_id or 0)
    assert worker.last_name == "Sosionomi" and worker.created_by == "tester"


async def test_a_concurrent_change_opens_the_conflict_dialog(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        other = Store.open(store.folder)  # another coordinator saves first
        other.records.revise("other", Client, target.id or 0, target.version, {"school": "Heidän"})
        _fill(app, {"school": "Minun"})
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConflictDialog)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Koulu: Heidän" in shown and "Koulu: Minun" in shown  # field labels, both sides
        assert "Tuettava" in shown and "other" in shown and "school" not in shown
    saved = Store.open(store.folder).records.get(Client, target.id or 0)
    assert saved.school == "Heidän" and saved.version == target.version + 1


async def test_edit_a_guardian_without_touching_the_client(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = next(c for c in store.records.list(Client) if c.guardian_ids)
    first = store.records.get(Guardian, target.guardian_ids[0])
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("g")
        await arrive(pilot, app, GuardianChooser)
        await pilot.press("down", "enter")  # the first guardian, below 'new guardian'
        await arrive(pilot, app, GuardianForm)
        assert app.screen.query_one("#in-first_name", Input).value == first.first_name
        _fill(app, {"phone": "044 111 2222", "email": "not-an-address"})
        form = app.screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.query_one("#field-email").has_class("-invalid"))
        assert type(app.screen) is GuardianForm  # the bad e-mail stops the save
        assert Store.open(store.folder).records.get(Guardian, first.id or 0).phone == first.phone
        _fill(app, {"email": ""})
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        assert "044 111 2222" in str(app.screen.query_one("#guardians").render())
    fresh = Store.open(store.folder)
    saved = fresh.records.get(Guardian, first.id or 0)
    assert saved.phone == "044 111 2222" and saved.version == first.version + 1
    assert saved.changed_by == "tester"
    client = fresh.records.get(Client, target.id or 0)
    assert client.version == target.version and client.guardian_ids == target.guardian_ids


async def test_wishes_availability_and_known_volunteers(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    known = sorted(store.records.derived.volunteers().values(), key=lambda v: v.id)[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", target.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, ClientForm)
        _fill(
            app,
            {
                "friends": "Aada naapurista",
                "days": "ti, la",
                "parts": "iltapäivä",
                "pref_language": "sv",
                "pref_age_min": "30",
                "pref_age_max": "20",
                "known": "Ei Ketään",
            },
        )
        screen = app.screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.query_one("#field-known").has_class("-invalid"))
        assert type(app.screen) is ClientForm
        assert "Ei Ketään" in str(screen.query_one("#field-known .field--error").render())
        _fill(app, {"known": known.name.upper()})  # names match without regard to case
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.query_one("#field-pref_age_min").has_class("-invalid"))
        assert type(app.screen) is ClientForm  # 30 > 20 is refused beside the field
        assert screen.query_one("#field-pref_age_min").has_class("-invalid")
        assert (
            Store.open(store.folder).records.get(Client, target.id or 0).version == target.version
        )
        _fill(app, {"pref_age_min": "25", "pref_age_max": "45"})
        screen.query_one("#in-firm").select("language")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        shown = str(app.screen.query_one("#preferences").render())
        assert known.name in shown and "sv" in shown
    saved = Store.open(store.folder).records.get(Client, target.id or 0)
    assert saved.friends == "Aada naapurista"
    assert [d.value for d in saved.availability.days] == ["tue", "sat"]
    assert [p.value for p in saved.availability.parts] == ["afternoon"]
    assert saved.preferences.language == "sv" and saved.preferences.firm == ["language"]
    assert (saved.preferences.age_min, saved.preferences.age_max) == (25, 45)
    assert saved.known_volunteer_ids == [known.id]


def rows_of_models(store: Store, today: date) -> list[Row]:
    """The list as it was built from the whole, validated clients (before store.lists)."""
    own: dict[int, list[Any]] = {}
    for rel in store.records.relationship_facts().values():
        own.setdefault(rel.client_id, []).append(rel)
    made = []
    for c in store.records.list(Client):
        state, days, _ = client_state(c, own.get(c.id or 0, []), today)
        listed = listed_name(c.first_name, c.last_name)
        row = Row(
            c.id or 0,
            listed,
            c.age(today),
            c.area or c.municipality,
            state,
            days,
            c.registered_on,
            f"{listed} {c.name}".casefold(),
        )
        made.append(((name_order(c.first_name, c.last_name), c.id or 0), row))
    return [row for _, row in sorted(made, key=lambda pair: pair[0])]


async def test_the_list_is_the_list_of_the_whole_records(tmp_path: Path) -> None:
    """The rows made from the clients' lines (a few stored fields) are the rows the whole
    records gave: the same rows in the same order, and a search finds the same ones."""
    store = demo_store(tmp_path / "d", seed=4)
    expected = rows_of_models(store, TODAY)
    assert {row.state for row in expected} >= {"waiting", "support", "closed"}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_clients(pilot, app)
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        assert screen.loaded == expected
        surname = expected[len(expected) // 2].name.split()[0]
        for search in ("a", surname[:3], f"{surname} {expected[1].name[:1]}", "xyz"):
            screen.query_one("#search", Input).value = search
            words = search.casefold().split()
            found = [r.id for r in expected if all(w in r.folded for w in words)]
            await until(pilot, lambda found=found: [r.id for r in screen.matched] == found)
            assert [r.id for r in screen.matched] == found
