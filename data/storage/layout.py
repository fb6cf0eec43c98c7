"""Where each kind of record lives in the data folder, and the derived meeting index.

```
clients.json  guardians.json  social_workers.json  volunteers.json
relationships.json  concerns.json  settings.json
rel/<relationship id>.json     the relationship's meetings and palaverit (one small shard each)
index/<bucket>.json            per relationship: meeting counts, last meeting, months met,
                               months with a received monthly report
index/relationships.json, index/clients.json, index/volunteers.json
                               compact facts of those records (data/facts.py)
reports/<YYYY-MM>.json         the monthly reports of one month
```

Everything under ``index/`` is derived: it is updated in the same atomic change as the records
it comes from, and ``tuki check --repair`` rebuilds it from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from data.dates import month_key
from data.model.facts import Summary
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
REPORTED = "reported"  # in the index buckets: months with a received monthly report
REPORTS = "reports"


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
        "months": " ".join(f"{k}={h}/{c}" for k, (h, c) in sorted(months.items())),
    }


def load_summary(entry: dict[str, Any]) -> Summary:
    return Summary(
        entry["held"], entry["cancelled"], entry["last_held"], entry["last"], entry["months"]
    )


def reported_entry(months: set[str]) -> dict[str, Any]:
    """The index entry of the months whose report was received (``"2026-09 2026-10"``)."""
    return {"months": " ".join(sorted(months))}


SHARDED = {Meeting: MEETINGS, Palaveri: PALAVERIT, MonthlyReport: REPORTS}
