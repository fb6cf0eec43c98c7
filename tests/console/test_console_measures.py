"""The professional service in the console (issue 16): goals rated at a client-plan palaveri and
charted on the relationship page; a crisis meeting raising a concern filled from its note."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea

from data.models import Concern, PalaveriKind, Relationship, State, VolunteerKind
from data.rules.measures import ratings_by_goal
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import IrreversibleDialog
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import StartPalaveriDialog
from tui.screens.palaveri_measures import CrisisConcernScreen
from tui.screens.relationship import RelationshipScreen
from tui.screens.settings import SettingsForm


def _rated(store: Store) -> Relationship:
    """The demo's professional service whose goals were rated at two client plans."""
    for rel in store.records.list(Relationship):
        if len(next(iter(ratings_by_goal(store.palaverit.of(rel.id or 0)).values()), [])) == 2:
            return rel
    raise AssertionError("the demo has no rated goals")


async def test_a_client_plan_rates_the_goals_and_the_page_charts_them(tmp_path: Path) -> None:
    """A third client plan: a rating off the scale is said beside its goal and not kept; on
    the scale it is, and the page shows each goal's three ratings with their days."""
    store = demo_store(tmp_path / "d")
    rel = _rated(store)
    assert rel.id is not None and rel.service is VolunteerKind.PROFESSIONAL
    goal = next(g for g in rel.goals if g.open)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_palaveri(pilot, app, rel.id, PalaveriKind.CLIENT_PLAN)
        screen.show_item(1)  # the goals and their ratings
        box = screen.query_one(f"#in-rating_{goal.id}", Input)
        box.value = "9"
        assert not screen.save_draft(force=True)
        assert "9 ei ole asteikolla 1–5" in screen.field(f"rating_{goal.id}").problem
        assert store.palaverit.draft(rel.id, PalaveriKind.CLIENT_PLAN).decisions.ratings == []  # type: ignore[union-attr]
        box.value = "5"
        await pilot.press("ctrl+f")
        await arrive(pilot, app, IrreversibleDialog)
        await pilot.press("y")  # only y finishes: a finished palaveri cannot be changed
        await until(pilot, lambda: screen.palaveri.finished)
        await pilot.press("escape")
        await arrive(pilot, app, RelationshipScreen)
        shown = str(app.screen.query_one("#goals", Static).render())
    series = ratings_by_goal(Store.open(store.folder).palaverit.of(rel.id))[goal.id]
    assert len(series) == 3 and series[-1][1] == 5
    lines = shown.splitlines()
    at = lines.index(next(line for line in lines if goal.text in line))
    assert f"{series[0][1]} → 5" in lines[at]  # the trend beside the goal
    for (on, rating), line in zip(series, lines[at + 1 : at + 4], strict=True):
        assert line.split() == [f"{on.day}.{on.month}.{on.year}", line.split()[1], f"{rating}/5"]
        assert line.split()[1].count("█") == rating  # the bar: one block a step
    assert "Asteikko 1–5" in shown


async def test_a_crisis_meeting_raises_a_concern_filled_from_what_happened(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_subject("relationship", rel.id)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("a")
        await arrive(pilot, app, StartPalaveriDialog)
        app.screen.query_one("#in-kind", Select).value = PalaveriKind.CRISIS
        app.screen.query_one("#in-on", Input).value = "17.11.2026"  # held three days ago
        await pilot.press("ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
        screen = app.screen
        screen.query_one("#note-what_happened", TextArea).text = "Lapsi karkasi kotoa yöllä."
        await pilot.press("ctrl+r")
        await arrive(pilot, app, CrisisConcernScreen)
        assert app.screen.query_one("#in-what", Input).value == "Lapsi karkasi kotoa yöllä."
        # noticed on the crisis meeting's day (not today), at noon: the form offers it
        assert app.screen.query_one("#in-noticed_day", Input).value == "17.11.2026"
        assert app.screen.query_one("#in-noticed_time", Input).value == "12.00"
        # typing goes on in the first empty field: who noticed (it replaced what happened)
        await pilot.press(*"Riikka")
        await pilot.press("ctrl+s")
        await arrive(pilot, app, PalaveriScreen)
        assert isinstance(screen, PalaveriScreen)
        line = str(screen.query_one("#concern-line", Static).render())
        await pilot.press("ctrl+f")  # a crisis meeting decides nothing: the question says so
        await arrive(pilot, app, IrreversibleDialog)
        question = app.screen.question  # type: ignore[attr-defined]
        assert "ei muuta tukisuhdetta" in question and "päätökset" not in question
    stored = Store.open(store.folder)
    concern = next(c for c in stored.records.list(Concern) if c.what.startswith("Lapsi karkasi"))
    assert (concern.relationship_id, concern.client_id) == (rel.id, rel.client_id)
    assert (concern.what, concern.noticed_by) == ("Lapsi karkasi kotoa yöllä.", "Riikka")
    assert (concern.noticed_at.date(), concern.noticed_at.hour) == (date(2026, 11, 17), 12)
    draft = stored.palaverit.draft(rel.id, PalaveriKind.CRISIS)
    assert draft is not None and draft.decisions.concern_id == concern.id
    assert f"#{concern.id}" in line


async def test_the_scale_is_set_in_the_settings(tmp_path: Path) -> None:
    """An upside-down scale is said beside the highest rating and not stored; a right one is."""
    store = demo_store(tmp_path / "d")
    app = make_app(store, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("0")
        await until(pilot, lambda: isinstance(app.screen, SettingsForm))
        form = app.screen
        assert isinstance(form, SettingsForm)
        await pilot.press("ctrl+pageup")  # from the first tab round to the last, the measures
        await until(pilot, lambda: bool(form.query("#in-scale_high")))
        form.query_one("#in-scale_high", Input).value = "1"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(form.field("scale_high").problem))
        assert (
            "highest rating of the scale must be above the lowest"
            in form.field("scale_high").problem
        )
        assert Store.open(store.folder).records.settings().rating_scale.high == 5
        for name, text in (("scale_high", "4"), ("scale_low_words", "not at all")):
            form.query_one(f"#in-{name}", Input).value = text
        await pilot.press("ctrl+s")
        await arrive(pilot, app, DashboardScreen)
    scale = Store.open(store.folder).records.settings().rating_scale
    assert (scale.low, scale.high, scale.low_words, scale.high_words) == (1, 4, "not at all", "")


async def test_a_long_goal_is_wrapped_beside_its_rating_not_cut() -> None:
    """A goal's rating field's label wraps within the runner's column (at 80x24 the column is
    about 48 wide; a goal often is longer)."""
    from textual.app import App, ComposeResult
    from textual.containers import Vertical
    from textual.widgets import Label

    from tui.screens.palaveri_measures import RatingField

    goal = "Lapsi uskaltaa kertoa tunteistaan aikuiselle ja pyytää apua koulussa, kun jokin painaa"

    class Column(App[None]):
        def compose(self) -> ComposeResult:
            with Vertical(id="column"):
                yield RatingField("rating_1", f"Arvio: {goal}", Input(id="in-rating_1"))

        CSS = "#column { width: 48; }"

    app = Column()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        label = app.query_one(".field--label", Label)
        assert label.region.width <= 48 and label.region.height >= 2
