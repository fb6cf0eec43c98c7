"""The Palaverit part: drafts saved as you go (one open draft per kind and relationship), and
``finish``, which applies a draft's decisions to its relationship in the same change
(the rules per kind: ``data.rules.palaverit``)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import date
from typing import Any

from data.dates import Clock
from data.errors import NotFound, Refused
from data.model.base import parse_pair
from data.models import (
    Attendee,
    Concern,
    Palaveri,
    PalaveriKind,
    Relationship,
    State,
    StateChange,
)
from data.rules import palaverit as rules
from data.rules.measures import check_ratings
from data.rules.palaverit import Finished, check_can_start
from data.storage.layout import PALAVERIT, shard
from data.storage.rows import one_table
from data.store import history
from data.store.records import Records
from data.store.relationships import Relationships, check_transition


class Palaverit:
    def __init__(self, records: Records, relationships: Relationships, clock: Clock) -> None:
        self._records = records
        self._relationships = relationships
        self._clock = clock

    # ----- reading -----------------------------------------------------------------------------

    def of(self, relationship_id: int) -> builtins.list[Palaveri]:
        """One relationship's palaverit, oldest first."""
        return sorted(
            self._records.models(shard(relationship_id), PALAVERIT, Palaveri),
            key=lambda p: (p.on, p.id or 0),
        )

    def get(self, relationship_id: int, palaveri_id: int) -> Palaveri:
        row = self._records.engine.table(shard(relationship_id), PALAVERIT).get(str(palaveri_id))
        if row is None:
            raise NotFound("palaveri", f"{relationship_id}-{palaveri_id}")
        return self._records.load(Palaveri, row, shard(relationship_id))

    def by_ref(self, ref: str) -> Palaveri:
        """The palaveri named ``<relationship id>-<palaveri id>`` (``Palaveri.ref``)."""
        pair = parse_pair(ref)
        if pair is None:
            raise Refused(
                "bad_palaveri_ref",
                "A palaveri is named by its relationship and number, like 12-3, not '{ref}'.",
                ref=ref[:40],
            )
        rid, pid = pair
        if self._records.relationship_facts().get(rid) is None:
            raise NotFound("relationship", rid)
        return self.get(rid, pid)

    def drafts(self, relationship_id: int) -> builtins.list[Palaveri]:
        """The relationship's unfinished palaverit, oldest first."""
        return [p for p in self.of(relationship_id) if not p.finished]

    def drafts_once(self, relationship_id: int) -> builtins.list[Palaveri]:
        """``drafts`` for a task that reads thousands of relationships once (``tuki calendar``):
        only the shard's palaverit are read (``rows.one_table``: not its meetings, and not
        kept in the engine's cache), and of them only the rows not stored as finished are
        validated."""
        rel = shard(relationship_id)
        rows = one_table(self._records.engine, rel, PALAVERIT)
        items = [self._records.load(Palaveri, r, rel) for r in rows.values() if _maybe_draft(r)]
        return sorted((p for p in items if not p.finished), key=lambda p: (p.on, p.id or 0))

    def draft(self, relationship_id: int, kind: PalaveriKind) -> Palaveri | None:
        """The open draft of this kind, if there is one."""
        kind = PalaveriKind(kind)
        return next((p for p in self.drafts(relationship_id) if p.kind is kind), None)

    # ----- drafts ------------------------------------------------------------------------------

    def start(
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
        the relationship cannot hold that kind of meeting (ended: only the goodbye after a
        review that ended it; client plan of a service that is not professional; review
        before the start).
        """
        self._records.permit(user)
        with self._records.transaction():
            relationship = self._records.get(Relationship, relationship_id)
            existing = self.draft(relationship_id, kind)
            if existing is not None:
                return existing
            check_can_start(relationship, PalaveriKind(kind), self.of(relationship_id))
            draft = Palaveri(
                relationship_id=relationship_id, kind=kind, on=on, attendees=list(attendees)
            )
            return self.save(user, draft)

    def save(self, user: str, palaveri: Palaveri) -> Palaveri:
        """Save a draft (new or edited, version-checked). A finished palaveri cannot be edited,
        and a draft is finished only through ``finish``."""
        self._records.permit(user)
        if palaveri.finished:
            raise Refused("use_finish", "Finish the palaveri to apply its decisions.")
        return self._put(user, palaveri)

    def _put(self, user: str, palaveri: Palaveri) -> Palaveri:
        records = self._records
        rid = palaveri.relationship_id
        with records.transaction() as tx:
            relationship = records.get(Relationship, rid)
            check_ratings(palaveri, relationship, records.settings().rating_scale)
            stored = None
            if palaveri.id is None:
                new_id = tx.next_id(shard(rid), PALAVERIT)
                data = records.stamp_new(palaveri, user, new_id)
            else:
                stored = tx.get(shard(rid), PALAVERIT, palaveri.id)
                if stored is None:
                    raise NotFound("palaveri", palaveri.ref)
                if stored.get("finished"):
                    raise _finished(palaveri)
                data = records.stamp_change(Palaveri, stored, palaveri, user, palaveri.ref)
            result = records.validate(Palaveri, data)
            tx.put(shard(rid), PALAVERIT, result.id or 0, data)
            if stored is not None:  # what the save changed, kept in the shard
                before = records.load(Palaveri, stored, shard(rid))
                history.keep(tx, shard(rid), before, result, user, records.clock())
        return result

    def raise_concern(
        self, user: str, relationship_id: int, palaveri_id: int, concern: Concern
    ) -> tuple[Concern, Palaveri]:
        """Raise a concern from a crisis meeting's draft: the concern is stored for the
        relationship's client and linked to the relationship, and the palaveri keeps its number
        (``Decisions.concern_id``, in the minutes), in one change. One concern per crisis
        meeting; a finished one is not changed (raise it from the concerns list then)."""
        self._records.permit(user)
        records = self._records
        with records.transaction():
            palaveri = self.get(relationship_id, palaveri_id)
            if palaveri.kind is not PalaveriKind.CRISIS:
                raise Refused("not_crisis", "A concern is raised from a crisis meeting only.")
            if palaveri.finished:
                raise _finished(palaveri)
            if palaveri.decisions.concern_id is not None:
                raise Refused(
                    "concern_raised_already",
                    "This crisis meeting raised concern {id} already; add to it in the concerns.",
                    id=palaveri.decisions.concern_id,
                )
            relationship = records.get(Relationship, relationship_id)
            linked = concern.model_copy(
                update={"client_id": relationship.client_id, "relationship_id": relationship_id}
            )
            saved = records.add(user, linked)
            decisions = palaveri.decisions.model_copy(update={"concern_id": saved.id})
            palaveri = self._put(user, palaveri.model_copy(update={"decisions": decisions}))
        return saved, palaveri

    # ----- finishing ---------------------------------------------------------------------------

    def finish(
        self,
        user: str,
        relationship_id: int,
        palaveri_id: int,
        version: int,
        today: date | None = None,
    ) -> Finished:
        """Apply a draft palaveri's decisions to its relationship and mark it finished, in one
        change. Refused with a conflict if the draft was saved by someone after ``version``;
        a finished palaveri cannot be finished again, nor one whose day has not come."""
        self._records.permit(user)
        records = self._records
        today = today or self._clock().date()
        with records.transaction():
            draft = self.get(relationship_id, palaveri_id)
            if draft.finished:
                raise _finished(draft)
            if draft.version != version:  # the conflict, before any rule of the relationship
                self.save(user, draft.model_copy(update={"version": version}))
            if draft.on > today:
                raise Refused("palaveri_future", "A palaveri cannot be finished before its day.")
            before = records.get(Relationship, relationship_id)
            after = rules.apply(before, draft, records.settings())
            if draft.kind is PalaveriKind.START and before.state is State.PROPOSED:
                check_transition(after, State.STARTING, draft.on)
                change = StateChange(state=State.STARTING, on=draft.on, by=user, note=draft.ref)
                after = after.model_copy(
                    update={"state": State.STARTING, "history": [*after.history, change]}
                )
            relationship = records.update(user, after) if after != before else before
            ending = rules.end_terms(relationship, draft)
            if ending is not None:
                reason, note = ending
                relationship = self._relationships.end(
                    user, relationship_id, relationship.version, draft.on, reason, note
                )
            finished = self._put(user, draft.model_copy(update={"finished": True}))
        return Finished(finished, relationship)


def _finished(palaveri: Palaveri) -> Refused:
    return Refused(
        "palaveri_finished",
        "Palaveri {ref} is finished; its minutes can no longer be changed.",
        ref=palaveri.ref,
    )


def _maybe_draft(row: dict[str, Any]) -> bool:
    """Whether a stored palaveri may be a draft (a row not plainly finished is validated)."""
    return row.get("finished") is not True
