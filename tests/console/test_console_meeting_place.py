"""The meeting log's kind of place (issue 16, seed 000): a meeting at the volunteer's home
without the guardian's consent is warned of, the reason asked for beside the fields, and the
meeting stored with it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, Static

from data.model.peer import Parties, PeerGroup, PeerTerms
from data.model.place import PlaceKind
from data.store import Store
from tests.console_helpers import SIZE, arrive, make_app, until
from tests.factories import active
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.meeting_place import ConsentAsk


async def test_a_home_meeting_without_consent_asks_for_the_reason(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s")
    rid = active(store).id  # the agreement gives no consent to home visits
    assert rid is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        kind = screen.query_one("#in-place_kind", Select)
        assert kind.value == PlaceKind.OUTDOORS.value  # outside the home by default
        kind.value = PlaceKind.VOLUNTEER_HOME.value
        await pilot.press(*"leipominen", "ctrl+s")
        ask = screen.query_one(ConsentAsk)
        await until(pilot, lambda: ask.display)
        assert type(app.screen) is MeetingLogScreen
        why = str(ask.query_one("#consent-why", Static).render())
        assert "ei ole suostunut tapaamisiin tukihenkilön kotona" in why
        assert screen.focused is screen.query_one("#in-consent_reason", Input)
        assert Store.open(store.folder).meetings.of(rid) == []  # refused: nothing stored
        await pilot.press(*"sovittu puhelimessa", "ctrl+s")
        await until(pilot, lambda: type(app.screen) is not MeetingLogScreen)
    saved = Store.open(store.folder).meetings.of(rid)
    assert [(m.place_kind, m.activity, m.consent_reason) for m in saved] == [
        (PlaceKind.VOLUNTEER_HOME, "leipominen", "sovittu puhelimessa")
    ]


async def test_the_missing_consent_is_said_as_soon_as_the_home_or_the_car_is_picked(
    tmp_path: Path,
) -> None:
    from textual.widgets import Switch

    store = Store.open(tmp_path / "s")
    rid = active(store).id  # the agreement gives neither consent
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        kind = screen.query_one("#in-place_kind", Select)
        kind.value = PlaceKind.VOLUNTEER_HOME.value
        await until(
            pilot, lambda: bool(screen.query(ConsentAsk)) and screen.query_one(ConsentAsk).display
        )
        why = screen.query_one("#consent-why", Static)
        assert "ei ole suostunut tapaamisiin tukihenkilön kotona" in str(why.render())
        assert Store.open(store.folder).meetings.of(rid) == []  # said, nothing saved
        kind.value = PlaceKind.CAFE.value  # not at home after all: the note goes
        ask = screen.query_one(ConsentAsk)
        await until(pilot, lambda: not ask.display)
        screen.query_one("#in-by_car", Switch).value = True
        await until(pilot, lambda: ask.display and "kyyteihin" in str(why.render()))


async def test_a_peer_start_meeting_records_the_three_parties(tmp_path: Path) -> None:
    """The start palaveri of peer support asks for the municipality, who signed for it, the
    day signed and the peer group's timing; the draft keeps them as the decision."""
    from data.models import ClientKind, Relationship, VolunteerKind
    from tests.console_helpers import open_palaveri
    from tests.factories import USER, ago, client, rates, volunteer
    from tui.screens.relationship import RelationshipScreen

    store = Store.open(tmp_path / "s")
    rates(store)
    parent = client(store, kind=ClientKind.PARENT, birth_date=ago(35 * 365))
    peer = volunteer(store, kind=VolunteerKind.PEER)
    rel = store.relationships.propose(
        USER, Relationship(client_id=parent.id, volunteer_id=peer.id), on=ago(20)
    )
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_palaveri(pilot, app, rel.id)
        for name, value in (("municipality", "Kuopio"), ("signed_by", "Sirpa Sosiaali")):
            screen.query_one(f"#in-pp_{name}", Input).value = value
        screen.query_one("#in-pp_signed_on", Input).value = "2.12.2026"
        screen.query_one("#in-pp_group", Select).value = PeerGroup.AFTER
        screen.dirty = True
        await pilot.press("escape")  # leave: the draft is saved
        await arrive(pilot, app, RelationshipScreen)
    (draft,) = Store.open(store.folder).palaverit.drafts(rel.id)
    assert draft.decisions.peer == PeerTerms(
        parties=Parties(municipality="Kuopio", signed_by="Sirpa Sosiaali"),
        signed_on=date(2026, 12, 2),
        peer_group=PeerGroup.AFTER,
    )
