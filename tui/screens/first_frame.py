"""A new screen's first frame, drawn once: what Textual does twice when a screen is first shown.

Measured on the meeting log (issue 13), for every opening of a new screen Textual

* styles every widget as it is mounted, and then all of them again when the screen is shown
  (``ScreenResume(refresh_styles=True)``), though nothing changed in between: only the screen
  itself missed its own CSS file, which ``push_screen`` reads after styling the screen the
  first time the screen opens;
* lays the screen out and draws it on being shown, then sends the screen a ``Resize`` (it
  was just "shown" by that layout) whose handler lays out and draws the whole screen again,
  at the same size, and lays out the screens under it.

``DrawnOnce`` (before the screen class in the bases) leaves out the second of each: the first
time the screen is shown, it restyles the screen node alone, and the first ``Resize`` of the
size the screen was just laid out at does not lay it out again. Anything after that (a dialog
over it closed, a real resize of the terminal) goes the usual way.
"""

from __future__ import annotations

from textual import events


class DrawnOnce:
    """For a screen: its first showing styles and lays it out once (see the module)."""

    _drawn_once = False  # shown once: later resumes restyle as Textual does
    _resized_once = False  # the first Resize after the first layout was looked at

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._drawn_once:
            return
        self._drawn_once = True
        event.refresh_styles = False
        self.app.stylesheet.update_nodes([self], animate=False)  # type: ignore[attr-defined]

    def on_resize(self, event: events.Resize) -> None:
        if self._resized_once or not self._drawn_once:
            return
        self._resized_once = True
        app = self.app  # type: ignore[attr-defined]
        breakpoints = (
            getattr(self, "HORIZONTAL_BREAKPOINTS", None)
            or getattr(self, "VERTICAL_BREAKPOINTS", None)
            or app.HORIZONTAL_BREAKPOINTS
            or app.VERTICAL_BREAKPOINTS
        )
        if event.size == self.size == app.size and not breakpoints:  # type: ignore[attr-defined]
            event.prevent_default()  # Screen's handler: the same layout again
            event.stop()


__all__ = ["DrawnOnce"]
