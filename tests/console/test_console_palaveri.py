"""Running a palaveri in the console: a start meeting end to end, resuming a draft, ending."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, TextArea

from data.models import EndReason, PalaveriKind, Relationship, Role, State, Volunteer
from data.outputs.minutes import minutes_markdown
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.i18n import t
from tui.screens.dialogs import IrreversibleDialog
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import AttendeesDialog
from tui.screens.relationship import RelationshipScreen


def _set(app, values: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for name, value in values.items():
        widget = app.screen.query_one(f"#in-{name}")
        if isinstance(widget, Input):
            widget.value = str(value)
        else:
            assert isinstance(widget, Select)
            widget.value = value


def _volunteer_name(store: Store, rel: Relationship) -> str:
    return store.records.get(Volunteer, rel.volunteer_id).name


async def test_start_meeting_end_to_end_and_a_resumed_draft(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    assert rel.id is not None and rel.agreement is None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_palaveri(pilot, app, rel.id)
        # the first item: type a note through the keys
        app.screen.query_one("#note-role", TextArea).focus()
        await pilot.press(*"Kerrottiin roolista")
        # attendees: the child by name, then the volunteer
        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        dialog.query_one("#in-role", Select).value = Role.CHILD
        await pilot.press(*"Laura", "enter")  # the name has the focus from the start
        pick = next(n for n, a in enumerate(dialog.known, 1) if a.role is Role.VOLUNTEER)
        await pilot.press(str(pick))  # the volunteer the relationship knows: one digit
        await pilot.press("ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
        await pilot.press("escape")  # leave: the draft is saved
        await arrive(pilot, app, RelationshipScreen)
    drafts = Store.open(store.folder).palaverit.drafts(rel.id)
    assert len(drafts) == 1 and drafts[0].notes["role"] == "Kerrottiin roolista"
    assert [a.role for a in drafts[0].attendees] == [Role.CHILD, Role.VOLUNTEER]
    assert drafts[0].attendees[1].name == _volunteer_name(store, rel)

    again = make_app(Store.open(store.folder))  # as after a lost connection: a new console
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_palaveri(pilot, again, rel.id)
        screen = again.screen
        assert screen.palaveri.id == drafts[0].id  # type: ignore[attr-defined]
        assert screen.query_one("#note-role", TextArea).text == "Kerrottiin roolista"
        _set(
            again,
            {
                "travels_alone": False,
                "arranged_via": again.screen.query_one("#in-arranged_via", Select)._options[1][1],
                "contact": "WhatsApp äidin kanssa",
                "fm_on": "1.12.2026",
                "fm_at": "16.00",
                "fm_place": "Kirjasto",
                "fm_plan": "lautapelejä",
                "car_consent": True,
                "home_visit_consent": False,
                "start_on": "1.12.2026",
                "planned_end": "30.11.2027",
                "max_meetings": "24",
            },
        )
        await pilot.press("ctrl+f")
        await arrive(pilot, again, IrreversibleDialog)
        await pilot.press("y")
        await arrive(pilot, again, PalaveriScreen)
        await until(pilot, lambda: screen.palaveri.finished)  # type: ignore[attr-defined]
        await pilot.press("ctrl+t")  # the minutes, Markdown and PDF
        await pilot.pause()
    fresh = Store.open(store.folder)
    saved = fresh.records.get(Relationship, rel.id)
    assert saved.state is State.STARTING
    assert saved.first_meeting_on == date(2026, 12, 1)
    assert saved.first_meeting is not None and saved.first_meeting.place == "Kirjasto"
    assert saved.agreement is not None
    assert saved.agreement.car_consent is True and saved.agreement.home_visit_consent is False
    assert saved.agreement.travels_alone is False
    assert saved.agreement.max_meetings == 24
    assert fresh.palaverit.drafts(rel.id) == []
    minutes = list((store.folder / "minutes").glob("minutes-*"))
    assert sorted(p.suffix for p in minutes) == [".md", ".pdf"]
    if os.name == "posix":  # a private data folder: minutes as private as the records
        assert {stat.S_IMODE(p.stat().st_mode) for p in minutes} == {0o600}
    text = next(p for p in minutes if p.suffix == ".md").read_text()
    assert "Kirjasto" in text and "Laura" in text


async def test_ending_meeting_ends_the_relationship(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_palaveri(pilot, app, rel.id, PalaveriKind.ENDING)
        _set(app, {"end_reason": EndReason.GOALS_MET, "gave_child": "uusi harrastus"})
        await pilot.press("ctrl+f")
        await arrive(pilot, app, IrreversibleDialog)
        await pilot.press("y")
        await arrive(pilot, app, PalaveriScreen)
        await until(pilot, lambda: app.screen.palaveri.finished)  # type: ignore[attr-defined]
    saved = Store.open(store.folder).records.get(Relationship, rel.id)
    assert saved.state is State.ENDED and saved.end_reason is EndReason.GOALS_MET


async def test_a_refused_value_is_marked_and_the_stored_draft_kept(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_palaveri(pilot, app, rel.id)
        screen = app.screen
        _set(app, {"max_meetings": "0", "contact": "puhelin"})  # at least 1 meeting
        await pilot.press("escape")
        await until(pilot, lambda: screen.query_one("#field-max_meetings").has_class("-invalid"))
        assert app.screen is screen  # not left, no crash: the problem is beside the field
        await pilot.press("escape")  # the second Esc leaves anyway
        await arrive(pilot, app, RelationshipScreen)
    draft = Store.open(store.folder).palaverit.drafts(rel.id)[0]
    assert draft.decisions.max_meetings is None and draft.decisions.contact is None


async def test_a_parent_s_ending_meeting_asks_the_parent_not_a_child(tmp_path: Path) -> None:
    """Peer support (seed 003): the client is a parent, present as the parent and asked what
    the support gave them; the ending is not warned as held without the family."""
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.second_volunteer_id)
    assert rel.id is not None and rel.state is State.ACTIVE
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.ENDING)
        assert not screen.query("#in-gave_child") and not screen.query("#in-gave_guardian")
        await pilot.press("ctrl+o")
        await arrive(pilot, app, AttendeesDialog)
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        assert dialog.known[0].role is Role.PARENT
        offered = {value for _, value in dialog.query_one("#in-role", Select)._options}
        assert Role.PARENT in offered and Role.CHILD not in offered
        await pilot.press("1", "ctrl+s")  # the parent
        await arrive(pilot, app, PalaveriScreen)
        reasons = {value for _, value in screen.query_one("#in-end_reason", Select)._options}
        assert EndReason.GOALS_MET in reasons and EndReason.CHILD_WISH not in reasons
        _set(app, {"end_reason": EndReason.GOALS_MET, "gave_parent": "vertaistuki"})
        await pilot.press("ctrl+f")
        await arrive(pilot, app, IrreversibleDialog)
        question = app.screen.question  # type: ignore[attr-defined]
        assert t("palaveri.warn.family_missing") not in question
        await pilot.press("y")
        await arrive(pilot, app, PalaveriScreen)
        await until(pilot, lambda: screen.palaveri.finished)
        pid = screen.palaveri.id
    assert pid is not None
    done = Store.open(store.folder).palaverit.get(rel.id, pid)
    assert done.decisions.gave == {"parent": "vertaistuki"}
    assert [a.role for a in done.attendees] == [Role.PARENT]
    minutes = minutes_markdown(Store.open(store.folder), rel.id, pid, "fi")
    assert "(Vanhempi)" in next(line for line in minutes.splitlines() if "vertaistuki" in line)
    assert "Vanhempi: Sanna Laaksonen" in minutes
