"""The Matching part: who waits, every volunteer ranked for one client, the whole-pool proposal,
and proposing many pairs in one change. The rules themselves are pure (``data.rules.matching``);
this part gathers the records and facts they look at, built once while those are unchanged."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from data.dates import Clock
from data.errors import NotFound
from data.model.facts import FACT_FILES, ClientFacts, RelFacts
from data.models import Client, Relationship, Volunteer, VolunteerKind
from data.rules import matching as rules
from data.rules.matching import Candidate, Pair, Pool, Ranking, Reason
from data.storage import paused_gc
from data.storage.file_state import FileAnswer, files_state
from data.storage.kept import Answer, Kept
from data.storage.layout import FLAT
from data.store.matching_kept import (
    Groups,
    RankFacts,
    pool_dumped,
    pool_loaded,
    rank_dumped,
    rank_facts_of,
    rank_loaded,
    views_dumped,
    views_loaded,
)
from data.store.matching_refusals import check_waiting, refuse_unfit, was_second
from data.store.records import Records
from data.store.relationships import Relationships

if TYPE_CHECKING:
    from data.rules.matching.arrays import CandidateArrays


@dataclass(frozen=True)
class _MatchFacts:
    """What matching needs beyond the two records, from the facts (kept while unchanged)."""

    sources: tuple[object, ...]  # the cached tables it was built from
    open: dict[int, int]  # volunteer id -> open relationships
    since: dict[int, date]  # volunteer id -> since when they have had room for a child
    by_client: dict[int, builtins.list[RelFacts]]
    siblings: dict[int, builtins.list[int]]  # guardian id -> client ids


class Matching:
    def __init__(self, records: Records, relationships: Relationships, clock: Clock) -> None:
        self._records = records
        self._relationships = relationships
        self._clock = clock
        self._candidates: tuple[object, builtins.list[Candidate]] | None = None
        self._facts: _MatchFacts | None = None
        self._arrays: CandidateArrays | None = None
        self._free: tuple[object, builtins.list[int], CandidateArrays] | None = None
        self._kept = Kept(records.engine)
        self._pool: Answer[Pool] = Answer(
            self._kept, "pool", records.change_token, pool_loaded, pool_dumped
        )
        self._views: tuple[object, builtins.list[Candidate]] | None = None  # (token, views)
        self._by_state: tuple[str, builtins.list[Candidate]] | None = None  # (state, views)
        # what a ranking needs of everyone: from three files, kept under their state
        rank_files = (FACT_FILES[Relationship], FACT_FILES[Volunteer], FLAT[Client].file)
        self._ranked: Answer[RankFacts] = FileAnswer(
            self._kept, "rank_facts", records.engine, rank_files, rank_loaded, rank_dumped
        )

    def candidates(self) -> builtins.list[Candidate]:
        """Every volunteer as matching sees them, built once while the volunteers are unchanged:
        from the stored rows (``Candidate.stored``: validating 5,000 records took longer than
        building their views); a row that does not read so is validated, for a clear refusal.
        Kept beside the register under the change token (``data.storage.kept``): a console
        opened later reads them from one file, not the volunteers' file (5.5 MB at national
        scale) and 5,000 views."""
        found = self._views_ready()
        if found is not None:
            return found
        started = self._kept.start()
        token = self._records.change_token()  # read after ``start``: see data.storage.kept
        state = self._views_state()  # (before the rows: a change meanwhile is not kept)
        place = FLAT[Volunteer]
        rows = self._records.engine.table(place.file, place.table)
        cached = self._candidates
        if cached is not None and cached[0] is rows:
            views = cached[1]  # the volunteers did not change (another record did)
        else:
            with paused_gc():
                views = [self._view(row) for row in rows.values()]
            self._candidates = (rows, views)
            if state is None:  # (no folder, no code stamp, a change half done)
                if not self._kept.put("candidates", [token], token, started, views_dumped(views)):
                    return views
            elif self._views_state() == state:  # kept under the volunteers' file's state
                self._kept.keep("candidates", [state], views_dumped(views))
                self._by_state = (state, views)
            else:
                return views  # the volunteers changed while read: neither kept nor remembered
        self._views = (token, views)
        return views

    def _views_ready(self) -> builtins.list[Candidate] | None:
        """The views without building any: this process's while nothing changed, else (none
        built here) those kept by another process; None when they would have to be built."""
        token = self._records.change_token()
        memo = self._views
        if memo is not None and memo[0] == token:
            return memo[1]
        state = self._views_state()  # another record changed: the volunteers' views stay
        by_state = self._by_state
        if state is not None and by_state is not None and by_state[0] == state:
            self._views = (token, by_state[1])
            return by_state[1]
        if self._candidates is None and state is not None:  # any kept by another process?
            found = self._kept_views(state)
            if found is not None:
                self._views = (token, found)
                self._by_state = (state, found)
                return found
        return None

    def _views_state(self) -> str | None:
        """The volunteers' file's state (``data.storage.file_state``), under which their views
        are kept: a meeting or any other record saved leaves them as they are."""
        return files_state(self._records.engine, (FLAT[Volunteer].file,))

    def _kept_views(
        self, state: str | None, only: AbstractSet[int] | None = None
    ) -> builtins.list[Candidate] | None:
        """The views kept under the volunteers' file's ``state`` (those of ``only`` if given),
        or None."""
        if state is None:
            return None
        kept = self._kept.get("candidates", [state])
        if kept is None:
            return None
        try:
            with paused_gc():
                return views_loaded(kept, only)
        except (KeyError, TypeError, ValueError):
            return None  # written by a version that kept something else

    def read_kept(self) -> None:
        """Read what a ranking reads first (the volunteers' views, ``rank_facts``) when it is
        kept for the folder as it is now, working nothing out: the console reads them while
        nobody types (at national scale ~75 ms, 4 MB); worked out, they read the volunteers'
        and the clients' files whole (tens of MB), left for a ranking to do."""
        self._views_ready()
        self._ranked.kept()

    def _view(self, row: dict[str, Any]) -> Candidate:
        try:
            return Candidate.stored(row)
        except (KeyError, ValueError, TypeError, AttributeError):
            return Candidate.of(self._records.load(Volunteer, row, FLAT[Volunteer].file))

    def candidate_arrays(self) -> CandidateArrays:
        """The same views as arrays, for scoring many pairs at once (built when first needed)."""
        views = self.candidates()
        cached = self._arrays
        if cached is None or cached.source is not views:
            from data.rules.matching.arrays import CandidateArrays  # numpy: only when needed

            cached = self._arrays = CandidateArrays(views)
        return cached

    def _free_arrays(self, free: builtins.list[int]) -> CandidateArrays:
        """Arrays of the volunteers who could take a client now (``free``: the ids of the
        approved with room, as the waiting lists give them), the only ones the proposal looks at
        (``propose_pool`` leaves out the unvetted and the full): their views among every view
        when those are at hand, else theirs only of those kept by another process (1,400 of
        5,000 read), else built from their rows; kept while they and ``free`` are the same."""
        token = self._records.change_token()
        memo, cached, wanted = self._views, self._free, set(free)
        views: builtins.list[Candidate] | None = None
        if memo is not None and memo[0] == token:
            source: object = memo[1]  # every view, built or read in this process
            views = memo[1]
        else:
            source = ("kept", token)
            if cached is not None and cached[0] == source and cached[1] == free:
                return cached[2]
            if self._candidates is None:  # none built here: the free ones of those kept
                views = self._kept_views(self._views_state(), wanted)
            if views is None:
                place = FLAT[Volunteer]
                rows = self._records.engine.table(place.file, place.table)
                built = self._candidates
                views = built[1] if built is not None and built[0] is rows else None
                source = views if views is not None else rows
        if cached is not None and cached[0] is source and cached[1] == free:
            return cached[2]
        from data.rules.matching.arrays import CandidateArrays  # numpy: only when needed

        if views is not None:
            chosen = [c for c in views if c.id in wanted]
        else:
            chosen = [self._view(row) for vid in free if (row := rows.get(str(vid))) is not None]
        arrays = CandidateArrays(chosen)
        self._free = (source, free, arrays)
        return arrays

    def _matching_facts(self) -> _MatchFacts:
        records = self._records
        rels = records.relationship_facts()
        vols = records.volunteer_facts()
        place = FLAT[Client]
        client_rows = records.engine.table(place.file, place.table)
        sources = (rels, vols, client_rows)
        cached = self._facts
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
            rules.open_counts(rels.values()),
            rules.volunteer_since(vols.values(), rels.values()),
            by_client,
            siblings,
        )
        self._facts = facts
        return facts

    def rank_facts(self) -> RankFacts:
        """What ranking for one client needs of everyone, from the facts of every
        relationship and volunteer and the clients' guardians. Kept as the pool is (under the
        change token): a console's first ranking read the clients' file whole (10 MB) and built
        every relationship's facts (22,387) for the counts and one family's relationships."""
        return self._ranked.get(lambda: _rank_facts(self._matching_facts()))

    def refuse_unfit(self, relationship: Relationship, volunteer: Volunteer, today: date) -> None:
        """Refuse ``volunteer`` as a peer pair's new second person as proposing the pair would
        (``propose_many``: every filter of ``data.rules.matching``, the family knowing them
        among them). The relationship's own support persons, now or before, are not "known"
        through it, nor through the family's list of people it knows: a former second person of
        this relationship may come back."""
        client = self._records.get(Client, relationship.client_id)
        vid = volunteer.id or 0
        if vid in client.known_volunteer_ids and was_second(self._records, relationship, vid):
            ids = [i for i in client.known_volunteer_ids if i != vid]
            client = client.model_copy(update={"known_volunteer_ids": ids})
        facts = self._matching_facts()
        months = self._records.settings().extract_recheck_months
        known = self._known(client, facts, leave_out=relationship.id)
        load = facts.open.get(vid, 0)
        refuse_unfit(client, Candidate.of(volunteer), load, known, today, months)

    def _known(
        self,
        client: Client,
        facts: _MatchFacts | RankFacts,
        names: dict[int, ClientFacts] | None = None,
        leave_out: int | None = None,
    ) -> dict[int, Reason]:
        """Volunteer id -> why the family knows them: the client's own relationships (any state),
        then those of clients who share a guardian with this one. ``names``: every client's
        facts, when built (else the siblings' own are read). ``leave_out``: a relationship of
        the client's not counted (from ``_MatchFacts`` only)."""
        out: dict[int, Reason] = {}
        for vid, state in _relationships(facts, client.id or 0, leave_out):
            out.setdefault(vid, Reason("earlier_relationship", {"state": state}))
        for guardian in client.guardian_ids:
            for other in _clients_of(facts, guardian):
                if other == client.id:
                    continue
                for vid, _ in _relationships(facts, other):
                    if names is not None:
                        sibling = names[other].name if other in names else ""
                    else:
                        found = self._records.derived.client(other)
                        sibling = found.name if found is not None else ""
                    out.setdefault(vid, Reason("sibling_relationship", {"name": sibling}))
        return out

    def pool(self, today: date | None = None) -> Pool:
        """Who waits: clients waiting for a support person and approved volunteers with room for
        a child, each longest wait first, with the days waited. Kept as the day's alerts are
        (``data.storage.kept``, under the change token and the day): working it out builds
        the facts of every relationship, client and volunteer (a second at national scale
        under a profiler), the matching section's first visit. The same object while nothing
        changed: treat it as read-only."""
        day = today or self._clock().date()
        return self._pool.get(lambda: self.pool_of_facts(day), day)

    def pool_of_facts(self, today: date) -> Pool:
        """``pool`` worked out from the facts (nothing kept)."""
        records = self._records
        rels = builtins.list(records.relationship_facts().values())
        return Pool(
            rules.waiting_clients(records.client_facts().values(), rels, today),
            rules.free_volunteers(records.volunteer_facts().values(), rels, today),
        )

    def shortlist(
        self, client_id: int, today: date | None = None, client: Client | None = None
    ) -> Ranking:
        """Every volunteer ranked for one client, and who was left out and why. ``client``:
        the client's record when the caller has just read it (reading one is ~6 ms at
        national scale: the row found in the 10 MB clients' file)."""
        today = today or self._clock().date()
        with paused_gc():  # thousands of small objects, no cycles: one pause, not many scans
            if client is None or client.id != client_id:
                client = self._records.get(Client, client_id)
            facts = self.rank_facts()
            return rules.shortlist(
                client,
                self.candidates(),
                facts.open,
                self._records.settings(),
                today,
                known=self._known(client, facts),
                waiting_since=facts.since,
            )

    def pool_proposal(
        self, today: date | None = None, limit: int | None = None
    ) -> builtins.list[Pair]:
        """The whole-pool proposal for the waiting clients (the ``limit`` longest-waiting ones
        if given): see ``data.rules.matching.propose_pool``."""
        today = today or self._clock().date()
        records = self._records
        with paused_gc():
            pool = self.pool(today)  # the waiting lists, as shown (kept)
            facts = self.rank_facts()  # what a ranking reads of everyone (kept)
            waiting = pool.clients if limit is None else pool.clients[:limit]
            found = records.get_many(Client, [w.client_id for w in waiting])  # their rows only
            clients = [(c, w.since) for c, w in zip(found, waiting, strict=True)]
            known = {c.id or 0: self._known(c, facts) for c, _ in clients}
            free = sorted(v.volunteer_id for v in pool.volunteers)
            return rules.propose_pool(
                clients,
                self._free_arrays(free),
                facts.open,
                records.settings(),
                today,
                known=known,
                waiting_since=facts.since,
            )

    def propose_many(
        self,
        user: str,
        pairs: Iterable[Pair | tuple[int, int] | tuple[int, int, int]],
        on: date | None = None,
    ) -> builtins.list[Relationship]:
        """Create a proposed relationship for every (client id, volunteer id) pair in one change;
        (client id, volunteer id, volunteer id) proposes a peer pair, each person checked alike.

        Every pair is checked again against the data as it is now (another coordinator may have
        proposed meanwhile) and against the pairs before it: the client must have no open
        relationship, not be closed and appear once; the volunteer must pass every filter of
        ``data.rules.matching`` with the batch's proposals counted against their capacity. If
        any pair is refused, nothing is stored. The agreement is left empty: its start, length and
        maximum of meetings are agreed at the start meeting, and recording it is what moves the
        relationship to 'starting'.
        """
        self._records.permit(user)
        today = on or self._clock().date()
        wanted: builtins.list[tuple[int, ...]] = [
            (p.client_id, p.volunteer_id) if isinstance(p, Pair) else p for p in pairs
        ]
        created: builtins.list[Relationship] = []
        with self._records.transaction():
            facts = self._matching_facts()
            views = {c.id: c for c in self.candidates()}
            added: dict[int, int] = {}
            seen: set[int] = set()
            months = self._records.settings().extract_recheck_months
            for client_id, volunteer_id, *more in wanted:
                client = self._records.get(Client, client_id)
                check_waiting(client, facts.by_client.get(client_id, []), seen, today)
                for vid in (volunteer_id, *more):  # a peer pair: each of the two alike
                    volunteer = views.get(vid)
                    if volunteer is None:
                        raise NotFound("volunteer", vid)
                    load = facts.open.get(vid, 0) + added.get(vid, 0)
                    known = self._known(client, facts)
                    refuse_unfit(client, volunteer, load, known, today, months)
                second = more[0] if more else None
                proposal = Relationship(
                    client_id=client_id,
                    volunteer_id=volunteer_id,
                    second_volunteer_id=second,
                    service=VolunteerKind.PEER if second else VolunteerKind.VOLUNTEER,
                )
                created.append(self._relationships.propose(user, proposal, on=today))
                for vid in (volunteer_id, *more):
                    added[vid] = added.get(vid, 0) + 1
                seen.add(client_id)
        return created


def _rank_facts(facts: _MatchFacts) -> RankFacts:
    by_client = (
        (cid, [(vid, r.state.value) for r in rels for vid in r.volunteer_ids])
        for cid, rels in facts.by_client.items()
    )
    return rank_facts_of(facts.open, facts.since, by_client, facts.siblings.items())


def _relationships(
    facts: _MatchFacts | RankFacts, client_id: int, leave_out: int | None = None
) -> Iterator[tuple[int, str]]:
    """(volunteer id, state) of each of the client's relationships (but ``leave_out``)."""
    if isinstance(facts, RankFacts):
        yield from facts.relationships(client_id)  # (kept: read as they were checked)
    else:
        for r in facts.by_client.get(client_id, []):
            if r.id == leave_out:
                continue
            for vid in r.volunteer_ids:
                yield vid, r.state.value


def _clients_of(facts: _MatchFacts | RankFacts, guardian: int) -> list[int]:
    """The ids of the clients who have ``guardian``."""
    if isinstance(facts.siblings, Groups):
        return facts.siblings.get(guardian)
    return facts.siblings.get(guardian, [])
