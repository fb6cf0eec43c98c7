"""Nothing typed is lost: a conflict's reload keeps what was typed beside the stored version, a
save of nothing changed stores nothing, and Esc asks before throwing typed text away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from data.models import Client, Guardian, Step, Volunteer
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.client_form import ClientForm
from tui.screens.dialogs import ConflictDialog, DiscardDialog
from tui.screens.guardian_form import GuardianForm
from tui.screens.vetting import StepDialog
from tui.screens.volunteer_form import VolunteerForm
from tui.screens.volunteers import VolunteerDetailScreen
from tui.widgets.form import Field


def _fill(app: TukiApp, **values: str) -> None:
    for name, text in values.items():
        app.screen.query_one(f"#in-{name}", Input).value = text


def _said(app: TukiApp) -> list[str]:
    """Every notification the app shows from now on (their texts)."""
    notes: list[str] = []
    shown = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(message)
        shown(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


def _mine(app: TukiApp, name: str) -> str:
    """The 'yours: …' line under a field ('' when it is hidden)."""
    field = app.screen.query_one(f"#field-{name}", Field)
    return str(field.query_one(".field--mine > Static", Static).render()) if field.has_mine else ""


async def _reload(pilot: Any, app: TukiApp, form: type[Any]) -> None:
    await arrive(pilot, app, ConflictDialog)
    await pilot.press("enter")  # the focused 'reload'
    await arrive(pilot, app, form)


# ----- a conflict's reload -------------------------------------------------------------------


async def test_reload_after_a_conflict_keeps_the_typed_client_values(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    cid = target.id or 0
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        notes = _said(app)
        app.open_subject("client", cid)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, ClientForm)
        other = Store.open(store.folder)  # the other console saves first
        other.records.revise(
            "other",
            Client,
            cid,
            target.version,
            {"school": "Heidän", "area": "X", "first_name": "Toini"},
        )
        _fill(app, school="Minun", friends="Aada")
        await pilot.press("ctrl+s")
        await _reload(pilot, app, ClientForm)
        # the stored version is shown; what was typed and differs stays beside its field
        assert app.screen.query_one("#in-school", Input).value == "Heidän"
        assert app.screen.query_one("#in-area", Input).value == "X"
        assert app.screen.query_one("#in-friends", Input).value == target.friends
        assert _mine(app, "school") == "↺ Sinun: Minun"
        assert _mine(app, "friends") == "↺ Sinun: Aada"
        assert _mine(app, "area") == ""  # not typed: nothing to take back
        assert "Toini" in str(app.screen.query_one(".title-bar", Static).render())
        assert any("Sinun: …" in note for note in notes)
        await pilot.click("#field-school .field--take")  # one field back by its button
        await until(pilot, lambda: not _mine(app, "school"))
        assert app.screen.query_one("#in-school", Input).value == "Minun"
        await pilot.press("ctrl+r")  # the rest at once
        await until(pilot, lambda: not _mine(app, "friends"))
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
    saved = Store.open(store.folder).records.get(Client, cid)
    assert (saved.school, saved.friends, saved.area) == ("Minun", "Aada", "X")
    assert saved.version == target.version + 2 and saved.changed_by == "tester"


async def test_reload_after_a_conflict_keeps_the_typed_volunteer_values(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    target = sorted(store.records.list(Volunteer), key=lambda v: v.id or 0)[0]
    vid = target.id or 0
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("volunteer", vid)
        await arrive(pilot, app, VolunteerDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, VolunteerForm)
        Store.open(store.folder).records.revise(
            "other", Volunteer, vid, target.version, {"phone": "040 111 2222"}
        )
        _fill(app, phone="050 999 8888", area="Minun alue")
        app.screen.query_one("#in-has_car").value = not target.has_car  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await _reload(pilot, app, VolunteerForm)
        assert app.screen.query_one("#in-phone", Input).value == "040 111 2222"
        assert _mine(app, "phone") == "↺ Sinun: 050 999 8888"
        assert _mine(app, "has_car") == f"↺ Sinun: {'ei' if target.has_car else 'kyllä'}"
        await pilot.press("ctrl+r")
        await until(pilot, lambda: not _mine(app, "phone"))
        await pilot.press("ctrl+s")
        await arrive(pilot, app, VolunteerDetailScreen)
    saved = Store.open(store.folder).records.get(Volunteer, vid)
    assert (saved.phone, saved.area, saved.has_car) == (
        "050 999 8888",
        "Minun alue",
        not target.has_car,
    )
    assert saved.version == target.version + 2


async def test_reload_after_a_conflict_in_a_guardian_and_a_vetting_step(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    client = next(c for c in store.records.list(Client) if c.guardian_ids)
    guardian = store.records.get(Guardian, client.guardian_ids[0])
    volunteer = next(v for v in store.records.list(Volunteer) if v.state is not Step.LEFT)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GuardianForm(client, guardian))
        await arrive(pilot, app, GuardianForm)
        other = Store.open(store.folder)
        other.records.revise("other", Guardian, guardian.id or 0, guardian.version, {"email": ""})
        _fill(app, phone="044 555 6666")
        await pilot.press("ctrl+s")
        await _reload(pilot, app, GuardianForm)
        assert _mine(app, "phone") == "↺ Sinun: 044 555 6666"
        await pilot.press("ctrl+r", "ctrl+s")
        await until(pilot, lambda: type(app.screen) is not GuardianForm)
        # a step is added on the volunteer's version: after the reload the typed note stays
        app.push_screen(StepDialog(volunteer, Step.LEFT))
        await arrive(pilot, app, StepDialog)
        other.records.revise(
            "other", Volunteer, volunteer.id or 0, volunteer.version, {"area": "Y"}
        )
        _fill(app, note="muutti pois")
        await pilot.press("ctrl+s")
        await _reload(pilot, app, StepDialog)
        assert app.screen.query_one("#in-note", Input).value == "muutti pois"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen) is not StepDialog)
    fresh = Store.open(store.folder)
    assert fresh.records.get(Guardian, guardian.id or 0).phone == "044 555 6666"
    left = fresh.records.get(Volunteer, volunteer.id or 0)
    assert left.state is Step.LEFT and left.area == "Y"
    assert left.vetting[-1].note == "muutti pois"


# ----- nothing changed, nothing saved ----------------------------------------------------------


async def test_saving_an_unchanged_form_stores_nothing(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    client = sorted(store.records.list(Client), key=lambda c: c.id or 0)[0]
    volunteer = sorted(store.records.list(Volunteer), key=lambda v: v.id or 0)[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        notes = _said(app)
        app.open_subject("client", client.id or 0)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, ClientForm)
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ClientDetailScreen)
        assert "Mikään ei muuttunut, joten mitään ei tallennettu." in notes
        app.open_subject("volunteer", volunteer.id or 0)
        await arrive(pilot, app, VolunteerDetailScreen)
        await pilot.press("e")
        await arrive(pilot, app, VolunteerForm)
        await pilot.press("ctrl+s")
        await arrive(pilot, app, VolunteerDetailScreen)
        assert notes.count("Mikään ei muuttunut, joten mitään ei tallennettu.") == 2
    fresh = Store.open(store.folder)
    assert fresh.records.get(Client, client.id or 0) == client  # same version, same stamps
    assert fresh.records.get(Volunteer, volunteer.id or 0) == volunteer
    # so the other console, still on that version, saves without a conflict
    fresh.records.revise("other", Client, client.id or 0, client.version, {"school": "Uusi"})


# ----- Esc asks first --------------------------------------------------------------------------


async def test_esc_asks_before_discarding_a_typed_new_client(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = len(store.records.list(Client))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ClientForm())
        await arrive(pilot, app, ClientForm)
        await pilot.press("escape")  # nothing typed: closes at once
        await until(pilot, lambda: type(app.screen) is not ClientForm)
        assert type(app.screen) is not DiscardDialog
        app.push_screen(ClientForm())
        await arrive(pilot, app, ClientForm)
        await pilot.press(*"Oona", "escape")
        await arrive(pilot, app, DiscardDialog)
        await pilot.press("e")  # Finnish 'ei': back to the form, the text kept
        await arrive(pilot, app, ClientForm)
        assert app.screen.query_one("#in-first_name", Input).value == "Oona"
        await pilot.press("escape", "enter")  # Enter is the focused 'no' too
        await arrive(pilot, app, ClientForm)
        await pilot.press("escape", "k")  # 'kyllä': discarded
        await until(pilot, lambda: type(app.screen) not in (ClientForm, DiscardDialog))
        assert type(app.screen) not in (ClientForm, DiscardDialog)
    assert len(Store.open(store.folder).records.list(Client)) == before


@pytest.mark.parametrize(
    ("language", "keys", "answers"),
    [("fi", "ekyn", [False, True, True, False]), ("sv", "jny", [True, False, True])],
)
async def test_a_question_takes_the_language_s_own_yes_and_no(
    tmp_path: Path, language: str, keys: str, answers: list[bool]
) -> None:
    """A yes/no question takes the keys the discard question does (k/e, j/n) besides y and n,
    the question about what cannot be undone too: "e" had answered nothing in Finnish."""
    from tui.screens.dialogs import ConfirmDialog, IrreversibleDialog

    app = make_app(demo_store(tmp_path / "d"), language=language)
    got: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for n, key in enumerate(keys):
            dialog = (ConfirmDialog if n % 2 else IrreversibleDialog)("?")
            app.push_screen(dialog, got.append)
            await arrive(pilot, app, type(dialog))
            await pilot.press(key)
            await until(pilot, lambda: len(got) == n + 1)  # noqa: B023
    assert got == answers


@pytest.mark.parametrize("key", ["l", "c"])
async def test_esc_asks_in_the_meeting_and_concern_forms_in_swedish(
    tmp_path: Path, key: str
) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store, language="sv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = type(app.screen)
        await pilot.press(key)
        await until(pilot, lambda: type(app.screen) is not home)
        form = type(app.screen)
        await pilot.press("escape")  # nothing typed
        await until(pilot, lambda: type(app.screen) is home)
        await pilot.press(key)
        await arrive(pilot, app, form)
        app.screen.query_one("#pick-input", Input).value = "Nie"
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
        assert "Vill du kasta" in str(app.screen.query_one("Label").render())
        await pilot.press("n")
        await arrive(pilot, app, form)
        assert app.screen.query_one("#pick-input", Input).value == "Nie"
        await pilot.press("escape", "j")
        await until(pilot, lambda: type(app.screen) is home)


async def test_esc_in_an_edit_form_asks_only_when_something_changed(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    volunteer = sorted(store.records.list(Volunteer), key=lambda v: v.id or 0)[0]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(VolunteerForm(volunteer))
        await arrive(pilot, app, VolunteerForm)
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen) is not VolunteerForm)
        assert type(app.screen) is not DiscardDialog
        app.push_screen(VolunteerForm(volunteer))
        await arrive(pilot, app, VolunteerForm)
        app.screen.query_one("#in-kind").value = "peer"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await arrive(pilot, app, DiscardDialog)
