"""Command-line start-up benchmark: `tuki alerts`, `tuki ls clients` and `tuki log` (one
meeting) as fresh processes, against `python -c pass` and a sqlite3 query in the same run.

    python bench/cli_start.py [--data-dir DIR] [--scale small|region|national] [--samples N]

Fills ``--data-dir`` with demo data when it holds none (a temporary folder by default). Each
sample is a new process, timed from fork to exit; the median and the slowest are printed, and
each command's median as a multiple of `python -c pass` (issue 13's target: at most 10×).
Every command runs on a copy of the folder (``tuki log`` writes; ``tuki alerts`` keeps its
answer in ``cache/``), so the demo stays as generated; ``tuki alerts, new answer`` is the first
``tuki alerts`` after a change (its kept answer removed before each run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(argv: list[str], env: dict[str, str], before: Callable[[], None]) -> float:
    before()
    began = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def series(
    argv: list[str], env: dict[str, str], samples: int, before: Callable[[], None]
) -> list[float]:
    timed(argv, env, before)  # a first run fills the file cache; it is not counted
    return [timed(argv, env, before) for _ in range(samples)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--scale", default="region", choices=("small", "region", "national"))
    parser.add_argument("--samples", type=int, default=9)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tuki-bench-"))
    folder = args.data_dir or work / "demo"
    python = sys.executable
    tuki = [python, "-m", "tui.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TUKI_USER": "bench"}
    env.pop("TUKI_DATA_DIR", None)
    # as installed: with the modules' byte code kept (else every start compiles ~70 modules)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not (folder / "counters.json").exists():
        print(f"writing the {args.scale} demo into {folder} …", flush=True)
        subprocess.run([*tuki, "demo", "--no-ui", "--scale", args.scale, "--data-dir",
                        str(folder)], env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    copy = work / "copy"
    shutil.copytree(folder, copy)
    from data.storage.kept import RACY_NS
    from data.storage.layout import CACHE_DIR
    from data.store import Store  # only to find a relationship to log a meeting into

    store = Store.open(copy)
    rid = next(r.id for r in store.records.relationship_facts().values() if r.is_open)
    today = store.clock().date().isoformat()
    # opening the Store made cache/ in the copy, a change of the folder: an answer is kept
    # only when the newest change is older than RACY_NS (data/storage/kept.py)
    time.sleep(RACY_NS / 1e9)
    runs = {
        "python -c pass": [python, "-c", "pass"],
        "sqlite3 query": [python, "-c",
                          "import sqlite3; sqlite3.connect(':memory:').execute('select 1')"],
        "tuki alerts": [*tuki, "alerts", "--data-dir", str(copy)],
        "tuki alerts, new answer": [*tuki, "alerts", "--data-dir", str(copy)],
        "tuki ls clients": [*tuki, "ls", "clients", "--data-dir", str(copy)],
        "tuki log (one meeting)": [*tuki, "log", "--data-dir", str(copy), "--relationship",
                                   str(rid), "--date", today, "--cancelled", "child_ill"],
    }  # fmt: skip
    kept = copy / CACHE_DIR / "alerts.json"
    # the day's alerts are kept for the next command until a save (data/storage/kept.py):
    # "new answer" is the first command after a change (nothing kept), worked out in full
    before = {"tuki alerts, new answer": lambda: kept.unlink(missing_ok=True)}
    base = 0.0
    print(f"{'what':<26}{'median':>10}{'slowest':>10}{'× pass':>9}")
    for name, argv in runs.items():
        values = series(argv, env, args.samples, before.get(name, lambda: None))
        median = statistics.median(values)
        base = base or median
        slowest, ratio = max(values) * 1000, median / base
        print(f"{name:<26}{median * 1000:>8.0f}ms{slowest:>8.0f}ms{ratio:>8.1f}×")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
