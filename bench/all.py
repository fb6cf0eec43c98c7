"""Every benchmark in one run, on the same demo folders, one after the other (never two at once:
they would measure each other).

    python bench/all.py [--root DIR] [--samples N]

Generates the region and national demo data into ``--root`` (a temporary folder by default;
an existing one is reused), then runs ``bench/console.py`` (small, region, national),
``bench/cli.py`` and ``bench/cli_start.py`` (national), ``bench/matching.py`` (region and
national) and ``bench/storage.py`` (its own folders under the root), and prints each one's
table as it comes, with the machine and its load before each. Exit status 1 when any bench
reports a target missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def folder(root: Path, scale: str) -> Path:
    """The demo data of ``scale`` under ``root``, generated when not there yet."""
    path = root / scale
    if not (path / "settings.json").exists():
        from data.demo import generate

        print(f"generating {scale} demo data into {path} …", flush=True)
        generate(path, scale=scale, seed=1)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path)
    parser.add_argument("--samples", type=int, default=3, help="console: processes per scale")
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="tuki-bench-"))
    region, national = folder(root, "region"), folder(root, "national")
    bench = ROOT / "bench"
    steps = [
        [
            "console.py",
            "--samples",
            str(args.samples),
            "--data",
            f"region={region},national={national}",
        ],
        ["cli.py", "--data-dir", str(national)],
        ["cli_start.py", "--data-dir", str(national)],
        ["matching.py", "--data", f"region={region},national={national}"],
        ["storage.py", "--keep", str(root / "storage")],
    ]
    print(
        f"Tuki benchmarks, {date.today():%d.%m.%Y}: Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; data in {root}\n"
    )
    # An installed tuki runs from byte code compiled when it was installed. A shell with
    # PYTHONDONTWRITEBYTECODE (and a checkout whose byte code is stale) would make every
    # process compile Tuki's modules again (~100 ms): compile them once, and keep it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "tui"), str(ROOT / "data")],
        check=True,
        env=env,
    )
    failed = []
    for step in steps:
        load = os.getloadavg()[0]
        print(f"## bench/{step[0]} (load {load:.2f} before it)\n", flush=True)
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(bench / step[0]), *step[1:]], check=False, env=env
        )
        print(f"\n(bench/{step[0]} took {time.perf_counter() - began:.0f} s)\n", flush=True)
        if done.returncode != 0:
            failed.append(step[0])
    print("Targets missed in: " + ", ".join(failed) if failed else "Every target met.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
