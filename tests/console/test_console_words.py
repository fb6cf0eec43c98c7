"""The runner's heading names the palaveri by the entry the minutes and the start screen use."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from data import texts
from data.models import Relationship, State
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri


async def test_the_runner_heading_uses_the_one_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = texts.palaveri_title  # the one entry: agendas.title, the alerts and the runner read it
    monkeypatch.setattr(texts, "palaveri_title", lambda kind, lang: f"<{real(kind, lang)}>")
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_palaveri(pilot, app, rel.id or 0)
        heading = str(app.screen.query_one("#heading", Static).render())
    assert heading.startswith("<Aloitustapaaminen> ·")


async def test_every_list_of_people_sorts_by_surname_and_headers_are_capitalised(
    tmp_path: Path,
) -> None:
    """Clients, volunteers and relationships: by surname, then first name, in Finnish order
    (å, ä, ö after z), shown surname first; every header capitalised."""
    from textual.widgets import DataTable

    from tests.factories import client, volunteer
    from tui.i18n import set_language
    from tui.listing import collation_key
    from tui.screens.clients import ClientsScreen
    from tui.screens.relationships import RelationshipsScreen
    from tui.screens.volunteers import VolunteersScreen

    store = demo_store(tmp_path / "d")
    client(store, first_name="Aapo", last_name="Öljynen")
    client(store, first_name="Öljy", last_name="Zyskowicz")
    client(store, first_name="Aapo", last_name="Zyskowicz")
    volunteer(store, first_name="Aapo", last_name="Öhman")
    volunteer(store, first_name="Zaida", last_name="Åberg")
    for lang in ("fi", "sv", "en"):
        set_language(lang)
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for mode, screen in (
                ("clients", ClientsScreen),
                ("volunteers", VolunteersScreen),
                ("relationships", RelationshipsScreen),
            ):
                app.action_section(mode)
                await arrive(pilot, app, screen)
                table = app.screen.query_one(DataTable)
                names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
                assert names == sorted(names, key=collation_key), mode
                headers = [str(c.label) for c in table.columns.values()]
                assert all(h[:1].isupper() for h in headers), (lang, mode, headers)
                if mode == "clients":
                    assert names[-3:] == ["Zyskowicz Aapo", "Zyskowicz Öljy", "Öljynen Aapo"]
                if mode == "volunteers":
                    assert names[-2:] == ["Åberg Zaida", "Öhman Aapo"]
    set_language("fi")
