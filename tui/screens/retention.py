"""Retention (an admin's screen, from the palette): what is due, and anonymising it.

The screen shows what ``tuki retention --dry-run`` prints (the due cases by initials and id,
those left alone and why, the volunteers whose vetting details are due) and the runs so far.
``a`` asks, naming how many cases and volunteers, and then anonymises them in a worker thread
with a progress bar (``store.retention.apply``): the console stays responsive however many
cases there are. The store refuses anyone but an admin; the palette offers the screen only to
an admin (or while the folder has no users yet).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from data.errors import TukiError
from data.model.access import Face
from data.model.retention import RetentionRun
from data.rules.retention import Plan
from tui import i18n
from tui.i18n import t
from tui.retention_text import plan_text, run_text
from tui.screens.base import TukiScreen, WorkerProgress
from tui.widgets.footer import Footer


class RetentionScreen(WorkerProgress, TukiScreen):
    PROGRESS_ID = "retention-progress"
    TITLE_KEY = "retention.title"
    DEFAULT_CSS = """
    RetentionScreen #retention-body { padding: 0 1; }
    RetentionScreen .section { text-style: bold; margin: 1 0 0 0; }
    RetentionScreen #retention-progress { margin: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "app.key.back", id="retention.back"),
        Binding("a", "apply", "retention.key.apply", id="retention.apply"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.runs: list[RetentionRun] = []
        self.applying = False

    def compose(self) -> ComposeResult:
        yield Static(t("retention.title"), id="heading", classes="title-bar")
        bar = ProgressBar(id="retention-progress", show_eta=False)
        bar.display = False
        yield bar
        with VerticalScroll(id="retention-body"):
            yield Static(t("retention.console.reading"), id="retention-plan")
            yield Static(t("retention.console.runs"), classes="section")
            yield Static("", id="retention-runs")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply":
            return self.plan is not None and not self.plan.empty and not self.applying
        return True

    # ----- what is due, read in a worker ---------------------------------------------------

    def refresh_data(self) -> None:
        if self.applying:
            return
        self.run_worker(self.read, thread=True, exclusive=True, group="plan")

    def read(self) -> None:
        try:
            plan = self.store.retention.plan(self.user)
            runs = self.store.retention.runs(self.user)
        except TukiError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.shown, plan, runs)

    def shown(self, plan: Plan, runs: list[RetentionRun]) -> None:
        self.plan, self.runs = plan, runs
        self.query_one("#retention-plan", Static).update(plan_text(plan))
        text = "\n".join(run_text(r) for r in runs) if runs else t("retention.cli.no_runs")
        self.query_one("#retention-runs", Static).update(text)
        self.refresh_bindings()

    def failed(self, exc: Exception) -> None:
        self.applying = False
        self.show_progress(0, None)
        self.refresh_bindings()
        self.notify(i18n.explain(exc), severity="error", timeout=12)

    # ----- anonymising ----------------------------------------------------------------------

    def action_apply(self) -> None:
        plan = self.plan
        if plan is None or plan.empty or self.applying:
            return
        question = t("retention.cli.confirm", n=len(plan.due), volunteers=len(plan.volunteers))
        from tui.screens.dialogs import IrreversibleDialog

        self.app.push_screen(IrreversibleDialog(question), self.confirmed)

    def confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        self.applying = True
        self.refresh_bindings()
        self.show_progress(0, 1)
        self.run_worker(self.apply, thread=True, exclusive=True, group="apply")

    def apply(self) -> None:
        try:
            run = self.store.retention.apply(self.user, progress=self.progressed, face=Face.CONSOLE)
        except TukiError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        self.app.call_from_thread(self.applied, run)

    def applied(self, run: RetentionRun) -> None:
        self.applying = False
        self.show_progress(0, None)
        said = [run_text(run), t("retention.cli.scrubbed", n=run.backups_removed)]
        if run.documents_removed:
            said.append(t("retention.cli.documents", n=run.documents_removed))
        if run.copies_removed:
            said.append(t("retention.cli.copies", n=run.copies_removed))
        self.notify("\n".join(said), timeout=15)
        self.tuki.refresh_screens()  # every screen reads again (names are gone)

    def action_back(self) -> None:
        if not self.applying:
            self.dismiss(None)
