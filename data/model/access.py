"""The access log's entries: who looked at which client's data, when, how and from where.

An entry never holds any content of what was seen: only the moment, the login, the client's
id, the kind of view (``AccessView``) and the face it was seen from (``Face``). The entries of
a month are chained: each carries the hash of the one before it (``prev``) and its own hash
over its canonical JSON (``hash``), so that an entry changed or removed afterwards shows
(``data/storage/access_log.py`` keeps them; ``data/storage/access_check.py`` verifies them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import orjson


class AccessView(StrEnum):
    """What kind of view of a client's data an entry records."""

    CLIENT_PAGE = "client_page"  # the console's client page
    RELATIONSHIP_PAGE = "relationship_page"  # the console's relationship page
    MEETING_REPORT = "meeting_report"  # one meeting's report (console)
    CONCERNS = "concerns"  # the concerns list, a concern's page, `tuki concern`/`ls concerns`
    MINUTES = "minutes"  # a palaveri (console) or its minutes written (console, `tuki minutes`)
    SOCIAL_WORKER_REPORT = "social_worker_report"  # the report to the social worker
    CLIENT_LIST = "client_list"  # `tuki ls clients`
    RELATIONSHIP_LIST = "relationship_list"  # `tuki ls relationships`
    MEETING_LIST = "meeting_list"  # `tuki ls meetings`
    MONTHLY_REPORTS = "monthly_reports"  # `tuki report(s)`: the monthly reports listed
    PAYMENTS = "payments"  # `tuki payments`: a payment run naming the relationships
    ACCESS_LOG = "access_log"  # the client's own access log, exported (§ 11 request)
    RETENTION = "retention"  # the client's data anonymised by a retention run (`tuki retention`)
    HISTORY = "history"  # a record's change history (console's h, `tuki history`)
    BACKUP = "backup"  # a copy of the whole folder taken (`tuki backup`): every client
    RESTORE = "restore"  # the folder restored from a copy (`tuki restore`): every client
    CALENDAR = "calendar"  # the calendar written (`tuki calendar`): each client it names
    EXPORT = "export"  # `tuki export`: every client of the folder written to files
    SEARCH = "search"  # the hits of a search of the texts (console, `tuki search`)
    CONTACTS = "contacts"  # a relationship's contacts with the network (`tuki contact list`)
    SUMMARY = "summary"  # the summary of the work done for a period (`tuki summary`, console)


class Face(StrEnum):
    """Where the view was seen from."""

    CONSOLE = "console"
    CLI = "cli"


#: the chain's start: what the very first entry of a folder points back at
START = "0" * 64


@dataclass(frozen=True)
class AccessEntry:
    """One view, as stored (``body`` and ``prev`` hashed into ``hash``)."""

    number: int  # its place in its month file (the TinyDB document id), from 1
    at: datetime
    by: str
    client: int
    view: AccessView | str  # a str when the stored word is unknown to this version
    face: Face | str
    prev: str
    hash: str


def body(at: str, by: str, client: int, view: str, face: str, prev: str) -> dict[str, Any]:
    """The hashed part of an entry, as stored."""
    return {"at": at, "by": by, "client": client, "view": view, "face": face, "prev": prev}


def canonical(row: dict[str, Any]) -> bytes:
    """The canonical JSON of an entry's hashed part: sorted keys, no spaces, UTF-8."""
    return orjson.dumps(
        {k: row.get(k) for k in ("at", "by", "client", "view", "face", "prev")},
        option=orjson.OPT_SORT_KEYS,
    )


def digest(row: dict[str, Any]) -> str:
    """An entry's own hash: sha256 of its canonical JSON."""
    return hashlib.sha256(canonical(row)).hexdigest()


def entry_of(number: int, row: dict[str, Any]) -> AccessEntry:
    """A stored row as an entry (ValueError/KeyError/TypeError when it is not one)."""
    at = datetime.fromisoformat(row["at"])
    if at.tzinfo is None:
        raise ValueError("an entry's moment has no time zone")
    view, face = str(row["view"]), str(row["face"])
    return AccessEntry(
        number,
        at,
        str(row["by"]),
        int(row["client"]),
        _VIEWS.get(view, view),
        _FACES.get(face, face),
        str(row["prev"]),
        str(row["hash"]),
    )


_VIEWS: dict[str, AccessView | str] = {v.value: v for v in AccessView}
_FACES: dict[str, Face | str] = {f.value: f for f in Face}
