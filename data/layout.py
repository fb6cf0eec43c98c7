"""Where each kind of record lives in the data folder, and the derived meeting index.

```
clients.json  guardians.json  social_workers.json  volunteers.json
relationships.json  concerns.json  settings.json
rel/<relationship id>.json     the relationship's meetings and palaverit (one small shard each)
index/<bucket>.json            per relationship: meeting counts, last meeting, months met
reports/<YYYY-MM>.json         the monthly reports of one month
```

The index is derived from the ``rel/`` shards: it is updated in the same atomic change as the
shard, and ``tuki check --repair`` rebuilds it from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from data.dates import month_key
from data.models import (
    Client,
    Concern,
    Guardian,
    Meeting,
    MonthlyReport,
    Palaveri,
    Record,
    Relationship,
    Settings,
    SocialWorker,
    Volunteer,
)

INDEX_BUCKETS = 64


@dataclass(frozen=True)
class Place:
    file: str
    table: str


FLAT: dict[type[Record], Place] = {
    Client: Place("clients.json", "clients"),
    Guardian: Place("guardians.json", "guardians"),
    SocialWorker: Place("social_workers.json", "social_workers"),
    Volunteer: Place("volunteers.json", "volunteers"),
    Relationship: Place("relationships.json", "relationships"),
    Concern: Place("concerns.json", "concerns"),
    Settings: Place("settings.json", "settings"),
}

MAIN_FILES = tuple(p.file for p in FLAT.values())


def shard(relationship_id: int) -> str:
    return f"rel/{relationship_id}.json"


def index_file(relationship_id: int) -> str:
    return f"index/{relationship_id % INDEX_BUCKETS:02d}.json"


def report_file(month: date) -> str:
    return f"reports/{month_key(month)}.json"


MEETINGS = "meetings"
PALAVERIT = "palaverit"
SUMMARIES = "summaries"
REPORTS = "reports"


@dataclass(frozen=True)
class Summary:
    """What the alerts need to know of one relationship's meetings, without reading them."""

    held: int = 0
    cancelled: int = 0
    last_held: date | None = None
    last: date | None = None
    months: dict[str, tuple[int, int]] | None = None  # "2026-11": (held, cancelled)

    def held_in(self, month: date) -> int:
        return (self.months or {}).get(month_key(month), (0, 0))[0]


def summarise(meetings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The index entry for a shard's meetings (stored form)."""
    held = cancelled = 0
    last_held: str | None = None
    last: str | None = None
    months: dict[str, list[int]] = {}
    for meeting in meetings.values():
        day = meeting["on"]
        counts = months.setdefault(day[:7], [0, 0])
        if meeting["status"] == "held":
            held += 1
            counts[0] += 1
            if last_held is None or day > last_held:
                last_held = day
        else:
            cancelled += 1
            counts[1] += 1
        if last is None or day > last:
            last = day
    return {
        "held": held,
        "cancelled": cancelled,
        "last_held": last_held,
        "last": last,
        "months": dict(sorted(months.items())),
    }


def load_summary(entry: dict[str, Any]) -> Summary:
    return Summary(
        held=entry["held"],
        cancelled=entry["cancelled"],
        last_held=date.fromisoformat(entry["last_held"]) if entry["last_held"] else None,
        last=date.fromisoformat(entry["last"]) if entry["last"] else None,
        months={k: (v[0], v[1]) for k, v in entry["months"].items()},
    )


SHARDED = {Meeting: MEETINGS, Palaveri: PALAVERIT, MonthlyReport: REPORTS}
