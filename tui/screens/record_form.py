"""The shape every form that edits a stored record shares: ``Field``s, Save (ctrl+s), Cancel
(Esc, asking first when something was typed), a save of nothing changed that stores nothing,
and after a conflict the stored version with the user's own values kept beside it.

Each form builds its pydantic model inside a ``try``: a bad date, a validation problem or a
store refusal is shown beside its field, the typed text stays and nothing is stored.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from data.errors import ConflictError, TukiError
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.drafts import KeepsDraft
from tui.widgets.form import BadValue, Field, FormMixin, form_keys
from tui.widgets.typed import values_of

# a model-level refusal (no field in its location) shown beside the field it concerns, and
# the client's preferences (``preferences.age_min``) beside their ``pref_`` fields
_PLACES = {
    "born_after_registered": "birth_date",
    "child_too_old": "birth_date",
    "closed_before_registered": "registered_on",
    "unreachable": "phone",
    "age_range": "pref_age_min",
    "firm_empty": "firm",
    **{f"preferences.{n}": f"pref_{n}" for n in ("gender", "language", "age_min", "age_max")},
    "preferences.firm": "firm",
}


def _raise(exc: Exception) -> Any:
    raise exc


class RecordForm(KeepsDraft, FormMixin, TukiModal[Any]):
    """A dialog of ``Field``s with Save (ctrl+s) and Cancel (escape); a form that names its
    draft (``draft_key``) keeps what is typed as it is typed (tui/widgets/drafts.py)."""

    CSS_PATH = "client_form.tcss"
    PLACES = _PLACES
    BINDINGS = [
        Binding("ctrl+s", "save", "clients.key.save", priority=True, id="clients.save"),
        Binding("escape", "cancel", "clients.key.cancel", id="clients.cancel"),
        Binding("ctrl+r", "take_mine", "app.mine.take_all", show=False, id="clients.take_mine"),
    ]

    def heading(self) -> str:
        return ""

    def fields(self) -> list[Field]:
        return []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form--box"):
            yield Static(self.heading(), classes="title-bar")
            with VerticalScroll(classes="form--fields"):
                yield from self.fields()
            yield Static(form_keys(self), classes="form--hint muted")
            with Horizontal(classes="form--buttons"):
                yield Button(t("clients.key.save"), id="save", variant="primary", compact=True)
                yield Button(t("clients.key.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    # ----- reading and saving ---------------------------------------------------------------

    def choice(self, name: str) -> Any:
        widget = self.field(name).widget
        assert isinstance(widget, Select)
        return None if widget.is_blank() else widget.value

    def build(self) -> Any:
        """The record to save, from the fields (raises BadValue / ValidationError)."""
        raise NotImplementedError

    def write(self, record: Any) -> Any:
        raise NotImplementedError

    def original(self) -> Any:
        """The stored record this form edits; None for a new one."""
        return None

    def unchanged(self, record: Any) -> bool:
        """Nothing to save: the form holds what is stored."""
        original = self.original()
        return type(record) is type(original) and record.content() == original.content()

    def action_save(self) -> None:
        self.clear_errors()
        try:
            record = self.build()
            if self.unchanged(record):  # saving it would only make a new version of the same
                self.notify(t("app.unchanged"))
                self.dismiss(None)
                return
            saved = self.write(record)
        except BadValue:
            self.notify(self.marked(t("clients.form.fix")), severity="error", timeout=8)
            return
        except ConflictError as exc:
            self.attempt(partial(_raise, exc))  # the shared conflict dialog
            return
        except (ValidationError, TukiError) as exc:
            self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        self.notify(t("app.saved"))
        self.dismiss(saved)

    # ----- after a conflict ------------------------------------------------------------------

    def refresh_data(self) -> None:
        """After a conflict: as every form (FormMixin), and the heading names the stored name."""
        super().refresh_data()
        self.query_one(".title-bar", Static).update(self.heading())

    def stored_values(self) -> dict[str, Any]:
        """The fields' values as they would open on the stored record (widget id -> value)."""
        if self.original() is None:
            return {}  # a new record: what was typed stays as it is
        return values_of(field.widget for field in self.fields())


def text_field(name: str, value: str = "", *, label: str | None = None) -> Field:
    return Field(
        name, t(label or f"clients.field.{name}"), Input(value, id=f"in-{name}", compact=True)
    )


def select_field(
    name: str, options: list[tuple[str, Any]], value: Any, *, blank: bool = False
) -> Field:
    widget: Select[Any] = Select(
        options,
        value=value if value is not None else Select.NULL,
        allow_blank=blank,
        prompt="–",  # not Textual's English "Select"
        id=f"in-{name}",
        compact=True,
    )
    return Field(name, t(f"clients.field.{name}"), widget)


__all__ = ["RecordForm", "select_field", "text_field"]
