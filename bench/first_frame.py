"""Start-up benchmark: time from opening the data folder to the start screen's first frame.

    python bench/first_frame.py [--data-dir DIR] [--scale region] [--samples N]

Fills ``--data-dir`` with demo data when it holds none (``tuki demo --data-dir DIR --scale
region --no-ui`` does the same), then runs ``--samples`` fresh processes. Each one opens the
folder with a new ``Store``, starts the console headless at 80×24 and stops at the first frame
the start screen hands to the terminal (``App._display`` of the dashboard with data drawn). It
reports the time from before ``Store.open(folder)`` to that frame, how often the dashboard's
``refresh_data`` ran and the alerts' facts were read (``Alerts.input``) before it, and the
time spent in ``refresh_data``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def measure(folder: Path) -> dict[str, float]:
    """One cold start in this process: seconds to the first frame, and the calls before it."""
    from data.store import Store
    from data.store.alerts import Alerts
    from tui.app import TukiApp
    from tui.screens.dashboard import DashboardScreen

    calls = {"refresh_data": 0, "alerts": 0, "refresh_seconds": 0.0}
    refresh, alerts = DashboardScreen.refresh_data, Alerts.input

    def counted_refresh(self: DashboardScreen) -> None:
        calls["refresh_data"] += 1
        began = time.perf_counter()
        refresh(self)
        calls["refresh_seconds"] += time.perf_counter() - began

    def counted_alerts(self: Alerts, *args: Any, **kwargs: Any) -> Any:
        calls["alerts"] += 1
        return alerts(self, *args, **kwargs)

    DashboardScreen.refresh_data = counted_refresh  # type: ignore[method-assign]
    Alerts.input = counted_alerts  # type: ignore[method-assign]
    shown = asyncio.Event()
    result: dict[str, float] = {}

    display = TukiApp._display

    def timed_display(self: TukiApp, screen: Any, renderable: Any) -> None:
        drawn = renderable is not None and not self._batch_count
        ours = drawn and not shown.is_set() and isinstance(screen, DashboardScreen)
        if ours and screen.alerts:  # the frame shows the data, not an empty table
            result["seconds"] = time.perf_counter() - start
            result.update(calls)
            shown.set()
        display(self, screen, renderable)

    # patched, not subclassed: a subclass here would look for app.tcss beside this file
    TukiApp._display = timed_display  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(80, 24)):
            await asyncio.wait_for(shown.wait(), 120)

    start = time.perf_counter()
    app = TukiApp(Store.open(folder), "bench", language="fi", poll_seconds=3600)
    asyncio.run(run())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--scale", default="region")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="tuki-frame-"))
    if not any(folder.glob("*.json")):
        from data.demo import generate

        print(f"generating {args.scale} demo data into {folder} …", file=sys.stderr)
        generate(folder, scale=args.scale, seed=1)
    runs = []
    for _ in range(args.samples):
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    seconds = sorted(r["seconds"] for r in runs)
    reading = sorted(r["refresh_seconds"] for r in runs)
    print(f"folder {folder}, {args.samples} cold starts")
    print(
        f"first frame of the start screen: median {statistics.median(seconds):.3f} s, "
        f"min {seconds[0]:.3f} s, max {seconds[-1]:.3f} s"
    )
    print(
        f"before it: refresh_data ×{runs[0]['refresh_data']:.0f}, "
        f"alert facts read ×{runs[0]['alerts']:.0f}, "
        f"in refresh_data median {statistics.median(reading) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
