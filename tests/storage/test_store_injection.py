"""The Store is handed its engine and its clock: a test, a benchmark or the console can give
its own."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.errors import Refused
from data.models import Concern, Guardian, Relationship, SocialWorker
from data.storage import Engine
from data.storage.layout import LAYOUT
from data.store import Store
from tests import factories as f
from tests.factories import USER

MOMENT = datetime(2026, 3, 4, 5, 6, tzinfo=HELSINKI)


def test_every_change_is_stamped_with_the_clock_handed_in(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data", clock=lambda: MOMENT)
    worker = store.records.add(USER, SocialWorker(first_name="Sanni", last_name="Sosiaali"))
    assert worker.created_at == MOMENT and worker.changed_at == MOMENT
    assert (
        Store.open(tmp_path / "data").records.get(SocialWorker, worker.id or 0).changed_at == MOMENT
    )


def test_a_store_uses_the_engine_it_is_handed(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "data", durable=False, layout=LAYOUT)
    one, two = Store(engine), Store(engine)
    assert one.engine is two.engine is engine
    worker = one.records.add(USER, SocialWorker(first_name="Sanni", last_name="Sosiaali"))
    assert two.records.get(SocialWorker, worker.id or 0).last_name == "Sosiaali"


def test_a_guardian_is_added_to_the_client_in_one_change(any_store: Store) -> None:
    store = any_store
    client = f.client(store)
    guardian = store.people.add_guardian(
        USER,
        client.id or 0,
        client.version,
        Guardian(first_name="Toinen", last_name="Huoltaja", phone="040 765 4321"),
    )
    assert guardian.id in store.records.get(type(client), client.id or 0).guardian_ids
    worker = store.people.set_social_worker(USER, client.id or 0, client.version + 1, 1)
    assert store.records.get(type(client), client.id or 0).social_worker_id == worker.id == 1


def test_the_rules_about_the_present_judge_by_the_store_clock(any_store: Store) -> None:
    store = Store(any_store.engine, clock=lambda: MOMENT)
    client = f.client(store)
    later = Concern(client_id=client.id or 0, noticed_at=MOMENT + timedelta(days=1), what="x")
    with pytest.raises(Refused) as refused:  # made in a face: the real clock let it through
        store.concerns.add(USER, later)
    assert "noticed_in_future" in str(refused.value.details)
    earlier = later.model_copy(update={"noticed_at": MOMENT - timedelta(hours=1)})
    assert store.concerns.add(USER, earlier).created_at == MOMENT


def test_today_of_every_part_comes_from_the_clock(any_store: Store) -> None:
    store = Store(any_store.engine, clock=lambda: MOMENT)
    client, volunteer = f.client(store), f.volunteer(store)
    [waiting] = store.matching.pool().clients  # the days waited are counted to the clock's today
    assert waiting.client_id == client.id and waiting.days == (MOMENT.date() - waiting.since).days
    proposed = store.relationships.propose(
        USER, Relationship(client_id=client.id or 0, volunteer_id=volunteer.id or 0)
    )
    assert proposed.history[0].on == MOMENT.date()


def test_the_console_keeps_the_store_clock_unless_handed_its_own(tmp_path: Path) -> None:
    from tui.app import TukiApp

    store = Store.open(tmp_path / "data", clock=lambda: MOMENT)
    assert TukiApp(store, "tester").clock() == MOMENT
    other = datetime(2027, 1, 2, 3, 4, tzinfo=HELSINKI)
    assert TukiApp(store, "tester", clock=lambda: other).clock() == other
