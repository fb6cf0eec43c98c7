"""Every problem a form refuses stands beside its field in the user's words (Finnish here),
the notification names the field by its label (never an internal name such as ``activity``
or ``phone``), and the ✗ goes as soon as the field is changed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from data.models import Attendee, Client, Meeting, PalaveriKind, Relationship, State, Volunteer
from data.store import Store
from tests.console_helpers import NOW, SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui import i18n
from tui.app import TukiApp
from tui.screens.concerns import ConcernActionDialog, RaiseConcernScreen
from tui.screens.guardian_form import GuardianForm
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.palaveri_dialogs import AttendeesDialog
from tui.screens.volunteer_form import VolunteerForm
from tui.widgets.form import Field, problem_text


def error_beside(app: TukiApp, name: str) -> str:
    """The message shown beside field ``name`` ('' when none is shown)."""
    field = app.screen.query_one(f"#field-{name}", Field)
    shown = str(field.query_one(".field--error", Static).render())
    return shown if field.has_class("-invalid") else ""


def last_error(app: TukiApp) -> str:
    errors = [n.message for n in app._notifications if n.severity == "error"]
    return errors[-1] if errors else ""


async def save_refused(pilot: object, app: TukiApp, screen: type) -> str:
    """ctrl+s: the form stays, an error notification comes; its text."""
    count = sum(1 for n in app._notifications if n.severity == "error")
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await until(pilot, lambda: sum(1 for n in app._notifications if n.severity == "error") > count)
    assert isinstance(app.screen, screen)
    return last_error(app)


async def type_into(pilot: object, app: TukiApp, name: str, *keys: str) -> None:
    """Focus the field (its text is selected: typing replaces it) and press ``keys``."""
    widget = app.screen.query_one(f"#in-{name}", Input)
    widget.focus()
    await until(pilot, lambda: widget.has_focus)
    await pilot.press(*keys)  # type: ignore[attr-defined]


async def test_concern_without_what_was_seen(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    count = len(store.records.list(Relationship))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await arrive(pilot, app, RaiseConcernScreen)
        await pilot.press(*"Kasper", "enter")
        toast = await save_refused(pilot, app, RaiseConcernScreen)
        assert error_beside(app, "what") == "✗ Täytä tämä; se ei voi olla tyhjä."
        assert toast == "Mitä nähtiin tai kuultiin: Täytä tämä; se ei voi olla tyhjä."
        await type_into(pilot, app, "what", *"mustelmia")
        await until(pilot, lambda: error_beside(app, "what") == "")
        assert error_beside(app, "what") == ""  # fixed: the ✗ is gone before saving
    assert len(Store.open(store.folder).records.list(Relationship)) == count


async def test_meeting_in_the_future_and_a_long_activity(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = len(store.meetings.of(8))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_log_meeting(8)
        await arrive(pilot, app, MeetingLogScreen)
        app.screen.query_one("#in-on", Input).value = "1.1.2099"
        toast = await save_refused(pilot, app, MeetingLogScreen)
        assert error_beside(app, "on") == "✗ Pidetty tapaaminen ei voi olla tulevaisuudessa."
        assert toast == "Päivä: Pidetty tapaaminen ei voi olla tulevaisuudessa."

        app.screen.query_one("#in-activity", Input).value = "x" * 201
        await type_into(pilot, app, "on", *"20.11.2026")
        await until(pilot, lambda: error_beside(app, "on") == "")
        toast = await save_refused(pilot, app, MeetingLogScreen)
        assert error_beside(app, "activity") == "✗ Enintään 200 merkkiä."
        assert toast == "Tekeminen: Enintään 200 merkkiä."
        assert "activity" not in toast and error_beside(app, "on") == ""
        await type_into(pilot, app, "activity", "end", "backspace")  # one character less
        await until(pilot, lambda: error_beside(app, "activity") == "")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingLogScreen))
    meetings: list[Meeting] = Store.open(store.folder).meetings.of(8)
    assert len(meetings) == before + 1
    assert max(meetings, key=lambda m: m.id or 0).activity == "x" * 200


async def test_guardian_phone_and_email(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    client = next(c for c in store.records.list(Client) if c.last_name)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(GuardianForm(client))
        await until(pilot, lambda: isinstance(app.screen, GuardianForm))
        screen = app.screen
        screen.query_one("#in-first_name", Input).value = "Anna"
        screen.query_one("#in-phone", Input).value = "12"
        screen.query_one("#in-email", Input).value = "anna(at)example.fi"
        toast = await save_refused(pilot, app, GuardianForm)
        phone = "Puhelinnumerossa on 5–15 numeroa, esim. 040 123 4567 tai +358 40 123 4567."
        email = "Sähköpostiosoite on muotoa nimi@esimerkki.fi."
        assert error_beside(app, "phone") == f"✗ {phone}"
        assert error_beside(app, "email") == f"✗ {email}"
        assert toast == f"Puhelin: {phone} · Sähköposti: {email}"
        await type_into(pilot, app, "phone", *"0401234567")
        await until(pilot, lambda: error_beside(app, "phone") == "")
        assert error_beside(app, "email") == f"✗ {email}"  # not fixed yet: it stays


async def test_volunteer_email(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    count = len(store.records.list(Volunteer))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(VolunteerForm(None))
        await until(pilot, lambda: isinstance(app.screen, VolunteerForm))
        screen = app.screen
        typed = {"first_name": "Pia", "last_name": "Koski", "birth_year": "1990", "email": "pia@"}
        for name, value in typed.items():
            screen.query_one(f"#in-{name}", Input).value = value
        toast = await save_refused(pilot, app, VolunteerForm)
        assert error_beside(app, "email") == "✗ Sähköpostiosoite on muotoa nimi@esimerkki.fi."
        assert "Sähköposti: Sähköpostiosoite on muotoa nimi@esimerkki.fi." in toast
        assert "email" not in toast and "municipality" not in toast
    assert len(Store.open(store.folder).records.list(Volunteer)) == count


async def test_palaveri_item_field_and_attendee_name(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.START)
        screen.query_one("#in-max_meetings", Input).value = "0"
        assert not screen.save_draft(force=True)
        assert error_beside(app, "max_meetings") == "✗ Vähintään 1."
        await until(pilot, lambda: bool(last_error(app)))
        toast = last_error(app)
        assert "Vähintään 1." in toast and "max_meetings" not in toast and "decisions" not in toast
        screen.query_one("#in-max_meetings", Input).value = "20"
        await until(pilot, lambda: error_beside(app, "max_meetings") == "")
        assert screen.save_draft(force=True)

        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        dialog.query_one("#in-name", Input).value = "N" * 201
        await pilot.press("enter")
        error = dialog.query_one("#name-error", Static)
        await until(pilot, lambda: error.display)
        assert str(error.render()) == "✗ Enintään 200 merkkiä."
        assert dialog.attendees == []
        await pilot.press("backspace")
        await until(pilot, lambda: not error.display)
        await pilot.press("enter")
        await until(pilot, lambda: len(dialog.attendees) == 1)
        assert dialog.attendees[0] == Attendee(role=dialog.attendees[0].role, name="N" * 200)


async def test_who_was_told_too_long(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ConcernActionDialog("notify", NOW))
        await until(pilot, lambda: isinstance(app.screen, ConcernActionDialog))
        app.screen.query_one("#in-whom", Input).value = "M" * 201
        toast = await save_refused(pilot, app, ConcernActionDialog)
        assert error_beside(app, "whom") == "✗ Enintään 200 merkkiä."
        assert toast == "Kenelle kerrottiin: Enintään 200 merkkiä."


async def test_a_field_that_cannot_be_read_is_named_in_the_notification(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_log_meeting(8)
        await arrive(pilot, app, MeetingLogScreen)
        app.screen.query_one("#in-on", Input).value = "31.2.2026"
        app.screen.query_one("#in-km", Input).value = "paljon"
        toast = await save_refused(pilot, app, MeetingLogScreen)
        assert error_beside(app, "on") == "✗ Päivää 31.2.2026 ei ole kalenterissa."
        assert toast.startswith("Päivä: Päivää 31.2.2026 ei ole kalenterissa. · Kilometrit")


def test_a_refusal_says_codes_and_numbers_in_words() -> None:
    before = i18n.language()
    i18n.set_language("fi")
    try:
        step = {"step": "approved", "missing": "extract_shown"}
        missing = problem_text({"type": "step_missing", "loc": (), "msg": "", "ctx": step})
        assert (
            missing
            == "Vaihe 'hyväksytty' edellyttää, että 'rikosrekisteriote esitetty' on kirjattu ensin."
        )
        wish = problem_text({"type": "firm_empty", "loc": (), "msg": "", "ctx": {"item": "gender"}})
        assert wish == "Ehdoton toive (sukupuoli) tarvitsee arvon."
        most = problem_text({"type": "less_than_equal", "loc": (), "msg": "", "ctx": {"le": 10000}})
        assert most == "Enintään 10\u00a0000."
        unknown = problem_text({"type": "some_new_check", "loc": (), "msg": "Bad value"})
        assert unknown == "Tarkista tämä tieto."  # never pydantic's English
    finally:
        i18n.set_language(before)
