"""Meetings, concerns, monthly reports and palaverit: what happens inside a relationship."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import date, datetime

from data.dates import fi_date, month_key, month_start
from data.errors import NotFound, Refused
from data.model.base import check_user, parse_id, validate
from data.model.facts import RelFacts, Summary
from data.models import (
    Attendee,
    Concern,
    FollowUp,
    Meeting,
    MonthlyReport,
    Notification,
    Palaveri,
    PalaveriKind,
    Relationship,
    State,
    StateChange,
)
from data.rules.palaverit import check_can_hold
from data.storage import Transaction
from data.storage.layout import MEETINGS, PALAVERIT, REPORTS, report_file, shard
from data.store_base import StoreBase


class ActivityStore(StoreBase):
    # ----- meetings ------------------------------------------------------------------------

    def meetings(self, relationship_id: int) -> builtins.list[Meeting]:
        """One relationship's meetings, oldest first (reads only its own shard)."""
        items = self._table_models(shard(relationship_id), MEETINGS, Meeting)
        return sorted(items, key=lambda m: (m.on, m.start or datetime.min.time(), m.id or 0))

    def summaries(self) -> dict[int, Summary]:
        """Every relationship's meeting summary, from the small index files."""
        return self.derived.summaries()

    def summary(self, relationship_id: int) -> Summary:
        return self.derived.summary(relationship_id)

    def meetings_in_month(self, month: date) -> builtins.list[Meeting]:
        """One month's meetings: the index names the relationships, only their shards are read."""
        ids = [rid for rid, s in self.summaries().items() if s.met_in(month)]
        key = month_key(month)
        return [m for rid in ids for m in self.meetings(rid) if month_key(m.on) == key]

    def log_meeting(self, user: str, meeting: Meeting) -> Meeting:
        """Log a held or cancelled meeting.

        Refused past the agreement's maximum unless ``over_max_reason`` is given.
        """
        check_user(user)
        rid = meeting.relationship_id
        with self.engine.transaction() as tx:
            facts = self._relationship_facts(rid)
            self._check_meeting(tx, facts, meeting)
            new_id = tx.next_id(shard(rid), MEETINGS)
            data = self._stamp_new(meeting, user, new_id, self.clock())
            stored = validate(Meeting, data)
            tx.put(shard(rid), MEETINGS, new_id, data)
            self.derived.reindex_meetings(tx, rid)
            if facts.state is State.STARTING and stored.held:
                relationship = self.get(Relationship, rid)
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
        check_user(user)
        rid = meeting.relationship_id
        if meeting.id is None:
            raise Refused("no_id", "This meeting has not been logged yet.")
        with self.engine.transaction() as tx:
            stored = tx.get(shard(rid), MEETINGS, meeting.id)
            if stored is None:
                raise NotFound("meeting", meeting.ref)
            facts = self._relationship_facts(rid)
            self._check_meeting(tx, facts, meeting, replacing=meeting.id)
            data = self._stamp_change(Meeting, stored, meeting, user, meeting.ref)
            result = validate(Meeting, data)
            tx.put(shard(rid), MEETINGS, meeting.id, data)
            self.derived.reindex_meetings(tx, rid)
        return result

    def _relationship_facts(self, relationship_id: int) -> RelFacts:
        """The compact facts of one relationship (no need to read every relationship)."""
        facts = self.derived.relationships().get(relationship_id)
        if facts is None:
            raise NotFound("relationship", relationship_id)
        return facts

    def _check_meeting(
        self,
        tx: Transaction,
        relationship: RelFacts,
        meeting: Meeting,
        replacing: int | None = None,
    ) -> None:
        start, maximum = relationship.start, relationship.max_meetings
        if relationship.state is State.PROPOSED or start is None or maximum is None:
            raise Refused(
                "not_started", "The relationship has not started; hold the start meeting first."
            )
        if meeting.on < start:
            raise Refused(
                "before_start",
                "The meeting is before the agreement's start ({start}).",
                start=fi_date(start),
            )
        if relationship.ended_on is not None and meeting.on > relationship.ended_on:
            raise Refused("after_end", "The relationship ended before this date.")
        if meeting.held and not meeting.over_max_reason.strip():
            rows = tx.table(shard(relationship.id), MEETINGS)
            held = sum(1 for k, m in rows.items() if m["status"] == "held" and int(k) != replacing)
            if held + 1 > maximum:
                raise Refused(
                    "over_max",
                    "This would be meeting {n} of an agreement that allows {max}. Give a reason "
                    "to log it anyway, or agree more meetings in a review.",
                    n=held + 1,
                    max=maximum,
                )

    # ----- concerns ------------------------------------------------------------------------

    def raise_concern(self, user: str, concern: Concern) -> Concern:
        return self.add(user, concern)

    def notify_concern(
        self, user: str, concern_id: int, version: int, notification: Notification
    ) -> Concern:
        """Record who was told of the concern, when and how."""
        item = notification.model_dump(mode="json")
        return self.revise(user, Concern, concern_id, version, append={"notifications": item})

    def mark_welfare_notification(
        self, user: str, concern_id: int, version: int, at: datetime
    ) -> Concern:
        changes = {"welfare_notification": True, "welfare_notification_at": at.isoformat()}
        return self.revise(user, Concern, concern_id, version, changes)

    def follow_up_concern(
        self, user: str, concern_id: int, version: int, follow_up: FollowUp
    ) -> Concern:
        item = follow_up.model_dump(mode="json")
        return self.revise(user, Concern, concern_id, version, append={"follow_ups": item})

    def close_concern(
        self, user: str, concern_id: int, version: int, at: datetime, note: str
    ) -> Concern:
        """Close a followed-up concern. It stays stored: concerns are never deleted."""
        with self.engine.transaction():
            if self.get(Concern, concern_id).closed_at is not None:
                raise Refused("closed", "This concern is already closed.")
            changes = {"closed_at": at.isoformat(), "closed_by": user, "closing_note": note}
            return self.revise(user, Concern, concern_id, version, changes)

    # ----- monthly reports and palaverit -------------------------------------------------------

    def receive_report(self, user: str, report: MonthlyReport) -> MonthlyReport:
        """Record a month's report; one per relationship and month (a second one replaces)."""
        check_user(user)
        rel = report_file(report.month)
        rid = report.relationship_id
        with self.engine.transaction() as tx:
            self.get(Relationship, rid)
            stored = tx.get(rel, REPORTS, rid)
            if stored is None:
                data = self._stamp_new(report, user, rid, self.clock())
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
            self.derived.mark_reported(tx, rid, month_key(result.month))
        return result

    def reports_in_month(self, month: date) -> builtins.list[MonthlyReport]:
        return self._table_models(report_file(month_start(month)), REPORTS, MonthlyReport)

    # ----- palaverit: drafts saved as you go, finished by ``Store.finish_palaveri`` ----------

    def start_palaveri(
        self,
        user: str,
        relationship_id: int,
        kind: PalaveriKind,
        on: date,
        attendees: Iterable[Attendee] = (),
    ) -> Palaveri:
        """Open a draft palaveri, or return the open draft of the same kind to resume it.

        There is at most one open draft of each kind per relationship: starting again gives
        back the draft as it was saved (its date and attendees are not changed). Refused when
        the relationship cannot hold that kind of meeting (ended; client plan of a service that
        is not professional; review before the start).
        """
        with self.engine.transaction():
            relationship = self.get(Relationship, relationship_id)
            existing = self.draft(relationship_id, kind)
            if existing is not None:
                return existing
            check_can_hold(relationship, PalaveriKind(kind))
            draft = Palaveri(
                relationship_id=relationship_id, kind=kind, on=on, attendees=list(attendees)
            )
            return self.save_palaveri(user, draft)

    def save_palaveri(self, user: str, palaveri: Palaveri) -> Palaveri:
        """Save a draft (new or edited, version-checked). A finished palaveri cannot be edited,
        and a draft is finished only through ``finish_palaveri``."""
        check_user(user)
        if palaveri.finished:
            raise Refused("use_finish", "Finish the palaveri to apply its decisions.")
        return self._put_palaveri(user, palaveri)

    def _put_palaveri(self, user: str, palaveri: Palaveri) -> Palaveri:
        rid = palaveri.relationship_id
        with self.engine.transaction() as tx:
            self.get(Relationship, rid)
            if palaveri.id is None:
                new_id = tx.next_id(shard(rid), PALAVERIT)
                data = self._stamp_new(palaveri, user, new_id, self.clock())
            else:
                stored = tx.get(shard(rid), PALAVERIT, palaveri.id)
                if stored is None:
                    raise NotFound("palaveri", palaveri.ref)
                if stored.get("finished"):
                    raise Refused(
                        "palaveri_finished",
                        "Palaveri {ref} is finished; its minutes can no longer be changed.",
                        ref=palaveri.ref,
                    )
                data = self._stamp_change(Palaveri, stored, palaveri, user, palaveri.ref)
            result = validate(Palaveri, data)
            tx.put(shard(rid), PALAVERIT, result.id or 0, data)
        return result

    def palaverit(self, relationship_id: int) -> builtins.list[Palaveri]:
        return sorted(
            self._table_models(shard(relationship_id), PALAVERIT, Palaveri),
            key=lambda p: (p.on, p.id or 0),
        )

    def palaveri(self, relationship_id: int, palaveri_id: int) -> Palaveri:
        row = self.engine.table(shard(relationship_id), PALAVERIT).get(str(palaveri_id))
        if row is None:
            raise NotFound("palaveri", f"{relationship_id}-{palaveri_id}")
        return self._load(Palaveri, row, shard(relationship_id))

    def palaveri_by_ref(self, ref: str) -> Palaveri:
        """The palaveri named ``<relationship id>-<palaveri id>`` (``Palaveri.ref``)."""
        rid_text, _, pid_text = ref.strip().partition("-")
        rid, pid = parse_id(rid_text), parse_id(pid_text)
        if rid is None or pid is None:
            raise Refused(
                "bad_palaveri_ref",
                "A palaveri is named by its relationship and number, like 12-3, not '{ref}'.",
                ref=ref[:40],
            )
        if self.derived.relationships().get(rid) is None:
            raise NotFound("relationship", rid)
        return self.palaveri(rid, pid)

    def open_drafts(self, relationship_id: int) -> builtins.list[Palaveri]:
        """The relationship's unfinished palaverit, oldest first."""
        return [p for p in self.palaverit(relationship_id) if not p.finished]

    def draft(self, relationship_id: int, kind: PalaveriKind) -> Palaveri | None:
        """The open draft of this kind, if there is one."""
        kind = PalaveriKind(kind)
        return next((p for p in self.open_drafts(relationship_id) if p.kind is kind), None)
