"""The Lists part: what the console's lists of people show of each, without whole records.

``clients`` gives, per client, the few fields the clients list shows and narrows by (the name,
the birth date, the area, the registration and closing dates, since when the client has waited
and whether a relationship is open), read from the stored rows and the relationships' facts
(validating 10,000 whole clients took half a second at national scale). The answer is kept as
the day's alerts are (``data.storage.kept``: in this process and in the folder's ``cache/``)
under the folder's change token: a console opened after it reads one small file. A stored row
this cannot read (a field missing or not a date) is validated as the whole record, which
refuses it as a list of the records would.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date
from typing import Any

from data.model.facts import ClientFacts, RelFacts
from data.models import Client
from data.rules.alerts import waiting
from data.rules.collation import name_order
from data.storage import paused_gc
from data.storage.kept import Answer, Kept
from data.store.records import Records
from data.store.volunteer_lines import VolunteerLine, VolunteerLines

_fromiso = date.fromisoformat


@dataclass(slots=True)
class ClientLine:
    """One client as the clients list needs them (read-only)."""

    id: int
    first: str
    last: str
    birth: date
    area: str  # the client's area, or the municipality when none is given
    registered_on: date
    closed_on: date | None
    waiting_since: date | None  # as ``data.rules.alerts.waiting`` says; None when closed
    supported: bool  # a relationship of the client is open

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


#: the stored fields a line is read from
FIELDS = ("first_name", "last_name", "birth_date", "area", "municipality", "registered_on")


class Lists:
    def __init__(self, records: Records) -> None:
        self._records = records
        self._clients: Answer[builtins.list[ClientLine]] = Answer(
            Kept(records.engine), "client_lines", records.change_token, _lines, _rows
        )
        self._volunteers = VolunteerLines(records)

    def volunteers(self) -> builtins.list[VolunteerLine]:
        """Every volunteer's line (``volunteer_lines.py``), in the file's order; the same lines
        while the volunteers' file is unchanged: treat them as read-only."""
        return self._volunteers.get()

    def clients(self) -> builtins.list[ClientLine]:
        """Every client's line, in the order every list of people shows them (by surname, then
        first name: ``data.rules.collation.name_order``; then by id). The same list (the same
        object) while nothing in the folder changed: treat it as read-only."""
        return self._clients.get(self.client_lines)

    def client_lines(self) -> builtins.list[ClientLine]:
        """The lines worked out from the stored rows and the relationships' facts (nothing
        kept): what ``clients`` keeps."""
        records = self._records
        by_client: dict[int, builtins.list[RelFacts]] = {}
        for rel in records.relationship_facts().values():
            by_client.setdefault(rel.client_id, []).append(rel)
        rows = records.stored(Client)
        lines = []
        for key, row in rows.items():
            try:
                first, last, birth, area, town, registered = (row[name] for name in FIELDS)
                closed = row.get("closed_on")
                client = ClientFacts(
                    int(key),
                    f"{first} {last}",
                    _fromiso(registered),
                    _fromiso(closed) if closed else None,
                    first,
                    last,
                )
                line = _made(client, _fromiso(birth), area or town, by_client)
                if not (isinstance(first, str) and isinstance(last, str) and line.area):
                    raise ValueError(key)  # not as a valid record stores it
            except (KeyError, TypeError, ValueError):
                valid = records.get(Client, int(key))  # refused here when it is not valid
                client = ClientFacts(
                    valid.id or 0,
                    valid.name,
                    valid.registered_on,
                    valid.closed_on,
                    valid.first_name,
                    valid.last_name,
                )
                line = _made(client, valid.birth_date, valid.area or valid.municipality, by_client)
            lines.append(line)
        lines.sort(key=lambda line: (name_order(line.first, line.last), line.id))
        return lines


def _made(
    client: ClientFacts, birth: date, area: str, by_client: dict[int, builtins.list[RelFacts]]
) -> ClientLine:
    own = by_client.get(client.id, [])
    return ClientLine(
        client.id,
        client.first,
        client.last,
        birth,
        area,
        client.registered_on,
        client.closed_on,
        waiting(client, own),
        any(r.is_open for r in own),
    )


def _row(line: ClientLine) -> builtins.list[Any]:
    """A line as kept (JSON: days as text)."""
    return [
        line.id,
        line.first,
        line.last,
        line.birth.isoformat(),
        line.area,
        line.registered_on.isoformat(),
        line.closed_on and line.closed_on.isoformat(),
        line.waiting_since and line.waiting_since.isoformat(),
        line.supported,
    ]


def _line(row: builtins.list[Any]) -> ClientLine:
    cid, first, last, birth, area, registered, closed, since, supported = row
    if not (isinstance(first, str) and isinstance(last, str) and isinstance(area, str)):
        raise TypeError(cid)
    return ClientLine(
        int(cid),
        first,
        last,
        _fromiso(birth),
        area,
        _fromiso(registered),
        _fromiso(closed) if closed else None,
        _fromiso(since) if since else None,
        bool(supported),
    )


def _lines(kept: builtins.list[Any]) -> builtins.list[ClientLine]:
    with paused_gc():
        return [_line(row) for row in kept]


def _rows(lines: builtins.list[ClientLine]) -> builtins.list[builtins.list[Any]]:
    with paused_gc():
        return [_row(line) for line in lines]
