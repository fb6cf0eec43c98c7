"""The console's lists: time from a key press to the first frame that shows its result.

    python bench/lists.py --data-dir DIR [--rounds N] [--only clients,volunteers,...]

Opens the console headless at 80×24 on ``DIR`` (read only: nothing is saved) and, per list
(clients ``2``, volunteers ``3``, relationships ``4``), times each round:

* ``first``: the first visit (the section key, from the start screen);
* ``back``: the start screen, then the section key again (nothing changed meanwhile);
* ``letter``: ``/`` then one letter: the first search letter;
* ``refresh``: the data changed (``refresh_screens``, as after another coordinator's save);

and ``log``: ``l`` opens the meeting log, then Escape closes it. A time ends at the first frame
the terminal gets (``App._display``) in which the condition holds (the list on top with rows;
the rows narrowed; the meeting log's picker mounted). ``first`` is timed once per process, so
``--rounds`` fresh processes give its figures; the other actions repeat in every process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KEYS = {"clients": "2", "volunteers": "3", "relationships": "4"}


def measure(folder: Path, lists: list[str], repeat: int) -> dict[str, list[float]]:
    """One process: the console on ``folder``; seconds per action."""
    from data.store import Store
    from tui.app import TukiApp
    from tui.screens.dashboard import DashboardScreen

    waiting: dict[str, Any] = {}
    display = TukiApp._display

    def timed_display(self: TukiApp, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        check = waiting.get("check")
        if check is not None and renderable is not None and not self._batch_count and check():
            waiting["at"] = time.perf_counter()
            waiting.pop("check")
            waiting["event"].set()

    TukiApp._display = timed_display  # type: ignore[method-assign]
    out: dict[str, list[float]] = {}

    async def timed(pilot: Any, name: str, check: Callable[[], bool], *keys: str) -> None:
        event = asyncio.Event()
        waiting.update(check=check, event=event)
        began = time.perf_counter()
        await pilot.press(*keys)
        await asyncio.wait_for(event.wait(), 120)
        out.setdefault(name, []).append(waiting["at"] - began)
        await pilot.pause()

    def said(s: Any) -> str:
        return str(s.query_one("#heading").render()) + str(s.query_one("#status").render())

    async def arrive(pilot: Any, cls: type) -> None:
        for _ in range(2400):
            if type(app.screen) is cls and not getattr(app.screen, "stale", False):
                break
            await pilot.pause(0.05)
        await pilot.pause()

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await arrive(pilot, DashboardScreen)
            for name in [n for n in lists if n in KEYS]:
                key = KEYS[name]

                def listed(name: str = name) -> bool:
                    s = app.screen
                    return (
                        getattr(s, "AREA", "") == name
                        and not s.stale
                        and s.query_one("#list").row_count > 0
                    )

                await timed(pilot, f"{name} first", listed, key)
                for _ in range(repeat):
                    screen = app.screen
                    await pilot.press("1")
                    await arrive(pilot, DashboardScreen)
                    await timed(pilot, f"{name} back", listed, key)
                    before = screen.query_one("#list").row_count
                    status = said(screen)
                    await pilot.press("slash")
                    await timed(
                        pilot,
                        f"{name} letter",
                        lambda s=screen, b=before, h=status: (
                            s.query_one("#list").row_count != b or said(s) != h
                        ),
                        "k",
                    )
                    await pilot.press("escape", "escape")
                    await pilot.pause()
                    gen = screen.read_generation

                    event = asyncio.Event()
                    waiting.update(
                        check=lambda s=screen, g=gen: s.read_generation != g, event=event
                    )
                    began = time.perf_counter()
                    app.refresh_screens()
                    await asyncio.wait_for(event.wait(), 120)
                    out.setdefault(f"{name} refresh", []).append(waiting["at"] - began)
                    await pilot.pause()
            if "log" in lists:
                from tui.screens.meeting_log import MeetingLogScreen

                for _ in range(repeat):
                    await pilot.press("1")
                    await arrive(pilot, DashboardScreen)

                    def logged() -> bool:
                        s = app.screen
                        return isinstance(s, MeetingLogScreen) and bool(s.query("#pick-input"))

                    await timed(pilot, "log open", logged, "l")
                    await pilot.press("escape")
                    await arrive(pilot, DashboardScreen)

    app = TukiApp(Store.open(folder), "bench", language="fi", poll_seconds=3600)
    asyncio.run(run())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes")
    parser.add_argument("--repeat", type=int, default=3, help="repeats within a process")
    parser.add_argument("--only", default="clients,volunteers,relationships,log")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    lists = [x for x in args.only.split(",") if x]
    if args.one:
        print(json.dumps(measure(args.data_dir, lists, args.repeat)))
        return
    merged: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        cmd = [sys.executable, __file__, "--one", "--data-dir", str(args.data_dir)]
        cmd += ["--only", args.only, "--repeat", str(args.repeat)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        for name, values in json.loads(done.stdout.splitlines()[-1]).items():
            merged.setdefault(name, []).extend(values)
    for name, values in merged.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"{name:24} median {statistics.median(values) * 1000:7.0f} ms"
            f"  p95 {p95 * 1000:7.0f} ms  (n={len(values)})"
        )


if __name__ == "__main__":
    main()
