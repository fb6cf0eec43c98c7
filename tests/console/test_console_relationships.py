"""Relationships: the list, one relationship, ending with a reason, pausing, the conflict."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Select

from data.models import EndReason, Relationship, State
from data.store import Store
from data.store.records import Records
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app, until
from tui.pair_names import listed_pair
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import ConflictDialog
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.meeting_view import MeetingView
from tui.screens.relationship import EndDialog, RelationshipScreen
from tui.screens.relationship_work import TimelineTable
from tui.screens.relationships import RelationshipsScreen


async def test_section_lists_open_relationships_and_search_narrows(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert type(screen) is RelationshipsScreen
        table = screen.query_one("#list", DataTable)
        open_count = sum(1 for r in store.records.derived.relationships().values() if r.is_open)
        assert table.row_count == open_count
        await pilot.press("slash", *"Nurmi")  # the demo's pair, by its second person
        await until(pilot, lambda: table.row_count == 1)
        assert str(table.get_row_at(0)[1]) == "Kallio & Nurmi"  # not "Kallio Helmi & Nurmi"
        pair = next(r for r in store.records.relationship_facts().values() if r.second_id)
        narrow = listed_pair(store.records.volunteer_facts(), pair, 13)
        assert narrow == "Kallio Helmi +1"  # where not even the surnames fit
        await pilot.press(*["backspace"] * 5, *"Kasper", "enter")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("enter")
        await arrive(pilot, app, RelationshipScreen)
        assert app.screen.relationship_id == 8  # type: ignore[attr-defined]


async def test_relationship_screen_shows_the_agreement_and_the_timeline(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", 8)
        await pilot.pause()
        screen = app.screen
        heading = str(screen.query_one("#heading").render())
        assert "Kasper Manninen" in heading and "aktiivinen" in heading
        agreement = str(screen.query_one("#agreement").render())
        terms = store.records.get(Relationship, 8).agreement
        assert terms is not None  # held of the agreed maximum (the demo's numbers)
        assert f"{store.meetings.summary(8).held}/{terms.max_meetings}" in agreement
        assert "€" in agreement and "," in agreement
        table = screen.query_one("#timeline", DataTable)
        assert table.row_count == len(store.meetings.of(8))
        newest = max(store.meetings.of(8), key=lambda m: (m.on, m.id or 0))
        assert table.get_row_at(0)[0] == f"{newest.on.day}.{newest.on.month}.{newest.on.year}"
        # resume does not apply to an active relationship
        assert screen.check_action("resume", ()) is False
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        assert app.screen.query_one("RelationshipPicker").value.relationship_id == 8  # type: ignore[attr-defined]


async def test_pause_then_end_with_a_reason(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", 10)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert Store.open(store.folder).records.get(Relationship, 10).state is State.PAUSED
        assert app.screen.check_action("resume", ()) is True
        await pilot.press("x")
        await arrive(pilot, app, EndDialog)
        app.screen.query_one("#in-end_reason", Select).value = EndReason.FAMILY.value
        await pilot.press("ctrl+s")
        await arrive(pilot, app, RelationshipScreen)
    stored = Store.open(store.folder).records.get(Relationship, 10)
    assert stored.state is State.ENDED
    assert stored.end_reason is EndReason.FAMILY and stored.ended_on == TODAY


async def test_other_reason_needs_a_note(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", 10)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#in-end_reason", Select).value = EndReason.OTHER.value
        await pilot.press("ctrl+s")
        await arrive(pilot, app, EndDialog)
        app.screen.query_one("#in-end_note").focus()
        await pilot.press(*"muutto")
        await pilot.press("ctrl+s")
        await pilot.pause()
    stored = Store.open(store.folder).records.get(Relationship, 10)
    assert stored.end_reason is EndReason.OTHER and stored.end_note == "muutto"


async def test_a_change_made_meanwhile_opens_the_conflict_dialog(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", 8)
        await arrive(pilot, app, RelationshipScreen)
        screen = app.screen
        await until(pilot, lambda: screen.relationship is not None)  # type: ignore[attr-defined]
        await pilot.press("x")
        await arrive(pilot, app, EndDialog)
        # Someone else changes the relationship while the dialog is open. The end is saved on
        # the version the screen had when "x" was pressed, whenever the console's poll notices
        # the change (before, the change came first and a poll on a slow machine could reload
        # the screen before "x", so the end went through without a conflict).
        other = Store.open(store.folder)
        loaded = other.records.get(Relationship, 8)
        other.relationships.set_state("someone", 8, loaded.version, State.PAUSED, TODAY, "holiday")
        app.screen.query_one("#in-end_reason", Select).value = EndReason.GOALS_MET.value
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConflictDialog)
    stored = Store.open(store.folder).records.get(Relationship, 8)
    assert stored.state is State.PAUSED and stored.end_reason is None
    assert stored.changed_by == "someone"


async def test_a_damaged_shard_stops_the_console_with_a_message_in_its_language(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    path = store.folder / "rel" / "8.json"
    path.write_bytes(path.read_bytes()[:100])
    app = make_app(store)
    async with app.run_test(size=SIZE):
        app.open_subject("relationship", 8)
        for _ in range(200):  # the app stops itself: wait for that, not for the screen
            if app._exit_renderables:
                break
            await asyncio.sleep(0.05)
        message = " ".join(map(str, app._exit_renderables))
    assert app.return_code == 1
    assert "rel/8.json" in message and "vioittunut" in message and "check --repair" in message
    assert path.read_bytes()[:100] == path.read_bytes()  # nothing was overwritten


async def test_the_list_searches_without_reading_the_store_and_keeps_its_row(
    tmp_path: Path, monkeypatch: Any
) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    reads = []
    real = Records.relationship_facts

    def counted(self: Records) -> Any:
        reads.append(1)
        return real(self)

    monkeypatch.setattr(Records, "relationship_facts", counted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await arrive(pilot, app, RelationshipsScreen)
        screen = app.screen
        table = screen.query_one("#list", DataTable)
        before = len(reads)
        await pilot.press("slash", *"Kasper")
        await pilot.pause()
        assert len(reads) == before and table.row_count == 1  # narrowed in memory
        await pilot.press("enter")  # to the table
        kept = screen.current_key()  # type: ignore[attr-defined]
        screen.refresh_data()  # type: ignore[attr-defined]
        assert screen.current_key() == kept == "8"  # type: ignore[attr-defined]


async def test_the_page_names_its_people_without_reading_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heading's two names come from the facts index: the whole client and volunteer
    files (15 MB at national scale) are not read for them."""
    from data.models import Client, Volunteer

    store = demo_store(tmp_path / "d")
    rel = store.records.get(Relationship, 8)
    client, volunteer = (
        store.records.get(Client, rel.client_id),
        store.records.get(Volunteer, rel.volunteer_id),
    )
    stored = Records.stored

    def not_people(self: Records, model: Any) -> Any:
        assert model not in (Client, Volunteer), "a whole file of people was read"
        return stored(self, model)

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)  # (the start screen's areas read them)
        monkeypatch.setattr(Records, "stored", not_people)
        app.open_subject("relationship", 8)
        await arrive(pilot, app, RelationshipScreen)
        heading = str(app.screen.query_one("#heading").render())
        assert client.name in heading and volunteer.name in heading


async def test_the_page_s_reports_read_its_own_facts_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which months a relationship owes a report is judged by its facts worked out from the
    record (``of_relationship``: the same as the index holds), not by building the facts of
    every relationship (22,387 at national scale) for one."""
    from data.model.facts import of_relationship

    store = demo_store(tmp_path / "d")
    index = store.records.relationship_facts()
    assert all(of_relationship(r) == index[r.id] for r in store.records.list(Relationship))
    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)

        def unread(*args: Any) -> Any:
            raise AssertionError("every relationship's facts were built")

        monkeypatch.setattr(Records, "relationship_facts", unread)
        app.open_subject("relationship", 8)
        await arrive(pilot, app, RelationshipScreen)
        assert str(app.screen.query_one("#reports").render())


async def test_the_timeline_takes_its_rows_a_page_at_a_time_down_to_the_oldest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The busiest relationship's timeline holds a page of rows; moving down (or ctrl+end)
    adds the next ones, in order, down to the oldest meeting."""
    monkeypatch.setattr(TimelineTable, "PAGE", 10)
    store = demo_store(tmp_path / "d")
    rel = max(store.records.list(Relationship), key=lambda r: len(store.meetings.of(r.id or 0)))
    rid = rel.id or 0
    items = [((m.on, 0, m.id or 0), str(m.id)) for m in store.meetings.of(rid)]
    items += [((c.on, 1, c.id or 0), f"c{c.id}") for c in store.contacts.of(rid)]
    keys = [key for _, key in sorted(items, reverse=True)]  # newest first
    oldest = min(store.meetings.of(rid), key=lambda m: (m.on, m.id or 0))
    assert len(keys) > 30 and keys[-1] == str(oldest.id)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", rid)
        await arrive(pilot, app, RelationshipScreen)
        table = app.screen.query_one("#timeline", DataTable)
        assert table.row_count == 10
        table.focus()
        await pilot.press(*["pagedown"] * 8, *["down"] * len(keys))
        await until(pilot, lambda: table.cursor_row == len(keys) - 1)
        shown = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(len(keys))]
        assert table.row_count == len(keys) and shown == keys
        last = table.get_row_at(len(keys) - 1)
        assert last[0] == f"{oldest.on.day}.{oldest.on.month}.{oldest.on.year}"
        await pilot.press("enter")  # its whole report
        await arrive(pilot, app, MeetingView)
        assert app.screen.meeting_id == oldest.id  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("relationship", rid)  # a new page: a page of rows; ctrl+end, all
        await arrive(pilot, app, RelationshipScreen)
        table = app.screen.query_one("#timeline", DataTable)
        assert table.row_count == 10
        table.focus()
        await pilot.press("ctrl+end")
        await until(pilot, lambda: table.cursor_row == len(keys) - 1)
        assert table.row_count == len(keys)
        assert table.coordinate_to_cell_key((len(keys) - 1, 0)).row_key.value == keys[-1]


async def _page_of(app: Any, pilot: Any, rid: int) -> Any:
    app.open_subject("relationship", rid)
    await arrive(pilot, app, RelationshipScreen)
    page = app.screen
    await until(pilot, lambda: page.relationship is not None and not page.stale)
    await pilot.pause()
    return page


async def test_a_page_opened_again_shows_what_a_new_page_shows(tmp_path: Path) -> None:
    """The page is kept between openings: opened again for another relationship (in another
    state: other keys), after its timeline was scrolled and focused, it shows exactly what a
    new console's page shows, and each opening logs its client as seen."""
    store = demo_store(tmp_path / "d")
    rels = {r.id: r for r in store.records.list(Relationship)}
    first = max(rels, key=lambda rid: len(store.meetings.of(rid or 0)))  # a long timeline
    second = next(
        rid for rid, r in rels.items() if r.agreement and r.state is not rels[first].state
    )
    assert first is not None and second is not None
    fresh = make_app(store)
    async with fresh.run_test(size=SIZE) as pilot:
        await arrive(pilot, fresh, DashboardScreen)
        await _page_of(fresh, pilot, second)
        expected = fresh.export_screenshot()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        page = await _page_of(app, pilot, first)
        table = page.query_one("#timeline", DataTable)
        table.focus()
        await pilot.press(*["pagedown"] * 3)
        await pilot.press("escape")  # (the timeline's focus: the page's escape closes it)
        await arrive(pilot, app, DashboardScreen)
        again = await _page_of(app, pilot, second)
        assert again is page  # the same page, kept
        assert app.export_screenshot() == expected
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        assert await _page_of(app, pilot, second) is page
    views = [
        e.client
        for e in Store.open(store.folder).access.entries("tester")
        if e.by == "tester" and e.view.value == "relationship_page"
    ]
    client = rels[second].client_id  # type: ignore[index]
    assert views == [client, rels[first].client_id, client, client]  # type: ignore[index]


async def test_a_kept_page_opened_for_a_missing_relationship_shows_nothing_of_the_last(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    fresh = make_app(store)
    async with fresh.run_test(size=SIZE) as pilot:
        await arrive(pilot, fresh, DashboardScreen)
        fresh.open_subject("relationship", 9999)
        await arrive(pilot, fresh, RelationshipScreen)
        await pilot.pause()
        expected = fresh.export_screenshot()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        page = await _page_of(app, pilot, 8)
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("relationship", 9999)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.pause()
        assert app.screen is page and page.relationship is None
        assert app.export_screenshot() == expected


async def test_a_kept_page_shown_after_a_theme_change_is_styled_in_the_new_theme(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    fresh = make_app(store)
    async with fresh.run_test(size=SIZE) as pilot:
        await arrive(pilot, fresh, DashboardScreen)
        fresh.theme = "textual-light"
        await pilot.pause()
        await _page_of(fresh, pilot, 8)
        expected = fresh.export_screenshot()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        page = await _page_of(app, pilot, 8)
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        app.theme = "textual-light"  # while the page is kept, not shown
        await pilot.pause()
        assert await _page_of(app, pilot, 8) is page
        assert app.export_screenshot() == expected
