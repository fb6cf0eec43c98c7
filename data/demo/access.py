"""The demo's access log: the coordinators' views of the last weeks, so that an admin's
``tuki access-log --client ID`` and the console's log have something to show.

Seeded and small: on each working day of the last ``DAYS`` days, each coordinator opens a few
clients' pages, a relationship page or a meeting report, and now and then lists the clients on
the command line. Only ids, logins and kinds of view, as every entry.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from data.demo.content import COORDINATORS
from data.model.access import AccessView, Face

DAYS = 28
PAGES = (AccessView.CLIENT_PAGE, AccessView.RELATIONSHIP_PAGE, AccessView.MEETING_REPORT)


def demo_views(folder: Path, now: datetime, seed: int) -> int:
    """Log the demo's views into ``folder`` (its clients as the facts index has them), oldest
    first; the number of entries written."""
    from data.store import Store

    store = Store.open(folder, durable=False, clock=lambda: now)
    clients = sorted(store.records.client_facts())
    rng = random.Random(seed)
    views: list[tuple[datetime, str, list[int], AccessView, Face]] = []
    for back in range(DAYS, -1, -1):
        day = now - timedelta(days=back)
        if day.weekday() >= 5 or not clients:
            continue
        for user in COORDINATORS:
            for _ in range(rng.randint(2, 5)):
                moment = day.replace(hour=rng.randint(8, 15), minute=rng.randint(0, 59))
                face = Face.CONSOLE if rng.random() < 0.85 else Face.CLI
                views.append((moment, user, [rng.choice(clients)], rng.choice(PAGES), face))
            if rng.random() < 0.1 and len(clients) <= 1000:  # `tuki ls clients` now and then
                moment = day.replace(hour=16, minute=rng.randint(0, 59))
                views.append((moment, user, clients, AccessView.CLIENT_LIST, Face.CLI))
    rows = [
        (moment.isoformat(), user, client, view.value, face.value)
        for moment, user, ids, view, face in sorted(views, key=lambda v: v[0])
        if moment <= now
        for client in ids
    ]
    written = 0
    with store.engine.transaction():  # each month's entries in one append (a fast demo)
        for month in sorted({row[0][:7] for row in rows}):
            written += store.access.log.append(month, (r for r in rows if r[0][:7] == month))
    return written
