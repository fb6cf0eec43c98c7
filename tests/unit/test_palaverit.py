"""Palaverit in the store: drafts saved as you go, and finishing applies the decisions at once."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from data.dates import add_months
from data.errors import ConflictError, NotFound, Refused
from data.models import (
    Agreement,
    Attendee,
    EndReason,
    FirstMeeting,
    Goal,
    Palaveri,
    PalaveriKind,
    Phase,
    Relationship,
    Role,
    State,
    VolunteerKind,
)
from data.rules.alerts import AlertKind
from data.rules.palaverit import holdable
from data.store import Store
from tests import factories as f
from tests.engines import reopen
from tests.factories import USER, ago, today


@pytest.fixture
def store(any_store: Store) -> Store:
    """The store tests here run on both engines (memory and JSON files)."""
    return any_store


def proposed(store: Store, **over: object) -> Relationship:
    """A proposed relationship with no agreement yet, as propose_many leaves it (the programme
    has its rates, which the start meeting's terms come from)."""
    f.rates(store)
    c = f.client(store)
    v = f.volunteer(store, **over)
    return store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id), on=ago(20)
    )


def professional(store: Store) -> Relationship:
    c = f.client(store)
    v = f.volunteer(store, kind=VolunteerKind.PROFESSIONAL)
    start = ago(200)
    agreement = Agreement(start=start, planned_end=start + timedelta(days=365), max_meetings=40)
    rel = store.relationships.propose(
        USER,
        Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement),
        on=start - timedelta(days=5),
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, start)  # type: ignore[arg-type]
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, start)  # type: ignore[arg-type]


def start_draft(store: Store, rel: Relationship, on: date | None = None) -> Palaveri:
    people = [
        Attendee(role=Role.CHILD, name="Aino"),
        Attendee(role=Role.GUARDIAN, name="Maija Meikäläinen"),
        Attendee(role=Role.VOLUNTEER, name="Ville"),
        Attendee(role=Role.COORDINATOR, name="Sanna"),
    ]
    return store.palaverit.start(USER, rel.id, PalaveriKind.START, on or ago(2), people)  # type: ignore[arg-type]


def start_decisions(draft: Palaveri, **over: object) -> Palaveri:
    decisions = draft.decisions.model_copy(
        update={
            "start_on": ago(2),
            "planned_end": add_months(ago(2), 12),
            "max_meetings": 24,
            "first_meeting": FirstMeeting(
                on=today() + timedelta(days=5), at=time(16, 30), place="kirjasto", plan="lautapelit"
            ),
            "car_consent": True,
            "home_visit_consent": False,
            "contact": "WhatsApp-ryhmä äidin kanssa",
            "travels_alone": False,
            "new_goals": ["Oma aikuinen, jonka kanssa tehdä asioita", "Uskaltaa kokeilla uutta"],
            **over,
        }
    )
    return draft.model_copy(
        update={
            "decisions": decisions,
            "notes": {"role": "Käytiin läpi.", "costs": "Huoltaja maksaa lapsen kulut."},
            "done": ["role", "costs"],
        }
    )


# ----- drafts --------------------------------------------------------------------------------


def test_a_draft_is_saved_as_you_go_and_resumed_with_its_notes(store: Store) -> None:
    rel = proposed(store)
    draft = start_draft(store, rel)
    assert (draft.finished, draft.version, draft.ref) == (False, 1, f"{rel.id}-1")
    draft = store.palaverit.save(
        USER, draft.model_copy(update={"notes": {"role": "Käytiin läpi."}, "done": ["role"]})
    )
    draft = store.palaverit.save(
        USER,
        draft.model_copy(update={"notes": {**draft.notes, "volunteer_intro": "Ville, 40 v."}}),
    )
    # the console is closed; another process opens the folder and starts the same meeting
    fresh = reopen(store)
    resumed = fresh.palaverit.start("other.user", rel.id, PalaveriKind.START, ago(1))  # type: ignore[arg-type]
    assert resumed.id == draft.id and resumed.on == ago(2)
    assert resumed.notes == {"role": "Käytiin läpi.", "volunteer_intro": "Ville, 40 v."}
    assert resumed.done == ["role"] and len(resumed.attendees) == 4
    assert fresh.palaverit.drafts(rel.id) == [resumed]  # type: ignore[arg-type]
    assert fresh.palaverit.draft(rel.id, PalaveriKind.START) == resumed  # type: ignore[arg-type]
    assert fresh.palaverit.draft(rel.id, PalaveriKind.REVIEW) is None  # type: ignore[arg-type]
    assert fresh.palaverit.by_ref(resumed.ref) == resumed


def test_saving_an_old_version_of_a_draft_is_a_conflict(store: Store) -> None:
    draft = start_draft(store, proposed(store))
    store.palaverit.save(USER, draft.model_copy(update={"notes": {"role": "a"}}))
    with pytest.raises(ConflictError):
        store.palaverit.save("other", draft.model_copy(update={"notes": {"role": "b"}}))


def test_a_draft_cannot_be_saved_as_finished(store: Store) -> None:
    draft = start_draft(store, proposed(store))
    with pytest.raises(Refused) as caught:
        store.palaverit.save(USER, draft.model_copy(update={"finished": True}))
    assert caught.value.code == "use_finish"


def test_bad_references_are_refused(store: Store) -> None:
    rel = proposed(store)
    with pytest.raises(Refused) as caught:
        store.palaverit.by_ref("abc")
    assert caught.value.code == "bad_palaveri_ref"
    with pytest.raises(NotFound):
        store.palaverit.by_ref(f"{rel.id}-7")
    with pytest.raises(NotFound):
        store.palaverit.by_ref("999-1")


def test_what_a_relationship_cannot_hold(store: Store) -> None:
    rel = proposed(store)
    with pytest.raises(Refused) as caught:
        store.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, ago(1))  # type: ignore[arg-type]
    assert caught.value.code == "not_started"
    with pytest.raises(Refused) as caught:
        store.palaverit.start(USER, rel.id, PalaveriKind.CLIENT_PLAN, ago(1))  # type: ignore[arg-type]
    assert caught.value.code == "not_professional"
    # what the console offers to start is what the store would hold: no review, no client plan
    offered = holdable(rel)
    assert PalaveriKind.START in offered and PalaveriKind.ENDING in offered
    assert PalaveriKind.REVIEW not in offered and PalaveriKind.CLIENT_PLAN not in offered
    for kind in offered:
        store.palaverit.start(USER, rel.id, kind, ago(1))  # type: ignore[arg-type]


def test_the_programme_worker_is_refused_at_an_ending(store: Store) -> None:
    rel = f.active(store)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, ago(1))  # type: ignore[arg-type]
    worker = Attendee(role=Role.PROGRAMME_SOCIAL_WORKER, name="Tuula")
    with pytest.raises(Refused) as caught:
        store.palaverit.save(USER, draft.model_copy(update={"attendees": [worker]}))
    assert caught.value.details[0]["type"] == "programme_worker_ending"  # type: ignore[index]


# ----- start ---------------------------------------------------------------------------------


def test_finishing_a_start_meeting_starts_the_relationship(store: Store) -> None:
    rel = proposed(store)
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel)))
    palaveri, changed = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert palaveri.finished and changed.state is State.STARTING

    fresh = reopen(store)
    stored = fresh.records.get(Relationship, rel.id)  # type: ignore[arg-type]
    assert stored.state is State.STARTING and stored.history[-1].on == ago(2)
    agreement = stored.agreement
    assert agreement is not None
    assert (agreement.start, agreement.max_meetings) == (ago(2), 24)
    assert agreement.car_consent is True and agreement.home_visit_consent is False
    assert agreement.contact == "WhatsApp-ryhmä äidin kanssa" and agreement.travels_alone is False
    assert stored.first_meeting_on == today() + timedelta(days=5)
    assert stored.first_meeting is not None and stored.first_meeting.place == "kirjasto"
    assert stored.first_meeting.at == time(16, 30)
    assert [g.text for g in stored.goals] == [
        "Oma aikuinen, jonka kanssa tehdä asioita",
        "Uskaltaa kokeilla uutta",
    ]
    assert stored.review_on is None and stored.review_due() == add_months(ago(2), 12)
    assert fresh.palaverit.drafts(rel.id) == []  # type: ignore[arg-type]
    [kept] = fresh.palaverit.of(rel.id)  # type: ignore[arg-type]
    assert kept.finished and kept.notes["costs"] == "Huoltaja maksaa lapsen kulut."
    alerts = {a.kind for a in fresh.alerts.list() if a.subject.id == rel.id}
    assert AlertKind.ARRANGE_START not in alerts


def test_a_finished_palaveri_cannot_be_edited_or_finished_again(store: Store) -> None:
    rel = proposed(store)
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel)))
    done, _ = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    for attempt in (
        lambda: store.palaverit.save(USER, draft.model_copy(update={"version": done.version})),
        lambda: store.palaverit.finish(USER, rel.id, done.id, done.version),  # type: ignore[arg-type]
    ):
        with pytest.raises(Refused) as caught:
            attempt()
        assert caught.value.code == "palaveri_finished"


def test_a_start_meeting_without_agreement_terms_changes_nothing(store: Store) -> None:
    rel = proposed(store)
    draft = start_draft(store, rel)
    draft = store.palaverit.save(USER, start_decisions(draft, max_meetings=None))
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert caught.value.code == "agreement_terms_missing"
    fresh = reopen(store)
    assert fresh.records.get(Relationship, rel.id).state is State.PROPOSED  # type: ignore[arg-type]
    assert not fresh.palaverit.get(rel.id, draft.id).finished  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"first_meeting": None}, "first_meeting_missing"),
        ({"first_meeting": FirstMeeting(on=date(2001, 1, 1))}, "first_meeting_early"),
    ],
)
def test_a_start_meeting_must_agree_the_first_meeting(
    store: Store, change: dict[str, object], code: str
) -> None:
    rel = proposed(store)
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel), **change))
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_finishing_with_a_stale_version_is_a_conflict(store: Store) -> None:
    rel = proposed(store)
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel)))
    with pytest.raises(ConflictError):
        store.palaverit.finish(USER, rel.id, draft.id, draft.version - 1)  # type: ignore[arg-type]
    assert reopen(store).records.get(Relationship, rel.id).state is State.PROPOSED  # type: ignore[arg-type]


def test_a_palaveri_is_not_finished_before_its_day(store: Store) -> None:
    rel = proposed(store)
    draft = store.palaverit.save(USER, start_decisions(start_draft(store, rel, on=today())))
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version, today=ago(1))  # type: ignore[arg-type]
    assert caught.value.code == "palaveri_future"


def test_a_start_meeting_of_a_professional_service_enters_the_start_phase(store: Store) -> None:
    rel = proposed(store, kind=VolunteerKind.PROFESSIONAL)
    review = add_months(ago(2), 6)
    draft = start_decisions(start_draft(store, rel), next_review_on=review)
    draft = store.palaverit.save(USER, draft)
    _, changed = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert changed.phase is Phase.START and changed.phases[0].since == ago(2)
    assert changed.review_on == review


# ----- review --------------------------------------------------------------------------------


def test_a_review_updates_goals_and_clears_the_review_alert(store: Store) -> None:
    rel = f.active(store, start_days_ago=400)
    rel = store.records.update(
        USER,
        rel.model_copy(
            update={
                "goals": [
                    Goal(id=1, text="Harrastus", set_on=ago(400)),
                    Goal(id=2, text="Kaveri", set_on=ago(400)),
                ]
            }
        ),
    )
    assert AlertKind.REVIEW_OVERDUE in {
        a.kind for a in store.alerts.list() if a.subject.id == rel.id
    }

    draft = store.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, ago(1))  # type: ignore[arg-type]
    decisions = draft.decisions.model_copy(
        update={
            "continue_": True,
            "achieved_goal_ids": [1],
            "new_goals": ["Kulkee bussilla yksin"],
            "planned_end": add_months(ago(1), 12),
            "max_meetings": 48,
        }
    )
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": decisions}))
    store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]

    fresh = reopen(store)
    stored = fresh.records.get(Relationship, rel.id)  # type: ignore[arg-type]
    assert stored.review_on == add_months(ago(1), 12)  # a year on, by default
    assert stored.agreement is not None and stored.agreement.max_meetings == 48
    goals = {g.id: g for g in stored.goals}
    assert (
        goals[1].achieved_on == ago(1)
        and goals[2].open
        and goals[3].text == "Kulkee bussilla yksin"
    )
    kinds = {a.kind for a in fresh.alerts.list() if a.subject.id == rel.id}
    assert not kinds & {AlertKind.REVIEW_DUE, AlertKind.REVIEW_OVERDUE}


def test_a_review_refuses_an_unknown_goal_and_a_past_next_review(store: Store) -> None:
    rel = f.active(store, start_days_ago=400)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, ago(1))  # type: ignore[arg-type]
    for update, code in (
        ({"achieved_goal_ids": [5]}, "goal_unknown"),
        ({"achieved_goal_ids": [], "next_review_on": ago(3)}, "review_not_after"),
    ):
        attempt = store.palaverit.save(
            USER, draft.model_copy(update={"decisions": draft.decisions.model_copy(update=update)})
        )
        with pytest.raises(Refused) as caught:
            store.palaverit.finish(USER, rel.id, attempt.id, attempt.version)  # type: ignore[arg-type]
        assert caught.value.code == code
        draft = attempt


def test_a_review_that_does_not_continue_needs_a_reason_and_ends_it(store: Store) -> None:
    rel = f.active(store, start_days_ago=400)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, ago(1))  # type: ignore[arg-type]
    stop = draft.decisions.model_copy(update={"continue_": False})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": stop}))
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert caught.value.code == "end_reason_needed"

    reason = stop.model_copy(update={"end_reason": EndReason.GOALS_MET})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": reason}))
    _, ended = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert ended.state is State.ENDED and ended.ended_on == ago(1)
    # a goodbye meeting may still follow; it records what it gave and leaves the end as it was
    bye = store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, today())  # type: ignore[arg-type]
    gave = bye.decisions.model_copy(update={"gave": {"child": "Uusi harrastus"}})
    bye = store.palaverit.save(USER, bye.model_copy(update={"decisions": gave}))
    done, after = store.palaverit.finish(USER, rel.id, bye.id, bye.version)  # type: ignore[arg-type]
    assert done.finished and after.ended_on == ago(1) and after.end_reason is EndReason.GOALS_MET
    with pytest.raises(Refused) as caught:  # the goodbye is held once
        store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, today())  # type: ignore[arg-type]
    assert caught.value.code == "ending_after_end"


def test_an_ending_meeting_is_refused_once_the_relationship_has_ended(store: Store) -> None:
    rel = f.active(store)
    ended = store.relationships.end(USER, rel.id, rel.version, ago(2), EndReason.FAMILY)  # type: ignore[arg-type]
    with pytest.raises(Refused) as caught:
        store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, today())  # type: ignore[arg-type]
    assert caught.value.code == "ending_after_end"
    assert caught.value.params["day"] == f"{ago(2).day}.{ago(2).month}.{ago(2).year}"
    fresh = reopen(store)
    assert fresh.palaverit.of(rel.id) == []  # type: ignore[arg-type]
    assert fresh.records.get(Relationship, rel.id) == ended  # type: ignore[arg-type]


# ----- ending --------------------------------------------------------------------------------


def test_an_ending_meeting_ends_the_relationship_with_its_reason(store: Store) -> None:
    rel = f.active(store)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, ago(1))  # type: ignore[arg-type]
    other = draft.decisions.model_copy(update={"end_reason": EndReason.OTHER})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": other}))
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert caught.value.code == "end_note_missing"

    decided = other.model_copy(
        update={
            "end_note": "Perhe muutti Ouluun.",
            "gave": {"child": "Oma aikuinen", "volunteer": "Iloa arkeen"},
        }
    )
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": decided}))
    store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]

    fresh = reopen(store)
    stored = fresh.records.get(Relationship, rel.id)  # type: ignore[arg-type]
    assert stored.state is State.ENDED and stored.ended_on == ago(1)
    assert stored.end_reason is EndReason.OTHER and stored.end_note == "Perhe muutti Ouluun."
    [kept] = fresh.palaverit.of(rel.id)  # type: ignore[arg-type]
    assert kept.decisions.gave["volunteer"] == "Iloa arkeen"
    with pytest.raises(Refused) as caught:
        fresh.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, today())  # type: ignore[arg-type]
    assert caught.value.code == "relationship_ended"


def test_an_ending_without_a_reason_is_refused(store: Store) -> None:
    rel = f.active(store)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, ago(1))  # type: ignore[arg-type]
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert caught.value.code == "end_reason_needed"
    assert reopen(store).records.get(Relationship, rel.id).state is State.ACTIVE  # type: ignore[arg-type]


# ----- client plan ---------------------------------------------------------------------------


def test_a_client_plan_meeting_moves_the_phase(store: Store) -> None:
    rel = professional(store)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.CLIENT_PLAN, ago(3))  # type: ignore[arg-type]
    trust = draft.decisions.model_copy(update={"phase": Phase.TRUST})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": trust}))
    _, changed = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert changed.phase is Phase.TRUST and changed.phases[-1].since == ago(3)
    assert reopen(store).records.get(Relationship, rel.id).phase is Phase.TRUST  # type: ignore[arg-type]

    back = store.palaverit.start(USER, rel.id, PalaveriKind.CLIENT_PLAN, ago(1))  # type: ignore[arg-type]
    start = back.decisions.model_copy(update={"phase": Phase.START})
    back = store.palaverit.save(USER, back.model_copy(update={"decisions": start}))
    with pytest.raises(Refused) as caught:
        store.palaverit.finish(USER, rel.id, back.id, back.version)  # type: ignore[arg-type]
    assert caught.value.code == "phase_back"


def test_decisions_of_another_kind_are_ignored(store: Store) -> None:
    rel = f.active(store)
    draft = store.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, ago(1))  # type: ignore[arg-type]
    stray = draft.decisions.model_copy(update={"car_consent": True, "phase": Phase.FUTURE})
    draft = store.palaverit.save(USER, draft.model_copy(update={"decisions": stray}))
    _, changed = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    assert changed.agreement is not None and changed.agreement.car_consent is False
    assert changed.phases == []
