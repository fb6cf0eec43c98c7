"""The search of the texts: meetings, concerns, palaverit and contacts whose texts hold every
word.

Opened with ``ctrl+f`` or from the palette (``TukiApp.action_search``). Words are typed in the
box and Enter searches (not every letter: each search shows client data and is logged, so only
what the user asks for is shown); the kind is chosen beside the box. The search runs in a worker
thread (``store.search.find``), so typing goes on meanwhile; a first search of a big folder
reads every relationship's texts once, with a progress bar. The hits are the newest first:
day, kind, reference, the client's initials and a piece of the text. Enter on a hit opens it as
the console opens it elsewhere: a meeting's report over its relationship's page, a concern's
page, a palaveri over its relationship's page (a reader, who cannot run a palaveri, gets the
relationship's page), a contact's form over its relationship's page (a reader gets the page).
Each client the hits name is logged in the access log, kind ``search``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, ProgressBar, Select, Static

from data.errors import TukiError
from data.model.access import AccessView
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.viewed import viewed
from tui.widgets.footer import Footer

SHOWN = 200  # the newest hits shown
KINDS = ("meeting", "concern", "palaveri", "contact")


class SearchScreen(TukiScreen):
    TITLE_KEY = "search.title"
    BINDINGS = [Binding("escape", "back", "search.key.back", id="search.back")]
    DEFAULT_CSS = """
    SearchScreen #filters { height: 1; padding: 0 1; }
    SearchScreen #filters Input { width: 1fr; margin-right: 2; }
    SearchScreen #filters Select { width: 22; }
    SearchScreen #progress { height: 1; padding: 0 1; }
    SearchScreen #hits { height: 1fr; }
    SearchScreen #status { height: 1; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Any] = []
        self.asked: tuple[str, tuple[str, ...]] | None = None  # the search whose hits are awaited

    def compose(self) -> ComposeResult:
        yield Static(t("search.title"), id="heading", classes="title-bar")
        with Horizontal(id="filters"):
            yield Input(id="words", placeholder=t("search.placeholder"), compact=True)
            options = [(t("search.kind.all"), "all")]
            options += [(t(f"search.kind.{k}"), k) for k in KINDS]
            yield Select(options, value="all", allow_blank=False, id="kind", compact=True)
        bar = ProgressBar(id="progress", show_eta=False)
        bar.display = False
        yield bar
        yield DataTable(id="hits", cursor_type="row")
        yield Static(t("search.hint"), id="status")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#hits", DataTable)
        for key in ("day", "kind", "ref", "client", "text"):
            table.add_column(t(f"search.col.{key}"), key=key)
        self.query_one("#words", Input).focus()

    def refresh_data(self) -> None:
        """Nothing is read until a search is asked for (Enter)."""

    def kinds(self) -> tuple[str, ...]:
        chosen = self.query_one("#kind", Select).value
        return KINDS if chosen not in KINDS else (str(chosen),)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.query_one("#words", Input).value.strip():
            self.start()

    def start(self) -> None:
        text = self.query_one("#words", Input).value
        status = self.query_one("#status", Static)
        if not text.strip():
            status.update(t("search.hint"))
            return
        self.asked = (text, self.kinds())
        status.update(t("search.searching"))
        work = partial(self.search, text, self.kinds())
        self.run_worker(work, thread=True, exclusive=True, group="search")

    def search(self, text: str, kinds: tuple[str, ...]) -> None:
        """In the worker thread: the hits, or what is wrong in words."""
        try:
            found = self.store.search.find(
                self.user, text, kinds=kinds, limit=SHOWN, progress=self.progressed
            )
        except TukiError as exc:
            self.app.call_from_thread(self.failed, (text, kinds), i18n.explain(exc))
            return
        self.app.call_from_thread(self.shown, (text, kinds), found)

    def progressed(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.show_progress, done, total)

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = total >= 200 and done < total  # (a few shards read: no bar)
        bar.update(total=total, progress=done)
        if bar.display:
            self.query_one("#status", Static).update(t("search.reading", done=done, total=total))

    def failed(self, asked: tuple[str, tuple[str, ...]], why: str) -> None:
        if asked == self.asked:
            self.query_one("#progress", ProgressBar).display = False
            self.query_one("#status", Static).update(why)

    def shown(self, asked: tuple[str, tuple[str, ...]], found: Any) -> None:
        """Back in the console's thread: the hits, if they are still of the search asked."""
        if asked != self.asked:
            return
        self.query_one("#progress", ProgressBar).display = False
        # the hits are their clients' data: each client logged once (tui/viewed.py)
        viewed(self, [h.client_id for h in found.hits if h.client_id], AccessView.SEARCH)
        self.hits = list(found.hits)
        table: DataTable[str] = self.query_one("#hits", DataTable)
        table.clear()
        for index, hit in enumerate(self.hits):
            cells = (i18n.day(hit.day), t(f"kind.{hit.kind}"), hit.ref, hit.initials or "–")
            table.add_row(*cells, hit.snippet, key=str(index))
        status = self.query_one("#status", Static)
        if not self.hits:
            status.update(t("search.none", words=asked[0].strip()))
        elif found.more:
            status.update(t("search.more", n=len(self.hits)))
        else:
            status.update(t("search.found", n=len(self.hits)))
        if self.hits:
            table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a hit: the record, as the console opens it elsewhere."""
        event.stop()
        if event.row_key.value is None:
            return
        self.open(self.hits[int(event.row_key.value)])

    def open(self, hit: Any) -> None:
        from data.model.register import UserRole

        app = self.tuki
        if hit.kind == "concern":
            app.open_subject("concern", hit.record_id)
            return
        if hit.relationship_id is None:
            return
        app.open_subject("relationship", hit.relationship_id)
        if hit.kind == "meeting":
            from tui.screens.meeting_view import MeetingView

            app.push_screen(MeetingView(hit.relationship_id, hit.record_id))
        elif hit.kind == "contact":
            if app.role is not None and app.role.may(UserRole.COORDINATOR):
                from data.errors import NotFound
                from tui.screens.relationship_work import open_contact

                try:
                    open_contact(self, hit.relationship_id, hit.record_id)
                except NotFound as exc:  # removed since the search: the page stays
                    self.notify(i18n.explain(exc), severity="warning")
        elif app.role is not None and app.role.may(UserRole.COORDINATOR):
            from tui.screens.palaveri import PalaveriScreen

            app.push_screen(PalaveriScreen(hit.relationship_id, hit.record_id))

    def action_back(self) -> None:
        self.app.pop_screen()


__all__ = ["SearchScreen"]
