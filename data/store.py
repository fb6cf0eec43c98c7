"""The service API: the one object the console, the command line, the tests and the benchmarks use.

``Store`` adds the relationship life cycle, the vetting steps and the day's alerts to the
generic verbs (``data/store_base.py``) and the meeting, concern, report and palaveri verbs
(``data/store_activity.py``). Nothing here prints or prompts.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from data.errors import ConflictError, NotFound, Refused, TukiError
from data.model.base import check_user, validate
from data.model.facts import RelFacts
from data.models import (
    TRANSITIONS,
    Client,
    ClientKind,
    Concern,
    EndReason,
    PalaveriKind,
    Relationship,
    State,
    StateChange,
    VettingStep,
    Volunteer,
    VolunteerKind,
)
from data.rules import alerts as rules
from data.rules import matching, palaverit
from data.rules.alerts import AlertInput
from data.rules.matching import Candidate, MatchRefused, Pair, Pool, Ranking, Reason
from data.rules.palaverit import Finished
from data.storage import paused_gc
from data.storage.layout import FLAT
from data.store_activity import ActivityStore


@dataclass(frozen=True)
class _MatchFacts:
    """What matching needs beyond the two records, from the facts (kept while unchanged)."""

    sources: tuple[object, ...]  # the cached tables it was built from
    open: dict[int, int]  # volunteer id -> open relationships
    since: dict[int, date]  # volunteer id -> since when they have had room for a child
    by_client: dict[int, builtins.list[RelFacts]]
    siblings: dict[int, builtins.list[int]]  # guardian id -> client ids


class Store(ActivityStore):
    """All records of one data folder."""

    _candidates: tuple[object, builtins.list[Candidate]] | None = None
    _match_facts: _MatchFacts | None = None

    # ----- volunteers ----------------------------------------------------------------------

    def add_vetting_step(
        self, user: str, volunteer_id: int, version: int, step: VettingStep
    ) -> Volunteer:
        """Record the next vetting step (validated against the pipeline's order and rules)."""

        item = step.model_dump(mode="json")
        return self.revise(user, Volunteer, volunteer_id, version, append={"vetting": item})

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
                r
                for r in self.derived.relationships().values()
                if r.volunteer_id == volunteer.id and r.is_open
            ]
            if len(busy) >= volunteer.capacity:
                raise Refused(
                    "no_capacity",
                    "{name} already supports {n} (capacity {cap}).",
                    name=volunteer.name,
                    n=len(busy),
                    cap=volunteer.capacity,
                )
            today = on or self.clock().date()
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

    # ----- palaverit --------------------------------------------------------------------------

    def finish_palaveri(
        self,
        user: str,
        relationship_id: int,
        palaveri_id: int,
        version: int,
        today: date | None = None,
    ) -> Finished:
        """Apply a draft palaveri's decisions to its relationship and mark it finished, in one
        change (the rules per kind: ``data.rules.palaverit``). Refused with a conflict if the draft
        was saved by someone after ``version``; a finished palaveri cannot be finished again."""
        check_user(user)
        today = today or self.clock().date()
        with self.engine.transaction():
            draft = self.palaveri(relationship_id, palaveri_id)
            if draft.finished:
                raise Refused(
                    "palaveri_finished",
                    "Palaveri {ref} is finished; its minutes can no longer be changed.",
                    ref=draft.ref,
                )
            if draft.version != version:  # the conflict, before any rule of the relationship
                self.save_palaveri(user, draft.model_copy(update={"version": version}))
            if draft.on > today:
                raise Refused("palaveri_future", "A palaveri cannot be finished before its day.")
            before = self.get(Relationship, relationship_id)
            after = palaverit.apply(before, draft)
            if draft.kind is PalaveriKind.START and before.state is State.PROPOSED:
                _check_transition(after, State.STARTING, draft.on)
                change = StateChange(state=State.STARTING, on=draft.on, by=user, note=draft.ref)
                after = after.model_copy(
                    update={"state": State.STARTING, "history": [*after.history, change]}
                )
            relationship = self.update(user, after) if after != before else before
            ending = palaverit.end_terms(relationship, draft)
            if ending is not None:
                reason, note = ending
                relationship = self.end(
                    user, relationship_id, relationship.version, draft.on, reason, note
                )
            finished = self._put_palaveri(user, draft.model_copy(update={"finished": True}))
        return Finished(finished, relationship)

    # ----- matching ------------------------------------------------------------------------

    def match_candidates(self) -> builtins.list[Candidate]:
        """Every volunteer as matching sees them, built once while the volunteers are unchanged."""
        place = FLAT[Volunteer]
        rows = self.engine.table(place.file, place.table)
        cached = self._candidates
        if cached is not None and cached[0] is rows:
            return cached[1]
        views = matching.candidates(self.list(Volunteer))
        self._candidates = (rows, views)
        return views

    def _matching_facts(self) -> _MatchFacts:
        rels = self.derived.relationships()
        vols = self.derived.volunteers()
        place = FLAT[Client]
        client_rows = self.engine.table(place.file, place.table)
        sources = (rels, vols, client_rows)
        cached = self._match_facts
        if cached is not None and all(a is b for a, b in zip(cached.sources, sources, strict=True)):
            return cached
        by_client: dict[int, builtins.list[RelFacts]] = {}
        for r in rels.values():
            by_client.setdefault(r.client_id, []).append(r)
        siblings: dict[int, builtins.list[int]] = {}
        for key, row in client_rows.items():
            for guardian in row.get("guardian_ids", ()):
                siblings.setdefault(guardian, []).append(int(key))
        facts = _MatchFacts(
            sources,
            matching.open_counts(rels.values()),
            matching.volunteer_since(vols.values(), rels.values()),
            by_client,
            siblings,
        )
        self._match_facts = facts
        return facts

    def _known(self, client: Client, facts: _MatchFacts) -> dict[int, Reason]:
        """Volunteer id -> why the family knows them: the client's own relationships (any state),
        then those of clients who share a guardian with this one."""
        out: dict[int, Reason] = {}
        for r in facts.by_client.get(client.id or 0, []):
            out.setdefault(r.volunteer_id, Reason("earlier_relationship", {"state": r.state.value}))
        names = self.derived.clients()
        for guardian in client.guardian_ids:
            for other in facts.siblings.get(guardian, []):
                if other == client.id:
                    continue
                for r in facts.by_client.get(other, []):
                    sibling = names[other].name if other in names else ""
                    out.setdefault(
                        r.volunteer_id, Reason("sibling_relationship", {"name": sibling})
                    )
        return out

    def matching_pool(self, today: date | None = None) -> Pool:
        """Who waits: clients waiting for a support person and approved volunteers with room for
        a child, each longest wait first, with the days waited."""
        today = today or self.clock().date()
        rels = builtins.list(self.derived.relationships().values())
        return Pool(
            matching.waiting_clients(self.derived.clients().values(), rels, today),
            matching.free_volunteers(self.derived.volunteers().values(), rels, today),
        )

    def shortlist(self, client_id: int, today: date | None = None) -> Ranking:
        """Every volunteer ranked for one client, and who was left out and why."""
        today = today or self.clock().date()
        with paused_gc():  # thousands of small objects, no cycles: one pause, not many scans
            client = self.get(Client, client_id)
            facts = self._matching_facts()
            return matching.shortlist(
                client,
                self.match_candidates(),
                facts.open,
                self.settings(),
                today,
                known=self._known(client, facts),
                waiting_since=facts.since,
            )

    def pool_proposal(
        self, today: date | None = None, limit: int | None = None
    ) -> builtins.list[Pair]:
        """The whole-pool proposal for the waiting clients (the ``limit`` longest-waiting ones
        if given): see ``data.rules.matching.propose_pool``."""
        today = today or self.clock().date()
        waiting = self.matching_pool(today).clients
        if limit is not None:
            waiting = waiting[:limit]
        with paused_gc():
            facts = self._matching_facts()
            clients = [(self.get(Client, w.client_id), w.since) for w in waiting]
            known = {c.id or 0: self._known(c, facts) for c, _ in clients}
            return matching.propose_pool(
                clients,
                self.match_candidates(),
                facts.open,
                self.settings(),
                today,
                known=known,
                waiting_since=facts.since,
            )

    def propose_many(
        self, user: str, pairs: Iterable[Pair | tuple[int, int]], on: date | None = None
    ) -> builtins.list[Relationship]:
        """Create a proposed relationship for every (client id, volunteer id) pair in one change.

        Every pair is checked again against the data as it is now (another coordinator may have
        proposed meanwhile) and against the pairs before it: the client must have no open
        relationship, not be closed and appear once; the volunteer must pass every filter of
        ``data.rules.matching`` with the batch's proposals counted against their capacity. If
        any pair is refused, nothing is stored. The agreement is left empty: its start, length and
        maximum of meetings are agreed at the start meeting, and recording it is what moves the
        relationship to 'starting'.
        """
        today = on or self.clock().date()
        wanted = [(p.client_id, p.volunteer_id) if isinstance(p, Pair) else p for p in pairs]
        created: builtins.list[Relationship] = []
        with self.engine.transaction():
            facts = self._matching_facts()
            views = {c.id: c for c in self.match_candidates()}
            added: dict[int, int] = {}
            seen: set[int] = set()
            for client_id, volunteer_id in wanted:
                client = self.get(Client, client_id)
                volunteer = views.get(volunteer_id)
                if volunteer is None:
                    raise NotFound("volunteer", volunteer_id)
                _check_waiting(client, facts.by_client.get(client_id, []), seen, today)
                load = facts.open.get(volunteer_id, 0) + added.get(volunteer_id, 0)
                known = self._known(client, facts).get(volunteer_id)
                problems = matching.exclusions(client, volunteer, load, today, known)
                if problems:
                    raise MatchRefused(client.name, volunteer.name, problems)
                created.append(
                    self.propose(
                        user, Relationship(client_id=client_id, volunteer_id=volunteer_id), on=today
                    )
                )
                added[volunteer_id] = added.get(volunteer_id, 0) + 1
                seen.add(client_id)
        return created

    # ----- the day's alerts ------------------------------------------------------------------

    def alert_input(self) -> AlertInput:
        """Everything ``data.rules.alerts`` looks at, read from the cache or the index files."""
        return AlertInput(
            clients=list(self.derived.clients().values()),
            volunteers=list(self.derived.volunteers().values()),
            relationships=list(self.derived.relationships().values()),
            concerns=self.list(Concern),
            summaries=self.derived.summaries(),
            reported=self.derived.reported(),
            settings=self.settings(),
        )

    def alerts(
        self, today: date | None = None, now: datetime | None = None
    ) -> builtins.list[rules.Alert]:
        """The coordinator's alerts for the day, most urgent first."""
        now = now or self.clock()
        today = today or now.date()
        with paused_gc():  # one pause for all the loading, not one per file
            return rules.alerts(self.alert_input(), today, now)

    def counts(self, today: date | None = None) -> rules.Counts:
        today = today or self.clock().date()
        with paused_gc():
            return rules.counts(self.alert_input(), today)

    # ----- derived data ----------------------------------------------------------------------

    def rebuild_index(self) -> int:
        """Recompute everything under ``index/`` from the records; how many entries changed."""
        return self.derived.rebuild()


def _check_waiting(client: Client, rels: Iterable[RelFacts], seen: set[int], today: date) -> None:
    """Refuse to propose for a client who is closed, supported already or twice in one batch."""
    if client.closed_on is not None and client.closed_on <= today:
        raise Refused("client_closed", "{name}'s client record is closed.", name=client.name)
    if client.id in seen or any(r.is_open for r in rels):
        raise Refused(
            "client_has_support",
            "{name} already has a proposed or ongoing support relationship.",
            name=client.name,
        )


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


__all__ = [
    "ConflictError",
    "Finished",
    "NotFound",
    "Refused",
    "Store",
    "TukiError",
    "validate",
]
