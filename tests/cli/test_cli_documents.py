"""``tuki meeting-report``: the social worker's report of a period, to the screen or a file."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.store import Store
from tests import factories as f
from tests.unit.test_meeting_report import with_meetings
from tui.cli import main


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_to_the_screen_and_pdf_to_a_private_file(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rel, start = with_meetings(store)
    first = start.isoformat()
    code, out, err = run(capsys, "meeting-report", str(rel.id), "--from", first)
    assert (code, err) == (0, "")
    assert out.startswith("# Tapaamisraportti: ") and "peruttu: lapsi sairastui" in out
    assert "elokuvat" in out  # --to defaults to today
    target = tmp_path / "r.pdf"
    last = (start + timedelta(days=20)).isoformat()
    code, out, err = run(
        capsys, "meeting-report", str(rel.id), "--from", first, "--to", last,
        "--format", "pdf", "--out", str(target), "--lang", "en",
    )  # fmt: skip
    assert code == 0 and f"relationship {rel.id}" in out and str(target) in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Meeting report" in text and "the child fell ill" in text and "library" not in text
    code, _, err = run(
        capsys, "meeting-report", str(rel.id), "--from", first, "--format", "pdf",
        "--out", str(target),
    )  # fmt: skip
    assert code == 1 and str(target) in err  # not replaced without --force


def test_bad_periods_and_unknown_relationships_get_one_line(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel, start = with_meetings(store)
    code, out, err = run(
        capsys, "meeting-report", str(rel.id), "--from", start.isoformat(),
        "--to", (start - timedelta(days=1)).isoformat(),
    )  # fmt: skip
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    code, _, err = run(capsys, "meeting-report", "999999", "--from", f.today().isoformat())
    assert code == 1 and len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as usage:
        main(["meeting-report", str(rel.id), "--from", "31.2.2026"])
    assert usage.value.code == 2
