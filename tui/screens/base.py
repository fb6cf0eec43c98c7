"""What every Tuki screen shares: the store, localized keys, refreshing and guarded actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from data.errors import ConflictError, TukiError
from data.storage.files import StorageError
from tui import i18n

if TYPE_CHECKING:
    from data.store import Store
    from tui.app import TukiApp

T = TypeVar("T")


def localize_bindings(node: DOMNode) -> None:
    """Word each binding's description (a catalog key) in the current language."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            dataclasses.replace(b, description=i18n.t(b.description))
            if b.description and i18n.has(b.description)
            else b
            for b in bindings
        ]


class TukiMixin:
    """Shared by full screens and modal dialogs."""

    #: a catalog key naming the screen (for the help screen)
    TITLE_KEY = "app.title"

    @property
    def tuki(self) -> TukiApp:
        return self.app  # type: ignore[attr-defined,no-any-return]

    @property
    def store(self) -> Store:
        return self.tuki.store

    @property
    def user(self) -> str:
        return self.tuki.user

    def now(self) -> datetime:
        """The app's clock (timezone-aware, Helsinki); fixed in tests and snapshots."""
        return self.tuki.clock()

    def today(self) -> date:
        return self.now().date()

    def attempt(
        self, action: Callable[[], T], *, retry: Callable[[], None] | None = None
    ) -> T | None:
        """Run a store call; a refusal becomes a notification (and, for a conflict, a dialog
        that offers to reload). Nothing is half-saved: the store refuses before writing."""
        try:
            return action()
        except ConflictError as exc:
            from tui.screens.dialogs import ConflictDialog

            def after(reload: bool | None) -> None:
                if reload:
                    self.refresh_data()

            self.app.push_screen(ConflictDialog(exc), after)  # type: ignore[attr-defined]
        except StorageError as exc:  # a longer read: it says what to do with the folder
            self.notify(i18n.explain(exc), severity="error", timeout=12)  # type: ignore[attr-defined]
        except (TukiError, ValidationError) as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=8)  # type: ignore[attr-defined]
        return None

    def refresh_data(self) -> None:
        """Re-read what the screen shows from the store (after a change, here or elsewhere)."""


class TukiScreen(TukiMixin, Screen[Any]):
    """A full screen. Subclasses fill ``refresh_data``; it runs on mount, on return to the
    screen, and when another coordinator changed the data."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)
        self.stale = False
        # set when the subclass's on_mount (tables' columns added) reaches ours: a poll or a
        # resume that comes earlier must not fill half-built widgets
        self.ready = False

    def on_mount(self) -> None:
        self.ready = True
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.stale = False
        if self.ready:
            self.refresh_data()


class TukiModal(TukiMixin, ModalScreen[T]):
    """A dialog over another screen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)
