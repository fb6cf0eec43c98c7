"""TukiApp: the console. Sections as modes, global keys, the command palette, live refresh.

The app never touches TinyDB: it is handed a ``Store`` (``TukiApp(store=..., user=...)``), so
tests run it on a temporary folder and the same calls serve the command line.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui import heap, i18n, keys, language_memory, roles, terminal, textual_words
from tui.app_admin import AdminActions
from tui.errorlog import write_report
from tui.i18n import t
from tui.no_color import use_terminal_colours
from tui.records_provider import RecordsProvider
from tui.screens.base import localize_bindings
from tui.spare_log import SpareLog

if TYPE_CHECKING:
    from data.store import Store

SECTIONS: dict[str, tuple[str, str]] = {
    # mode: (module, screen class)
    "dashboard": ("tui.screens.dashboard", "DashboardScreen"),
    "clients": ("tui.screens.clients", "ClientsScreen"),
    "volunteers": ("tui.screens.volunteers", "VolunteersScreen"),
    "relationships": ("tui.screens.relationships", "RelationshipsScreen"),
    "concerns": ("tui.screens.concerns", "ConcernsScreen"),
    "matching": ("tui.screens.matching", "MatchingScreen"),
    "reports": ("tui.screens.reports", "ReportsScreen"),
    "payments": ("tui.screens.payments", "PaymentsScreen"),
    "figures": ("tui.screens.figures", "FiguresScreen"),
}


def _load(module: str, name: str) -> Any:
    import importlib

    return getattr(importlib.import_module(module), name)


def _section(mode: str) -> Callable[[], Screen[Any]]:
    def make() -> Screen[Any]:
        screen: Screen[Any] = _load(*SECTIONS[mode])()
        # A section's screen is styled as its widgets are mounted, with the CSS as it is now.
        # Textual would also restyle every widget of every screen, parsing all the CSS again
        # (twice: in _init_mode and in switch_mode), because a new screen's count of CSS
        # updates lags the app's after the theme was set at the start: a third of a first
        # visit at national scale. Private parts, tested in tests/console/test_textual_private.py.
        screen._css_update_count = screen.app._css_update_count
        return screen

    return make


LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


#: the collector's thresholds in the console. A national folder keeps some 400,000 tracked
#: objects in memory (the index and the records read); with Python's default (700, 10, 10)
#: the collector went through them every few screens, 0.3-1.2 s each time, in the middle of
#: a key press (switching to matching: 376 ms CPU, 116 with these). Young garbage is still
#: collected every 50,000 allocations and everything every 10 million, so memory stays flat.
GC_THRESHOLDS = (50_000, 20, 10)
#: after this many seconds without a key, objects moved to the oldest generation since the last
#: full collection are collected (closed screens): their memory comes back while nobody waits
IDLE_COLLECT_SECONDS = 3.0


class TukiApp(SpareLog, AdminActions):
    """The coordinator's console."""

    TITLE = "Tuki"
    CSS_PATH = ["app.tcss", "no_color.tcss"]
    MODES = {mode: _section(mode) for mode in SECTIONS}
    COMMANDS = App.COMMANDS | {RecordsProvider}
    BINDINGS = [
        Binding("l", "log_meeting", "app.key.log", id="app.log"),
        Binding("c", "raise_concern", "app.key.concern", id="app.concern"),
        Binding("question_mark,f1", "help", "app.key.help", key_display="?", id="app.help"),
        Binding("ctrl+f", "search", "app.key.search", show=False, id="app.search"),
        *(  # 1-6: the sections in their order
            Binding(str(n), f"section('{m}')", f"app.section.{m}", show=False, id=f"app.{m}")
            for n, m in enumerate(SECTIONS, 1)
        ),
        Binding("0", "settings", "app.key.settings", show=False, id="app.settings"),
        Binding("ctrl+q", "quit", "app.key.quit", priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        store: Store[Any] | str | os.PathLike[str],
        user: str,
        *,
        language: str | None = None,
        poll_seconds: float = 2.0,
        clock: Callable[[], datetime] | None = None,
        start_mode: str = "dashboard",
        notices: Sequence[str] = (),
        open_store: Callable[[Path], Store[Any]] | None = None,
    ) -> None:
        """``store``: the Store, or the data folder the console opens itself (with
        ``open_store``, else ``Store.open``) right after its first frame, which it draws from
        the day's answers kept in the folder (``tui/start_view.py``): the models and the
        storage are imported then, not before. Anything that needs the Store sooner (a key
        pressed meanwhile, no kept answer) opens it at once, so nothing waits for it in vain."""
        if language:
            i18n.set_language(language)
        super().__init__()
        self.start_mode = start_mode if start_mode in SECTIONS else "dashboard"
        # said once when the console opens: an empty data folder, a temporary demo folder, and
        # what of the user's keys.toml was left out (the rest is applied here: tui/keys.py)
        self.notices = [*notices, *keys.apply(self)]
        # set when the user picks another language: the caller opens a new console in it
        self.switch_language: str | None = None
        localize_bindings(self)
        self.take_store(store, clock, open_store)
        self.user = user
        self.poll_seconds = poll_seconds
        use_terminal_colours(self)  # NO_COLOR: the terminal's own colours, never black on black
        gc.set_threshold(*GC_THRESHOLDS)
        self.last_input = monotonic()
        self.rests = 0  # idle ticks that gave memory back (bench/console.py waits for one)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A warning or an error says so in a word (its title), not by its colour alone."""
        if not title and severity in ("warning", "error"):
            title = t(f"visible.severity.{severity}")
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # ----- start, sections, subjects ------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste, events.MouseDown)):
            self.last_input = monotonic()
        await super().on_event(event)

    def collect_when_idle(self) -> None:
        """Once nobody has typed for a while: a full collection when some objects reached the
        oldest generation since the last one (GC_THRESHOLDS makes the collector's own full
        collections rare: at national scale each takes 0.3-1 s), and the freed memory given
        back to the system (tui/heap.py: under a millisecond, nothing when nothing was freed)."""
        if monotonic() - self.last_input < IDLE_COLLECT_SECONDS:
            return
        if self.warmed:  # a meeting log ready again (after a change: tui/spare_log.py)
            self.keep_spare_log()
        if gc.get_count()[2] > 0:
            gc.collect()
        heap.give_back()
        self.rests += 1

    def on_mount(self) -> None:
        self.set_interval(1.0, self.collect_when_idle, name="collect when idle")
        self.switch_mode(self.start_mode)
        self.set_interval(self.poll_seconds, self.poll_for_changes)
        if not self.is_headless:
            self._terminal = terminal.terminal_fds()
            if self._terminal:
                self.set_interval(terminal.EVERY, self.check_terminal)
        for notice in self.notices:
            self.notify(notice, timeout=30)
        if self._store is not None:
            self.notify_drafts()

    def notify_drafts(self) -> None:
        """Forms this user left unsaved, said once the Store is open."""
        from tui.drafts_note import drafts_note

        waiting = drafts_note(self.store, self.user)  # forms this user left unsaved
        if waiting:
            self.notify(waiting, timeout=30, markup=False)  # names as they are, never markup

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Textual restyles a widget whenever a class of it changes, also while it is being
        built (``Input(compact=True)``), before it is in the DOM: it is styled when mounted
        anyway, so that pass is left out (a third of the styling when a form opens)."""
        if node is self or node.is_attached:
            super().update_styles(node, animate)

    def action_section(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def open_subject(self, kind: str, record_id: int) -> None:
        """Open the screen of a client, volunteer, relationship or concern."""
        targets = {
            "client": ("tui.screens.client_detail", "ClientDetailScreen"),
            "volunteer": ("tui.screens.volunteers", "VolunteerDetailScreen"),
            "relationship": ("tui.screens.relationship", "RelationshipScreen"),
            "concern": ("tui.screens.concerns", "ConcernDetailScreen"),
        }
        if kind == "payments":  # an alert of a month's unapproved payments: id 202610
            self.action_section("payments")
            self.screen.show_month(date(record_id // 100, record_id % 100, 1))  # type: ignore[attr-defined]
            return
        self.push_screen(_load(*targets[kind]).opened(self, record_id))

    def action_log_meeting(self, relationship_id: int | None = None) -> None:
        # a new meeting's form built while nobody typed, if it still fits (tui/spare_log.py)
        self.push_screen(self.log_form(relationship_id), self.after_log_closed)

    def action_raise_concern(self, relationship_id: int | None = None) -> None:
        screen = _load("tui.screens.concerns", "RaiseConcernScreen")(relationship_id)
        self.push_screen(screen, self._after_change)

    def action_search(self) -> None:
        """The search of the texts of meetings, concerns and palaverit (tui/screens/search.py)."""
        screen = _load("tui.screens.search", "SearchScreen")
        if not isinstance(self.screen, screen):
            self.push_screen(screen())

    def action_settings(self) -> None:
        """The programme's name, organiser, rates and alert thresholds (tui/screens/settings.py)."""
        from tui.screens.settings import SettingsForm

        if not isinstance(self.screen, SettingsForm):
            self.push_screen(SettingsForm(), self._after_change)

    # ----- what the login's role may do: the rest is not offered (tui/roles.py) ---------------

    def _check_action_state(self, action: str, default_namespace: DOMNode) -> bool | None:
        # Textual's: asked for each key of the footer, the help and the palette (private:
        # tests/console/test_console_users.py shows a reader's keys hidden)
        if not roles.may(self.role, default_namespace, action):
            return False
        return super()._check_action_state(action, default_namespace)

    async def run_action(
        self,
        action: Any,
        default_namespace: DOMNode | None = None,
        namespaces: Any = None,
    ) -> bool:
        """A key or a palette entry of what the role may not do does nothing."""
        node = self if default_namespace is None else default_namespace
        if isinstance(action, str) and not roles.may(self.role, node, action):
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def _after_change(self, result: Any) -> None:
        if result is not None:
            self.refresh_screens()

    def action_help(self) -> None:
        from tui.screens.dialogs import HelpScreen

        screen_keys: list[tuple[str, str]] = []
        global_keys: list[tuple[str, str]] = []
        widget_keys: list[tuple[str, str]] = []  # the focused list's or field's own (cursor…)
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = binding.key_display or self.get_key_display(binding)
            node = active.node
            keys = global_keys if node is self else screen_keys
            if node is not self and not isinstance(node, Screen):
                keys = widget_keys
            keys.append((shown, textual_words.word(binding.description)))
        title = t(getattr(self.screen, "TITLE_KEY", "app.title"))
        self.push_screen(HelpScreen(title, screen_keys, global_keys, widget_keys))

    def keys_of(self, binding_id: str, screen: Screen[Any]) -> str:
        """The keys that run binding ``binding_id`` on ``screen`` now (a user's keys.toml
        applied), as the footer shows them."""
        shown = [
            self.get_key_display(dataclasses.replace(active.binding, key_display=None))
            for active in screen.active_bindings.values()
            if active.binding.id == binding_id
        ]
        return " / ".join(dict.fromkeys(shown)) or "–"

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for mode in SECTIONS:
            section = t(f"app.section.{mode}")
            yield SystemCommand(
                t("app.key.go", section=section), section, partial(self.action_section, mode)
            )
        for name, action in (
            ("log", self.action_log_meeting),
            ("concern", self.action_raise_concern),
            ("help", self.action_help),
            ("search", self.action_search),
            ("settings", self.action_settings),
        ):  # worded with the keys as they are now (a user's keys.toml may have moved them)
            if not roles.may(self.role, self, action.__name__.removeprefix("action_")):
                continue  # (what the role may not do is not offered)
            keys = self.keys_of(f"app.{name}", screen)
            yield SystemCommand(t(f"app.cmd.{name}", keys=keys), t(f"app.key.{name}"), action)
        if self.role is not None and self.role.may(roles.A):  # an admin's alone
            yield SystemCommand(t("access.cmd"), t("access.cmd_help"), self.action_access_log)
            yield SystemCommand(t("users.title"), t("users.palette_help"), self.action_users)
            yield SystemCommand(t("app.cmd.retention"), t("retention.about"), self.action_retention)
        for code, name in LANGUAGE_NAMES.items():
            if code != i18n.language():
                yield SystemCommand(
                    t("app.cmd.language", lang=name), name, partial(self.action_language, code)
                )
        # every action of the current screen, through the same action_* methods as its keys;
        # Tuki's own (they have an id), once each: not a text field's cursor keys
        seen: set[tuple[str, int]] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if node is self or not (binding.id and binding.description and active.enabled):
                continue
            if (binding.action, id(node)) in seen:
                continue
            seen.add((binding.action, id(node)))
            yield SystemCommand(
                binding.description,
                binding.key_display or binding.key,
                partial(self.run_action, binding.action, node),
            )
        yield from textual_words.system_commands(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(textual_words.command_palette(id="--command-palette"))

    def action_language(self, code: str) -> None:
        """Every text, key and screen is worded when built: start a fresh console in ``code``."""
        if code in i18n.LANGUAGES and code != i18n.language():
            language_memory.remember(code)  # the next start opens in it too
            self.switch_language = code
            self.start_mode = self.current_mode
            self.exit(0)

    # ----- the terminal went away without a hangup signal (tui/terminal.py) ------------------

    def get_driver_class(self) -> type[Driver]:
        driver_class = super().get_driver_class()
        if driver_class.__name__ == "LinuxDriver":  # the terminal driver of Linux and macOS
            return terminal.guarded(driver_class)
        return driver_class

    def check_terminal(self) -> None:
        if terminal.gone(self._terminal):
            self.terminal_lost()

    def terminal_lost(self) -> None:
        """Save what can be saved, then end: nobody sees this console any more."""
        self.save_drafts()
        self.exit(terminal.LOST, return_code=terminal.LOST)

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        """End the console; every open form keeps its draft first (quit, a language switch,
        an error, a lost terminal)."""
        self.save_drafts()
        super().exit(result, return_code, message)

    def save_drafts(self) -> None:
        """Every open screen that keeps a draft (``save_draft(force=True)``, as the palaveri
        runner does) saves it now; one that cannot does not stop the others."""
        for stack in self._screen_stacks.values():
            for screen in stack:
                save = getattr(screen, "save_draft", None)
                if callable(save):
                    try:
                        save(force=True)
                    except Exception:  # the others are still saved
                        continue

    # ----- errors never reach the screen as a traceback ---------------------------------------

    #: report an unexpected error (a log file and exit code 1) also when headless (tests)
    report_unexpected = False

    def _handle_exception(self, error: Exception) -> None:
        from data.errors import Refused
        from data.storage.access import explain_denied
        from data.storage.files import DamagedFileError, InvalidRecordError, StorageError

        if isinstance(error, Refused) and error.code == "unknown_user":  # (tui/app_store.py)
            self.exit(1, return_code=1, message=i18n.explain(error))
            return
        if isinstance(error, (DamagedFileError, InvalidRecordError)):
            self.exit(1, return_code=1, message=t("app.damaged", detail=i18n.explain(error)))
            return
        if isinstance(error, PermissionError):  # which folder, which right, which group grants it
            error = explain_denied(error, self.folder)
        if isinstance(error, StorageError):  # e.g. the folder stayed locked: nothing was changed
            self.exit(1, return_code=1, message=t("app.stopped", detail=i18n.explain(error)))
            return
        if self.is_headless and not self.report_unexpected:  # tests: the framework sees it
            super()._handle_exception(error)
            return
        kind = type(error).__name__
        try:  # the traceback, without personal data, in a private file the message names
            message = t("app.unexpected_logged", kind=kind, path=write_report(error))
        except OSError:
            message = t("app.unexpected", kind=kind)
        self.exit(1, return_code=1, message=message)


def run(
    store: Store[Any] | Path,
    user: str,
    language: str | None = None,
    notices: Sequence[str] = (),
    *,
    open_store: Callable[[Path], Store[Any]] | None = None,
) -> int:
    """Open the console (on a Store, or on a folder it opens after its first frame, with
    ``open_store``); when the user switches the language, reopen it in the same section."""
    from tui import escape_burst

    escape_burst.install()  # Esc and the next key in one packet are two keys
    mode = "dashboard"
    while True:
        app = TukiApp(
            store, user, language=language, start_mode=mode, notices=notices, open_store=open_store
        )
        notices = ()  # said once
        app.run()
        if app.switch_language is None:
            return app.return_code or 0
        language, mode = app.switch_language, app.start_mode
        store = app.store  # the Store it opened: the next console needs no other
