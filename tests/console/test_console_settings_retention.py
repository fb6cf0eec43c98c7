"""The retention periods on the settings screen: shown as stored, a value out of bounds refused
beside its field (the families-with-children services not under the retention table's 30),
saved when they fit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Tabs

from data.model.retention import RetentionClass
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.settings import SettingsForm
from tui.widgets.form import Field


def _fill(app: TukiApp, **values: str) -> None:
    for name, text in values.items():
        app.screen.query_one(f"#in-{name}", Input).value = text


def _error(app: TukiApp, name: str) -> str:
    field = app.screen.query_one(f"#field-{name}", Field)
    return str(field.query_one(".field--error").render()) if field.has_class("-invalid") else ""


def _value(app: TukiApp, name: str) -> str:
    return app.screen.query_one(f"#in-{name}", Input).value


async def test_the_retention_periods_are_set_on_the_settings_screen(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = store.records.settings()
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_settings()
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        form = app.screen
        assert isinstance(form, SettingsForm)
        form.query_one("#sections", Tabs).active = "tab-retention"  # as by a click
        await until(pilot, lambda: bool(form.query("#in-vetting_keep_years")))
        shown = [_value(app, f"ret_{c.value}") for c in RetentionClass]
        assert shown == ["30", "12", "6"] and _value(app, "vetting_keep_years") == "2"
        assert form.choice("retention_default") is RetentionClass.FAMILY_SERVICES
        label = str(app.screen.query_one("#field-ret_adult_services .field--label").render())
        assert "adult services" in label
        _fill(app, ret_family_services="25", ret_short="0", vetting_keep_years="")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(_error(app, "vetting_keep_years")))
        assert isinstance(app.screen, SettingsForm)  # still open, nothing stored
        _fill(app, vetting_keep_years="3")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(_error(app, "ret_family_services")))
        assert "at least 30 years" in _error(app, "ret_family_services")
        assert "another retention class" in _error(app, "ret_family_services")
        assert Store.open(tmp_path / "d").records.settings() == before
        _fill(app, ret_family_services="35")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(_error(app, "ret_short")))
        assert "from 1 to 100" in _error(app, "ret_short")
        assert Store.open(tmp_path / "d").records.settings() == before
        _fill(app, ret_short="5")
        select = app.screen.query_one("#in-retention_default", Select)
        select.value = RetentionClass.ADULT_SERVICES
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsForm))
    saved = Store.open(tmp_path / "d").records.settings()
    assert saved.retention_years == {
        RetentionClass.FAMILY_SERVICES: 35,
        RetentionClass.ADULT_SERVICES: 12,
        RetentionClass.SHORT: 5,
    }
    assert (saved.retention_default, saved.vetting_keep_years) == (RetentionClass.ADULT_SERVICES, 3)
    assert saved.version == before.version + 1
