"""The waiting lists and the whole-pool proposal (an exact assignment of waiting clients to
free places that maximises the wait-weighted score)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from data.model.facts import ClientFacts, RelFacts, VolunteerFacts
from data.models import (
    Client,
    Settings,
    Volunteer,
    VolunteerKind,
)
from data.rules.alerts import waiting
from data.rules.matching.filters import exclusion_reasons
from data.rules.matching.score import score_of
from data.rules.matching.shortlist import (
    Suggestion,
    suggestion_for,
)
from data.rules.matching.sides import (
    ANY,
    PARTS,
    Candidate,
    Place,
    Reason,
    Seeker,
    candidates,
    seeker,
    wait_factor,
    weights,
)

# ----- the waiting lists -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaitingClient:
    client_id: int
    name: str
    since: date
    days: int


@dataclass(frozen=True, slots=True)
class FreeVolunteer:
    """An approved volunteer with room for another client."""

    volunteer_id: int
    name: str
    kind: VolunteerKind
    capacity: int
    open: int  # open relationships now
    since: date | None  # approval (or return from a pause), newest proposal or end
    days: int | None

    @property
    def free(self) -> int:
        return self.capacity - self.open


@dataclass(frozen=True, slots=True)
class Pool:
    clients: list[WaitingClient]  # longest wait first
    volunteers: list[FreeVolunteer]  # longest wait first (unknown last)


def open_counts(relationships: Iterable[RelFacts]) -> dict[int, int]:
    """Volunteer id -> how many open relationships they have."""
    out: dict[int, int] = {}
    for r in relationships:
        if r.is_open:
            out[r.volunteer_id] = out.get(r.volunteer_id, 0) + 1
    return out


def waiting_clients(
    clients: Iterable[ClientFacts], relationships: Iterable[RelFacts], today: date
) -> list[WaitingClient]:
    """Clients waiting for a support person (``data.rules.alerts.waiting``), longest wait first."""
    by_client: dict[int, list[RelFacts]] = {}
    for r in relationships:
        by_client.setdefault(r.client_id, []).append(r)
    out = []
    for c in clients:
        since = waiting(c, by_client.get(c.id, []))
        if since is not None:
            out.append(WaitingClient(c.id, c.name, since, (today - since).days))
    out.sort(key=lambda x: (x.since, x.client_id))
    return out


def volunteer_since(
    volunteers: Iterable[VolunteerFacts], relationships: Iterable[RelFacts]
) -> dict[int, date]:
    """Volunteer id -> since when they have waited for a (further) child: the newest of their
    approval or return from a pause, their newest proposal and their newest ended relationship.
    Only approved volunteers are listed."""
    newest: dict[int, date] = {}
    for r in relationships:
        for day in (r.proposed_on, r.ended_on):
            if day is not None and day > newest.get(r.volunteer_id, date.min):
                newest[r.volunteer_id] = day
    out = {}
    for v in volunteers:
        if v.approved and v.since is not None:
            out[v.id] = max(v.since, newest.get(v.id, date.min))
    return out


def free_volunteers(
    volunteers: Iterable[VolunteerFacts], relationships: Iterable[RelFacts], today: date
) -> list[FreeVolunteer]:
    """Approved volunteers with free capacity, longest wait first."""
    rels = list(relationships)
    vols = [v for v in volunteers if v.approved]
    counts = open_counts(rels)
    since = volunteer_since(vols, rels)
    out = []
    for v in vols:
        n = counts.get(v.id, 0)
        if n < v.capacity:
            day = since.get(v.id)
            days = (today - day).days if day else None
            out.append(FreeVolunteer(v.id, v.name, v.kind, v.capacity, n, day, days))
    out.sort(key=lambda x: (x.since or date.max, x.volunteer_id))
    return out


# ----- the whole-pool proposal -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    """One proposed match of the whole-pool proposal."""

    client_id: int
    client_name: str
    waiting_days: int
    factor: float  # wait_factor(waiting_days)
    suggestion: Suggestion  # the volunteer, score, parts, reasons and mismatches

    @property
    def volunteer_id(self) -> int:
        return self.suggestion.volunteer_id

    @property
    def volunteer_name(self) -> str:
        return self.suggestion.name

    @property
    def score(self) -> float:
        return self.suggestion.score

    @property
    def value(self) -> float:
        """What the proposal maximises the sum of: score times the waiting factor."""
        return self.score * self.factor


def propose_pool(
    clients: Sequence[tuple[Client, date]],
    volunteers: Iterable[Volunteer | Candidate],
    open_counts: Mapping[int, int],
    settings: Settings,
    today: date,
    *,
    known: Mapping[int, Mapping[int, Reason]] | None = None,
    waiting_since: Mapping[int, date] | None = None,
) -> list[Pair]:
    """The pairs of waiting clients and volunteers with the greatest total
    ``score * wait_factor(days waiting)``, each volunteer taking at most their free capacity
    and each client at most one volunteer. ``clients`` are (client, waiting since);
    ``known``: client id -> volunteer id -> why the family knows them. Pairs come longest-waiting
    client first."""
    w = weights(settings)
    wlist = [w[p] for p in PARTS]
    known = known or {}
    once = {client.id: (client, since) for client, since in reversed(clients)}  # first wins
    order = sorted(once.values(), key=lambda cs: (cs[1], cs[0].id or 0))

    # Only volunteers who can take anyone: vetted, with room. Indexed by the places they reach
    # (a whole municipality, or one area of it), so that each client looks only at those who
    # can come to them.
    free: dict[int, int] = {}
    by_place: dict[Place, list[Candidate]] = {}
    for c in candidates(volunteers):
        room = c.capacity - open_counts.get(c.id, 0)
        if c.vetting is None and room > 0 and c.id not in free:
            free[c.id] = room
            for m, a in sorted(c.reach):
                if a == ANY or (m, ANY) not in c.reach:
                    by_place.setdefault((m, a), []).append(c)
                    by_place.setdefault((m, ""), []).append(c)  # for clients without an area

    seekers: list[Seeker] = []
    factors: list[float] = []
    days_waiting: list[int] = []
    feasible: list[tuple[int, Candidate, float]] = []  # (row, volunteer, value)
    takers: dict[int, int] = {}  # volunteer id -> clients who could take them
    for row, (client, since) in enumerate(order):
        s = seeker(client, today)
        days = (today - since).days
        factor = wait_factor(days)
        seekers.append(s)
        factors.append(factor)
        days_waiting.append(days)
        mine = known.get(s.id, {})
        if s.area:
            near = by_place.get((s.municipality, ANY), []) + by_place.get(
                (s.municipality, s.area), []
            )
        else:
            near = list({c.id: c for c in by_place.get((s.municipality, ""), [])}.values())
        for c in near:
            if exclusion_reasons(s, c, open_counts.get(c.id, 0), mine.get(c.id), today):
                continue
            feasible.append((row, c, score_of(s, c, wlist, today) * factor))
            takers[c.id] = takers.get(c.id, 0) + 1
    if not feasible:
        return []

    # Columns: each volunteer's free places, as many as could be used.
    first_column: dict[int, int] = {}
    owners: list[Candidate] = []
    volunteer_of: dict[int, Candidate] = {c.id: c for _, c, _ in feasible}
    for vid in sorted(takers):
        first_column[vid] = len(owners)
        owners.extend([volunteer_of[vid]] * min(free[vid], takers[vid]))
    import numpy as np  # here: every command would otherwise pay for them (0.6 s, 55 MB)
    from scipy.optimize import linear_sum_assignment

    benefit = np.zeros((len(order), len(owners)))
    allowed = np.zeros((len(order), len(owners)), dtype=bool)
    for row, c, value in feasible:
        start = first_column[c.id]
        width = min(free[c.id], takers[c.id])
        benefit[row, start : start + width] = value
        allowed[row, start : start + width] = True
    rows, cols = linear_sum_assignment(benefit, maximize=True)

    pairs = []
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        if not allowed[row, col]:
            continue
        c = owners[col]
        client, _ = order[row]
        suggestion = suggestion_for(seekers[row], c, w, today, (waiting_since or {}).get(c.id))
        pairs.append(Pair(client.id or 0, client.name, days_waiting[row], factors[row], suggestion))
    return pairs


def pool_total(pairs: Iterable[Pair]) -> float:
    """The sum the whole-pool proposal maximises."""
    return sum(p.value for p in pairs)
