"""A professional service's page (issue 16): the phase history with dates, "our thing", and a
contact with the network logged with ``o`` and shown in the timeline with its own marker."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import DataTable, Input

from data.models import Relationship
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.contact_form import CONTACT_MARK, ContactForm
from tui.screens.relationship import RelationshipScreen
from tui.screens.search import SearchScreen


async def test_a_contact_is_logged_from_the_page_and_shown_in_the_timeline(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.our_thing and r.is_open)
    rid = rel.id or 0
    before = len(store.contacts.of(rid))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", rid)
        await arrive(pilot, app, RelationshipScreen)
        screen = app.screen
        agreement = str(screen.query_one("#agreement").render())
        assert f"Meidän juttu: {rel.our_thing}" in agreement
        for entry in rel.phases:  # the phase history, each with its day
            since = entry.since
            assert f"{since.day}.{since.month}.{since.year}" in agreement.split("Vaiheet:")[1]
        table = screen.query_one("#timeline", DataTable)
        assert table.row_count == len(store.meetings.of(rid)) + before
        await pilot.press("o")
        await arrive(pilot, app, ContactForm)
        form = app.screen
        assert re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", form.query_one("#in-at", Input).value)  # now
        form.query_one("#in-at", Input).value = "9.30"
        form.query_one("#in-minutes", Input).value = "25"
        form.query_one("#in-note", Input).value = "Sovittiin koulun kanssa tukijaksosta"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, RelationshipScreen)
        await until(pilot, lambda: table.row_count == len(store.meetings.of(rid)) + before + 1)
        stored = store.contacts.of(rid)
        assert len(stored) == before + 1
        new = next(c for c in stored if c.note == "Sovittiin koulun kanssa tukijaksosta")
        assert (new.minutes, new.whom.value, new.created_by) == (25, "school", "tester")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert any(CONTACT_MARK in str(row[1]) and "Koulu" in str(row[2]) for row in rows)
        # the search finds its note; Enter opens it in its form over the page
        await pilot.press("ctrl+f")
        await arrive(pilot, app, SearchScreen)
        await pilot.press(*"tukijakso", "enter")
        hits = app.screen.query_one("#hits", DataTable)
        await until(pilot, lambda: hits.row_count > 0 and app.focused is hits)
        assert hits.get_row_at(0)[2] == new.ref
        await pilot.press("enter")
        await arrive(pilot, app, ContactForm)
        assert app.screen.contact == new and isinstance(app.screen_stack[-2], RelationshipScreen)
