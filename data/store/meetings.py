"""The Meetings part: one relationship's meetings (a shard of their own), their summaries in
the derived index, and the month's meetings across relationships."""

from __future__ import annotations

import builtins
from datetime import date, datetime

from data.dates import fi_date, month_end, month_key, month_start
from data.errors import NotFound, Refused
from data.model.facts import RelFacts, Summary
from data.models import Change, Meeting, Relationship, State, StateChange, VolunteerKind
from data.rules.place import check_consent, guardian_consents, needs_consent
from data.storage import Transaction, months, paused_gc
from data.storage.layout import MEETINGS, shard
from data.storage.months import Listed
from data.storage.rows import read_once
from data.store import history
from data.store.pairs import check_met_by
from data.store.records import Records


class Meetings:
    def __init__(self, records: Records) -> None:
        self._records = records

    # ----- reading -----------------------------------------------------------------------------

    def of(self, relationship_id: int) -> builtins.list[Meeting]:
        """One relationship's meetings, oldest first (reads only its own shard)."""
        items = self._records.models(shard(relationship_id), MEETINGS, Meeting)
        return sorted(items, key=lambda m: (m.on, m.start or datetime.min.time(), m.id or 0))

    def summaries(self) -> dict[int, Summary]:
        """Every relationship's meeting summary, from the small index files."""
        return self._records.derived.summaries()

    def summary(self, relationship_id: int) -> Summary:
        return self._records.derived.summary(relationship_id)

    def in_month(self, month: date) -> builtins.list[Meeting]:
        """One month's meetings: the index names the relationships, only their shards are read,
        and only the meetings of the month are validated (a month at national scale is 27,000
        of the 270,000 meetings in those shards); nothing is kept in the models' cache."""
        ids = [rid for rid, s in self.summaries().items() if s.met_in(month)]
        first, last = month_start(month), month_end(month)
        out: builtins.list[Meeting] = []
        with paused_gc():
            for rid in ids:
                out += between(self._records, rid, first, last)
        return out

    def of_in_month(self, relationship_id: int, month: date) -> builtins.list[Meeting]:
        """One relationship's meetings of one month, oldest first (reads only its own shard)."""
        found = between(self._records, relationship_id, month_start(month), month_end(month))
        return sorted(found, key=lambda m: (m.on, m.start or datetime.min.time(), m.id or 0))

    def listed_in_month(self, month: date) -> builtins.list[Listed | Meeting]:
        """One month's meetings as its list shows them, in the order of ``in_month``: from the
        month index (``index/months/``, a few small files) for each relationship whose entry
        holds as many meetings as its summary counts in the month, from its shard (validated
        ``Meeting``s, as ``in_month``) for any other. At national scale 7,578 shards (172 MB)
        are not read for 27,000 meetings."""
        key, first, last = month_key(month), month_start(month), month_end(month)
        engine = self._records.engine
        parts = [engine.table(rel, months.LISTED) for rel in months.month_files(key)]
        out: builtins.list[Listed | Meeting] = []
        with paused_gc():
            for rid, summary in self.summaries().items():
                if key + "=" not in summary.months:
                    continue
                entry = parts[rid % months.PARTS].get(str(rid))
                found = months.listed(rid, first, entry, summary.counts_in(first))
                out += found if found is not None else between(self._records, rid, first, last)
        return out

    # ----- writing -----------------------------------------------------------------------------

    def log(self, user: str, meeting: Meeting) -> Meeting:
        """Log a held or cancelled meeting; the first held one makes a starting relationship
        active. Refused before the start, after the end and past the agreement's maximum
        (unless ``over_max_reason`` is given), and at the volunteer's home or with a car ride
        without the guardian's consent (unless ``consent_reason`` is given)."""
        self._records.permit(user)
        records = self._records
        rid = meeting.relationship_id
        with records.transaction() as tx:
            facts = self._facts(rid)
            _check_meeting(tx, facts, meeting, records)
            self._check_consent(meeting)
            _weekend_of_family(records, meeting)
            new_id = tx.next_id(shard(rid), MEETINGS)
            data = records.stamp_new(meeting, user, new_id)
            stored = records.validate(Meeting, data)
            tx.put(shard(rid), MEETINGS, new_id, data)
            records.derived.reindex_meetings(tx, rid)
            if facts.state is State.STARTING and stored.held:
                relationship = records.get(Relationship, rid)
                history = [
                    *relationship.history,
                    StateChange(
                        state=State.ACTIVE, on=stored.on, by=user, note="first meeting held"
                    ),
                ]
                records.update(
                    user,
                    relationship.model_copy(update={"state": State.ACTIVE, "history": history}),
                )
        return stored

    def update(self, user: str, meeting: Meeting) -> Meeting:
        """Save a corrected meeting (version-checked, with the same refusals as ``log``). The
        earlier values of what changed are kept in the shard's history (``history``); a
        correction that changes nothing stores nothing and returns the stored meeting."""
        self._records.permit(user)
        records = self._records
        rid = meeting.relationship_id
        if meeting.id is None:
            raise Refused("no_id", "This meeting has not been logged yet.")
        with records.transaction() as tx:
            stored = tx.get(shard(rid), MEETINGS, meeting.id)
            if stored is None:
                raise NotFound("meeting", meeting.ref)
            data = records.stamp_change(Meeting, stored, meeting, user, meeting.ref)
            before = records.load(Meeting, stored, shard(rid))
            if before.content() == meeting.content():
                return before
            facts = self._facts(rid)
            _check_meeting(tx, facts, meeting, records, replacing=meeting.id)
            self._check_consent(meeting)
            _weekend_of_family(records, meeting)
            result = records.validate(Meeting, data)
            tx.put(shard(rid), MEETINGS, meeting.id, data)
            history.keep(tx, shard(rid), before, result, user, records.clock())
            records.derived.reindex_meetings(tx, rid)
        return result

    def history(self, meeting: Meeting) -> builtins.list[Change]:
        """What each correction of ``meeting`` changed, oldest first."""
        return history.of(
            self._records.engine, shard(meeting.relationship_id), "meeting", meeting.ref
        )

    def _check_consent(self, meeting: Meeting) -> None:
        """The agreement's consents, read only for a meeting that needs one (data/rules/place)."""
        if needs_consent(meeting):
            relationship = self._records.get(Relationship, meeting.relationship_id)
            if guardian_consents(relationship):
                check_consent(meeting, relationship.agreement)

    def _facts(self, relationship_id: int) -> RelFacts:
        """The compact facts of one relationship (no need to read every relationship)."""
        facts = self._records.derived.relationship(relationship_id)
        if facts is None:
            raise NotFound("relationship", relationship_id)
        return facts


def between(records: Records, relationship_id: int, first: date, last: date) -> list[Meeting]:
    """The relationship's meetings from ``first`` to ``last``, read from its shard: only those
    are validated (a stored day plainly outside is skipped unread; any other form of day, a
    damaged one too, is left to validation) and nothing is kept in the models' cache."""
    rel = shard(relationship_id)
    low, high = first.isoformat(), last.isoformat()
    out = []
    # read once, not kept in the engine's cache (the payment run reads thousands of shards)
    for row in read_once(records.engine, rel).get(MEETINGS, {}).values():
        on = row.get("on")  # a plain stored day ("2026-11-05") outside is skipped unread
        plain = isinstance(on, str) and len(on) == 10 and on[4] == "-" == on[7]
        if plain and not low <= str(on) <= high:
            continue
        meeting = records.load(Meeting, row, rel)
        if first <= meeting.on <= last:
            out.append(meeting)
    return out


def _weekend_of_family(records: Records, meeting: Meeting) -> None:
    """A meeting that runs over days (``until``) is a support family's weekend only."""
    if meeting.until is None:
        return
    if (
        records.get(Relationship, meeting.relationship_id).service
        is not VolunteerKind.SUPPORT_FAMILY
    ):
        raise Refused(
            "until_not_family",
            "Only a support family's meeting lasts several days (a weekend); give one day.",
        )


def _check_meeting(
    tx: Transaction,
    relationship: RelFacts,
    meeting: Meeting,
    records: Records,
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
    check_met_by(relationship, meeting)
    if meeting.held and not meeting.over_max_reason.strip():
        rows = tx.table(shard(relationship.id), MEETINGS)
        held = sum(1 for k, m in rows.items() if m["status"] == "held" and int(k) != replacing)
        if held + 1 > maximum:
            service = records.get(Relationship, relationship.id).service
            if service is VolunteerKind.SUPPORT_FAMILY:  # its maximum counts weekends
                raise Refused(
                    "over_max",
                    "This would be weekend {n} of an agreement that allows {max}. Give a reason "
                    "to log it anyway, or agree more weekends in a review.",
                    n=held + 1,
                    max=maximum,
                    weekends=1,
                )
            raise Refused(
                "over_max",
                "This would be meeting {n} of an agreement that allows {max}. Give a reason "
                "to log it anyway, or agree more meetings in a review.",
                n=held + 1,
                max=maximum,
            )
