"""What every Tuki screen shares: the store, localized keys, refreshing and guarded actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

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
        # (here, not at the top: the start screen is drawn before pydantic and the storage
        # are imported, tui/start_view.py; an action runs once the Store is open)
        from pydantic import ValidationError

        from data.errors import ConflictError, TukiError
        from data.storage.files import StorageError

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
    """A full screen that reads the store once per change, not once per show.

    Subclasses fill ``refresh_data`` and set up their widgets (a table's columns) in their own
    ``on_mount``. Textual runs the ``on_mount`` of every class in the MRO by itself, the
    subclass's first, so a subclass never chains up to it, and this class has none.

    ``refresh_data`` runs when the screen is shown while stale (its first show included: the
    screen-resume event always comes after every ``on_mount`` has run) and, for the visible
    screen, as soon as the data changed (``TukiApp.refresh_screens``, called after a save here
    and by the poll that notices another coordinator's). A screen shown again with nothing
    changed keeps what it shows: its search, filter and cursor stay, and nothing is re-read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)
        #: the app's ``data_generation`` this screen last read, None before its first show
        self.read_generation: int | None = None

    @classmethod
    def opened(cls, app: TukiApp, record_id: int) -> TukiScreen:
        """The screen of one record as ``TukiApp.open_subject`` shows it: a new one (a
        relationship's page is kept between openings: tui/screens/kept_page.py)."""
        return cls(record_id)  # type: ignore[call-arg]

    @property
    def stale(self) -> bool:
        """The data changed since this screen last read it (or it never did)."""
        return self.read_generation != self.tuki.data_generation

    def refresh_if_stale(self) -> None:
        """Re-read once if stale; a screen not yet mounted waits for its resume event (its
        columns are added in on_mount), and one being closed (its widgets going: the console
        ending while a poll ran) reads nothing."""
        closing = self._closing or self._closed  # (Textual's MessagePump: being torn down)
        if self.stale and self.is_mounted and not closing:
            self.read_generation = self.tuki.data_generation
            self.refresh_data()

    def on_screen_resume(self) -> None:
        if not self.is_active:  # shown and covered again before this event came: the next one
            return
        self.tuki.poll_for_changes()  # a save nobody announced (e.g. another terminal's) counts
        self.refresh_if_stale()


class TukiModal(TukiMixin, ModalScreen[T]):
    """A dialog over another screen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)


class WorkerProgress:
    """A screen whose worker thread says how far it has come (``progressed``, from the thread),
    shown in its ``ProgressBar`` ``#PROGRESS_ID``, hidden while ``total`` is None (payments,
    figures, retention)."""

    PROGRESS_ID = "progress"

    def progressed(self, done: int, total: int) -> None:
        """In the worker thread: how far the work has come."""
        self.app.call_from_thread(self.show_progress, done, total)  # type: ignore[attr-defined]

    def show_progress(self, done: int, total: int | None) -> None:
        from textual.widgets import ProgressBar

        found = self.query(f"#{self.PROGRESS_ID}")  # type: ignore[attr-defined]
        if not found:  # (not mounted yet)
            return
        bar = found.first(ProgressBar)
        bar.display = total is not None
        bar.update(total=total, progress=done)
