"""The garbage collector paused while a screen builds its first frame.

Ranking the volunteers for a client builds thousands of objects: the young generation's
threshold (``tui.app.GC_THRESHOLDS``) is passed in one ranking of two or three, and the
collection it then starts went through them in the middle of building the screen (25-45 ms
of CPU at national scale, 60-140 ms of waiting on a loaded machine). ``CollectedAfterFrame``
pauses the collector from the screen's ``on_mount`` until its first frame is drawn: the
collection comes right after it, while the coordinator reads the screen. Nothing is frozen
or skipped, only moved; should the frame not come (the screen closed first), the collector
resumes when the screen is unmounted or a second later, whichever is first.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from data.storage import paused_gc


class CollectedAfterFrame:
    """For a screen: ``pause_collector`` at the start of its ``on_mount``."""

    _collector: AbstractContextManager[None] | None = None

    def pause_collector(self) -> None:
        if self._collector is not None:
            return
        self._collector = paused_gc()
        self._collector.__enter__()
        screen: Any = self
        screen.call_after_refresh(self.resume_collector)
        screen.set_timer(1.0, self.resume_collector)  # should the frame not come

    def resume_collector(self) -> None:
        paused, self._collector = self._collector, None
        if paused is not None:
            paused.__exit__(None, None, None)

    def on_unmount(self) -> None:
        self.resume_collector()


__all__ = ["CollectedAfterFrame"]
