"""The command line and the access log: every command that prints a client's data logs one
entry per client shown (face ``cli``), and ``tuki access-log`` answers a client's § 11 request
as CSV for a Finnish spreadsheet or as PDF, for an admin alone, logging itself."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.dates import HELSINKI
from data.demo import generate
from data.model.access import AccessEntry, AccessView, Face
from data.model.register import UserRole
from data.models import Client, Concern, Relationship, State
from data.store import Store
from tests.console_helpers import TODAY
from tui.cli import main


@pytest.fixture
def store() -> Store:
    folder = Path(os.environ["TUKI_DATA_DIR"])
    generate(folder, scale="small", seed=1, today=TODAY)
    return Store.open(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def logged(store: Store) -> list[AccessEntry]:
    """The entries of the command line's user (the demo's coordinators have theirs)."""
    return [e for e in store.access.entries("tester") if e.by == "tester"]


def views(store: Store, view: AccessView) -> list[int]:
    got = [e for e in logged(store) if e.view == view]
    assert all(e.face == Face.CLI and e.by == "tester" for e in got)
    return [e.client for e in got]


def test_ls_logs_each_client_it_shows_and_the_volunteers_list_none(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "ls", "volunteers")[0] == 0
    assert logged(store) == []  # volunteers are no client's data
    code, out, _ = run(capsys, "ls", "clients")
    open_clients = [c for c in store.records.list(Client) if c.closed_on is None]
    assert code == 0 and len(out.splitlines()) == len(open_clients) + 1
    assert sorted(views(store, AccessView.CLIENT_LIST)) == sorted(c.id for c in open_clients)
    rels = [r for r in store.records.list(Relationship) if r.state is not State.ENDED]
    assert run(capsys, "ls", "relationships")[0] == 0
    assert sorted(views(store, AccessView.RELATIONSHIP_LIST)) == sorted(
        set(r.client_id for r in rels)
    )
    code, out, _ = run(capsys, "ls", "relationships", "--json")  # written from texts: the same
    assert code == 0
    assert len(views(store, AccessView.RELATIONSHIP_LIST)) == 2 * len({r.client_id for r in rels})
    shown = list(dict.fromkeys(row["client_id"] for row in json.loads(out)))  # (in its order)
    assert views(store, AccessView.RELATIONSHIP_LIST)[-len(shown) :] == shown
    concerns = [c for c in store.records.list(Concern) if c.is_open]
    assert run(capsys, "ls", "concerns")[0] == 0
    assert sorted(views(store, AccessView.CONCERNS)) == sorted({c.client_id for c in concerns})
    rid = rels[0].id
    assert rid is not None
    assert run(capsys, "ls", "meetings", "--relationship", str(rid))[0] == 0
    assert views(store, AccessView.MEETING_LIST) == [rels[0].client_id]


def test_documents_and_reports_log_their_client(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    assert rel.id is not None
    start = (TODAY - timedelta(days=60)).isoformat()
    code, _, err = run(capsys, "meeting-report", str(rel.id), "--from", start)
    assert (code, err) == (0, "")
    assert views(store, AccessView.SOCIAL_WORKER_REPORT) == [rel.client_id]
    palaveri = next(
        p for r in store.records.list(Relationship) for p in store.palaverit.of(r.id or 0)
    )
    assert run(capsys, "minutes", palaveri.ref)[0] == 0
    owner = store.records.get(Relationship, palaveri.relationship_id)
    assert views(store, AccessView.MINUTES) == [owner.client_id]
    code, _, _ = run(capsys, "reports", "--month", "2026-10")
    owed = store.reports.month(date(2026, 10, 1))
    assert code == 0 and sorted(views(store, AccessView.MONTHLY_REPORTS)) == sorted(
        {r.facts.client_id for r in owed}
    )
    code, _, _ = run(capsys, "payments", "--month", "2026-10", "--pdf", str(tmp_path / "p.pdf"))
    assert code == 0 and views(store, AccessView.PAYMENTS)


def _without_demo_views(store: Store) -> None:
    """The demo's own weeks of views left out (the tests below count every entry)."""
    for month in (store.folder / "access").iterdir():
        month.unlink()


def _at(store: Store, when: datetime, client: int, view: AccessView, user: str = "anna") -> None:
    dated = Store.open(store.folder, clock=lambda: when)
    dated.access.viewed(user, client, view, Face.CONSOLE)


def test_access_log_csv_for_a_finnish_spreadsheet_between_two_days(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _without_demo_views(store)
    _at(store, datetime(2026, 10, 31, 23, 30, tzinfo=HELSINKI), 3, AccessView.CLIENT_PAGE)
    _at(store, datetime(2026, 11, 2, 9, 5, tzinfo=HELSINKI), 3, AccessView.MEETING_REPORT, "ben")
    _at(store, datetime(2026, 11, 2, 9, 6, tzinfo=HELSINKI), 4, AccessView.CLIENT_PAGE)
    _at(store, datetime(2026, 11, 20, 8, 0, tzinfo=HELSINKI), 3, AccessView.CONCERNS)
    out_file = tmp_path / "loki.csv"
    code, out, err = run(
        capsys, "access-log", "--client", "3", "--from", "2026-11-01", "--to", "2026-11-19",
        "--format", "csv", "--out", str(out_file),
    )  # fmt: skip
    assert (code, err) == (0, "") and str(out_file) in out
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads ä
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines == [
        "Asiakas;Aika;Käyttäjä;Mitä katsottiin;Mistä",
        "3;2.11.2026 9.05;ben;tapaamisen raportti;konsoli",
    ]
    # the answer is a view of its own: logged (now), so the whole log names it
    assert views(store, AccessView.ACCESS_LOG) == [3]
    code, out, _ = run(capsys, "access-log", "--client", "3", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "Client;When;User;What was seen;From"
    assert [line.split(";")[3] for line in out.splitlines()[1:]] == [
        "client page", "meeting report", "concerns", "access log printed", "access log printed",
    ]  # fmt: skip


def test_access_log_pdf_names_the_client_and_each_view(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _without_demo_views(store)
    _at(store, datetime(2026, 11, 2, 9, 5, tzinfo=HELSINKI), 3, AccessView.MEETING_REPORT, "ben")
    _at(store, datetime(2026, 11, 3, 9, 5, tzinfo=HELSINKI), 5, AccessView.CLIENT_PAGE, "ben")
    target = tmp_path / "loki.pdf"
    code, out, err = run(
        capsys, "access-log", "--client", "3", "--to", "2026-11-30", "--format", "pdf",
        "--out", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "") and str(target) in out
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    client = store.records.get(Client, 3)
    assert "Asiakastietojen käsittelyloki" in text and client.first_name in text
    assert "2.11.2026 9.05 · ben · tapaamisen raportti · konsoli" in text
    assert "asiakkaan sivu" not in text  # client 5's entry is not client 3's
    assert "1 merkintä" in text


def test_access_log_is_for_an_admin_and_says_what_is_wrong(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "access-log", "--client", "3", "--from", "2026-11-02", "--to",
                       "2026-11-01")  # fmt: skip
    assert code == 1 and "--from" in err and "Traceback" not in err
    code, _, err = run(capsys, "access-log", "--client", "999")
    assert code == 1 and "999" in err
    settings = store.records.settings()
    users = {"anna": UserRole.ADMIN, "tester": UserRole.COORDINATOR}
    store.records.save_settings("anna", settings.model_copy(update={"users": users}))
    code, out, err = run(capsys, "access-log", "--client", "3")
    assert code == 1 and out == "" and "tester" in err
    # a refused export printed nothing and logged nothing
    after = Store.open(store.folder).access.entries("anna")  # (tester may not read it now)
    assert [e for e in after if e.by == "tester"] == []


def test_check_names_a_changed_entry(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "ls", "clients")[0] == 0
    path = sorted((store.folder / "access").glob("????-??.json"))[
        -1
    ]  # this month's, after the demo's
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b'"by":"tester"', b'"by":"someone"')
    path.write_bytes(b"\n".join(lines))
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert f"access/{path.name}: käsittelylokin merkintää 2 on muutettu" in out
    assert "tietosuojavastaavalle" in out  # not "tuki check --repair": it is not repaired
