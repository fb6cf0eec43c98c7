"""The waiting lists and the whole-pool proposal (an exact assignment of waiting clients to
free places that maximises the wait-weighted score)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from data.model.facts import ClientFacts, RelFacts, VolunteerFacts
from data.models import (
    Client,
    Settings,
    Volunteer,
    VolunteerKind,
)
from data.rules import weekends
from data.rules.alerts import waiting
from data.rules.matching.shortlist import (
    Suggestion,
    suggestion_for,
)
from data.rules.matching.sides import (
    PARTS,
    Candidate,
    Reason,
    candidates,
    seeker,
    wait_factor,
    weights,
)

if TYPE_CHECKING:
    from data.rules.matching.arrays import CandidateArrays

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
    """Volunteer id -> how many open relationships they have (a peer pair's second person's
    too)."""
    out: dict[int, int] = {}
    for r in relationships:
        if r.is_open:
            out[r.volunteer_id] = out.get(r.volunteer_id, 0) + 1
            if r.second_id is not None:
                out[r.second_id] = out.get(r.second_id, 0) + 1
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
            second = r.second_id  # a peer pair's second person waits likewise
            if second is not None and day is not None and day > newest.get(second, date.min):
                newest[second] = day
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
    volunteers: Iterable[Volunteer | Candidate] | CandidateArrays,
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
    client first.

    The filters and scores of every pair are computed on arrays (``arrays.py``: the same
    numbers as ``exclusion_reasons`` and ``score_of``); only the proposed pairs are explained.
    ``volunteers`` may be the arrays built beforehand (the store keeps them while the volunteers
    are unchanged)."""
    import numpy as np  # here: every command would otherwise pay for it

    from data.rules.matching.arrays import CandidateArrays, feasible_pairs, scores

    w = weights(settings)
    wlist = [w[p] for p in PARTS]
    once = {client.id: (client, since) for client, since in reversed(clients)}  # first wins
    order = sorted(once.values(), key=lambda cs: (cs[1], cs[0].id or 0))
    va = (
        volunteers
        if isinstance(volunteers, CandidateArrays)
        else CandidateArrays(candidates(volunteers))
    )

    # Only volunteers who can take anyone: vetted (the extract's re-check not overdue), with
    # room (the first of any one id).
    opened = np.array([open_counts.get(i, 0) for i in va.ids.tolist()], dtype=np.int64)
    free = va.capacity - opened
    rechecked = va.rechecked(settings.extract_recheck_months, today)
    can = np.flatnonzero(va.vetted & rechecked & (free > 0))
    eligible = np.zeros(len(va.views), dtype=bool)
    eligible[can[np.unique(va.ids[can], return_index=True)[1]]] = True

    seekers = [seeker(client, today) for client, _ in order]
    days_waiting = [(today - since).days for _, since in order]
    factors = [wait_factor(days) for days in days_waiting]
    months = settings.extract_recheck_months
    sa, rows, cols = feasible_pairs(seekers, va, eligible, opened, known or {}, today, months)
    rows, cols = weekends.drop_too_young(sa, va, rows, cols, settings.support_family_min_age)
    if not len(rows):
        return []
    values = scores(sa, va, rows, cols, wlist) * np.array(factors)[rows]

    # Columns: each volunteer's free places, as many as could be used, by volunteer id.
    takers = np.bincount(cols, minlength=len(va.views))
    used = np.flatnonzero(takers)
    used = used[np.argsort(va.ids[used], kind="stable")]
    width = np.minimum(free[used], takers[used])
    owners = np.repeat(used, width)
    place = np.zeros(len(va.views), dtype=np.int64)  # each used volunteer's place in ``used``
    place[used] = np.arange(len(used))
    benefit = np.zeros((len(order), len(used)))  # one column per volunteer, then one per place
    allowed = np.zeros((len(order), len(used)), dtype=bool)
    benefit[rows, place[cols]] = values
    allowed[rows, place[cols]] = True
    benefit, allowed = np.repeat(benefit, width, axis=1), np.repeat(allowed, width, axis=1)
    rows_, cols_ = _assignment()(benefit, maximize=True)

    pairs = []
    for row, col in zip(rows_.tolist(), cols_.tolist(), strict=True):
        if not allowed[row, col]:
            continue
        c = va.views[int(owners[col])]
        client, _ = order[row]
        suggestion = suggestion_for(seekers[row], c, w, today, (waiting_since or {}).get(c.id))
        pairs.append(Pair(client.id or 0, client.name, days_waiting[row], factors[row], suggestion))
    return pairs


def _assignment() -> Any:
    """scipy's ``linear_sum_assignment``. Importing ``scipy.optimize`` takes half a second (it
    imports most of scipy); the function lives in one compiled module of its own that needs only
    numpy, so that module is loaded by itself when it is there (scipy ≥ 1.6), else the package."""
    global _LSAP
    if _LSAP is None:
        _LSAP = _lsap_alone()
    if _LSAP is None:
        from scipy.optimize import linear_sum_assignment

        _LSAP = linear_sum_assignment
    return _LSAP


_LSAP: Any = None


def _lsap_alone() -> Any:
    import importlib.machinery
    import importlib.util
    from pathlib import Path

    try:
        spec = importlib.util.find_spec("scipy")
        if spec is None or spec.origin is None:
            return None
        folder = Path(spec.origin).parent / "optimize"
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / f"_lsap{suffix}"
            if path.is_file():
                loader = importlib.machinery.ExtensionFileLoader("_lsap", str(path))
                module = importlib.util.module_from_spec(
                    importlib.util.spec_from_loader("_lsap", loader)  # type: ignore[arg-type]
                )
                loader.exec_module(module)
                return module.linear_sum_assignment
    except (ImportError, OSError, AttributeError):
        return None
    return None


def pool_total(pairs: Iterable[Pair]) -> float:
    """The sum the whole-pool proposal maximises."""
    return sum(p.value for p in pairs)
