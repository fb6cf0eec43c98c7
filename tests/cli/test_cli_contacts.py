"""``tuki contact`` and ``tuki summary`` (issue 16): a contact logged and listed, a bad duration
refused in one line, the summary as PDF; the listing and the summary in the access log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.model.access import AccessView
from data.store import Store
from tests.factories import USER, ago
from tests.storage.test_contacts import professional
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_contact_logged_listed_and_in_the_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    rid = str(professional(store).id)
    day = ago(2).isoformat()
    with pytest.raises(SystemExit) as stop:  # argparse's one line
        main(["contact", "log", rid, "--with", "school", "--date", day, "--minutes", "900"])
    assert stop.value.code == 2 and "1–720" in capsys.readouterr().err
    assert store.contacts.of(int(rid)) == []
    code, out, err = run(
        capsys, "contact", "log", rid, "--with", "phone_support", "--date", day,
        "--time", "21.40", "--minutes", "30", "--note", "Yöllinen soitto",
    )  # fmt: skip
    assert (code, err) == (0, "") and f"{rid}-1" in out
    code, out, _ = run(capsys, "contact", "list", rid)
    assert "24 h puhelintuki" in out and "21.40" in out and "Yöllinen soitto" in out
    target = tmp_path / "s.pdf"
    code, out, err = run(
        capsys, "summary", rid, "--from", ago(30).isoformat(), "--format", "pdf",
        "--out", str(target), "--lang", "en",
    )  # fmt: skip
    assert code == 0 and str(target) in out
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "Summary of the work done" in text and "24-hour phone support" in text
    views = [e.view for e in store.access.entries(USER)]
    assert AccessView.CONTACTS in views and AccessView.SUMMARY in views


def test_a_removed_contacts_history_shows_its_last_values_and_the_removal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.storage.test_contacts import contact

    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    rid = professional(store).id or 0
    saved = store.contacts.log(USER, contact(rid, ago(3), note="Soitto koululle"))
    store.contacts.remove(USER, rid, saved.id or 0, saved.version)
    code, out, err = run(capsys, "history", "contact", saved.ref, "--lang", "en")
    assert (code, err) == (0, "")
    assert "Removed: no longer stored" in out and f"{USER} · removed" in out
    assert "Soitto koululle → –" in out and "School → –" in out
    assert AccessView.HISTORY in [e.view for e in store.access.entries(USER)]
    code, out, err = run(capsys, "history", "contact", f"{rid}-9", "--lang", "en")
    assert code != 0 and out == "" and err.count("\n") == 1  # never kept: not found
