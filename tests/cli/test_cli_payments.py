"""``tuki payments``: the run on the screen, approved, marked paid, and written as a CSV that a
Finnish spreadsheet opens and a PDF for the approver to sign."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.dates import today_helsinki
from data.store import Store
from tests.storage.test_store_payments import (
    NOV,
    OCT,
    USER,
    active_since_september,
    meeting,
    report,
)
from tui.cli import main


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    folder = tmp_path / "d"
    monkeypatch.setenv("TUKI_DATA_DIR", str(folder))
    return Store.open(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_approve_write_and_mark_paid(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rel = active_since_september(store)
    store.meetings.log(USER, meeting(rel, date(2026, 10, 6), "12.5"))
    store.reports.receive(USER, report(rel, OCT, 6, received=date(2026, 11, 2)))
    code, out, err = run(capsys, "payments", "--month", "2026-10")
    assert (code, err) == (0, "")
    assert out.startswith("# Maksulista 10/2026") and "Luonnos" in out
    assert "Palkkio 10/2026, tukisuhde 1: 96,70 €" in out
    assert "Matkakulut 10/2026 (12,5 km), tukisuhde 1: 3,75 €" in out
    assert "Yhteensä: 154,95 €" in out
    code, out, err = run(capsys, "payments", "--month", "2026-10", "--approve")
    assert code == 0 and "154,95 €" in out
    code, _, err = run(capsys, "payments", "--month", "2026-10", "--approve")
    assert code == 1 and "hyväksyi" in err and len(err.strip().splitlines()) == 1
    sheet, paper = tmp_path / "lista.csv", tmp_path / "lista.pdf"
    code, out, _ = run(
        capsys, "payments", "--month", "2026-10", "--csv", str(sheet), "--pdf", str(paper)
    )
    assert code == 0 and str(sheet) in out and str(paper) in out
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Tukihenkilö", "Nro", "Tukisuhde"]
    assert [r[4] for r in rows[1:-1]] == ["Palkkio", "Kulukorvaus", "Matkakulut"]
    assert [r[6] for r in rows[1:]] == ["96,70", "54,50", "3,75", "154,95"]
    assert sum(Decimal(r[6].replace(",", ".")) for r in rows[1:-1]) == Decimal("154.95")
    text = "\n".join(p.extract_text() for p in PdfReader(paper).pages)
    assert "Maksulista 10/2026" in text and "154,95 €" in text and "Hyväksyjä" in text
    assert f"Hyväksynyt: {USER}" in text
    code, out, _ = run(
        capsys, "payments", "--month", "2026-10", "--paid", today_helsinki().isoformat()
    )
    assert code == 0 and "maksetuksi" in out
    assert Store.open(store.folder).payments.approved(OCT).paid_on == today_helsinki()  # type: ignore[union-attr]


def test_refusals_are_one_line_and_store_nothing(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    active_since_september(store)
    this_month = today_helsinki().strftime("%Y-%m")  # the store's day, not the machine's
    code, _, err = run(capsys, "payments", "--month", this_month, "--approve")
    assert code == 1 and "ei ole vielä päättynyt" in err
    code, _, err = run(capsys, "payments", "--month", "2026-10", "--paid", "2026-11-05")
    assert code == 1 and "ei ole vielä hyväksytty" in err
    assert Store.open(store.folder).payments.approved(NOV) is None
    with pytest.raises(SystemExit) as usage:
        main(["payments", "--month", "2026-13"])
    assert usage.value.code == 2
