"""Pick a relationship (or a client) by typing part of the child's or the volunteer's name.

An Input filters an OptionList of choices read from the compact facts (never full records);
up/down move the highlight, Enter (or a click) picks it and moves the focus on to the next
field, as Enter does in every field of a form. Used by the meeting log and the concern form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from data.model.facts import RelFacts
from data.models import State
from tui.i18n import t
from tui.pair_names import shown_volunteer

if TYPE_CHECKING:
    from data.store import Store

SHOWN = 30  # choices listed at a time; typing narrows them


@dataclass(frozen=True, slots=True)
class Choice:
    key: str  # "r12" for a relationship, "c5" for a client without one
    label: str
    client_id: int
    relationship_id: int | None


def relationship_choices(
    store: Store[Any], *, states: frozenset[State], with_clients: bool = False
) -> list[Choice]:
    """Open relationships as 'Child – Volunteer' (and, if asked, clients without one).

    Made once while the facts are the same objects (the store keeps them while their files
    are unchanged): opening the meeting log again reads and sorts nothing."""
    clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()
    facts = store.records.relationship_facts()
    made = _made.get((states, with_clients))
    if made is not None and made[0] is clients and made[1] is volunteers and made[2] is facts:
        return list(made[3])
    rels: list[RelFacts] = [r for r in facts.values() if r.state in states]
    out = []
    for r in rels:
        c, v = clients.get(r.client_id), shown_volunteer(volunteers, r)
        label = f"{c.name if c else '?'} – {v.name if v else '?'}"
        out.append(Choice(f"r{r.id}", label, r.client_id, r.id))
    out.sort(key=lambda ch: ch.label.casefold())
    if with_clients:
        linked = {ch.client_id for ch in out}
        rest = [
            Choice(f"c{c.id}", f"{c.name} ({t('relationships.pick.no_relationship')})", c.id, None)
            for c in clients.values()
            if c.id not in linked and c.closed_on is None
        ]
        out += sorted(rest, key=lambda ch: ch.label.casefold())
    _made[(states, with_clients)] = (clients, volunteers, facts, out)
    return list(out)


#: (states, with_clients) -> the facts the choices were made of, and the choices
_made: dict[tuple[frozenset[State], bool], tuple[object, object, object, list[Choice]]] = {}


def choices_current(store: Store[Any], choices: list[Choice], *, states: frozenset[State]) -> bool:
    """``choices`` (as ``relationship_choices`` gave them) are the ones it gives now: made of
    the facts the store holds now (nothing is made here: e.g. after a meeting was saved)."""
    made = _made.get((states, False))
    if made is None or len(made[3]) != len(choices):
        return False
    records = store.records
    facts = records.client_facts(), records.volunteer_facts(), records.relationship_facts()
    if any(now is not then for now, then in zip(facts, made[:3], strict=True)):
        return False
    return all(mine is current for mine, current in zip(choices, made[3], strict=True))


class RelationshipPicker(Vertical):
    """Type to filter, up/down to choose, Enter to pick."""

    DEFAULT_CSS = """
    RelationshipPicker { height: auto; margin: 0 0 1 0; }
    RelationshipPicker > .field--label { color: $text-muted; }
    RelationshipPicker > OptionList { height: auto; max-height: 6; }
    RelationshipPicker.-picked > OptionList { display: none; }
    RelationshipPicker > .field--error { color: $error; display: none; }
    RelationshipPicker.-invalid > .field--error { display: block; }
    """
    BINDINGS = [
        Binding("down", "move(1)", show=False, id="picker.next"),
        Binding("up", "move(-1)", show=False, id="picker.previous"),
    ]

    class Picked(Message):
        def __init__(self, picker: RelationshipPicker, choice: Choice) -> None:
            super().__init__()
            self.picker = picker
            self.choice = choice

    def __init__(self, label: str, choices: list[Choice], selected: str | None = None) -> None:
        super().__init__(id="field-relationship")
        self.label = label
        self.choices = choices
        self.by_key = {c.key: c for c in choices}
        self.value: Choice | None = self.by_key.get(selected) if selected else None
        self._shown: list[Choice] = []
        self._folded: list[str] | None = None  # the labels in lower case, made when first typed

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field--label")
        yield Input(
            self.value.label if self.value else "",
            placeholder=t("relationships.pick.hint"),
            id="pick-input",
            compact=True,
        )
        option_list = OptionList(id="pick-list", compact=True)
        option_list.can_focus = False
        yield option_list
        yield Label("", classes="field--error")

    def on_mount(self) -> None:
        self.set_class(self.value is not None, "-picked")
        self._filter("" if self.value is None else self.value.label)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        if not words:
            shown = self.choices[:SHOWN]
        else:
            if self._folded is None:
                self._folded = [c.label.casefold() for c in self.choices]
            pairs = zip(self.choices, self._folded, strict=True)
            shown = [c for c, folded in pairs if all(w in folded for w in words)]
        self._shown = shown[:SHOWN]
        option_list = self.query_one("#pick-list", OptionList)
        option_list.clear_options()
        option_list.add_options([Option(c.label, id=c.key) for c in self._shown])
        if self._shown:
            option_list.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.value is not None and event.value == self.value.label:
            return
        self.value = None
        self.set_class(False, "-picked")
        self._filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.value is None:
            option_list = self.query_one("#pick-list", OptionList)
            index = option_list.highlighted
            if index is None or not (0 <= index < len(self._shown)):
                self.set_error(t("relationships.pick.none"))
                return
            self.pick(self._shown[index])
        self.screen.focus_next()

    def pick(self, choice: Choice, *, announce: bool = True) -> None:
        """Take ``choice``; ``announce=False``: without telling the form (a draft put back)."""
        self.value = choice
        self.set_error(None)
        self.query_one("#pick-input", Input).value = choice.label
        self.set_class(True, "-picked")
        if announce:
            self.post_message(self.Picked(self, choice))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.by_key:
            self.pick(self.by_key[event.option.id])
            self.screen.focus_next()

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#pick-list", OptionList)
        if self.value is None and self._shown:
            current = option_list.highlighted or 0
            option_list.highlighted = max(0, min(len(self._shown) - 1, current + step))
        else:
            self.screen.focus_next() if step > 0 else self.screen.focus_previous()

    def set_error(self, message: str | None) -> None:
        self.query_one(".field--error", Label).update(f"✗ {message}" if message else "")
        self.set_class(bool(message), "-invalid")

    @property
    def text(self) -> str:
        return self.query_one("#pick-input", Input).value
