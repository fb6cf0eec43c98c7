"""What ``tuki check`` found and what each repair did: findings, items and ``repairs.json``.

A ``Finding`` is one problem (or one thing done) with its file, a stable ``code`` and
``params``; the faces word it in the user's language (``check.<code>`` in ``tui/i18n``) and
``message`` is the English wording. An ``Item`` is a record that a repair recovered or that
must be entered again, by kind, id and name. Every repair's items are kept in
``repairs.json`` until a person closes the list (``tuki check --done N``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from data.storage.engine import Engine
from data.storage.files import DamagedFileError
from data.storage.layout import REPAIRS, REPAIRS_TABLE, Reader


@dataclass
class Finding:
    """One problem (or, with ``info``, one thing done that the user should know of)."""

    file: str
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    repaired: bool = False
    info: bool = False

    @property
    def problem(self) -> str:
        return self.message


@dataclass(frozen=True)
class Item:
    """A record that a repair recovered or that must be entered again."""

    kind: str  # client, volunteer, relationship, guardian, social_worker, concern, meeting, …
    ref: str  # its id, or "5-3" for a meeting or palaveri, "5 2026-10" for a monthly report
    name: str  # a name the folder still knows, or ""
    code: str  # what happened: see ITEM_TEXTS
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> str:
        return ITEM_TEXTS[self.code].format(**dict(self.params))

    def as_row(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "name": self.name,
            "code": self.code,
            "params": dict(self.params),
        }

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> Item:
        params = tuple(sorted(dict(row.get("params", {})).items()))
        return cls(row["kind"], row["ref"], row.get("name", ""), row["code"], params)


ITEM_TEXTS = {
    "recovered": "recovered from the index (enter again: {missing})",
    "older": "older than the index remembers it (changed since: {fields})",
    "updated": "changes since the backup recovered from the index ({fields})",
    "vetting_lost": "its vetting step '{step}' of {since} is lost: record it again",
    "missing": "missing from its file; the index remembers it: 'tuki check --repair' recovers it",
    "lost": "lost: enter it again",
    "lost_unknown": "lost, and the index does not remember its details: enter it again",
    "meetings_lost": "{count} meetings lost ({months}): enter them again",
    "report_lost": "the monthly report of {month} is lost: record it again",
    "link_dropped": "pointed at {target} {target_id}, which is lost: link it again",
    "points_at_lost": "points at {target} {target_id}, which is lost",
}


@dataclass
class Report:
    files: int = 0
    records: int = 0
    findings: list[Finding] = field(default_factory=list)
    recovered: list[Item] = field(default_factory=list)
    lost: list[Item] = field(default_factory=list)
    open_repairs: list[dict[str, Any]] = field(default_factory=list)  # repairs.json entries
    # a main file's facts (``facts.row_of``) of the records ``tuki check`` validated, by key:
    # the index's comparison takes them instead of validating each record a second time
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(f.repaired or f.info for f in self.findings)

    def add(
        self, file: str, code: str, message: str, *, repaired: bool = False, **params: Any
    ) -> Finding:
        finding = Finding(file, code, message.format(**params), params, repaired)
        self.findings.append(finding)
        return finding


# ----- repairs.json: what each repair recovered and what waits to be entered again -----------


def listed(reader: Reader) -> set[tuple[str, str, str]]:
    """(kind, ref, code) of every item that a repair has listed, done or not."""
    try:
        rows = reader.table(REPAIRS, REPAIRS_TABLE)
    except DamagedFileError:
        return set()
    return {
        (str(item.get("kind")), str(item.get("ref")), str(item.get("code")))
        for row in rows.values()
        for part in ("recovered", "lost")
        for item in row.get(part, [])
        if isinstance(item, dict)
    }


def open_repairs(engine: Engine) -> list[dict[str, Any]]:
    try:
        rows = engine.table(REPAIRS, REPAIRS_TABLE, strict=False)
    except DamagedFileError:
        return []
    return [
        {**row, "id": int(key)}
        for key, row in sorted(rows.items(), key=lambda kv: int(kv[0]))
        if not row.get("done")
    ]


def mark_done(engine: Engine, repair_id: int, user: str) -> dict[str, Any]:
    """Close a repair's list once everything on it has been entered again."""
    from data.dates import now_helsinki
    from data.errors import NotFound

    with engine.transaction() as tx:
        row = tx.get(REPAIRS, REPAIRS_TABLE, repair_id)
        if row is None:
            raise NotFound("repair", repair_id)
        done = {**row, "done": True, "done_by": user, "done_at": now_helsinki().isoformat()}
        tx.put(REPAIRS, REPAIRS_TABLE, repair_id, done)
    return done
