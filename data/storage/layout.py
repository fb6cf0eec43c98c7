"""Where each kind of record lives in the data folder, and the derived meeting index.

```
clients.json  guardians.json  social_workers.json  volunteers.json
relationships.json  concerns.json  settings.json
rel/<relationship id>.json     the relationship's meetings, palaverit and contacts (one shard each),
                               and what each correction of a meeting or palaveri changed
                               (``history``)
history/<kind>/<NN>.json       what each change of a client, guardian, social worker, volunteer,
                               relationship, concern or the settings changed (table ``history``;
                               NN = id % 64: small files beside the big main ones)
history/monthly_report/<YYYY-MM>.json
                               what each correction of a month's reports changed
index/<bucket>.json            per relationship: meeting counts, last meeting, months met,
                               months with a received monthly report
index/relationships.json, index/clients.json, index/volunteers.json
                               compact facts of those records (data/facts.py)
index/months/<YYYY-MM>/<part>.json
                               per relationship, what a month's list shows of its meetings
                               in that month (months.py)
reports/<YYYY-MM>.json         the monthly reports of one month
counters.json                  the next id of every flat kind, and which files the folder has
repairs.json                   what each ``tuki check --repair`` recovered and what it lost
drafts/<login>.json            one user's unsaved forms (``store.drafts``): beside the register,
                               not part of it (not listed, not watched, not checked)
```

Everything under ``index/`` is derived: it is updated in the same atomic change as the records
it comes from, and ``tuki check --repair`` rebuilds it from them.

Ids are never handed out twice, whatever single file is restored from a backup: each id counter
is kept in two files that no single restore lowers together (the file's own ``_meta`` and
``counters.json`` for the flat kinds; the shard's ``_meta`` and its index bucket, table
``next``, for meetings and palaverit), and a new id is also above every id the file and the
facts index hold. ``counters.json`` also remembers every main file and month of reports the
folder has had, so that a file that is gone is damage, not an empty list (``FolderLayout``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from data.dates import month_key
from data.model.facts import FACT_FILES, FACTS, Summary
from data.model.weekend import days_of
from data.models import (
    Client,
    Concern,
    Guardian,
    Meeting,
    MonthlyReport,
    Palaveri,
    Record,
    Relationship,
    ReportHow,
    Settings,
    SocialWorker,
    Volunteer,
)
from data.storage.aside import ASIDE
from data.storage.aside import CACHE_DIR as CACHE_DIR
from data.storage.aside import DRAFTS_DIR as DRAFTS_DIR

if TYPE_CHECKING:
    from data.storage.interface import EngineLike

INDEX_BUCKETS = 64


class Reader(Protocol):
    """What ``FolderLayout`` reads through: an engine or a transaction."""

    def table(self, rel: str, name: str) -> dict[str, dict[str, Any]]: ...


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
CONTACTS = "contacts"  # in a shard: the contacts with the network (data/model/contact.py)
HISTORY = "history"  # in a shard: what each correction of its records changed (Change)
SUMMARIES = "summaries"
REPORTED = "reported"  # in the index buckets: months with a received monthly report
REPORTS = "reports"
RUNS = "payment_runs"  # in a month's reports file: the month's approved payment run
NEXT = "next"  # in the index buckets: per relationship, the next meeting and palaveri id

COUNTERS = "counters.json"
COUNTERS_TABLE = "counters"
REPAIRS = "repairs.json"
REPAIRS_TABLE = "repairs"
MONTHS = "reports"  # in the counters row: the months that have a reports file

FACTS_OF = {FLAT[model].file: fact_file for model, fact_file in FACT_FILES.items()}
SOURCE_OF = {fact_file: source for source, fact_file in FACTS_OF.items()}
KIND_OF = {place.file: model.kind_name for model, place in FLAT.items()}  # type: ignore[attr-defined]

_SHARD = re.compile(r"rel/([1-9][0-9]{0,9})\.json")
_REPORTS = re.compile(r"reports/([0-9]{4}-[0-9]{2})\.json")
_DRAFTS = re.compile(r"drafts/[A-Za-z0-9_.@-]{1,64}\.json")
HISTORY_DIR = "history"
HISTORY_BUCKETS = 64
_HISTORY = re.compile(
    r"history/(?:(client|guardian|social_worker|volunteer|relationship|concern|settings)/[0-9]{2}"
    r"|monthly_report/[0-9]{4}-(?:0[1-9]|1[0-2]))\.json"
)
_INDEX = re.compile(
    r"index/(?:[0-9]{2}|relationships|clients|volunteers|months/[0-9]{4}-(?:0[1-9]|1[0-2])/[0-7])"
    r"\.json"
)  # months/<YYYY-MM>/<part>.json: the month index (months.py)


DRAFTS = "drafts"  # the table of a drafts file


def drafts_file(user: str) -> str:
    """The file of one user's drafts (a login name: letters, digits, ``. _ @ -``)."""
    return f"{DRAFTS_DIR}/{user}.json"


#: the kinds kept in their relationship's shard, named ``<relationship id>-<id>``
SHARD_KINDS = ("meeting", "palaveri", "contact")


def history_file(kind: str, ref: str) -> str:
    """Where the changes of one record are kept: a meeting's or palaveri's in its relationship's
    shard (``ref`` ``12-3``), a monthly report's beside its month (``ref`` ``12 2026-10``), any
    other kind's in one of 64 small files of its own (``history/client/07.json`` for client 7,
    71, …): a save of a big main file never rewrites a growing history."""
    if kind in SHARD_KINDS:
        return shard(int(ref.split("-")[0]))
    if kind == "monthly_report":
        return f"{HISTORY_DIR}/{kind}/{ref.split()[-1]}.json"
    return f"{HISTORY_DIR}/{kind}/{int(ref) % HISTORY_BUCKETS:02d}.json"


def is_history(rel: str) -> bool:
    """A history file of its own (``history/<kind>/…``; a shard keeps its own table too)."""
    return _HISTORY.fullmatch(rel) is not None


def shard_id(rel: str) -> int | None:
    """The relationship id of ``rel/<id>.json``, else None."""
    found = _SHARD.fullmatch(rel)
    return int(found.group(1)) if found else None


def report_month(rel: str) -> str | None:
    """``2026-10`` of ``reports/2026-10.json``, else None."""
    found = _REPORTS.fullmatch(rel)
    return found.group(1) if found else None


def is_index(rel: str) -> bool:
    return _INDEX.fullmatch(rel) is not None


#: how many of a relationship's newest months with held meetings keep their days in the index
DAY_MONTHS = 3


def summarise(meetings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The index entry for a shard's meetings (stored form). (Run for each of a million
    meetings by ``tuki check``: written for speed, each plain day judged once.)"""
    held = cancelled = 0
    last_held: str | None = None
    last: str | None = None
    months: dict[str, list[int]] = {}
    days: dict[str, set[int]] = {}
    known = DAY_OF
    for meeting in meetings.values():
        day = meeting.get("on")
        status = meeting.get("status")
        if status != "held" and status != "cancelled":
            continue  # a damaged record: ``tuki check`` names it; the summary goes on without it
        number = known.get(day) if type(day) is str else None
        if number is None:
            number = day_number(day)
            if number is None:
                continue
        assert isinstance(day, str)
        month = day[:7]
        counts = months.get(month)
        if counts is None:
            counts = months[month] = [0, 0]
        if status == "held":
            held += 1
            counts[0] += 1
            seen = days.get(month)
            if seen is None:
                days[month] = {number}
            else:
                seen.add(number)
            if last_held is None or day > last_held:
                last_held = day
            until = meeting.get("until")  # a support family's weekend: each of its days
            if until is not None:
                _weekend_days(days, day, until)
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
        # the days of the newest months with held meetings: a month's reports list offers
        # them without reading thousands of shards ("2026-10:4,11,25 2026-11:2")
        "days": " ".join(
            f"{k}:{','.join(map(str, sorted(days[k])))}" for k in sorted(days)[-DAY_MONTHS:]
        ),
    }


def _weekend_days(days: dict[str, set[int]], on: str, until: object) -> None:
    """A weekend's days after its first, each under its month (a damaged last day: none)."""
    try:
        first, last = date.fromisoformat(on), date.fromisoformat(str(until))
    except ValueError:
        return
    for day in days_of(first, last)[1:]:
        days.setdefault(day.isoformat()[:7], set()).add(day.day)


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


DAY_OF: dict[str, int] = {}  # plain days seen (a str each), and their day of the month


def day_number(value: object) -> int | None:
    """A plain stored day's day of the month (``"2026-11-05"``: 5), None when ``value`` is not
    a plain day; a day seen is remembered in ``DAY_OF`` (a few thousand at most)."""
    if not _is_day(value):
        return None
    assert isinstance(value, str)
    number = int(value[8:])
    if type(value) is str:
        if len(DAY_OF) > 100_000:
            DAY_OF.clear()
        DAY_OF[value] = number
    return number


def load_summary(entry: dict[str, Any]) -> Summary:
    return Summary(
        entry["held"],
        entry["cancelled"],
        entry["last_held"],
        entry["last"],
        entry["months"],
        entry.get("days"),  # None: an index written before the days were kept
    )


#: how many of a relationship's newest reported months keep their report's line in the index
#: (what the relationship's page shows of it: at least the months that page lists)
REPORT_LINES = 6

_LOGIN = re.compile(r"[A-Za-z0-9_.@-]*")


def reported_entry(months: set[str], lines: dict[str, str] | None = None) -> dict[str, Any]:
    """The index entry of the months whose report was received (``"2026-09 2026-10"``) and,
    given ``lines`` (month -> ``report_line``), the lines of the newest ``REPORT_LINES`` of
    them (``"2026-10;2,9;2026-11-03;email;anna 2026-09;;2026-10-02;;anna;2;ben;…"``): the
    relationship's page shows them without reading a month's reports file (2.4 MB each at
    national scale)."""
    entry: dict[str, Any] = {"months": " ".join(sorted(months))}
    if lines is not None:
        newest = sorted(months, reverse=True)[:REPORT_LINES]
        entry["lines"] = " ".join(lines.get(m) or m for m in newest)  # only the month: read it
    return entry


def report_line(row: dict[str, Any]) -> str:
    """What the relationship's page shows of a stored monthly report, in one line:
    ``month;days;received;how;created_by`` and, when corrected (version above 1),
    ``;version;changed_by;changed_at``. Only the month when a value is not of the form a saved
    report has (the page then reads the report itself, and names what is wrong with it)."""
    month = row.get("month")
    if not isinstance(month, str) or len(month) != 10 or month[7:] != "-01":
        return ""
    key = month[:7]
    try:
        date.fromisoformat(month)
        days = sorted(set(row.get("days_met") or ()))  # (ISO days sort as the days do)
        for day in days:
            if len(day) != 10 or day[:8] != key + "-":
                return key
            date.fromisoformat(day)
        received, how, version = row["received_on"], row.get("how") or "", row["version"]
        by = [row["created_by"]] + ([row["changed_by"]] if version > 1 else [])
        at = row["changed_at"] if version > 1 else ""
        if (
            len(received) != 10
            or date.fromisoformat(received) is None
            or type(version) is not int
            or how not in _HOW
            or not all(isinstance(b, str) and _LOGIN.fullmatch(b) for b in by)
            or (at and (not _MOMENT.fullmatch(at) or datetime.fromisoformat(at) is None))
        ):
            return key
    except (KeyError, TypeError, ValueError):
        return key
    line = f"{key};{','.join(str(int(d[8:])) for d in days)};{received};{how};{by[0]}"
    if version > 1:
        line += f";{version};{by[1]};{at}"
    return line


_MOMENT = re.compile(r"[0-9T:.+-]+")  # an ISO moment: no space, no ``;``
_HOW = {"", *(h.value for h in ReportHow)}


SHARDED = {Meeting: MEETINGS, Palaveri: PALAVERIT, MonthlyReport: REPORTS}


class FolderLayout:
    """What the engine needs to know of Tuki's layout (``Engine(layout=...)``): which paths a
    journal may name, where each id counter has its second home, and which files the folder is
    known to have had. Everything here reads and writes through the caller's transaction or the
    engine's cached reads."""

    #: folders kept beside the register, not part of it: the users' unsaved drafts and the
    #: values worked out for the next process (``kept.py``: the day's alerts). The engine
    #: leaves them out of ``files()`` (so ``tuki check`` neither reads nor judges them) and out of
    #: ``change_token()`` (a draft saved while typing is no change for the other consoles).
    aside: frozenset[str] = ASIDE

    def known(self, rel: str) -> bool:
        """A path a Tuki data file can have (the journal may name nothing else)."""
        return (
            rel in MAIN_FILES
            or rel in (COUNTERS, REPAIRS)
            or shard_id(rel) is not None
            or report_month(rel) is not None
            or is_index(rel)
            or _DRAFTS.fullmatch(rel) is not None
            or is_history(rel)
        )

    def beside(self, rel: str) -> bool:
        """A history file of its own (``history/<kind>/…``): saved with its record through the
        change log, made empty ahead of its first change (``delta.commit``)."""
        return is_history(rel)

    # ----- id counters --------------------------------------------------------------------------

    def counter_home(self, rel: str, table: str) -> tuple[str, str, int, str] | None:
        """(file, table, row id, key) of the second copy of the id counter of ``rel``/``table``."""
        if rel in KIND_OF and FLAT_TABLES.get(rel) == table:
            return (COUNTERS, COUNTERS_TABLE, 1, rel)
        rid = shard_id(rel)
        if rid is not None and table in (MEETINGS, PALAVERIT, CONTACTS):
            return (index_file(rid), NEXT, rid, table)
        return None

    def floor(self, reader: Reader, rel: str, table: str) -> int:
        """The lowest id that may be handed out for ``rel``/``table``: above every id that the
        facts index holds of that kind."""
        facts = FACTS_OF.get(rel)
        if facts is None or FLAT_TABLES.get(rel) != table:
            return 1
        return max((int(k) for k in reader.table(facts, FACTS)), default=0) + 1

    # ----- which files the folder has had -------------------------------------------------------

    def remembered(self, rel: str) -> bool:
        """Files whose existence ``counters.json`` records when they are first written."""
        return rel in MAIN_FILES or report_month(rel) is not None

    def remember(self, row: dict[str, Any], rel: str) -> dict[str, Any]:
        """The counters row with ``rel`` noted as a file the folder has."""
        month = report_month(rel)
        if month is not None:
            months = set(str(row.get(MONTHS, "")).split())
            return row if month in months else {**row, MONTHS: " ".join(sorted(months | {month}))}
        return row if rel in row else {**row, rel: 1}

    def should_exist(self, engine: EngineLike, rel: str) -> bool:
        """True when ``rel`` is missing although the folder is known to have had it."""
        if rel in (COUNTERS, REPAIRS):
            return False
        row = engine.table(COUNTERS, COUNTERS_TABLE, strict=False).get("1", {})
        month = report_month(rel)
        if month is not None:
            return month in str(row.get(MONTHS, "")).split()
        if rel in MAIN_FILES:
            return rel in row or bool(
                FACTS_OF.get(rel) and engine.table(FACTS_OF[rel], FACTS, strict=False)
            )
        if rel in SOURCE_OF:  # a facts index: its source has records
            return bool(engine.table(SOURCE_OF[rel], FLAT_TABLES[SOURCE_OF[rel]], strict=False))
        rid = shard_id(rel)
        if rid is not None:
            bucket = index_file(rid)
            summary = engine.table(bucket, SUMMARIES, strict=False).get(str(rid))
            counted = bool(summary and (summary.get("held") or summary.get("cancelled")))
            return counted or str(rid) in engine.table(bucket, NEXT, strict=False)
        return False


FLAT_TABLES = {place.file: place.table for place in FLAT.values()}
LAYOUT = FolderLayout()
