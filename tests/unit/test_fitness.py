"""Volunteers kept fit (issue 14) on hand-made cases: the extract's re-check does not move the
volunteer, sessions are validated, the intake checklist's defaults, and the alerts of the
re-check and of work supervision fire when they should and not otherwise."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from data.dates import add_months
from data.model import facts
from data.model.fitness import Criterion, Intake, Session, SessionKind
from data.models import Client, ExtractShown, Paused, Settings, Step, Volunteer
from data.rules.alerts import AlertKind
from data.rules.fitness import fit_days, fitness_alerts
from data.rules.matching.filters import exclusions
from data.rules.matching.sides import Candidate
from tests.factories import vetting

TODAY = date(2026, 11, 22)


def volunteer(start: date, *more: object, sessions: list[Session] | None = None) -> Volunteer:
    return Volunteer(
        id=1,
        first_name="Ville",
        last_name="Vapaa",
        birth_year=1980,
        municipality="Kotka",
        vetting=[*vetting(start), *more],
        sessions=sessions or [],
    )


def child(**over: object) -> Client:
    fields: dict[str, object] = dict(
        id=5,
        first_name="Aino",
        last_name="Lapsi",
        birth_date=date(2015, 1, 1),
        municipality="Kotka",
        registered_on=date(2026, 1, 1),
    )
    fields.update(over)
    return Client(**fields)  # type: ignore[arg-type]


def found(v: Volunteer, supporting: bool = True, **settings: int) -> dict[AlertKind, dict]:  # type: ignore[type-arg]
    s = Settings(**settings)  # type: ignore[arg-type]
    row = v.model_dump(mode="json")
    days = fit_days({1: (row["vetting"], row["sessions"])})
    alerts = fitness_alerts(
        [facts.of_volunteer(v)],
        days,
        {1} if supporting else set(),
        TODAY,
        recheck_months=s.extract_recheck_months,
        warn_days=s.extract_recheck_warn_days,
        supervision_months=s.supervision_months,
    )
    return {a.kind: a.detail for a in alerts}


def test_an_extract_shown_again_after_the_approval_keeps_the_volunteer_approved() -> None:
    start = date(2022, 1, 1)
    again = ExtractShown(extract_date=date(2026, 1, 2), on=date(2026, 1, 10), by="Sanna")
    v = volunteer(start, again)
    assert v.state is Step.APPROVED and v.approved and not v.in_vetting
    assert v.since() == start + timedelta(days=22)  # the approval's day, not the re-check's
    assert v.extract() == again
    assert v.recheck_due(36) == date(2029, 1, 10)
    assert facts.of_volunteer(v).step is Step.APPROVED
    assert Candidate.of(v).vetting is None and Candidate.of(v).extract_on == date(2026, 1, 10)
    stored = Candidate.stored(v.model_dump(mode="json"))
    assert stored.vetting is None and stored.extract_on == date(2026, 1, 10)
    paused = volunteer(start, Paused(on=date(2025, 1, 1)), again)
    assert paused.state is Step.PAUSED  # the re-check does not resume them either


@pytest.mark.parametrize("hours", ["0.1", "0", "24.5", "-1"])
def test_a_session_of_too_few_or_too_many_hours_is_refused(hours: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Session(on=TODAY, hours=Decimal(hours))
    assert exc.value.errors()[0]["type"] == "session_hours"


def test_a_session_of_a_quarter_to_24_hours_is_kept() -> None:
    assert Session(on=TODAY, hours=Decimal("0.25")).hours == Decimal("0.25")
    assert Session(on=TODAY, hours=Decimal(24), kind=SessionKind.TRAINING).hours == 24


def test_a_client_stored_before_the_checklist_reads_as_not_asked_and_may_be_matched() -> None:
    old = child().model_dump(mode="json")
    del old["intake"]
    client = Client.model_validate(old)
    assert client.intake == Intake() and client.intake.willing is None
    assert not client.intake.unwilling
    assert exclusions(client, volunteer(date(2025, 1, 1)), 0, TODAY) == []


def test_a_client_not_willing_is_left_out_with_every_volunteer() -> None:
    client = child(intake=Intake(met=[Criterion.SERVICES_CLIENT], willing=False))
    codes = [r.code for r in exclusions(client, volunteer(date(2025, 1, 1)), 0, TODAY)]
    assert codes == ["client_unwilling"]


def test_the_checklist_keeps_each_criterion_once_in_order() -> None:
    intake = Intake(met=[Criterion.NO_NETWORK, Criterion.SERVICES_CLIENT, Criterion.NO_NETWORK])
    assert intake.met == [Criterion.SERVICES_CLIENT, Criterion.NO_NETWORK]


def test_an_overdue_re_check_leaves_the_volunteer_out_the_day_after_it_fell_due() -> None:
    v = volunteer(date(2023, 1, 1))  # shown 22.1.2023: due 22.1.2026 at 36 months
    due = date(2026, 1, 22)
    assert exclusions(child(), v, 0, due) == []
    codes = [r.code for r in exclusions(child(), v, 0, due + timedelta(days=1))]
    assert codes == ["extract_recheck_overdue"]
    assert exclusions(child(), v, 0, due + timedelta(days=1), recheck_months=48) == []


def test_the_re_check_alerts_before_it_is_due_and_when_it_is_overdue() -> None:
    shown = add_months(TODAY, -36) + timedelta(days=30)  # due in 30 days
    v = volunteer(shown - timedelta(days=21))
    assert found(v)[AlertKind.EXTRACT_DUE] == {"due": "22.12.2026", "days": 30}
    assert AlertKind.EXTRACT_DUE not in found(v, extract_recheck_warn_days=29)
    late = volunteer(shown - timedelta(days=21 + 40))
    assert found(late)[AlertKind.EXTRACT_OVERDUE] == {"due": "12.11.2026"}
    again = ExtractShown(extract_date=TODAY, on=TODAY, by="Sanna")
    assert (
        not {AlertKind.EXTRACT_DUE, AlertKind.EXTRACT_OVERDUE}
        & found(volunteer(shown, again)).keys()
    )


def test_supervision_missing_for_an_active_volunteer_only() -> None:
    recent = [Session(on=TODAY - timedelta(days=40), hours=Decimal(2))]
    old = [Session(on=date(2026, 6, 1), hours=Decimal(2))]
    training = [*old, Session(on=TODAY, hours=Decimal(4), kind=SessionKind.TRAINING)]
    start = date(2025, 1, 1)
    assert AlertKind.SUPERVISION_MISSING not in found(volunteer(start, sessions=recent))
    missing = found(volunteer(start, sessions=old))[AlertKind.SUPERVISION_MISSING]
    assert missing == {"days": (TODAY - date(2026, 6, 1)).days, "last": "1.6.2026"}
    assert AlertKind.SUPERVISION_MISSING in found(volunteer(start, sessions=training))
    never = found(volunteer(start))[AlertKind.SUPERVISION_MISSING]  # counted from the approval
    assert never["last"] == "–" and never["days"] == (TODAY - date(2025, 1, 23)).days
    assert AlertKind.SUPERVISION_MISSING not in found(volunteer(start), supporting=False)
    assert AlertKind.SUPERVISION_MISSING not in found(
        volunteer(start, sessions=old), supervision_months=6
    )
    paused = volunteer(start, Paused(on=date(2026, 5, 1)), sessions=old)
    assert AlertKind.SUPERVISION_MISSING not in found(paused)
    just = volunteer(TODAY - timedelta(days=60))  # approved 38 days ago, none yet: not yet
    assert AlertKind.SUPERVISION_MISSING not in found(just)
