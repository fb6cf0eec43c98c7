"""The figures section (key ``9``, or the palette): a year's figures as charts with their numbers.

The same sections and numbers as ``tuki figures`` (``tui/figures_text.py`` words both). Each
section is a bar chart of text blocks with every number printed beside its bar (legible under
``NO_COLOR``, where a bar alone would be a shape without a value), and the month-by-month ones
a ``Sparkline`` above it. The figures are worked out in a worker thread with a progress bar
(``data/store/figures.py``: a national folder's year reads the index and a few small files);
``p`` / ``n`` show the previous or next year, ``a`` cycles through the areas.

Every role may see it: counts only, no name, no id, no text of any record; no view is logged.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import ProgressBar, Sparkline, Static
from textual.worker import get_current_worker

from data.errors import TukiError
from data.rules.figures import YearFigures
from tui import i18n
from tui.figures_text import heading, lines, sections
from tui.i18n import t
from tui.screens.base import TukiScreen, WorkerProgress
from tui.widgets.footer import Footer

#: the sections, in their order (``tui/figures_text.py``); the areas' only for the programme
KEYS = ("waiting", "length", "endings", "meetings", "concerns", "vetting", "areas")
SERIES = frozenset({"meetings", "concerns"})  # month by month: a sparkline above the bars


class FiguresScreen(WorkerProgress, TukiScreen):
    PROGRESS_ID = "figures-progress"
    TITLE_KEY = "app.section.figures"
    DEFAULT_CSS = """
    FiguresScreen #figures-body { padding: 0 1; }
    FiguresScreen .figures-title { text-style: bold; margin: 1 0 0 0; }
    FiguresScreen Sparkline { height: 2; width: 48; margin: 0 0 0 2; }
    FiguresScreen #figures-progress { margin: 0 1; }
    """
    BINDINGS = [
        Binding("p", "year(-1)", "figures.key.prev", id="figures.previous"),
        Binding("n", "year(1)", "figures.key.next", id="figures.next"),
        Binding("a", "area", "figures.key.area", id="figures.area"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None  # set when first shown: this year by the app's clock
        self.area: str | None = None  # None: the whole programme
        self.areas: list[str] = []
        self.figures: YearFigures | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar", markup=False)
        bar = ProgressBar(id="figures-progress", show_eta=False)
        bar.display = False
        yield bar
        with VerticalScroll(id="figures-body"):
            for key in KEYS:
                yield Static("", classes="figures-title", id=f"figures-{key}-title", markup=False)
                if key in SERIES:
                    yield Sparkline([], summary_function=max, id=f"figures-{key}-chart")
                yield Static("", id=f"figures-{key}", markup=False)
        yield Footer()

    # ----- worked out in a worker ---------------------------------------------------------------

    def refresh_data(self) -> None:
        if self.year is None:
            self.year = self.today().year
        year, area = self.year, self.area
        self.query_one("#heading", Static).update(t("figures.computing", year=year))
        self.show_progress(0, 1)
        self.run_worker(lambda: self.compute(year, area), thread=True, exclusive=True)

    def compute(self, year: int, area: str | None) -> None:
        from data.store.figures import known_areas, year_figures

        records = self.store.records
        try:
            figures = year_figures(records, year, area, progress=self.progressed)
            areas = known_areas(records)
        except TukiError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.shown, (year, area), figures, areas)

    def failed(self, exc: Exception) -> None:
        self.show_progress(0, None)
        self.notify(i18n.explain(exc), severity="error", timeout=12)

    def shown(self, asked: tuple[int, str | None], figures: YearFigures, areas: list[str]) -> None:
        if asked != (self.year, self.area):  # another year or area was asked for meanwhile
            return
        self.figures, self.areas = figures, areas
        self.show_progress(0, None)
        self.query_one("#heading", Static).update(heading(figures))
        shown = {section.key: section for section in sections(figures)}
        for key in KEYS:
            section = shown.get(key)
            title = self.query_one(f"#figures-{key}-title", Static)
            body = self.query_one(f"#figures-{key}", Static)
            title.display = body.display = section is not None
            if key in SERIES:
                chart = self.query_one(f"#figures-{key}-chart", Sparkline)
                chart.display = section is not None and any(section.series)
                chart.data = list(section.series) if section is not None else []
            if section is not None:
                title.update(section.title)
                body.update("\n".join(lines(section)))

    # ----- keys -------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        if self.year is None:
            return
        self.year += step
        self.refresh_data()

    def action_area(self) -> None:
        choices: list[str | None] = [None, *self.areas]
        at = choices.index(self.area) if self.area in choices else 0
        self.area = choices[(at + 1) % len(choices)]
        self.refresh_data()
