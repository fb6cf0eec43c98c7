"""The meeting log: a held meeting in a few keys, a cancelled one with its reason, and a save
refused past the agreement's maximum that keeps what was typed and saves with a reason."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TextArea

from data.models import CancelReason, MeetingStatus, Relationship
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app
from tui.screens.dashboard import DashboardScreen
from tui.screens.meeting_log import MeetingLogScreen


class Keys:
    """Counts the key presses of a path (typed text is counted apart)."""

    def __init__(self, pilot: object) -> None:
        self.pilot = pilot
        self.presses = 0

    async def press(self, *keys: str) -> None:
        self.presses += len(keys)
        await self.pilot.press(*keys)  # type: ignore[attr-defined]

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)  # type: ignore[attr-defined]


async def test_held_meeting_from_the_dashboard_in_at_most_ten_keys(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    before = len(store.meetings.of(8))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = Keys(pilot)
        await keys.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        await keys.type("Kasper")  # Kasper Manninen – Juha Salminen, relationship 8
        await keys.press("enter")
        await keys.press("ctrl+s")
        await arrive(pilot, app, DashboardScreen)
        assert keys.presses <= 10
        assert keys.presses == 3
    meetings = Store.open(store.folder).meetings.of(8)
    assert len(meetings) == before + 1
    saved = max(meetings, key=lambda m: m.id or 0)
    assert saved.on == TODAY and saved.held and saved.created_by == "tester"


async def test_typing_l_and_c_in_a_name_does_not_trigger_the_global_keys(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"Lilja", "enter")
        await arrive(pilot, app, MeetingLogScreen)
        # Enter moves on to the next field, the date; Tab on past status, start, duration
        assert app.screen.focused is app.screen.query_one("#in-on", Input)
        await pilot.press("tab", "tab", "tab", "tab")
        assert app.screen.focused is app.screen.query_one("#in-activity", Input)
        await pilot.press(*"lautapeli cafe")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = max(Store.open(store.folder).meetings.of(13), key=lambda m: m.id or 0)
    assert saved.on == TODAY and saved.activity == "lautapeli cafe"


async def test_cancelled_meeting_with_its_reason(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(9)
        await pilot.pause()
        screen = app.screen
        screen.query_one("#in-status", Select).value = MeetingStatus.CANCELLED.value
        await pilot.pause()
        assert screen.query_one("#cancel-row").display
        screen.query_one("#in-cancel_reason", Select).value = CancelReason.CHILD_ILL.value
        screen.query_one("#in-cancel_note", TextArea).text = "flunssa"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen) is not MeetingLogScreen
    saved = max(Store.open(store.folder).meetings.of(9), key=lambda m: m.id or 0)
    assert saved.status is MeetingStatus.CANCELLED
    assert saved.cancel_reason is CancelReason.CHILD_ILL and saved.cancel_note == "flunssa"


async def test_over_the_maximum_keeps_the_text_and_saves_with_a_reason(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rid = 12  # Linnea Pelkonen – Esa Hirvonen: 24 of 25 held
    facts = store.records.derived.relationships()[rid]
    other = Store.open(store.folder)
    while store.meetings.summary(rid).held < (facts.max_meetings or 0):
        from data.models import Meeting

        other.meetings.log("tester", Meeting(relationship_id=rid, on=TODAY, activity="x"))
    held = Store.open(store.folder).meetings.summary(rid).held
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await pilot.pause()
        screen = app.screen
        assert screen.focused is screen.query_one("#in-activity", Input)
        await pilot.press(*"museokäynti")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, MeetingLogScreen)
        assert screen.query_one("#in-activity", Input).value == "museokäynti"
        assert screen.query_one("#field-over_max_reason").display
        assert screen.focused is screen.query_one("#in-over_max_reason", Input)
        assert Store.open(store.folder).meetings.summary(rid).held == held
        await pilot.press(*"tarkistus sovittu")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen) is not MeetingLogScreen
    fresh = Store.open(store.folder)
    assert fresh.meetings.summary(rid).held == held + 1
    saved = max(fresh.meetings.of(rid), key=lambda m: m.id or 0)
    assert saved.activity == "museokäynti" and saved.over_max_reason == "tarkistus sovittu"


def test_the_relationship_choices_are_made_again_when_the_facts_change(tmp_path: Path) -> None:
    """The meeting log's choices are kept while the store's facts are the same; another
    process's new relationship (or renamed client) is in the next ones."""
    from data.models import Client, State
    from tests.factories import active
    from tui.screens import relationship_picker as picker

    store = demo_store(tmp_path / "d")
    states = frozenset({State.ACTIVE, State.STARTING})
    first = picker.relationship_choices(store, states=states)
    assert picker.relationship_choices(store, states=states) == first  # kept, a copy each time
    picker.relationship_choices(store, states=states).clear()
    assert picker.relationship_choices(store, states=states) == first
    other = Store.open(store.folder)
    rel = active(other)
    renamed = other.records.get(Client, first[0].client_id)
    other.records.update("other", renamed.model_copy(update={"first_name": "Öljy"}))
    made = picker.relationship_choices(store, states=states)
    picker._made.clear()  # what a console that never made them makes
    assert made == picker.relationship_choices(store, states=states)
    assert f"r{rel.id}" in {c.key for c in made}
    assert any(c.label.startswith("Öljy ") for c in made)


def test_the_meeting_log_has_its_first_look_before_it_is_styled() -> None:
    """Setting the held look once mounted styled the form's ~90 widgets a second time (2 of
    the screen's restylings on opening, 1 now): the class is there when it is built."""
    assert MeetingLogScreen().has_class("-held")


async def test_a_support_family_logs_a_weekend_friday_to_sunday(tmp_path: Path) -> None:
    """The log offers a support family's weekend: the last one ended, Friday to Sunday."""
    from datetime import date

    from tests.console_helpers import until

    store = demo_store(tmp_path / "d")
    rid = 14  # a support family's relationship (per weekend)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        await until(pilot, lambda: bool(screen.query("#in-until")))
        assert screen.query_one("#in-on", Input).value == "13.11.2026"  # TODAY is a Friday
        assert screen.query_one("#in-until", Input).value == "15.11.2026"
        # another first day: the last day follows it while it has not been typed over
        last = screen.query_one("#in-until", Input)
        screen.query_one("#in-on", Input).value = "6.11.2026"
        await until(pilot, lambda: last.value == "8.11.2026")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen) is not MeetingLogScreen)
    saved = max(Store.open(store.folder).meetings.of(rid), key=lambda m: m.id or 0)
    assert (saved.on, saved.until) == (date(2026, 11, 6), date(2026, 11, 8))


async def test_each_goal_has_a_visible_field_for_its_progress(tmp_path: Path) -> None:
    """The goals' progress fields were mounted in a box one line high: only the first goal's
    label showed, and Tab typed the progress of each goal into fields nobody could see."""
    from tests.console_helpers import until

    store = demo_store(tmp_path / "d")
    rid = 14  # three open goals
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        await until(pilot, lambda: bool(screen.query("#goals TextArea")))
        box = screen.query_one("#goals")
        areas = list(box.query(TextArea))
        goals = store.records.get(Relationship, rid).goals
        assert len(areas) == len([g for g in goals if g.open]) >= 2
        for area in areas:
            assert box.region.contains_region(area.region), area.id
        # each goal's label is whole at 80 columns: a long one wraps instead of being cut
        for label in box.query(".field--label"):
            assert label.region.right <= box.content_region.right, str(label.render())


async def test_the_costs_row_labels_are_whole_at_80_columns(tmp_path: Path) -> None:
    """Three fields share the costs' row at 80 columns: their labels were cut ("Kyyti
    tukihenkilön auto", "Kilometrit (myös harras") where the terms reimburse hobby costs."""
    from rich.cells import cell_len

    from tests.console_helpers import until
    from tui import i18n

    store = demo_store(tmp_path / "d")
    rid = next(
        r.id
        for r in store.records.list(Relationship)
        if r.agreement is not None and r.agreement.fee_terms.hobby_costs and r.is_open
    )
    keys = {"costs": "meetings.costs.hobby", "km": "meetings.km.hobby", "by_car": "meetings.by_car"}
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        shown = screen.query_one("#field-km .field--label")
        await until(pilot, lambda: str(shown.render()) == i18n.t("meetings.km.hobby"))
        widths = {name: screen.query_one(f"#field-{name}").content_region.width for name in keys}
    try:
        for lang in ("fi", "sv", "en"):
            i18n.set_language(lang)
            for name, key in keys.items():
                assert cell_len(i18n.t(key)) <= widths[name], (lang, i18n.t(key), widths[name])
    finally:
        i18n.set_language("fi")


async def test_a_weekend_draft_comes_back_with_its_last_day(tmp_path: Path) -> None:
    """A new meeting's draft of a support family's weekend, its relationship picked in the
    draft: the last day is put back once the weekend's field is there (not lost, not reset)."""
    from tests.console_helpers import until
    from tui.screens.draft_dialog import DraftDialog

    store = demo_store(tmp_path / "d")
    rid = 14  # a support family's relationship (per weekend)
    draft = {"@picked": f"r{rid}", "in-on": "6.11.2026", "in-until": "7.11.2026"}
    store.drafts.put("tester", "meeting:new", {**draft, "in-activity": "Mökkiviikonloppu"})
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting()
        await arrive(pilot, app, DraftDialog)
        await pilot.press("enter")  # continue the draft
        await until(pilot, lambda: getattr(app.screen, "draft_state", "") == "keeping")
        screen = app.screen
        assert screen.query_one("#in-activity", Input).value == "Mökkiviikonloppu"
        assert screen.query_one("#in-on", Input).value == "6.11.2026"
        await until(pilot, lambda: bool(screen.query("#in-until")))
        await pilot.pause()
        assert screen.query_one("#in-until", Input).value == "7.11.2026"
