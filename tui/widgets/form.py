"""Form building blocks: a labelled field with its validation message beside it.

A form screen composes ``Field``s, reads them with ``value()`` and, when the store refuses a
save, shows each problem under the field it concerns (``show_problems``), keeping what was
typed. Parsing helpers accept Finnish-style input: dates ``22.11.2026``, times ``14.05``,
decimals with a comma.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as parse_decimal_in
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, Switch, TextArea

from data.errors import TukiError
from tui import i18n
from tui.i18n import t
from tui.widgets.select_keys import on_closed_select_key
from tui.widgets.typed import differs, set_value, shown, snapshot, value_of


class BadValue(ValueError):
    """A field's text could not be read; the message says how to write it."""


_DAY = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_date(text: str, *, required: bool = True) -> date | None:
    """22.11.2026 (as ``i18n.day`` shows it) or 2026-11-22; a day that is written right but
    does not exist (31.2.2016) is told so, not given the format again."""
    text = text.strip()
    if not text:
        if required:
            raise BadValue(t("app.required"))
        return None
    found = _DAY.fullmatch(text)
    try:
        if found:
            d, m, y = (int(p) for p in found.groups())
            try:
                return date(y, m, d)
            except ValueError:
                raise BadValue(t("app.no_such_day", day=text)) from None
        return date.fromisoformat(text)
    except BadValue:
        raise
    except (ValueError, OverflowError):  # 1.1.99999999999999999999 overflows a C long
        raise BadValue(t("app.bad_date")) from None


def parse_time(text: str) -> time | None:
    """14.05 (as ``i18n.clock`` shows it), also 14:05 and 14."""
    text = text.strip().replace(":", ".")
    if not text:
        return None
    try:
        h, _, m = text.partition(".")
        return time(int(h), int(m or 0))
    except (ValueError, OverflowError):
        raise BadValue(t("app.bad_time")) from None


def parse_decimal(text: str) -> Decimal | None:
    """A number or a sum as Tuki shows it (1 234,50 €, 0,6) by Babel's parser for the
    language; a point is read as the decimal mark too (96.70)."""
    text = _SPACES.sub("", text.replace("€", ""))
    if not text:
        return None
    if "," not in text and text.count(".") == 1:
        text = text.replace(".", ",")
    if not re.fullmatch(r"[+-]?[0-9][0-9,]*", text):  # not '1e5', not '٣'
        raise BadValue(t("app.bad_number"))
    try:
        value = Decimal(parse_decimal_in(text, locale=i18n.locale(), strict=True))
    except (NumberFormatError, InvalidOperation):
        raise BadValue(t("app.bad_number")) from None
    if not value.is_finite():
        raise BadValue(t("app.bad_number"))
    return value


def parse_int(text: str) -> int | None:
    """A whole number in the digits 0-9 (``int`` would also take '٣' and '1_000'); the
    record's own bounds then say what range fits."""
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", text):
        raise BadValue(t("app.bad_number"))
    return int(text)


def split_list(text: str) -> list[str]:
    """A comma-separated field as its items, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def show_date(value: date | None) -> str:
    return i18n.day(value) if value else ""


class Field(Vertical):
    """A label, the input widget, a line for its validation message and, after a reload, the
    user's own value with a button that takes it back."""

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 1 0; }
    Field > .field--label { color: $text-muted; }
    Field > .field--error { color: $error; height: auto; display: none; }
    Field.-invalid > .field--error { display: block; }
    Field.-invalid > Input { border: tall $error; }
    Field.-invalid > TextArea { border: tall $error; }
    Field > .field--mine { height: auto; display: none; }
    Field.-mine > .field--mine { display: block; }
    Field > .field--mine > Static { width: 1fr; padding: 0 1; text-style: italic; }
    """

    def __init__(self, name: str, label: str, widget: Widget, *, help: str = "") -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.widget = widget
        self.help = help
        #: the user's own value, kept beside the stored one after a reload (when has_mine)
        self.mine: Any = None
        self.has_mine = False
        #: the problem shown beside the field ('' when none) and the value it is about
        self.problem = ""
        self.refused: Any = None

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field--label")
        yield self.widget
        if self.help:
            yield Static(self.help, classes="field--help")
        # the line for a refusal and the row with the user's own value are mounted the first
        # time they are needed (nearly never): a form opens with a third of the widgets

    def offer_mine(self, value: Any = None, *, keep: bool = True) -> None:
        """Show ``value`` (the user's) under the stored one, to take back; keep=False hides it."""
        self.mine, self.has_mine = (value, True) if keep else (None, False)
        text = t("app.mine.yours", value=shown(self.widget, value)) if keep else ""
        found = self.query_children(".field--mine")
        if found:
            found.first().query_one(Static).update(f"↺ {text}" if keep else "")
        elif keep:  # the row is mounted the first time a value is set aside
            take = Button(t("app.mine.take"), classes="field--take", compact=True)
            self.mount(Horizontal(Static(f"↺ {text}"), take, classes="field--mine"))
        self.set_class(keep, "-mine")

    def take_mine(self) -> None:
        if self.has_mine:
            set_value(self.widget, self.mine)
            self.offer_mine(keep=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("field--take"):
            event.stop()
            self.take_mine()

    def set_error(self, message: str | None) -> None:
        lines = self.query_children(".field--error")
        if lines:
            lines.first(Static).update(f"✗ {message}" if message else "")
        elif message:  # the line is mounted with the first refusal, above the row of mine
            line, mine = Static(f"✗ {message}", classes="field--error"), self.query(".field--mine")
            self.mount(line, before=mine.first()) if mine else self.mount(line)
        self.set_class(bool(message), "-invalid")
        self.refused = self._current() if message else None
        self.problem = message or ""

    def _current(self) -> Any:
        return self.widget.text if isinstance(self.widget, TextArea) else value_of(self.widget)

    def _changed(self) -> None:
        """The value was changed: a ✗ beside it told about the one refused, so it goes (a
        change message of a key typed before the save comes later and changes nothing)."""
        if self.has_class("-invalid") and self._current() != self.refused:
            self.set_error(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self._changed()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    @property
    def short_label(self) -> str:
        """The label without its hint in brackets: how a message names the field."""
        return self.label.split(" (")[0].strip()

    @property
    def text(self) -> str:
        if isinstance(self.widget, TextArea):
            return self.widget.text
        return self.widget.value if isinstance(self.widget, Input) else ""


class FormMixin:
    """For screens holding ``Field``s: read values, show refusals beside the fields, ask before
    Esc throws away what was typed, and reload after a conflict keeping what was typed.

    Enter in a one-line field moves on to the next field, exactly as Tab does (the
    relationship picker chooses first), and a field that already holds text has it selected
    when the focus lands there (Textual's ``select_on_focus``), so typing replaces it;
    ctrl+s saves. A form whose Enter does something else says so in its hint line. In a
    burst of keys (SSH) the field is selected before the next key reaches it: ``KeysInOrder``
    hands a key on only once the focus change and its Focus event are through."""

    #: every value widget's value as the form opened (after a reload: as stored)
    pristine: dict[str, Any] = {}  # replaced, never changed in place

    #: where a problem goes when its location names no field of the form: an error type
    #: (a model-level refusal such as ``held_in_future``) or a dotted location
    #: (``preferences.age_min``) -> the name of the field it concerns
    PLACES: ClassVar[dict[str, str]] = {}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field: on to the next field, as Tab."""
        event.stop()
        self.focus_next()  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        """On a closed dropdown Enter moves on and letters choose (tui/widgets/select_keys.py)."""
        on_closed_select_key(self, event)

    def on_mount(self) -> None:
        """Textual runs this after the form's own ``on_mount`` (each class in the MRO)."""
        self.pristine = snapshot(self)  # type: ignore[arg-type]

    def typed_anything(self) -> bool:
        """Was anything typed or chosen since the form opened (or was reloaded)?"""
        return differs(snapshot(self), self.pristine)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        """Esc: close at once when nothing was typed, otherwise ask first."""
        if not self.typed_anything():
            self.dismiss(None)  # type: ignore[attr-defined]
            return
        from tui.screens.dialogs import DiscardDialog

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)  # type: ignore[attr-defined]

        self.app.push_screen(DiscardDialog(), answer)  # type: ignore[attr-defined]

    def reload_fields(self, stored: dict[str, Any]) -> int:
        """After a conflict: set the stored values (widget id -> value) into the fields and keep
        each value the user had typed differently beside its field, to take back. Returns how
        many are kept."""
        kept = 0
        for wid, value in stored.items():
            widget = self.query_one(f"#{wid}")  # type: ignore[attr-defined]
            field = next((a for a in widget.ancestors if isinstance(a, Field)), None)
            mine = value_of(widget)
            typed = mine != self.pristine.get(wid, value)
            set_value(widget, value)
            if field is None:
                continue
            if typed and mine != value:
                field.offer_mine(mine)
            elif field.has_mine and field.mine == value:
                field.offer_mine(keep=False)  # the stored value is the user's own now
            if field.has_mine:
                kept += 1
        self.pristine = {**self.pristine, **stored}
        return kept

    def reload_record(self) -> bool:
        """Re-read what the form edits after a conflict (its newer version is edited from now
        on); False when nothing stored is edited (a new record: a conflict cannot happen)."""
        return False

    def stored_values(self) -> dict[str, Any]:
        """The fields' values as they would open on the re-read record (widget id -> value)."""
        return {}

    def refresh_data(self) -> None:
        """After a conflict (the dialog's 'reload'): show the stored version in the fields and
        keep what the user typed beside it."""
        if not self.reload_record():
            return
        self.clear_errors()
        kept = self.reload_fields(self.stored_values())
        key = "app.reloaded_mine" if kept else "app.reloaded"
        self.notify(t(key), timeout=15)  # type: ignore[attr-defined]

    def action_take_mine(self) -> None:
        """Take back every value of the user's that a reload set aside."""
        for field in self.query(Field):  # type: ignore[attr-defined]
            field.take_mine()

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)  # type: ignore[attr-defined]

    def clear_errors(self) -> None:
        for field in self.query(Field):  # type: ignore[attr-defined]
            field.set_error(None)

    def read(self, name: str, parse: Any = None, **kwargs: Any) -> Any:
        """The parsed value of a field; a BadValue is shown beside the field and re-raised."""
        field = self.field(name)
        try:
            return parse(field.text, **kwargs) if parse else field.text.strip()
        except BadValue as exc:
            field.set_error(str(exc))
            raise

    def marked(self, fallback: str) -> str:
        """The problems shown beside the fields, each named by its field's label, for a
        notification (``fallback`` when none is shown, e.g. a relationship not chosen)."""
        lines = [
            f"{field.short_label}: {field.problem}"
            for field in self.query(Field)  # type: ignore[attr-defined]
            if field.problem
        ]
        return " · ".join(lines) or fallback

    def problem_field(self, error: ErrorDetails) -> Field | None:
        """The field a problem concerns: by its dotted location in ``PLACES``, by a part of
        its location naming a field, else by its type in ``PLACES``; None when none is here."""
        loc = tuple(str(part) for part in error["loc"])
        names = [self.PLACES.get(".".join(loc), ""), *loc, self.PLACES.get(error["type"], "")]
        for name in names:
            if name and self.query(f"#field-{name}"):  # type: ignore[attr-defined]
                return self.field(name)
        return None

    def show_problems(self, exc: Exception) -> str:
        """Put each problem beside its field, in the user's words; return a one-line summary
        for a notification that names the fields by their labels."""
        if isinstance(exc, ValidationError):
            details = exc.errors(include_url=False)
        else:
            details = getattr(exc, "details", None) or []
        problems = [(error, problem_text(error)) for error in details]
        if isinstance(exc, TukiError) and not details and exc.code != "conflict":
            problems = [
                ({"type": exc.code, "loc": (), "msg": "", "input": None}, i18n.explain(exc))
            ]
        lines: list[str] = []
        for error, text in problems:
            field = self.problem_field(error)
            if field is not None:
                field.set_error(text)
                lines.append(f"{field.short_label}: {text}")
            else:
                lines.append(text)
        return " · ".join(dict.fromkeys(lines)) or i18n.explain(exc)


#: a refusal's value that is a code (a vetting step, a firm wish) and the catalog words for it
_CODE_WORDS = {"step": "step.", "missing": "step.", "item": "clients.firm."}


def _word(name: str, value: Any) -> Any:
    """A value of a refusal as the user reads it: a number in the language's way, a code in
    words (``extract_shown`` -> 'rikosrekisteriote esitetty')."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return i18n.number(value, 2)
    prefix = _CODE_WORDS.get(name)
    if prefix and i18n.has(f"{prefix}{value}"):
        return t(f"{prefix}{value}")
    return value


def problem_text(error: ErrorDetails) -> str:
    """One problem in the user's words (``error.<type>`` in the catalogs, never pydantic's
    English): what to fix, without the field's name (it stands beside the field)."""
    key = f"error.{error['type']}"
    ctx = {k: _word(k, v) for k, v in error.get("ctx", {}).items()}
    if i18n.has(key):
        try:
            return t(key, **ctx)
        except (KeyError, IndexError):  # a catalog text with a placeholder the error lacks
            pass
    return t("error.value_error")


class YesNo(Horizontal):
    """A switch with its state in words beside it ('kyllä' / 'ei'): not by the knob alone."""

    DEFAULT_CSS = """
    YesNo { height: auto; }
    YesNo > .yesno--word { width: auto; padding: 1 1; }
    """

    def __init__(self, value: bool, *, id: str) -> None:
        super().__init__(id=f"{id}-box")
        self.switch = Switch(value, id=id)

    def compose(self) -> ComposeResult:
        yield self.switch
        yield Static(self._word(self.switch.value), classes="yesno--word")

    @staticmethod
    def _word(value: bool) -> str:
        return t("app.yes") if value else t("app.no")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.query_one(".yesno--word", Static).update(self._word(event.value))

    @property
    def value(self) -> bool:
        return self.switch.value


def form_keys(screen: Any, *, text_area: bool = False) -> str:
    """The forms' hint line (Enter/Tab moves on, save, cancel) with the keys that save and
    cancel on ``screen`` now: its bindings whose actions are ``save`` and ``cancel``, the
    user's keymap applied. ``text_area``: the line while a text area has the focus (Enter
    starts a new line there, Tab moves on)."""
    from tui.keys import shown

    ids: dict[str, str] = {}
    for cls in type(screen).__mro__:
        for binding in getattr(cls, "BINDINGS", ()):
            if getattr(binding, "id", None) and binding.action in ("save", "cancel"):
                ids.setdefault(binding.action, binding.id)
    app = getattr(screen, "app", None)
    return t(
        "app.form.text_keys" if text_area else "app.form.keys",
        save=shown(app, ids["save"]) if "save" in ids else "ctrl+s",
        cancel=shown(app, ids["cancel"]) if "cancel" in ids else "esc",
    )
