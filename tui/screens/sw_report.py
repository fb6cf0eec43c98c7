"""The report to the child's own social worker for a period, from the relationship's page.

A small dialog asks the period (by default the last three months up to today); ctrl+s writes
the report as Markdown and PDF into ``reports-sw/`` in the data folder, with the same care as
the minutes (0600, or the shared folder's mode), and a notification names the files. Nothing
is sent anywhere: the coordinator delivers the report the way the social worker agreed.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from data.errors import TukiError
from data.model.access import AccessView
from data.outputs.meeting_report import check_period, report_markdown, report_pdf
from data.outputs.minutes_file import SW_REPORTS, write_in_folder
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.viewed import viewed
from tui.widgets.footer import Footer
from tui.widgets.form import BadValue, Field, FormMixin, form_keys, parse_date


def months_back(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class SocialWorkerReportDialog(FormMixin, TukiModal[Path | None]):
    """Ask the period and write the report; dismiss(the Markdown file) or None."""

    TITLE_KEY = "sw_report.title"
    ABOUT_KEY = "sw_report.about"  # what the dialog writes, under its title
    WRITTEN_KEY = "sw_report.written"  # the notice naming the files written
    PREFIX = "sw-report"  # the files' names: PREFIX-<relationship>-<start>-<end>.md / .pdf
    VIEW = AccessView.SOCIAL_WORKER_REPORT  # the view of the client the access log records
    MONTHS_BACK = 3  # the period's default start, before today
    DEFAULT_CSS = """
    SocialWorkerReportDialog { align: center middle; }
    SocialWorkerReportDialog #sw-dialog { width: 64; max-width: 100%; height: auto;
        max-height: 100%; border: round $primary; background: $surface; padding: 0 1; }
    SocialWorkerReportDialog .title-bar { text-style: bold; }
    SocialWorkerReportDialog .row { height: auto; }
    SocialWorkerReportDialog .row > Field { width: 1fr; margin-right: 1; }
    SocialWorkerReportDialog Input { background: $boost; }
    SocialWorkerReportDialog .form--hint { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "sw_report.key.write", priority=True, id="sw_report.write"),
        Binding("escape", "cancel", "sw_report.key.cancel", id="sw_report.cancel"),
    ]

    def __init__(self, relationship_id: int, today: date) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.end_default = today
        self.start_default = months_back(today, self.MONTHS_BACK)

    def compose(self) -> ComposeResult:
        with Vertical(id="sw-dialog"):
            yield Label(t(self.TITLE_KEY), classes="title-bar")
            yield Static(t(self.ABOUT_KEY))
            with Horizontal(classes="row"):
                yield Field(
                    "start",
                    t("sw_report.start"),
                    Input(i18n.day(self.start_default), id="in-start", compact=True),
                )
                yield Field(
                    "end",
                    t("sw_report.end"),
                    Input(i18n.day(self.end_default), id="in-end", compact=True),
                )
            yield Static(form_keys(self), classes="form--hint")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#in-start", Input).focus()

    def action_save(self) -> None:
        self.clear_errors()
        try:
            start, end = self.read("start", parse_date), self.read("end", parse_date)
            check_period(start, end)
        except BadValue:
            self.notify(self.marked(t("meetings.fix_fields")), severity="error", timeout=8)
            return
        except TukiError as exc:
            self.field("end").set_error(i18n.explain(exc))
            self.notify(i18n.explain(exc), severity="error", timeout=8)
            return
        rid, lang, made = self.relationship_id, i18n.language(), self.today()
        base = f"{self.PREFIX}-{rid}-{start.isoformat()}-{end.isoformat()}"
        client = self.store.records.relationship_facts().get(rid)
        viewed(self, [client.client_id] if client else [], self.VIEW, again=True)
        try:
            md, pdf = self.documents(rid, start, end, made, lang)
            written = write_in_folder(self.store, base + ".md", md.encode(), folder=SW_REPORTS)
            write_in_folder(self.store, base + ".pdf", pdf, folder=SW_REPORTS)
        except (TukiError, OSError) as exc:  # a link in the way, no space, no right
            why = i18n.explain(exc) if isinstance(exc, TukiError) else exc.strerror or str(exc)
            self.notify(t("sw_report.failed", why=why), severity="error", timeout=12)
            return
        path = str(written.with_suffix("")) + ".md / .pdf"
        self.notify(t(self.WRITTEN_KEY, path=path), timeout=15)
        self.dismiss(written)

    def documents(
        self, rid: int, start: date, end: date, made: date, lang: str
    ) -> tuple[str, bytes]:
        """The document's Markdown and PDF for the period."""
        md = report_markdown(self.store, rid, start, end, made, lang)
        return md, report_pdf(self.store, rid, start, end, made, lang)
