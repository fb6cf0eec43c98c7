"""What the relationship's page shows and does of a professional service's work (issue 16):
the phase history with dates, "our thing" (the shared activity found in the start phase,
``j`` edits it), the contacts with the network in the timeline beside the meetings (``o`` logs
one, Enter opens one: tui/screens/contact_form.py) and the summary of the work done for a
period (``y``: Markdown and PDF into ``reports-sw/``, data/outputs/summary.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Self

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Label, Static

from data.errors import TukiError
from data.model.access import AccessView
from data.model.contact import Contact
from data.models import Meeting, Relationship
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.screens.sw_report import SocialWorkerReportDialog
from tui.widgets.footer import Footer
from tui.widgets.form import Field, FormMixin, form_keys
from tui.widgets.list_table import ListTable

if TYPE_CHECKING:
    from data.store import Store

CONTACT_KEY = "c"  # a contact's row key in the timeline: "c3" (a meeting's is its id, "3")


def phases_text(r: Relationship) -> str:
    """The phase history with dates: 'Aloitus 1.3.2026 → Luottamus 1.6.2026'."""
    return " → ".join(
        f"{t(f'relationship.phase.{e.phase.value}')} {i18n.day(e.since)}" for e in r.phases
    )


def work_text(r: Relationship) -> str:
    """The lines of the page's agreement block about the work: phases and our thing."""
    lines = []
    if r.phases:
        lines.append(t("work.phases", phases=phases_text(r)))
    if r.our_thing or r.phases:
        lines.append(t("work.our_thing", text=r.our_thing or "–"))
    return "\n".join(lines)


class Timeline:
    """The timeline's rows, newest first: each meeting and each contact (its own marker), a
    row's cells made when the row is added (``cells``); the contacts are a view of the
    client's data as the meetings are (the page has logged the client)."""

    def __init__(self, store: Store[Any], r: Relationship, meetings: list[Meeting]) -> None:
        #: a pair's volunteers' facts: one of a peer pair who met alone is named
        self.pair = store.records.volunteer_facts() if r.second_volunteer_id is not None else {}
        items: list[tuple[tuple[date, int, int], str, Meeting | Contact]] = [
            ((m.on, 0, m.id or 0), str(m.id), m) for m in meetings
        ]
        contacts: list[Contact] = store.contacts.of(r.id) if r.id is not None else []
        items += [((c.on, 1, c.id or 0), f"{CONTACT_KEY}{c.id}", c) for c in contacts]
        items.sort(key=lambda item: item[0], reverse=True)
        #: (row key, the meeting or contact), newest first
        self.items = [(key, item) for _sort, key, item in items]

    def __len__(self) -> int:
        return len(self.items)

    def cells(self, item: Meeting | Contact) -> tuple[str, ...]:
        """A row's cells: a meeting's date, status, activity and place, minutes; a contact's
        (``contact_form.timeline_row``)."""
        from data.model.weekend import until_text
        from tui.pair_names import alone
        from tui.screens.contact_form import timeline_row
        from tui.screens.meeting_place import kind_word
        from tui.screens.relationship import meeting_status

        if isinstance(item, Contact):
            return timeline_row(item)
        m = item
        return (
            i18n.day(m.on),
            # a support family's weekend: its last day; one of a peer pair alone: (Jari yksin)
            alone(meeting_status(m) + until_text(m), self.pair.get(m.met_by or 0)),
            " · ".join(x for x in (m.activity, kind_word(m.place_kind)) if x) or "–",
            str(m.duration_min) if m.duration_min else "–",
        )


class TimelineTable(ListTable[str]):
    """The meeting timeline: its rows added a page at a time, the next page as the cursor or
    the view nears the last row held (as the waiting lists and the shortlist take theirs); the
    cells of rows not added are not made. At national scale the busiest relationship has some
    200 meetings, of which 11 are seen: adding every row was a sixth of opening its page.
    ``ctrl+end`` (the last row) adds them all first."""

    PAGE = 60  # rows added at a time (some five views of the table)
    _timeline: Timeline | None = None

    def show(self, timeline: Timeline) -> None:
        """The rows of ``timeline`` (as many as were held, at least a page), their height
        worked out now: the page is laid out once, with them."""
        held = max(self.PAGE, self.row_count)
        self.clear()
        self._timeline = timeline
        self.add_rows_up_to(held)
        self.settle_rows()

    def clear(self, columns: bool = False) -> Self:
        """Textual's, the timeline forgotten with its rows (the cursor moved by clearing,
        or the columns gone, adds nothing): ``show`` gives the next."""
        self._timeline = None
        return super().clear(columns)

    def add_rows_up_to(self, count: int) -> None:
        """Add rows after those held, until ``count`` are (or all are)."""
        timeline, self._timeline = self._timeline, None  # (nothing more while adding)
        if timeline is None:
            return
        try:
            for key, item in timeline.items[self.row_count : count]:
                self.add_row(*timeline.cells(item), key=key)
        finally:
            self._timeline = timeline

    def more_if_near_end(self) -> None:
        """The next page when the cursor, or the bottom of the view, is within a screen of
        the last row held."""
        if self._timeline is None or self.row_count >= len(self._timeline):
            return
        screen = max(self.size.height, 1)
        near = self.cursor_row >= self.row_count - screen
        if near or self.scroll_y + 2 * screen >= self.virtual_size.height:
            self.add_rows_up_to(self.row_count + self.PAGE)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        self.more_if_near_end()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.more_if_near_end()

    def action_scroll_bottom(self) -> None:
        if self._timeline is not None:
            self.add_rows_up_to(len(self._timeline))
        super().action_scroll_bottom()


#: the timeline's columns and their widths at 80 columns; the activity gets what is beyond
TIMELINE = (("date", 10), ("status", 28), ("activity", 22), ("duration", 6))


def set_timeline_columns(table: DataTable[str], width: int) -> bool:
    """The timeline's columns at the page's ``width``: what is beyond 80 columns goes to what
    was done (the activity). True when they changed: the rows are gone, to be filled again."""
    spare = max(0, width - 80)
    widths = [w + (spare if key == "activity" else 0) for key, w in TIMELINE]
    if [c.width for c in table.columns.values()] == widths:
        return False
    table.clear(columns=True)
    for (key, _), w in zip(TIMELINE, widths, strict=True):
        table.add_column(t(f"relationship.col.{key}"), key=key, width=w)
    return True


def contact_id(key: str | None) -> int | None:
    """The contact's id of a timeline row key ("c3": 3), None for a meeting's."""
    if key and key.startswith(CONTACT_KEY) and key[1:].isdigit():
        return int(key[1:])
    return None


def open_contact(screen: Any, relationship_id: int, cid: int | None) -> None:
    """The contact form over the page: a new contact (``cid`` None) or the one in the row."""
    from tui.screens.contact_form import ContactForm

    contact = screen.store.contacts.get(relationship_id, cid) if cid is not None else None

    def after(saved: Any) -> None:
        if saved is not None:
            screen.tuki.refresh_screens()

    screen.app.push_screen(ContactForm(relationship_id, contact, screen.today()), after)


class OurThingDialog(FormMixin, TukiModal[Relationship | None]):
    """Edit "our thing" of a relationship (version-checked: a conflict is said)."""

    TITLE_KEY = "work.our_thing_title"
    DEFAULT_CSS = """
    OurThingDialog { align: center middle; }
    OurThingDialog #work-dialog { width: 64; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 0 1; }
    OurThingDialog .form--hint { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "work.key.save", priority=True, id="work.save"),
        Binding("escape", "cancel", "work.key.cancel", id="work.cancel"),
    ]

    def __init__(self, relationship: Relationship) -> None:
        super().__init__()
        self.relationship = relationship

    def compose(self) -> ComposeResult:
        with Vertical(id="work-dialog"):
            yield Label(t("work.our_thing_title"), classes="title-bar")
            yield Static(t("work.our_thing_about"))
            yield Field(
                "our_thing",
                t("work.our_thing_field"),
                Input(self.relationship.our_thing, id="in-our_thing", compact=True),
            )
            yield Static(form_keys(self), classes="form--hint")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#in-our_thing", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        text = self.read("our_thing")
        r = self.relationship
        if text == r.our_thing:
            self.dismiss(None)
            return
        try:
            saved = self.store.records.update(self.user, r.model_copy(update={"our_thing": text}))
        except TukiError as exc:
            self.field("our_thing").set_error(i18n.explain(exc))
            self.notify(i18n.explain(exc), severity="error", timeout=8)
            return
        self.notify(t("app.saved"))
        self.dismiss(saved)


class SummaryDialog(SocialWorkerReportDialog):
    """Ask the period (the last six months by default) and write the summary of the work done
    as Markdown and PDF into ``reports-sw/``; a view of the client (the access log)."""

    TITLE_KEY = "work.summary_title"
    ABOUT_KEY = "work.summary_about"
    WRITTEN_KEY = "work.summary_written"
    PREFIX = "summary"
    VIEW = AccessView.SUMMARY
    MONTHS_BACK = 6

    def documents(
        self, rid: int, start: date, end: date, made: date, lang: str
    ) -> tuple[str, bytes]:
        from data.outputs.summary import summary_markdown, summary_pdf

        md = summary_markdown(self.store, rid, start, end, made, lang)
        return md, summary_pdf(self.store, rid, start, end, made, lang)


__all__ = [
    "OurThingDialog",
    "SummaryDialog",
    "Timeline",
    "TimelineTable",
    "contact_id",
    "open_contact",
    "phases_text",
    "work_text",
]
