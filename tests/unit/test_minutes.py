"""The minutes of a palaveri: Markdown and PDF with the same words, and `tuki minutes`."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.models import EndReason, Goal, Palaveri, PalaveriKind, Relationship
from data.outputs import document, minutes
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago, today
from tests.unit.test_palaverit import proposed, start_decisions, start_draft
from tui.cli import main


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


def finished_start(store: Store) -> tuple[Relationship, Palaveri]:
    rel = proposed(store)
    draft = start_decisions(start_draft(store, rel))
    notes = {**draft.notes, "activities": "Pääsylippu 5 € – huoltaja maksaa. Åland-retki?"}
    draft = store.palaverit.save(USER, draft.model_copy(update={"notes": notes}))
    palaveri, rel = store.palaverit.finish(USER, rel.id, draft.id, draft.version)  # type: ignore[arg-type]
    return rel, palaveri


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def words(text: str) -> str:
    return " ".join(text.split())


def test_markdown_minutes_of_a_start_meeting(store: Store) -> None:
    rel, palaveri = finished_start(store)
    md = minutes.minutes_markdown(store, rel.id, palaveri.id, "fi")  # type: ignore[arg-type]
    assert md.startswith("# Muistio: Aloitustapaaminen\n")
    for line in [
        f"- Päivä: {ago(2).day}.{ago(2).month}.{ago(2).year}",
        "- Tuettava: Aino Esimerkki",
        "- Tukihenkilö: Ville Vapaaehtoinen",
        f"- Palaveri: {palaveri.ref} (päätetty)",
        "- Lapsi: Aino",
        "- Huoltaja: Maija Meikäläinen",
        "- Koordinaattori: Sanna",
        "### 1. Mikä tukihenkilö on – ja mikä ei (käsitelty)",
        "### 2. Tukihenkilö esittäytyy (ei käsitelty)",
        "Huoltaja maksaa lapsen kulut.",
        "- Lupa kuljettaa autolla: kyllä",
        "- Lupa vierailla tukihenkilön kotona: ei",
        "- Yhteydenpito: WhatsApp-ryhmä äidin kanssa",
        "- Lapsi kulkee itsenäisesti: ei",
        "- Tapaamisia enintään: 24",
    ]:
        assert line in md.splitlines(), line
    day = today() + timedelta(days=5)
    assert f"- Ensimmäinen tapaaminen: {day.day}.{day.month}.{day.year} klo 16.30, kirjasto" in md
    assert "- Uudet tavoitteet: Oma aikuinen, jonka kanssa tehdä asioita; Uskaltaa" in md


def test_minutes_in_english_and_swedish(store: Store) -> None:
    rel, palaveri = finished_start(store)
    en = minutes.minutes_markdown(store, rel.id, palaveri.id, "en")  # type: ignore[arg-type]
    assert "# Minutes: Start meeting" in en and "- Consent to car rides: yes" in en
    assert "- Guardian: Maija Meikäläinen" in en and " at 16.30, kirjasto" in en
    sv = minutes.minutes_markdown(store, rel.id, palaveri.id, "sv")  # type: ignore[arg-type]
    assert "# Minnesanteckningar: Startmöte" in sv and "- Lov att skjutsa med bil: ja" in sv


def test_minutes_of_a_review_and_an_ending(store: Store) -> None:
    rel = f.active(store, start_days_ago=400)
    rel = store.records.update(
        USER, rel.model_copy(update={"goals": [Goal(id=1, text="Harrastus", set_on=ago(400))]})
    )
    review = store.palaverit.start(USER, rel.id, PalaveriKind.REVIEW, ago(3))  # type: ignore[arg-type]
    decided = review.decisions.model_copy(
        update={"continue_": True, "achieved_goal_ids": [1], "next_review_on": ago(-200)}
    )
    review = store.palaverit.save(USER, review.model_copy(update={"decisions": decided}))
    store.palaverit.finish(USER, rel.id, review.id, review.version)  # type: ignore[arg-type]
    md = minutes.minutes_markdown(store, rel.id, review.id, "fi")  # type: ignore[arg-type]
    assert "- Saavutetut tavoitteet: #1 Harrastus" in md and "- Tukisuhde jatkuu: kyllä" in md

    ending = store.palaverit.start(USER, rel.id, PalaveriKind.ENDING, ago(1))  # type: ignore[arg-type]
    decided = ending.decisions.model_copy(
        update={"end_reason": EndReason.CHILD_WISH, "gave": {"child": "Rohkeutta"}}
    )
    ending = store.palaverit.save(USER, ending.model_copy(update={"decisions": decided}))
    md = minutes.minutes_markdown(store, rel.id, ending.id, "en")  # type: ignore[arg-type]
    assert "(draft, not finished)" in md
    assert "- Reason for ending: the child's wish" in md
    assert "- What it gave (Child): Rohkeutta" in md


def test_the_pdf_says_what_the_markdown_says_in_the_documents_frame(store: Store) -> None:
    """Every page: the programme, its organiser, 'confidential' and the page of how many;
    the start meeting's minutes (the agreement) end with a line for each signer."""
    settings = store.records.settings().model_copy(
        update={
            "programme_name": "Esimerkin tukihenkilötoiminta",
            "organiser": "Esimerkkiyhdistys ry",
        }
    )
    store.records.save_settings(USER, settings)
    rel, palaveri = finished_start(store)
    data = minutes.minutes_pdf(store, rel.id, palaveri.id, "fi")  # type: ignore[arg-type]
    assert data.startswith(b"%PDF")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    for n, page in enumerate(pages, 1):
        assert "Esimerkin tukihenkilötoiminta · Esimerkkiyhdistys ry" in page
        assert "LUOTTAMUKSELLINEN" in page
        assert f"Sivu {n}/{len(pages)}" in page
    text = words(pdf_text(data))
    blocks = minutes.minutes_blocks(palaveri, rel, "Aino Esimerkki", "Ville Vapaaehtoinen", "fi")
    for block in blocks:  # every block whole, in order
        at = text.index(words(document.to_text([block])))
        text = text[at:]
    assert "Pääsylippu 5 € – huoltaja maksaa. Åland-retki?" in words(pdf_text(data))
    assert "Allekirjoitukset" in text
    for signer in ("Huoltaja", "Tukihenkilö", "Koordinaattori"):
        assert signer in text


def test_a_long_document_numbers_its_pages_and_prints_every_letter() -> None:
    names = "Олена Шевченко · Máhtte Áŋŋel · Željko Šimić · Ευάγγελος"
    blocks = [document.Block("h1", "Otsikko")]
    blocks += [document.Block("p", f"{n}. {names} ✓ ✗ ⚠ 1 234,50 €") for n in range(160)]
    blocks.append(document.Block("p", "Kiitos 🙂 loppu"))
    frame = document.Frame("Ohjelma", "Järjestäjä", ("Huoltaja",))
    pages = [
        p.extract_text() for p in PdfReader(io.BytesIO(document.to_pdf(blocks, "sv", frame))).pages
    ]
    assert len(pages) > 2
    assert all(f"Sida {n}/{len(pages)}" in page for n, page in enumerate(pages, 1))
    assert all("KONFIDENTIELLT" in page and "Ohjelma · Järjestäjä" in page for page in pages)
    text = "\n".join(pages)
    assert text.count(names) == 160
    assert "Kiitos \ufffd loppu" in text  # a character the font lacks is marked, not dropped
    assert "Underskrifter" in pages[-1] and "Ort och datum" in pages[-1]


# ----- the command line ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tuki_minutes_markdown_to_stdout_and_to_a_file(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rel, palaveri = finished_start(store)
    code, out, err = run(capsys, "minutes", palaveri.ref, "--lang", "en")
    assert (code, err) == (0, "")
    assert out == minutes.minutes_markdown(store, rel.id, palaveri.id, "en")  # type: ignore[arg-type]
    target = tmp_path / "m.md"
    code, out, _ = run(capsys, "minutes", palaveri.ref, "--format", "md", "--out", str(target))
    assert code == 0 and out.startswith(f"Palaverin {palaveri.ref} muistio kirjoitettu")
    assert target.read_text(encoding="utf-8").startswith("# Muistio: Aloitustapaaminen")


def test_tuki_minutes_pdf_gets_a_default_name(
    store: Store,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, palaveri = finished_start(store)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "minutes", palaveri.ref, "--format", "pdf", "--lang", "sv")
    assert (code, err) == (0, "")
    written = tmp_path / f"minutes-{palaveri.ref}.pdf"
    assert str(written.name) in out
    data = written.read_bytes()
    assert data.startswith(b"%PDF") and "Lov att skjutsa med bil: ja" in pdf_text(data)


@pytest.mark.parametrize(
    ("ref", "expected"), [("abc", "like 12-3"), ("1-9", "palaveri 1-9"), ("99-1", "99")]
)
def test_tuki_minutes_refuses_a_bad_id_in_one_line(
    store: Store, capsys: pytest.CaptureFixture[str], ref: str, expected: str
) -> None:
    finished_start(store)
    code, out, err = run(capsys, "minutes", ref, "--lang", "en")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: ") and expected in err


def test_tuki_minutes_says_when_it_cannot_write(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, palaveri = finished_start(store)
    target = tmp_path / "missing" / "m.pdf"
    code, _, err = run(capsys, "minutes", palaveri.ref, "--format", "pdf", "--out", str(target))
    assert code == 1 and err.count("\n") == 1  # the missing folder named, and the file
    assert str(target.parent) in err and target.name in err and not target.exists()
