"""The settings screen: edited by keyboard, saved (stored, version-checked), problems beside
their fields; and the start screen of an empty folder that says what to do first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.widgets import Button, Input, Select, Tabs

from data.models import FeeModel, FeeTerms, Relationship, Settings, State, VolunteerKind
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import ConflictDialog
from tui.screens.relationship import RelationshipScreen
from tui.screens.settings import RateRow, SettingsForm
from tui.screens.terms_form import TermsForm
from tui.widgets.form import Field


def _fill(app: TukiApp, **values: str) -> None:
    for name, text in values.items():
        app.screen.query_one(f"#in-{name}", Input).value = text


async def _tab(pilot: object, app: TukiApp, name: str) -> SettingsForm:
    """The settings' tab ``name`` chosen (as by a click), its section built and shown."""
    form = app.screen
    assert isinstance(form, SettingsForm)
    form.query_one("#sections", Tabs).active = f"tab-{name}"
    await until(pilot, lambda: form.shown == name and form.query_one(f"#part-{name}").is_mounted)
    return form


def _error(app: TukiApp, name: str) -> str:
    field = app.screen.query_one(f"#field-{name}", Field)
    return str(field.query_one(".field--error").render()) if field.has_class("-invalid") else ""


async def test_settings_edited_and_saved_by_keyboard(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = store.records.settings()
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("0")
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        form = app.screen
        assert isinstance(form, SettingsForm)
        assert app.screen.query_one("#in-programme_name", Input).value == before.programme_name
        _fill(app, programme_name="Etelä-Kymen tukihenkilöt")
        await pilot.press("ctrl+pagedown")  # the rates' tab, built now
        await until(pilot, lambda: bool(form.rows()))
        assert len(form.rows()) == len(before.rates) == 4
        await pilot.press("ctrl+pagedown")  # the alert limits
        await until(
            pilot, lambda: form.shown == "thresholds" and bool(form.query("#in-th_waiting_days"))
        )
        assert app.focused is form.query_one("#in-th_no_meeting_days", Input)
        _fill(app, th_report_grace_days="14")
        await pilot.press(
            "ctrl+n"
        )  # back on the rates' tab  # a new row: the fee rises from 1.1.2027
        await until(pilot, lambda: len(form.rows()) == 5)
        row = form.rows()[-1]
        assert app.focused is app.screen.query_one(f"#in-{row.name_of('from')}", Input)
        await pilot.press(*"1.1.2027")
        _fill(
            app,
            **{
                row.name_of("fee"): "98,00",
                row.name_of("allowance"): "55,60",
                row.name_of("per_km"): "0,32",
            },
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsForm))
    saved = Store.open(tmp_path / "d").records.settings()
    assert saved.programme_name == "Etelä-Kymen tukihenkilöt"
    assert saved.thresholds.report_grace_days == 14
    assert saved.version == before.version + 1 and saved.changed_by == "tester"
    rise = saved.rate_on(date(2027, 1, 1), VolunteerKind.VOLUNTEER)
    assert rise is not None and rise.effective_from == date(2027, 1, 1)
    assert (rise.fee_model, rise.fee, rise.allowance, rise.per_km) == (
        FeeModel.MONTHLY,
        Decimal("98.00"),
        Decimal("55.60"),
        Decimal("0.32"),
    )
    old = saved.rate_on(date(2026, 12, 31), VolunteerKind.VOLUNTEER)
    assert old is not None and old.fee == Decimal("96.70")


async def test_bad_values_are_shown_beside_their_fields_and_nothing_is_stored(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    before = store.records.settings()
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_settings()
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        await _tab(pilot, app, "thresholds")
        form = await _tab(pilot, app, "rates")
        pro = next(
            r
            for r in form.rows()
            if form.choice(r.name_of("service")) is VolunteerKind.PROFESSIONAL
        )
        app.screen.query_one(f"#in-{pro.name_of('fee_model')}", Select).value = FeeModel.MONTHLY
        _fill(app, **{pro.name_of("fee"): "20"}, th_no_meeting_days="0")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(_error(app, pro.name_of("fee_model"))))
        assert form.shown == "rates"  # the problems' first tab shown (the limits' kept beside)
        assert "professional service pays no volunteer fee" in _error(app, pro.name_of("fee_model"))
        assert "at least 1" in _error(app, "th_no_meeting_days")
        _fill(app, th_no_meeting_days="30", **{pro.name_of("fee"): "20,0x"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(_error(app, pro.name_of("fee"))))
        assert isinstance(app.screen, SettingsForm)  # still open, what was typed kept
        # a removed row
        assert Store.open(tmp_path / "d").records.settings() == before
        app.screen.query_one(f"#rate-{pro.serial} .rate--remove", Button).focus()
        await pilot.press("enter")  # the professional row removed, the rest as stored
        await until(pilot, lambda: len(form.rows()) == 3)
        _fill(app, th_no_meeting_days="30")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsForm))
    saved = Store.open(tmp_path / "d").records.settings()
    assert [r.service for r in saved.rates] == [
        r.service for r in before.rates if r.service is not VolunteerKind.PROFESSIONAL
    ]
    assert saved.rate_on(date(2026, 1, 1), VolunteerKind.PROFESSIONAL) is None


async def test_a_first_start_on_an_empty_folder_says_what_to_do(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty")
    app = make_app(store, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await arrive(pilot, app, DashboardScreen)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        steps = screen.first_steps_text()
        assert "Welcome" in steps and "key 0" in steps
        assert steps.count("○ to do") == 4 and "✓" not in steps
        assert screen.has_class("-first-start")
        # the name and the rates are set: those steps are ticked
        settings = store.records.settings()
        store.records.save_settings(
            "tester",
            Settings(
                programme_name="Uusi ohjelma",
                rates=[
                    *[
                        r
                        for r in demo_rates()
                        if r.service in (VolunteerKind.VOLUNTEER, VolunteerKind.PROFESSIONAL)
                    ]
                ],
            ).model_copy(update={"version": settings.version}),
        )
        app.poll_for_changes()
        await until(pilot, lambda: screen.first_steps_text().count("✓ done") == 2)
        assert screen.first_steps_text().count("○ to do") == 2


async def test_the_demo_keeps_its_dashboard(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"), language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert not app.screen.has_class("-first-start")
        assert app.screen.rows  # type: ignore[attr-defined]


def demo_rates() -> list[object]:
    from data.demo.plans import DEMO_RATES

    return list(DEMO_RATES)


__all__ = ["RateRow"]


def _active_volunteer_relationship(store: Store) -> Relationship:
    return next(
        r
        for r in store.records.list(Relationship)
        if r.state is State.ACTIVE and r.service is VolunteerKind.VOLUNTEER
    )


async def test_the_terms_of_a_relationship_changed_from_its_page(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _active_volunteer_relationship(store)
    assert rel.agreement is not None and rel.agreement.fee_terms.fee == Decimal("96.70")
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("relationship", rel.id or 0)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TermsForm))
        _fill(app, fee="110,00")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, TermsForm))
    again = Store.open(tmp_path / "d").records.get(Relationship, rel.id or 0)
    assert again.agreement is not None
    terms = again.agreement.fee_terms
    assert (terms.fee, terms.set_by, terms.since) == (Decimal("110.00"), "tester", TODAY)
    assert again.agreement.earlier_terms == [rel.agreement.fee_terms]
    assert again.version == rel.version + 1


async def test_a_terms_change_over_a_newer_version_opens_the_conflict_dialog(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    rel = _active_volunteer_relationship(store)
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("relationship", rel.id or 0)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TermsForm))
        other = Store.open(tmp_path / "d")  # another coordinator changes them meanwhile
        other.relationships.set_terms(
            "anna", rel.id or 0, rel.version, FeeTerms(fee=Decimal("99.00"))
        )
        _fill(app, fee="110,00")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConflictDialog)
    stored = Store.open(tmp_path / "d").records.get(Relationship, rel.id or 0)
    assert stored.agreement is not None
    assert (stored.agreement.fee_terms.fee, stored.changed_by) == (Decimal("99.00"), "anna")


async def test_a_settings_save_over_a_newer_version_keeps_what_was_typed(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("0")
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        other = Store.open(tmp_path / "d")
        settings = other.records.settings()
        other.records.save_settings("anna", settings.model_copy(update={"organiser": "Kotka"}))
        _fill(app, organiser="Hamina")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConflictDialog)
        await pilot.press("enter")  # reload
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        await until(pilot, lambda: app.screen.query_one("#in-organiser", Input).value == "Kotka")
        assert app.screen.query_one("#field-organiser", Field).has_mine  # "yours: Hamina"
        assert Store.open(tmp_path / "d").records.settings().organiser == "Kotka"
        await pilot.press("ctrl+r", "ctrl+s")  # take mine back and save on the newer version
        await until(pilot, lambda: not isinstance(app.screen, SettingsForm))
    saved = Store.open(tmp_path / "d").records.settings()
    assert (saved.organiser, saved.changed_by) == ("Hamina", "tester")


async def test_the_settings_open_from_any_section_and_from_the_palette(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"), language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("2")  # the clients
        await until(pilot, lambda: app.current_mode == "clients")
        await pilot.press("0")
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        await pilot.press("escape")  # nothing typed: closes at once
        await until(pilot, lambda: not isinstance(app.screen, SettingsForm))
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        title = next(k for k in commands if k.startswith("The programme's settings and rates"))
        assert title.endswith("(0)")
        commands[title].callback()
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))


async def test_a_tab_is_built_when_first_shown_and_keeps_what_was_typed(tmp_path: Path) -> None:
    """The settings open with their first tab built; a later tab is built when shown, what is
    typed there stays when another tab is shown, and the save stores it with the tabs never
    shown as stored."""
    store = demo_store(tmp_path / "d")
    before = store.records.settings()
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("0")
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        form = app.screen
        assert isinstance(form, SettingsForm)
        assert not form.query("#part-rates") and not form.query("#in-vetting_keep_years")
        await pilot.press("ctrl+pagedown", "ctrl+pagedown", "ctrl+pagedown")
        await until(pilot, lambda: form.shown == "retention" and bool(form.rows()))
        assert app.focused is form.query_one("#in-retention_default", Select)
        assert not form.typed_anything()  # tabs shown, nothing typed: Esc would close at once
        _fill(app, vetting_keep_years="3")
        await pilot.press("ctrl+pageup")  # the alert limits: the retention tab hidden
        await until(pilot, lambda: form.shown == "thresholds")
        assert not form.query_one("#part-retention").display
        assert form.query_one("#in-vetting_keep_years", Input).value == "3"
        assert form.typed_anything() and not form.query("#part-measures")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SettingsForm))
    saved = Store.open(tmp_path / "d").records.settings()
    assert saved.vetting_keep_years == 3 and saved.version == before.version + 1
    assert (saved.rates, saved.rating_scale) == (before.rates, before.rating_scale)
    assert (saved.thresholds, saved.organiser) == (before.thresholds, before.organiser)
