"""The day's alerts on hand-made cases: each rule fires when it should, not when it should not."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from data.dates import HELSINKI
from data.model import facts
from data.model.facts import Summary
from data.models import (
    Agreement,
    Applied,
    Client,
    Concern,
    EndReason,
    FollowUp,
    Notification,
    NotifyTarget,
    Relationship,
    Session,
    Settings,
    State,
    StateChange,
    SuitabilityAssessed,
    Urgency,
    Volunteer,
)
from data.rules import alerts as rules
from data.rules.alerts import (
    AlertInput,
    AlertKind,
    alerts,
    counts,
    day_alerts,
    report_months,
    run_months,
    waiting,
)
from data.rules.fitness import FitDays, fit_days
from tests.factories import vetting

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=HELSINKI)


def client(cid: int, registered: date = date(2026, 10, 1)) -> Client:
    return Client(
        id=cid,
        first_name="Lapsi",
        last_name=f"N{cid}",
        birth_date=date(2015, 1, 1),
        municipality="Kotka",
        registered_on=registered,
    )


def volunteer(vid: int, steps: list | None = None) -> Volunteer:  # type: ignore[type-arg]
    return Volunteer(
        id=vid,
        first_name="Tuki",
        last_name=f"H{vid}",
        birth_year=1980,
        municipality="Kotka",
        vetting=steps if steps is not None else vetting(date(2024, 1, 1)),
        sessions=[Session(on=TODAY - timedelta(days=20), hours=Decimal(2))],  # attends
    )


def rel(
    rid: int, state: State = State.ACTIVE, start: date = date(2026, 3, 1), **over: object
) -> Relationship:
    agreement = Agreement(start=start, planned_end=start + timedelta(days=540), max_meetings=24)
    fields: dict[str, object] = dict(
        id=rid,
        client_id=rid,
        volunteer_id=rid,
        state=state,
        agreement=agreement,
        history=[
            StateChange(state=State.PROPOSED, on=start - timedelta(days=20)),
            StateChange(state=state, on=start),
        ],
    )
    fields.update(over)
    return Relationship(**fields)  # type: ignore[arg-type]


def data(
    relationships: list[Relationship],
    summaries: dict[int, Summary] | None = None,
    concerns: list[Concern] | None = None,
    clients: list[Client] | None = None,
    volunteers: list[Volunteer] | None = None,
    reported: dict[int, str] | None = None,
) -> AlertInput:
    ids = [r.id for r in relationships]
    every_month = " ".join(f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13))
    all_reported = {i or 0: every_month for i in ids}  # none held, none missing
    clients = clients if clients is not None else [client(i or 0) for i in ids]
    volunteers = volunteers if volunteers is not None else [volunteer(i or 0) for i in ids]
    return AlertInput(
        clients=[facts.of_client(c) for c in clients],
        volunteers=[facts.of_volunteer(v) for v in volunteers],
        relationships=[facts.of_relationship(r) for r in relationships],
        concerns=concerns or [],
        summaries=healthy(ids) if summaries is None else summaries,
        reported=all_reported if reported is None else reported,
        settings=Settings(),
        approved_runs=set(run_months(TODAY, Settings())),  # the payment runs are in order
        fit=fit_of(volunteers),
    )


def fit_of(volunteers: list[Volunteer]) -> FitDays:
    """The volunteers' days as the store reads them from the stored records."""
    stored = {v.id or 0: v.model_dump(mode="json") for v in volunteers}
    return fit_days({vid: (row["vetting"], row["sessions"]) for vid, row in stored.items()})


def healthy(ids: list[int | None]) -> dict[int, Summary]:
    return {i or 0: Summary(held=10, last_held=TODAY - timedelta(days=3)) for i in ids}


def kinds(found: list) -> list[AlertKind]:  # type: ignore[type-arg]
    return [a.kind for a in found]


def test_a_quiet_healthy_relationship_raises_nothing() -> None:
    assert alerts(data([rel(1)]), TODAY, NOW) == []


def test_unnotified_concern_comes_first_with_its_age_in_hours() -> None:
    noticed = NOW - timedelta(hours=5, minutes=10)
    concerns = [
        Concern(id=1, client_id=1, noticed_at=noticed, what="x", urgency=Urgency.NORMAL),
        Concern(
            id=2,
            client_id=1,
            noticed_at=noticed,
            what="y",
            notifications=[Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=noticed)],
        ),
        Concern(
            id=3, client_id=1, noticed_at=NOW - timedelta(hours=1), what="z", urgency=Urgency.ACUTE
        ),
    ]
    quiet = {1: Summary(held=3, last_held=TODAY - timedelta(days=45))}
    found = alerts(data([rel(1)], summaries=quiet, concerns=concerns), TODAY, NOW)
    assert kinds(found) == [
        AlertKind.CONCERN_UNNOTIFIED,
        AlertKind.CONCERN_UNNOTIFIED,
        AlertKind.NO_MEETING,
    ]
    assert [a.subject.id for a in found[:2]] == [3, 1]  # acute before normal
    assert found[1].detail["hours"] == 5 and found[1].since == noticed
    assert found[0].subject.kind == "concern" and found[0].subject.name == "Lapsi N1"


def test_no_meeting_in_n_days_counts_from_the_last_held_meeting() -> None:
    at_limit = {1: Summary(held=3, last_held=TODAY - timedelta(days=30))}
    assert alerts(data([rel(1)], summaries=at_limit), TODAY, NOW) == []
    over = {1: Summary(held=3, last_held=TODAY - timedelta(days=31))}
    found = alerts(data([rel(1)], summaries=over), TODAY, NOW)
    assert kinds(found) == [AlertKind.NO_MEETING] and found[0].detail == {"days": 31}
    # never met: counted from when it became active
    never = alerts(data([rel(1, start=date(2026, 9, 1))], summaries={}), TODAY, NOW)
    assert AlertKind.NO_MEETING in kinds(never)
    assert not alerts(data([rel(1, state=State.PAUSED)], summaries=over), TODAY, NOW)


def test_meetings_reaching_the_maximum() -> None:
    near = {1: Summary(held=22, last_held=TODAY)}
    found = alerts(data([rel(1)], summaries=near), TODAY, NOW)
    assert kinds(found) == [AlertKind.MAX_NEAR] and found[0].detail == {"left": 2, "max": 24}
    full = {1: Summary(held=24, last_held=TODAY)}
    assert kinds(alerts(data([rel(1)], summaries=full), TODAY, NOW)) == [AlertKind.MAX_REACHED]


def test_review_due_then_overdue_and_an_agreed_date_moves_it() -> None:
    due_soon = rel(1, start=date(2025, 12, 10))
    found = alerts(data([due_soon]), TODAY, NOW)
    assert kinds(found) == [AlertKind.REVIEW_DUE] and found[0].detail["days"] == 18
    assert found[0].since == date(2026, 11, 10)  # when it came within the 30-day window
    overdue = rel(1, start=date(2025, 11, 1), review_on=date(2026, 11, 1))
    found = [a for a in alerts(data([overdue]), TODAY, NOW) if a.kind is AlertKind.REVIEW_OVERDUE]
    assert found[0].since == date(2026, 11, 1) and found[0].detail["days"] == 21
    moved = rel(1, start=date(2025, 11, 1), review_on=date(2027, 11, 1))
    assert AlertKind.REVIEW_OVERDUE not in kinds(alerts(data([moved]), TODAY, NOW))


def test_planned_end_near() -> None:
    ending = rel(1, start=date(2026, 12, 15) - timedelta(days=540), review_on=date(2027, 1, 1))
    found = alerts(data([ending]), TODAY, NOW)
    assert kinds(found) == [AlertKind.PLANNED_END] and found[0].detail["days"] == 23
    assert found[0].since == date(2026, 11, 15) <= TODAY


def test_monthly_report_missing_after_grace_days() -> None:
    assert [m.isoformat() for m in report_months(TODAY, Settings())] == [
        "2026-10-01",
        "2026-09-01",
        "2026-08-01",
    ]
    assert [m.isoformat() for m in report_months(date(2026, 11, 10), Settings())] == [
        "2026-09-01",
        "2026-08-01",
    ]
    reported = {1: "2026-03 2026-04 2026-05 2026-06 2026-07 2026-08"}  # from its start
    found = alerts(data([rel(1)], reported=reported), TODAY, NOW)
    assert kinds(found) == [AlertKind.REPORT_MISSING]
    assert found[0].detail == {"months": "9/2026, 10/2026", "count": 2}
    assert found[0].since == date(2026, 10, 10)
    # a relationship that started in October owes no report for September
    late = rel(1, start=date(2026, 10, 20), review_on=date(2027, 10, 1))
    found = alerts(data([late], reported=reported), TODAY, NOW)
    assert [a.detail["months"] for a in found if a.kind is AlertKind.REPORT_MISSING] == ["10/2026"]


def test_proposed_relationship_asks_for_the_start_meeting() -> None:
    proposed = Relationship(
        id=1,
        client_id=1,
        volunteer_id=1,
        history=[StateChange(state=State.PROPOSED, on=date(2026, 11, 20))],
    )
    found = alerts(data([proposed]), TODAY, NOW)
    assert kinds(found) == [AlertKind.ARRANGE_START] and found[0].since == date(2026, 11, 20)


def test_volunteer_stuck_in_vetting() -> None:
    stuck = volunteer(5, [Applied(on=date(2026, 8, 1)), SuitabilityAssessed(on=date(2026, 9, 1))])
    moving = volunteer(6, [Applied(on=date(2026, 11, 1))])
    found = alerts(data([], volunteers=[stuck, moving], clients=[]), TODAY, NOW)
    assert kinds(found) == [AlertKind.VETTING_STUCK]
    assert found[0].subject.id == 5 and found[0].detail == {
        "days": 82,
        "step": "suitability_assessed",
    }


def test_clients_waiting_too_long_oldest_first() -> None:
    clients = [
        client(1, date(2026, 9, 1)),
        client(2, date(2026, 6, 1)),
        client(3, date(2026, 11, 1)),
    ]
    found = alerts(data([], clients=clients, volunteers=[]), TODAY, NOW)
    assert [a.subject.id for a in found] == [2, 1]
    assert found[0].detail == {"days": 174}


def test_waiting_again_only_after_the_volunteer_left() -> None:
    c = client(1, date(2025, 1, 1))
    ended = rel(
        1,
        state=State.ENDED,
        start=date(2025, 3, 1),
        ended_on=date(2026, 6, 1),
        end_reason=EndReason.VOLUNTEER,
    )
    of = facts.of_relationship
    assert waiting(facts.of_client(c), [of(ended)]) == date(2026, 6, 1)
    done = ended.model_copy(update={"end_reason": EndReason.GOALS_MET})
    assert waiting(facts.of_client(c), [of(done)]) is None
    assert waiting(facts.of_client(c), [of(rel(1))]) is None
    closed = c.model_copy(update={"closed_on": date(2026, 1, 1)})
    assert waiting(facts.of_client(closed), []) is None


def test_counts_at_a_glance() -> None:
    rels = [rel(1), rel(2, state=State.PAUSED)]
    clients = [client(1), client(2), client(3, date(2026, 8, 1))]
    vols = [volunteer(1), volunteer(2), volunteer(3, [Applied(on=date(2026, 11, 1))])]
    summaries = {
        1: Summary(held=5, months="2026-10=3/0 2026-11=2/1"),
        2: Summary(held=1, months="2026-10=1/0"),
    }
    got = counts(data(rels, summaries=summaries, clients=clients, volunteers=vols), TODAY)
    assert (
        got.active,
        got.waiting,
        got.longest_wait_days,
        got.in_vetting,
        got.meetings_this_month,
    ) == (1, 1, 113, 1, 2)


def test_a_reported_concern_not_followed_up_is_a_reminder() -> None:
    told = Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=NOW - timedelta(days=8))
    lately = NOW - timedelta(days=2)
    concerns = [
        Concern(
            id=1, client_id=1, noticed_at=NOW - timedelta(days=9), what="x", notifications=[told]
        ),
        Concern(
            id=2,
            client_id=1,
            noticed_at=NOW - timedelta(days=9),
            what="y",
            notifications=[told],
            follow_ups=[FollowUp(at=lately, note="soitettu")],
        ),
        Concern(
            id=3,
            client_id=1,
            noticed_at=NOW - timedelta(days=9),
            what="z",
            notifications=[Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=lately)],
        ),
        Concern(
            id=4,
            client_id=1,
            noticed_at=NOW - timedelta(days=9),
            what="w",
            notifications=[told],
            closed_at=lately,
            closing_note="ok",
        ),
    ]
    found = alerts(data([rel(1)], concerns=concerns), TODAY, NOW)
    assert kinds(found) == [AlertKind.CONCERN_FOLLOW_UP]
    assert found[0].subject.id == 1 and found[0].detail["days"] == 8 and found[0].since == told.at


def test_a_held_fee_names_the_oldest_month_not_reported_however_the_months_are_kept() -> None:
    ended = rel(
        1,
        State.ENDED,
        start=date(2025, 1, 1),
        ended_on=date(2025, 6, 15),
        end_reason=EndReason.GOALS_MET,
    )

    def held(months: str) -> list[tuple[str, object, object]]:
        found = alerts(data([ended], reported={1: months}), TODAY, NOW)
        return [
            (a.detail["month"], a.detail["count"], a.since)
            for a in found
            if a.kind is AlertKind.FEE_HELD
        ]

    assert held("2025-01 2025-02 2025-04 2025-05 2025-06") == [("3/2025", 1, date(2025, 6, 1))]
    assert held("2025-02 2025-04 2025-06") == [("1/2025", 3, date(2025, 4, 1))]
    assert held("2024-12 2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07") == []
    assert held("2025-06 2025-05 2025-04 2025-03 2025-02 2025-01") == []  # in any order
    assert held("") == [("1/2025", 6, date(2025, 4, 1))]


def test_the_counts_and_the_alerts_of_one_reading_find_the_waiting_clients_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grouped: list[int] = []
    by_client = rules._by_client
    monkeypatch.setattr(rules, "_by_client", lambda rels: grouped.append(1) or by_client(rels))
    found = data([rel(1)], clients=[client(1), client(2, registered=date(2026, 7, 1))])
    assert counts(found, TODAY).waiting == 1
    assert counts(found, TODAY).longest_wait_days == 144
    waiting = [a for a in day_alerts(found, TODAY) if a.kind is AlertKind.CLIENT_WAITING]
    assert [(a.subject.id, a.since, a.detail) for a in waiting] == [
        (2, date(2026, 7, 1), {"days": 144})
    ]
    assert grouped == [1]  # (Alerts.day asks both of one reading)
