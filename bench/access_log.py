"""What a view costs the access log: milliseconds per logged view, as the month grows.

    python bench/access_log.py [--root DIR] [--views N]

In a fresh data folder (durable: each append is synced, as in use), the month file is filled
to 0, 10,000 and 50,000 entries; at each size ``--views`` single views are logged one after
the other (``store.access.viewed``: the folder's lock, the file's tail read, one write, fsync)
and the median and the 95th percentile are printed. For scale in the same run, on the same
disk: an empty ``python -c pass`` (a process start) and one sqlite3 insert committed with
``synchronous=FULL`` (a synced append of a database). Also one listing's append: 20,000
entries (a national ``tuki ls clients``) in one write.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data.dates import HELSINKI  # noqa: E402
from data.model.access import AccessView, Face  # noqa: E402
from data.store import Store  # noqa: E402

AT = datetime(2026, 11, 20, 12, 0, tzinfo=HELSINKI)


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms"


def views(store: Store, n: int) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        store.access.viewed("anna", 1 + i % 500, AccessView.CLIENT_PAGE, Face.CONSOLE)
        out.append(time.perf_counter() - start)
    return out


def sqlite_inserts(folder: Path, n: int) -> list[float]:
    db = sqlite3.connect(folder / "baseline.sqlite")
    db.execute("pragma synchronous=FULL")
    db.execute("create table log (at text, by text, client int, view text, face text)")
    out = []
    for i in range(n):
        start = time.perf_counter()
        db.execute("insert into log values (?, ?, ?, ?, ?)", (AT.isoformat(), "anna", i, "v", "c"))
        db.commit()
        out.append(time.perf_counter() - start)
    db.close()
    return out


def process_starts(n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path)
    parser.add_argument("--views", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.root) as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "data", clock=lambda: AT)
        print(f"python -c pass        {_ms(process_starts(20))}")
        print(f"sqlite3 insert+commit {_ms(sqlite_inserts(folder, args.views))}")
        filled = 0
        for size in (0, 10_000, 50_000):
            if size > filled:
                store.access.viewed_many(
                    "anna", range(1, size - filled + 1), AccessView.CLIENT_LIST, Face.CLI
                )
                filled = size
            samples = views(store, args.views)
            filled += args.views
            print(f"view at {size:>6,} entries {_ms(samples)}")
        start = time.perf_counter()
        store.access.viewed_many("anna", range(1, 20_001), AccessView.CLIENT_LIST, Face.CLI)
        took = time.perf_counter() - start
        month = next((folder / "data" / "access").glob("????-??.json"))  # (not head.json)
        print(f"20,000 clients listed  {took * 1000:6.1f} ms in one append")
        size = month.stat().st_size / 1e6
        print(f"month file            {size:6.1f} MB, {filled + 20_000:,} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
