"""The month index: each month's meetings as the lists show them, without reading the shards.

``index/months/<YYYY-MM>/<part>.json`` (table ``listed``, 8 parts by relationship id) holds,
per relationship that met in the month, what ``tuki ls meetings --month`` prints of each of its
meetings there, in the shard's order: ``{"m": [[id, day of month, status, cancel reason,
activity], …]}`` (about 40 bytes a meeting: a national month of 27,000 meetings is 1.1 MB in
8 files, where its shards are 172 MB). A month's listing reads the summaries (which
relationships met in the month, and how many times) and these files; a relationship whose entry
is missing or does not hold the summary's count of meetings is read from its shard as before,
so a folder written before this index (or one whose month file is lost) lists the same meetings,
only slower, until ``tuki check --repair`` builds it.

Why the shown fields, not the ids nor the whole records: with the ids of each month's meetings
the list would still parse the shards that hold them (172 MB, over 1 s of parsing alone); whole
records (600 bytes a meeting) would copy the million meetings of a national folder once more
(600 MB) and still need validating 27,000 models. ``--json`` gives every record whole: it reads
the shards (``Meetings.in_month``).

Written in the same change as the shard (``update``, through the change log like every file
under ``index/``), checked by ``tuki check`` against the shards (``fingerprint`` per shard,
``differences``) and rebuilt by the repair (``rebuild``).

A month in which a meeting's shown fields are not of their plain stored form (a day that is not
a day, a status that is neither held nor cancelled, a reason that does not fit the status, an
id or relationship that is not the shard's …) has no entry for that relationship, nor has any
month of a shard with a meeting whose day is not a plain day: those are read from the shard,
where validation names the damage, exactly as before. The other fields of a meeting (its
report, costs, …) are not shown and not checked here (``tuki check`` validates every record).
A support family's weekend keeps its last day as a sixth value (``"2026-11-15"``), which the
other meetings do not have (a few weekends a month of the families: 13 bytes each).
"""

from __future__ import annotations

import re
import zlib
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from data.model.base import MAX_ID
from data.models import CancelReason
from data.storage.files import Table
from data.storage.layout import DAY_OF, MEETINGS, day_number, shard, shard_id

if TYPE_CHECKING:
    from data.storage.interface import EngineLike
    from data.storage.transaction import Transaction

MONTHS_DIR = "index/months"
PARTS = 8
LISTED = "listed"  # the table of a month file: relationship id -> {"m": [[…], …]}

_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")
_FILE = re.compile(r"index/months/([0-9]{4}-(?:0[1-9]|1[0-2]))/([0-7])\.json")
_REASONS = {r.value: r for r in CancelReason}
_SHORT = 200  # ShortText's longest


def month_file(month: str, relationship_id: int) -> str:
    """``index/months/2026-11/3.json``: the part of ``month`` that holds the relationship."""
    return f"{MONTHS_DIR}/{month}/{relationship_id % PARTS}.json"


def month_files(month: str) -> list[str]:
    return [f"{MONTHS_DIR}/{month}/{part}.json" for part in range(PARTS)]


def is_month_file(rel: str) -> bool:
    return _FILE.fullmatch(rel) is not None


def _of_file(rel: str) -> tuple[str, int] | None:
    found = _FILE.fullmatch(rel)
    return (found.group(1), int(found.group(2))) if found else None


# ----- what the index holds of a shard ----------------------------------------------------------


def entries(rid: int, rows: Table) -> dict[str, dict[str, Any]]:
    """Each month's entry of one shard's meetings (``rows``), in the shard's order: none for a
    month with a meeting not of plain form, none at all when a day is not a plain day. (Run
    for each of a million meetings by ``tuki check``: written for speed.)"""
    found: dict[str, list[list[Any]]] = {}
    odd: set[str] = set()
    days = DAY_OF
    for row in rows.values():
        day = row.get("on") if type(row) is dict else None
        if type(day) is not str:
            return {}
        number = days.get(day)
        if number is None:
            number = day_number(day)
            if number is None:
                return {}
        mid, status, activity = row.get("id"), row.get("status"), row.get("activity")
        reason = row.get("cancel_reason")
        rel = row.get("relationship_id")
        if (
            type(mid) is int
            and 1 <= mid <= MAX_ID
            and rel == rid
            and type(rel) is int
            and type(activity) is str
            and len(activity) <= _SHORT
            and (
                reason is None
                if status == "held"
                else status == "cancelled" and reason in _REASONS and _noted(reason, row)
            )
        ):
            until = row.get("until")
            if until is None:
                found.setdefault(day[:7], []).append([mid, number, status, reason, activity])
            elif type(until) is str and day_number(until) is not None and until > day:
                found.setdefault(day[:7], []).append([mid, number, status, reason, activity, until])
            else:
                odd.add(day[:7])
        else:
            odd.add(day[:7])
    return {month: {"m": shown} for month, shown in found.items() if month not in odd}


def _noted(reason: str, row: dict[str, Any]) -> bool:
    """A cancellation for another reason says why (as the model requires)."""
    if reason != "other":
        return True
    note = row.get("cancel_note")
    return type(note) is str and bool(note.strip())


def _crc(entry: Any) -> str:
    return f"{zlib.crc32(orjson.dumps(entry)):08x}"


def fingerprint(rid: int, rows: Table) -> str:
    """The entries a shard should have, small: ``"2026-10:1a2b3c4d 2026-11:…"`` (month and a
    checksum of its entry), what ``tuki check`` keeps of each of 22,000 shards."""
    return " ".join(f"{m}:{_crc(e)}" for m, e in sorted(entries(rid, rows).items()))


# ----- reading ----------------------------------------------------------------------------------


class Listed:
    """A meeting as a month's list shows it (what ``Meeting`` has of it, unvalidated)."""

    __slots__ = ("activity", "cancel_reason", "held", "id", "on", "relationship_id", "until")

    def __init__(
        self,
        relationship_id: int,
        meeting_id: int,
        on: date,
        held: bool,
        cancel_reason: CancelReason | None,
        activity: str,
        until: date | None = None,
    ) -> None:
        self.relationship_id = relationship_id
        self.id = meeting_id
        self.on = on
        self.held = held
        self.cancel_reason = cancel_reason
        self.activity = activity
        self.until = until

    @property
    def ref(self) -> str:
        return f"{self.relationship_id}-{self.id}"


def listed(rid: int, month: date, entry: Any, counts: tuple[int, int]) -> list[Listed] | None:
    """The meetings of one entry of ``month``'s index, or None when the entry is missing, not of
    its form or does not hold the summary's ``counts`` (held, cancelled): then the shard is
    read. (The counts also catch a save by a Tuki from before the index, which changes the
    summary but not the entry.)"""
    if not isinstance(entry, dict):
        return None
    shown = entry.get("m")
    if not isinstance(shown, list) or len(shown) != counts[0] + counts[1]:
        return None
    out = []
    try:
        for item in shown:
            if len(item) == 6:  # a weekend, with its last day
                mid, day, status, reason, activity, last = item
                until = date.fromisoformat(last) if type(last) is str else None
            else:
                mid, day, status, reason, activity = item
                until = None
            if type(mid) is not int or type(day) is not int or type(activity) is not str:
                return None
            if status == "held" and reason is None:
                cancel = None
            elif status == "cancelled" and reason in _REASONS:
                cancel = _REASONS[reason]
            else:
                return None
            on = month.replace(day=day)
            if until is not None and until <= on:
                return None
            out.append(Listed(rid, mid, on, cancel is None, cancel, activity, until))
    except (TypeError, ValueError):  # not five or six values, or a day the month lacks
        return None
    return out if sum(m.held for m in out) == counts[0] else None


# ----- writing, inside the caller's transaction -------------------------------------------------


def update(tx: Transaction, rid: int, rows: Table, before: Table) -> None:
    """Bring the index up to date with a change of one shard's meetings (``before`` -> ``rows``):
    the entries of the months of the meetings that changed, as they were and as they are."""
    months: set[str] = set()
    for key in rows.keys() | before.keys():
        new, old = rows.get(key), before.get(key)
        if new is old or new == old:
            continue
        for row in (new, old):
            day = row.get("on") if isinstance(row, dict) else None
            if isinstance(day, str) and _MONTH.fullmatch(day[:7]):
                months.add(day[:7])
    if not months:
        return
    now = entries(rid, rows)
    for month in sorted(months):
        rel = month_file(month, rid)
        want, have = now.get(month), tx.get(rel, LISTED, rid)
        if want == have:
            continue
        if want is None:
            tx.remove(rel, LISTED, rid)
        else:
            tx.put(rel, LISTED, rid, want)


# ----- checking and rebuilding -------------------------------------------------------------------


def _shards(engine: EngineLike) -> list[tuple[int, str]]:
    return [(rid, rel) for rel in engine.files("rel") if (rid := shard_id(rel)) is not None]


def _forget(engine: EngineLike, rel: str) -> None:
    forget = getattr(engine, "forget", None)  # the folder's engine: not every shard kept
    if forget is not None:
        forget(rel)


def _stored_files(engine: EngineLike) -> list[str]:
    return [rel for rel in engine.files(MONTHS_DIR) if is_month_file(rel)]


def checksums(rows: Table) -> str:
    """A month file's entries, small: ``"12:1a2b3c4d 20:…"`` (relationship id and a checksum)."""
    return " ".join(f"{key}:{_crc(entry)}" for key, entry in rows.items())


def differences(
    engine: EngineLike, prints: dict[int, str] | None = None, stored: dict[str, str] | None = None
) -> list[str]:
    """The entries of the month index that differ from what the shards say. ``prints``: every
    shard's ``fingerprint``, and ``stored``: every month file's ``checksums``, when the caller
    has just read them all (``tuki check``: no file is parsed twice)."""
    return [f"{rel} {LISTED} {key}" for rel, key in _stale(engine, prints, stored)]


def _stale(
    engine: EngineLike, prints: dict[int, str] | None, stored: dict[str, str] | None
) -> list[tuple[str, str]]:
    """(month file, relationship id) of every entry that differs from what the shards say."""
    if prints is None:
        prints = {}
        for rid, rel in _shards(engine):
            prints[rid] = fingerprint(rid, engine.table(rel, MEETINGS))
            _forget(engine, rel)
    if stored is None:
        stored = {}
        for rel in _stored_files(engine):
            stored[rel] = checksums(engine.table(rel, LISTED))
            _forget(engine, rel)
    by_part: dict[tuple[str, int], list[str]] = {}  # (month, part) -> "rid:crc" of its entries
    for rid, p in prints.items():
        part = rid % PARTS
        for item in p.split():  # "2026-11:1a2b3c4d"
            held = by_part.get((item[:7], part))
            if held is None:
                held = by_part[item[:7], part] = []
            held.append(f"{rid}{item[7:]}")
    # month file -> the entries it should hold
    want = {f"{MONTHS_DIR}/{month}/{part}.json": held for (month, part), held in by_part.items()}
    found: list[tuple[str, str]] = []
    for rel in sorted(want.keys() | stored.keys()):
        expected, have = set(want.get(rel, ())), set(stored.get(rel, "").split())
        if expected != have:
            keys = {item.rsplit(":", 1)[0] for item in expected ^ have}
            found += [(rel, key) for key in sorted(keys, key=lambda k: (len(k), k))]
    return found


def rebuild(engine: EngineLike, prints: dict[int, str] | None = None) -> int:
    """Bring every entry that differs from what the shards say up to date; how many changed.
    Only the shards of those relationships are read again, under the lock, a part at a time
    (``prints``: every shard's ``fingerprint`` when the caller has just read them all)."""
    stale: dict[int, set[str]] = {}
    for rel, key in _stale(engine, prints, None):
        if key.isascii() and key.isdigit():  # (the index writes no other key)
            stale.setdefault(int(key), set()).add(rel)
    changed = 0
    for part in range(PARTS):
        rids = sorted(rid for rid in stale if rid % PARTS == part)
        if not rids:
            continue
        with engine.transaction() as tx:
            for rid in rids:
                fresh = entries(rid, engine.table(shard(rid), MEETINGS, strict=False))
                _forget(engine, shard(rid))
                for rel in sorted(stale[rid] | {month_file(m, rid) for m in fresh}):
                    of = _of_file(rel)
                    want = fresh.get(of[0]) if of is not None else None
                    if want == tx.get(rel, LISTED, rid):
                        continue
                    changed += 1
                    if want is None:
                        tx.remove(rel, LISTED, rid)
                    else:
                        tx.put(rel, LISTED, rid, want)
    return changed
