"""Every verb of the Store with every role: an admin does everything, a coordinator all the care
work, a reader changes nothing, a login the folder does not know nothing at all; a refused verb
stores nothing. The verbs are found by looking at the Store's parts, so a new verb that names
an acting user fails here until it is listed (and gated)."""

from __future__ import annotations

import hashlib
import inspect
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from data.dates import add_months, month_start, now_helsinki
from data.errors import Refused
from data.model.access import AccessView, Face
from data.model.contact import Contact, ContactWith
from data.model.fitness import Session
from data.model.register import UserRole
from data.models import (
    Applied,
    Client,
    ClientKind,
    Concern,
    EndReason,
    FeeModel,
    FeeTerms,
    FollowUp,
    Guardian,
    Meeting,
    MonthlyReport,
    Notification,
    NotifyTarget,
    PalaveriKind,
    Relationship,
    SocialWorker,
    State,
    SuitabilityAssessed,
    Volunteer,
    VolunteerKind,
)
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tests.unit.test_palaverit import proposed, start_decisions, start_draft

ADMIN, COORDINATOR, READER, STRANGER = "ada", "carl", "rita", "olli.outsider"
ROLES = {ADMIN: UserRole.ADMIN, COORDINATOR: UserRole.COORDINATOR, READER: UserRole.READER}
LOGINS = (ADMIN, COORDINATOR, READER, STRANGER)


def last_month() -> date:
    return month_start(add_months(f.today(), -1))


def _world(folder: Path) -> None:
    """A small programme on which each verb below succeeds once, saved by the user of the
    tests before the folder had users; then the four logins' team."""
    store = Store.open(folder)
    f.rates(store)
    rel = f.active(store)
    assert rel.id is not None
    store.meetings.log(USER, Meeting(relationship_id=rel.id, on=ago(5), place="kirjasto"))
    store.palaverit.start(USER, rel.id, PalaveriKind.CRISIS, ago(1))  # raises a concern
    store.contacts.log(USER, _contact(rel.id))
    noticed = now_helsinki() - timedelta(days=2)
    about = {"client_id": rel.client_id, "relationship_id": rel.id, "noticed_at": noticed}
    store.concerns.add(USER, Concern(**about, what="Worried"))
    told = store.concerns.add(USER, Concern(**about, what="Told already"))
    assert told.id is not None
    told = store.concerns.notify(
        USER,
        told.id,
        told.version,
        Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=noticed, by=USER),  # type: ignore[call-arg]
    )
    store.concerns.follow_up(
        USER,
        told.id,
        told.version,
        FollowUp(at=now_helsinki(), note="Visited"),  # type: ignore[call-arg]
    )
    store.reports.receive(USER, _report(rel.id, last_month()))
    store.payments.approve(USER, add_months(last_month(), -1))
    f.client(store, first_name="Odottava")  # waits for a volunteer
    f.volunteer(store, first_name="Vapaa")  # approved, supports nobody yet
    f.volunteer(store, first_name="Uusi", vetting=[Applied(on=ago(30))])
    waiting = proposed(store)  # a proposed relationship with a start palaveri drafted
    store.palaverit.save(USER, start_decisions(start_draft(store, waiting)))
    _peers(store)
    for login in (COORDINATOR, READER):
        store.drafts.put(login, "client:new", {"first": "A"})
    settings = store.records.settings()
    store.records.save_settings(USER, settings.model_copy(update={"users": ROLES}))


def _contact(rid: int, **over: Any) -> Contact:
    at = now_helsinki() - timedelta(days=4)
    return Contact(relationship_id=rid, at=at, whom=ContactWith.SCHOOL, **over)  # type: ignore[arg-type]


def _peers(store: Store) -> None:
    """A parent's proposed peer support, and a second peer to make it a pair (seed 003)."""
    parent = f.client(
        store, first_name="Vanhempi", kind=ClientKind.PARENT, birth_date=date(1985, 1, 1)
    )
    peer = f.volunteer(store, first_name="Vertainen", kind=VolunteerKind.PEER)
    f.volunteer(store, first_name="Parina", kind=VolunteerKind.PEER)
    store.relationships.propose(USER, Relationship(client_id=parent.id, volunteer_id=peer.id))


def _second(store: Store, user: str) -> object:
    rel = next(r for r in store.records.list(Relationship) if r.service is VolunteerKind.PEER)
    second = next(v for v in store.records.list(Volunteer) if v.first_name == "Parina")
    return store.pairs.set_second(user, rel.id or 0, rel.version, second.id)


def _report(rid: int, month: date) -> MonthlyReport:
    return MonthlyReport(
        relationship_id=rid, month=month, days_met=[month + timedelta(days=2)], received_on=ago(1)
    )


# ----- what each verb is given ------------------------------------------------------------------


def _rel(store: Store, state: State = State.ACTIVE) -> Relationship:
    rid = next(r.id for r in store.records.relationship_facts().values() if r.state is state)
    return store.records.get(Relationship, rid)


def _client(store: Store) -> Client:
    return store.records.get(Client, _rel(store).client_id)


def _concern(store: Store, what: str) -> Concern:
    return next(c for c in store.records.list(Concern) if c.what == what)


def _meeting(store: Store) -> Meeting:
    return store.meetings.of(_rel(store).id or 0)[-1]


def _waiting(store: Store) -> tuple[int, int]:
    client = next(c for c in store.records.list(Client) if c.first_name == "Odottava")
    volunteer = next(v for v in store.records.list(Volunteer) if v.first_name == "Vapaa")
    return client.id or 0, volunteer.id or 0


def _draft(store: Store) -> Any:
    rel = _rel(store, State.PROPOSED)
    return store.palaverit.draft(rel.id or 0, PalaveriKind.START)


def _in_vetting(store: Store) -> Volunteer:
    return next(v for v in store.records.list(Volunteer) if v.first_name == "Uusi")


def _propose(store: Store, user: str) -> object:
    client_id, volunteer_id = _waiting(store)
    return store.relationships.propose(
        user, Relationship(client_id=client_id, volunteer_id=volunteer_id)
    )


def _terms(store: Store, user: str) -> object:
    rel = _rel(store)
    terms = FeeTerms(model=FeeModel.PER_MEETING, fee=Decimal("25.00"), since=f.today())
    return store.relationships.set_terms(user, rel.id or 0, rel.version, terms)


Verb = Callable[[Store, str], object]

#: every verb that names an acting user, the role it needs (None: reading, any admitted login)
#: and a call of it that succeeds for a role that may
VERBS: dict[str, tuple[UserRole | None, Verb]] = {
    "records.add": (
        UserRole.COORDINATOR,
        lambda s, u: s.records.add(
            u, Guardian(first_name="Uusi", last_name="Huoltaja", phone="040 111 2222")
        ),
    ),
    "records.update": (
        UserRole.COORDINATOR,
        lambda s, u: s.records.update(u, _client(s).model_copy(update={"area": "Kotka"})),
    ),
    "records.change": (
        UserRole.COORDINATOR,
        lambda s, u: s.records.change(
            u,
            Client,
            _client(s).id or 0,
            _client(s).version,
            lambda c: c.model_copy(update={"area": "Kotka"}),
        ),
    ),
    "records.revise": (
        UserRole.COORDINATOR,
        lambda s, u: s.records.revise(
            u, Client, _client(s).id or 0, _client(s).version, {"area": "Kotka"}
        ),
    ),
    "records.save_settings": (
        UserRole.ADMIN,
        lambda s, u: s.records.save_settings(
            u, s.records.settings().model_copy(update={"organiser": "Kunta"})
        ),
    ),
    "people.add_session": (
        UserRole.COORDINATOR,
        lambda s, u: s.people.add_session(
            u,
            _waiting(s)[1],
            s.records.get(Volunteer, _waiting(s)[1]).version,
            Session(on=ago(3), hours=Decimal("1.5"), topic="Ryhmätyönohjaus"),
        ),
    ),
    "people.add_vetting_step": (
        UserRole.COORDINATOR,
        lambda s, u: s.people.add_vetting_step(
            u,
            _in_vetting(s).id or 0,
            _in_vetting(s).version,
            SuitabilityAssessed(on=ago(20)),  # type: ignore[call-arg]
        ),
    ),
    "people.add_guardian": (
        UserRole.COORDINATOR,
        lambda s, u: s.people.add_guardian(
            u,
            _client(s).id or 0,
            _client(s).version,
            Guardian(first_name="Toinen", last_name="H", phone="040 333 4444"),
        ),
    ),
    "people.set_social_worker": (
        UserRole.COORDINATOR,
        lambda s, u: s.people.set_social_worker(
            u,
            _client(s).id or 0,
            _client(s).version,
            SocialWorker(first_name="Uusi", last_name="Sosiaalityöntekijä"),
        ),
    ),
    "relationships.propose": (UserRole.COORDINATOR, _propose),
    "relationships.set_state": (
        UserRole.COORDINATOR,
        lambda s, u: s.relationships.set_state(
            u, _rel(s).id or 0, _rel(s).version, State.PAUSED, f.today()
        ),
    ),
    "relationships.end": (
        UserRole.COORDINATOR,
        lambda s, u: s.relationships.end(
            u, _rel(s).id or 0, _rel(s).version, f.today(), EndReason.FAMILY
        ),
    ),
    "relationships.set_terms": (UserRole.COORDINATOR, _terms),
    "pairs.set_second": (UserRole.COORDINATOR, _second),
    "meetings.log": (
        UserRole.COORDINATOR,
        lambda s, u: s.meetings.log(u, Meeting(relationship_id=_rel(s).id or 0, on=ago(1))),
    ),
    "meetings.update": (
        UserRole.COORDINATOR,
        lambda s, u: s.meetings.update(u, _meeting(s).model_copy(update={"place": "puisto"})),
    ),
    "contacts.log": (
        UserRole.COORDINATOR,
        lambda s, u: s.contacts.log(u, _contact(_rel(s).id or 0, minutes=10)),
    ),
    "contacts.change": (
        UserRole.COORDINATOR,
        lambda s, u: s.contacts.change(
            u, s.contacts.of(_rel(s).id or 0)[0].model_copy(update={"note": "Soitettu"})
        ),
    ),
    "contacts.remove": (
        UserRole.COORDINATOR,
        lambda s, u: s.contacts.remove(
            u,
            _rel(s).id or 0,
            s.contacts.of(_rel(s).id or 0)[-1].id or 0,
            s.contacts.of(_rel(s).id or 0)[-1].version,
        ),
    ),
    "concerns.add": (
        UserRole.COORDINATOR,
        lambda s, u: s.concerns.add(
            u,
            Concern(
                client_id=_rel(s).client_id,
                relationship_id=_rel(s).id,
                noticed_at=now_helsinki() - timedelta(hours=1),
                what="New worry",
            ),
        ),
    ),
    "concerns.notify": (
        UserRole.COORDINATOR,
        lambda s, u: s.concerns.notify(
            u,
            _concern(s, "Worried").id or 0,
            _concern(s, "Worried").version,
            Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=now_helsinki(), by=u),  # type: ignore[call-arg]
        ),
    ),
    "concerns.mark_welfare_notification": (
        UserRole.COORDINATOR,
        lambda s, u: s.concerns.mark_welfare_notification(
            u, _concern(s, "Worried").id or 0, _concern(s, "Worried").version, now_helsinki()
        ),
    ),
    "concerns.follow_up": (
        UserRole.COORDINATOR,
        lambda s, u: s.concerns.follow_up(
            u,
            _concern(s, "Worried").id or 0,
            _concern(s, "Worried").version,
            FollowUp(at=now_helsinki(), note="Called"),  # type: ignore[call-arg]
        ),
    ),
    "concerns.close": (
        UserRole.COORDINATOR,
        lambda s, u: s.concerns.close(
            u,
            _concern(s, "Told already").id or 0,
            _concern(s, "Told already").version,
            now_helsinki(),
            "done",
        ),
    ),
    "reports.receive": (
        UserRole.COORDINATOR,
        lambda s, u: s.reports.receive(u, _report(_rel(s).id or 0, add_months(last_month(), -2))),
    ),
    "reports.correct": (
        UserRole.COORDINATOR,
        lambda s, u: s.reports.correct(
            u,
            (s.reports.get(_rel(s).id or 0, last_month()) or _report(0, last_month())).model_copy(
                update={"days_met": [last_month() + timedelta(days=5)]}
            ),
        ),
    ),
    "palaverit.start": (
        UserRole.COORDINATOR,
        lambda s, u: s.palaverit.start(u, _rel(s).id or 0, PalaveriKind.REVIEW, f.today()),
    ),
    "palaverit.save": (
        UserRole.COORDINATOR,
        lambda s, u: s.palaverit.save(u, _draft(s).model_copy(update={"done": ["role"]})),
    ),
    "palaverit.finish": (
        UserRole.COORDINATOR,
        lambda s, u: s.palaverit.finish(
            u, _rel(s, State.PROPOSED).id or 0, _draft(s).id, _draft(s).version
        ),
    ),
    "palaverit.raise_concern": (
        UserRole.COORDINATOR,
        lambda s, u: s.palaverit.raise_concern(
            u,
            _rel(s).id or 0,
            s.palaverit.draft(_rel(s).id or 0, PalaveriKind.CRISIS).id or 0,  # type: ignore[union-attr]
            Concern(client_id=_rel(s).client_id, noticed_at=now_helsinki(), what="Crisis"),
        ),
    ),
    "matching.propose_many": (
        UserRole.COORDINATOR,
        lambda s, u: s.matching.propose_many(u, [_waiting(s)]),
    ),
    "payments.approve": (UserRole.ADMIN, lambda s, u: s.payments.approve(u, last_month())),
    "payments.mark_paid": (
        UserRole.ADMIN,
        lambda s, u: s.payments.mark_paid(u, add_months(last_month(), -1), f.today()),
    ),
    "drafts.get": (None, lambda s, u: s.drafts.get(u, "client:new")),
    "drafts.list": (None, lambda s, u: s.drafts.list(u)),
    "drafts.put": (UserRole.COORDINATOR, lambda s, u: s.drafts.put(u, "meeting:r1", {"a": "b"})),
    "drafts.drop": (UserRole.COORDINATOR, lambda s, u: s.drafts.drop(u, "client:new")),
    "users.add": (UserRole.ADMIN, lambda s, u: s.users.add(u, "newbie", UserRole.COORDINATOR)),
    "users.set_role": (
        UserRole.ADMIN,
        lambda s, u: s.users.set_role(u, COORDINATOR, UserRole.READER),
    ),
    "users.remove": (UserRole.ADMIN, lambda s, u: s.users.remove(u, READER)),
    "access.viewed": (
        UserRole.READER,
        lambda s, u: s.access.viewed(u, _waiting(s)[0], AccessView.CLIENT_PAGE, Face.CONSOLE),
    ),
    "access.viewed_many": (
        UserRole.READER,
        lambda s, u: s.access.viewed_many(u, [_waiting(s)[0]], AccessView.CLIENT_LIST, Face.CLI),
    ),
    "access.entries": (UserRole.ADMIN, lambda s, u: s.access.entries(u)),
    "retention.plan": (UserRole.READER, lambda s, u: s.retention.plan(u)),
    "retention.runs": (UserRole.READER, lambda s, u: s.retention.runs(u)),
    "retention.apply": (UserRole.ADMIN, lambda s, u: s.retention.apply(u)),
    "backup.take": (
        UserRole.ADMIN,
        lambda s, u: s.backup.take(u, s.folder.parent / f"backup-{u}.tar.gz"),
    ),
    "search.find": (UserRole.READER, lambda s, u: s.search.find(u, "worried")),
}
#: the verbs that need a role but only read (nothing is stored when they are allowed)
READING = {"drafts.drop", "access.entries", "retention.plan", "retention.runs", "search.find"}


def _store_verbs(folder: Path) -> set[str]:
    """Every public method of the Store's parts that takes an acting user (``user`` or ``by``)."""
    store = Store.open(folder)
    found: set[str] = set()
    names = [n for n in dir(store) if not n.startswith("_")]
    for name in names:
        try:
            part = getattr(store, name)
        except Exception:  # pragma: no cover - a property that needs the folder
            continue
        if not type(part).__module__.startswith("data.store."):
            continue
        for verb, method in inspect.getmembers(part, inspect.ismethod):
            if verb.startswith("_"):
                continue
            params = list(inspect.signature(method).parameters)
            if params[:1] in (["user"], ["by"]):
                found.add(f"{name}.{verb}")
    return found


def test_every_verb_that_names_a_user_is_listed_with_the_role_it_needs(tmp_path: Path) -> None:
    assert _store_verbs(tmp_path) - {"records.permit"} == set(VERBS)  # (the gate itself)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("roles") / "data"
    _world(folder)
    return folder


def _files(folder: Path) -> dict[str, str]:
    """A hash of every file the verbs may write (the register and the users' drafts), to prove
    that a refused verb stored nothing; the kept answers (``cache/``) are not the register."""
    skipped = ("cache", "backups")
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in skipped and p.suffix != ".lock"
    }


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("verb", sorted(VERBS))
def test_each_verb_with_each_role(world: Path, tmp_path: Path, verb: str, login: str) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(world, folder)
    need, call = VERBS[verb]
    store = Store.open(folder)
    role = ROLES.get(login)
    allowed = role is not None and (need is None or role.may(need))
    before = _files(folder)
    if allowed:
        call(store, login)
        if need is not None and verb not in READING:
            assert _files(folder) != before, f"{verb} by {login} stored nothing"
        return
    with pytest.raises(Refused) as caught:
        call(store, login)
    assert caught.value.code == ("unknown_user" if role is None else "role_refused")
    assert _files(folder) == before, f"{verb} refused for {login} but a file changed"
    if role is None:
        assert ADMIN in caught.value.message  # who can add the login
