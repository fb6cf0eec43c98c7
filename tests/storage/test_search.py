"""``store.search.find``: the texts of meetings, concerns and palaverit by words, newest first;
every word must be found, a letter without dots finds it with them, one kind can be chosen;
the words kept per shard follow a change made by another process; a search of a kind that has
no name (``records.search(Meeting, …)``) is refused in words, not with a KeyError."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from data.dates import now_helsinki
from data.errors import Refused
from data.models import Concern, Meeting, PalaveriKind, Report
from data.rules import agendas
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago


def _world(store: Store) -> tuple[int, Meeting, Meeting]:
    f.rates(store)
    rel = f.active(store)
    assert rel.id is not None
    older = store.meetings.log(
        USER,
        Meeting(
            relationship_id=rel.id,
            on=ago(10),
            report=Report(how_it_went="Kävimme kirjastossa ja sitten uimahallissa."),
        ),
    )
    newer = store.meetings.log(
        USER,
        Meeting(relationship_id=rel.id, on=ago(5), report=Report(wellbeing="Kävimme puistossa.")),
    )
    store.concerns.add(
        USER,
        Concern(
            client_id=rel.client_id,
            relationship_id=rel.id,
            noticed_at=now_helsinki() - timedelta(days=1),
            what="Lapsi pelkäsi lähteä kotiin tapaamisen jälkeen.",
        ),
    )
    return rel.id, older, newer


def refs(store: Store, text: str, **options: object) -> list[str]:
    return [f"{h.kind} {h.ref}" for h in store.search.find(USER, text, **options).hits]  # type: ignore[arg-type]


def test_words_accents_kinds_and_order(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    rid, older, newer = _world(store)
    found = store.search.find(USER, "KIRJASTO")
    [hit] = found.hits
    assert (hit.kind, hit.ref, hit.day, hit.relationship_id) == ("meeting", older.ref, ago(10), rid)
    assert hit.initials == "A. E." and "kirjastossa" in hit.snippet and not found.more
    # a letter without its dots finds it with them, newest first; ä typed is ä only
    assert refs(store, "kavimme") == [f"meeting {newer.ref}", f"meeting {older.ref}"]
    assert refs(store, "kävimme") == refs(store, "kavimme")
    assert refs(store, "puistossä") == []
    # every word must be found, in one record
    assert refs(store, "kirjasto uimahalli") == [f"meeting {older.ref}"]
    assert refs(store, "kirjasto puisto") == []
    # one kind
    assert refs(store, "lapsi pelkasi", kinds=["meeting", "palaveri"]) == []
    [concern] = store.search.find(USER, "lapsi pelkasi", kinds=["concern"]).hits
    assert concern.kind == "concern" and concern.relationship_id == rid
    # a palaveri's notes
    draft = store.palaverit.start(USER, rid, PalaveriKind.REVIEW, f.today())
    item = agendas.agenda(PalaveriKind.REVIEW)[0].key
    notes = {item: "Puhuttiin kirjastokäynneistä."}
    draft = store.palaverit.save(USER, draft.model_copy(update={"notes": notes}))
    assert refs(store, "kirjastokay") == [f"palaveri {draft.ref}"]
    assert refs(store, "kirjastokay", kinds=["meeting"]) == []
    # the newest `limit`, and that there are more
    limited = store.search.find(USER, "kavimme", limit=1)
    assert [h.ref for h in limited.hits] == [newer.ref] and limited.more
    with pytest.raises(Refused) as caught:
        store.search.find(USER, " - ")
    assert caught.value.code == "search_empty"
    with pytest.raises(Refused) as caught:
        store.records.search(Meeting, "kirjasto")  # a KeyError before
    assert caught.value.code == "search_by_text"


def test_the_kept_words_follow_a_change_from_another_process(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = Store.open(folder)
    _rid, older, _newer = _world(store)
    assert refs(store, "uimahalli") == [f"meeting {older.ref}"]
    assert list((folder / "cache").glob("search-*.json"))  # kept for the next process
    other = Store.open(folder)  # another coordinator corrects the report
    other.meetings.update(
        USER, older.model_copy(update={"report": Report(how_it_went="Retki metsään.")})
    )
    assert refs(store, "uimahalli") == []
    assert refs(store, "metsaan") == [f"meeting {older.ref}"]
    assert refs(Store.open(folder), "metsaan") == [f"meeting {older.ref}"]


def test_a_contacts_note_and_whom_are_found_and_an_old_cache_is_worked_out_again(
    tmp_path: Path,
) -> None:
    import orjson

    from data.model.contact import Contact, ContactWith
    from data.store.search_words import NAME, PARTS, rules_key

    folder = tmp_path / "data"
    store = Store.open(folder)
    rid, _older, _newer = _world(store)
    assert refs(store, "kirjasto") == [f"meeting {rid}-1"]  # the words kept (no contact yet)
    part = folder / "cache" / NAME.format(rid % PARTS)
    kept = orjson.loads(part.read_bytes())
    called = Contact(
        relationship_id=rid,
        at=now_helsinki() - timedelta(days=2),
        whom=ContactWith.SCHOOL,
        name="luokanopettaja Laine",
        note="Sovittiin kirjastokortista koulun kanssa.",
    )
    saved = store.contacts.log(USER, called)
    assert refs(store, "kirjastokort laine") == [f"contact {saved.ref}"]
    assert refs(store, "kirjasto", kinds=["contact"]) == [f"contact {saved.ref}"]
    [hit] = store.search.find(USER, "luokanopettaja").hits
    assert (hit.kind, hit.day, hit.relationship_id) == ("contact", saved.on, rid)
    # a part kept in the earlier form (four words per shard, no contacts), with the shard's
    # current signature: worked out again, not misread as having no contacts
    now = orjson.loads(part.read_bytes())["shards"][str(rid)]
    for key in (kept["key"].split("-", 1)[-1], rules_key()):
        old = {"key": key, "shards": {str(rid): now[:5]}}
        part.write_bytes(orjson.dumps(old))
        assert refs(Store.open(folder), "laine") == [f"contact {saved.ref}"]
