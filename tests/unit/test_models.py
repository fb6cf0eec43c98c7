"""The models refuse what the domain forbids, and say what to fix in words."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from data.dates import HELSINKI, add_months, now_helsinki, today_helsinki
from data.errors import describe
from data.models import (
    Agreement,
    Applied,
    Attendee,
    CancelReason,
    Client,
    Concern,
    ExtractShown,
    FeeModel,
    Guardian,
    Meeting,
    MeetingStatus,
    MonthlyReport,
    Notification,
    NotifyTarget,
    Palaveri,
    PalaveriKind,
    Phase,
    PhaseEntry,
    Rate,
    Relationship,
    Role,
    Settings,
    State,
    Step,
    Volunteer,
    VolunteerKind,
)
from tests.factories import vetting

TODAY = today_helsinki()


def codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e["type"] for e in exc.value.errors()}


def test_extract_older_than_six_months_is_refused() -> None:
    ExtractShown(extract_date=date(2026, 1, 31), on=date(2026, 7, 31), by="coordinator")
    with pytest.raises(ValidationError) as exc:
        ExtractShown(extract_date=date(2026, 1, 31), on=date(2026, 8, 1), by="coordinator")
    assert codes(exc) == {"extract_too_old"}
    assert "six months" in describe(exc.value)


def test_extract_has_no_field_for_its_contents() -> None:
    with pytest.raises(ValidationError) as exc:
        ExtractShown.model_validate(
            {"extract_date": "2026-01-01", "on": "2026-01-02", "by": "x", "number": "123"}
        )
    assert codes(exc) == {"extra_forbidden"}
    # (``removed_on``: the day retention removed the date and who saw it; nothing of the contents)
    assert set(ExtractShown.model_fields) == {"step", "extract_date", "on", "by", "removed_on"}


def test_extract_dated_after_it_was_shown_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        ExtractShown(extract_date=date(2026, 2, 2), on=date(2026, 2, 1), by="x")
    assert codes(exc) == {"extract_after_seen"}


def _volunteer(steps: list) -> Volunteer:  # type: ignore[type-arg]
    return Volunteer(
        first_name="Ville", last_name="V", birth_year=1980, municipality="Kotka", vetting=steps
    )


def test_vetting_pipeline_order_and_state() -> None:
    steps = vetting(date(2026, 1, 1))
    v = _volunteer(steps)
    assert v.approved and v.state is Step.APPROVED and v.next_step() is None
    assert _volunteer(steps[:2]).next_step() is Step.ORIENTED
    assert _volunteer(steps[:2]).in_vetting
    with pytest.raises(ValidationError) as exc:  # approval without the extract shown
        _volunteer([*steps[:3], steps[4]])
    assert codes(exc) == {"step_missing"}
    with pytest.raises(ValidationError) as exc:
        _volunteer(
            [Applied(on=date(2026, 1, 10)), steps[1].model_copy(update={"on": date(2026, 1, 5)})]
        )
    assert codes(exc) == {"steps_order"}


def test_client_dates_and_derived_age() -> None:
    c = Client(
        first_name="A",
        last_name="B",
        birth_date=date(2015, 11, 23),
        municipality="Kotka",
        registered_on=date(2026, 1, 1),
    )
    assert c.age(date(2026, 11, 22)) == 10
    assert c.age(date(2026, 11, 23)) == 11
    assert c.waiting_days(date(2026, 1, 31)) == 30
    with pytest.raises(ValidationError) as exc:
        Client(
            first_name="A",
            last_name="B",
            birth_date=date(2027, 1, 1),
            municipality="Kotka",
            registered_on=date(2026, 1, 1),
        )
    assert codes(exc) == {"born_after_registered"}
    with pytest.raises(ValidationError) as exc:
        Client(
            first_name=" ",
            last_name="B",
            birth_date=date(2015, 1, 1),
            municipality="Kotka",
            registered_on=date(2026, 1, 1),
        )
    assert "blank" in codes(exc)


def test_guardian_needs_a_way_to_reach_them_and_valid_contacts() -> None:
    with pytest.raises(ValidationError) as exc:
        Guardian(first_name="M", last_name="M")
    assert codes(exc) == {"unreachable"}
    with pytest.raises(ValidationError) as exc:
        Guardian(first_name="M", last_name="M", phone="call me", email="nope")
    assert codes(exc) == {"phone", "email"}


def test_held_meeting_cannot_be_in_the_future() -> None:
    """Judged by the clock handed in (a test started at 23.59 and run at 00.00 in Helsinki
    saw 'tomorrow' become today: CI failed once at midnight)."""
    now = datetime(2026, 12, 4, 23, 59, tzinfo=HELSINKI)
    today = now.date()
    Meeting.model_validate({"relationship_id": 1, "on": today}, context={"now": now})
    with pytest.raises(ValidationError) as exc:
        Meeting.model_validate(
            {"relationship_id": 1, "on": today + timedelta(days=1)}, context={"now": now}
        )
    assert codes(exc) == {"held_in_future"}
    # a cancelled one may be (cancelled in advance)
    Meeting.model_validate(
        {
            "relationship_id": 1,
            "on": today + timedelta(days=3),
            "status": MeetingStatus.CANCELLED,
            "cancel_reason": CancelReason.CHILD_ILL,
        },
        context={"now": now},
    )


def test_a_held_meeting_later_today_is_in_the_future() -> None:
    now = datetime(2026, 11, 22, 3, 35, tzinfo=HELSINKI)
    early = {"relationship_id": 1, "on": now.date(), "start": time(3, 35)}
    Meeting.model_validate(early, context={"now": now})
    Meeting.model_validate(
        {**early, "on": now.date() - timedelta(days=1), "start": time(23, 30)}, context={"now": now}
    )
    with pytest.raises(ValidationError) as exc:
        Meeting.model_validate({**early, "start": time(23, 30)}, context={"now": now})
    assert codes(exc) == {"held_in_future"}


def test_cancelled_meeting_needs_reason_and_note_for_other() -> None:
    with pytest.raises(ValidationError) as exc:
        Meeting(relationship_id=1, on=TODAY, status=MeetingStatus.CANCELLED)
    assert codes(exc) == {"cancel_reason_missing"}
    with pytest.raises(ValidationError) as exc:
        Meeting(
            relationship_id=1,
            on=TODAY,
            status=MeetingStatus.CANCELLED,
            cancel_reason=CancelReason.OTHER,
        )
    assert codes(exc) == {"cancel_note_missing"}


def test_money_is_decimal_and_exact() -> None:
    m = Meeting(relationship_id=1, on=TODAY, costs="12.35", km="14.5")  # type: ignore[arg-type]
    assert m.costs == Decimal("12.35") and isinstance(m.costs, Decimal)
    assert m.model_dump(mode="json")["costs"] == "12.35"
    with pytest.raises(ValidationError):
        Meeting(relationship_id=1, on=TODAY, costs="-1")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Meeting(relationship_id=1, on=TODAY, costs="1.234")  # type: ignore[arg-type]


def _agreement(start: date, months: int = 12) -> Agreement:
    return Agreement(start=start, planned_end=add_months(start, months), max_meetings=24)


def test_relationship_state_rules() -> None:
    start = date(2026, 1, 1)
    with pytest.raises(ValidationError) as exc:
        Relationship(client_id=1, volunteer_id=1, state=State.ENDED)
    assert codes(exc) == {"end_reason_missing"}
    with pytest.raises(ValidationError) as exc:
        Relationship(client_id=1, volunteer_id=1, state=State.ACTIVE)
    assert codes(exc) == {"agreement_missing"}
    with pytest.raises(ValidationError) as exc:
        Relationship(
            client_id=1,
            volunteer_id=1,
            service=VolunteerKind.PROFESSIONAL,
            agreement=_agreement(start, 5),
        )
    assert codes(exc) == {"professional_short"}
    with pytest.raises(ValidationError) as exc:
        Agreement(start=start, planned_end=start, max_meetings=3)
    assert codes(exc) == {"end_before_start"}


def test_phases_only_forward_and_only_for_professional_services() -> None:
    start = date(2026, 1, 1)
    phases = [
        PhaseEntry(phase=Phase.START, since=start),
        PhaseEntry(phase=Phase.TRUST, since=start),
    ]
    rel = Relationship(
        client_id=1,
        volunteer_id=1,
        service=VolunteerKind.PROFESSIONAL,
        agreement=_agreement(start),
        phases=phases,
    )
    assert rel.phase is Phase.TRUST
    with pytest.raises(ValidationError) as exc:
        Relationship(
            client_id=1,
            volunteer_id=1,
            service=VolunteerKind.PROFESSIONAL,
            agreement=_agreement(start),
            phases=list(reversed(phases)),
        )
    assert codes(exc) == {"phase_back"}
    with pytest.raises(ValidationError) as exc:
        Relationship(client_id=1, volunteer_id=1, agreement=_agreement(start), phases=phases)
    assert codes(exc) == {"phases_not_professional"}


def test_concern_rules() -> None:
    noticed = now_helsinki() - timedelta(hours=3)
    c = Concern(client_id=1, noticed_at=noticed, what="Bruise on the arm")
    assert not c.notified and c.is_open and 2.9 < c.age_hours(now_helsinki()) < 3.1
    with pytest.raises(ValidationError) as exc:  # a moment must carry its time zone
        Concern(client_id=1, noticed_at=datetime(2026, 11, 22, 14, 5), what="x")
    assert codes(exc) == {"timezone_aware"}
    with pytest.raises(ValidationError) as exc:
        Concern(client_id=1, noticed_at=noticed, what="x", closed_at=now_helsinki())
    assert codes(exc) == {"closed_unnotified"}
    with pytest.raises(ValidationError) as exc:
        Concern(
            client_id=1,
            noticed_at=noticed,
            what="x",
            notifications=[Notification(to=NotifyTarget.POLICE, at=noticed - timedelta(minutes=5))],
        )
    assert codes(exc) == {"notified_before_noticed"}
    with pytest.raises(ValidationError) as exc:
        Concern(client_id=1, noticed_at=now_helsinki() + timedelta(hours=2), what="x")
    assert codes(exc) == {"noticed_in_future"}


def test_monthly_report_days_inside_the_month() -> None:
    r = MonthlyReport(
        relationship_id=1,
        month=date(2026, 10, 17),
        received_on=date(2026, 11, 2),
        days_met=[date(2026, 10, 20), date(2026, 10, 3), date(2026, 10, 20)],
    )
    assert r.month == date(2026, 10, 1)
    assert r.days_met == [date(2026, 10, 3), date(2026, 10, 20)]
    with pytest.raises(ValidationError) as exc:
        MonthlyReport(
            relationship_id=1,
            month=date(2026, 10, 1),
            received_on=date(2026, 11, 2),
            days_met=[date(2026, 11, 1)],
        )
    assert codes(exc) == {"day_outside_month"}


def test_programme_social_worker_never_at_an_ending_meeting() -> None:
    Palaveri(
        relationship_id=1,
        kind=PalaveriKind.REVIEW,
        on=TODAY,
        attendees=[Attendee(role=Role.PROGRAMME_SOCIAL_WORKER)],
    )
    with pytest.raises(ValidationError) as exc:
        Palaveri(
            relationship_id=1,
            kind=PalaveriKind.ENDING,
            on=TODAY,
            attendees=[Attendee(role=Role.PROGRAMME_SOCIAL_WORKER)],
        )
    assert codes(exc) == {"programme_worker_ending"}


def test_settings_rate_in_force_by_kind_and_date_changes_mid_year() -> None:
    volunteer, family = VolunteerKind.VOLUNTEER, VolunteerKind.SUPPORT_FAMILY
    s = Settings(
        rates=[
            Rate(effective_from=date(2026, 7, 1), service=volunteer, fee=Decimal("100.00")),
            Rate(effective_from=date(2020, 1, 1), service=volunteer, fee=Decimal("96.70")),
            Rate(
                effective_from=date(2020, 1, 1),
                service=family,
                fee_model=FeeModel.PER_WEEKEND,
                fee=Decimal("70.00"),
            ),
        ]
    )
    assert s.rate_on(date(2026, 6, 30), volunteer).fee == Decimal("96.70")  # type: ignore[union-attr]
    assert s.rate_on(date(2026, 7, 1), volunteer).fee == Decimal("100.00")  # type: ignore[union-attr]
    assert s.rate_on(date(2027, 3, 1), family).fee == Decimal("70.00")  # type: ignore[union-attr]
    assert s.rate_on(date(2026, 7, 1), VolunteerKind.PEER) is None  # no row for peers
    assert s.rate_on(date(2019, 12, 31), volunteer) is None
    twice = Rate(effective_from=date(2020, 1, 1), service=volunteer, fee=Decimal("1"))
    with pytest.raises(ValidationError) as exc:
        Settings(rates=[twice, twice])
    assert codes(exc) == {"rate_twice"}


def test_a_rate_row_refuses_what_its_service_does_not_pay() -> None:
    day = date(2026, 1, 1)
    cases = {
        "professional_fee": dict(service=VolunteerKind.PROFESSIONAL, fee=Decimal("10")),
        "weekend_not_family": dict(
            service=VolunteerKind.VOLUNTEER, fee_model=FeeModel.PER_WEEKEND, fee=Decimal("10")
        ),
        "fee_without_model": dict(
            service=VolunteerKind.PEER, fee_model=FeeModel.NONE, fee=Decimal("10")
        ),
    }
    for code, fields in cases.items():
        with pytest.raises(ValidationError) as exc:
            Rate(effective_from=day, **fields)  # type: ignore[arg-type]
        assert codes(exc) == {code}


def test_old_settings_with_fee_rates_load_as_rates_per_kind() -> None:
    old = {
        "programme_name": "Vanha",
        "fee_rates": [
            {
                "effective_from": "2020-01-01",
                "fee": "96.70",
                "allowance": "54.50",
                "per_km": "0.25",
                "per_meeting": False,
            },
            {
                "effective_from": "2026-01-01",
                "fee": "20.00",
                "allowance": "0.00",
                "per_km": "0.30",
                "per_meeting": True,
            },
        ],
    }
    s = Settings.model_validate(old)
    volunteer = s.rate_on(date(2025, 5, 1), VolunteerKind.VOLUNTEER)
    assert volunteer is not None
    assert (volunteer.fee_model, volunteer.fee, volunteer.allowance, volunteer.per_km) == (
        FeeModel.MONTHLY,
        Decimal("96.70"),
        Decimal("54.50"),
        Decimal("0.25"),
    )
    peer = s.rate_on(date(2026, 2, 1), VolunteerKind.PEER)
    assert peer is not None and (peer.fee_model, peer.fee) == (
        FeeModel.PER_MEETING,
        Decimal("20.00"),
    )
    pro = s.rate_on(date(2026, 2, 1), VolunteerKind.PROFESSIONAL)
    assert pro is not None and (pro.fee_model, pro.fee, pro.hobby_costs) == (
        FeeModel.NONE,
        Decimal("0.00"),
        True,
    )
    assert "fee_rates" not in s.model_dump()


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 22), -13) == date(2025, 10, 22)
    assert datetime(2026, 11, 22, 14, 5, tzinfo=HELSINKI).utcoffset() == timedelta(hours=2)
