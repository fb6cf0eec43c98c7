"""Synthetic, repeatable demo data for one welfare area (Kymenlaakso), at three scales.

``generate(folder, scale=..., seed=..., today=...)`` fills an empty data folder with clients,
guardians, social workers, volunteers at every vetting step, relationships in every state (and
professional services in every phase), meetings, palaverit, monthly reports, concerns and the
programme's settings. Nothing in it is real: names are common Finnish names combined at random,
phone numbers are random, e-mail addresses use the reserved ``.example`` domain.

The same ``seed`` and ``today`` give the same data, byte for byte (apart from the random write
token that the storage engine puts in every file). Only ``random.Random(seed)`` is used. The
clock ("now") is the start of ``today`` when ``today`` is given, else the real clock.

Every case the console must show is present at every scale: a concern nobody has been told
about yet, reviews due, planned ends near, relationships without a meeting for weeks, agreements
with only one or two meetings left, volunteers stuck in vetting, clients who have waited for
long, missing monthly reports.

Volume: the records reach back 18 months at the small scale and 36 months at the bigger ones,
where relationships also last longer and meet more often (two to four times a month with a
volunteer, weekly or more in a professional service), so that region holds about 30,000
meetings and national about 1,000,000.

Speed: records that exist in the millions (meetings, monthly reports) and palaverit are built as
dicts in the exact stored form (``tests/test_demo.py`` checks the form against the models); the
people and relationships go through the models. Files are written with ``Engine.bulk_write`` in
batches, so memory stays small even at national scale.

The rooms: ``plans`` (scales and scenarios), ``content`` (the tables of names, places and
texts), and the generator in layers, each adding one kind of record to the one below:
``base`` (state, stamps, writing), ``people``, ``relationships``, ``activity`` (meetings,
palaverit, reports, concerns) and ``generator`` (the whole run, the index and the settings).
"""

from __future__ import annotations

import gc
import time as clock
from datetime import date, datetime
from pathlib import Path

from data.dates import HELSINKI, now_helsinki
from data.demo.access import demo_views
from data.demo.changes import add_demo_changes
from data.demo.generator import Generator
from data.demo.places import add_places
from data.demo.plans import SCALES, DemoStats, Scale
from data.errors import Refused
from data.storage import Engine

# ----- the entry point ---------------------------------------------------------------------------


def generate(
    folder: str | Path,
    *,
    scale: str = "small",
    seed: int = 1,
    today: date | None = None,
    admin: str | None = None,
) -> DemoStats:
    """Write demo data into ``folder`` (new or empty) and say what was written.

    ``today`` is the day the data is "as of" (default: today in Helsinki); it must not be later
    than the real today, since held meetings and concerns cannot lie in the future. ``admin``:
    the login that runs the demo, made the admin of a demo team (``team.TEAM``: coordinators
    and a reader with made-up logins); without it the folder has no users (nothing enforced).
    """
    started = clock.perf_counter()
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if today is None:
        now = now_helsinki()
        today = now.date()
    else:
        now = datetime(today.year, today.month, today.day, tzinfo=HELSINKI)
    engine = Engine(folder, durable=False, backups=False)
    if engine.files():
        raise Refused(
            "not_empty",
            "The folder {folder} already holds data; write demo data into a new or empty folder.",
            folder=str(engine.folder),
        )
    # Millions of small dicts and no reference cycles: the cyclic collector would only scan
    # them over and over (a third of the time at national scale).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stats = Generator(scale, SCALES[scale], seed, today, now, engine).run()
    finally:
        if collecting:
            gc.enable()
    from data.demo.pairs import add_peer_pair

    add_peer_pair(folder, now)  # a peer pair (seed 003): before the runs, so both are paid
    if scale != "national":  # there three runs over 22 000 relationships take ~50 s
        approve_past_runs(Path(folder), now)
    demo_views(Path(folder), now, seed)  # the access log's last weeks (data/demo/access.py)
    add_places(folder, now)  # meetings' places, peer agreements (data/demo/places.py)
    add_demo_changes(folder, now)  # a few changes for the records' history (data/demo/changes.py)
    from data.demo.retention import add_retention_cases

    add_retention_cases(folder, now)  # cases closed decades ago, for ``tuki retention``
    from data.demo.measures import add_measures_cases

    add_measures_cases(folder, now)  # goals rated and a crisis meeting (data/demo/measures.py)

    from data.demo.contacts import add_work

    add_work(folder, now, seed)  # our thing and the contacts of professional services (issue 16)
    if admin is not None:  # (last: once the folder has users, "demo" may not add records)
        from data.demo.team import set_up_team

        set_up_team(Path(folder), admin, now)
    stats.seconds = round(clock.perf_counter() - started, 2)
    return stats


def approve_past_runs(folder: Path, now: datetime) -> None:
    """The months before last month paid as a programme would have: their runs approved by
    "demo", oldest first, as far back as the unapproved-run alert looks (last month is the
    coordinator's to approve)."""
    from data.dates import add_months, month_start
    from data.store import Store

    store = Store.open(folder, clock=lambda: now)
    back = store.records.settings().thresholds.report_lookback_months
    this_month = month_start(now.date())
    for months_ago in range(back + 1, 1, -1):
        store.payments.approve("demo", add_months(this_month, -months_ago))


__all__ = ["SCALES", "DemoStats", "Scale", "generate"]
