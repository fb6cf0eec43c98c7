"""Monthly reports through the Store, on both engines: recorded once per relationship and month,
corrected version-checked, refused sensibly (nothing stored), the month's list, the alert."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from data.dates import add_months, month_key, month_start
from data.errors import ConflictError, NotFound, Refused
from data.models import (
    CancelReason,
    EndReason,
    Meeting,
    MeetingStatus,
    MonthlyReport,
    Relationship,
    ReportHow,
    State,
)
from data.rules.alerts import AlertKind
from data.store import Store
from tests import factories as f
from tests.engines import reopen
from tests.factories import USER, ago


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def last_month() -> date:
    return month_start(add_months(f.today(), -1))


def report(rid: int | None, month: date, **over: Any) -> MonthlyReport:
    fields: dict[str, Any] = dict(
        relationship_id=rid, month=month, days_met=[month + timedelta(days=2)], received_on=ago(0)
    )
    fields.update(over)
    return MonthlyReport(**fields)


def stored_reports(store: Store, month: date) -> list[MonthlyReport]:
    return reopen(store).reports.in_month(month)


def test_a_report_is_recorded_with_its_days_how_and_who(store: Store) -> None:
    rel = f.active(store)
    month = last_month()
    days = [month + timedelta(days=2), month + timedelta(days=16)]
    saved = store.reports.receive(
        "anna.k", report(rel.id, month, days_met=days, how=ReportHow.EMAIL, received_on=ago(1))
    )
    [again] = stored_reports(store, month)
    assert again == saved
    assert again.days_met == days and not again.no_meetings
    assert again.how is ReportHow.EMAIL and again.received_on == ago(1)
    assert again.created_by == "anna.k" and again.version == 1
    assert store.reports.get(rel.id or 0, month + timedelta(days=5)) == saved


def test_no_meetings_is_said_explicitly(store: Store) -> None:
    rel = f.active(store)
    month = last_month()
    with pytest.raises(ValidationError) as exc:
        report(rel.id, month, days_met=[])
    assert {e["type"] for e in exc.value.errors()} == {"no_days_met"}
    with pytest.raises(ValidationError) as exc:
        report(rel.id, month, no_meetings=True)
    assert {e["type"] for e in exc.value.errors()} == {"no_meetings_with_days"}
    saved = store.reports.receive(USER, report(rel.id, month, days_met=[], no_meetings=True))
    assert stored_reports(store, month)[0].no_meetings and saved.days_met == []


def test_a_second_report_is_refused_and_a_correction_is_version_checked(store: Store) -> None:
    rel = f.active(store)
    month = last_month()
    first = store.reports.receive("anna.k", report(rel.id, month))
    with pytest.raises(Refused) as exc:
        store.reports.receive(USER, report(rel.id, month, days_met=[month]))
    assert exc.value.code == "report_exists" and exc.value.params["who"] == "anna.k"
    assert stored_reports(store, month) == [first]  # nothing changed

    fixed = first.model_copy(update={"days_met": [month, month + timedelta(days=9)]})
    corrected = store.reports.correct("ben.k", fixed)
    [again] = stored_reports(store, month)
    assert again == corrected and again.version == 2
    assert again.days_met == [month, month + timedelta(days=9)]
    assert (again.created_by, again.changed_by) == ("anna.k", "ben.k")

    with pytest.raises(ConflictError):  # made on the first version: someone changed it since
        store.reports.correct(USER, first.model_copy(update={"no_meetings": True, "days_met": []}))
    assert stored_reports(store, month) == [corrected]
    assert store.reports.correct(USER, corrected) == corrected  # nothing to change: not written
    assert stored_reports(store, month)[0].version == 2


def test_a_correction_needs_a_recorded_report(store: Store) -> None:
    rel = f.active(store)
    with pytest.raises(Refused) as exc:
        store.reports.correct(USER, report(rel.id, last_month(), version=1))
    assert exc.value.code == "report_not_recorded"
    assert stored_reports(store, last_month()) == []


def test_months_and_days_outside_the_relationship_or_in_the_future_are_refused(
    store: Store,
) -> None:
    rel = f.active(store, start_days_ago=40)
    start = ago(40)
    this_month = month_start(f.today())
    before = month_start(add_months(start, -1))
    cases = {
        "report_before_start": report(rel.id, before, received_on=start),
    }
    if start.day > 1:  # a day of the starting month before the start
        first = month_start(start)
        cases["report_day_outside"] = report(rel.id, first, days_met=[first])
    for code, bad in cases.items():
        with pytest.raises(Refused) as exc:
            store.reports.receive(USER, bad)
        assert exc.value.code == code
    with pytest.raises(NotFound):
        store.reports.receive(USER, report(9999, last_month()))
    for month in (before, this_month, add_months(this_month, 1)):
        assert stored_reports(store, month) == []


def test_the_model_refuses_days_outside_the_month_and_the_future() -> None:
    month = last_month()
    for over, code in (
        ({"days_met": [add_months(month, 1)]}, "day_outside_month"),
        ({"received_on": f.today() + timedelta(days=1)}, "received_in_future"),
        ({"received_on": month - timedelta(days=1)}, "received_before_month"),
        (
            {"month": add_months(month, 2), "days_met": [], "no_meetings": True},
            "report_future_month",
        ),
    ):
        with pytest.raises(ValidationError) as exc:
            report(1, **{"month": month, **over})
        assert {e["type"] for e in exc.value.errors()} == {code}


def test_an_ended_relationship_owes_up_to_its_end_and_no_more(store: Store) -> None:
    rel = f.active(store, start_days_ago=200)
    ended = month_start(add_months(f.today(), -2)) + timedelta(days=3)
    store.relationships.end(USER, rel.id or 0, rel.version, ended, EndReason.FAMILY)
    saved = store.reports.receive(USER, report(rel.id, month_start(ended), days_met=[ended]))
    with pytest.raises(Refused) as exc:
        store.reports.receive(USER, report(rel.id, last_month()))
    assert exc.value.code == "report_after_end"
    after_end = saved.model_copy(update={"days_met": [ended + timedelta(days=1)]})
    with pytest.raises(Refused) as exc:  # a day after the end in its last month
        store.reports.correct(USER, after_end)
    assert exc.value.code == "report_day_outside"
    assert stored_reports(store, ended) == [saved]
    ids = {row.id for row in store.reports.month(last_month())}
    assert rel.id not in ids
    assert rel.id in {row.id for row in store.reports.month(ended)}


def test_a_proposed_relationship_has_no_reports(store: Store) -> None:
    c, v = f.client(store), f.volunteer(store)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id), on=ago(30)
    )
    assert rel.state is State.PROPOSED
    with pytest.raises(Refused) as exc:
        store.reports.receive(USER, report(rel.id, last_month()))
    assert exc.value.code == "report_not_started"
    assert rel.id not in {row.id for row in store.reports.month(last_month())}


def test_the_month_lists_who_owes_with_the_days_of_held_meetings(store: Store) -> None:
    month = last_month()
    a, b = f.active(store), f.active(store)
    late = f.active(store, start_days_ago=(f.today() - month_start(f.today())).days)
    held = [month + timedelta(days=4), month + timedelta(days=11)]
    for day in held:
        store.meetings.log(USER, Meeting(relationship_id=a.id, on=day))  # type: ignore[arg-type]
    store.meetings.log(
        USER,
        Meeting(  # type: ignore[arg-type]
            relationship_id=a.id,
            on=month + timedelta(days=20),
            status=MeetingStatus.CANCELLED,
            cancel_reason=CancelReason.CHILD_ILL,
        ),
    )
    store.reports.receive(USER, report(b.id, month, days_met=[], no_meetings=True))
    rows = {row.id: row for row in store.reports.month(month)}
    assert set(rows) == {a.id, b.id}  # the one that started this month owes nothing for last
    assert late.id not in rows
    assert rows[a.id or 0].offered == held and rows[a.id or 0].report is None
    assert rows[b.id or 0].report is not None and rows[b.id or 0].offered == []
    assert store.reports.offered(a.id or 0, month) == held


def test_recording_clears_the_month_from_the_missing_report_alert(store: Store) -> None:
    rel = f.active(store, start_days_ago=200)

    def missing() -> list[str]:
        found = [a for a in store.alerts.list() if a.kind is AlertKind.REPORT_MISSING]
        return [a.detail["months"] for a in found if a.subject.id == rel.id]

    [months] = missing()
    shown = months.split(", ")  # "6/2026, 7/2026, …", oldest first
    first_month, first_year = (int(x) for x in shown[0].split("/"))
    first = date(first_year, first_month, 1)
    store.reports.receive(USER, report(rel.id, first))
    assert month_key(first) in store.records.derived.reported()[rel.id or 0]
    after = missing()
    assert (after[0].split(", ") if after else []) == shown[1:]
    assert reopen(store).records.derived.differences() == []


def test_the_months_list_takes_the_held_days_from_the_index_as_the_shards_tell_them(
    tmp_path: Path,
) -> None:
    """The index keeps the held days of each relationship's newest months, so the month's
    list reads no shard for them: the same days as the meetings give, for every month the
    demo has (older months read the shard), and an index of the older form without the days
    gives the same list and passes ``tuki check``."""
    from data.demo import generate
    from data.storage.check import check
    from data.storage.derived import BUCKETS
    from data.storage.layout import SUMMARIES
    from tests.console_helpers import TODAY

    generate(tmp_path, scale="small", seed=3, today=TODAY)
    store = Store.open(tmp_path)
    months = [add_months(month_start(TODAY), -back) for back in range(5)]

    def by_shards(month: date) -> dict[int, list[date]]:
        return {row.id: store.reports.offered(row.id, month) for row in store.reports.month(month)}

    lists = {m: {row.id: row.offered for row in store.reports.month(m)} for m in months}
    assert any(days for days in lists[months[1]].values())
    for month in months:
        assert lists[month] == by_shards(month), month

    reads: list[str] = []
    table = store.records.engine.table

    def counted(rel: str, name: str, **kw: Any) -> Any:
        reads.append(rel)
        return table(rel, name, **kw)

    store.records.engine.table = counted  # type: ignore[method-assign]
    store.reports.month(months[1])
    assert not [rel for rel in reads if rel.startswith("rel/")]  # no shard read for the days
    store.records.engine.table = table  # type: ignore[method-assign]

    with store.records.transaction() as tx:  # the index as an older Tuki wrote it
        for rel in BUCKETS:
            for key, entry in tx.table(rel, SUMMARIES).items():
                tx.put(rel, SUMMARIES, int(key), {k: v for k, v in entry.items() if k != "days"})
    old = Store.open(tmp_path)
    assert {m: {row.id: row.offered for row in old.reports.month(m)} for m in months} == lists
    assert not [f for f in check(old.engine).findings if not f.info]


def test_a_damaged_day_in_the_shard_is_refused_not_skipped(store: Store) -> None:
    """The days offered read only the month's meetings of the shard, but a stored day that is
    not a day at all is validated, and refused with the file named, never left out unseen."""
    from data.storage.files import InvalidRecordError
    from data.storage.layout import MEETINGS, shard

    month = last_month()
    rel = f.active(store)
    rid = rel.id or 0
    logged = store.meetings.log(USER, Meeting(relationship_id=rid, on=month + timedelta(days=3)))
    assert store.reports.offered(rid, month) == [logged.on]
    with store.records.transaction() as tx:
        row = dict(tx.get(shard(rid), MEETINGS, logged.id or 0) or {})
        tx.put(shard(rid), MEETINGS, 999, {**row, "id": 999, "on": "huomenna"})
    with pytest.raises(InvalidRecordError):
        store.reports.offered(rid, month)
