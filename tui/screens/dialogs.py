"""Small dialogs shared by every screen: the keys help, the save conflict, a yes/no question."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from data.errors import ConflictError
from tui.i18n import t
from tui.screens.base import TukiModal


class HelpScreen(TukiModal[None]):
    """The keys of the screen underneath, then the keys that work everywhere."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "app.key.back", id="help.dismiss")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; padding: 0 1; background: $surface; }
    HelpScreen .help--title { text-style: bold; margin: 0 0 1 0; }
    HelpScreen .help--section { text-style: bold; margin: 1 0 0 0; }
    """

    def __init__(
        self,
        title: str,
        screen_keys: list[tuple[str, str]],
        global_keys: list[tuple[str, str]],
        widget_keys: list[tuple[str, str]] = [],  # noqa: B006 - never changed
    ) -> None:
        super().__init__()
        self.title_text = title
        self.screen_keys = screen_keys
        self.global_keys = global_keys
        self.widget_keys = widget_keys

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(t("app.help.title", screen=self.title_text), classes="help--title")
            for key, text in self.screen_keys:
                yield Static(f"{key:>12}  {text}")
            yield Label(t("app.help.global"), classes="help--section")
            for key, text in self.global_keys:
                yield Static(f"{key:>12}  {text}")
            if self.widget_keys:  # moving in a list or a field: last, the least news
                yield Label(t("app.help.focused"), classes="help--section")
                for key, text in self.widget_keys:
                    yield Static(f"{key:>12}  {text}")
            yield Static(t("app.help.close"), classes="help--section")

    def action_dismiss(self, result: Any = None) -> None:  # type: ignore[override]
        self.dismiss(None)


def language_answer(event: events.Key) -> bool | None:
    """The answer a key gives in the language's own words (k/e, j/n, y/n), or None."""
    answers = {t("app.discard.yes_key"): True, t("app.discard.no_key"): False}
    return answers.get((event.character or "").casefold())


class _Question(TukiModal[bool]):
    """A question answered yes or no; the subclass binds the keys and says them (``KEYS``)."""

    KEYS = "app.confirm_keys"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield Static(t(self.KEYS), classes="muted")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_key(self, event: events.Key) -> None:
        """The language's own yes and no keys too (k/e, j/n), as the discard question takes
        them: "e" answered no question in Finnish, "k" none (y and n are the bindings')."""
        answer = None if event.key in ("y", "n") else language_answer(event)
        if answer is not None:
            event.stop()
            self.dismiss(answer)


class ConfirmDialog(_Question):
    """A yes/no question: y or Enter says yes, n or Esc no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "app.yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "app.no", id="confirm.no"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 72; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1; }
    """


class IrreversibleDialog(_Question):
    """A question about what cannot be undone (anonymising): only y says yes; Enter, n and
    Esc say no, so an Enter typed on in a burst (or out of habit) changes nothing."""

    KEYS = "app.irreversible_keys"
    BINDINGS = [
        Binding("y", "answer(True)", "app.yes", id="irreversible.yes"),
        Binding("n,escape,enter", "answer(False)", "app.no", id="irreversible.no"),
    ]
    DEFAULT_CSS = """
    IrreversibleDialog { align: center middle; }
    IrreversibleDialog > Vertical { width: 72; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 0 1; }
    """


class DiscardDialog(TukiModal[bool]):
    """'Discard what you typed?' The keys are the language's own (k/e, j/n, y/n); Esc and
    Enter (the focused 'no' button) keep the form, so a key meant for the form loses nothing."""

    BINDINGS = [Binding("escape", "answer(False)", "app.discard.no", id="discard.no")]
    DEFAULT_CSS = """
    DiscardDialog { align: center middle; }
    DiscardDialog > Vertical { width: 60; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 0 1; }
    DiscardDialog Horizontal { height: auto; }
    DiscardDialog Button { margin: 1 1 0 0; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("app.discard.question"), classes="help--title")
            yield Static(t("app.discard.keys"), classes="muted")
            with Horizontal():
                yield Button(t("app.discard.no"), id="keep", variant="primary", compact=True)
                yield Button(t("app.discard.yes"), id="discard", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_key(self, event: events.Key) -> None:
        answer = language_answer(event)
        if answer is not None:
            event.stop()
            self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConflictDialog(TukiModal[bool]):
    """Someone saved the record first: show what is stored now beside the user's change."""

    BINDINGS = [Binding("escape", "cancel", "app.conflict.cancel", id="conflict.cancel")]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical { width: 78; max-width: 100%; height: auto; max-height: 95%;
        border: thick $warning; padding: 0 1; background: $surface; }
    ConflictDialog .conflict--cols { height: auto; max-height: 14; }
    ConflictDialog .conflict--col { width: 1fr; height: auto; }
    ConflictDialog Button { margin: 1 1 0 0; }
    """

    def __init__(self, exc: ConflictError, yours: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.exc = exc
        self.yours = yours or exc.mine

    def compose(self) -> ComposeResult:
        from tui.i18n import explain, field_label

        with Vertical():
            yield Label(f"⚠ {t('app.conflict.title')}", classes="help--title")
            yield Static(explain(self.exc))
            with Horizontal(classes="conflict--cols"):
                with VerticalScroll(classes="conflict--col"):
                    yield Label(t("app.conflict.theirs"))
                    for name in self.exc.fields:
                        yield Static(f"{field_label(name)}: {_show(self.exc.stored.get(name))}")
                with VerticalScroll(classes="conflict--col"):
                    yield Label(t("app.conflict.yours"))
                    for name in self.exc.fields:
                        yield Static(f"{field_label(name)}: {_show(self.yours.get(name))}")
            with Horizontal():
                yield Button(t("app.conflict.reload"), id="reload", variant="primary")
                yield Button(t("app.conflict.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()  # Enter reloads: what was typed is kept

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reload")

    def action_cancel(self) -> None:
        self.dismiss(False)


def _show(value: Any) -> str:
    if value in (None, "", [], {}):
        return "–"
    text = str(value)
    return text if len(text) < 60 else text[:57] + "…"
