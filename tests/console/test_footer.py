"""The footer rebuilds its keys only when what they show changed (tui/widgets/footer.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.clients import ClientsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.meeting_log import MeetingLogScreen
from tui.widgets.footer import Footer


async def test_tab_in_a_form_keeps_the_footer_and_a_change_of_keys_rebuilds_it(
    tmp_path: Path,
) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        assert keys
        first = app.focused
        for _ in range(3):  # each Tab recomputes the bindings; the keys shown stay the same
            await pilot.press("tab")
            await pilot.pause()
        assert app.focused is not first
        assert list(footer.query(FooterKey)) == keys  # the same widgets, not rebuilt

        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        footer = app.screen.query_one(Footer)
        await until(pilot, lambda: bool(footer.query(FooterKey)))

        def shown() -> list[tuple[str, bool]]:
            return [(k.description, k.disabled) for k in footer.query(FooterKey)]

        before = shown()
        await pilot.press("slash")  # typing in the search: the list's keys go
        await until(pilot, lambda: shown() != before)
        assert ("Suodata", False) in before and "Suodata" not in dict(shown())


async def test_a_screens_footer_keys_are_styled_once_as_they_were_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys start as compact as the footer (the palette's key keeps its own): none is
    styled again once mounted, and each looks as Textual's would (the snapshots too)."""
    restyled: list[FooterKey] = []
    real = TukiApp.update_styles

    def counted(self: TukiApp, node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, FooterKey) and node.is_attached:
            restyled.append(node)
        real(self, node, animate)

    monkeypatch.setattr(TukiApp, "update_styles", counted)
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        restyled.clear()
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        footer = app.screen.query_one(Footer)
        await until(pilot, lambda: bool(footer.query(FooterKey)))
        keys = list(footer.query(FooterKey))
        assert not [key for key in restyled if key in keys]
        palette = [key for key in keys if key.has_class("-command-palette")]
        assert palette and all(key.has_class("-compact") and key.compact for key in palette)
        others = [key for key in keys if key not in palette]
        assert others and not any(key.has_class("-compact") or key.compact for key in others)
