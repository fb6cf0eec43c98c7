"""After ``tuki retention --apply`` nothing in the data folder names an anonymised client: the
documents a coordinator writes (the console's minutes, social worker's report and payment
lists; ``tuki minutes``, ``tuki meeting-report`` and ``tuki access-log`` run in the folder),
an unsaved form, a repair's list and its set-aside copy, a stopped save's temporary file, the
backups, the change log and the history are all searched, PDFs by their text. The payment
lists stay (the programme's bookkeeping: they name the volunteer, never the client). Each
anonymised client gets an access-log entry of kind ``retention``."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.demo import generate
from data.model.access import AccessView, Face
from data.models import Client, Relationship
from data.outputs import payments as payment_list
from data.outputs.meeting_report import report_markdown
from data.outputs.minutes import minutes_markdown, minutes_pdf
from data.outputs.minutes_file import SW_REPORTS, write_in_folder
from data.storage.backups import set_aside
from data.storage.layout import REPAIRS, REPAIRS_TABLE
from data.store import Store
from tests.console_helpers import TODAY
from tui.cli import main

#: what names Aino Esimerkki (due), her guardian Liisa and Pekka Vertainen (due), or tells of
#: them (their free texts: data/demo/retention.py)
NEEDLES = (
    "Esimerkki",
    "Vertainen",
    "Karhulan koulu",
    "Asthma",
    "stables",
    "Cheerful",
    "Met at the office",
    "l@x.example",
    "050 123 9876",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _text(path: Path) -> str:
    data = path.read_bytes()
    text = data.decode("utf-8", "replace")
    if data.startswith(b"%PDF"):  # a PDF's text is compressed: read as a reader would
        text += "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text


def _found(folder: Path) -> dict[str, list[str]]:
    """Per file of the folder (every one, binary and hidden included), the needles it holds."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            text = _text(path).casefold()
            hits = [n for n in NEEDLES if n.casefold() in text]
            if hits:
                out[str(path.relative_to(folder))] = hits
    return out


def _coordinator_writes(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int]:
    """What a team leaves in the folder over the years; (Aino's id, her relationship's id)."""
    store = Store.open(folder)
    aino = next(c for c in store.records.list(Client) if c.last_name == "Esimerkki")
    assert aino.id is not None
    rid = next(r.id for r in store.records.list(Relationship) if r.client_id == aino.id)
    assert rid is not None
    [palaveri] = store.palaverit.of(rid)
    assert palaveri.id is not None
    # the console: minutes, the report to the social worker, the payment lists
    md = minutes_markdown(store, rid, palaveri.id, "fi").encode()
    write_in_folder(store, f"minutes-{palaveri.ref}.md", md)
    write_in_folder(
        store, f"minutes-{palaveri.ref}.pdf", minutes_pdf(store, rid, palaveri.id, "fi")
    )
    report = report_markdown(store, rid, date(1992, 9, 1), date(1994, 5, 31), TODAY, "fi")
    name = f"sw-report-{rid}-1992-09-01-1994-05-31.md"
    write_in_folder(store, name, report.encode(), folder=SW_REPORTS)
    for month in (date(1993, 3, 1), date(2026, 10, 1)):
        lines = store.payments.run(month)
        base = f"payments-{month:%Y-%m}"
        csv = payment_list.payments_csv(store, lines, "fi")
        write_in_folder(store, base + ".csv", csv, folder="payments")
        pdf = payment_list.payments_pdf(store, lines, None, "fi")
        write_in_folder(store, base + ".pdf", pdf, folder="payments")
    # the command line, run in the data folder: the files by their default names
    monkeypatch.chdir(folder)
    assert run(capsys, "minutes", palaveri.ref, "--format", "pdf")[0] == 0
    period = ("--from", "1992-09-01", "--to", "1994-05-31")
    assert run(capsys, "meeting-report", str(rid), *period, "--format", "pdf")[0] == 0
    assert run(capsys, "access-log", "--client", str(aino.id), "--format", "pdf")[0] == 0
    # an edit (backups, history, the change log), an unsaved form, a repair's list and copy
    store.records.update("tester", aino.model_copy(update={"wishes": "Riding; Asthma care."}))
    store.drafts.put("tester", f"client:{aino.id}", {"last_name": "Esimerkki"})
    with store.records.transaction() as tx:
        item = {"kind": "client", "ref": str(aino.id), "name": "Aino Esimerkki", "code": "missing"}
        row = {"id": 1, "at": "2026-01-05T10:00:00+02:00", "by": "tester", "recovered": []}
        tx.put(REPAIRS, REPAIRS_TABLE, 1, {**row, "lost": [item], "done": False})
    set_aside(folder / "clients.json", 0o600, copy=True)
    stale = folder / ".guardians.json.x1.tmp"
    stale.write_bytes((folder / "guardians.json").read_bytes())
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    # a backup (or export) killed while its snapshot was linked: its process is gone
    gone = subprocess.Popen(["true"])
    gone.wait()
    snapshot = folder / "backups" / f".snapshot-{gone.pid}-1"
    snapshot.mkdir(parents=True)
    shutil.copyfile(folder / "clients.json", snapshot / "clients.json")
    return aino.id, rid


def test_nothing_names_an_anonymised_client_after_the_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(os.environ["TUKI_DATA_DIR"])
    generate(folder, scale="small", seed=2, today=TODAY)
    aino, rid = _coordinator_writes(folder, capsys, monkeypatch)
    before = _found(folder)
    # the search finds them where they are (PDFs by their text, the copies, the documents)
    for name in (
        f"minutes-{rid}-1.pdf",
        f"minutes/minutes-{rid}-1.pdf",
        f"access-log-{aino}.pdf",
        "repairs.json",
        ".guardians.json.x1.tmp",
        "drafts/tester.json",
        ".delta.json",
    ):
        assert name in before, name
    assert any(".damaged-" in name for name in before)
    assert any(name.startswith("backups/") for name in before)
    assert any(name.startswith("backups/.snapshot-") for name in before)

    code, out, err = run(capsys, "--lang", "en", "retention", "--apply", "--yes")
    assert (code, err) == (0, "")
    assert _found(folder) == {}
    assert "6 documents of anonymised cases were removed" in out
    assert "2 earlier copies of files were removed too" in out
    # the payment lists stay: the volunteer's name and the relationship's number, no client
    kept = _text(folder / "payments" / "payments-1993-03.pdf")
    assert "Vanhanen Sointu" in kept and f"tukisuhde {rid}" in kept
    # the repair's list keeps the kind and id, not the name
    repairs = Store.open(folder).engine.table(REPAIRS, REPAIRS_TABLE)
    assert repairs["1"]["lost"][0] == {
        "kind": "client",
        "ref": str(aino),
        "name": "",
        "code": "missing",
    }
    assert run(capsys, "check")[0] == 0


def test_each_anonymised_client_is_an_access_log_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = Path(os.environ["TUKI_DATA_DIR"])
    generate(folder, scale="small", seed=2, today=TODAY)
    store = Store.open(folder)
    due = [c.client_id for c in store.retention.plan("tester").due]
    held = [c.client_id for c in store.retention.plan("tester").held]
    assert len(due) == 2 and len(held) == 1
    assert run(capsys, "retention", "--apply", "--yes")[0] == 0
    entries = Store.open(folder).access.entries("tester")
    logged = [(e.client, e.by, e.view, e.face) for e in entries if e.view is AccessView.RETENTION]
    assert logged == [(cid, "tester", AccessView.RETENTION, Face.CLI) for cid in due]
    # the client's § 11 answer says it, in words
    code, out, _ = run(capsys, "--lang", "en", "access-log", "--client", str(due[0]))
    assert code == 0 and ";tester;anonymised (retention period over);command line" in out
    # a second run anonymises nothing and logs nothing more
    assert run(capsys, "retention", "--apply", "--yes")[0] == 0
    again = Store.open(folder).access.entries("tester")
    assert sum(e.view is AccessView.RETENTION for e in again) == 2
