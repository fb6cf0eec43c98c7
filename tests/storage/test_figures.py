"""A year's figures against a tiny programme counted by hand (data/store/figures.py and
data/rules/figures.py), the area filter, the shard read when the month index is missing, and
``tuki figures`` as Markdown and as CSV for a Finnish spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.dates import HELSINKI
from data.errors import Refused
from data.model.register import UserRole
from data.models import (
    Agreement,
    Applied,
    Approved,
    CancelReason,
    Client,
    Concern,
    EndReason,
    ExtractShown,
    Left,
    Meeting,
    MeetingStatus,
    Notification,
    NotifyTarget,
    Oriented,
    Relationship,
    State,
    SuitabilityAssessed,
    Volunteer,
)
from data.rules.figures import YearFigures
from data.store import Store
from data.store.figures import year_figures
from tests.console_helpers import NOW
from tui.cli import main

USER = "tester"
D = date


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HELSINKI)


def _volunteer(store: Store, name: str, steps: list[object]) -> Volunteer:
    return store.records.add(
        USER,
        Volunteer(
            first_name=name,
            last_name="Tuki",
            birth_year=1980,
            municipality="Kotka",
            area="Karhula",
            capacity=3,
            vetting=steps,
        ),
    )


def _client(store: Store, name: str, registered: date, area: str) -> Client:
    return store.records.add(
        USER,
        Client(
            first_name=name,
            last_name="Lapsi",
            birth_date=D(2015, 1, 1),
            municipality="Kotka",
            area=area,
            registered_on=registered,
        ),
    )


def _started(store: Store, c: Client, v: Volunteer, start: date) -> Relationship:
    agreement = Agreement(start=start, planned_end=D(start.year + 1, 6, 1), max_meetings=30)
    rel = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v.id, agreement=agreement), on=start
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, start)
    return store.relationships.set_state(USER, rel.id, rel.version, State.ACTIVE, start)


def _met(store: Store, rel: Relationship, day: date, reason: CancelReason | None = None) -> None:
    status = MeetingStatus.HELD if reason is None else MeetingStatus.CANCELLED
    note = "sää" if reason is CancelReason.OTHER else ""
    store.meetings.log(
        USER,
        Meeting(
            relationship_id=rel.id, on=day, status=status, cancel_reason=reason, cancel_note=note
        ),
    )


def _end(store: Store, rid: int, day: date, reason: EndReason) -> None:
    rel = store.records.get(Relationship, rid)
    store.relationships.end(USER, rid, rel.version, day, reason)


def _concern(store: Store, c: Client, noticed: datetime, told: datetime | None) -> Concern:
    concern = store.concerns.add(USER, Concern(client_id=c.id, noticed_at=noticed, what="Huoli."))
    if told is not None:
        note = Notification(to=NotifyTarget.OWN_SOCIAL_WORKER, at=told)
        concern = store.concerns.notify(USER, concern.id, concern.version, note)
    return concern


@pytest.fixture
def tiny(tmp_path: Path) -> Store:
    """Three clients, three volunteers, four relationships, eight meetings and four concerns:
    the figures of 2026 below are counted from these by hand."""
    store = Store.open(tmp_path / "d", clock=lambda: NOW)
    v1 = _volunteer(  # approved in 2025: not of the 2026 applicants
        store,
        "Vilja",
        [
            Applied(on=D(2025, 5, 1)),
            SuitabilityAssessed(on=D(2025, 5, 10)),
            Oriented(on=D(2025, 5, 20), hours=8),
            ExtractShown(extract_date=D(2025, 5, 1), on=D(2025, 5, 21), by=USER),
            Approved(on=D(2025, 6, 1)),
        ],
    )
    v2 = _volunteer(  # applied 2026: 10, 10, 5 and 1 days per step
        store,
        "Veikko",
        [
            Applied(on=D(2026, 1, 10)),
            SuitabilityAssessed(on=D(2026, 1, 20)),
            Oriented(on=D(2026, 1, 30), hours=8),
            ExtractShown(extract_date=D(2026, 1, 15), on=D(2026, 2, 4), by=USER),
            Approved(on=D(2026, 2, 5)),
        ],
    )
    _volunteer(  # applied 2026, assessed after 14 days, left
        store,
        "Venla",
        [
            Applied(on=D(2026, 3, 1)),
            SuitabilityAssessed(on=D(2026, 3, 15)),
            Left(on=D(2026, 4, 1)),
        ],
    )
    a = _client(store, "Aino", D(2026, 1, 1), "Karhula")
    b = _client(store, "Bea", D(2025, 11, 1), "Karhula")
    c = _client(store, "Cecilia", D(2026, 2, 1), "")  # no area: the municipality, Kotka
    r1 = _started(store, a, v1, D(2026, 3, 2))  # waited 60 days
    _met(store, r1, D(2026, 3, 10))
    _met(store, r1, D(2026, 3, 20), CancelReason.CHILD_ILL)
    _met(store, r1, D(2026, 4, 5))
    _end(store, r1.id, D(2026, 6, 1), EndReason.VOLUNTEER)  # 91 days: early
    r2 = _started(store, a, v2, D(2026, 7, 1))  # waited 30 days since r1 ended
    _met(store, r2, D(2026, 7, 10))
    _met(store, r2, D(2026, 7, 15), CancelReason.VOLUNTEER_ILL)
    _met(store, r2, D(2026, 7, 20), CancelReason.OTHER)
    r3 = _started(store, b, v1, D(2025, 12, 1))  # started in 2025: its wait is 2025's
    _met(store, r3, D(2025, 12, 15))
    _met(store, r3, D(2026, 1, 10))
    _end(store, r3.id, D(2026, 10, 1), EndReason.GOALS_MET)  # 304 days
    r4 = store.relationships.propose(
        USER, Relationship(client_id=c.id, volunteer_id=v1.id), on=D(2026, 4, 1)
    )
    _end(store, r4.id, D(2026, 4, 10), EndReason.FAMILY)  # a proposal that never started
    _concern(store, a, _at(D(2026, 3, 10), 10), _at(D(2026, 3, 10), 18))  # told in 8 hours
    told = _concern(store, b, _at(D(2026, 5, 5), 9), _at(D(2026, 5, 8), 9))  # in 72 hours
    store.concerns.mark_welfare_notification(USER, told.id, told.version, _at(D(2026, 5, 8), 10))
    _concern(store, c, _at(D(2026, 11, 1), 12), None)  # nobody told yet
    _concern(store, b, _at(D(2025, 12, 20), 12), _at(D(2025, 12, 20), 13))  # of 2025
    return store


def _check_whole_programme(f: YearFigures) -> None:
    assert f.area is None
    assert (f.waiting.count, f.waiting.median, f.waiting.longest) == (2, 45, 60)
    assert f.waiting.spans == (1, 1, 0, 0, 0)  # 30 days; 60 days
    assert (f.length.count, f.length.median, f.length.longest) == (2, 198, 304)
    assert f.length.spans == (1, 1, 0, 0)
    assert f.early == 1 and f.not_started == 1
    endings = {e.reason: (e.total, e.early) for e in f.endings if e.total}
    assert endings == {EndReason.VOLUNTEER: (1, 1), EndReason.GOALS_MET: (1, 0)}
    months = {
        m.month.month: (m.held, m.cancelled, m.reasons) for m in f.meetings if m.held + m.cancelled
    }
    assert months == {
        1: (1, 0, {}),
        3: (1, 1, {CancelReason.CHILD_ILL: 1}),
        4: (1, 0, {}),
        7: (1, 2, {CancelReason.VOLUNTEER_ILL: 1, CancelReason.OTHER: 1}),
    }
    assert (f.held, f.cancelled) == (4, 3)
    concerns = {c.month.month: (c.noticed, c.told_in_day) for c in f.concerns if c.noticed}
    assert concerns == {3: (1, 1), 5: (1, 0), 11: (1, 0)}
    assert (f.told.count, f.told.median, f.told.longest, f.told.spans) == (2, 40, 72, (1, 1, 0, 0))
    assert (f.untold, f.welfare) == (1, 1)
    assert [(s.reached, s.median_days) for s in f.vetting] == [
        (2, None),
        (2, 12),
        (1, 10),
        (1, 5),
        (1, 1),
    ]
    assert f.left == 1
    rows = {a.area: a for a in f.areas}
    assert set(rows) == {"Karhula", "Kotka"}
    karhula, kotka = rows["Karhula"], rows["Kotka"]
    assert (karhula.started, karhula.median_wait, karhula.ended, karhula.early) == (2, 45, 2, 1)
    assert (karhula.held, karhula.cancelled, karhula.concerns) == (4, 3, 2)
    assert (karhula.applied, karhula.approved) == (2, 1)
    assert (kotka.started, kotka.ended, kotka.held, kotka.concerns) == (0, 0, 0, 1)


def test_the_years_figures_are_as_counted_by_hand(tiny: Store) -> None:
    _check_whole_programme(year_figures(tiny.records, 2026))
    before = year_figures(tiny.records, 2025)
    assert (before.waiting.count, before.waiting.median, before.held) == (1, 30, 1)


def test_without_the_month_index_the_shards_give_the_same_reasons(tiny: Store) -> None:
    for part in (tiny.folder / "index" / "months" / "2026-07").iterdir():
        part.unlink()
    _check_whole_programme(year_figures(Store.open(tiny.folder, clock=lambda: NOW).records, 2026))


def test_an_area_narrows_every_figure_and_an_unknown_one_is_refused(tiny: Store) -> None:
    f = year_figures(tiny.records, 2026, "kotka")
    assert f.area == "Kotka"
    assert (f.waiting.count, f.length.count, f.not_started, f.held) == (0, 0, 1, 0)
    assert [c.noticed for c in f.concerns if c.noticed] == [1]
    assert (f.untold, f.vetting[0].reached) == (1, 0)
    with pytest.raises(Refused) as refused:
        year_figures(tiny.records, 2026, "Atlantis")
    assert refused.value.code == "figures_area"
    assert "Karhula, Kotka" in refused.value.message


def test_tuki_figures_writes_markdown_and_a_finnish_spreadsheet(
    tiny: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tiny.folder)
    assert main(["--data-dir", folder, "figures", "--year", "2026"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Tunnusluvut 2026 · koko toiminta")
    assert "- mediaani: 45 pv" in text
    assert "- tukihenkilön syyt: 1 (alle 6 kk: 1)" in text
    assert "- 7/2026: 1 · peruttu 2 (tukihenkilö sairas 1, muu syy 1)" in text
    assert "Aino" not in text and "Vilja" not in text  # counts only, no names
    out = tmp_path / "luvut.csv"
    code = main(
        ["--data-dir", folder, "figures", "--year", "2026", "--format", "csv", "--out", str(out)]
    )
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Osio", "Rivi", "Arvo", "Yksikkö"]
    found = {(r[0], r[1]): (r[2], r[3]) for r in rows[1:]}
    assert found["Odotusaika tukihenkilön saamiseen", "mediaani"] == ("45", "pv")
    assert found["Tapaamiset kuukausittain (pidetyt)", "7/2026 · peruttu"] == ("2", "")
    assert found["Tapaamiset kuukausittain (pidetyt)", "7/2026 · muu syy"] == ("1", "")
    assert found["Huolet kuukausittain", "Ei vielä ilmoitettu kenellekään"] == ("1", "")
    assert found["Alueittain", "Karhula · pidettyjä tapaamisia"] == ("4", "")
    assert main(["--data-dir", folder, "figures", "--area", "Atlantis"]) == 1
    assert "Alueella Atlantis" in capsys.readouterr().err


def test_a_reader_gets_the_figures_as_pdf_and_no_view_is_logged(
    tiny: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny.users.add("admin1", USER, UserRole.READER)  # admin1 the admin, the tester a reader
    out = tmp_path / "luvut.pdf"
    argv = ["--data-dir", str(tiny.folder), "figures", "--year", "2026", "--format", "pdf"]
    assert main([*argv, "--out", str(out)]) == 0
    assert "luvut.pdf" in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Tunnusluvut 2026" in text and "Aino" not in text
    assert Store.open(tiny.folder).access.entries("admin1") == []  # counts only: no view
