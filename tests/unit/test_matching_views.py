"""The volunteers' matching views are built from the stored rows without validating them
(``Candidate.stored``): the same views as from the validated records, rebuilt when a volunteer
changes (here or in another Store), and a row that does not read is refused clearly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from data import demo
from data.model.base import load
from data.models import EndReason, Relationship, Volunteer, VolunteerKind
from data.rules.matching import Candidate
from data.rules.matching.arrays import CandidateArrays
from data.storage.files import InvalidRecordError
from data.storage.layout import FLAT
from data.store import Store
from tests import factories as f
from tests.engines import reopen
from tests.unit.test_matching_arrays import random_case

TODAY = date(2026, 5, 4)


def stored(v: Volunteer) -> dict[str, Any]:
    return v.model_dump(mode="json")


@pytest.mark.parametrize("seed", range(4))
def test_a_stored_row_gives_the_view_of_the_validated_record(seed: int) -> None:
    _, volunteers, _, _ = random_case(seed, n_clients=1, n_volunteers=60)
    for v in volunteers:
        row = stored(v)
        assert Candidate.stored(row) == Candidate.of(load(Volunteer, row))


def test_fields_not_stored_take_the_models_defaults() -> None:
    row = {
        "id": 7,
        "first_name": " Ville ",
        "last_name": "Väyrynen",
        "birth_year": 1980,
        "municipality": "Kotka",
    }
    assert Candidate.stored(row) == Candidate.of(load(Volunteer, row))
    row["vetting"] = [s.model_dump(mode="json") for s in f.vetting(TODAY - timedelta(days=30))]
    row["availability"] = {"days": ["mon", "fri"]}  # no parts: no slots
    approved = Candidate.stored(row)
    assert approved == Candidate.of(load(Volunteer, row))
    assert approved.vetting is None and approved.languages == {"fi"} and approved.capacity == 1


def test_a_demo_folder_gives_the_same_views(tmp_path: Path) -> None:
    demo.generate(tmp_path / "d", scale="small", seed=3, today=TODAY)
    store = Store.open(tmp_path / "d")
    views = store.matching.candidates()
    assert views == [Candidate.of(v) for v in store.records.list(Volunteer)]
    assert len(views) > 10 and any(v.vetting is None for v in views)


def test_the_views_are_built_once_and_again_when_a_volunteer_changes(any_store: Store) -> None:
    store = any_store
    v = f.volunteer(store, capacity=1)
    first = store.matching.candidates()
    arrays = store.matching.candidate_arrays()
    assert store.matching.candidates() is first  # unchanged: the same views
    assert store.matching.candidate_arrays() is arrays

    other = reopen(store)  # another coordinator raises the capacity
    other.records.update(f.USER, v.model_copy(update={"capacity": 3}))
    assert [c.capacity for c in store.matching.candidates()] == [3]
    assert store.matching.candidate_arrays() is not arrays
    assert store.matching.candidate_arrays().capacity.tolist() == [3]

    f.volunteer(store, first_name="Toinen", kind=VolunteerKind.PEER)
    assert [c.kind for c in store.matching.candidates()] == [
        VolunteerKind.VOLUNTEER,
        VolunteerKind.PEER,
    ]
    assert isinstance(store.matching.candidate_arrays(), CandidateArrays)


@pytest.mark.parametrize(
    "broken",
    [
        {"kind": "astronaut"},
        {"interests": "dogs"},  # read as letters if not checked
        {"has_car": "yes"},  # the model reads this one: the view is the validated record's
        {"capacity": "many"},
        {"vetting": [{"step": "knighted", "on": "2026-01-01"}]},
        {"availability": {"days": "mon", "parts": ["evening"]}},
    ],
)
def test_a_row_that_does_not_read_is_refused_clearly(
    tmp_path: Path, broken: dict[str, Any]
) -> None:
    store = Store.open(tmp_path / "s")
    v = f.volunteer(store)
    place = FLAT[Volunteer]
    with store.records.transaction() as tx:
        row = dict(store.engine.table(place.file, place.table)[str(v.id)])
        row.update(broken)
        tx.put(place.file, place.table, v.id or 0, row)
    with pytest.raises((KeyError, ValueError, TypeError, AttributeError)):
        Candidate.stored(row)
    fresh = Store.open(tmp_path / "s")
    try:
        record = load(Volunteer, row)
    except ValueError:  # pydantic's ValidationError
        with pytest.raises(InvalidRecordError):
            fresh.matching.candidates()
    else:
        assert fresh.matching.candidates() == [Candidate.of(record)]


def test_the_store_proposal_leaves_out_whom_the_family_knows(any_store: Store) -> None:
    """The arrays' filter of known volunteers, fed by the store: an earlier relationship, a
    sibling's volunteer and the family's own list are never proposed, though they fit best."""
    store = any_store
    child = f.client(store, interests=["dogs"])
    sibling = f.client(store, first_name="Eetu", guardian_ids=child.guardian_ids)
    best = {"interests": ["dogs"], "capacity": 2}
    before = f.volunteer(store, last_name="Entinen", **best)
    theirs = f.volunteer(store, last_name="Sisaruksen", **best)
    known = f.volunteer(store, last_name="Tuttu", **best)
    fresh = f.volunteer(store, last_name="Uusi", area="Sunila")  # fits worse
    child = store.records.update(
        f.USER, child.model_copy(update={"known_volunteer_ids": [known.id]})
    )
    rel = store.relationships.propose(
        f.USER, Relationship(client_id=child.id, volunteer_id=before.id), on=f.ago(30)
    )
    store.relationships.end(f.USER, rel.id, rel.version, f.ago(20), EndReason.VOLUNTEER)
    store.relationships.propose(
        f.USER, Relationship(client_id=sibling.id, volunteer_id=theirs.id), on=f.ago(10)
    )

    pairs = store.matching.pool_proposal(f.today())
    assert [(p.client_id, p.volunteer_id) for p in pairs] == [(child.id, fresh.id)]
    ranking = store.matching.shortlist(child.id, f.today())
    assert ranking.suggestion(known.id) is None and ranking.suggestion(fresh.id) is not None


def test_the_proposal_from_only_the_free_volunteers_views_is_the_same(tmp_path: Path) -> None:
    """Straight from the waiting lists the store builds views of the volunteers with room only;
    after a ranking it uses every view: the same pairs. A volunteer given room by another
    coordinator is in the next proposal."""
    demo.generate(tmp_path / "d", scale="small", seed=5, today=TODAY)
    straight = Store.open(tmp_path / "d")
    straight.matching.pool(TODAY)
    pairs = straight.matching.pool_proposal(TODAY)
    assert straight.matching._candidates is None  # not every view was built
    ranked = Store.open(tmp_path / "d")
    ranked.matching.shortlist(ranked.matching.pool(TODAY).clients[0].client_id, TODAY)
    assert pairs == ranked.matching.pool_proposal(TODAY)
    assert len(pairs) >= 1

    taken = {p.volunteer_id for p in pairs}
    full = next(
        v
        for v in straight.records.list(Volunteer)
        if v.approved
        and v.id not in taken
        and v.id not in {x.volunteer_id for x in straight.matching.pool(TODAY).volunteers}
    )
    other = reopen(straight)
    other.records.update(f.USER, full.model_copy(update={"capacity": full.capacity + 5}))
    assert full.id in {x.volunteer_id for x in straight.matching.pool(TODAY).volunteers}
    assert straight.matching.pool_proposal(TODAY) == reopen(straight).matching.pool_proposal(TODAY)
    free = straight.matching._free_arrays(
        sorted(v.volunteer_id for v in straight.matching.pool(TODAY).volunteers)
    )
    assert full.id in free.ids.tolist()
