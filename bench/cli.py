"""Command-line benchmark: issue 13's rows for `tuki`, each command a fresh process, in one run.

    python bench/cli.py --data-dir DIR [--samples N] [--heavy-samples M] [--month YYYY-MM]
    python bench/cli.py --scale small|region|national [--keep DIR] …

``--data-dir`` measures an existing folder (only read: ``tuki log`` and the heavy rows run on a
copy of it, whose access log is put back before each ``check``: every ``ls`` logs its views);
``--scale`` generates the demo first (into a temporary folder, or ``--keep DIR``).

Rows: `python -c pass` and a sqlite3 query (the baselines), `tuki log` (one cancelled meeting,
into the copy), `tuki alerts`, `tuki check`, `tuki ls meetings --month`, `tuki ls
relationships --json`, `tuki figures --year` (issue 15: cold under 2 s) and `tuki calendar`
(the default month back on, into a file of the temporary folder). The quick ones
(baselines, log, alerts) run in ``--samples`` rounds, one of each per round, so that each
round's ratio to `python -c pass` is taken under the same load (the "× pass" column is the
median of those ratios); the heavy ones run ``--heavy-samples``
times. Every command runs once first, uncounted, to fill the file cache. Each process's wall
time is taken from its start to its exit (``os.wait4``) and its peak memory is its own
``ru_maxrss`` (which starts from the largest size this process has had, about 17 MB: the
baselines' figure is this one's, not theirs; Tuki's are above it). The table gives the median,
p95 (nearest rank, of the samples taken) and the largest peak memory, with PASS/FAIL for the
issue's targets (set for the national scale).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Nothing of Tuki is imported here but in the ``--facts`` child: a child process's ru_maxrss
# counts from this process's size (vfork), so this one stays as small as `python -c pass`.

MB = 1000  # ru_maxrss is in KB on Linux; MB as /usr/bin/time's %M / 1000

# issue 13's targets (national scale)
RATIO_MAX = 10.0  # tuki log, tuki alerts: × `python -c pass`, same run
CHECK_MAX_S, CHECK_MAX_MB = 15.0, 400.0
LS_MAX_S, LS_MAX_MB = 1.0, 200.0
FIGURES_MAX_S, FIGURES_MAX_MB = 2.0, 400.0  # issue 15: the year's figures cold under 2 s
CALENDAR_MAX_S, CALENDAR_MAX_MB = 5.0, 300.0  # the calendar's events from a month back

TUKI = "import sys; from tui.cli import run; sys.exit(run())"  # what the `tuki` script runs
SQLITE = "import sqlite3; sqlite3.connect(':memory:').execute('select 1').fetchall()"


@dataclass
class Row:
    name: str
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)  # to `python -c pass` of the same round

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / MB


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KB) of one fresh process; a failing command stops all."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(
            f"{' '.join(argv[3:])} failed ({proc.returncode}):\n{err.decode(errors='replace')}"
        )
    return took, usage.ru_maxrss


def sample(row: Row, env: dict[str, str]) -> float:
    took, peak = run_once(row.argv, env)
    row.seconds.append(took)
    row.peak_kb.append(peak)
    return took


def verdict(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def folder_facts(folder: Path) -> dict[str, Any]:
    """What the run needs to know of the folder: a relationship that takes meetings today,
    today, the last whole month (the busiest to list) and the register's size. Run in a child
    (``--facts``): this process stays small, as a child's ru_maxrss starts from its parent's."""
    from data.store import Store

    store = Store.open(folder)
    facts = store.records
    today: date = store.clock().date()
    rid = next(r.id for r in facts.relationship_facts().values() if r.is_open)
    return {
        "rid": rid,
        "today": today.isoformat(),
        "month": f"{today.replace(day=1) - timedelta(days=1):%Y-%m}",
        "size": f"{len(facts.client_facts()):,} clients, {len(facts.volunteer_facts()):,} "
        f"volunteers, {len(facts.relationship_facts()):,} relationships",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="an existing data folder (only read)")
    parser.add_argument("--scale", choices=("small", "region", "national"))
    parser.add_argument("--keep", type=Path, help="with --scale: generate into DIR, keep it")
    parser.add_argument("--samples", type=int, default=9, help="rounds of the quick commands")
    parser.add_argument("--heavy-samples", type=int, default=3, help="runs of check and ls")
    parser.add_argument("--month", help="for ls meetings --month (default: the last whole one)")
    parser.add_argument("--facts", type=Path, help=argparse.SUPPRESS)  # (the child's part)
    args = parser.parse_args(argv)
    if args.facts is not None:
        print(json.dumps(folder_facts(args.facts)))
        return 0
    if (args.data_dir is None) == (args.scale is None):
        parser.error("give either --data-dir DIR or --scale")
    started = time.perf_counter()
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TUKI_USER": "bench"}
    env.pop("TUKI_DATA_DIR", None)
    # as installed: with the modules' byte code kept (as bench/cli_start.py); else every
    # command compiles Tuki's ~50 modules anew (~100 ms) when the shell sets this
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    work = Path(tempfile.mkdtemp(prefix="tuki-bench-cli-"))
    try:
        if args.data_dir is not None:
            folder = args.data_dir.absolute()
            if not (folder / "counters.json").exists():
                parser.error(f"{folder} holds no Tuki data")
        else:
            folder = (args.keep or work / "demo").absolute()
            if not (folder / "counters.json").exists():
                print(f"writing the {args.scale} demo into {folder} …", flush=True)
                demo = ["demo", "--no-ui", "--scale", args.scale, "--data-dir", str(folder)]
                subprocess.run(
                    [python, "-c", TUKI, *demo], env=env, check=True, stdout=subprocess.DEVNULL
                )
        copy = work / "copy"
        print(f"copying {folder} for tuki log …", flush=True)
        copying = "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True)"
        subprocess.run([python, "-c", copying, str(folder), str(copy)], check=True)  # (small)
        got = subprocess.run(
            [python, __file__, "--facts", str(copy)], env=env, check=True, capture_output=True
        )
        facts = json.loads(got.stdout)
        rid, today, month = facts["rid"], facts["today"], args.month or facts["month"]
        if not (folder / "index" / "months" / month).is_dir():
            print(
                f"note: {folder} has no month index for {month} (written before it): "
                "`ls meetings --month` reads the shards; regenerate the folder or run "
                "`tuki check --repair` on a copy",
                flush=True,
            )
        tuki = [python, "-c", TUKI]
        data = ["--data-dir", str(folder)]
        quick = [
            Row("python -c pass", [python, "-c", "pass"]),
            Row("sqlite3 query", [python, "-c", SQLITE]),
            Row(
                "tuki log (one meeting)",
                [
                    *tuki,
                    "log",
                    "--data-dir",
                    str(copy),
                    "--relationship",
                    str(rid),
                    "--date",
                    today,
                    "--cancelled",
                    "child_ill",
                ],
            ),
            Row("tuki alerts", [*tuki, "alerts", *data]),
        ]
        # the heavy rows on the copy, its access log put back as it was before each check:
        # every `ls` appends its clients' views (8,000 entries a run), which the next check
        # would verify too (the folder measured would grow from run to run, and the input
        # folder with it)
        on_copy = ["--data-dir", str(copy)]
        access_before = work / "access-before"
        shutil.copytree(copy / "access", access_before)
        year = today[:4]
        heavy = [
            Row("tuki check", [*tuki, "check", *on_copy]),
            Row(
                f"tuki ls meetings --month {month}",
                [*tuki, "ls", "meetings", "--month", month, *on_copy],
            ),
            Row("tuki ls relationships --json", [*tuki, "ls", "relationships", "--json", *on_copy]),
            Row(f"tuki figures --year {year}", [*tuki, "figures", "--year", year, *on_copy]),
            Row(
                "tuki calendar",
                [*tuki, "calendar", "--out", str(work / "cal.ics"), "--force", *on_copy],
            ),
        ]
        for row in quick + heavy:  # fills the file cache; not counted
            run_once(row.argv, env)
        print(
            f"measuring: {args.samples} rounds, then {args.heavy_samples} runs each …", flush=True
        )
        for _ in range(args.samples):
            base = sample(quick[0], env)
            for row in quick[1:]:
                row.ratios.append(sample(row, env) / base)
        for _ in range(args.heavy_samples):
            for row in heavy:
                if row is heavy[0]:
                    shutil.rmtree(copy / "access")
                    shutil.copytree(access_before, copy / "access")
                sample(row, env)
        report(f"{folder} ({facts['size']})", quick, heavy)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n(benchmark took {timedelta(seconds=round(time.perf_counter() - started))})")
    return 0


def report(title: str, quick: list[Row], heavy: list[Row]) -> None:
    print(f"\n### Command line: {title}\n")
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}\n")
    print("| what | median | p95 | × pass | peak memory | target | result |")
    print("|---|---:|---:|---:|---:|---|---|")
    fails = []
    for row in quick:
        ratio = statistics.median(row.ratios) if row.ratios else None
        target, result = "", ""
        if row.name.startswith("tuki"):
            ok = ratio is not None and ratio <= RATIO_MAX
            target, result = f"≤ {RATIO_MAX:.0f}× pass", verdict(ok)
            fails += [] if ok else [row.name]
        times = f"{row.median * 1000:,.0f} ms | {row.p95 * 1000:,.0f} ms"
        shown = f"{ratio:.1f}×" if ratio is not None else "1×"
        print(f"| {row.name} | {times} | {shown} | {row.peak_mb:,.0f} MB | {target} | {result} |")
    for row in heavy:
        seconds, megabytes = (
            (CHECK_MAX_S, CHECK_MAX_MB)
            if "check" in row.name
            else (FIGURES_MAX_S, FIGURES_MAX_MB)
            if "figures" in row.name
            else (CALENDAR_MAX_S, CALENDAR_MAX_MB)
            if "calendar" in row.name
            else (LS_MAX_S, LS_MAX_MB)
        )
        ok_time, ok_mem = row.median <= seconds, row.peak_mb <= megabytes
        fails += [f"{row.name} time"] if not ok_time else []
        fails += [f"{row.name} memory"] if not ok_mem else []
        target = f"≤ {seconds:g} s, ≤ {megabytes:.0f} MB"
        result = f"{verdict(ok_time)} time, {verdict(ok_mem)} memory"
        times = f"{row.median:,.2f} s | {row.p95:,.2f} s"
        print(f"| {row.name} | {times} | | {row.peak_mb:,.0f} MB | {target} | {result} |")
    print(
        "\nEach figure is a fresh process (wall time from start to exit, peak memory its "
        "ru_maxrss). × pass: the median over the rounds of the command's time ÷ `python -c "
        f"pass` in the same round. Quick rows: {len(quick[0].seconds)} rounds; heavy rows: "
        f"{len(heavy[0].seconds)} runs each; p95 is the nearest rank of those. The targets are "
        "issue 13's (the figures' issue 15's), set for the national scale."
    )
    print("\nTargets: " + ("all PASS" if not fails else "FAIL: " + ", ".join(fails)))


if __name__ == "__main__":
    sys.exit(main())
