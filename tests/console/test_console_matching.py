"""Matching in the console: waiting list → ranked volunteers → proposal, and the whole pool."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from data.models import Relationship, State, Volunteer
from data.rules.alerts import AlertKind
from data.store import Store
from tests.console_helpers import NOW, SIZE, TODAY, arrive, demo_store, make_app, until
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.match_pool import PoolScreen
from tui.screens.matching import CompareDialog, ExcludedDialog, MatchingScreen, ShortlistScreen


async def test_from_the_waiting_list_to_a_proposed_relationship(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    pool = store.matching.pool(TODAY)
    first = pool.clients[0]  # the longest wait is on top
    best = store.matching.shortlist(first.client_id, TODAY).suggestions[0]
    before = {r.id for r in store.records.list(Relationship)}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await arrive(pilot, app, MatchingScreen)
        await pilot.press("enter")
        await arrive(pilot, app, ShortlistScreen)
        screen = app.screen
        assert screen.client_id == first.client_id  # type: ignore[attr-defined]
        why = str(screen.query_one("#explanation").render())
        assert best.name in why and "Läheisyys" in why  # the parts and reasons in words
        await pilot.press("x")  # who was left out, and why
        await arrive(pilot, app, ExcludedDialog)
        await pilot.press("escape", "p")
        await arrive(pilot, app, ConfirmDialog)
        await pilot.press("y")
        await arrive(pilot, app, MatchingScreen)
        await pilot.press("1")
        await arrive(pilot, app, DashboardScreen)
        alerts = app.screen.alerts  # type: ignore[attr-defined]
    fresh = Store.open(store.folder)
    new = [r for r in fresh.records.list(Relationship) if r.id not in before]
    assert len(new) == 1
    rel = new[0]
    assert (rel.client_id, rel.volunteer_id) == (first.client_id, best.volunteer_id)
    assert rel.state is State.PROPOSED and rel.created_by == "tester"
    assert any(a.kind is AlertKind.ARRANGE_START and a.subject.id == rel.id for a in alerts)
    assert first.client_id not in {c.client_id for c in fresh.matching.pool(TODAY).clients}
    assert any(
        a.kind is AlertKind.ARRANGE_START and a.subject.id == rel.id
        for a in fresh.alerts.list(TODAY, NOW)
    )


async def test_compare_two_and_decline_the_proposal(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    client_id = store.matching.pool(TODAY).clients[0].client_id
    ranked = store.matching.shortlist(client_id, TODAY).suggestions
    assert len(ranked) >= 2
    before = len(store.records.list(Relationship))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("client", client_id)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("m")  # find a volunteer, from the client's page
        await arrive(pilot, app, ShortlistScreen)
        # the collector, paused while the ranking builds the first frame, runs again after it
        await until(pilot, gc.isenabled)
        assert gc.isenabled()
        await pilot.press("m", "down", "v")
        await arrive(pilot, app, CompareDialog)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert ranked[0].name in shown and ranked[1].name in shown
        await pilot.press("escape", "p")
        await arrive(pilot, app, ConfirmDialog)
        await pilot.press("n")
        await arrive(pilot, app, ShortlistScreen)
        await pilot.press("escape", "m", "escape")  # closed before its first frame: resumed too
        await until(pilot, lambda: type(app.screen) is ClientDetailScreen and gc.isenabled())
        assert gc.isenabled()
    assert len(Store.open(store.folder).records.list(Relationship)) == before  # nothing stored


async def test_whole_pool_accept_some_reject_one_create_in_one_change(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    pairs = store.matching.pool_proposal(TODAY)
    assert len(pairs) >= 3
    before = {r.id for r in store.records.list(Relationship)}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await arrive(pilot, app, MatchingScreen)
        await pilot.press("p")
        await arrive(pilot, app, PoolScreen)
        screen = app.screen
        await until(pilot, lambda: len(screen.pairs) == len(pairs))  # type: ignore[attr-defined]
        await pilot.press("a", "r", "a")  # accept the 1st, reject the 2nd, accept the 3rd
        assert "2" in str(screen.query_one("#heading").render())
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConfirmDialog)
        await pilot.press("enter")
        await arrive(pilot, app, PoolScreen)
        await until(pilot, lambda: len(screen.pairs) < len(pairs))  # type: ignore[attr-defined]
    fresh = Store.open(store.folder)
    new = {
        (r.client_id, r.volunteer_id)
        for r in fresh.records.list(Relationship)
        if r.id not in before
    }
    assert new == {
        (pairs[0].client_id, pairs[0].volunteer_id),
        (pairs[2].client_id, pairs[2].volunteer_id),
    }
    states = {r.state for r in fresh.records.list(Relationship) if r.id not in before}
    assert states == {State.PROPOSED}


async def test_the_volunteers_left_out_are_listed_by_surname(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from tui.listing import collation_key

    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await arrive(pilot, app, MatchingScreen)
        await pilot.press("enter")
        await arrive(pilot, app, ShortlistScreen)
        await pilot.press("x")
        await arrive(pilot, app, ExcludedDialog)
        table = app.screen.query_one("#excluded", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    assert len(names) > 2 and names == sorted(names, key=collation_key)
    surnames = {v.last_name for v in store.records.list(Volunteer)}
    assert all(name.split()[0] in surnames for name in names)  # surname first


async def test_the_waiting_lists_take_their_rows_a_page_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table holds its first ``SHOWN`` rows; moving down brings the next ones, in the
    pool's order, until all are held; Enter ranks for the client under the cursor."""
    from textual.widgets import DataTable

    monkeypatch.setattr(MatchingScreen, "SHOWN", 1)
    store = demo_store(tmp_path / "d")
    pool = store.matching.pool(TODAY)
    assert len(pool.clients) > 3 and len(pool.volunteers) > 3
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await arrive(pilot, app, MatchingScreen)
        screen = app.screen
        clients = screen.query_one("#clients", DataTable)
        volunteers = screen.query_one("#volunteers", DataTable)
        assert clients.row_count < len(pool.clients)
        assert volunteers.row_count < len(pool.volunteers)
        for _ in range(len(pool.clients) - 1):
            await pilot.press("down")
        await until(pilot, lambda: clients.row_count == len(pool.clients))
        keys = [clients.coordinate_to_cell_key((i, 0)).row_key.value for i in range(3)]
        assert keys == [str(c.client_id) for c in pool.clients[:3]]
        assert clients.cursor_row == len(pool.clients) - 1
        last = pool.clients[-1]
        await pilot.press("enter")
        await arrive(pilot, app, ShortlistScreen)
        assert app.screen.client_id == last.client_id  # type: ignore[attr-defined]


async def test_the_ranked_rows_word_each_volunteers_own_reasons(tmp_path: Path) -> None:
    """The "why" column words each row's own first three reasons (worded once per ranking
    for the rows that share them): the same words as each reason worded alone."""
    from tui.i18n.areas.matching import reason_text
    from tui.screens.matching import reasons_line

    store = demo_store(tmp_path / "d")
    first = store.matching.pool(TODAY).clients[0]
    ranked = store.matching.shortlist(first.client_id, TODAY).suggestions
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await arrive(pilot, app, MatchingScreen)
        await pilot.press("enter")
        await arrive(pilot, app, ShortlistScreen)
        table = app.screen.query_one("#ranked")
        shown = [str(table.get_cell(str(s.volunteer_id), "why")) for s in ranked]
    expected = [
        ", ".join(reason_text("reason", r.code, r.params) for r in s.reasons[:3]) for s in ranked
    ]
    assert shown == expected and len(set(shown)) > 1
    from data.rules.matching import Reason

    worded: dict[object, str] = {}
    odd = [Reason("common_times", {"count": 1}), Reason("common_times", {"count": True})]
    assert [reasons_line([r], worded=worded) for r in odd] == [reasons_line([r]) for r in odd]


async def test_the_ranked_rows_come_a_page_at_a_time_and_the_first_frame_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortlist holds its first ``SHOWN`` rows; moving down brings the next ones, in the
    ranking's order, and a mark is shown on every row held. Its first frame already shows
    the highlighted one's explanation and the keys its rows enable: nothing is laid out again
    for them after it."""
    from textual.widgets import DataTable

    monkeypatch.setattr(ShortlistScreen, "SHOWN", 1)
    store = demo_store(tmp_path / "d")
    first = store.matching.pool(TODAY).clients[0]
    ranked = store.matching.shortlist(first.client_id, TODAY).suggestions
    assert len(ranked) >= 3
    app = make_app(store)
    frames: list[tuple[str, tuple[str, ...]]] = []  # (explanation, footer keys) per frame
    display = type(app)._display

    def drawn(self: object, screen: object, renderable: object) -> None:
        display(self, screen, renderable)  # type: ignore[arg-type]
        if isinstance(screen, ShortlistScreen) and renderable is not None:
            keys = tuple(k.description for k in screen.query("FooterKey"))  # type: ignore[attr-defined]
            frames.append((str(screen.query_one("#explanation").render()), keys))

    monkeypatch.setattr(type(app), "_display", drawn)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await arrive(pilot, app, MatchingScreen)
        await pilot.press("enter")
        await arrive(pilot, app, ShortlistScreen)
        screen = app.screen
        assert frames and ranked[0].name in frames[0][0]  # explained in the first frame
        assert frames[0][1] and all(f[1] == frames[0][1] for f in frames)  # its keys too
        table = screen.query_one("#ranked", DataTable)
        assert table.row_count < len(ranked)
        await pilot.press("m")  # mark the first
        for _ in range(len(ranked) - 1):
            await pilot.press("down")
        await until(pilot, lambda: table.row_count == len(ranked))
        keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(len(ranked))]
        assert keys == [str(s.volunteer_id) for s in ranked]
        assert str(table.get_cell(str(ranked[0].volunteer_id), "mark")) == "◆"
        assert ranked[-1].name in str(screen.query_one("#explanation").render())
