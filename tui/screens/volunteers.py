"""Volunteers: the list with search and filters, and one volunteer's vetting and relationships."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from data.errors import NotFound
from data.models import PIPELINE, Relationship, Step, Volunteer
from data.store.volunteer_lines import VolunteerLine
from tui import i18n
from tui.i18n import t
from tui.listing import listed_name, name_order
from tui.pair_names import with_partner
from tui.screens.base import TukiScreen
from tui.screens.history import open_history, open_row_history
from tui.screens.record_list import RecordList
from tui.widgets.footer import Footer


def step_word(step: Step | None) -> str:
    return t(f"step.{step.value}") if step else "–"


def short_word(step: Step | None) -> str:
    return t(f"volunteers.short.{step.value}") if step else "–"


def matches(v: Volunteer | VolunteerLine, step_filter: str) -> bool:
    if step_filter == "in_vetting":
        return v.in_vetting
    if step_filter == "approved":
        return v.approved
    if step_filter == "paused":
        return v.state is Step.PAUSED
    if step_filter == "left":
        return v.state is Step.LEFT
    return True


def haystack(v: Volunteer | VolunteerLine) -> str:
    parts = [
        v.name,
        listed_name(v.first_name, v.last_name),
        v.area,
        v.municipality,
        *v.interests,
        *v.offers,
        *v.reachable_areas,
    ]
    return " ".join(parts).casefold()


def _named(v: VolunteerLine) -> tuple[str, str]:
    return v.first_name, v.last_name


@dataclass(frozen=True)
class VolRow:
    """One volunteer as the list shows it, with the free places counted once per load."""

    volunteer: VolunteerLine  # the few fields the list shows (store.lists.volunteers)
    free: int

    @property
    def id(self) -> int:
        return self.volunteer.id


class VolunteersScreen(RecordList[VolRow]):
    TITLE_KEY = "volunteers.title"
    # no CSS_PATH: volunteers.tcss styles the VolunteerDetailScreen only, and a new CSS file means
    # all the CSS parsed again and every widget restyled on the list's first visit
    AREA = "volunteers"
    KIND = "volunteer"
    SEARCH = "volunteers.search"
    # 80 columns: 21 + 13 + 12 + 13 + 7, one cell of padding each side and the scrollbar
    COLUMNS = (("name", 21), ("kind", 13), ("area", 12), ("step", 13), ("free", 7))
    FILTERS = ("all", "in_vetting", "approved", "paused", "left")
    BINDINGS = [
        Binding(
            "slash", "search", "volunteers.key.search", key_display="/", id="volunteers.search"
        ),
        Binding("f", "filter", "volunteers.key.step_filter", id="volunteers.cycle_step"),
        Binding("a", "area", "volunteers.key.area", id="volunteers.cycle_area"),
        Binding("k", "toggle_free", "volunteers.key.free", id="volunteers.toggle_free"),
        Binding("n", "new", "volunteers.key.new", id="volunteers.new"),
        Binding("enter", "open", "volunteers.key.open", show=False, id="volunteers.open"),
        Binding("h", "history", "history.key.open", show=False, id="volunteers.history"),
        Binding("escape", "leave_search", "app.key.back", show=False, id="volunteers.leave_search"),
    ]

    def action_history(self) -> None:
        open_row_history(self)

    def __init__(self) -> None:
        super().__init__()
        self.free_only = False
        self.made: dict[int, VolRow] = {}  # volunteer id -> its row, as load() made it last
        self.ordered: list[VolRow] = []  # what load() gave last, in its order

    def load(self) -> list[VolRow]:
        """The rows, by surname. A row is made again only when its volunteer (the store keeps
        the same line while the file is unchanged) or free places changed, and the rows are
        not sorted again when no name changed."""
        open_counts = Counter(  # a peer pair's both
            v
            for r in self.store.records.relationship_facts().values()
            if r.is_open
            for v in r.volunteer_ids
        )
        made: dict[int, VolRow] = {}
        changed, moved = False, False
        for v in self.store.lists.volunteers():
            vid = v.id
            free = max(0, v.capacity - open_counts[vid])
            was = self.made.get(vid)
            if was is not None and was.volunteer is v and was.free == free:
                made[vid] = was
                continue
            changed = True
            made[vid] = VolRow(v, free)
            moved = moved or was is None or _named(was.volunteer) != _named(v)
        same_ids = len(made) == len(self.made)
        self.made = made
        if not changed and same_ids:
            return self.ordered  # the same rows: the same order
        if not moved and same_ids:  # the same volunteers, where they were
            self.ordered = [made[r.id] for r in self.ordered]
        else:
            self.ordered = sorted(
                made.values(),
                key=lambda r: (*name_order(r.volunteer.first_name, r.volunteer.last_name), r.id),
            )
        return self.ordered

    def cells(self, row: VolRow) -> tuple[str, ...]:
        v = row.volunteer
        return (
            listed_name(v.first_name, v.last_name),
            t(f"volunteer_kind.{v.kind.value}"),
            v.area or "–",
            short_word(v.state),
            f"{row.free}/{v.capacity}",
        )

    def text(self, row: VolRow) -> str:
        return haystack(row.volunteer)

    def keep(self, row: VolRow) -> bool:
        v = row.volunteer
        if not matches(v, self.filter) or (self.area and v.area != self.area):
            return False
        return not self.free_only or (v.approved and row.free > 0)

    def narrowing(self) -> tuple[object, ...]:
        return (*super().narrowing(), self.free_only)

    def area_of(self, row: VolRow) -> str:
        return row.volunteer.area

    def heading(self, shown: Sequence[VolRow]) -> str:
        filters = [t("volunteers.filter.step", value=self.filter_label())]
        filters.append(t("volunteers.filter.area", value=self.area or t("volunteers.filter.all")))
        if self.free_only:
            filters.append(t("volunteers.filter.free"))
        return t(
            "volunteers.heading",
            shown=len(shown),
            total=len(self.loaded),
            filters=" · ".join(filters),
        )

    def action_toggle_free(self) -> None:
        self.free_only = not self.free_only
        self.show()

    def action_new(self) -> None:
        from tui.screens.volunteer_form import VolunteerForm

        def after(saved: Volunteer | None) -> None:
            if saved is not None:
                self.notify(t("volunteers.form.added", name=saved.name))
                self.tuki.refresh_screens()
                self.tuki.open_subject("volunteer", saved.id or 0)

        self.app.push_screen(VolunteerForm(None), after)


VOLUNTEER_ACTIONS = ("next_step", "pause", "resume", "leave", "edit", "session", "recheck")


class VolunteerDetailScreen(TukiScreen):
    """One volunteer: the vetting timeline, what they offer, and their relationships."""

    TITLE_KEY = "volunteers.title"
    CSS_PATH = "volunteers.tcss"
    BINDINGS = [
        Binding("escape", "back", "volunteers.key.back", id="volunteer.back"),
        Binding("h", "history", "history.key.open", id="volunteer.history"),
        Binding("s", "next_step", "volunteers.key.next_step", id="volunteer.next_step"),
        Binding("p", "pause", "volunteers.key.pause", id="volunteer.pause"),
        Binding("r", "resume", "volunteers.key.resume", id="volunteer.resume"),
        Binding("x", "leave", "volunteers.key.leave", id="volunteer.leave"),
        Binding("e", "edit", "volunteers.key.edit", id="volunteer.edit"),
        Binding("o", "session", "fit.key.session", id="volunteer.session"),
        Binding("t", "recheck", "fit.key.recheck", id="volunteer.recheck"),
        Binding("enter", "open", "volunteers.key.open", show=False, id="volunteer.open"),
    ]

    def __init__(self, volunteer_id: int) -> None:
        super().__init__()
        self.volunteer_id = volunteer_id
        self.volunteer: Volunteer | None = None
        self.relationships: list[Relationship] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        with VerticalScroll(id="body"):
            yield Label(t("volunteers.detail.pipeline"), classes="section")
            yield Static("", id="timeline")
            yield Static("", id="info")
            yield Label(t("fit.section"), classes="section")
            yield Static("", id="fitness")
            yield Label(t("volunteers.detail.relationships"), classes="section")
            table: DataTable[str] = DataTable(id="relationships", cursor_type="row")
            yield table
            yield Static(t("volunteers.detail.no_relationships"), id="no-rels")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#relationships", DataTable)
        table.add_column(t("volunteers.col.state"), key="state", width=14)
        table.add_column(t("volunteers.col.client"), key="client", width=30)
        table.add_column(t("volunteers.col.since"), key="since", width=12)
        table.focus()

    # ----- data ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        try:
            v = self.store.records.get(Volunteer, self.volunteer_id)
        except NotFound:
            self.notify(t("volunteers.detail.missing"), severity="error")
            self.app.pop_screen()
            return
        self.volunteer = v
        self.query_one("#heading", Static).update(t("volunteers.detail.title", name=v.name))
        self.query_one("#timeline", Static).update(self.timeline(v))
        self.query_one("#info", Static).update(self.info(v))
        from tui.screens import volunteer_fit as fit

        fitness = fit.fitness_text(v, self.store.records.settings(), self.today())
        self.query_one("#fitness", Static).update(fitness)
        facts = [  # a peer pair's second person's too
            f for f in self.store.records.relationship_facts().values() if v.id in f.volunteer_ids
        ]
        facts.sort(key=lambda f: (not f.is_open, f.since or f.proposed_on or self.today()))
        clients = self.store.records.client_facts()
        self.rel_ids = [f.id for f in facts]
        table = self.query_one("#relationships", DataTable)
        table.clear()
        for f in facts:
            client = clients.get(f.client_id)
            table.add_row(
                t(f"state.{f.state.value}"),
                with_partner(client.name if client else "?", f, v.id, self.store),
                i18n.day(f.since),
                key=str(f.id),
            )
        self.open_count = sum(1 for f in facts if f.is_open)
        self.set_class(not facts, "-no-rels")
        self.refresh_bindings()

    def timeline(self, v: Volunteer) -> Text:
        out = Text()
        following = v.next_step()
        for step in PIPELINE:
            done = [s for s in v.vetting if s.step is step]
            label = f"{step_word(step):<28}"
            if done:
                s = done[-1]
                line = f"✓ {label} {i18n.day(s.on):<10}"
                if s.by:
                    line += "  " + t("volunteers.detail.by", by=s.by)
                extra = self.step_extra(s)
                if extra:
                    line += f"  ({extra})"
                out.append(line + "\n")
            elif step is following:
                out.append(f"→ {label} {'–':<10}  ", style="bold")
                out.append(t("volunteers.detail.next") + "\n", style="bold reverse")
            else:
                out.append(f"· {label} {'–':<10}\n", style="dim")
        others = [s for s in v.vetting if s.step not in PIPELINE]
        for s in others:
            line = f"• {step_word(s.step):<28} {i18n.day(s.on):<10}"
            if s.by:
                line += "  " + t("volunteers.detail.by", by=s.by)
            if getattr(s, "note", ""):
                line += f"  {s.note}"  # type: ignore[union-attr]
            out.append(line + "\n")
        out.rstrip()
        return out

    @staticmethod
    def step_extra(s: Any) -> str:
        if s.step is Step.SUITABILITY and not s.suitable:
            return t("volunteers.detail.not_suitable")
        if s.step is Step.ORIENTED:
            return t("volunteers.detail.hours", hours=str(s.hours).replace(".", ","))
        if s.step is Step.EXTRACT_SHOWN:
            return t("volunteers.detail.extract", extract=i18n.day(s.extract_date))
        return ""

    def info(self, v: Volunteer) -> str:
        yes, no = t("app.yes"), t("app.no")
        open_count = sum(
            1
            for f in self.store.records.relationship_facts().values()
            if v.id in f.volunteer_ids and f.is_open
        )
        days = ", ".join(t(f"volunteers.day.{d.value}") for d in v.availability.days) or "–"
        parts = ", ".join(t(f"volunteers.part.{p.value}") for p in v.availability.parts) or "–"
        ages = "–"
        if v.child_age_min is not None or v.child_age_max is not None:
            ages = f"{v.child_age_min if v.child_age_min is not None else ''}–" + (
                f"{v.child_age_max}" if v.child_age_max is not None else ""
            )
        gender = f" · {t('volunteers.gender.' + v.gender.value)}" if v.gender else ""
        contact = " · ".join(x for x in (v.phone, v.email) if x) or "–"
        lines = [
            t(
                "volunteers.detail.capacity",
                open=open_count,
                capacity=v.capacity,
                free=max(0, v.capacity - open_count),
            ),
            f"{t('volunteers.detail.kind')}: {t('volunteer_kind.' + v.kind.value)}"
            f" · {t('volunteers.detail.born')} {v.birth_year}{gender}",
            f"{t('volunteers.detail.where')}: {v.municipality}" + (f", {v.area}" if v.area else ""),
            f"{t('volunteers.detail.reachable')}: {', '.join(v.reachable_areas) or '–'}",
            f"{t('volunteers.detail.interests')}: {i18n.words(v.interests) or '–'}",
            f"{t('volunteers.detail.offers')}: {i18n.words(v.offers) or '–'}",
            f"{t('volunteers.detail.languages')}: {', '.join(v.languages) or '–'}",
            f"{t('volunteers.detail.availability')}: {days} · {parts}",
            f"{t('volunteers.detail.car')}: {yes if v.has_car else no}"
            f" · {t('volunteers.detail.home_visits')}: {yes if v.home_visits_ok else no}",
            f"{t('volunteers.detail.ages')}: {ages}",
            f"{t('volunteers.detail.contact')}: {contact}",
        ]
        return "\n".join(lines)

    # ----- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        v = self.volunteer
        if v is None:
            return action not in VOLUNTEER_ACTIONS
        if action == "next_step":
            return v.next_step() is not None
        if action in ("recheck", "session"):  # the extract again: approved once, not left
            return v.state is not Step.LEFT and (action == "session" or v.was_approved)
        if action == "pause":
            return bool(v.vetting) and v.state not in (Step.PAUSED, Step.LEFT)
        if action == "resume":
            return v.state is Step.PAUSED
        if action == "leave":
            return bool(v.vetting) and v.state is not Step.LEFT
        return True

    def action_history(self) -> None:
        open_history(self, "volunteer", self.volunteer_id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def record(self, step: Step) -> None:
        from tui.screens.vetting import StepDialog

        if self.volunteer is None:
            return

        def after(saved: Volunteer | None) -> None:
            if saved is not None:
                self.notify(t("volunteers.step.saved", step=step_word(step)))
                self.tuki.refresh_screens()

        self.app.push_screen(StepDialog(self.volunteer, step), after)

    def action_next_step(self) -> None:
        if self.volunteer is not None and (step := self.volunteer.next_step()):
            self.record(step)

    def action_recheck(self) -> None:
        if self.volunteer is not None and self.volunteer.was_approved:
            self.record(Step.EXTRACT_SHOWN)

    def action_session(self) -> None:
        from tui.screens.volunteer_fit import add_session

        add_session(self)

    def action_pause(self) -> None:
        self.record(Step.PAUSED)

    def action_resume(self) -> None:
        self.record(Step.RESUMED)

    def action_leave(self) -> None:
        self.record(Step.LEFT)

    def action_edit(self) -> None:
        from tui.screens.volunteer_form import VolunteerForm

        if self.volunteer is None:
            return

        def after(saved: Volunteer | None) -> None:
            if saved is not None:
                self.notify(t("app.saved"))
                self.tuki.refresh_screens()

        self.app.push_screen(VolunteerForm(self.volunteer), after)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#relationships", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        ids = getattr(self, "rel_ids", [])
        if 0 <= row < len(ids):
            try:
                self.tuki.open_subject("relationship", ids[row])
            except (ImportError, AttributeError):
                self.notify(t("volunteers.detail.not_ready"), severity="warning")
