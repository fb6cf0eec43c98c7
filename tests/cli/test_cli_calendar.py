"""``tuki calendar``: the programme's dates as an .ics file that the ``icalendar`` library reads
back, naming nobody (initials and numbers only), timed first meetings in Helsinki time and
the other dates all-day, the same UIDs on every export, and one coordinator's events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from data.model.access import AccessView
from data.models import FirstMeeting, PalaveriKind, Relationship, State, Volunteer
from data.store import Store
from tests.console_helpers import demo_store
from tui import i18n
from tui.cli import main

COORDINATOR = "koordinaattori1"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return demo_store(tmp_path / "data")


def export(capsys: pytest.CaptureFixture[str], out: Path, *more: str) -> Calendar:
    code = main(["--lang", "en", "calendar", "--out", str(out), "--force", *more])
    _, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return Calendar.from_ical(out.read_bytes())


def by_uid(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_holds_the_dates_and_no_name(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rels = [r for r in store.records.list(Relationship) if r.state is State.ACTIVE]
    timed, drafted = rels[0], rels[1]
    assert timed.agreement is not None and timed.id is not None and drafted.id is not None
    day = timed.agreement.start + timedelta(days=7)
    first = FirstMeeting(on=day, at=time(17, 30), place="Kirjaston aula", plan="Keilaamaan")
    store.records.update(
        "demo", timed.model_copy(update={"first_meeting_on": day, "first_meeting": first})
    )
    palaveri = store.palaverit.start(
        COORDINATOR, drafted.id, PalaveriKind.REVIEW, date(2026, 12, 14)
    )

    out = tmp_path / "cal.ics"
    cal = export(capsys, out, "--from", "2000-01-01")  # every date, past ones too
    events = by_uid(cal)
    open_rels = [r for r in store.records.list(Relationship) if r.is_open]
    expected = sum(r.first_meeting_on is not None for r in open_rels)
    expected += 2 * sum(r.agreement is not None for r in open_rels) + 1  # review, end; palaveri
    assert len(events) == expected == len(cal.walk("VEVENT"))  # each UID once

    meeting = events[f"tuki-first-meeting-{timed.id}@tuki.invalid"]
    start = meeting["DTSTART"]
    assert start.params["TZID"] == "Europe/Helsinki"
    assert start.dt == datetime(day.year, day.month, day.day, 17, 30, tzinfo=start.dt.tzinfo)
    assert cal.walk("VTIMEZONE")
    review = events[f"tuki-review-{timed.id}@tuki.invalid"]
    assert review["DTSTART"].dt == timed.review_due()
    assert not isinstance(review["DTSTART"].dt, datetime)  # all-day
    # named as the console names that meeting (not another word for it)
    assert str(review["SUMMARY"]).startswith(i18n.palaveri_kind(PalaveriKind.REVIEW) + " ")
    # by default from a month back only
    recent = by_uid(export(capsys, tmp_path / "recent.ics"))
    since = store.clock().date() - timedelta(days=31)
    days = [e["DTSTART"].dt for e in recent.values()]
    assert 0 < len(recent) < len(events)
    assert all((d.date() if isinstance(d, datetime) else d) >= since for d in days)
    held = events[f"tuki-palaveri-{palaveri.ref}@tuki.invalid"]
    assert held["DTSTART"].dt == date(2026, 12, 14)
    assert f"(palaveri {palaveri.ref})" in str(held["SUMMARY"])

    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")  # (long lines unfolded)
    people = [(c.first, c.last) for c in store.records.client_facts().values()]
    people += [(v.first_name, v.last_name) for v in store.records.list(Volunteer)]
    assert people
    for first_name, last_name in people:
        assert f"{first_name} {last_name}" not in text
        assert last_name not in text
    assert "Kirjaston" not in text and "Keilaamaan" not in text  # no place, no plan

    # exported again after a review moved: the same events, the moved one updated
    moved = store.records.get(Relationship, timed.id)
    store.records.update("demo", moved.model_copy(update={"review_on": date(2027, 3, 1)}))
    again = by_uid(export(capsys, out, "--from", "2000-01-01"))
    assert again.keys() == events.keys()
    review_again = again[f"tuki-review-{timed.id}@tuki.invalid"]
    assert review_again["DTSTART"].dt == date(2027, 3, 1)
    assert review_again["SEQUENCE"] > review["SEQUENCE"]

    # the calendar is a view of each client it names
    logged = [e for e in store.access.entries("tester") if e.view is AccessView.CALENDAR]
    named = {r.client_id for r in open_rels if r.first_meeting_on or r.agreement}
    assert {e.client for e in logged} == named | {drafted.client_id}


def test_one_coordinators_events(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    palaveri = store.palaverit.start(COORDINATOR, rel.id, PalaveriKind.REVIEW, date(2026, 12, 14))
    mine = by_uid(export(capsys, tmp_path / "mine.ics", "--coordinator", COORDINATOR))
    assert list(mine) == [f"tuki-palaveri-{palaveri.ref}@tuki.invalid"]
    theirs = by_uid(export(capsys, tmp_path / "demo.ics", "--coordinator", "demo"))
    assert f"tuki-review-{rel.id}@tuki.invalid" in theirs  # the demo's user proposed them all
    assert f"tuki-palaveri-{palaveri.ref}@tuki.invalid" in theirs  # of its relationship
    assert main(["calendar", "--out", str(tmp_path / "x.ics"), "--coordinator", "nobody"]) == 0
    assert "VEVENT" not in (tmp_path / "x.ics").read_text()


def test_the_file_is_the_librarys_calendar_built_whole(store: Store) -> None:
    """``to_ics`` makes each line that comes again once; the bytes are those the library
    writes for a calendar holding every event as a component (timed, all-day, a palaveri)."""
    from icalendar import Event as IcsEvent

    from data.outputs.calendar import calendar, properties, to_ics
    from data.rules.calendar import events
    from tui.cli_calendar import description, title

    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.agreement is not None and rel.id is not None
    day = rel.agreement.start + timedelta(days=7)
    first = FirstMeeting(on=day, at=time(17, 30))
    store.records.update(
        "demo", rel.model_copy(update={"first_meeting_on": day, "first_meeting": first})
    )
    store.palaverit.start(COORDINATOR, rel.id, PalaveriKind.REVIEW, date(2026, 12, 14))
    clients = {c.id: (c.first, c.last) for c in store.records.client_facts().values()}
    volunteers = {v.id: (v.first, v.last) for v in store.records.volunteer_facts().values()}
    rels = [r for r in store.records.list(Relationship) if r.is_open]
    found = events(rels, store.palaverit.of, clients, volunteers)
    now = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)

    def whole(found: list[Any]) -> bytes:
        cal = calendar("Tuki")
        for event in found:
            item = IcsEvent()
            for key, value in properties(event, title, description, now).items():
                item.add(key, value)
            cal.add_component(item)
        cal.add_missing_timezones()
        return bytes(cal.to_ical())

    assert {e.at is None for e in found} == {True, False} and len(found) > 10
    assert to_ics(found, title, description, "Tuki", now) == whole(found)
    assert b"BEGIN:VTIMEZONE" in whole(found)
    all_day = [e for e in found if e.at is None]
    assert to_ics(all_day, title, description, "Tuki", now) == whole(all_day)
    assert to_ics([], title, description, "Tuki", now) == whole([])


def test_a_folder_that_is_not_there_is_said_in_words(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no such folder" / "x.ics"
    assert main(["--lang", "en", "calendar", "--out", str(out)]) != 0
    _, err = capsys.readouterr()
    assert f"The folder {out.parent} does not exist, so x.ics was not written" in err
    assert "No such file" not in err and not out.parent.exists()
