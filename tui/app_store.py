"""The console's Store: opened right after the first frame, and watched for changes.

``TukiApp`` is given the Store (tests, the benchmarks) or the data folder (``tuki``). With a
folder the start screen draws its first frame from the day's answers the folder keeps
(``tui/start_view.py``) and the Store is opened, importing pydantic, the models and the
storage, once that frame is on the screen: keys typed meanwhile wait in the app's queue, in
order. Anything that needs the Store sooner (a key handled before, no kept answer) opens it
then and there. Once it is open, the modules of the screens most opened first are imported,
one at a time between keys (``warm_up``), instead of at their first visit, then what those
visits read (``warm_data``), then the sections' screens most visited first are built
(``prebuild``): a first visit finds its screen composed and its data read, as a visit back does.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from data.dates import now_helsinki
from tui import roles, start_view
from tui.key_order import KeysInOrder
from tui.screens.base import TukiScreen

if TYPE_CHECKING:
    from data.model.register import UserRole
    from data.store import Store


#: the screens' modules a coordinator's first keys open, imported one at a time while the
#: console waits for its first key after the Store opened (15-30 ms each at a first visit)
WARM = (
    "tui.screens.clients",
    "tui.screens.meeting_log",
    "tui.screens.matching",
    "tui.screens.relationship",
)


def _meeting_log_choices(store: Store[Any]) -> None:
    from tui.screens.meeting_log import LOGGABLE
    from tui.screens.relationship_picker import relationship_choices

    relationship_choices(store, states=LOGGABLE)


def _client_model(store: Store[Any]) -> None:
    """The client model's validator, which pydantic builds at the first client read (a
    ranking's: ~25 ms)."""
    from data.models import Client

    Client.model_rebuild()


#: what the first visits read, read one step at a time while the console waits for a key
#: (national scale): the clients' lines (the list's rows, ~35 ms), the relationships' facts
#: (matching, a relationship's page: ~300 ms), the clients' and volunteers' facts, the
#: meeting log's 22,387 choices made of them (~100 ms), what a relationship page's first
#: opening builds (its models' validators, ~150 ms), and what a first ranking of volunteers
#: reads before it ranks when it is kept in ``cache/`` (the volunteers' views and what it
#: needs of everyone: ~75 ms, ~4 MB) and the client model's validator (~25 ms)
WARM_DATA: tuple[Callable[[Store[Any]], object], ...] = (
    lambda store: store.lists.clients(),
    lambda store: store.records.relationship_facts(),
    lambda store: (store.records.client_facts(), store.records.volunteer_facts()),
    _meeting_log_choices,
    lambda store: importlib.import_module("tui.screens.relationship").prepare(store),
    lambda store: store.matching.read_kept(),
    _client_model,
)


#: the sections whose screens are built while nobody types, once the data above is read: the
#: clients list's first visit composed, styled and filled its screen (~80 ms of CPU at national
#: scale, about two thirds of that visit); it now finds it built, as when it is switched back to
PREBUILT = ("clients",)
#: the screens whose CSS file is read then too (module, class): the first opening of each read
#: it, parsed all the console's CSS again and restyled the screen below
WARM_CSS = (
    ("tui.screens.meeting_log", "MeetingLogScreen"),
    ("tui.screens.relationship", "RelationshipScreen"),
)


def _css_paths(screen_class: type[Screen[Any]]) -> list[Path]:
    """The CSS files of a screen class, as Textual resolves ``CSS_PATH`` for its screens
    (beside the class's module)."""
    given = screen_class.CSS_PATH
    paths = [given] if isinstance(given, (str, PurePath)) else list(given or ())
    here = Path(inspect.getfile(screen_class)).parent
    return [(here / path).resolve() for path in paths]


class OpensStore(KeysInOrder):
    """The Store part of the console (``TukiApp``)."""

    def take_store(
        self,
        store: Store[Any] | str | os.PathLike[str],
        clock: Callable[[], datetime] | None,
        open_store: Callable[[Path], Store[Any]] | None,
    ) -> None:
        """The Store, or the folder to open it from (``open_store``, else ``Store.open``)."""
        self._store: Store[Any] | None = None
        self._open_store = open_store
        self._start_view: start_view.StartView | None = None
        self._start_read = False  # start_view() has looked (once, before the Store is open)
        self._open_after_frame = False
        self._role: tuple[object, UserRole | None] | None = None  # (when read, the login's role)
        if isinstance(store, (str, os.PathLike)):
            self.folder = Path(store)
            # the Store's clock unless a test or a snapshot hands the console a fixed one
            self.clock = clock or now_helsinki
            self._signature: object = None
        else:
            self._store = store
            self.folder = store.folder
            self.clock = clock or store.clock
            self._signature = self.data_signature()

    # ----- the Store, opened after the first frame ------------------------------------------

    @property
    def store(self) -> Store[Any]:
        """The data folder's Store (opened now if it was not yet)."""
        if self._store is None:
            self.open_store()
        assert self._store is not None
        return self._store

    @property
    def store_open(self) -> bool:
        return self._store is not None

    def start_view(self) -> start_view.StartView | None:
        """The start screen's first frame, from what the folder keeps (read once, while the
        Store is not open yet); None: read it through the Store."""
        if self._store is not None or self._start_read:
            return None
        self._start_read = True
        if self.role is None:  # a login the folder does not know sees nothing of it
            return None
        self._start_view = start_view.read(self.folder, self.clock())
        return self._start_view

    def open_store_after_frame(self) -> None:
        """Open the Store once the next frame is on the screen (the start screen drawn from
        what the folder keeps): the keys typed meanwhile wait in their queue, in order."""
        self._open_after_frame = self._store is None

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        # Textual's: a frame handed to the terminal (private: tests/console/test_start_frame.py)
        super()._display(screen, renderable)
        if self._open_after_frame and renderable is not None and not self._batch_count:
            self._open_after_frame = False
            self.call_later(self.open_store)

    def open_store(self) -> None:
        """Open the Store (importing the models and the storage), if it is not open yet; when
        the folder changed since the start screen read what it keeps, every screen reads
        again. Then what the console says once it has the Store (drafts left unsaved)."""
        if self._store is not None:
            return
        self._start_read = True  # from now on everything reads through the Store
        if self._open_store is not None:
            store = self._open_store(self.folder)
        else:
            from data.store import Store

            store = Store.open(self.folder)
        # the login is let in or refused, naming the admins who can add it: the console then
        # ends with that message. (``tuki`` claims a folder without users for its first login
        # as it opens the Store: tui/cli_users.py; nothing is written here)
        store.users.admit(self.user, claim=False)
        self._role = None
        self._store = store
        self.clock = self.clock if self.clock is not now_helsinki else store.clock
        self._signature = self.data_signature()
        shown = self._start_view
        if shown is not None and shown.token != self._signature:
            self.refresh_screens()  # another process saved between: read it
        if self.is_running:
            self.call_later(self.notify_drafts)
            self.call_later(self.warm_up)

    #: everything above done while nobody typed: modules, data, screens, CSS (the benchmark
    #: starts its first visits then, as a coordinator who has read the start screen)
    warmed = False

    def warm_up(self, modules: tuple[str, ...] = WARM) -> None:
        """Import the next of ``modules`` not imported yet, then come back for the rest behind
        whatever is queued by then: a key typed meanwhile is handled between two of them."""
        pending = [name for name in modules if name not in sys.modules]
        if not pending:
            self.call_later(self.warm_data)
            return
        importlib.import_module(pending[0])
        self.call_later(self.warm_up, tuple(pending[1:]))

    def warm_data(self, step: int = 0) -> None:
        """Then, one step at a time between keys, what the first visits read (``WARM_DATA``),
        kept while the folder is unchanged, as after any visit."""
        store = self._store
        if store is None or not self.is_running:
            return
        if step >= len(WARM_DATA):
            self.call_later(self.prebuild)
            return
        WARM_DATA[step](store)
        self.call_later(self.warm_data, step + 1)

    def prebuild(self, modes: tuple[str, ...] | None = None) -> None:
        """Build the next of ``modes`` not yet visited, as its first visit would, but not shown:
        the section's screen is composed and mounted (in its own queue: a key typed meanwhile
        is handled between), then it reads its data; then the rest. Shown later, it is a visit
        back: what changed since is read again (``TukiScreen.stale``), as for any section."""
        modes = PREBUILT if modes is None else modes
        pending = [mode for mode in modes if mode not in self._screen_stacks]
        if not self.is_running:
            return
        if not pending:
            self.call_later(self.read_css)
            return
        mode = pending[0]
        # Textual's _init_mode without its ScreenResume (the screen is not shown): the same
        # screen, registered (composed and mounted) and its CSS read, as switch_mode finds it
        # (private parts, tests/console/test_prebuilt.py)
        make = self._modes[mode]
        assert callable(make)
        screen = make()
        self._get_screen(screen)
        self._screen_stacks[mode] = [screen]
        self._load_screen_css(screen)
        if isinstance(screen, TukiScreen):
            screen.call_later(screen.refresh_if_stale)  # after its widgets are mounted
        self.call_later(self.prebuild, tuple(pending[1:]))

    def read_css(self) -> None:
        """Read the CSS files of ``WARM_CSS`` as the screens' first opening would
        (Textual's ``_load_screen_css``: the files read, the CSS parsed again and the screen
        shown restyled), now, while nobody types."""
        read = False
        for module, name in WARM_CSS:
            screen_class = getattr(sys.modules.get(module), name, None)
            if screen_class is None:  # not imported (yet): its first opening reads it
                continue
            for path in _css_paths(screen_class):
                if not self.stylesheet.has_source(str(path), ""):
                    self.stylesheet.read(path)
                    read = True
        if read:
            self.stylesheet.reparse()
            self.stylesheet.update(self)
        self.call_later(self.last_warm_step)

    def last_warm_step(self) -> None:
        """What the console builds last while nobody types (``TukiApp``: tui/spare_log.py)."""
        self.warmed = True

    def notify_drafts(self) -> None:
        """What the console says once it has the Store (``TukiApp``: drafts left unsaved)."""

    # ----- the login's role: what the console offers (tui/roles.py) ------------------------

    user: str  # the acting login (``TukiApp``)

    @property
    def role(self) -> UserRole | None:
        """The login's role in the folder (None: not among its users); the admin's while the
        folder has no users. Read again when the data changed (``refresh_screens``)."""
        when = (self._store is not None, self.data_generation)
        if self._role is None or self._role[0] != when:
            self._role = (when, self._read_role())
        return self._role[1]

    def _read_role(self) -> UserRole | None:
        if self._store is None:  # before the Store: as the settings file holds it
            return roles.role_in(self.folder, self.user)
        users = self._store.records.roles()
        if not users:
            from data.model.register import UserRole

            return UserRole.ADMIN
        return users.get(self.user)

    # ----- another coordinator's changes ---------------------------------------------------

    #: bumped by refresh_screens (per app: set on the instance then); a screen that last read
    #: an older generation is stale
    data_generation = 0

    def data_signature(self) -> object:
        """The Store's change token: equal while nothing in the folder changed."""
        return self.store.records.change_token()

    def poll_for_changes(self) -> None:
        if self._store is None:  # not open yet: it reads the folder as it is when it opens
            return
        signature = self.data_signature()
        if signature != self._signature:
            self._signature = signature
            self.refresh_screens()

    def refresh_screens(self) -> None:
        """The data changed: every screen, in every section, is stale and re-reads when it is
        shown next; the visible one re-reads now."""
        self._signature = self.data_signature()
        self.data_generation += 1
        current = self.screen
        if isinstance(current, TukiScreen):
            current.refresh_if_stale()
