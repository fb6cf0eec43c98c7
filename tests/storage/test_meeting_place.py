"""Where a meeting was held and the guardian's consents (issue 16, seed 000): a meeting at the
volunteer's home or with a car ride, when the agreement lacks the consent, is refused unless a
reason is given, and stored with it."""

from __future__ import annotations

from typing import Any

import pytest

from data.errors import Refused
from data.model.place import PlaceKind
from data.models import Agreement, Meeting, Relationship
from data.store import Store
from tests import factories as f
from tests.engines import snapshot
from tests.factories import USER, ago


@pytest.fixture
def store(any_store: Store[Any]) -> Store[Any]:
    return any_store


def _consent(store: Store[Any], rel: Relationship, **consents: bool) -> None:
    assert rel.agreement is not None
    agreement = Agreement(**{**rel.agreement.model_dump(), **consents})
    store.records.update(USER, rel.model_copy(update={"agreement": agreement}))


def test_a_home_meeting_without_consent_is_refused_unless_a_reason_is_given(
    store: Store[Any],
) -> None:
    rel = f.active(store)  # the agreement's consents: none
    rid = rel.id
    assert rid is not None
    home = Meeting(relationship_id=rid, on=ago(5), place_kind=PlaceKind.VOLUNTEER_HOME)
    before = snapshot(store)
    with pytest.raises(Refused) as exc:
        store.meetings.log(USER, home)
    assert exc.value.code == "home_without_consent"
    assert snapshot(store) == before  # nothing stored
    reason = "the bus strike: baked buns at my place, the mother knew"
    saved = store.meetings.log(USER, home.model_copy(update={"consent_reason": reason}))
    stored = store.meetings.of(rid)[-1]
    assert stored.id == saved.id and stored.place_kind is PlaceKind.VOLUNTEER_HOME
    assert stored.consent_reason == reason
    # outside the home needs nothing; with the consent given, the home needs no reason either
    store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(4), place_kind=PlaceKind.CAFE))
    _consent(store, store.records.get(Relationship, rid), home_visit_consent=True)
    store.meetings.log(USER, home.model_copy(update={"on": ago(3)}))
    assert [m.place_kind for m in store.meetings.of(rid)] == [
        PlaceKind.VOLUNTEER_HOME,
        PlaceKind.CAFE,
        PlaceKind.VOLUNTEER_HOME,
    ]


def test_a_car_ride_without_consent_is_refused_unless_a_reason_is_given(
    store: Store[Any],
) -> None:
    rel = f.active(store)
    rid = rel.id
    assert rid is not None
    ride = Meeting(relationship_id=rid, on=ago(5), place_kind=PlaceKind.SPORTS, by_car=True)
    with pytest.raises(Refused) as exc:
        store.meetings.log(USER, ride)
    assert exc.value.code == "car_without_consent"
    both = ride.model_copy(update={"place_kind": PlaceKind.VOLUNTEER_HOME})
    with pytest.raises(Refused) as exc:
        store.meetings.log(USER, both)
    assert exc.value.code == "home_car_without_consent"
    assert store.meetings.of(rid) == []
    saved = store.meetings.log(USER, ride.model_copy(update={"consent_reason": "to the rink"}))
    assert store.meetings.of(rid)[0].by_car and saved.consent_reason == "to the rink"
    # a correction that adds a ride is refused alike (the reason kept on the meeting is enough)
    plain = store.meetings.log(USER, Meeting(relationship_id=rid, on=ago(4)))
    with pytest.raises(Refused):
        store.meetings.update(USER, plain.model_copy(update={"by_car": True}))
    _consent(store, store.records.get(Relationship, rid), car_consent=True)
    assert store.meetings.update(USER, plain.model_copy(update={"by_car": True})).by_car


def test_a_meeting_without_a_place_kind_is_stored_as_before() -> None:
    """A million meetings stay as small: the new fields are stored only when set."""
    plain = Meeting(relationship_id=1, on=ago(1)).model_dump(mode="json", by_alias=True)
    assert not {"place_kind", "by_car", "consent_reason"} & set(plain)
    kind = Meeting(relationship_id=1, on=ago(1), place_kind=PlaceKind.OUTDOORS)
    assert kind.model_dump(mode="json")["place_kind"] == "out"


def test_peer_support_for_a_parent_asks_no_guardian_consent(store: Store[Any]) -> None:
    """The consents are a guardian's for a child: a parent met by a peer support person at the
    volunteer's home, or given a ride, is an adult who agreed (it was refused, "the guardian
    has not agreed", and asked a reason)."""
    from datetime import date, timedelta

    from data.models import ClientKind, State, VolunteerKind

    parent = f.client(store, kind=ClientKind.PARENT, birth_date=date(1988, 5, 1))
    peer = f.volunteer(store, kind=VolunteerKind.PEER)
    start = ago(100)
    agreement = Agreement(start=start, planned_end=start + timedelta(days=365), max_meetings=24)
    rel = store.relationships.propose(
        USER,
        Relationship(client_id=parent.id, volunteer_id=peer.id, agreement=agreement),
        on=start - timedelta(days=10),
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, start)
    assert rel.agreement is not None and not rel.agreement.home_visit_consent
    assert rel.id is not None
    home = Meeting(
        relationship_id=rel.id, on=ago(5), place_kind=PlaceKind.VOLUNTEER_HOME, by_car=True
    )
    saved = store.meetings.log(USER, home)
    stored = store.meetings.of(rel.id)
    assert [m.id for m in stored] == [saved.id] and stored[0].consent_reason == ""
    assert stored[0].place_kind is PlaceKind.VOLUNTEER_HOME and stored[0].by_car
    # nor does the meeting log say a consent is missing when the home or the car is picked
    from data.rules.place import consent_note

    assert consent_note(rel, PlaceKind.VOLUNTEER_HOME, True) is None
    child = f.active(store)  # a child's, without consents
    assert consent_note(child, PlaceKind.VOLUNTEER_HOME, True) is not None
