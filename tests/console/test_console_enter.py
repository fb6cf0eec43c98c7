"""One rule for Enter in every form: it moves on to the next field, exactly as Tab does (the
relationship picker chooses first), and a field that already holds text has it selected when
the focus lands there, so typing replaces it; ctrl+s saves. Keys are sent in one burst, as a
terminal over SSH delivers them. A cancelled meeting is one key (ctrl+l) from the form."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Select

from data.dates import HELSINKI
from data.model.place import PlaceKind
from data.models import (
    CancelReason,
    Client,
    Concern,
    MeetingStatus,
    Relationship,
    State,
)
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.client_form import ClientForm
from tui.screens.clients import ClientsScreen
from tui.screens.concerns import RaiseConcernScreen
from tui.screens.guardian_form import GuardianForm
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import StartPalaveriDialog
from tui.screens.relationship import RelationshipScreen
from tui.screens.volunteer_form import VolunteerForm

_CHARS = {"tab": "\t", "enter": "\r", "escape": "\x1b", "full_stop": ".", "space": " "}


def burst(app: TukiApp, *keys: str) -> None:
    """Post every key at once: the app sees them all queued before it handles the first.
    A name of more than one letter is a key name (enter, tab, ctrl+l); '.' is typed too."""
    for key in keys:
        name = "full_stop" if key == "." else "space" if key == " " else key
        char = _CHARS.get(name, key if len(key) == 1 else None)
        app.post_message(events.Key(name, char))


def _value(app: TukiApp, name: str) -> str:
    return app.screen.query_one(f"#in-{name}", Input).value


async def _opened(pilot: object, app: TukiApp, screen: type, focus: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, screen))
    await until(pilot, lambda: app.focused is not None and app.focused.id == focus)
    assert app.focused is not None and app.focused.id == focus


# ----- Enter moves on, a filled field's text is replaced -----------------------------------


async def test_concern_form_enter_moves_on_and_typing_replaces_the_date(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        burst(app, "c")
        await _opened(pilot, app, RaiseConcernScreen, "pick-input")
        # the picker chooses and moves on to the date (now: 20.11.2026), Enter to the time
        # (12.00), Tab past the two dropdowns to what was seen
        burst(app, *"Kasper", "enter", *"19.11.2026", "enter", *"9.30")
        burst(app, "tab", "tab", "tab", *"mustelmia", "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RaiseConcernScreen))
    concern = max(Store.open(store.folder).records.list(Concern), key=lambda c: c.id or 0)
    assert concern.relationship_id == 8
    assert concern.noticed_at == datetime(2026, 11, 19, 9, 30, tzinfo=HELSINKI)
    assert concern.what == "mustelmia"


async def test_meeting_form_enter_lands_on_the_date_and_typing_replaces_it(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    before = {m.id for m in store.meetings.of(8)}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        burst(app, "l")
        await _opened(pilot, app, MeetingLogScreen, "pick-input")
        burst(app, *"Kasper", "enter", *"19.11.2026", "enter")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-status")
        assert _value(app, "on") == "19.11.2026"  # not '20.11.202619.11.2026'
        burst(app, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingLogScreen))
    (saved,) = [m for m in Store.open(store.folder).meetings.of(8) if m.id not in before]
    assert saved.on == date(2026, 11, 19) and saved.held


async def test_meeting_form_enter_goes_from_text_field_to_text_field(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = {m.id for m in store.meetings.of(8)}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.action_log_meeting(8)  # from the relationship: the activity has the focus
        await _opened(pilot, app, MeetingLogScreen, "in-activity")
        # what was done, the kind of place (a letter chooses it: "muu"), the place, how it went
        burst(app, *"elokuvat", "enter", "m", "enter", *"Kino", "enter", *"hyvin", "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingLogScreen))
    (saved,) = [m for m in Store.open(store.folder).meetings.of(8) if m.id not in before]
    assert (saved.activity, saved.place, saved.report.how_it_went) == ("elokuvat", "Kino", "hyvin")
    assert saved.place_kind is PlaceKind.OTHER


async def test_client_form_enter_moves_on_like_tab(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        burst(app, "n")
        await _opened(pilot, app, ClientForm, "in-first_name")
        burst(app, *"Oona", "enter", *"Ojala", "enter", *"1.1.2015", "enter")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-kind")
        got = tuple(_value(app, n) for n in ("first_name", "last_name", "birth_date"))
        assert got == ("Oona", "Ojala", "1.1.2015")


async def test_guardian_form_replaces_the_prefilled_last_name(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    client = next(c for c in store.records.list(Client) if c.last_name)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.push_screen(GuardianForm(client))
        await _opened(pilot, app, GuardianForm, "in-first_name")
        assert _value(app, "last_name") == client.last_name  # the child's, as a guess
        burst(app, *"Anna", "enter", *"Virtanen", "enter")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-relation")
        assert (_value(app, "first_name"), _value(app, "last_name")) == ("Anna", "Virtanen")


async def test_volunteer_form_enter_moves_on_like_tab(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.push_screen(VolunteerForm(None))
        await _opened(pilot, app, VolunteerForm, "in-first_name")
        burst(app, *"Pia", "enter", *"Koski", "enter", *"1990", "enter")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-gender")
        got = tuple(_value(app, n) for n in ("first_name", "last_name", "birth_year"))
        assert got == ("Pia", "Koski", "1990")


async def test_palaveri_start_dialog_enter_moves_on_and_ctrl_s_begins(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("relationship", rel.id)
        await arrive(pilot, app, RelationshipScreen)
        burst(app, "a")
        await _opened(pilot, app, StartPalaveriDialog, "in-kind")
        burst(app, "tab", *"18.11.2026", "enter")  # Enter does not begin: it moves on
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-kind")
        assert isinstance(app.screen, StartPalaveriDialog)
        assert _value(app, "on") == "18.11.2026"
        burst(app, "ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
        assert app.screen.palaveri.on == date(2026, 11, 18)  # type: ignore[attr-defined]


# ----- a cancelled meeting in one key -------------------------------------------------------


async def test_cancelled_meeting_in_one_key_from_the_start_screen(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = {m.id for m in store.meetings.of(8)}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        keys = ["l", *"Kasper", "enter", "ctrl+l", "ctrl+s"]
        burst(app, *keys)
        # until it is saved (the form closed is true before the burst has opened it, too)
        await until(pilot, lambda: {m.id for m in store.meetings.of(8)} != before, rounds=200)
        assert not isinstance(app.screen, MeetingLogScreen)
        assert len(keys) == 10  # 'l', the name, Enter, ctrl+l, ctrl+s
    (saved,) = [m for m in Store.open(store.folder).meetings.of(8) if m.id not in before]
    assert saved.status is MeetingStatus.CANCELLED
    assert saved.cancel_reason is CancelReason.VOLUNTEER_ILL


async def test_the_cancelled_key_shows_switches_back_and_focuses_the_reason(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    before = {m.id for m in store.meetings.of(8)}
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.action_log_meeting(8)
        await _opened(pilot, app, MeetingLogScreen, "in-activity")
        screen = app.screen
        footer = " ".join(str(w.render()) for w in screen.query("FooterKey"))
        assert "Peruttu/pidetty" in footer and "^l" in footer
        status = screen.query_one("#in-status", Select)
        burst(app, "ctrl+l")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-cancel_reason")
        assert status.value == MeetingStatus.CANCELLED.value
        assert screen.query_one("#cancel-row").display
        burst(app, "ctrl+l")  # and back
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-activity")
        assert status.value == MeetingStatus.HELD.value
        burst(app, "ctrl+l", "down")  # the reason's list opens with the key right after it
        await until(pilot, lambda: screen.query_one("#in-cancel_reason", Select).expanded)
        burst(app, "down", "enter", "ctrl+s")  # the second reason: the child was ill
        await until(pilot, lambda: not isinstance(app.screen, MeetingLogScreen))
    (saved,) = [m for m in Store.open(store.folder).meetings.of(8) if m.id not in before]
    assert saved.status is MeetingStatus.CANCELLED
    assert saved.cancel_reason is CancelReason.CHILD_ILL


async def test_the_cancelled_key_can_be_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"meetings.cancelled" = "f6"\n')
    monkeypatch.setenv("TUKI_KEYMAP", str(path))
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    assert app.notices == []
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.action_log_meeting(8)
        await _opened(pilot, app, MeetingLogScreen, "in-activity")
        burst(app, "f6")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "in-cancel_reason")
        assert app.screen.query_one("#in-status", Select).value == MeetingStatus.CANCELLED.value


async def test_keys_typed_on_a_closed_dropdown_choose_or_say_so_and_enter_moves_on(
    tmp_path: Path,
) -> None:
    """Found over SSH: a place name typed while the client-kind dropdown had the focus went
    nowhere, Enter opened the list and the next word chose 'parent' for a child unnoticed."""
    from data.models import ClientKind

    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("n")
        await arrive(pilot, app, ClientForm)
        kind = app.screen.query_one("#in-kind", Select)
        kind.focus()
        await until(pilot, lambda: app.focused is kind)
        burst(app, *"Kotka", "enter", *"Karhula")
        municipality = app.screen.query_one("#in-municipality", Input)
        await until(pilot, lambda: municipality.value == "Karhula")
        assert municipality.value == "Karhula", municipality.value
        assert kind.value is ClientKind.CHILD and not kind.expanded  # nothing chosen by accident
        assert any("Kotka" in str(n.message) for n in app._notifications)  # said, not swallowed
        kind.focus()
        await until(pilot, lambda: app.focused is kind)
        burst(app, "v")  # a letter chooses, as in a web form: "vanhempi (vertaistuki)"
        await until(pilot, lambda: kind.value is ClientKind.PARENT)
        assert kind.value is ClientKind.PARENT and not kind.expanded
