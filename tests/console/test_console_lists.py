"""The five lists are one RecordList: each keeps its cursor on the same record across a
refresh, opens a row with one ``Opened`` message, and searches without reading the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from data.models import Client, Concern, ConcernAbout, Relationship, State, Urgency
from data.store import Store
from tests.console_helpers import NOW, SIZE, TODAY, arrive, demo_store, make_app, until
from tests.factories import active, client, volunteer
from tui.app import TukiApp
from tui.screens.base import TukiScreen
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.clients import ClientsScreen
from tui.screens.concerns import ConcernDetailScreen, ConcernsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.record_list import RecordList
from tui.screens.relationship import RelationshipScreen
from tui.screens.relationships import RelationshipsScreen
from tui.screens.volunteers import VolunteerDetailScreen, VolunteersScreen


def untold_concern(store: Store) -> None:
    """A concern nobody was told of yet: it sorts first among concerns and alerts."""
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    store.concerns.add(
        "other",
        Concern(
            client_id=rel.client_id,
            relationship_id=rel.id,
            noticed_at=NOW - timedelta(hours=1),
            noticed_by="Opettaja",
            about=ConcernAbout.CHILD,
            what="Uusi huoli",
            urgency=Urgency.URGENT,
        ),
    )


def aalto_relationship(store: Store) -> None:
    """An active relationship whose client's surname sorts first (lists sort by surname)."""
    rel = active(store)
    store.records.update(
        "other", store.records.get(Client, rel.client_id).model_copy(update={"last_name": "Aalto"})
    )


#: mode -> the list, and what another coordinator adds that is shown before the second row
LISTS: dict[str, tuple[type[RecordList[Any]], Callable[[Store], object]]] = {
    "dashboard": (DashboardScreen, untold_concern),
    "clients": (ClientsScreen, lambda s: client(s, first_name="Aapo", last_name="Aalto")),
    "volunteers": (
        VolunteersScreen,
        lambda s: volunteer(s, first_name="Aapo", last_name="Aaltonen"),
    ),
    "relationships": (RelationshipsScreen, aalto_relationship),
    "concerns": (ConcernsScreen, untold_concern),
}
#: what Enter opens: the subject's screen and the attribute that holds its id
OPENS: dict[str, tuple[type[TukiScreen], str]] = {
    "client": (ClientDetailScreen, "client_id"),
    "volunteer": (VolunteerDetailScreen, "volunteer_id"),
    "relationship": (RelationshipScreen, "relationship_id"),
    "concern": (ConcernDetailScreen, "concern_id"),
}


async def open_list(pilot: Any, app: TukiApp, mode: str) -> RecordList[Any]:
    """The list of ``mode`` shown and filled, its cursor on the second row."""
    cls = LISTS[mode][0]
    app.action_section(mode)
    await arrive(pilot, app, cls)
    screen = app.screen
    assert isinstance(screen, cls)
    assert screen.query_one("#list", DataTable).has_focus and len(screen.rows) >= 2
    await pilot.press("down")
    await until(pilot, lambda: screen.table.cursor_row == 1)
    return screen


@pytest.mark.parametrize("mode", list(LISTS))
async def test_the_cursor_stays_on_its_record_when_one_is_added_before_it(
    tmp_path: Path, mode: str
) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, mode)
        kept, count = screen.current_key(), len(screen.loaded)
        LISTS[mode][1](Store.open(store.folder))  # another coordinator, another process
        app.poll_for_changes()  # the 2-second poll, called directly
        await until(pilot, lambda: len(screen.loaded) > count)
        assert screen.current_key() == kept
        assert screen.table.cursor_row == 2  # the new record came before it
        assert screen.keys[0] != kept and screen.keys.index(kept) == 2


@pytest.mark.parametrize("mode", list(LISTS))
async def test_enter_posts_one_opened_and_opens_the_subject(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, int]] = []
    handler = RecordList.on_record_list_opened

    def spy(self: RecordList[Any], event: RecordList.Opened) -> None:
        opened.append((event.kind, event.record_id))
        handler(self, event)

    monkeypatch.setattr(RecordList, "on_record_list_opened", spy)
    app = make_app(demo_store(tmp_path / "d"), poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, mode)
        # at 80 columns every column is seen whole: nothing hides past the right edge
        assert screen.table.max_scroll_x == 0, (screen.table.virtual_size, screen.table.size)
        row = screen.current()
        assert row is not None
        kind, record_id = screen.subject(row)
        detail, attribute = OPENS[kind]
        await pilot.press("enter")
        await arrive(pilot, app, detail)
        for _ in range(3):  # a second message, if one were posted, would arrive meanwhile
            await pilot.pause()
        assert opened == [(kind, record_id)]
        assert getattr(app.screen, attribute) == record_id
        assert len(app.screen_stack) == 2  # one screen opened over the list


@pytest.mark.parametrize("mode", ["clients", "volunteers", "relationships"])
async def test_a_search_narrows_the_loaded_rows_without_reading_the_store(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cls = LISTS[mode][0]
    loads: list[int] = []
    load = cls.load

    def counted(self: RecordList[Any]) -> Any:
        loads.append(1)
        return load(self)

    monkeypatch.setattr(cls, "load", counted)
    app = make_app(demo_store(tmp_path / "d"), poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, mode)
        assert loads == [1]
        total = screen.table.row_count
        word = str(screen.cells(screen.rows[1])[0]).split()[-1]  # a surname in the list
        await pilot.press("slash", *word)
        await until(pilot, lambda: screen.table.row_count < total)
        assert 1 <= screen.table.row_count < total
        assert all(word.casefold() in screen.text(r).casefold() for r in screen.rows)
        await pilot.press("enter")  # back to the table: the search stays
        await until(pilot, lambda: screen.table.has_focus)
        await pilot.press("f")  # a filter, too, works on the loaded rows
        await pilot.pause()
        assert loads == [1]


async def test_showing_the_closed_concerns_too_reads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the toggle re-read the store; now it is the list's filter like any other."""
    store = demo_store(tmp_path / "d")
    loads: list[int] = []
    load = ConcernsScreen.load

    def counted(self: ConcernsScreen) -> Any:
        loads.append(1)
        return load(self)

    monkeypatch.setattr(ConcernsScreen, "load", counted)
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, "concerns")
        kept = screen.current_key()
        everything = len(store.records.list(Concern))
        assert (
            len(screen.rows)
            == sum(1 for c in store.records.list(Concern) if c.is_open)
            < everything
        )
        await pilot.press("a")
        await until(pilot, lambda: len(screen.rows) == everything)
        assert screen.current_key() == kept and loads == [1]
        assert "Kaikki huolet" in str(screen.query_one("#status").render())
        await pilot.press("a")
        await until(pilot, lambda: len(screen.rows) < everything)
        assert loads == [1]


async def test_a_list_says_when_it_shows_only_the_first_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ClientsScreen, "SHOWN", 5)
    store = demo_store(tmp_path / "d")
    total = len(store.records.list(Client))
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, "clients")
        held = screen.table.row_count
        assert 5 <= held < total and held % 5 == 0  # pages of SHOWN, not every client
        status = str(screen.query_one("#status").render())
        assert f"ensimmäiset {held} / {total}; loput {total - held}" in status
        await pilot.press("slash", *str(screen.cells(screen.rows[1])[0]).split()[-1])
        await until(pilot, lambda: screen.table.row_count < 5)
        assert "ensimmäiset" not in str(screen.query_one("#status").render())


async def test_moving_down_brings_the_next_rows_until_every_match_is_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table holds a page at a time: the cursor (or the view) near its last row adds the
    next page, in the list's order, and the status line counts what is still below."""
    monkeypatch.setattr(ClientsScreen, "SHOWN", 5)
    store = demo_store(tmp_path / "d")
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, "clients")
        total = len(screen.loaded)
        assert screen.table.row_count < total
        for _ in range(total):  # ctrl+End: the last row held, which fetches the next page
            if screen.table.row_count == total:
                break
            held = screen.table.row_count
            await pilot.press("ctrl+end")
            await until(pilot, lambda held=held: screen.table.row_count > held)
        assert screen.table.row_count == total
        assert [r.id for r in screen.rows] == [r.id for r in screen.loaded]  # the list's order
        assert screen.keys == [str(r.id) for r in screen.loaded]
        assert "ensimmäiset" not in str(screen.query_one("#status").render())
        kept = screen.current_key()
        app.refresh_screens()  # a refresh keeps every row held and the cursor on its record
        await until(pilot, lambda: not screen.stale)
        assert screen.table.row_count == total and screen.current_key() == kept


async def test_a_refresh_redraws_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing held changed: the table is left as it is. One client's area changed in another
    process: that cell is updated, the rows are not built again."""
    from tui.widgets.list_table import ListTable

    store = demo_store(tmp_path / "d")
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, "clients")
        built: list[str] = []
        for name in ("add_row", "clear", "update_cell"):
            method = getattr(ListTable, name)

            def spy(self: Any, *args: Any, _m: Any = method, _n: str = name, **kw: Any) -> Any:
                built.append(_n)
                return _m(self, *args, **kw)

            monkeypatch.setattr(ListTable, name, spy)
        read = screen.read_generation
        app.refresh_screens()
        await until(pilot, lambda: screen.read_generation != read)
        assert built == []
        row = screen.current()
        assert row is not None
        other = Store.open(store.folder)  # another coordinator, another process
        changed = other.records.get(Client, row.id).model_copy(update={"area": "Uusi alue"})
        other.records.update("other", changed)
        app.poll_for_changes()
        await until(pilot, lambda: "update_cell" in built)
        assert built == ["update_cell"]
        assert screen.table.get_row(str(row.id))[2] == "Uusi alue"
        assert screen.current_key() == str(row.id)


async def test_a_search_that_matches_nothing_shows_the_empty_note_under_the_headings(
    tmp_path: Path,
) -> None:
    app = make_app(demo_store(tmp_path / "d"), poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, "volunteers")
        await pilot.press("slash", *"zzz")
        await until(pilot, lambda: screen.has_class("-empty"))
        note = screen.query_one("#empty")
        await until(pilot, lambda: note.region.height > 0)
        assert "Ei hakua vastaavia" in str(note.render())
        assert note.region.y <= screen.table.region.y + 2  # not at the bottom of the screen
        await pilot.press("escape")
        screen.query_one("#search", Input).value = ""
        await until(pilot, lambda: not screen.has_class("-empty"))
        assert note.region.height == 0 and screen.table.row_count == len(screen.loaded)


def log_meeting(store: Store) -> None:
    """A held meeting of an active relationship: its count in the list goes up by one."""
    from data.models import Meeting

    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    store.meetings.log("other", Meeting(relationship_id=rel.id, on=TODAY, activity="x"))


def rename_volunteer(store: Store) -> None:
    """A volunteer renamed to sort first: the volunteers and relationships lists reorder."""
    from data.models import Volunteer

    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    v = store.records.get(Volunteer, rel.volunteer_id)
    store.records.update("other", v.model_copy(update={"last_name": "Aaberg"}))


@pytest.mark.parametrize("mode", ["clients", "volunteers", "relationships"])
async def test_rows_kept_between_reads_are_what_a_fresh_read_gives(
    tmp_path: Path, mode: str
) -> None:
    """The lists make a row again only when its data changed and sort again only when a name
    changed: after each change by another process, what the list holds (order, cells, search
    texts) is what a list that never read before reads."""
    store = demo_store(tmp_path / "d")
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, mode)

        def held(rows: Any) -> list[tuple[Any, ...]]:
            return [(screen.key(r), screen.cells(r), screen.text(r)) for r in rows]

        assert held(screen.loaded) == held(type(screen)().load())
        other = Store.open(store.folder)  # another coordinator, another process
        for change in (log_meeting, rename_volunteer, aalto_relationship, log_meeting):
            before = held(screen.loaded)
            change(other)
            read = screen.read_generation
            app.poll_for_changes()
            await until(pilot, lambda read=read: screen.read_generation != read)
            assert held(screen.loaded) == held(type(screen)().load())
            assert screen.haystacks == [screen.text(r).casefold() for r in screen.loaded]
            assert screen.keys == [screen.key(r) for r in screen.rows]
            table = [tuple(screen.table.get_row(key)) for key in screen.keys]
            assert table == [screen.cells(r) for r in screen.rows]  # only changes were drawn
            if change is log_meeting and mode == "relationships":
                assert held(screen.loaded) != before  # the count went up


def test_a_list_has_its_usual_first_look_before_it_is_styled() -> None:
    """No status line and no detail line until show() says otherwise: setting them once the
    list was shown styled its widgets again (4 restylings of the clients list's first visit,
    2 now)."""
    for cls in (ClientsScreen, VolunteersScreen, RelationshipsScreen):
        assert cls().has_class("-no-status", "-no-detail")
