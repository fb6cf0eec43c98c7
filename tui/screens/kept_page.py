"""A page kept between its openings: the relationship page, opened again and again.

Opening a relationship's page composed its ~30 widgets, styled them and built its footer's keys
before reading anything: some 40 % of an opening's processor time at national scale (issue 13),
the same for every relationship. So the page is kept once closed (installed: Textual does not
remove an installed screen when it is closed) and the next opening shows the next relationship
on it (``show_record``: as a new page shows it, its client logged as seen again). Only one page
is kept; a page opened while the kept one is shown (a relationship opened over another) is a new
one, closed as before.

The footer's keys depend on the relationship's state (``check_action``): when they differ from
the ones built, they are built again before the page's first frame, as a new page builds them.
Its widgets are styled again when it is shown only if the console's CSS changed meanwhile (a
theme chosen): Textual restyles every widget of a screen each time it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events

from tui.widgets.footer import Footer

if TYPE_CHECKING:
    from tui.app import TukiApp
    from tui.screens.base import TukiScreen


class KeptPage:
    """For a record's page (a ``TukiScreen`` taking the record's id): kept between openings."""

    #: the name the kept page is installed under
    KEPT_NAME: ClassVar[str]
    #: the footer's keys as they were built last (None: not yet)
    _keys_built: tuple[Any, ...] | None = None
    #: the app's count of CSS changes when the page was last shown (None: never shown)
    _styled_at: int | None = None

    @classmethod
    def opened(cls, app: TukiApp, record_id: int) -> TukiScreen:
        """The page of ``record_id`` as ``TukiApp.open_subject`` shows it: the kept page when
        it is free, shown for this record; else a new page, kept when none is."""
        kept = app.get_screen(cls.KEPT_NAME) if app.is_screen_installed(cls.KEPT_NAME) else None
        if isinstance(kept, cls) and kept.free():
            kept.show_record(record_id)
            return kept  # type: ignore[return-value]
        page: TukiScreen = cls(record_id)  # type: ignore[call-arg]
        if kept is None:
            app.install_screen(page, cls.KEPT_NAME)
        return page

    def free(self) -> bool:
        """Built, not shown anywhere (in no section's stack) and not being closed."""
        screen: Any = self
        stacks = screen.app._screen_stacks.values()  # (Textual's: every section's screens)
        closing = screen._closing or screen._closed
        return bool(screen.is_mounted) and not closing and all(self not in s for s in stacks)

    def show_record(self, record_id: int) -> None:
        """Show ``record_id`` on the page, as a new page shows it (the page's own)."""
        raise NotImplementedError

    def keys_built(self) -> None:
        """The footer's keys were built for the page as it is now."""
        self._keys_built = self.query_one(Footer).shown_keys()  # type: ignore[attr-defined]

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown again for another record: the footer's keys for its state, before the frame;
        and, when the console's CSS is as it was when the page was last shown (no theme
        changed since), its widgets are not all styled again (Textual's resume restyles
        every widget of the screen shown: a fifth of opening a kept page)."""
        app: Any = self.app  # type: ignore[attr-defined]
        if self._styled_at == app._css_update_count:  # (Textual's count of CSS changes)
            event.refresh_styles = False
        self._styled_at = app._css_update_count
        footer: Footer = self.query_one(Footer)  # type: ignore[attr-defined]
        if self._keys_built is not None and footer.shown_keys() != self._keys_built:
            await footer.show_keys_now()
            self.keys_built()


__all__ = ["KeptPage"]
