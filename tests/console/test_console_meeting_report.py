"""A meeting's report on the console: Enter on a meeting shows it whole, ``e`` corrects it (the
earlier text kept and shown), a stale correction is a conflict that keeps what was typed, the
report's free texts keep their line breaks, and ``s`` writes the social worker's report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static, TextArea

from data.models import Meeting, Report
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.app import TukiApp
from tui.screens.dialogs import ConflictDialog
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.meeting_view import MeetingView
from tui.screens.relationship import RelationshipScreen
from tui.screens.sw_report import SocialWorkerReportDialog
from tui.widgets.form import Field

RID = 8
FIRST = "Kävimme kirjastossa.\nKasper valitsi kaksi sarjakuvaa."


def _logged(store: Store) -> Meeting:
    """A newest meeting of relationship 8 with a two-line report (the timeline's first row)."""
    meeting = Meeting(
        relationship_id=RID,
        on=date(2026, 11, 19),
        activity="kirjasto",
        place="Kirjasto Metso",
        report=Report(how_it_went=FIRST, wellbeing="Pirteä"),
    )
    return store.meetings.log("maija", meeting)


def _shown(app: TukiApp) -> str:
    return str(app.screen.query_one("#report", Static).content)


async def _open_report(pilot: Any, app: TukiApp, meeting: Meeting) -> None:
    app.open_subject("relationship", RID)
    await arrive(pilot, app, RelationshipScreen)
    table = app.screen.query_one("#timeline", DataTable)
    table.focus()
    await until(pilot, lambda: app.focused is table)
    table.move_cursor(row=table.get_row_index(str(meeting.id)))
    await pilot.press("enter")
    await arrive(pilot, app, MeetingView)


async def test_enter_shows_the_whole_report_and_e_corrects_it(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    logged = _logged(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_report(pilot, app, logged)
        shown = _shown(app)
        for text in ("19.11.2026", "Kirjasto Metso", "Kävimme kirjastossa.", "Pirteä", "maija"):
            assert text in shown
        assert "Kasper valitsi kaksi sarjakuvaa." in shown  # the second line too
        await pilot.press("e")
        await arrive(pilot, app, MeetingLogScreen)
        area = app.screen.query_one("#in-how_it_went", TextArea)
        assert area.text == FIRST  # prefilled
        area.text = "Kävimme uimahallissa."
        await pilot.press("ctrl+s")
        await arrive(pilot, app, MeetingView)
        await until(pilot, lambda: "uimahallissa" in _shown(app))
        shown = _shown(app)
        assert "Kävimme uimahallissa." in shown
        assert "Aiemmat versiot" in shown and "tester" in shown
        assert "ennen: Kävimme kirjastossa." in shown  # the earlier text, shown
    again = Store.open(store.folder)
    (stored,) = [m for m in again.meetings.of(RID) if m.id == logged.id]
    assert stored.report.how_it_went == "Kävimme uimahallissa." and stored.version == 2
    assert stored.report.wellbeing == "Pirteä" and stored.place == "Kirjasto Metso"
    (change,) = again.meetings.history(stored)
    assert change.by == "tester"
    assert change.fields == {"report.how_it_went": (FIRST, "Kävimme uimahallissa.")}


async def test_a_stale_correction_is_a_conflict_that_keeps_what_was_typed(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    logged = _logged(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_report(pilot, app, logged)
        await pilot.press("e")
        await arrive(pilot, app, MeetingLogScreen)
        form = app.screen
        # meanwhile another coordinator corrects the same meeting
        theirs = logged.model_copy(update={"report": Report(how_it_went="Toisen korjaus")})
        Store.open(store.folder).meetings.update("pekka", theirs)
        form.query_one("#in-how_it_went", TextArea).text = "Minun korjaukseni"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, ConflictDialog)
        assert form.query_one("#in-how_it_went", TextArea).text == "Minun korjaukseni"
        again = Store.open(store.folder)
        (stored,) = [m for m in again.meetings.of(RID) if m.id == logged.id]
        assert stored.report.how_it_went == "Toisen korjaus" and stored.changed_by == "pekka"
        assert len(again.meetings.history(stored)) == 1
        # Enter reloads: the stored text in the field, the user's own kept beside it to take
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is form)
        field = form.query_one("#field-how_it_went", Field)
        await until(pilot, lambda: field.has_mine)
        assert form.query_one("#in-how_it_went", TextArea).text == "Toisen korjaus"
        assert field.mine == "Minun korjaukseni"
        field.take_mine()
        await pilot.press("ctrl+s")
        await arrive(pilot, app, MeetingView)
    (stored,) = [m for m in Store.open(store.folder).meetings.of(RID) if m.id == logged.id]
    assert stored.report.how_it_went == "Minun korjaukseni" and stored.version == 3
    _, second = Store.open(store.folder).meetings.history(stored)
    assert second.fields["report.how_it_went"] == ("Toisen korjaus", "Minun korjaukseni")


async def test_report_text_typed_on_several_lines_is_saved_with_its_line_breaks(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    before = {m.id for m in store.meetings.of(RID)}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, type(app.screen))
        app.action_log_meeting(RID)
        await arrive(pilot, app, MeetingLogScreen)
        area = app.screen.query_one("#in-how_it_went", TextArea)
        area.focus()
        await until(pilot, lambda: app.focused is area)
        await pilot.press(*"Pelattiin", "enter", *"sulkapalloa", "tab")
        assert app.focused is app.screen.query_one("#in-wellbeing")  # Tab left the text area
        await pilot.press(*"Iloinen", "enter", *"ja", "enter", *"puhelias")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, MeetingLogScreen))
    (saved,) = [m for m in Store.open(store.folder).meetings.of(RID) if m.id not in before]
    assert saved.report.how_it_went == "Pelattiin\nsulkapalloa"
    assert saved.report.wellbeing == "Iloinen\nja\npuhelias"


async def test_s_writes_the_social_workers_report_for_a_period(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    _logged(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", RID)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("s")
        await arrive(pilot, app, SocialWorkerReportDialog)
        # the last three months up to today by default
        assert app.screen.query_one("#in-start").value == "20.8.2026"  # type: ignore[attr-defined]
        assert app.screen.query_one("#in-end").value == "20.11.2026"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await arrive(pilot, app, RelationshipScreen)
        messages = " ".join(str(n.message) for n in app._notifications)
    folder = store.folder / "reports-sw"
    md = folder / "sw-report-8-2026-08-20-2026-11-20.md"
    pdf = md.with_suffix(".pdf")
    assert str(md.with_suffix("")) in messages
    assert "Kävimme kirjastossa." in md.read_text("utf-8")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert md.stat().st_mode & 0o777 == 0o600


async def test_a_period_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", RID)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("s")
        await arrive(pilot, app, SocialWorkerReportDialog)
        app.screen.query_one("#in-start").value = "1.12.2026"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(app._notifications))
        assert type(app.screen) is SocialWorkerReportDialog
    assert not (store.folder / "reports-sw").exists()


async def test_a_correction_typed_in_a_killed_console_comes_back_as_its_own_draft(
    tmp_path: Path,
) -> None:
    from tests.console.test_console_drafts import _drafts, _kept, _killed, _resume

    store = demo_store(tmp_path / "d")
    logged = _logged(store)
    key = f"meeting:{logged.ref}"
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_report(pilot, app, logged)
        await pilot.press("e")
        await arrive(pilot, app, MeetingLogScreen)
        app.screen.query_one("#in-how_it_went", TextArea).text = "Korjattu\nkahdelle riville"
        await _kept(pilot, store.folder, key, **{"in-how_it_went": "Korjattu\nkahdelle riville"})
        _killed(app)
    assert _drafts(store.folder)[key].version == 1  # the version the correction started from

    app = make_app(Store.open(store.folder))
    async with app.run_test(size=SIZE) as pilot:
        await _open_report(pilot, app, logged)
        await pilot.press("e")
        await _resume(pilot, app, MeetingLogScreen)
        area = app.screen.query_one("#in-how_it_went", TextArea)
        assert area.text == "Korjattu\nkahdelle riville"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, MeetingView)
    (stored,) = [m for m in Store.open(store.folder).meetings.of(RID) if m.id == logged.id]
    assert stored.report.how_it_went == "Korjattu\nkahdelle riville" and stored.version == 2
    assert key not in _drafts(store.folder)
