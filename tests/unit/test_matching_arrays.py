"""The whole-pool proposal scores pairs on arrays (``data/rules/matching/arrays.py``): the same
filters, the same scores to the last bit and the same pairs as scoring pair by pair, on random
data with ties, every hard filter, odd weights and volunteers listed twice."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from data.models import (
    Availability,
    Client,
    ClientKind,
    DayPart,
    ExtractShown,
    Gender,
    Intake,
    Preferences,
    Settings,
    Travel,
    Volunteer,
    VolunteerKind,
    Weekday,
)
from data.rules.matching import PARTS, Candidate, Reason, propose_pool, wait_factor, weights
from data.rules.matching import pool as pool_module
from data.rules.matching.arrays import CandidateArrays, SeekerArrays, passes, round2, scores
from data.rules.matching.filters import exclusion_reasons
from data.rules.matching.pool import Pair
from data.rules.matching.score import score_of
from data.rules.matching.shortlist import suggestion_for
from data.rules.matching.sides import candidates, seeker
from tests import factories as f

TODAY = date(2026, 5, 4)
PLACES = [
    ("Kotka", "Karhula"),
    ("kotka ", "Sunila"),
    ("Kotka", ""),
    ("Hamina", "Summa"),
    ("Hamina", ""),
    ("Kouvola", "Valkeala"),
    ("Lahti", "Keskusta"),  # no neighbour here
    ("Tuntematon", "Kylä"),  # a municipality the geography table does not know
]
REACH = [[], ["Sunila"], ["Kotka"], ["Hamina"], ["Kotka/Karhula"], ["Tuntematon/kylä"], ["Kylä"]]
INTERESTS = ["floorball", "Dogs", "dogs ", "music", "drawing", "films"]
NEEDS = ["homework", "outdoors", "sports", "friends"]
LANGUAGES = ["fi", "sv", "en", "ru", "Fi"]
WEIGHTS = [
    {},
    {"nearness": 33.333, "interests": 7.77, "needs": 0.005, "car": 12.345, "preferences": 1.115},
    {"availability": 0, "languages": 2.675, "needs": 1.005, "interests": 0.125, "car": 3.5e9},
]  # (the last: a weight too big to sum in hundredths)


def slots(rng: random.Random) -> Availability:
    days = rng.sample(list(Weekday), rng.randint(0, 4))
    parts = rng.sample(list(DayPart), rng.randint(1, 2)) if days else []
    return Availability(days=days, parts=parts)


def random_client(rng: random.Random, cid: int) -> Client:
    municipality, area = rng.choice(PLACES)
    parent = rng.random() < 0.2
    gender = rng.choice([None, *Gender])
    language = rng.choice(["", *LANGUAGES])
    low = rng.choice([None, 25, 40])
    high = rng.choice([None, 45, 60])
    firm = []
    if gender is not None and rng.random() < 0.3:
        firm.append("gender")
    if language and rng.random() < 0.3:
        firm.append("language")
    if (low or high) and rng.random() < 0.3:
        firm.append("age")
    return Client(
        id=cid,
        first_name=f"Lapsi{cid}",
        last_name="Testi",
        kind=ClientKind.PARENT if parent else ClientKind.CHILD,
        birth_date=date(1990, 1, 1) if parent else date(rng.randint(2008, 2020), 6, 1),
        municipality=municipality,
        area=area,
        registered_on=TODAY - timedelta(days=300),
        interests=rng.sample(INTERESTS, rng.randint(0, 4)),
        needs=rng.sample(NEEDS, rng.randint(0, 3)),
        languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
        availability=slots(rng),
        travel=rng.choice(list(Travel)),
        preferences=Preferences(
            gender=gender, language=language, age_min=low, age_max=high, firm=firm
        ),
        known_volunteer_ids=[rng.randint(100, 140)] if rng.random() < 0.2 else [],
        # every ninth client is not willing to take part, every seventh not asked yet (issue 14)
        intake=Intake(willing=False if cid % 9 == 0 else None if cid % 7 == 0 else True),
    )


def random_volunteer(rng: random.Random, vid: int) -> Volunteer:
    municipality, area = rng.choice(PLACES)
    low = rng.choice([None, 6, 10])
    return Volunteer(
        id=vid,
        first_name="Ville",
        last_name=f"Vapaaehtoinen{vid}",
        kind=rng.choice([VolunteerKind.VOLUNTEER, VolunteerKind.PEER, VolunteerKind.PROFESSIONAL]),
        birth_year=rng.choice([1960, 1975, 1985, 1999, 2004]),
        gender=rng.choice([None, *Gender]),
        municipality=municipality,
        area=area,
        reachable_areas=rng.choice(REACH),
        interests=rng.sample(INTERESTS, rng.randint(0, 4)),
        offers=rng.sample(NEEDS, rng.randint(0, 3)),
        languages=rng.sample(LANGUAGES, rng.randint(0, 3)),
        availability=slots(rng),
        has_car=rng.random() < 0.5,
        capacity=rng.randint(1, 3),
        child_age_min=low,
        child_age_max=rng.choice([None, 12, 15]) if low is None or low < 12 else None,
        vetting=vetting_of(vid, rng.random() < 0.85),
    )


def vetting_of(vid: int, vetted: bool) -> list[Any]:
    """Approved a year ago; every fifth volunteer three years ago and every tenth of them also
    showed a new extract a month ago: the others' re-check is overdue (issue 14)."""
    if not vetted:
        return []
    if vid % 5:
        return f.vetting(TODAY - timedelta(days=400))
    steps = f.vetting(TODAY - timedelta(days=1200))
    if vid % 10 == 0:
        again = TODAY - timedelta(days=30)
        steps.append(ExtractShown(extract_date=again, on=again, by="tester"))
    return steps


def random_case(
    seed: int, n_clients: int = 40, n_volunteers: int = 41
) -> tuple[
    list[tuple[Client, date]], list[Volunteer], dict[int, int], dict[int, dict[int, Reason]]
]:
    rng = random.Random(seed)
    clients = [
        (random_client(rng, i), TODAY - timedelta(days=rng.choice([0, 30, 30, 365, 700])))
        for i in range(1, n_clients + 1)
    ]
    volunteers = [random_volunteer(rng, 100 + j) for j in range(n_volunteers)]
    volunteers += rng.sample(volunteers, 3)  # listed twice: the first counts
    open_counts = {v.id or 0: rng.randint(0, 2) for v in volunteers}
    known = {
        c.id or 0: {rng.randint(100, 140): Reason("earlier_relationship", {"state": "ended"})}
        for c, _ in clients
        if rng.random() < 0.3
    }
    return clients, volunteers, open_counts, known


@pytest.mark.parametrize("seed", range(6))
def test_every_pair_passes_and_scores_as_one_by_one(seed: int) -> None:
    clients, volunteers, open_counts, known = random_case(seed)
    views = candidates(volunteers)
    va = CandidateArrays(views)
    seekers = [seeker(c, TODAY) for c, _ in clients]
    sa = SeekerArrays(seekers, va, TODAY)
    rows = np.repeat(np.arange(len(seekers)), len(views))
    cols = np.tile(np.arange(len(views)), len(seekers))
    opened = np.array([open_counts.get(c.id, 0) for c in views])
    pairs = [(r, i) for r in range(len(seekers)) for i in range(len(views))]
    known_at = [
        (r, i)
        for r, i in pairs
        if views[i].id in seekers[r].known or views[i].id in known.get(seekers[r].id, {})
    ]
    ok = passes(sa, va, rows, cols, opened, known_at).tolist()
    reached = [len(va.reachers(s.municipality, s.area)) > 0 for s in seekers]
    for settings in (Settings(matching_weights=w) for w in WEIGHTS):
        wlist = [weights(settings)[p] for p in PARTS]
        got = scores(sa, va, rows, cols, wlist).tolist()
        failed = 0
        for k, (r, i) in enumerate(pairs):
            s, c = seekers[r], views[i]
            reasons = exclusion_reasons(
                s, c, open_counts.get(c.id, 0), known.get(s.id, {}).get(c.id), TODAY
            )
            assert (s.out_of_reach in reasons) == (i not in va.reachers(s.municipality, s.area))
            others = [x for x in reasons if x is not s.out_of_reach]
            assert ok[k] == (not others), (s, c, reasons)
            assert got[k] == score_of(s, c, wlist, TODAY), (s, c)
            failed += bool(reasons)
        assert 0 < failed < len(pairs)  # both kinds of pair were compared
    assert any(reached)


def one_by_one(
    clients: Sequence[tuple[Client, date]],
    volunteers: Sequence[Volunteer],
    open_counts: Mapping[int, int],
    settings: Settings,
    known: Mapping[int, Mapping[int, Reason]],
) -> list[Pair]:
    """The proposal as it was computed before the arrays: every pair filtered and scored by
    itself (``exclusion_reasons``, ``score_of``), the same matrix for the same solver."""
    w = weights(settings)
    wlist = [w[p] for p in PARTS]
    once = {client.id: (client, since) for client, since in reversed(clients)}
    order = sorted(once.values(), key=lambda cs: (cs[1], cs[0].id or 0))
    free: dict[int, int] = {}
    views: dict[int, Candidate] = {}
    for c in candidates(volunteers):
        room = c.capacity - open_counts.get(c.id, 0)
        if c.vetting is None and room > 0 and c.id not in free:
            free[c.id] = room
            views[c.id] = c
    feasible = []
    takers: dict[int, int] = {}
    for row, (client, since) in enumerate(order):
        s = seeker(client, TODAY)
        for c in views.values():
            why = known.get(s.id, {}).get(c.id)
            months = settings.extract_recheck_months
            if not exclusion_reasons(s, c, open_counts.get(c.id, 0), why, TODAY, months):
                value = score_of(s, c, wlist, TODAY) * wait_factor((TODAY - since).days)
                feasible.append((row, c, value))
                takers[c.id] = takers.get(c.id, 0) + 1
    if not feasible:
        return []
    first: dict[int, int] = {}
    owners: list[Candidate] = []
    for vid in sorted(takers):
        first[vid] = len(owners)
        owners.extend([views[vid]] * min(free[vid], takers[vid]))
    benefit = np.zeros((len(order), len(owners)))
    allowed = np.zeros((len(order), len(owners)), dtype=bool)
    for row, c, value in feasible:
        width = min(free[c.id], takers[c.id])
        benefit[row, first[c.id] : first[c.id] + width] = value
        allowed[row, first[c.id] : first[c.id] + width] = True
    out = []
    for row, col in zip(*linear_sum_assignment(benefit, maximize=True), strict=True):
        if allowed[row, col]:
            client, since = order[row]
            days = (TODAY - since).days
            suggestion = suggestion_for(seeker(client, TODAY), owners[col], w, TODAY, None)
            out.append(Pair(client.id or 0, client.name, days, wait_factor(days), suggestion))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_the_proposal_is_the_one_scored_pair_by_pair(seed: int) -> None:
    clients, volunteers, open_counts, known = random_case(seed + 100)
    clients += clients[:2]  # a client twice: the first counts
    settings = Settings(matching_weights=WEIGHTS[seed % len(WEIGHTS)])
    want = one_by_one(clients, volunteers, open_counts, settings, known)
    got = propose_pool(clients, volunteers, open_counts, settings, TODAY, known=known)
    assert got == want
    assert len(got) > 5
    views = CandidateArrays(candidates(volunteers))  # arrays built beforehand: the same
    assert propose_pool(clients, views, open_counts, settings, TODAY, known=known) == want


@pytest.mark.parametrize("months", [36, 48])
def test_overdue_extracts_and_unwilling_clients_are_left_out_alike(months: int) -> None:
    """Issue 14: a volunteer whose extract's re-check is overdue and a client who is not
    willing are left out pair by pair and on arrays alike, under the re-check the settings
    give (48 months: the extracts shown some 39 months ago are not overdue yet)."""
    clients, volunteers, open_counts, known = random_case(7, n_clients=60, n_volunteers=60)
    settings = Settings(extract_recheck_months=months)
    seekers = [seeker(c, TODAY) for c, _ in clients]
    views = candidates(volunteers)
    codes = {
        r.code
        for s in seekers
        for c in views
        for r in exclusion_reasons(s, c, 0, None, TODAY, months)
    }
    assert "client_unwilling" in codes
    assert ("extract_recheck_overdue" in codes) == (months == 36)
    want = one_by_one(clients, volunteers, open_counts, settings, known)
    got = propose_pool(clients, volunteers, open_counts, settings, TODAY, known=known)
    assert got == want and len(got) > 5
    unwilling = {c.id for c, _ in clients if c.intake.unwilling}
    assert unwilling and not unwilling & {p.client_id for p in got}
    old = {v.id for v in volunteers if (due := v.recheck_due(months)) and due < TODAY}
    assert bool(old) == (months == 36)
    assert not old & {p.suggestion.volunteer_id for p in got}


def test_ties_are_broken_as_the_solver_breaks_them() -> None:
    """Many clients and volunteers exactly alike: the same pairs, not just the same total."""
    rng = random.Random(7)
    twin = random_client(rng, 1).model_copy(
        update={"kind": ClientKind.CHILD, "preferences": Preferences(), "known_volunteer_ids": []}
    )
    clients = [(twin.model_copy(update={"id": i}), TODAY - timedelta(days=30)) for i in range(1, 9)]
    helper = random_volunteer(rng, 100).model_copy(
        update={
            "municipality": twin.municipality,
            "area": twin.area,
            "kind": VolunteerKind.VOLUNTEER,
            "child_age_min": None,
            "child_age_max": None,
            "capacity": 2,
            "vetting": f.vetting(TODAY - timedelta(days=400)),
        }
    )
    volunteers = [helper.model_copy(update={"id": 100 + j}) for j in range(5)]
    want = one_by_one(clients, volunteers, {}, Settings(), {})
    got = propose_pool(clients, volunteers, {}, Settings(), TODAY)
    assert got == want and got


@pytest.mark.parametrize("digits", [2, 3, 4])
def test_round2_rounds_as_python_does(digits: int) -> None:
    rng = random.Random(digits)
    ties = [0.125, 0.285, 1.005, 2.675, 0.015, 0.005, 1.115, 4.445, 99.995, 0.0, 100.0]
    values = ties + [rng.randint(0, 10**digits * 100) / 10**digits for _ in range(20000)]
    values += [v * w for v in (0.2, 0.4, 0.6, 1 / 3, 2 / 3, 0.5) for w in (33.333, 7.77, 12.345)]
    got = round2(np.array(values)).tolist()
    assert got == [round(v, 2) for v in values]


def test_scipy_solver_loaded_by_itself_is_scipys() -> None:
    pool_module._LSAP = None
    solve: Any = pool_module._assignment()
    rng = np.random.default_rng(3)
    for shape in [(5, 9), (9, 5), (40, 60)]:
        m = np.round(rng.random(shape) * 4) / 2  # many ties
        got, want = solve(m, maximize=True), linear_sum_assignment(m, maximize=True)
        assert [x.tolist() for x in got] == [x.tolist() for x in want]
