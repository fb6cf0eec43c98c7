"""The month's payments: every line of the month's payment run (by default last month's), as
approved when it was, else as the records give it now (``store.payments``).

The run is computed in a worker thread (the table says it is loading), so the console stays
responsive however many relationships there are. ``p`` and ``n`` go to the previous and the
next month, ``f`` shows only the held lines, ``a`` approves the run as shown (after a question
naming the month and the total; the store refuses if the records changed meanwhile), ``m``
records the day it was paid, ``w`` writes the CSV and the PDF into ``payments/`` in the data
folder (shared as the minutes are). Enter opens the line's relationship.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

from babel.numbers import format_decimal
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from data.dates import add_months, month_end, month_start
from data.dates import fi_month as shown_month
from data.errors import TukiError
from data.model.access import AccessView
from data.model.payments import Item, PaymentRun
from data.outputs import payments as document
from data.outputs.minutes_file import write_in_folder
from data.rules.agenda_texts import pick
from data.rules.payments import Line, Run
from data.texts import LOCALES
from tui import i18n
from tui.i18n import t
from tui.listing import listed_name
from tui.screens.base import WorkerProgress
from tui.screens.dialogs import ConfirmDialog
from tui.screens.paid_dialog import PaidDialog
from tui.screens.record_list import RecordList
from tui.screens.report_form import step_month
from tui.viewed import viewed

#: the data folder's folder the console writes payment lists to
FOLDER = "payments"


@dataclass(frozen=True)
class PayRow:
    index: int  # the line's place in the run (the table's key)
    name: str  # the volunteer, surname first
    client: str  # the relationship's child, surname first
    line: Line

    @property
    def id(self) -> int:
        return self.line.relationship_id


@dataclass(frozen=True)
class Computed:
    month: date
    run: Run
    approved: PaymentRun | None
    rows: list[PayRow]


class PaymentsScreen(WorkerProgress, RecordList[PayRow]):
    TITLE_KEY = "payments.title"
    AREA = "payments"
    KIND = "relationship"
    SEARCH = "payments.search"
    COLUMNS = (  # 64 characters and the cells' padding fill 80 columns; the note is whole below
        ("volunteer", 14),
        ("client", 11),
        ("month", 7),
        ("item", 10),
        ("quantity", 5),
        ("amount", 10),
        ("note", 7),
    )
    GROW = {"volunteer": 2, "client": 1, "item": 1, "note": 2}
    FILTERS = ("all", "held")
    DEFAULT_CSS = """
    PaymentsScreen #heading { text-style: bold; padding: 0 1; background: $primary-background; }
    """
    BINDINGS = [
        Binding("a", "approve", "payments.key.approve", id="payments.approve"),
        Binding("m", "paid", "payments.key.paid", id="payments.paid"),
        Binding("w", "write", "payments.key.write", id="payments.write"),
        Binding("p", "month(-1)", "payments.key.previous", id="payments.previous"),
        Binding("n", "month(1)", "payments.key.next", id="payments.next"),
        Binding("f", "filter", "payments.key.filter", id="payments.filter"),
        Binding("slash", "search", "payments.key.search", key_display="/", id="payments.search"),
        Binding("enter", "open", "payments.key.open", show=False, id="payments.open"),
        Binding("escape", "leave_search", "app.key.back", show=False, id="payments.leave_search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None  # set when first shown: last month by the app's clock
        self.computed: Computed | None = None  # the shown month's run, once the worker is done
        self.refocus = False  # the table had the focus when the worker started

    # ----- the run, computed in a worker -----------------------------------------------------

    def on_mount(self) -> None:
        """A progress bar over the table while a big run is computed (hidden otherwise)."""
        bar = ProgressBar(id="progress", show_eta=False)
        bar.display = False
        self.mount(bar, before=self.table)

    def refresh_data(self) -> None:
        """Compute the month's run in a thread; the rows are shown when it is done."""
        if self.month is None:
            self.month = month_start(add_months(self.today(), -1))
        if self.computed is not None and self.computed.month != self.month:
            self.computed = None
        # a loading table cannot take or keep the focus: it gets it when the rows are shown
        # (unless a search is being typed meanwhile)
        typing = self.searching and bool(self.query_one("#search", Input).value)
        self.refocus = self.refocus or not typing
        self.table.loading = True
        self.refresh_bindings()
        computing = t("payments.computing", month=shown_month(self.month))
        self.query_one("#heading", Static).update(computing)
        self.run_worker(partial(self.compute, self.month), thread=True, exclusive=True, group="run")

    def compute(self, month: date) -> None:
        """In the worker thread: the run (worked out in a child process that sends back only
        its lines: ``payments.run_apart``), its approval, the lines named and sorted."""
        store = self.store
        try:
            run = store.payments.run_apart(month, progress=self.progressed)
            approved = store.payments.approved(month)
            clients = store.records.client_facts()
            rels = store.records.relationship_facts()
            rows = []
            for n, row in enumerate(document.listed(store, run)):
                rel = rels.get(row.line.relationship_id)
                c = clients.get(rel.client_id) if rel is not None else None
                client = listed_name(c.first, c.last) if c is not None else "?"
                rows.append(PayRow(n, row.name, client, row.line))
        except TukiError as exc:  # the folder unreadable: said in words
            self.app.call_from_thread(self.failed, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.shown, Computed(month, run, approved, rows))

    def failed(self, exc: Exception) -> None:
        self.show_progress(0, None)
        self.table.loading = False
        self.call_after_refresh(self.table.focus)
        self.notify(i18n.explain(exc), severity="error", timeout=12)

    def shown(self, computed: Computed) -> None:
        """Back in the console's thread: show the run if it is still the month wanted."""
        if computed.month != self.month:
            return
        self.computed = computed
        rels = self.store.records.relationship_facts()  # the access log: each child named, once
        ids = (rels[r.id].client_id for r in computed.rows if r.id in rels)
        viewed(self, ids, AccessView.PAYMENTS)
        self.show_progress(0, None)
        self.table.loading = False
        if self.refocus:
            self.refocus = False
            self.call_after_refresh(self.table.focus)  # once the loading indicator is gone
        RecordList.refresh_data(self)

    # ----- the rows --------------------------------------------------------------------------

    def load(self) -> Sequence[PayRow]:
        return self.computed.rows if self.computed is not None else []

    def key(self, row: PayRow) -> str:
        return str(row.index)

    def cells(self, row: PayRow) -> tuple[str | Text, ...]:
        lang = i18n.language()
        line = row.line
        quantity = ""
        if line.quantity and line.item is not Item.COSTS:
            quantity = format_decimal(line.quantity, locale=LOCALES.get(lang, LOCALES["fi"]))
        amount = Text(document.money(line.amount, lang), justify="right")
        if line.held is not None:
            amount.stylize("dim")
        return (
            row.name,
            row.client,
            shown_month(line.for_month),
            pick(document.ITEMS[line.item], lang),
            Text(quantity, justify="right"),
            amount,
            self.note(line),
        )

    def note(self, line: Line) -> str:
        lang = i18n.language()
        if line.held is not None:
            return pick(document.HELD[line.held], lang)
        return document.word("adjustment", lang) if line.adjustment else ""

    def keep(self, row: PayRow) -> bool:
        return self.filter == "all" or row.line.held is not None

    def state(self) -> str:
        approved = self.computed.approved if self.computed is not None else None
        if approved is None:
            return t("payments.state.draft")
        text = t(
            "payments.state.approved",
            who=approved.approved_by,
            day=i18n.day(approved.approved_at.date()),
        )
        if approved.paid_on is not None:
            text += " · " + t("payments.state.paid", day=i18n.day(approved.paid_on))
        return text

    def heading(self, shown: Sequence[PayRow]) -> str:
        month = self.month or month_start(self.today())
        if self.computed is None:
            return t("payments.computing", month=shown_month(month))
        total = document.money(self.computed.run.total(), i18n.language())
        return t("payments.heading", month=shown_month(month), state=self.state(), total=total)

    def status(self, shown: Sequence[PayRow]) -> str:
        if self.computed is None:
            return ""
        run = self.computed.run
        held = sum((line.amount for line in run.held), Decimal("0"))
        volunteers = len({line.volunteer_id for line in run.paid})
        return t(
            f"payments.summary.{self.filter}",
            n=len(shown),
            volunteers=volunteers,
            held=len(run.held),
            held_total=document.money(held, i18n.language()),
        )

    def detail(self, row: PayRow) -> str:
        note = self.note(row.line)
        return f"{row.name} · {row.client}" + (f" · {note}" if note else "")

    def empty_note(self) -> str:
        if self.computed is None:
            return t("payments.computing", month=shown_month(self.month or self.today()))
        return t("payments.empty")

    # ----- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        found = super().check_action(action, parameters)
        if found is not True:
            return found
        done = self.computed
        if action == "approve":
            ended = self.month is not None and month_end(self.month) < self.today()
            return done is not None and done.approved is None and ended
        if action == "paid":
            return done is not None and done.approved is not None
        if action == "write":
            return done is not None
        if action == "month" and parameters == (1,):
            return self.month is None or self.month < month_start(self.today())
        return True

    def show_month(self, month: date) -> None:
        """Show ``month``'s run (an alert of its unapproved payments was opened)."""
        if month != self.month:
            self.month = month_start(month)
            self.computed = None
            if self.is_mounted and not self.stale:
                self.refresh_data()

    def action_month(self, step: int) -> None:
        month = step_month(self.month, step, self.today())
        if month is None:
            return
        self.month = month
        self.computed = None
        self.refresh_data()

    def action_approve(self) -> None:
        """Approve the run as shown: the question names the month and the total, and the store
        refuses if the records changed since (nobody approves sums they did not see)."""
        done = self.computed
        if done is None or done.approved is not None:
            return
        month, total = done.month, done.run.total()
        volunteers = len({line.volunteer_id for line in done.run.paid})
        money = document.money(total, i18n.language())
        question = t(
            "payments.confirm_approve", month=shown_month(month), total=money, n=volunteers
        )

        def after(yes: bool | None) -> None:
            if not yes:
                return
            saved = self.attempt(
                lambda: self.store.payments.approve(self.user, month, expected_total=total)
            )
            if saved is not None:
                self.notify(t("payments.approved", month=shown_month(month), total=money))
                self.tuki.refresh_screens()

        self.app.push_screen(ConfirmDialog(question), after)

    def action_paid(self) -> None:
        """The day the approved run was paid (default today), version-checked."""
        done = self.computed
        if done is None or done.approved is None:
            return
        month, version = done.month, done.approved.version
        default = done.approved.paid_on or self.today()

        def after(day: date | None) -> None:
            if day is None:
                return
            saved = self.attempt(
                lambda: self.store.payments.mark_paid(self.user, month, day, version=version)
            )
            if saved is not None:
                self.notify(t("payments.paid", month=shown_month(month), day=i18n.day(day)))
                self.tuki.refresh_screens()

        self.app.push_screen(PaidDialog(shown_month(month), default), after)

    def action_write(self) -> None:
        """The CSV and the PDF into ``payments/`` in the data folder, written in a worker."""
        done = self.computed
        if done is None:
            return
        self.notify(t("payments.writing", month=shown_month(done.month)))
        self.run_worker(partial(self.write, done, i18n.language()), thread=True, group="write")

    def write(self, done: Computed, lang: str) -> None:
        store = self.store
        base = f"payments-{done.month:%Y-%m}"
        try:
            csv = document.payments_csv(store, done.run, lang)
            pdf = document.payments_pdf(store, done.run, done.approved, lang)
            written = write_in_folder(store, base + ".csv", csv, folder=FOLDER)
            write_in_folder(store, base + ".pdf", pdf, folder=FOLDER)
        except (TukiError, OSError) as exc:  # a link in the way, no space, no right
            self.app.call_from_thread(self.write_failed, exc)
            return
        self.app.call_from_thread(self.written, written)

    def write_failed(self, exc: Exception) -> None:
        why = i18n.explain(exc) if isinstance(exc, TukiError) else str(exc)
        if isinstance(exc, OSError) and exc.strerror:
            why = exc.strerror
        self.notify(t("payments.write_failed", why=why), severity="error", timeout=12)

    def written(self, path: Path) -> None:
        shown = str(path.with_suffix("")) + ".csv / .pdf"
        self.notify(t("payments.written", path=shown), timeout=12)


__all__ = ["PaymentsScreen"]
