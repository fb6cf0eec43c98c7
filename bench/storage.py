"""Storage benchmark: Tuki's engine against stock TinyDB and sqlite3, at region and national scale.

    python bench/storage.py [--scales region,national] [--samples N] [--keep DIR]

For each scale the demo data is generated into a folder (under /tmp unless ``--keep DIR``), then
two fresh subprocesses measure it, so that neither the generator's nor the other measurements'
memory counts:

* ``--measure DIR --scale S --part tuki``: opens the existing folder with ``Store.open(DIR)``
  (durable writes as in production) and times saving one meeting, listing one relationship's
  meetings (cold: a fresh Store; warm: the same call again) and the day's alerts (cold and warm);
  its peak memory is the figure checked against the target;
* ``--measure DIR --scale S --part baselines``: exports the same meetings into one stock TinyDB
  file (``TinyDB(path)``, default JSONStorage; capped in size when too big) and one sqlite3
  database (WAL, synchronous=FULL, index on the relationship id) and times inserting one meeting;
* ``--measure DIR --scale S --part pairs --work W``: in ONE process, saves one meeting with Tuki
  and inserts one into that sqlite3 database, alternately (A B, B A, …), and takes the ratio of
  each pair: the ratio checked against the target is the median of those pair ratios, so a disk
  whose speed drifts between minutes moves both sides of each pair alike. It also counts what
  each Tuki save asks of the disk (fsync/fdatasync calls and bytes given to ``os.write``).

The results are printed as a markdown table at the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from measure import pct, peak_mb  # bench/measure.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

USER = "bench"
MB = 1024 * 1024

# Targets at national scale.
SAVE_MAX_MS = 10.0
SAVE_MAX_VS_SQLITE = 20.0  # the median of the ratios of pairs measured side by side
SAVE_MAX_FSYNCS = 3  # per saved meeting, median (issue 13)
SAVE_MAX_KB = 32.0  # bytes written per saved meeting, median (issue 13)
LIST_MAX_MS = 20.0
ALERTS_MAX_MS = 300.0
PEAK_MAX_MB = 300.0

PLACES = [
    "Kirjasto",
    "Uimahalli",
    "Keskusta",
    "Puisto",
    "Kahvila",
    "Kotiympäristö",
    "Liikuntahalli",
]
ACTIVITIES = ["Kävely", "Uinti", "Lautapelit", "Leipominen", "Elokuvat", "Pallopelit", "Museo"]
REPORTS = [
    "Tapaaminen sujui hyvin, lapsi oli iloinen ja jutteli paljon koulusta.",
    "Lapsi oli aluksi väsynyt, mutta piristyi ulkona. Sovimme seuraavasta kerrasta.",
    "Hyvä tapaaminen. Harjoittelimme bussilla kulkemista yhdessä.",
]


# ----- small helpers --------------------------------------------------------------------------


def stats(values: list[float]) -> dict[str, Any]:
    return {"median": pct(values, 50), "p95": pct(values, 95), "n": len(values)}


def ms(since_ns: int) -> float:
    return (time.perf_counter_ns() - since_ns) / 1e6


def say(text: str) -> None:
    print(text, flush=True)


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def dir_size(folder: Path) -> tuple[int, int]:
    """Total bytes and number of files below ``folder`` (backups excluded)."""
    total = count = 0
    stack = [folder]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "backups":
                        stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
                    count += 1
    return total, count


def meeting_fields(rng: random.Random, rid: int, on: date) -> dict[str, Any]:
    """A realistic held meeting, as the console would log it (input form)."""
    return {
        "relationship_id": rid,
        "status": "held",
        "on": on.isoformat(),
        "start": f"{rng.randint(9, 18):02d}:{rng.choice(['00', '15', '30', '45'])}",
        "duration_min": rng.choice([90, 120, 150, 180, 240]),
        "place": rng.choice(PLACES),
        "activity": rng.choice(ACTIVITIES),
        "report": {
            "how_it_went": rng.choice(REPORTS),
            "wellbeing": "Ei huolia.",
            "progress_note": "Rohkeus kasvaa.",
        },
        "km": f"{rng.randint(0, 400) / 10:.1f}",
        "costs": f"{rng.randint(0, 2000) / 100:.2f}",
    }


def stored_meeting(rng: random.Random, rid: int, on: date, meeting_id: int) -> dict[str, Any]:
    """The same meeting in the stored form (with id, version and audit stamps)."""
    from data.dates import now_helsinki
    from data.models import Meeting

    data = Meeting.model_validate(meeting_fields(rng, rid, on)).model_dump(
        mode="json", by_alias=True
    )
    now = now_helsinki().isoformat()
    data.update(
        id=meeting_id,
        version=1,
        created_by=USER,
        created_at=now,
        changed_by=USER,
        changed_at=now,
    )
    return data


def fsync_probe(folder: Path, rounds: int = 50) -> float:
    """The disk's median latency of one small write + fsync, in ms (context for the figures)."""
    path = folder / f".fsync-probe-{os.getpid()}.tmp"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    times = []
    try:
        for _ in range(rounds):
            os.write(fd, b"x" * 4096)
            t0 = time.perf_counter_ns()
            os.fsync(fd)
            times.append(ms(t0))
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return pct(times, 50)


def shard_ids(folder: Path) -> list[int]:
    out = []
    with os.scandir(folder / "rel") as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".json") and not name.startswith("."):
                out.append(int(name[:-5]))
    return sorted(out)


# ----- part 1: Tuki ---------------------------------------------------------------------------


def measure_tuki(folder: Path, samples: int, alert_samples: int, seed: int) -> dict[str, Any]:
    from data.dates import today_helsinki
    from data.errors import Refused
    from data.models import Meeting
    from data.store import Store

    rng = random.Random(seed)
    today = today_helsinki()
    res: dict[str, Any] = {"peak_open_mb": peak_mb()}

    # Choose active relationships with room for one more held meeting, without warming the
    # caches of the Store that saves (a separate Store on the compact facts, dropped afterwards;
    # reading the full relationships.json here would inflate the peak memory measured below).
    from data.models import State

    picker = Store.open(folder)
    rows = picker.records.derived.relationships()
    active = []
    for rid, facts in rows.items():
        if facts.state is not State.ACTIVE or facts.max_meetings is None or facts.ended_on:
            continue
        if facts.start is None or facts.start > today:
            continue
        active.append((rid, facts.max_meetings))
    res["relationships"] = len(rows)
    res["active"] = len(active)
    rng.shuffle(active)
    chosen: list[tuple[int, int]] = []
    for rid, max_meetings in active:
        if picker.meetings.summary(rid).held + 1 < max_meetings:
            chosen.append((rid, max_meetings))
        if len(chosen) >= samples + 3:
            break
    del picker, rows
    gc.collect()
    if not chosen:
        raise SystemExit("no active relationship with room for a meeting in the demo data")
    say(f"    {len(active):,} active relationships; saving on {len(chosen)} of them")

    # -- saving one meeting (durable, as in production)
    store = Store.open(folder)
    # a held meeting dated today may lie later in the day than now: yesterday's never does
    yesterday = today - timedelta(days=1)
    meetings = [
        Meeting.model_validate(meeting_fields(rng, rid, yesterday))
        for rid, _ in chosen[: samples + 1]
    ]
    t0 = time.perf_counter_ns()
    store.meetings.log(USER, meetings[0])
    res["save_first_ms"] = ms(t0)
    saves: list[float] = []
    refused = 0
    for meeting in meetings[1:]:
        t0 = time.perf_counter_ns()
        try:
            store.meetings.log(USER, meeting)
        except Refused:
            refused += 1
            continue
        saves.append(ms(t0))
    res["save"] = stats(saves)
    res["save_refused"] = refused
    res["peak_after_save_mb"] = peak_mb()
    say(
        f"    save one meeting: first {res['save_first_ms']:.1f} ms (loads the relationships), "
        f"then median {res['save']['median']:.2f} ms, p95 {res['save']['p95']:.2f} ms "
        f"(n={len(saves)})"
    )
    del store
    gc.collect()

    # -- listing one relationship's meetings: cold (fresh Store) and warm (again)
    with_shards = shard_ids(folder)
    res["shards"] = len(with_shards)
    cold: list[float] = []
    warm: list[float] = []
    counts: list[int] = []
    for rid in rng.sample(with_shards, min(samples, len(with_shards))):
        fresh = Store.open(folder)
        t0 = time.perf_counter_ns()
        items = fresh.meetings.of(rid)
        cold.append(ms(t0))
        t0 = time.perf_counter_ns()
        fresh.meetings.of(rid)
        warm.append(ms(t0))
        counts.append(len(items))
    res["list_cold"] = stats(cold)
    res["list_warm"] = stats(warm)
    res["list_meetings_median"] = pct([float(c) for c in counts], 50)
    res["list_meetings_max"] = max(counts) if counts else 0
    say(
        f"    list one relationship's meetings (median {res['list_meetings_median']:.0f}, "
        f"max {res['list_meetings_max']}): cold median {res['list_cold']['median']:.2f} ms, "
        f"p95 {res['list_cold']['p95']:.2f} ms; warm median {res['list_warm']['median']:.3f} ms"
    )
    del fresh
    gc.collect()
    res["peak_after_list_mb"] = peak_mb()

    # -- the day's alerts: cold (fresh Store) and warm (second call)
    alert_cold: list[float] = []
    alert_warm: list[float] = []
    found = 0
    for _ in range(alert_samples):
        fresh = Store.open(folder)
        t0 = time.perf_counter_ns()
        got = fresh.alerts.list(today)
        alert_cold.append(ms(t0))
        for _ in range(3):
            t0 = time.perf_counter_ns()
            fresh.alerts.list(today)
            alert_warm.append(ms(t0))
        found = len(got)
        del fresh, got
        gc.collect()
    res["alerts_cold"] = stats(alert_cold)
    res["alerts_warm"] = stats(alert_warm)
    res["alerts_found"] = found
    say(
        f"    the day's alerts ({found:,} alerts): cold median "
        f"{res['alerts_cold']['median']:.0f} ms, warm median "
        f"{res['alerts_warm']['median']:.0f} ms"
    )
    res["peak_mb"] = peak_mb()
    say(f"    peak memory of this measuring process: {res['peak_mb']:.0f} MB")
    return res


# ----- part 3: Tuki and sqlite3 side by side, in one process ---------------------------------


class DiskCounter:
    """Counts the fsync/fdatasync calls and the bytes given to ``os.write`` while active (the
    engine writes through these; sqlite3's own C calls are not seen, nor meant to be)."""

    def __init__(self) -> None:
        self.fsyncs = 0
        self.bytes = 0
        self._real: dict[str, Any] = {}

    def __enter__(self) -> DiskCounter:
        self._real = {name: getattr(os, name) for name in ("fsync", "fdatasync", "write")}

        def fsync(fd: int) -> None:
            self.fsyncs += 1
            self._real["fsync"](fd)

        def fdatasync(fd: int) -> None:
            self.fsyncs += 1
            self._real["fdatasync"](fd)

        def write(fd: int, data: Any) -> int:
            n: int = self._real["write"](fd, data)
            self.bytes += n
            return n

        os.fsync, os.fdatasync, os.write = fsync, fdatasync, write  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        for name, real in self._real.items():
            setattr(os, name, real)


def measure_pairs(folder: Path, work: Path, samples: int, seed: int) -> dict[str, Any]:
    """Tuki's save and sqlite3's insert of one meeting, alternately in this one process."""
    import orjson

    from data.dates import today_helsinki
    from data.errors import Refused
    from data.models import Meeting, State
    from data.store import Store

    rng = random.Random(seed + 2)
    # a held meeting dated today may lie in the future (the hour): yesterday's is always past
    day = today_helsinki() - timedelta(days=1)
    store = Store.open(folder)
    active = []
    for rid, facts in store.records.derived.relationships().items():
        if facts.state is not State.ACTIVE or facts.max_meetings is None or facts.ended_on:
            continue
        if facts.start is None or facts.start > day:
            continue
        if store.meetings.summary(rid).held + 1 < facts.max_meetings:
            active.append(rid)
    rng.shuffle(active)
    if not active:
        raise SystemExit("no active relationship with room for a meeting in the demo data")
    conn = sqlite3.connect(work / "meetings.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")

    def tuki(rid: int) -> tuple[float, int, int] | None:
        meeting = Meeting.model_validate(meeting_fields(rng, rid, day))
        with DiskCounter() as disk:
            t0 = time.perf_counter_ns()
            try:
                store.meetings.log(USER, meeting)
            except Refused:
                return None
            took = ms(t0)
        return took, disk.fsyncs, disk.bytes

    def sqlite(rid: int, meeting_id: int) -> float:
        raw = orjson.dumps(stored_meeting(rng, rid, day, meeting_id)).decode()
        t0 = time.perf_counter_ns()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO meetings (relationship_id, meeting_id, doc) VALUES (?, ?, ?)",
            (rid, meeting_id, raw),
        )
        conn.execute("COMMIT")
        return ms(t0)

    # warm-up: the first Tuki save loads the relationships; three sqlite inserts
    tuki(active[0])
    for i in range(3):
        sqlite(active[0], 20_000_000 + i)
    pairs: list[tuple[float, float]] = []
    fsyncs: list[float] = []
    written: list[float] = []
    for i, rid in enumerate(active[1 : samples + 1]):
        if i % 2 == 0:  # A B, then B A: neither side always goes first
            got = tuki(rid)
            sql = sqlite(rid, 30_000_000 + i)
        else:
            sql = sqlite(rid, 30_000_000 + i)
            got = tuki(rid)
        if got is None:
            continue
        pairs.append((got[0], sql))
        fsyncs.append(float(got[1]))
        written.append(float(got[2]))
    conn.close()
    ratios = [t / q for t, q in pairs if q > 0]
    res: dict[str, Any] = {
        "save": stats([t for t, _ in pairs]),
        "sqlite_save": stats([q for _, q in pairs]),
        "ratio": stats(ratios),
        "fsyncs": {**stats(fsyncs), "max": max(fsyncs, default=0.0)},
        "bytes": {
            **stats(written),
            "max": max(written, default=0.0),
            "mean": sum(written) / len(written) if written else 0.0,
        },
        "n": len(pairs),
    }
    say(
        f"    {len(pairs)} pairs: Tuki median {res['save']['median']:.2f} ms, sqlite3 median "
        f"{res['sqlite_save']['median']:.2f} ms, Tuki ÷ sqlite3 median of the pair ratios "
        f"{res['ratio']['median']:.1f}× (p95 {res['ratio']['p95']:.1f}×); per Tuki save "
        f"{res['fsyncs']['median']:.0f} fsyncs (max {res['fsyncs']['max']:.0f}), "
        f"{res['bytes']['median'] / 1024:.1f} KB written (mean {res['bytes']['mean'] / 1024:.1f}, "
        f"max {res['bytes']['max'] / 1024:.1f})"
    )
    return res


# ----- part 2: stock TinyDB and sqlite3 -------------------------------------------------------


def iter_meetings(folder: Path) -> Any:
    """Every stored meeting of the data folder, shard by shard, in relationship order."""
    import orjson

    for rid in shard_ids(folder):
        raw = (folder / "rel" / f"{rid}.json").read_bytes()
        yield from orjson.loads(raw).get("meetings", {}).values()


def tinydb_inserts(path: Path, docs: list[dict[str, Any]]) -> list[float]:
    """Time ``insert`` of each doc into the file's 'meetings' table with stock TinyDB."""
    from tinydb import TinyDB

    db = TinyDB(path)  # the default JSONStorage: reads and rewrites the whole file (and fsyncs)
    table = db.table("meetings")
    table.insert(docs[0])  # warm-up: the first insert also scans the table for the next id
    out = []
    for doc in docs[1:]:
        t0 = time.perf_counter_ns()
        table.insert(doc)
        out.append(ms(t0))
    db.close()
    return out


def write_tinydb_file(path: Path, docs: list[dict[str, Any]]) -> int:
    import orjson

    raw = orjson.dumps({"meetings": {str(i): d for i, d in enumerate(docs, 1)}})
    path.write_bytes(raw)
    return len(raw)


def measure_baselines(
    folder: Path, work: Path, samples: int, tdb_samples: int, tdb_cap: int, seed: int
) -> dict[str, Any]:
    import orjson

    from data.dates import today_helsinki

    rng = random.Random(seed + 1)
    today = today_helsinki() - timedelta(days=1)  # a held meeting is never dated later than now
    res: dict[str, Any] = {}
    work.mkdir(parents=True, exist_ok=True)

    # -- export: sqlite gets every meeting, the TinyDB file the first ``tdb_cap`` of them
    db_path = work / "meetings.sqlite"
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")  # bulk load only; the benchmark uses FULL
    conn.execute(
        "CREATE TABLE meetings (pk INTEGER PRIMARY KEY, relationship_id INTEGER NOT NULL, "
        "meeting_id INTEGER NOT NULL, doc TEXT NOT NULL)"
    )
    t0 = time.perf_counter_ns()
    total = 0
    capped: list[dict[str, Any]] = []
    batch: list[tuple[int, int, str]] = []
    rids: set[int] = set()
    conn.execute("BEGIN")
    for meeting in iter_meetings(folder):
        total += 1
        rids.add(meeting["relationship_id"])
        if len(capped) < tdb_cap:
            capped.append(meeting)
        batch.append((meeting["relationship_id"], meeting["id"], orjson.dumps(meeting).decode()))
        if len(batch) >= 10_000:
            conn.executemany(
                "INSERT INTO meetings (relationship_id, meeting_id, doc) VALUES (?, ?, ?)", batch
            )
            batch.clear()
    if batch:
        conn.executemany(
            "INSERT INTO meetings (relationship_id, meeting_id, doc) VALUES (?, ?, ?)", batch
        )
    conn.execute("CREATE INDEX meetings_rel ON meetings (relationship_id)")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    res["meetings"] = total
    res["sqlite_bytes"] = db_path.stat().st_size
    say(
        f"    exported {total:,} meetings to sqlite3 ({res['sqlite_bytes'] / MB:,.0f} MB) "
        f"in {ms(t0) / 1000:.1f} s"
    )

    # -- sqlite3: one meeting per transaction, committed, WAL + synchronous=FULL
    rid_list = sorted(rids)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    next_mid = 10_000_000
    sql_times: list[float] = []
    for i in range(samples + 3):
        rid = rng.choice(rid_list)
        doc = stored_meeting(rng, rid, today, next_mid + i)
        t0 = time.perf_counter_ns()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO meetings (relationship_id, meeting_id, doc) VALUES (?, ?, ?)",
            (rid, doc["id"], orjson.dumps(doc).decode()),
        )
        conn.execute("COMMIT")
        if i >= 3:  # three warm-up inserts
            sql_times.append(ms(t0))
    res["sqlite_save"] = stats(sql_times)
    # for context: listing one relationship's meetings (rows parsed back to dicts)
    sql_list: list[float] = []
    for rid in rng.sample(rid_list, min(samples, len(rid_list))):
        t0 = time.perf_counter_ns()
        got = [
            orjson.loads(doc)
            for (doc,) in conn.execute("SELECT doc FROM meetings WHERE relationship_id = ?", (rid,))
        ]
        sql_list.append(ms(t0))
        del got
    res["sqlite_list"] = stats(sql_list)
    conn.close()
    say(
        f"    sqlite3 insert one meeting: median {res['sqlite_save']['median']:.2f} ms, "
        f"p95 {res['sqlite_save']['p95']:.2f} ms; list one relationship: median "
        f"{res['sqlite_list']['median']:.2f} ms"
    )

    # -- stock TinyDB: one file, one table; every insert reads and rewrites the whole file
    docs = [
        stored_meeting(rng, rng.choice(rid_list), today, next_mid + 1000 + i)
        for i in range(tdb_samples + 1)
    ]
    tdb_path = work / "meetings.tinydb.json"
    points: list[tuple[int, int, dict[str, Any]]] = []
    sizes = [len(capped)] if total <= tdb_cap else [len(capped) // 2, len(capped)]
    for size in sizes:
        nbytes = write_tinydb_file(tdb_path, capped[:size])
        times = tinydb_inserts(tdb_path, [dict(d) for d in docs])
        points.append((size, nbytes, stats(times)))
        say(
            f"    stock TinyDB insert one meeting into a file of {size:,} meetings "
            f"({nbytes / MB:,.0f} MB): median {pct(times, 50):,.0f} ms, "
            f"p95 {pct(times, 95):,.0f} ms (n={len(times)})"
        )
        tdb_path.unlink()
    del capped
    gc.collect()
    res["tinydb_points"] = [{"meetings": s, "bytes": b, **st} for s, b, st in points]
    res["tinydb_capped"] = total > tdb_cap
    res["tinydb_cap"] = tdb_cap
    size, nbytes, st = points[-1]
    res["tinydb_save"] = st
    res["tinydb_size"] = size
    res["tinydb_bytes"] = nbytes
    if res["tinydb_capped"]:
        # linear in the file's size (it is read and rewritten whole): fit through the two points
        (n1, _, s1), (n2, _, s2) = points
        slope = (s2["median"] - s1["median"]) / (n2 - n1) if n2 != n1 else s2["median"] / n2
        if slope <= 0:
            slope = s2["median"] / n2
        res["tinydb_extrapolated_ms"] = s2["median"] + slope * (total - n2)
        res["tinydb_extrapolated_bytes"] = nbytes * total / n2
        say(
            f"    stock TinyDB capped at {size:,} of {total:,} meetings; extrapolated (linear in "
            f"file size) to all {total:,}: about {res['tinydb_extrapolated_ms']:,.0f} ms per "
            f"insert (a file of about {res['tinydb_extrapolated_bytes'] / MB:,.0f} MB)"
        )
    else:
        res["tinydb_extrapolated_ms"] = None
    res["peak_mb"] = peak_mb()
    return res


# ----- the driver -----------------------------------------------------------------------------


def child(args: list[str], timeout: float | None = None) -> dict[str, Any]:
    """Run this script in a fresh Python with ``args``; return the JSON it writes."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = Path(out.name)
    try:
        cmd = [sys.executable, str(Path(__file__).resolve()), *args, "--out", str(out_path)]
        proc = subprocess.run(cmd, cwd=ROOT, timeout=timeout, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args[:4])} failed with exit code {proc.returncode}")
        result: dict[str, Any] = json.loads(out_path.read_text())
        return result
    finally:
        out_path.unlink(missing_ok=True)


def generate(folder: Path, scale: str, seed: int) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass

    from data import demo

    t0 = time.perf_counter_ns()
    got = demo.generate(folder, scale=scale, seed=seed)
    seconds = ms(t0) / 1000
    if is_dataclass(got) and not isinstance(got, type):
        info = asdict(got)
    elif hasattr(got, "model_dump"):
        info = got.model_dump(mode="json")
    else:
        info = {"stats": str(got)}
    return {"stats": json.loads(json.dumps(info, default=str)), "seconds": seconds}


def run_scale(scale: str, base: Path, keep: bool, opts: argparse.Namespace) -> dict[str, Any]:
    folder = base / scale
    say(f"\n== {scale} ==")
    if keep and (folder / "relationships.json").exists():
        say(f"  reusing the demo data in {folder}")
        gen: dict[str, Any] = {"stats": {}, "seconds": None, "peak_mb": None, "reused": True}
    else:
        if folder.exists():
            shutil.rmtree(folder)
        say(f"  generating the {scale} demo data into {folder} …")
        gen = child(["--generate", str(folder), "--scale", scale, "--seed", str(opts.seed)])
        say(
            f"  generated in {gen['seconds']:.0f} s (generator peak memory "
            f"{gen['peak_mb']:,.0f} MB): {gen['stats']}"
        )
    size, files = dir_size(folder)
    gen["bytes"], gen["files"] = size, files
    say(f"  data folder: {size / MB:,.0f} MB in {files:,} files")
    gen["fsync_ms"] = fsync_probe(base)
    gen["load"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    say(
        f"  disk: one 4 KB write + fsync takes {gen['fsync_ms']:.2f} ms (median); "
        f"load average {gen['load'] or 0:.2f}"
    )

    common = ["--scale", scale, "--samples", str(opts.samples), "--seed", str(opts.seed)]
    say("  Tuki (fresh process):")
    tuki = child(
        ["--measure", str(folder), "--part", "tuki", *common, "--alert-samples", str(opts.alerts)]
    )
    say("  stock TinyDB and sqlite3 (fresh process):")
    work = base / f"{scale}-baselines"
    try:
        base_res = child(
            [
                "--measure",
                str(folder),
                "--part",
                "baselines",
                *common,
                "--work",
                str(work),
                "--tinydb-samples",
                str(opts.tinydb_samples),
                "--tinydb-cap",
                str(opts.tinydb_cap),
            ]
        )
        say("  Tuki and sqlite3 side by side, alternating (fresh process):")
        pairs = child(["--measure", str(folder), "--part", "pairs", *common, "--work", str(work)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"scale": scale, "gen": gen, "tuki": tuki, "base": base_res, "pairs": pairs}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: list[dict[str, Any]]) -> None:
    scales = [r["scale"] for r in results]
    by = {r["scale"]: r for r in results}
    nat = by.get("national")

    def row(label: str, cells: list[str], target: str = "", result: str = "") -> str:
        return "| " + " | ".join([label, *cells, target, result]) + " |"

    def cell(scale: str, part: str, key: str, field: str = "median", digits: int = 1) -> str:
        entry = by[scale][part].get(key)
        return fmt(entry[field], digits) if entry else "–"

    say("\n## Storage benchmark\n")
    say(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; data under {results[0]['folder_parent']} "
        f"({results[0]['fs']}); {datetime.now():%Y-%m-%d %H:%M}. "
        "Times in ms; Tuki saves are durable (fsync of file and folder, as in production)."
    )
    say("")
    heads = ["Measure", *scales, "Target (national)", "National"]
    say("| " + " | ".join(heads) + " |")
    say("|" + "|".join(["---", *["---:" for _ in scales], "---", "---"]) + "|")
    say(
        row(
            "Data: relationships / meetings",
            [
                f"{by[s]['tuki']['relationships']:,} / "
                f"{by[s]['gen']['stats'].get('meetings', by[s]['base']['meetings']):,}"
                for s in scales
            ],
        )
    )
    say(row("Data folder size (MB)", [fmt(by[s]["gen"]["bytes"] / MB, 0) for s in scales]))
    say(
        row(
            "Disk: one 4 KB write + fsync, median (ms)",
            [fmt(by[s]["gen"]["fsync_ms"], 2) for s in scales],
        )
    )
    say(
        row(
            "Load average when measuring (1 min)",
            [fmt(by[s]["gen"]["load"], 2) for s in scales],
        )
    )

    # saving: Tuki and sqlite3 measured side by side in one process (part "pairs")
    save_ok = vs_ok = fsync_ok = bytes_ok = None
    if nat:
        pn = nat["pairs"]
        save_ok = pn["save"]["median"] <= SAVE_MAX_MS
        vs_ok = pn["ratio"]["median"] <= SAVE_MAX_VS_SQLITE
        fsync_ok = pn["fsyncs"]["median"] <= SAVE_MAX_FSYNCS
        bytes_ok = pn["bytes"]["median"] <= SAVE_MAX_KB * 1024
    say(
        row(
            "**Save one meeting, Tuki** median",
            [cell(s, "pairs", "save", digits=2) for s in scales],
            f"≤ {SAVE_MAX_MS:.0f} ms",
            verdict(save_ok) if save_ok is not None else "",
        )
    )
    say(row("Save one meeting, Tuki p95", [cell(s, "pairs", "save", "p95", 2) for s in scales]))
    say(
        row(
            "Save one meeting, Tuki, first after opening",
            [fmt(by[s]["tuki"]["save_first_ms"]) for s in scales],
        )
    )
    say(
        row(
            "Save one meeting, sqlite3 (WAL, FULL) median, in the same pairs",
            [cell(s, "pairs", "sqlite_save", digits=2) for s in scales],
        )
    )
    say(
        row(
            "Save one meeting, sqlite3 p95, in the same pairs",
            [cell(s, "pairs", "sqlite_save", "p95", 2) for s in scales],
        )
    )
    say(
        row(
            "**Tuki ÷ sqlite3**, median of the pair ratios",
            [f"{by[s]['pairs']['ratio']['median']:.1f}×" for s in scales],
            f"≤ {SAVE_MAX_VS_SQLITE:.0f}×",
            verdict(vs_ok) if vs_ok is not None else "",
        )
    )
    say(
        row(
            "Tuki ÷ sqlite3, p95 of the pair ratios",
            [f"{by[s]['pairs']['ratio']['p95']:.1f}×" for s in scales],
        )
    )
    say(
        row(
            "**fsyncs per saved meeting**, median (max)",
            [
                f"{by[s]['pairs']['fsyncs']['median']:.0f} ({by[s]['pairs']['fsyncs']['max']:.0f})"
                for s in scales
            ],
            f"≤ {SAVE_MAX_FSYNCS}",
            verdict(fsync_ok) if fsync_ok is not None else "",
        )
    )
    say(
        row(
            "**KB written per saved meeting**, median (mean, max)",
            [
                f"{by[s]['pairs']['bytes']['median'] / 1024:.1f} "
                f"({by[s]['pairs']['bytes']['mean'] / 1024:.1f}, "
                f"{by[s]['pairs']['bytes']['max'] / 1024:.1f})"
                for s in scales
            ],
            f"≤ {SAVE_MAX_KB:.0f} KB",
            verdict(bytes_ok) if bytes_ok is not None else "",
        )
    )
    say(
        row(
            "sqlite3 alone (its own process, for context) median",
            [cell(s, "base", "sqlite_save", digits=2) for s in scales],
        )
    )
    tdb_cells, tdb_p95, tdb_ext = [], [], []
    for s in scales:
        b = by[s]["base"]
        size = f"{b['tinydb_size']:,} meetings, {b['tinydb_bytes'] / MB:,.0f} MB"
        note = f" (capped at {size})" if b["tinydb_capped"] else f" ({size})"
        tdb_cells.append(fmt(b["tinydb_save"]["median"], 0) + note)
        tdb_p95.append(fmt(b["tinydb_save"]["p95"], 0))
        ext = b.get("tinydb_extrapolated_ms")
        tdb_ext.append(f"≈ {ext:,.0f}" if ext else "(measured at full size)")
    say(row("Save one meeting, stock TinyDB median", tdb_cells))
    say(row("Save one meeting, stock TinyDB p95", tdb_p95))
    say(row("Stock TinyDB, extrapolated to all meetings", tdb_ext))

    # listing
    list_ok = nat["tuki"]["list_cold"]["median"] <= LIST_MAX_MS if nat else None
    list_p95_ok = nat["tuki"]["list_cold"]["p95"] <= LIST_MAX_MS if nat else None
    say(
        row(
            "**List one relationship's meetings, cold** median",
            [cell(s, "tuki", "list_cold", digits=2) for s in scales],
            f"≤ {LIST_MAX_MS:.0f} ms",
            verdict(list_ok) if list_ok is not None else "",
        )
    )
    say(
        row(
            "List, cold p95",
            [cell(s, "tuki", "list_cold", "p95", 2) for s in scales],
            f"(≤ {LIST_MAX_MS:.0f} ms)",
            verdict(list_p95_ok) if list_p95_ok is not None else "",
        )
    )
    say(
        row(
            "List, warm median / p95",
            [
                f"{cell(s, 'tuki', 'list_warm', digits=3)} / "
                f"{cell(s, 'tuki', 'list_warm', 'p95', 3)}"
                for s in scales
            ],
        )
    )
    say(
        row(
            "List, sqlite3 (for context) median",
            [cell(s, "base", "sqlite_list", digits=2) for s in scales],
        )
    )

    # alerts
    have_alerts = all(by[s]["tuki"].get("alerts_cold") for s in scales)
    if have_alerts:
        cold_ok = nat["tuki"]["alerts_cold"]["median"] <= ALERTS_MAX_MS if nat else None
        warm_ok = nat["tuki"]["alerts_warm"]["median"] <= ALERTS_MAX_MS if nat else None
        say(
            row(
                "**The day's alerts, cold** (fresh Store) median",
                [cell(s, "tuki", "alerts_cold", digits=0) for s in scales],
                f"≤ {ALERTS_MAX_MS:.0f} ms",
                verdict(cold_ok) if cold_ok is not None else "",
            )
        )
        say(
            row(
                "**The day's alerts, warm** (second call) median",
                [cell(s, "tuki", "alerts_warm", digits=0) for s in scales],
                f"≤ {ALERTS_MAX_MS:.0f} ms",
                verdict(warm_ok) if warm_ok is not None else "",
            )
        )
        say(row("Alerts found", [f"{by[s]['tuki']['alerts_found']:,}" for s in scales]))
    else:
        say(row("The day's alerts", ["not measured (no Store.alerts)" for _ in scales]))

    peak_ok = nat["tuki"]["peak_mb"] <= PEAK_MAX_MB if nat else None
    say(
        row(
            "**Peak memory, Tuki measuring process** (MB)",
            [fmt(by[s]["tuki"]["peak_mb"], 0) for s in scales],
            f"≤ {PEAK_MAX_MB:.0f} MB",
            verdict(peak_ok) if peak_ok is not None else "",
        )
    )
    say(
        row(
            "Peak memory, Tuki, before the alerts (saves + listing)",
            [fmt(by[s]["tuki"]["peak_after_list_mb"], 0) for s in scales],
        )
    )
    say(
        row(
            "Peak memory, demo generation (MB)",
            [fmt(by[s]["gen"].get("peak_mb"), 0) for s in scales],
        )
    )
    say("")
    say(
        "Saving: `store.meetings.log` on random active relationships (one Store; the first save "
        "after opening also loads the relationships and is shown apart), alternating with one "
        "sqlite3 insert in the same process (A B, B A, …); the ratio is the median of the pair "
        "ratios; fsyncs and bytes are the fsync/fdatasync calls and the bytes given to "
        "`os.write` during each save. Stock TinyDB: "
        "`TinyDB(path)` with the default JSONStorage, one table of meetings, `insert` of one "
        "meeting dict (every insert reads and rewrites the whole file). sqlite3: one table "
        "(JSON text + relationship id, indexed), one committed transaction per insert. "
        "Listing: `store.meetings.of(rid)` on a fresh Store (cold) and again (warm). Alerts: "
        "`store.alerts.list(today)` on a fresh Store (cold), then again (warm). Peak memory: "
        "ru_maxrss of a fresh process that only opens the existing folder and measures."
    )
    for s in scales:
        b = by[s]["base"]
        if b["tinydb_capped"]:
            pts = "; ".join(
                f"{p['meetings']:,} meetings ({p['bytes'] / MB:,.0f} MB): median "
                f"{p['median']:,.0f} ms (n={p['n']})"
                for p in b["tinydb_points"]
            )
            say(
                f"\n{s}: the stock TinyDB file was CAPPED at {b['tinydb_size']:,} of "
                f"{b['meetings']:,} meetings. Measured {pts}; extrapolated linearly to all "
                f"{b['meetings']:,} meetings: about {b['tinydb_extrapolated_ms']:,.0f} ms per "
                "insert."
            )
    if nat:
        fails = [
            name
            for name, ok in [
                ("save median", save_ok),
                ("save vs sqlite3", vs_ok),
                ("fsyncs per save", fsync_ok),
                ("bytes per save", bytes_ok),
                ("list cold median", list_ok),
                ("alerts cold", have_alerts and cold_ok),
                ("alerts warm", have_alerts and warm_ok),
                ("peak memory", peak_ok),
            ]
            if not ok
        ]
        say("\nNational targets: " + ("all PASS" if not fails else "FAIL: " + ", ".join(fails)))


def fs_type(path: Path) -> str:
    try:
        best, kind = "", "?"
        with open("/proc/mounts") as mounts:
            for line in mounts:
                parts = line.split()
                mount = parts[1]
                if str(path).startswith(mount) and len(mount) > len(best):
                    best, kind = mount, parts[2]
        return kind
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scales", default="region,national")
    p.add_argument("--samples", type=int, default=200, help="samples per Tuki/sqlite3 figure")
    p.add_argument("--alerts", type=int, default=3, help="cold runs of the day's alerts")
    p.add_argument("--tinydb-samples", type=int, default=5)
    p.add_argument("--tinydb-cap", type=int, default=200_000, help="max meetings in the file")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (reused if there)")
    # internal: the subprocesses
    p.add_argument("--generate", metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument(
        "--part", choices=["tuki", "baselines", "pairs"], default="tuki", help=argparse.SUPPRESS
    )
    p.add_argument("--scale", default="region", help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    p.add_argument("--alert-samples", type=int, default=3, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    opts = p.parse_args(argv)

    if opts.generate or opts.measure:
        if opts.generate:
            res = generate(Path(opts.generate), opts.scale, opts.seed)
        elif opts.part == "tuki":
            res = measure_tuki(Path(opts.measure), opts.samples, opts.alert_samples, opts.seed)
        elif opts.part == "pairs":
            res = measure_pairs(Path(opts.measure), Path(opts.work), opts.samples, opts.seed)
        else:
            work = Path(opts.work or tempfile.mkdtemp(prefix="tuki-bench-"))
            res = measure_baselines(
                Path(opts.measure),
                work,
                opts.samples,
                opts.tinydb_samples,
                opts.tinydb_cap,
                opts.seed,
            )
        res["peak_mb"] = max(res.get("peak_mb") or 0.0, peak_mb())
        if opts.out:
            Path(opts.out).write_text(json.dumps(res, default=str))
        else:
            print(json.dumps(res, indent=2, default=str))
        return

    scales = [s.strip() for s in opts.scales.split(",") if s.strip()]
    for s in scales:
        if s not in ("small", "region", "national"):
            p.error(f"unknown scale {s!r}")
    keep = opts.keep is not None
    base = Path(opts.keep).absolute() if keep else Path(tempfile.mkdtemp(prefix="tuki-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(base).free
    say(f"Data under {base} ({fs_type(base)}, {free / 1024**3:,.0f} GB free)")
    results = []
    try:
        for scale in scales:
            result = run_scale(scale, base, keep, opts)
            result["folder_parent"] = str(base)
            result["fs"] = fs_type(base)
            results.append(result)
            if not keep:
                shutil.rmtree(base / scale, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    report(results)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    if not any(a in sys.argv for a in ("--generate", "--measure")):
        say(f"\n(benchmark took {timedelta(seconds=round(time.perf_counter() - started))})")
