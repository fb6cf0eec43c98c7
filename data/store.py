"""The service API: the one object the console, the command line, the tests and the benchmarks use.

Every call that changes something names the acting user (the login name); the store stamps
who created and who last changed each record, and when. Nothing here prints or prompts.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from data import rules
from data.dates import fi_date, month_key, month_start, now_helsinki
from data.errors import ConflictError, NotFound, Refused, TukiError, describe
from data.layout import (
    FLAT,
    INDEX_BUCKETS,
    MEETINGS,
    PALAVERIT,
    REPORTS,
    SUMMARIES,
    Summary,
    index_file,
    load_summary,
    report_file,
    shard,
    summarise,
)
from data.models import (
    TRANSITIONS,
    Client,
    ClientKind,
    Concern,
    EndReason,
    FollowUp,
    Guardian,
    Meeting,
    MonthlyReport,
    Notification,
    Palaveri,
    Record,
    Relationship,
    Settings,
    SocialWorker,
    State,
    StateChange,
    VettingStep,
    Volunteer,
    VolunteerKind,
)
from data.rules import AlertInput
from data.storage import Engine, Transaction

R = TypeVar("R", bound=Record)

_LOGIN_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def _check_user(user: str) -> str:
    if not _LOGIN_RE.match(user or ""):
        raise Refused(
            "bad_user", "The acting user must be a login name (letters, digits, . _ @ -)."
        )
    return user


def validate(model: type[R], data: dict[str, Any]) -> R:
    """Build a model from data, turning pydantic's error into a plain refusal."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Refused("invalid", "{problems}", problems=describe(exc)) from None


class Store:
    """All records of one data folder."""

    def __init__(self, folder: str | Path, *, durable: bool = True, create: bool = True) -> None:
        self.engine = Engine(folder, durable=durable, create=create)
        self.folder = self.engine.folder
        self._models: dict[tuple[str, str], tuple[object, builtins.list[Any]]] = {}

    # ----- reading ------------------------------------------------------------------------

    def _table_models(self, rel: str, table: str, model: type[R]) -> builtins.list[R]:
        """Validated models of one table, cached for as long as the file is unchanged."""
        rows = self.engine.table(rel, table)
        key = (rel, table)
        cached = self._models.get(key)
        if cached is not None and cached[0] is rows:
            return list(cached[1])
        items = [model.model_validate(row) for row in rows.values()]
        self._models[key] = (rows, items)
        return list(items)

    def list(self, model: type[R]) -> builtins.list[R]:
        place = FLAT[model]
        return self._table_models(place.file, place.table, model)

    def get(self, model: type[R], record_id: int) -> R:
        place = FLAT[model]
        row = self.engine.table(place.file, place.table).get(str(record_id))
        if row is None:
            raise NotFound(model.kind_name, record_id)  # type: ignore[attr-defined]
        return model.model_validate(row)

    def find(self, model: type[R], record_id: int) -> R | None:
        try:
            return self.get(model, record_id)
        except NotFound:
            return None

    def search(self, model: type[R], text: str, *, limit: int | None = None) -> builtins.list[R]:
        """Records whose name (or, for relationships, either party's name) contains every word."""
        words = text.casefold().split()
        if model is Relationship:
            names = {c.id: c.name for c in self.list(Client)}
            names_v = {v.id: v.name for v in self.list(Volunteer)}

            def hay(r: Any) -> str:
                return f"{r.id} {names.get(r.client_id, '')} {names_v.get(r.volunteer_id, '')}"
        else:

            def hay(r: Any) -> str:
                return f"{r.id} {getattr(r, 'name', '')}"

        found = [r for r in self.list(model) if all(w in hay(r).casefold() for w in words)]
        return found[:limit] if limit else found

    def settings(self) -> Settings:
        rows = self.engine.table("settings.json", "settings")
        return Settings.model_validate(rows["1"]) if "1" in rows else Settings()

    # ----- generic writing ----------------------------------------------------------------

    def _stamp_new(self, record: R, user: str, record_id: int, now: datetime) -> dict[str, Any]:
        data = record.model_dump(mode="json", by_alias=True)
        data.update(
            id=record_id,
            version=1,
            created_by=user,
            created_at=now.isoformat(),
            changed_by=user,
            changed_at=now.isoformat(),
        )
        return data

    def _stamp_change(
        self, model: type[R], stored: dict[str, Any], record: R, user: str, ref: object
    ) -> dict[str, Any]:
        if stored["version"] != record.version:
            mine = record.content()
            theirs = model.model_validate(stored)
            fields = [k for k, v in theirs.content().items() if mine.get(k) != v]
            raise ConflictError(
                model.kind_name,  # type: ignore[attr-defined]
                ref,
                record.version,
                stored["version"],
                stored.get("changed_by", ""),
                theirs.changed_at,
                fields,
                stored,
            )
        data = record.model_dump(mode="json", by_alias=True)
        data.update(
            id=stored["id"],
            version=stored["version"] + 1,
            created_by=stored.get("created_by", ""),
            created_at=stored.get("created_at"),
            changed_by=user,
            changed_at=now_helsinki().isoformat(),
        )
        return data

    def add(self, user: str, record: R) -> R:
        """Store a new record of a flat kind (client, guardian, volunteer, …) and return it."""
        _check_user(user)
        model = type(record)
        place = FLAT[model]
        with self.engine.transaction() as tx:
            self._check_links(tx, record)
            new_id = tx.next_id(place.file, place.table)
            data = self._stamp_new(record, user, new_id, now_helsinki())
            stored = validate(model, data)
            tx.put(place.file, place.table, new_id, data)
        return stored

    def update(self, user: str, record: R) -> R:
        """Save an edited record; refused with a conflict if someone saved it meanwhile."""
        _check_user(user)
        model = type(record)
        if record.id is None:
            raise Refused("no_id", "This record has not been saved yet; add it instead.")
        place = FLAT[model]
        with self.engine.transaction() as tx:
            stored = tx.get(place.file, place.table, record.id)
            if stored is None:
                raise NotFound(model.kind_name, record.id)  # type: ignore[attr-defined]
            self._check_links(tx, record)
            data = self._stamp_change(model, stored, record, user, record.id)
            result = validate(model, data)
            tx.put(place.file, place.table, record.id, data)
        return result

    def change(
        self, user: str, model: type[R], record_id: int, version: int, edit: Callable[[R], R]
    ) -> R:
        """Load, edit with ``edit(record) -> record`` and save, in one locked step."""
        with self.engine.transaction():
            record = self.get(model, record_id)
            if record.version != version:
                record = record.model_copy(update={"version": version})
            return self.update(user, edit(record))

    def _check_links(self, tx: Transaction, record: Record) -> None:
        """Refuse a record that points at a person or relationship that does not exist."""
        links: builtins.list[tuple[type[Record], int | None]] = []
        if isinstance(record, Client):
            links += [(Guardian, g) for g in record.guardian_ids]
            links.append((SocialWorker, record.social_worker_id))
        elif isinstance(record, Relationship):
            links += [(Client, record.client_id), (Volunteer, record.volunteer_id)]
        elif isinstance(record, Concern):
            links += [(Client, record.client_id), (Relationship, record.relationship_id)]
        for model, ref in links:
            if ref is None:
                continue
            place = FLAT[model]
            if tx.get(place.file, place.table, ref) is None:
                raise NotFound(model.kind_name, ref)  # type: ignore[attr-defined]

    def save_settings(self, user: str, settings: Settings) -> Settings:
        _check_user(user)
        with self.engine.transaction() as tx:
            stored = tx.get("settings.json", "settings", 1)
            now = now_helsinki()
            if stored is None:
                data = self._stamp_new(settings, user, 1, now)
            else:
                data = self._stamp_change(Settings, stored, settings, user, 1)
            result = validate(Settings, data)
            tx.put("settings.json", "settings", 1, data)
        return result

    # ----- volunteers ----------------------------------------------------------------------

    def add_vetting_step(
        self, user: str, volunteer_id: int, version: int, step: VettingStep
    ) -> Volunteer:
        """Record the next vetting step (validated against the pipeline's order and rules)."""

        def edit(v: Volunteer) -> Volunteer:
            return validate(
                Volunteer,
                {
                    **v.model_dump(mode="json"),
                    "vetting": [
                        *v.model_dump(mode="json")["vetting"],
                        step.model_dump(mode="json"),
                    ],
                },
            )

        return self.change(user, Volunteer, volunteer_id, version, edit)

    # ----- relationships -----------------------------------------------------------------

    def propose(
        self, user: str, relationship: Relationship, on: date | None = None
    ) -> Relationship:
        """Create a relationship in state 'proposed' after checking the pair may be matched."""
        with self.engine.transaction():
            client = self.get(Client, relationship.client_id)
            volunteer = self.get(Volunteer, relationship.volunteer_id)
            if not volunteer.approved:
                raise Refused(
                    "not_approved",
                    "{name} has not been approved as a support person yet.",
                    name=volunteer.name,
                )
            wants_peer = client.kind is ClientKind.PARENT
            if wants_peer != (volunteer.kind is VolunteerKind.PEER):
                raise Refused(
                    "kind_mismatch",
                    "A parent is supported by a peer support person; a child by a volunteer, "
                    "a professional or a support family.",
                )
            busy = [
                r for r in self.list(Relationship) if r.volunteer_id == volunteer.id and r.is_open
            ]
            if len(busy) >= volunteer.capacity:
                raise Refused(
                    "no_capacity",
                    "{name} already supports {n} (capacity {cap}).",
                    name=volunteer.name,
                    n=len(busy),
                    cap=volunteer.capacity,
                )
            today = on or now_helsinki().date()
            relationship = relationship.model_copy(
                update={
                    "state": State.PROPOSED,
                    "service": volunteer.kind,
                    "history": [StateChange(state=State.PROPOSED, on=today, by=user)],
                }
            )
            return self.add(user, relationship)

    def set_state(
        self, user: str, relationship_id: int, version: int, state: State, on: date, note: str = ""
    ) -> Relationship:
        """Move a relationship to another state (ending goes through ``end``)."""
        if state is State.ENDED:
            raise Refused("use_end", "Use 'end' with a reason to end a relationship.")

        def edit(r: Relationship) -> Relationship:
            _check_transition(r, state, on)
            history = [*r.history, StateChange(state=state, on=on, by=user, note=note)]
            return r.model_copy(update={"state": state, "history": history})

        return self.change(user, Relationship, relationship_id, version, edit)

    def end(
        self,
        user: str,
        relationship_id: int,
        version: int,
        on: date,
        reason: EndReason,
        note: str = "",
    ) -> Relationship:
        def edit(r: Relationship) -> Relationship:
            _check_transition(r, State.ENDED, on)
            history = [*r.history, StateChange(state=State.ENDED, on=on, by=user, note=note)]
            data = {
                **r.model_dump(mode="json"),
                "state": "ended",
                "ended_on": on.isoformat(),
                "end_reason": reason.value,
                "end_note": note,
                "history": [h.model_dump(mode="json") for h in history],
            }
            return validate(Relationship, data)

        return self.change(user, Relationship, relationship_id, version, edit)

    # ----- meetings ------------------------------------------------------------------------

    def meetings(self, relationship_id: int) -> builtins.list[Meeting]:
        """One relationship's meetings, oldest first (reads only its own shard)."""
        items = self._table_models(shard(relationship_id), MEETINGS, Meeting)
        return sorted(items, key=lambda m: (m.on, m.start or datetime.min.time(), m.id or 0))

    def summaries(self) -> dict[int, Summary]:
        """Every relationship's meeting summary, from the small index files."""
        out: dict[int, Summary] = {}
        for bucket in range(INDEX_BUCKETS):
            rows = self.engine.table(f"index/{bucket:02d}.json", SUMMARIES)
            for key, entry in rows.items():
                out[int(key)] = load_summary(entry)
        return out

    def summary(self, relationship_id: int) -> Summary:
        entry = self.engine.table(index_file(relationship_id), SUMMARIES).get(str(relationship_id))
        return load_summary(entry) if entry else Summary()

    def meetings_in_month(self, month: date) -> builtins.list[Meeting]:
        """One month's meetings: the index names the relationships, only their shards are read."""
        key = month_start(month).isoformat()[:7]
        ids = [rid for rid, s in self.summaries().items() if s.months and key in s.months]
        return [m for rid in ids for m in self.meetings(rid) if m.on.isoformat()[:7] == key]

    def log_meeting(self, user: str, meeting: Meeting) -> Meeting:
        """Log a held or cancelled meeting.

        Refused past the agreement's maximum unless ``over_max_reason`` is given.
        """
        _check_user(user)
        rid = meeting.relationship_id
        with self.engine.transaction() as tx:
            rel_row = tx.get("relationships.json", "relationships", rid)
            if rel_row is None:
                raise NotFound("relationship", rid)
            relationship = Relationship.model_validate(rel_row)
            self._check_meeting(tx, relationship, meeting)
            new_id = tx.next_id(shard(rid), MEETINGS)
            data = self._stamp_new(meeting, user, new_id, now_helsinki())
            stored = validate(Meeting, data)
            tx.put(shard(rid), MEETINGS, new_id, data)
            self._reindex(tx, rid)
            if relationship.state is State.STARTING and stored.held:
                history = [
                    *relationship.history,
                    StateChange(
                        state=State.ACTIVE, on=stored.on, by=user, note="first meeting held"
                    ),
                ]
                self.update(
                    user,
                    relationship.model_copy(update={"state": State.ACTIVE, "history": history}),
                )
        return stored

    def update_meeting(self, user: str, meeting: Meeting) -> Meeting:
        _check_user(user)
        rid = meeting.relationship_id
        if meeting.id is None:
            raise Refused("no_id", "This meeting has not been logged yet.")
        with self.engine.transaction() as tx:
            stored = tx.get(shard(rid), MEETINGS, meeting.id)
            if stored is None:
                raise NotFound("meeting", meeting.ref)
            relationship = self.get(Relationship, rid)
            self._check_meeting(tx, relationship, meeting, replacing=meeting.id)
            data = self._stamp_change(Meeting, stored, meeting, user, meeting.ref)
            result = validate(Meeting, data)
            tx.put(shard(rid), MEETINGS, meeting.id, data)
            self._reindex(tx, rid)
        return result

    def _check_meeting(
        self,
        tx: Transaction,
        relationship: Relationship,
        meeting: Meeting,
        replacing: int | None = None,
    ) -> None:
        if relationship.state is State.PROPOSED or relationship.agreement is None:
            raise Refused(
                "not_started", "The relationship has not started; hold the start meeting first."
            )
        agreement = relationship.agreement
        if meeting.on < agreement.start:
            raise Refused(
                "before_start",
                "The meeting is before the agreement's start ({start}).",
                start=fi_date(agreement.start),
            )
        if relationship.ended_on is not None and meeting.on > relationship.ended_on:
            raise Refused("after_end", "The relationship ended before this date.")
        if meeting.held and not meeting.over_max_reason.strip():
            rows = tx.table(shard(relationship.id or 0), MEETINGS)
            held = sum(1 for k, m in rows.items() if m["status"] == "held" and int(k) != replacing)
            if held + 1 > agreement.max_meetings:
                raise Refused(
                    "over_max",
                    "This would be meeting {n} of an agreement that allows {max}. Give a reason "
                    "to log it anyway, or agree more meetings in a review.",
                    n=held + 1,
                    max=agreement.max_meetings,
                )

    def _reindex(self, tx: Transaction, relationship_id: int) -> None:
        rows = tx.table(shard(relationship_id), MEETINGS)
        tx.put(index_file(relationship_id), SUMMARIES, relationship_id, summarise(rows))

    # ----- concerns ------------------------------------------------------------------------

    def raise_concern(self, user: str, concern: Concern) -> Concern:
        return self.add(user, concern)

    def notify_concern(
        self, user: str, concern_id: int, version: int, notification: Notification
    ) -> Concern:
        def edit(c: Concern) -> Concern:
            data = c.model_dump(mode="json")
            data["notifications"].append(notification.model_dump(mode="json"))
            return validate(Concern, data)

        return self.change(user, Concern, concern_id, version, edit)

    def mark_welfare_notification(
        self, user: str, concern_id: int, version: int, at: datetime
    ) -> Concern:
        def edit(c: Concern) -> Concern:
            return validate(
                Concern,
                {
                    **c.model_dump(mode="json"),
                    "welfare_notification": True,
                    "welfare_notification_at": at.isoformat(),
                },
            )

        return self.change(user, Concern, concern_id, version, edit)

    def follow_up_concern(
        self, user: str, concern_id: int, version: int, follow_up: FollowUp
    ) -> Concern:
        def edit(c: Concern) -> Concern:
            data = c.model_dump(mode="json")
            data["follow_ups"].append(follow_up.model_dump(mode="json"))
            return validate(Concern, data)

        return self.change(user, Concern, concern_id, version, edit)

    def close_concern(
        self, user: str, concern_id: int, version: int, at: datetime, note: str
    ) -> Concern:
        def edit(c: Concern) -> Concern:
            if c.closed_at is not None:
                raise Refused("closed", "This concern is already closed.")
            return validate(
                Concern,
                {
                    **c.model_dump(mode="json"),
                    "closed_at": at.isoformat(),
                    "closed_by": user,
                    "closing_note": note,
                },
            )

        return self.change(user, Concern, concern_id, version, edit)

    # ----- monthly reports and palaverit -------------------------------------------------------

    def receive_report(self, user: str, report: MonthlyReport) -> MonthlyReport:
        """Record a month's report; one per relationship and month (a second one replaces)."""
        _check_user(user)
        rel = report_file(report.month)
        rid = report.relationship_id
        with self.engine.transaction() as tx:
            self.get(Relationship, rid)
            stored = tx.get(rel, REPORTS, rid)
            if stored is None:
                data = self._stamp_new(report, user, rid, now_helsinki())
                data["id"] = rid
            else:
                data = self._stamp_change(
                    MonthlyReport,
                    stored,
                    report.model_copy(
                        update={
                            "version": stored["version"] if report.version == 0 else report.version
                        }
                    ),
                    user,
                    rid,
                )
            result = validate(MonthlyReport, data)
            tx.put(rel, REPORTS, rid, data)
        return result

    def reports_in_month(self, month: date) -> builtins.list[MonthlyReport]:
        return self._table_models(report_file(month_start(month)), REPORTS, MonthlyReport)

    def save_palaveri(self, user: str, palaveri: Palaveri) -> Palaveri:
        _check_user(user)
        rid = palaveri.relationship_id
        with self.engine.transaction() as tx:
            self.get(Relationship, rid)
            if palaveri.id is None:
                new_id = tx.next_id(shard(rid), PALAVERIT)
                data = self._stamp_new(palaveri, user, new_id, now_helsinki())
            else:
                stored = tx.get(shard(rid), PALAVERIT, palaveri.id)
                if stored is None:
                    raise NotFound("palaveri", palaveri.ref)
                data = self._stamp_change(Palaveri, stored, palaveri, user, palaveri.ref)
            result = validate(Palaveri, data)
            tx.put(shard(rid), PALAVERIT, result.id or 0, data)
        return result

    def palaverit(self, relationship_id: int) -> builtins.list[Palaveri]:
        return sorted(
            self._table_models(shard(relationship_id), PALAVERIT, Palaveri),
            key=lambda p: (p.on, p.id or 0),
        )

    # ----- the day's alerts ------------------------------------------------------------------

    def alert_input(self, today: date | None = None) -> AlertInput:
        """Everything ``data.rules`` looks at, read from the cache or the small index files."""
        today = today or now_helsinki().date()
        settings = self.settings()
        reports = {
            month_key(m): {int(k) for k in self.engine.table(report_file(m), REPORTS)}
            for m in rules.report_months(today, settings)
        }
        return AlertInput(
            clients=self.list(Client),
            volunteers=self.list(Volunteer),
            relationships=self.list(Relationship),
            concerns=self.list(Concern),
            summaries=self.summaries(),
            reports=reports,
            settings=settings,
        )

    def alerts(
        self, today: date | None = None, now: datetime | None = None
    ) -> builtins.list[rules.Alert]:
        """The coordinator's alerts for the day, most urgent first."""
        now = now or now_helsinki()
        today = today or now.date()
        return rules.alerts(self.alert_input(today), today, now)

    def counts(self, today: date | None = None) -> rules.Counts:
        today = today or now_helsinki().date()
        return rules.counts(self.alert_input(today), today)

    # ----- derived data ----------------------------------------------------------------------

    def rebuild_index(self, relationship_ids: Iterable[int] | None = None) -> int:
        """Recompute the meeting index from the shards; returns how many entries changed."""
        changed = 0
        with self.engine.transaction() as tx:
            ids = relationship_ids
            if ids is None:
                ids = [int(Path(f).stem) for f in self.engine.files("rel")]
            wanted = set(ids)
            for rid in wanted:
                entry = summarise(tx.table(shard(rid), MEETINGS))
                if tx.get(index_file(rid), SUMMARIES, rid) != entry:
                    tx.put(index_file(rid), SUMMARIES, rid, entry)
                    changed += 1
            if relationship_ids is None:
                for bucket in range(INDEX_BUCKETS):
                    rel = f"index/{bucket:02d}.json"
                    for key in list(tx.table(rel, SUMMARIES)):
                        if int(key) not in wanted:
                            tx.remove(rel, SUMMARIES, int(key))
                            changed += 1
        return changed


def _check_transition(r: Relationship, state: State, on: date) -> None:
    if state not in TRANSITIONS[r.state]:
        raise Refused(
            "bad_transition",
            "A relationship that is {old} cannot become {new}.",
            old=r.state.value,
            new=state.value,
        )
    since = r.since()
    if since is not None and on < since:
        raise Refused("before_since", "The date is before the relationship's current state began.")
    if state in (State.STARTING, State.ACTIVE) and r.agreement is None:
        raise Refused(
            "agreement_missing",
            "Record the agreement (start, planned end, maximum meetings) first.",
        )


__all__ = ["ConflictError", "NotFound", "Refused", "Store", "TukiError", "validate"]
