"""The meeting log's form built while nobody types: ``l`` shows one that is ready.

Opening the meeting log composed the form's ~60 widgets, styled them and laid them out: most
of that opening's time at national scale (issue 13). So, as the clients list is built ahead
(``OpensStore.prebuild``), a new meeting's form is built before it is asked for: composed,
styled, its hidden fields mounted and laid out at the terminal's size, not shown. It is
built once the console has warmed up, and again when the console rests (nobody typing for a
few seconds) with none ready, e.g. after a meeting log closed; each in the form's own queue,
so a key typed meanwhile is handled between.

``l`` without a relationship given (``TukiApp.action_log_meeting``) shows the ready form: its
first frame is only drawn then. What belongs to the moment it is opened happens then: its
draft is looked for and kept from its first showing (``KeepsDraft.built_ahead``). A form built
before the data changed (the Store's change token: the relationships to pick from may differ)
or on another day (its date is today's) is thrown away, and the meeting log is built at the
opening, as it was before.

A new meeting's form that closes is kept as the next one ready, made a new meeting's form
again (tui/screens/meeting_reuse.py: nothing typed in it stays), when it shows what opening
one now would (built for the same change token, day and styles; or a meeting was saved and
the relationships to pick from are the same) and no other that fits is ready: the next ``l``
only draws it, also right after the closing, before the console rests. A form closed after
another change, or one it cannot vouch for, is removed as before.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

from tui import errorlog, roles
from tui.app_store import OpensStore

if TYPE_CHECKING:
    from tui.screens.meeting_log import MeetingLogScreen

#: the form built ahead is laid out again this many times at most, while its widgets ask
#: for it (once their sizes are set, they no longer ask)
AGAIN = 3


class SpareLog(OpensStore):
    """For the console (``TukiApp``): a new meeting's form kept ready."""

    #: the form built ahead, and what it was built for: the change token, the day, the CSS
    _spare_log: tuple[MeetingLogScreen, tuple[object, date, int]] | None = None
    #: the new meeting's form shown now, and what it was built for (kept when it closes)
    _shown_log: tuple[MeetingLogScreen, tuple[object, date, int]] | None = None

    def _spare_for(self) -> tuple[object, date, int]:
        """What a form built now shows: the data as of its change token, today's date, the
        styles as they are (Textual's count of CSS updates: a theme changed since)."""
        return self.data_signature(), self.clock().date(), self._css_update_count

    def spare_log_fits(self) -> bool:
        """A form is ready and still shows what opening it now would show."""
        spare = self._spare_log
        if spare is None or self._store is None:
            return False
        screen, built_for = spare
        closing = screen._closing or screen._closed  # (Textual's: being torn down)
        return built_for == self._spare_for() and not closing

    def keep_spare_log(self) -> None:
        """Build a new meeting's form ahead, unless one that fits is ready; none for a login
        that may not log meetings, nor before the Store is open."""
        if not self.is_running or self._store is None or self.spare_log_fits():
            return
        self.drop_spare_log()
        if not roles.may(self.role, self, "log_meeting"):
            return
        from tui.screens.meeting_log import MeetingLogScreen

        screen = MeetingLogScreen()
        screen.built_ahead = True
        self._spare_log = (screen, self._spare_for())
        # Textual's push_screen without the pushing (private parts, tests/console/
        # test_spare_log.py): the screen registered, composed and mounted in its own queue,
        # its widgets styled as they are mounted, with its CSS file read
        self._load_screen_css(screen)
        self._register(self, screen)
        screen.call_later(self._lay_out_spare, screen)  # after its widgets are mounted

    async def _lay_out_spare(self, screen: MeetingLogScreen) -> None:
        """The fields a new form mounts after its first frame, then the form laid out at the
        terminal's size as it will be shown (no frame is drawn: it is not on the screen)."""
        try:
            await screen.mount_hidden_fields()
        finally:
            self._lay_out(screen, AGAIN)

    def _lay_out(self, screen: MeetingLogScreen, again: int = 0) -> None:
        """Textual's layout of the screen (``_on_timer_update``), while it is not shown.
        Setting the widgets' sizes has them ask for another layout, which Textual does after
        a screen's first showing: that is done ahead too, ``again`` more times while asked.
        The console is warmed once the last of them is done: a layout left for later would
        be done while someone works (a key typed meanwhile waits behind it)."""
        shown = any(screen in stack for stack in self._screen_stacks.values())
        if not screen.is_attached or shown:
            self.warmed = True
            return
        screen._refresh_layout(self.size)
        screen._layout_required = False
        screen._dirty_widgets.clear()
        if not again:
            self.warmed = True
            return

        def next_layout() -> None:  # once its widgets' messages are handled
            if screen._layout_required:
                self._lay_out(screen, again - 1)
            else:
                self.warmed = True

        screen.call_after_refresh(next_layout)

    def last_warm_step(self) -> None:
        """The warm-up's last step: the first form built ahead (warmed once it is laid out)."""
        self.keep_spare_log()
        if self._spare_log is None:
            self.warmed = True

    def log_form(self, relationship_id: int | None) -> MeetingLogScreen:
        """The meeting log ``l`` opens: the form kept ready if it still fits, else one built
        now (always for a relationship's own ``l``)."""
        from tui.screens.meeting_log import MeetingLogScreen

        if relationship_id is not None:
            return MeetingLogScreen(relationship_id)
        spare = self._spare_log
        screen = self.take_spare_log()
        if screen is not None and spare is not None:
            self._shown_log = (screen, spare[1])
            return screen
        screen = MeetingLogScreen()
        if self._store is not None:  # (what it is built for: before it reads anything)
            self._shown_log = (screen, self._spare_for())
        return screen

    async def _replace_screen(self, screen: Screen[Any]) -> Screen[Any]:
        """Textual's step after a screen is closed (it removes the screen): a new meeting's
        form is made a new one again and kept as the next one ready, when it shows what one
        built now would and no form that fits is ready (else removed, as Textual does)."""
        shown = self._shown_log
        if shown is None or screen is not shown[0]:
            return await super()._replace_screen(screen)
        self._shown_log = None
        stacked = any(screen in stack for stack in self._screen_stacks.values())
        if stacked or not self.is_running or self._store is None or self.spare_log_fits():
            return await super()._replace_screen(screen)
        from tui.screens.meeting_reuse import reset, shows_now

        if self._screen_stack:  # as Textual's: the screen below drawn, this one suspended
            self.screen.refresh()
        screen.post_message(events.ScreenSuspend())
        log, built_for = shown
        now = self._spare_for()
        try:
            kept = shows_now(log, built_for, now) and await reset(log)
        except Exception as error:  # not made new: removed as before, the console goes on
            if self.is_headless and not getattr(self, "report_unexpected", True):
                raise  # (tests: the framework sees it)
            with contextlib.suppress(OSError):
                errorlog.write_report(error)
            kept = False
        if kept and now == self._spare_for():
            self.drop_spare_log()  # (one built before a change, if any)
            self._spare_log = (log, now)
        else:
            self.capture_mouse(None)
            await screen.remove()
        return screen

    def take_spare_log(self) -> MeetingLogScreen | None:
        """The form built ahead, if it still fits (then it is no longer kept); else None."""
        if not self.spare_log_fits():
            self.drop_spare_log()
            return None
        assert self._spare_log is not None
        screen = self._spare_log[0]
        self._spare_log = None
        return screen

    def drop_spare_log(self) -> None:
        """Throw away the form built ahead (never shown), if any."""
        spare, self._spare_log = self._spare_log, None
        if spare is not None and spare[0].is_attached:
            spare[0].remove()

    def after_log_closed(self, result: Any) -> None:
        """A meeting log closed (a meeting saved: every screen reads again). The next form is
        built once the console rests (``collect_when_idle``), not at once: right after the
        form closes the coordinator goes on working, and each key would wait behind it."""
        if result is not None:
            self.refresh_screens()


__all__ = ["SpareLog"]
