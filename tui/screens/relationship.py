"""One relationship: agreement, goals, the meeting timeline, concerns, reports, palaverit.

Enter on a meeting shows its whole report (tui/screens/meeting_view.py, ``e`` there corrects
it); ``s`` writes the report to the child's social worker for a period (tui/screens/sw_report.py).
Keys: ``l`` log a meeting for it, ``c`` raise a concern, ``p`` pause, ``r`` resume, ``x`` end
(a dialog asks the date and the reason). State changes carry the loaded version, so a change
made meanwhile by someone else opens the conflict dialog instead of overwriting it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from data.errors import NotFound
from data.model.access import AccessView
from data.models import (
    Concern,
    EndReason,
    Meeting,
    Relationship,
    State,
    VolunteerKind,
)
from data.rules.measures import ratings_by_goal
from data.rules.peer import end_reasons
from tui import i18n, peer_text, rates_text
from tui.goal_chart import goals_text
from tui.i18n import t
from tui.pair_names import shown_volunteer
from tui.screens import relationship_work as work
from tui.screens.base import TukiScreen
from tui.screens.first_frame import DrawnOnce
from tui.screens.history import open_history
from tui.screens.kept_page import KeptPage
from tui.screens.relationship_end import EndDialog
from tui.viewed import viewed
from tui.widgets.footer import Footer

if TYPE_CHECKING:
    from data.store import Store


def meeting_status(meeting: Meeting) -> str:
    if meeting.held:
        return t("meetings.status.held")
    reason = meeting.cancel_reason.value if meeting.cancel_reason else "other"
    text = f"{t('meetings.status.cancelled')}: {t(f'meetings.reason.{reason}')}"
    return f"{text} ({meeting.cancel_note})" if meeting.cancel_note else text


def yes_no(value: bool) -> str:
    return t("app.yes") if value else t("app.no")


def prepare(store: Store[Any]) -> None:
    """What the first page opened builds, built while nobody types (the console's warm-up,
    tui/app_store.py), for any relationship: the validators of the models it reads (pydantic
    builds them at their first use, with its plugin loader: ~110 ms of the first opening at
    national scale), the Store's parts it reads, the modules and money formats it shows.
    Nothing of any relationship is read, nor logged."""
    from data.model.contact import Contact
    from data.models import Palaveri, Settings
    from tui.screens import contact_form, report_form  # noqa: F401  (the page's texts)

    for model in (Relationship, Meeting, Contact, Concern, Palaveri, Settings):
        model.model_rebuild()
    _parts = (store.access, store.contacts, store.palaverit, store.reports)
    store.records.settings()
    i18n.money(Decimal(0))
    i18n.moment(store.clock())


class RelationshipScreen(KeptPage, DrawnOnce, TukiScreen):
    KEPT_NAME = "relationship-page"  # kept between openings (tui/screens/kept_page.py)
    TITLE_KEY = "relationship.title"
    CSS_PATH = "relationship.tcss"
    BINDINGS = [
        Binding("l", "log_here", "relationship.key.log", id="relationship.log_here"),
        Binding("c", "concern_here", "relationship.key.concern", id="relationship.concern_here"),
        Binding("p", "pause", "relationship.key.pause", id="relationship.pause"),
        Binding("r", "resume", "relationship.key.resume", id="relationship.resume"),
        Binding("x", "end", "relationship.key.end", id="relationship.end"),
        Binding("a", "palaveri", "relationship.key.palaveri", id="relationship.palaveri"),
        Binding("k", "report_here", "relationship.key.report", id="relationship.report_here"),
        Binding("s", "sw_report", "relationship.key.sw_report", id="relationship.sw_report"),
        Binding("t", "terms", "relationship.key.terms", show=False, id="relationship.terms"),
        Binding("v", "second", "relationship.key.second", id="relationship.second"),
        Binding("o", "contact_here", "work.key.contact", id="relationship.contact_here"),
        Binding("y", "summary", "work.key.summary", show=False, id="relationship.summary"),
        Binding("j", "our_thing", "work.key.our_thing", show=False, id="relationship.our_thing"),
        Binding("escape", "back", "relationship.key.back", id="relationship.back"),
        Binding("h", "history", "history.key.open", id="relationship.history"),
    ]

    def __init__(self, relationship_id: int) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.relationship: Relationship | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        with VerticalScroll(id="body"):
            yield Static("", id="agreement")
            yield Label(t("relationship.goals"), classes="section")
            yield Static("", id="goals")
            yield Label(t("relationship.meetings"), classes="section")
            yield work.TimelineTable(id="timeline", cursor_type="row", zebra_stripes=True)
            yield Label(t("relationship.concerns"), classes="section")
            yield Static("", id="concerns")
            yield Label(t("relationship.reports"), classes="section")
            yield Static("", id="reports")
            yield Label(t("relationship.palaverit"), classes="section")
            yield Static("", id="palaverit")
        yield Footer()

    async def on_mount(self) -> None:
        work.set_timeline_columns(self.query_one("#timeline", DataTable), self.size.width)
        self.set_focus(self.query_one("#body"), scroll_visible=False)
        # read now, with the timeline's height and the footer's keys (the ones its state
        # enables): read at the screen's showing, its first frame had an empty timeline, and
        # two more layouts followed (the rows' height, then the keys), as for the shortlist
        self.read_generation = self.tuki.data_generation
        self.refresh_data()
        await self.query_one(Footer).show_keys_now()
        self.keys_built()

    def show_record(self, record_id: int) -> None:
        """This page, kept since its last opening, opened for ``record_id`` as a new page
        opens: its client logged as seen, its body at its top and focused, the timeline's
        first page of rows (tui/screens/kept_page.py)."""
        self.relationship_id, self.relationship = record_id, None
        self.__dict__.pop("_access_seen", None)  # a new view of the client (tui/viewed.py)
        for part in ("heading", "agreement", "goals", "concerns", "reports", "palaverit"):
            self.query_one(f"#{part}", Static).update("")  # (nothing of the last one shown)
        self.set_class(False, "-no-meetings")
        body = self.query_one("#body")
        body.scroll_to(0, 0, animate=False, immediate=True)
        table = self.query_one("#timeline", work.TimelineTable)
        table.clear()
        work.set_timeline_columns(table, self.app.size.width)
        self.set_focus(body, scroll_visible=False)
        self.read_generation = self.tuki.data_generation
        self.refresh_data()

    def on_resize(self) -> None:  # the activity gets the width beyond 80 columns
        changed = work.set_timeline_columns(self.query_one("#timeline", DataTable), self.size.width)
        if changed and self.relationship is not None:
            self.refresh_data()  # (the rows went with the old columns)

    # ----- reading ------------------------------------------------------------------------

    def refresh_data(self) -> None:
        store = self.store
        try:
            r = store.records.get(Relationship, self.relationship_id)
        except NotFound as exc:
            self.notify(i18n.explain(exc), severity="error")
            return
        self.relationship = r
        viewed(self, (r.client_id,), AccessView.RELATIONSHIP_PAGE)  # the access log, once
        # their names from the facts index (1.5 MB): the whole client and volunteer files
        # (15 MB at national scale) were read for the two names; the two rows alone
        client = store.records.derived.client(r.client_id)
        vols = {v: store.records.derived.volunteer(v) for v in r.volunteer_ids}
        volunteer = shown_volunteer({k: v for k, v in vols.items() if v}, r)  # a pair: both
        heading = t(
            "relationship.heading",
            client=client.name if client else "?",
            volunteer=volunteer.name if volunteer else "?",
            state=t(f"state.{r.state.value}"),
            since=i18n.day(r.since()),
        )
        if r.service is VolunteerKind.PROFESSIONAL and r.phase is not None:
            heading += " · " + t("relationship.phase", phase=t(f"relationship.phase.{r.phase}"))
        if r.state is State.ENDED and r.end_reason is not None:
            heading += " · " + t(f"relationship.end.{r.end_reason.value}")
        self.query_one("#heading", Static).update(heading)
        self.query_one("#agreement", Static).update(self.agreement_text(r))
        # charted (tui/goal_chart.py): only a professional service holds client-plan palaverit,
        # so no other relationship's palaverit are read (16 ms for the largest at national scale)
        rated = (
            ratings_by_goal(store.palaverit.of(r.id or 0))
            if r.service is VolunteerKind.PROFESSIONAL and r.goals
            else {}
        )
        scale = store.records.settings().rating_scale
        self.query_one("#goals", Static).update(goals_text(r, rated, scale))
        rows = work.Timeline(store, r, store.meetings.of(r.id or 0))  # meetings and contacts
        self.query_one("#timeline", work.TimelineTable).show(rows)
        self.set_class(not rows, "-no-meetings")
        rid = r.id
        # only its concerns validated (a row of another form kept, to be judged as a record)
        mine = store.records.select(
            Concern, lambda row: not isinstance(v := row.get("relationship_id"), int) or v == rid
        )
        concerns = [c for c in mine if c.relationship_id == rid]
        self.query_one("#concerns", Static).update(self.concerns_text(concerns))
        self.query_one("#reports", Static).update(self.reports_text(r))
        palaverit = [
            f"{i18n.palaveri_kind(p.kind)} {i18n.day(p.on)}"
            + ("" if p.finished else f" ({t('relationship.unfinished')})")
            for p in store.palaverit.of(r.id or 0)
        ]
        self.query_one("#palaverit", Static).update("\n".join(palaverit) or t("relationship.none"))
        if self.is_mounted:  # (in on_mount the footer's keys are built after this)
            self.refresh_bindings()

    def agreement_text(self, r: Relationship) -> str:
        a = r.agreement
        if a is None:
            return t("relationship.no_agreement")
        summary = self.store.meetings.summary(r.id or 0)
        fee = a.fee_terms
        lines = [
            t("relationship.period", start=i18n.day(a.start), end=i18n.day(a.planned_end)),
            t(  # a support family's maximum counts weekends
                "relationship.count"
                + (".weekends" if r.service is VolunteerKind.SUPPORT_FAMILY else ""),
                held=summary.held,
                max=a.max_meetings,
                cancelled=summary.cancelled,
                per_month=a.meetings_per_month,
            ),
            t(
                "relationship.consents",
                car=yes_no(a.car_consent),
                home=yes_no(a.home_visit_consent),
            ),
            t(
                "relationship.arranging",
                via=t(f"relationship.via.{a.arranged_via.value}"),
                contact=a.contact or "–",
            ),
            rates_text.terms_line(fee),
            *peer_text.lines(r),  # peer support's three parties and its peer group
        ]
        return "\n".join([*lines, work.work_text(r)]).rstrip()

    def concerns_text(self, concerns: list[Concern]) -> Text:
        if not concerns:
            return Text(t("relationship.none"))
        out = Text()
        for c in sorted(concerns, key=lambda c: c.noticed_at, reverse=True):
            if c.closed_at is not None:
                state = t("concerns.state.closed")
            elif c.notified:
                state = t("concerns.state.notified")
            else:
                state = f"‼ {t('concerns.state.unnotified')}"
            what = c.what if len(c.what) < 40 else c.what[:39] + "…"
            out.append(f"{i18n.moment(c.noticed_at)}  {state}  {what}\n")
        out.rstrip()
        return out

    def reports_text(self, r: Relationship) -> str:
        from tui.screens.report_form import relationship_reports_text

        return relationship_reports_text(self.store, r, self.today())

    # ----- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        r = self.relationship
        if r is None:
            return action == "back" or None
        if action == "pause":
            return r.state in (State.STARTING, State.ACTIVE)
        if action == "resume":
            return r.state is State.PAUSED
        if action == "end":
            return r.state is not State.ENDED
        if action == "log_here":
            return r.state in (State.STARTING, State.ACTIVE, State.PAUSED)
        if action == "report_here":
            return r.agreement is not None and r.state is not State.PROPOSED
        if action == "sw_report":
            return r.agreement is not None
        if action == "terms":
            return r.agreement is not None and r.state is not State.ENDED
        if action == "second":  # a peer pair's second support person (seed 003)
            return r.service is VolunteerKind.PEER and r.state is not State.ENDED
        if action in ("contact_here", "summary"):
            return r.agreement is not None
        return True

    def action_second(self) -> None:
        from tui.screens.pair_dialog import change_second

        change_second(self)

    def action_terms(self) -> None:
        """Change the fee terms (tui/screens/terms_form.py)."""
        from tui.screens.terms_form import TermsForm

        if self.relationship is not None and self.relationship.agreement is not None:

            def after(saved: Any) -> None:
                if saved is not None:
                    self.tuki.refresh_screens()

            self.app.push_screen(TermsForm(self.relationship), after)

    def action_palaveri(self) -> None:
        """Run a start, review, ending or client-plan meeting (resuming an open draft)."""
        from tui.screens.palaveri import PalaveriScreen
        from tui.screens.palaveri_dialogs import StartPalaveriDialog, suggested_kind

        r = self.relationship
        if r is None or r.id is None:
            return
        rid = r.id

        def begin(palaveri: Any) -> None:
            if palaveri is not None and palaveri.id is not None:
                self.tuki.refresh_screens()  # the new draft is listed here
                self.app.push_screen(PalaveriScreen(rid, palaveri.id))

        self.app.push_screen(StartPalaveriDialog(r, suggested_kind(r)), begin)

    def action_report_here(self) -> None:
        """Record (or correct) a monthly report: the newest month without one is offered."""
        from tui.screens.report_form import ReportDialog, default_month, names_of, report_months

        r = self.relationship
        if r is None or r.id is None:
            return
        names = names_of(self.store, r.client_id, *r.volunteer_ids)
        months = report_months(r, self.today())
        month = default_month(self.store, r, self.today())
        if month is None:  # its agreement starts in a month still to come
            self.notify(t("error.report_not_started"), severity="warning")
            return
        self.app.push_screen(ReportDialog(r.id, names, month, months), self._after_report)

    def _after_report(self, saved: Any) -> None:
        if saved is not None:
            self.tuki.refresh_screens()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a meeting: its whole report."""
        from tui.screens.meeting_view import MeetingView

        if event.data_table.id == "timeline" and event.row_key.value is not None:
            event.stop()
            cid = work.contact_id(event.row_key.value)
            if cid is not None:  # a contact with the network: its form
                work.open_contact(self, self.relationship_id, cid)
                return
            self.app.push_screen(MeetingView(self.relationship_id, int(event.row_key.value)))

    def action_sw_report(self) -> None:
        """The report to the child's social worker for a period, as Markdown and PDF."""
        from tui.screens.sw_report import SocialWorkerReportDialog

        self.app.push_screen(SocialWorkerReportDialog(self.relationship_id, self.today()))

    def action_contact_here(self) -> None:
        """Log a contact with the network (tui/screens/contact_form.py)."""
        work.open_contact(self, self.relationship_id, None)

    def action_summary(self) -> None:
        """The summary of the work done for a period, as Markdown and PDF."""
        self.app.push_screen(work.SummaryDialog(self.relationship_id, self.today()))

    def action_our_thing(self) -> None:
        """Edit "our thing", the shared activity found in the start phase."""
        if self.relationship is not None:
            self.app.push_screen(
                work.OurThingDialog(self.relationship),
                lambda saved: self.tuki.refresh_screens() if saved is not None else None,
            )

    def action_log_here(self) -> None:
        self.tuki.action_log_meeting(self.relationship_id)

    def action_concern_here(self) -> None:
        self.tuki.action_raise_concern(self.relationship_id)

    def action_history(self) -> None:
        """The relationship's history; on the meeting timeline, the highlighted meeting's."""
        table = self.query_one("#timeline", DataTable)
        if table.has_focus and 0 <= table.cursor_row < table.row_count:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
            cid = work.contact_id(key)
            kind, number = ("meeting", key) if cid is None else ("contact", cid)
            open_history(self, kind, f"{self.relationship_id}-{number}")
            return
        open_history(self, "relationship", self.relationship_id)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _change_state(self, state: State) -> None:
        r = self.relationship
        if r is None or r.id is None:
            return
        rid, version, today = r.id, r.version, self.today()
        saved = self.attempt(
            lambda: self.store.relationships.set_state(self.user, rid, version, state, today)
        )
        if saved is not None:
            self.notify(t("relationship.state_changed", state=t(f"state.{state.value}")))
            self.tuki.refresh_screens()

    def action_pause(self) -> None:
        self._change_state(State.PAUSED)

    def action_resume(self) -> None:
        self._change_state(State.ACTIVE)

    def action_end(self) -> None:
        r = self.relationship
        if r is None or r.id is None:
            return
        rid, version = r.id, r.version

        def after(result: tuple[date, EndReason, str] | None) -> None:
            if result is None:
                return
            on, reason, note = result
            saved = self.attempt(
                lambda: self.store.relationships.end(self.user, rid, version, on, reason, note)
            )
            if saved is not None:
                self.notify(t("relationship.ended", day=i18n.day(on)))
                self.tuki.refresh_screens()

        self.app.push_screen(EndDialog(self.today(), end_reasons(r)), after)
