"""The start screen: the day's alerts, most urgent first, and the figures at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from data.rules.alert_shapes import Alert, AlertKind, Counts
from tui import i18n
from tui.alert_lines import alert_mark, alert_text
from tui.i18n import t
from tui.screens.record_list import RecordList
from tui.widgets.footer import Footer

if TYPE_CHECKING:
    from data.models import Settings


def mark(alert: Alert) -> Text:
    """A word and a symbol, never colour alone: ‼ CONCERN for a concern nobody was told of."""
    symbol = alert_mark(alert)
    if alert.kind is AlertKind.CONCERN_UNNOTIFIED:
        return Text(f"{symbol} {t('dashboard.concern_word')}", style="bold reverse")
    return Text(symbol, style="bold" if symbol == "!" else "")


def since(alert: Alert) -> str:
    value = alert.since
    return i18n.day(value.date() if isinstance(value, datetime) else value)


#: what the filter key shows: the urgent ones (‼ and !), or one kind of work
GROUPS: dict[str, frozenset[AlertKind]] = {
    "urgent": frozenset(
        {
            AlertKind.CONCERN_UNNOTIFIED,
            AlertKind.MAX_REACHED,
            AlertKind.NO_MEETING,
            AlertKind.REVIEW_OVERDUE,
            AlertKind.EXTRACT_OVERDUE,
        }
    ),
    "meetings": frozenset(
        {
            AlertKind.NO_MEETING,
            AlertKind.MAX_REACHED,
            AlertKind.MAX_NEAR,
            AlertKind.REPORT_MISSING,
        }
    ),
    "palaverit": frozenset(
        {
            AlertKind.REVIEW_OVERDUE,
            AlertKind.REVIEW_DUE,
            AlertKind.ARRANGE_START,
            AlertKind.PLANNED_END,
        }
    ),
    "people": frozenset(
        {
            AlertKind.CLIENT_WAITING,
            AlertKind.VETTING_STUCK,
            AlertKind.EXTRACT_OVERDUE,  # volunteers kept fit (issue 14)
            AlertKind.EXTRACT_DUE,
            AlertKind.SUPERVISION_MISSING,
        }
    ),
}


class DashboardScreen(RecordList[Alert]):
    """The alerts as a list (no search, no filter), the counts as its status line."""

    TITLE_KEY = "dashboard.title"
    CSS_PATH = "dashboard.tcss"
    AREA = "dashboard"
    # 80 columns: 8 + 20 + 30 + 10 and one cell of padding each side
    COLUMNS = (("mark", 8), ("subject", 20), ("why", 30), ("since", 10))
    GROW = {"subject": 1, "why": 2}  # a wider window shows more of the names and the reasons
    FILTERS = ("all", *GROUPS)
    BINDINGS = [
        Binding("f", "filter", "dashboard.key.filter", id="dashboard.filter"),
        Binding("a", "area", "dashboard.key.area", id="dashboard.area"),
        Binding("enter", "open", "dashboard.open", show=False, id="dashboard.open"),
        Binding("ctrl+r", "refresh", "dashboard.refresh", show=False, id="dashboard.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: on a folder without clients or volunteers: the first steps, each (done, text)
        self.first_steps: list[tuple[bool, str]] = []
        self.title_line = ""
        self.counts_line = ""
        self.subject_areas: dict[tuple[str, int], str] = {}  # read with the alerts
        self.day_alerts: list[Alert] = []  # read with the counts, shown by load()

    @property
    def alerts(self) -> list[Alert]:
        return self.loaded

    def refresh_data(self) -> None:
        """The heading and the counts, then the alerts (RecordList.refresh_data). The console's
        first frame shows what the folder keeps for the day, read before the Store is opened
        (``TukiApp.start_view``); every later reading goes through the Store."""
        today = self.today()
        start = self.tuki.start_view()
        if start is not None:
            self.title_line = self._heading(start.programme, today)
            self.counts_line = i18n.counts_line(start.counts)
            self.day_alerts, self.subject_areas = start.alerts, start.areas
            self.first_steps = []  # a client waits and a volunteer is in vetting (start_view)
            super().refresh_data()
            self.tuki.open_store_after_frame()  # the Store (and the models) after this frame
            return
        settings = self.store.records.settings()
        self.title_line = self._heading(settings.programme_name, today)
        now = self.now()
        counts, self.day_alerts = self.store.alerts.day(now.date(), now)  # one reading of both
        self.counts_line = i18n.counts_line(counts)
        self.subject_areas = self.store.alerts.areas(now.date())  # kept as the alerts are
        self.first_steps = self._first_steps(settings, counts)
        self.query_one("#first-steps", Static).update(self.first_steps_text())
        self.set_class(bool(self.first_steps), "-first-start")
        super().refresh_data()

    def _heading(self, programme: str, today: date) -> str:
        return t("dashboard.heading", programme=programme, day=i18n.day(today), user=self.user)

    # ----- the first start: what to do on an empty folder ------------------------------------

    def compose(self) -> ComposeResult:
        """The list's shape, with the first steps above its footer (shown on a first start)."""
        for widget in super().compose():
            if isinstance(widget, Footer):
                yield Static("", id="first-steps")
            yield widget

    def _first_steps(self, settings: Settings, counts: Counts) -> list[tuple[bool, str]]:
        """While the folder has no clients or no volunteers (a first start, not the demo):
        set the programme's name and rates, add the first volunteer and client; [] after.
        A client waiting, a volunteer in vetting (the day's counts, from the same facts as
        ``Records.any``) says so without reading the facts again (1.5 MB at national scale)."""
        from data.models import Client, Volunteer

        records = self.store.records
        has_clients = counts.waiting > 0 or records.any(Client)
        has_volunteers = counts.in_vetting > 0 or records.any(Volunteer)
        if has_clients and has_volunteers:
            return []
        app = self.tuki
        settings_key = app.keys_of("app.settings", self)
        return [
            (self._named(settings), t("dashboard.first.name", keys=settings_key)),
            (bool(settings.rates), t("dashboard.first.rates", keys=settings_key)),
            (
                has_volunteers,
                t(
                    "dashboard.first.volunteer",
                    section=app.keys_of("app.volunteers", self),
                    new=self._key_of("volunteers.new", "n"),
                ),
            ),
            (
                has_clients,
                t(
                    "dashboard.first.client",
                    section=app.keys_of("app.clients", self),
                    new=self._key_of("clients.new", "n"),
                ),
            ),
        ]

    @staticmethod
    def _named(settings: Settings) -> bool:
        """The programme has been given its own name or an organiser (not only the default)."""
        from data.models import Settings

        default = Settings.model_fields["programme_name"].default
        return settings.version > 0 and (
            settings.programme_name != default or bool(settings.organiser)
        )

    def _key_of(self, binding_id: str, default: str) -> str:
        """The key of a list screen's binding (a user's keys.toml applied) as shown."""
        keys = getattr(self.app, "_keymap", {}).get(binding_id, default)
        return self.app.get_key_display(Binding(keys.split(",")[0], ""))

    def first_steps_text(self) -> str:
        if not self.first_steps:
            return ""
        done, todo = t("dashboard.first.done"), t("dashboard.first.todo")
        lines = [t("dashboard.first.title"), ""]
        lines += [
            f"{done if ok else todo}  {n}. {text}"
            for n, (ok, text) in enumerate(self.first_steps, 1)
        ]
        return "\n".join([*lines, "", t("dashboard.first.demo")])

    def load(self) -> list[Alert]:
        """The alerts read with the counts (refresh_data)."""
        return self.day_alerts

    def cells(self, row: Alert) -> tuple[str | Text, ...]:
        return mark(row), row.subject.name, alert_text(row), since(row)

    def keep(self, row: Alert) -> bool:
        group = GROUPS.get(self.filter)
        return (group is None or row.kind in group) and (
            self.area is None or self.area_of(row) == self.area
        )

    def area_of(self, row: Alert) -> str:
        return self.subject_areas.get((row.subject.kind, row.subject.id), "")

    def key(self, row: Alert) -> str:
        """Why and about whom: the cursor stays on it when alerts come and go around it."""
        return f"{row.kind.value}:{row.subject.kind}:{row.subject.id}"

    def subject(self, row: Alert) -> tuple[str, int]:
        return row.subject.kind, row.subject.id

    def detail(self, row: Alert) -> str:
        """The reason whole: at 80 columns its column cuts the longer ones."""
        return f"{row.subject.name}: {alert_text(row)}"

    def empty_note(self) -> str:
        """Nothing to do today, or nothing of the chosen kind or area."""
        return t("lists.no_match") if self.loaded else t("dashboard.empty")

    def heading(self, shown: Sequence[Alert]) -> str:
        return self.title_line

    def status(self, shown: Sequence[Alert]) -> str:
        if self.filter == "all" and self.area is None:
            return self.counts_line
        showing = t(
            "dashboard.showing",
            n=len(shown),
            total=len(self.loaded),
            filter=self.filter_label(),
            area=self.area or t("clients.area.all"),
        )
        return f"{self.counts_line}\n{showing}"

    def action_refresh(self) -> None:
        self.refresh_data()
