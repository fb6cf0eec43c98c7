"""Losing the connection loses nothing: the forms with free text keep a draft per user as they
are typed (store.drafts), and offer it back the next time that user opens the same form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, SelectionList, Static, Switch

from data.model.draft import Draft
from data.models import (
    Client,
    ClientKind,
    Concern,
    Gender,
    Guardian,
    MeetingStatus,
    Relationship,
    Travel,
    Volunteer,
)
from data.store import Store
from tests.console_helpers import NOW, SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientForm
from tui.screens.clients import ClientsScreen
from tui.screens.concerns import RaiseConcernScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import ConflictDialog, DiscardDialog
from tui.screens.draft_dialog import DraftDialog
from tui.screens.guardian_form import GuardianForm
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.relationship_picker import RelationshipPicker
from tui.screens.volunteer_form import VolunteerForm
from tui.screens.volunteers import VolunteersScreen
from tui.widgets.drafts import KeepsDraft
from tui.widgets.form import Field
from tui.widgets.typed import set_value, value_of

KASPER = 8  # Kasper Manninen – Juha Salminen: active, with open goals


def _drafts(folder: Path, user: str = "tester") -> dict[str, Draft]:
    """The user's drafts as another process reads them from the folder now."""
    return {d.key: d for d in Store.open(folder).drafts.list(user)}


def _value(app: TukiApp, wid: str) -> Any:
    return value_of(app.screen.query_one(f"#{wid}"))


def _fill(app: TukiApp, **values: str) -> None:
    """Type into inputs and the report's text areas alike."""
    for name, text in values.items():
        set_value(app.screen.query_one(f"#in-{name}"), text)


async def _kept(pilot: Any, folder: Path, key: str, **expected: Any) -> Draft:
    """Wait until the draft ``key`` holds ``expected`` (widget id -> kept value) on disk."""

    def holds() -> bool:
        draft = _drafts(folder).get(key)
        return draft is not None and all(draft.values.get(k) == v for k, v in expected.items())

    await until(pilot, holds)
    draft = _drafts(folder).get(key)
    assert draft is not None, f"no draft {key}"
    assert {k: draft.values.get(k) for k in expected} == expected
    return draft


async def _resume(pilot: Any, app: TukiApp, form: type[Any]) -> None:
    """The offer is shown over the form: Enter continues the draft."""
    await arrive(pilot, app, DraftDialog)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, form) and app.screen.draft_state == "keeping")
    assert type(app.screen) is form


def _killed(app: TukiApp) -> None:
    """End as a killed process would: nothing more is saved on the way out."""
    app.save_drafts = lambda: None  # type: ignore[method-assign]


async def test_a_new_client_typed_before_the_terminal_was_lost_is_offered_back(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    before = len(store.records.list(Client))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("n")
        await arrive(pilot, app, ClientForm)
        await pilot.press(*"Oona")
        _fill(app, last_name="Testinen", birth_date="3.4.2016", wishes="Ulkoilua")
        _fill(app, municipality="Kotka", area="Karhula")
        app.screen.query_one("#in-travel", Select).value = Travel.ALONE_NEARBY
        app.screen.query_one("#in-pref_gender", Select).value = Gender.FEMALE
        app.screen.query_one("#in-firm", SelectionList).select("gender")
        draft = await _kept(
            pilot,
            store.folder,
            "client:new",
            **{"in-first_name": "Oona", "in-last_name": "Testinen", "in-firm": ["gender"]},
        )
        assert (
            draft.values["in-travel"] == "alone_nearby"
            and draft.values["in-pref_gender"] == "female"
        )
        assert draft.version is None and draft.saved_at.tzinfo is not None
        app.terminal_lost()  # the connection dropped
    assert app.return_code == 129

    app = make_app(Store.open(store.folder))  # a new console on the same folder
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("n")
        await arrive(pilot, app, DraftDialog)
        offer = " ".join(str(s.render()) for s in app.screen.query(Static))
        saved_at = draft.saved_at.astimezone(NOW.tzinfo)
        assert f"{saved_at.day}.{saved_at.month}.{saved_at.year} klo" in offer
        assert "Oona" in offer and "Testinen" in offer  # which draft this is
        await _resume(pilot, app, ClientForm)
        assert _value(app, "in-first_name") == "Oona"
        assert _value(app, "in-travel") is Travel.ALONE_NEARBY
        assert _value(app, "in-pref_gender") is Gender.FEMALE
        assert tuple(app.screen.query_one("#in-firm", SelectionList).selected) == ("gender",)
        assert _value(app, "in-kind") is ClientKind.CHILD
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
    fresh = Store.open(store.folder)
    assert len(fresh.records.list(Client)) == before + 1
    new = next(c for c in fresh.records.list(Client) if c.last_name == "Testinen")
    assert (new.first_name, new.wishes, new.travel) == ("Oona", "Ulkoilua", Travel.ALONE_NEARBY)
    assert new.preferences.gender is Gender.FEMALE and new.preferences.firm == ["gender"]
    assert _drafts(store.folder) == {}  # saved: the draft is gone


async def test_a_meeting_typed_in_a_killed_console_comes_back_with_its_relationship_and_goals(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    goal = next(g for g in store.records.get(Relationship, KASPER).goals if g.open)
    before = len(store.meetings.of(KASPER))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        await pilot.press(*"Kasper", "enter")
        await until(pilot, lambda: bool(app.screen.query(f"#in-goal-{goal.id}")))
        app.screen.query_one("#in-activity", Input).focus()  # (Enter went on to the date)
        await until(pilot, lambda: app.screen.focused is app.screen.query_one("#in-activity"))
        _fill(
            app,
            activity="Uimahalli",
            how_it_went="Hyvin meni",
            duration_min="90",
            **{f"goal-{goal.id}": "Rohkeni"},
        )
        await _kept(
            pilot,
            store.folder,
            "meeting:new",
            **{
                "@picked": f"r{KASPER}",
                "in-activity": "Uimahalli",
                f"in-goal-{goal.id}": "Rohkeni",
            },
        )
        _killed(app)  # the draft was on disk before anything ended
    assert "meeting:new" in _drafts(store.folder)

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app._notifications))
        assert "luonnos (uusi tapaaminen)" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("l")
        await _resume(pilot, app, MeetingLogScreen)
        picker = app.screen.query_one(RelationshipPicker)
        assert picker.value is not None and picker.value.relationship_id == KASPER
        focused = app.screen.focused  # where the typing was, not the picker to type over
        assert focused is not None and focused.id == "in-activity"
        assert _value(app, f"in-goal-{goal.id}") == "Rohkeni"
        assert (_value(app, "in-activity"), _value(app, "in-duration_min")) == ("Uimahalli", "90")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen) is DashboardScreen)
    meetings = Store.open(store.folder).meetings.of(KASPER)
    assert len(meetings) == before + 1
    saved = max(meetings, key=lambda m: m.id or 0)
    assert (saved.activity, saved.duration_min, saved.status) == (
        "Uimahalli",
        90,
        MeetingStatus.HELD,
    )
    assert saved.report.how_it_went == "Hyvin meni"
    assert [(p.goal_id, p.note) for p in saved.report.progress] == [(goal.id, "Rohkeni")]
    assert _drafts(store.folder) == {}


async def test_quitting_keeps_the_draft_another_user_never_sees_it_and_afresh_drops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = demo_store(tmp_path / "d")
    count = len(store.records.list(Concern))
    monkeypatch.setattr(KeepsDraft, "_look", lambda self: None)  # only the ending keeps it
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await arrive(pilot, app, RaiseConcernScreen)
        await pilot.press(*"Kasper", "enter")
        app.screen.query_one("#in-what").focus()
        await pilot.press(*"mustelmia")
        assert _drafts(store.folder) == {}
        await pilot.press("ctrl+q")
    draft = _drafts(store.folder)["concern:new"]
    assert draft.values["in-what"] == "mustelmia" and draft.values["@picked"] == f"r{KASPER}"
    monkeypatch.undo()

    other = TukiApp(Store.open(store.folder), "toinen", language="fi", clock=lambda: NOW)
    async with other.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await arrive(pilot, other, RaiseConcernScreen)
        await pilot.pause(0.3)
        assert type(other.screen) is RaiseConcernScreen  # no offer: not their draft
        assert _value(other, "in-what") == "" and _value(other, "pick-input") == ""
    assert _drafts(store.folder, "toinen") == {} and "concern:new" in _drafts(store.folder)

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await arrive(pilot, app, DraftDialog)
        await pilot.press("escape")  # not now: the form closes, the draft stays
        await arrive(pilot, app, DashboardScreen)
        assert "concern:new" in _drafts(store.folder)
        await pilot.press("c")
        await arrive(pilot, app, DraftDialog)
        await pilot.click("#afresh")
        await until(pilot, lambda: _drafts(store.folder) == {})
        assert type(app.screen) is RaiseConcernScreen
        assert _value(app, "in-what") == "" and _value(app, "pick-input") == ""
        await pilot.press("escape")  # nothing typed: closes without asking
        await arrive(pilot, app, DashboardScreen)
    assert len(Store.open(store.folder).records.list(Concern)) == count


async def test_an_edit_draft_of_a_client_changed_meanwhile_meets_the_conflict(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    cid = target.id or 0
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("client", cid)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, ClientForm)
        _fill(app, school="Minun koulu")
        draft = await _kept(pilot, store.folder, f"client:{cid}", **{"in-school": "Minun koulu"})
        assert draft.version == target.version
        app.terminal_lost()
    Store.open(store.folder).records.revise(
        "other", Client, cid, target.version, {"school": "Heidän koulu"}
    )

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        # the console says at once which of the user's forms wait as drafts
        await until(pilot, lambda: bool(app._notifications))
        said = " ".join(str(n.message) for n in app._notifications)
        assert f"tallentamaton luonnos (tuettava {target.name})" in said
        app.open_subject("client", cid)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await _resume(pilot, app, ClientForm)
        assert _value(app, "in-school") == "Minun koulu"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConflictDialog)  # not a silent overwrite
        assert Store.open(store.folder).records.get(Client, cid).school == "Heidän koulu"
        await pilot.press("enter")  # reload: the stored version, the user's own beside it
        await arrive(pilot, app, ClientForm)
        assert _value(app, "in-school") == "Heidän koulu"
        assert app.screen.query_one("#field-school", Field).has_mine
        # the user's own value set aside is part of the draft too
        await _kept(pilot, store.folder, f"client:{cid}", **{"@mine:in-school": "Minun koulu"})
        await pilot.press("ctrl+r", "ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
    saved = Store.open(store.folder).records.get(Client, cid)
    assert saved.school == "Minun koulu" and saved.version == target.version + 2
    assert _drafts(store.folder) == {}


async def test_a_volunteer_draft_comes_back_whole_and_a_confirmed_discard_drops_it(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    count = len(store.records.list(Volunteer))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await arrive(pilot, app, VolunteersScreen)
        await pilot.press("n")
        await arrive(pilot, app, VolunteerForm)
        await pilot.press(*"Veera")
        _fill(app, area="[/] Itä")  # shown back as typed, never read as markup
        app.screen.query_one("#in-has_car", Switch).value = True
        app.screen.query_one("#in-gender", Select).value = "female"
        await _kept(
            pilot,
            store.folder,
            "volunteer:new",
            **{"in-first_name": "Veera", "in-has_car": True, "in-gender": "female"},
        )
        app.terminal_lost()

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await arrive(pilot, app, VolunteersScreen)
        await pilot.press("n")
        await arrive(pilot, app, DraftDialog)
        offer = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Kirjoitit: Veera · [/] Itä" in offer  # typed texts only, not the choices' codes
        await _resume(pilot, app, VolunteerForm)
        assert _value(app, "in-first_name") == "Veera"
        assert app.screen.query_one("#in-has_car", Switch).value is True
        assert _value(app, "in-gender") == "female"
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
        await pilot.click("#discard")
        await arrive(pilot, app, VolunteersScreen)
    assert _drafts(store.folder) == {}
    assert len(Store.open(store.folder).records.list(Volunteer)) == count


async def test_a_damaged_drafts_file_is_said_and_the_form_opens(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    store.drafts.put("tester", "concern:new", {"in-what": "x"})
    (store.folder / "drafts" / "tester.json").write_text('{"drafts": {"1": {', encoding="utf-8")
    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await arrive(pilot, app, RaiseConcernScreen)
        await until(pilot, lambda: bool(app._notifications))
        said = " ".join(n.message for n in app._notifications)
        assert "vioittunut" in said and "poistettiin" in said
        assert type(app.screen) is RaiseConcernScreen
        await pilot.press(*"Kasper", "enter")
        app.screen.query_one("#in-what").focus()
        await pilot.press(*"uusi")
        await _kept(pilot, store.folder, "concern:new", **{"in-what": "uusi"})


async def test_a_new_guardian_draft_is_offered_on_the_same_client_only(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    clients = sorted(store.records.list(Client), key=lambda c: c.id or 0)
    client, another = clients[0], clients[1]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GuardianForm(client))
        await arrive(pilot, app, GuardianForm)
        _fill(app, first_name="Maarit", phone="040 765 4321")
        await _kept(
            pilot, store.folder, f"guardian:new:c{client.id}", **{"in-first_name": "Maarit"}
        )
        app.terminal_lost()

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GuardianForm(another))  # another client's guardian: nothing offered
        await arrive(pilot, app, GuardianForm)
        await until(pilot, lambda: app.screen.draft_state == "keeping")  # type: ignore[attr-defined]
        assert type(app.screen) is GuardianForm and _value(app, "in-first_name") == ""
        await pilot.press("escape")
        fresh = Store.open(store.folder).records.get(Client, client.id or 0)
        app.push_screen(GuardianForm(fresh))
        await _resume(pilot, app, GuardianForm)
        assert _value(app, "in-phone") == "040 765 4321"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen) is not GuardianForm)
    saved = Store.open(store.folder)
    names = [
        saved.records.get(Guardian, g).first_name
        for g in saved.records.get(Client, client.id or 0).guardian_ids
    ]
    assert "Maarit" in names
    assert _drafts(store.folder) == {}
