"""``tuki history KIND ID`` is a view of a client's data: logged in the access log (kind
``history``, face ``cli``) for the client its record belongs to before anything is printed; a
volunteer's, a social worker's or the settings' history logs nothing; when the entry cannot
be written the command prints nothing and says why."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from data.demo import generate
from data.model.access import AccessView, Face
from data.models import (
    Client,
    Concern,
    Guardian,
    MonthlyReport,
    Relationship,
    SocialWorker,
    Volunteer,
)
from data.storage.layout import REPORTS
from data.store import Store
from tests.console_helpers import TODAY
from tui.cli import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "d"
    generate(folder, scale="small", seed=1, today=TODAY)
    return folder


@pytest.fixture
def store(demo: Path) -> Store:
    folder = Path(os.environ["TUKI_DATA_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(demo, folder)
    return Store.open(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def history_views(store: Store) -> list[int]:
    got = [e for e in Store.open(store.folder).access.entries("tester") if e.by == "tester"]
    assert all(e.view == AccessView.HISTORY and e.face == Face.CLI for e in got)
    return [e.client for e in got]


def test_each_kinds_history_logs_the_client_it_belongs_to(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    clients = store.records.list(Client)
    client = clients[0]
    assert run(capsys, "history", "client", str(client.id))[0] == 0
    assert history_views(store) == [client.id]
    # a guardian: each client of that guardian (a sibling made to share one)
    shared = store.records.get(Guardian, client.guardian_ids[0])
    sibling = clients[1]
    ids = [*sibling.guardian_ids, shared.id]
    store.records.update("maija", sibling.model_copy(update={"guardian_ids": ids}))
    clients = store.records.list(Client)
    theirs = sorted(c.id for c in clients if shared.id in c.guardian_ids)
    assert len(theirs) == 2
    assert run(capsys, "history", "guardian", str(shared.id))[0] == 0
    assert sorted(history_views(store)[1:]) == theirs
    done = len(history_views(store))
    rel = store.records.list(Relationship)[0]
    meeting = store.meetings.of(rel.id or 0)[0]
    reports = store.engine.files("reports")[0]
    row = next(iter(store.engine.table(reports, REPORTS).values()))
    month = MonthlyReport.model_validate(row)
    report = store.records.get(Relationship, month.relationship_id)
    concern = store.records.list(Concern)[0]
    for argv in (
        ("relationship", str(rel.id)),
        ("meeting", meeting.ref),
        ("monthly_report", f"{report.id} {month.month.isoformat()[:7]}"),
        ("concern", str(concern.id)),
    ):
        code, out, err = run(capsys, "history", *argv)
        assert (code, err) == (0, "") and out
    assert history_views(store)[done:] == [
        rel.client_id, rel.client_id, report.client_id, concern.client_id,
    ]  # fmt: skip
    # no client's data: nothing logged
    done = len(history_views(store))
    volunteer = store.records.list(Volunteer)[0]
    worker = store.records.list(SocialWorker)[0]
    for argv in (
        ("volunteer", str(volunteer.id)),
        ("social_worker", str(worker.id)),
        ("settings",),
    ):
        assert run(capsys, "history", *argv)[0] == 0
    assert len(history_views(store)) == done


def test_a_history_that_cannot_be_logged_is_not_printed(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    client = store.records.list(Client)[0]
    shutil.rmtree(store.folder / "access")
    (store.folder / "access").write_text("in the way")  # the log's folder cannot be made
    code, out, err = run(capsys, "history", "client", str(client.id))
    assert code == 1 and out == ""
    assert str(store.folder) in err and "Traceback" not in err
    # a volunteer's history needs no entry: printed as before
    volunteer = store.records.list(Volunteer)[0]
    code, out, _ = run(capsys, "history", "volunteer", str(volunteer.id))
    assert code == 0 and volunteer.last_name in out


def test_the_history_kind_has_a_name_in_each_language() -> None:
    from tui import i18n
    from tui.viewed import view_name

    names = []
    for lang in ("fi", "sv", "en"):
        i18n.set_language(lang)
        names.append(view_name(AccessView.HISTORY))
    assert names == ["muutoshistoria", "ändringshistorik", "change history"]
