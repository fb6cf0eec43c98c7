"""The palaveri runner's parts for a professional service (issue 16): a rating field for each
goal at a client-plan palaveri, on the programme's scale (``Settings.rating_scale``; the store
refuses a rating off it, and the refusal is shown beside the goal's field), and, at a crisis
meeting, raising a concern filled from what happened (``store.palaverit.raise_concern``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Static

from data.models import (
    Concern,
    Palaveri,
    PalaveriKind,
    Relationship,
    State,
)
from data.rules.measures import rating_goals, scale_words
from data.rules.palaverit import changes_relationship
from tui import i18n
from tui.goal_chart import scale_text
from tui.i18n import t
from tui.screens.concerns import RaiseConcernScreen
from tui.screens.relationship_picker import RelationshipPicker
from tui.widgets.form import BadValue, Field, parse_int

if TYPE_CHECKING:
    from tui.screens.palaveri import PalaveriScreen


class ScaleNote(Static):
    """The programme's scale, said above the goals' rating fields (read from the settings when
    shown: the runner's fields are built from the palaveri and its relationship alone)."""

    def on_mount(self) -> None:
        self.update(scale_text(self.app.store.records.settings().rating_scale))  # type: ignore[attr-defined]


class RatingField(Field):
    """A goal's rating: its label (the goal's text) wraps, for a goal is often longer than the
    runner's column (a label is as wide as its text otherwise, and cut at the edge)."""

    DEFAULT_CSS = """
    RatingField > .field--label { width: 1fr; }
    """


def rating_fields(palaveri: Palaveri, relationship: Relationship) -> list[Any]:
    """A field per goal the palaveri rates (``rating_<goal id>``), the scale said above them."""
    goals = {g.id: g for g in relationship.goals}
    given = {r.goal_id: r.rating for r in palaveri.decisions.ratings}
    ids = rating_goals(relationship, palaveri)
    if not ids:
        return []
    out: list[Any] = [ScaleNote("", classes="item--help")]
    for gid in ids:
        value = str(given[gid]) if gid in given else ""
        box = Input(value, id=f"in-rating_{gid}", classes="rating", compact=True)
        out.append(RatingField(f"rating_{gid}", t("measures.goal", text=goals[gid].text), box))
    return out


def read_ratings(screen: PalaveriScreen, stored: list[Any]) -> list[Any]:
    """The ratings typed on the screen (an empty field: not rated); a goal whose field does not
    read as a whole number keeps its stored rating (the field says what to fix)."""
    boxes = list(screen.query("Input.rating"))
    if not boxes:
        return stored
    kept = {r["goal_id"]: r for r in stored}
    out = []
    for box in boxes:
        gid = int(str(box.id).removeprefix("in-rating_"))
        try:
            rating = screen.read(f"rating_{gid}", parse_int)
        except BadValue:
            if gid in kept:
                out.append(kept[gid])
            continue
        if rating is not None and not 0 <= rating <= 100:  # beyond any scale: said here
            screen.field(f"rating_{gid}").set_error(beyond(rating, screen.store))
            rating = kept[gid]["rating"] if gid in kept else None
        if rating is not None:
            note = kept[gid]["note"] if gid in kept else ""
            out.append({"goal_id": gid, "rating": rating, "note": note})
    return out


def beyond(rating: int, store: Any) -> str:
    """The refusal of a rating no scale holds, as the store words one off the scale."""
    scale = store.records.settings().rating_scale
    words = scale_words(scale)
    return t(
        "error.rating_off_scale",
        rating=rating,
        low=scale.low,
        high=scale.high,
        words=f" ({words})" if words else "",
    )


def concern_line(palaveri: Palaveri) -> Static:
    """A crisis meeting's concern: its number once raised, else how to raise it."""
    cid = palaveri.decisions.concern_id
    text = t("measures.concern_raised", id=cid) if cid else t("measures.concern_none")
    return Static(text, id="concern-line", classes="item--help")


#: the runner's fields of these decisions (``palaveri_fields.decision_fields`` asks here)
DECISIONS = {"ratings": rating_fields, "concern_id": lambda p, _r: [concern_line(p)]}


class CrisisActions:
    """Raising a concern from a crisis meeting's draft (the runner's ``raise_concern``)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_raise_concern() if action == "raise_concern" else True

    def can_raise_concern(self: Any) -> bool:
        p: Palaveri = self.palaveri
        return p.kind is PalaveriKind.CRISIS and not p.finished and p.decisions.concern_id is None

    def action_raise_concern(self: Any) -> None:
        if not self.can_raise_concern() or not self.save_draft(force=True):
            return
        what = self.palaveri.notes.get("what_happened", "")

        def after(concern: Concern | None) -> None:
            self.focus_field()
            if concern is None:
                return
            p = self.palaveri
            self.palaveri = self.store.palaverit.get(p.relationship_id, p.id)
            self.query_one("#concern-line", Static).update(
                t("measures.concern_raised", id=concern.id)
            )
            self.refresh_bindings()
            self.tuki.refresh_screens()

        self.app.push_screen(CrisisConcernScreen(self.palaveri, what), after)


def finish_texts(
    kind: PalaveriKind, state: State | None = None, minutes: str = ""
) -> tuple[str, str]:
    """The question before finishing a palaveri of ``kind`` and the message after it (its
    relationship ``state`` then): a kind that decides nothing (a crisis meeting) applies
    nothing to the relationship, and says so."""
    name = i18n.palaveri_kind(kind, in_sentence=True)
    if not changes_relationship(kind):
        return (
            t("palaveri.confirm_finish_notes", kind=name),
            t("palaveri.done_notes", keys=minutes),
        )
    shown = t(f"state.{state.value}") if state is not None else ""
    return (
        t("palaveri.confirm_finish", kind=name),
        t("palaveri.done_applied", state=shown, keys=minutes),
    )


def noticed_default(on: date, now: datetime) -> datetime:
    """When a concern raised from a crisis meeting held ``on`` was noticed, as the form offers
    it: now if the meeting is today (or later), else noon of the meeting's day (editable)."""
    if on >= now.date():
        return now
    return datetime.combine(on, time(12, 0), tzinfo=now.tzinfo)


class CrisisConcernScreen(RaiseConcernScreen):
    """The concern form, its relationship chosen and filled from the crisis meeting's "what
    happened"; saving stores the concern and links it to the meeting in one change."""

    def __init__(self, palaveri: Palaveri, what: str) -> None:
        super().__init__(palaveri.relationship_id)
        self.palaveri = palaveri
        self.what = " ".join(what.split())
        self.client_id = self.store.records.get(Relationship, palaveri.relationship_id).client_id

    def draft_key(self) -> None:  # type: ignore[override]
        return None  # the crisis meeting's note is its draft

    def on_mount(self) -> None:  # (RaiseConcernScreen's runs after this one: Textual's order)
        self.query_one("#in-what", Input).value = self.what
        noticed = noticed_default(self.palaveri.on, self.now())
        self.query_one("#in-noticed_day", Input).value = i18n.day(noticed.date())
        self.query_one("#in-noticed_time", Input).value = f"{noticed:%H.%M}"
        self.query_one(RelationshipPicker).disabled = True  # the crisis meeting's relationship

    def store_concern(self, concern: Concern) -> Concern:
        p = self.palaveri
        return self.store.palaverit.raise_concern(self.user, p.relationship_id, p.id or 0, concern)[
            0
        ]


__all__ = [
    "DECISIONS",
    "CrisisActions",
    "CrisisConcernScreen",
    "ScaleNote",
    "concern_line",
    "finish_texts",
    "noticed_default",
    "rating_fields",
    "read_ratings",
]
