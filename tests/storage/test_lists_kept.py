"""The clients' lines (``store.lists.clients``): what the validated records say, in the lists'
order, kept for the next process as the day's alerts are, worked out again after any save."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from data.dates import HELSINKI
from data.demo import generate
from data.model.facts import ClientFacts
from data.models import Client
from data.rules.alerts import waiting
from data.rules.collation import name_order
from data.storage.files import InvalidRecordError
from data.storage.layout import CACHE_DIR
from data.store import Store
from data.store.lists import ClientLine
from data.store.records import Records
from tests.storage_helpers import settle, settled_copy

TODAY = date(2026, 3, 18)
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=HELSINKI)
USER = "testaaja"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lists") / "data"
    generate(folder, scale="small", seed=3, today=TODAY)
    return folder


@pytest.fixture
def folder(generated: Path, tmp_path: Path) -> Path:
    """A copy of the demo whose last change is long past (a kept answer is trusted)."""
    return settled_copy(generated, tmp_path)


def opened(folder: Path) -> Store[Any]:
    return Store.open(folder, clock=lambda: NOW)


def of_models(store: Store[Any]) -> list[ClientLine]:
    """The lines from the validated clients and their relationships' facts."""
    rels = list(store.records.relationship_facts().values())
    lines = []
    for c in store.records.list(Client):
        facts = ClientFacts(
            c.id or 0, c.name, c.registered_on, c.closed_on, c.first_name, c.last_name
        )
        own = [r for r in rels if r.client_id == c.id]
        lines.append(
            ClientLine(
                c.id or 0,
                c.first_name,
                c.last_name,
                c.birth_date,
                c.area or c.municipality,
                c.registered_on,
                c.closed_on,
                waiting(facts, own),
                any(r.is_open for r in own),
            )
        )
    return sorted(lines, key=lambda line: (name_order(line.first, line.last), line.id))


def test_the_lines_are_what_the_records_say_and_are_kept(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = of_models(opened(folder))
    assert any(x.closed_on for x in expected) and any(x.supported for x in expected)
    assert any(x.waiting_since for x in expected)
    store = opened(folder)
    lines = store.lists.clients()
    assert lines == expected
    assert store.lists.clients() is lines  # the same object while nothing changed
    assert (folder / CACHE_DIR / "client_lines.json").is_file()

    def unread(*args: Any) -> Any:
        raise AssertionError("the records were read again")

    monkeypatch.setattr(Records, "stored", unread)
    monkeypatch.setattr(Records, "relationship_facts", unread)
    assert opened(folder).lists.clients() == expected  # another process: from cache/


def test_a_change_by_another_store_is_seen_at_once(folder: Path) -> None:
    store = opened(folder)
    before = store.lists.clients()
    last = before[-1]
    other = opened(folder)  # another coordinator renames the last client to sort first
    client = other.records.get(Client, last.id)
    other.records.update(USER, client.model_copy(update={"last_name": "Aaberg", "area": "Uusi"}))
    after = store.lists.clients()
    assert after == of_models(opened(folder))
    assert after[0].id == last.id and after[0].area == "Uusi"
    assert opened(folder).lists.clients() == after


def test_a_damaged_or_foreign_kept_file_is_worked_out_again(folder: Path) -> None:
    expected = of_models(opened(folder))
    opened(folder).lists.clients()
    kept = folder / CACHE_DIR / "client_lines.json"
    doc = orjson.loads(kept.read_bytes())
    foreign = dict(doc, value=[[1, "A", "B"]])
    wrong = dict(doc, value=[[1, 2, 3, "2010-01-01", "x", "2020-01-01", None, None, False]])
    for bad in (b"{not json", orjson.dumps(foreign), orjson.dumps(wrong), b"[]"):
        kept.write_bytes(bad)
        assert opened(folder).lists.clients() == expected


def test_a_client_stored_damaged_is_refused_as_the_records_are(folder: Path) -> None:
    """A stored row the lines cannot read is validated whole: refused with the same error
    as listing the records."""
    path = folder / "clients.json"
    doc = orjson.loads(path.read_bytes())
    row = next(iter(doc["clients"].values()))
    row["birth_date"] = "not a day"
    path.write_bytes(orjson.dumps(doc))
    with pytest.raises(InvalidRecordError) as listed:
        opened(folder).records.list(Client)
    with pytest.raises(InvalidRecordError) as lined:
        opened(folder).lists.clients()
    assert str(lined.value) == str(listed.value)


def test_the_kept_pool_is_the_pool_of_the_facts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.matching.pool``: kept under the change token and the day as the alerts are."""
    expected = opened(folder).matching.pool_of_facts(TODAY)
    assert expected.clients and expected.volunteers
    store = opened(folder)
    pool = store.matching.pool(TODAY)
    assert pool == expected and store.matching.pool(TODAY) is pool
    assert (folder / CACHE_DIR / "pool.json").is_file()

    def unread(*args: Any) -> Any:
        raise AssertionError("the facts were read again")

    with monkeypatch.context() as patched:
        patched.setattr(Records, "relationship_facts", unread)
        assert opened(folder).matching.pool(TODAY) == expected  # another process: cache/
    later = date(2026, 3, 20)  # another day: the days waited grow
    assert opened(folder).matching.pool(later) == opened(folder).matching.pool_of_facts(later)
    waiting = expected.clients[0]
    other = opened(folder)  # another coordinator closes the longest-waiting client
    client = other.records.get(Client, waiting.client_id)
    other.records.update(USER, client.model_copy(update={"closed_on": TODAY}))
    after = store.matching.pool(TODAY)
    assert waiting.client_id not in {c.client_id for c in after.clients}
    assert after == opened(folder).matching.pool_of_facts(TODAY)


def test_the_kept_views_of_the_volunteers_are_the_views_of_their_rows(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.matching.candidates``: kept under the change token; another Store reads them
    without building a view from the volunteers' rows; a volunteer changed elsewhere shows."""
    from data.models import Volunteer
    from data.rules.matching import Candidate
    from data.store.matching import Matching

    rows = opened(folder).records.stored(Volunteer)
    expected = [Candidate.stored(row) for row in rows.values()]
    store = opened(folder)
    views = store.matching.candidates()
    assert views == expected and store.matching.candidates() is views
    assert (folder / CACHE_DIR / "candidates.json").is_file()

    def unbuilt(*args: Any) -> Any:
        raise AssertionError("a view was built from a stored row")

    with monkeypatch.context() as patched:
        patched.setattr(Matching, "_view", unbuilt)
        fresh = opened(folder)
        assert fresh.matching.candidates() == expected  # another process: from cache/
        first = fresh.matching.pool(TODAY).clients[0].client_id
        assert fresh.matching.shortlist(first, TODAY) == store.matching.shortlist(first, TODAY)
    other = opened(folder)  # another coordinator gives a volunteer a car
    vid = expected[0].id
    volunteer = other.records.get(Volunteer, vid)
    other.records.update(USER, volunteer.model_copy(update={"has_car": not volunteer.has_car}))
    after = {c.id: c for c in store.matching.candidates()}
    assert after[vid].has_car is not expected[0].has_car
    assert list(after.values()) == opened(folder).matching.candidates()


def test_ranking_from_the_kept_facts_is_the_ranking_of_the_facts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.matching.shortlist`` ranks from ``rank_facts`` (kept under the change token): a
    fresh Store ranks every client as a Store that built every fact does, without building
    them; a relationship proposed by another Store changes the next ranking."""
    from data.models import Relationship
    from data.rules import matching as rules
    from data.store.matching import Matching

    def of_facts(store: Store[Any], cid: int) -> Any:
        m = store.matching
        client, facts = store.records.get(Client, cid), m._matching_facts()
        known = m._known(client, facts, store.records.client_facts())
        settings = store.records.settings()
        return rules.shortlist(
            client,
            m.candidates(),
            facts.open,
            settings,
            TODAY,
            known=known,
            waiting_since=facts.since,
        )

    store = opened(folder)  # a sister of a client who has had a support person
    rel = next(iter(store.records.relationship_facts().values()))
    sister = store.records.get(Client, rel.client_id).model_copy(update={"first_name": "Iida"})
    store.records.add(USER, sister.model_copy(update={"id": None, "version": 1}))
    settle(folder)
    warm = opened(folder)
    clients = warm.records.list(Client)
    shared = Counter(g for c in clients for g in c.guardian_ids)
    ids = [c.id or 0 for c in clients if any(shared[g] > 1 for g in c.guardian_ids)]
    ids += [c.id or 0 for c in clients[:30] if c.id not in ids]  # and some of any kind
    expected = {cid: of_facts(warm, cid) for cid in ids}
    reasons = {r.code for ranking in expected.values() for x in ranking.excluded for r in x.reasons}
    assert {"earlier_relationship", "sibling_relationship"} <= reasons  # the family's known
    first = opened(folder)
    assert {cid: first.matching.shortlist(cid, TODAY) for cid in ids} == expected
    assert (folder / CACHE_DIR / "rank_facts.json").is_file()

    def unread(*args: Any) -> Any:
        raise AssertionError("every fact was built again")

    with monkeypatch.context() as patched:
        patched.setattr(Matching, "_matching_facts", unread)
        patched.setattr(Records, "client_facts", unread)
        fresh = opened(folder)  # another process: from cache/
        assert {cid: fresh.matching.shortlist(cid, TODAY) for cid in ids} == expected
    waiting = fresh.matching.pool(TODAY).clients[0].client_id
    ranked = fresh.matching.shortlist(waiting, TODAY)
    vid = ranked.suggestions[0].volunteer_id
    opened(folder).relationships.propose(
        USER, Relationship(client_id=waiting, volunteer_id=vid), on=TODAY
    )
    after = fresh.matching.shortlist(waiting, TODAY)
    assert after == of_facts(opened(folder), waiting) != ranked


def test_the_proposal_from_the_kept_answers_is_the_proposal_of_the_facts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.matching.pool_proposal`` takes the waiting lists, what a ranking reads of
    everyone and the volunteers' views as kept, and of the clients' file only the waiting
    clients' rows: the proposal of every fact built, in another process too; a pair
    proposed by another Store changes the next one."""
    from data.rules import matching as rules
    from data.storage.layout import FLAT
    from data.store.matching import Matching

    def of_facts(store: Store[Any]) -> Any:
        m, records = store.matching, store.records
        facts, names = m._matching_facts(), records.client_facts()
        rels = records.relationship_facts().values()
        waiting = rules.waiting_clients(names.values(), rels, TODAY)
        clients = [(records.get(Client, w.client_id), w.since) for w in waiting]
        known = {c.id or 0: m._known(c, facts, names) for c, _ in clients}
        settings = records.settings()
        return rules.propose_pool(
            clients,
            m.candidates(),
            facts.open,
            settings,
            TODAY,
            known=known,
            waiting_since=facts.since,
        )

    expected = of_facts(opened(folder))
    assert len(expected) >= 2
    straight = opened(folder)  # straight from the waiting lists: nothing kept but the pool
    assert straight.matching.pool_proposal(TODAY) == expected
    every = opened(folder).matching.candidates()  # a ranking keeps every view

    def unread(*args: Any) -> Any:
        raise AssertionError("the facts were read again")

    with monkeypatch.context() as patched:
        for owner, name in [
            (Matching, "_matching_facts"),
            (Matching, "_view"),
            (Records, "client_facts"),
            (Records, "relationship_facts"),
            (Records, "volunteer_facts"),
        ]:
            patched.setattr(owner, name, unread)
        fresh = opened(folder)  # another process: from cache/
        assert fresh.matching.pool_proposal(TODAY) == expected  # (the free ones' views read)
        assert fresh.matching.candidates() == every  # then every view, for a ranking
        assert fresh.matching.pool_proposal(TODAY) == expected
    assert FLAT[Client].file not in fresh.engine._cache  # the waiting clients' rows only
    first = expected[0]
    opened(folder).matching.propose_many(USER, [first], TODAY)
    after = fresh.matching.pool_proposal(TODAY)
    assert first.client_id not in {p.client_id for p in after}
    assert after == of_facts(opened(folder))


def test_what_a_first_ranking_reads_is_read_ahead_only_when_kept(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.matching.read_kept`` (the console's warm-up): the volunteers' views and the
    rank facts when kept for the folder as it is, nothing worked out when not; a ranking
    after it reads nothing more, and a volunteer changed elsewhere still shows."""
    from data.models import ClientKind, Volunteer, VolunteerKind
    from data.storage.kept import Kept
    from data.store.matching import Matching

    def unbuilt(*args: Any) -> Any:
        raise AssertionError("worked out")

    with monkeypatch.context() as patched:
        patched.setattr(Matching, "_view", unbuilt)
        patched.setattr(Matching, "_matching_facts", unbuilt)
        opened(folder).matching.read_kept()  # nothing kept yet: nothing done
    assert not (folder / CACHE_DIR / "candidates.json").exists()
    assert not (folder / CACHE_DIR / "rank_facts.json").exists()
    store = opened(folder)
    waiting = store.matching.pool(TODAY).clients[0].client_id
    expected = store.matching.shortlist(waiting, TODAY)  # worked out and kept
    fresh = opened(folder)
    with monkeypatch.context() as patched:
        patched.setattr(Matching, "_view", unbuilt)
        patched.setattr(Matching, "_matching_facts", unbuilt)
        fresh.matching.read_kept()
        patched.setattr(Kept, "get", unbuilt)  # the ranking reads nothing more
        assert fresh.matching.shortlist(waiting, TODAY) == expected
    other = opened(folder)  # another coordinator records a volunteer's other kind
    vid = expected.suggestions[0].volunteer_id
    volunteer = other.records.get(Volunteer, vid)
    child = other.records.get(Client, waiting).kind is ClientKind.CHILD
    kind = VolunteerKind.PEER if child else VolunteerKind.VOLUNTEER
    other.records.update(USER, volunteer.model_copy(update={"kind": kind}))
    after = fresh.matching.shortlist(waiting, TODAY)
    assert after.suggestion(vid) is None and after.exclusion(vid) is not None
    assert after == opened(folder).matching.shortlist(waiting, TODAY)


def test_a_meeting_saved_elsewhere_leaves_what_a_ranking_reads_kept(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The volunteers' views and what ranking needs of everyone are kept under the state of
    the files they come from (``data.storage.file_state``), not under the folder's change
    token: after another coordinator's meeting (the token moved) a fresh console's first
    ranking works nothing out; a volunteer changed elsewhere is seen."""
    from data.models import (
        CancelReason,
        ClientKind,
        Meeting,
        MeetingStatus,
        Relationship,
        State,
        Volunteer,
        VolunteerKind,
    )
    from data.store.matching import Matching

    store = opened(folder)
    waiting = store.matching.pool(TODAY).clients[0].client_id
    expected = store.matching.shortlist(waiting, TODAY)  # worked out and kept
    other = opened(folder)
    rel = next(r for r in other.records.list(Relationship) if r.state is State.ACTIVE)
    token = other.records.change_token()
    cancelled = MeetingStatus.CANCELLED
    meeting = Meeting(
        relationship_id=rel.id or 0,
        on=TODAY,
        status=cancelled,
        cancel_reason=CancelReason.CHILD_ILL,
    )
    other.meetings.log(USER, meeting)
    assert other.records.change_token() != token

    def unbuilt(*args: Any) -> Any:
        raise AssertionError("worked out")

    fresh = opened(folder)
    with monkeypatch.context() as patched:
        patched.setattr(Matching, "_view", unbuilt)
        patched.setattr(Matching, "_matching_facts", unbuilt)
        assert fresh.matching.shortlist(waiting, TODAY) == expected
    vid = expected.suggestions[0].volunteer_id  # then a volunteer changed elsewhere
    volunteer = other.records.get(Volunteer, vid)
    child = other.records.get(Client, waiting).kind is ClientKind.CHILD
    kind = VolunteerKind.PEER if child else VolunteerKind.VOLUNTEER
    other.records.update(USER, volunteer.model_copy(update={"kind": kind}))
    after = opened(folder).matching.shortlist(waiting, TODAY)
    assert after.suggestion(vid) is None
    assert fresh.matching.shortlist(waiting, TODAY).suggestion(vid) is None
