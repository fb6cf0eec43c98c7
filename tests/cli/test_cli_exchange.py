"""``tuki export`` and ``tuki import``: every kind as files a Finnish spreadsheet opens, no
extract detail beyond its dates, formulas never run, an admin's and logged per client; clients
and volunteers read back into an empty folder give the same spreadsheet again, bad rows are
each reported by row and column and nothing is stored, and a second run stores nothing."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from data.exchange.columns import KINDS, imported
from data.exchange.read import match, read
from data.model.access import AccessView
from data.model.register import UserRole
from data.models import Client, ExtractShown, Left, Meeting, Paused, Volunteer
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tui import i18n
from tui.cli import main
from tui.cli_exchange import aliases

FORMULA = '=HYPERLINK("http://example.invalid","klikkaa")'
SEER = "Tarkastaja Teppo"  # who saw the extract: never in an export


@pytest.fixture
def folder() -> Path:
    """A small programme: an active relationship with a meeting that cost 12,50 €, a client
    whose wishes look like a formula, volunteers re-checked, paused and gone; the tester its
    admin, carl a coordinator, rita a reader."""
    folder = Path(os.environ["TUKI_DATA_DIR"])
    store = Store.open(folder)
    rel = f.active(store)
    assert rel.id is not None
    store.meetings.log(
        USER, Meeting(relationship_id=rel.id, on=ago(3), costs=Decimal("12.50"), km=Decimal("7.5"))
    )
    f.client(
        store,
        first_name="Odottava",
        wishes=FORMULA,
        health_notes="-allergia pähkinöille",
        interests=["lukeminen", "sähly"],
        needs=["läksyt"],
        municipality="Hamina",
        school_class="4B",
    )
    recheck = ExtractShown(extract_date=ago(30), on=ago(20), by=SEER)
    f.volunteer(store, first_name="Uusittu", vetting=[*f.vetting(ago(900)), recheck])
    recheck_paused = ExtractShown(extract_date=ago(30), on=ago(20), by=SEER)  # after the pause
    paused = [*f.vetting(ago(400)), Paused(on=ago(40)), recheck_paused]
    f.volunteer(store, first_name="Tauolla", vetting=paused)
    f.volunteer(store, first_name="Lähtenyt", vetting=[*f.vetting(ago(300)), Left(on=ago(5))])
    first = f.vetting(ago(200))
    first[3] = ExtractShown(extract_date=ago(200), on=ago(179), by=SEER)
    f.volunteer(store, first_name="Ote", has_car=True, vetting=first)
    users = {USER: UserRole.ADMIN, "carl": UserRole.COORDINATOR, "rita": UserRole.READER}
    settings = store.records.settings()
    store.records.save_settings(USER, settings.model_copy(update={"users": users}))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cells(path: Path, kind: str) -> list[dict[str, object]]:
    """A kind's file as the import reads it, the columns an import reads by key."""
    sheet = read(path)
    at = match(sheet.headers, aliases(kind)).at
    keys = [c.key for c in imported(kind)]
    assert set(keys) <= set(at)  # every column an import reads is in the export
    return [{k: row[at[k]] for k in keys} for _, row in sheet.rows]


def test_export_csv_opens_in_finnish_excel_and_holds_no_extract_detail(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "vienti"
    code, text, err = run(capsys, "export", "--format", "csv", "--out", str(out))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.csv" for k in KINDS)
    assert "meetings.csv: 1" in text
    clients = (out / "clients.csv").read_bytes()
    assert clients.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    body = clients.decode("utf-8-sig")
    header = body.splitlines()[0]
    assert header.startswith("Tunniste;Laji;Etunimi;Sukunimi;Syntymäaika;Kotikunta")
    assert ";2.3.2015;" in body  # the birth date as a Finnish spreadsheet reads it
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    odottava = dict(zip(rows[0], next(r for r in rows if "Odottava" in r), strict=True))
    assert odottava["Toiveet"] == "'" + FORMULA  # shown as text, never run
    assert odottava["Terveystiedot"] == "'-allergia pähkinöille"
    assert ";lukeminen, sähly;" in body
    meetings = (out / "meetings.csv").read_text("utf-8-sig")
    assert ";7,5;12,50" in meetings  # the decimal comma
    assert oct((out / "clients.csv").stat().st_mode & 0o777) == oct(0o600)
    volunteers = (out / "volunteers.csv").read_text("utf-8-sig")
    assert SEER not in volunteers and "tester" not in volunteers
    recheck = ago(30)
    assert f";{recheck.day}.{recheck.month}.{recheck.year};" in volunteers  # its dates alone


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_no_extract_detail_in_xlsx_or_json_and_xlsx_never_runs_a_formula(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = tmp_path / fmt
    assert run(capsys, "export", "--format", fmt, "--out", str(out))[0] == 0
    for kind in KINDS:
        data = (out / f"{kind}.{fmt}").read_bytes()
        if fmt == "xlsx":
            with zipfile.ZipFile(out / f"{kind}.xlsx") as book:
                parts = {n: book.read(n).decode() for n in book.namelist()}
            data = "".join(parts.values()).encode()
            sheet = parts["xl/worksheets/sheet1.xml"]
            assert "<f>" not in sheet  # no cell is a formula
        assert SEER.encode() not in data
    if fmt == "xlsx":
        with zipfile.ZipFile(out / "clients.xlsx") as book:
            assert 'quotePrefix="1"' in book.read("xl/styles.xml").decode()
        wishes = [row["wishes"] for row in cells(out / "clients.xlsx", "clients")]
        assert FORMULA in wishes  # kept as text, read back as typed
    else:
        _extracts(out / "volunteers.json")


def _extracts(path: Path) -> None:
    """Each extract in the JSON holds its dates and nothing else."""
    import orjson

    steps = [s for v in orjson.loads(path.read_bytes()) for s in v["vetting"]]
    shown = [s for s in steps if s["step"] == "extract_shown"]
    assert len(shown) == 7 and all(
        set(s) == {"step", "extract_date", "on", "removed_on"} for s in shown
    )


def test_export_is_an_admins_and_logged_once_per_client(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for login in ("rita", "carl"):  # a reader, a coordinator: refused, nothing written
        monkeypatch.setenv("TUKI_USER", login)
        code, _, err = run(capsys, "export", "--out", str(tmp_path / login))
        assert code == 1 and "pääkäyttäjä" in err
        assert not (tmp_path / login).exists()
    monkeypatch.setenv("TUKI_USER", USER)
    assert run(capsys, "export", "--out", str(tmp_path / "ok"))[0] == 0
    store = Store.open(folder)
    logged = [e for e in store.access.entries(USER) if e.view == AccessView.EXPORT]
    assert sorted(e.client for e in logged) == sorted(c.id for c in store.records.list(Client))
    assert {e.by for e in logged} == {USER}
    code, _, err = run(capsys, "export", "--format", "json", "--out", str(folder / "x"))
    assert code == 1 and "tietokansion sisällä" in err  # never into the register's own folder
    assert not (folder / "x").exists()
    # an existing file is not written over without --force
    code, _, err = run(capsys, "export", "--out", str(tmp_path / "ok"))
    assert code == 1 and "--force" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_folder_gives_the_same_lists(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    first, second, empty = tmp_path / "first", tmp_path / "second", tmp_path / "empty"
    assert run(capsys, "export", "--format", fmt, "--out", str(first))[0] == 0
    for kind in ("clients", "volunteers"):
        code, out, err = run(
            capsys, "--data-dir", str(empty), "import", kind, str(first / f"{kind}.{fmt}")
        )
        assert (code, err) == (0, "")
    code, out, _ = run(
        capsys, "--data-dir", str(empty), "import", "volunteers", str(first / f"volunteers.{fmt}")
    )
    assert (
        code == 0 and "Ei mitään uutta: kaikki 5 riviä on jo tallennettu." in out
    )  # twice: nothing
    assert (
        run(capsys, "--data-dir", str(empty), "export", "--format", fmt, "--out", str(second))[0]
        == 0
    )
    for kind in ("clients", "volunteers"):
        before, after = cells(first / f"{kind}.{fmt}", kind), cells(second / f"{kind}.{fmt}", kind)
        assert len(before) == 2 + (kind == "volunteers") * 3 and before == after
    store = Store.open(empty)
    assert len(store.records.list(Volunteer)) == 5  # stored once
    stored = {c.first_name: c for c in store.records.list(Client)}
    assert stored["Odottava"].wishes == FORMULA and stored["Odottava"].created_by == USER
    gone = next(v for v in store.records.list(Volunteer) if v.first_name == "Lähtenyt")
    assert gone.state is not None and gone.state.value == "left"


def test_bad_rows_are_each_reported_and_nothing_is_stored(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    header = "Etunimi;Sukunimi;Syntymäaika;Kotikunta;Tarve kirjattu\r\n"
    rows = [
        "Aino;Aalto;31.2.2015;Kotka;1.9.2026",  # row 2: no such day
        "Eemil;Koski;3.4.2014;Kotak;1.9.2026",  # row 3: a municipality nobody knows
        ";Nimetön;1.1.2016;Hamina;1.9.2026",  # row 4: no first name
        "Liisa;Lahti;2.2.2016;hamina;1.9.2026",  # row 5: fine (Hamina)
        "liisa;LAHTI;2.2.2016;Hamina;2.9.2026",  # row 6: the same as row 5
    ]
    path = tmp_path / "tuettavat.csv"
    path.write_bytes(("\ufeff" + header + "\r\n".join(rows) + "\r\n").encode())
    code, _, err = run(capsys, "--data-dir", str(empty), "import", "clients", str(path))
    assert code == 1
    lines = err.splitlines()
    assert "Rivi 2, Syntymäaika: '31.2.2015' ei ole päivämäärä" in lines[0]
    assert lines[1].startswith(
        "Rivi 3, Kotikunta: tuntematon kunta 'Kotak'. Tunnetut: Hamina, Kotka"
    )
    assert lines[2] == "Rivi 4, Etunimi: Pakollinen tieto."
    assert lines[3].startswith("Rivi 6: samat tunnistetiedot kuin rivillä 5 (nimi, syntymä")
    assert "Mitään ei tallennettu: korjaa 4 riviä" in lines[4]
    assert Store.open(empty).records.list(Client) == []
    assert (
        run(capsys, "--data-dir", str(empty), "import", "clients", str(path), "--dry-run")[0] == 1
    )
    assert Store.open(empty).records.list(Client) == []
    code, out, err = run(
        capsys,
        "--data-dir",
        str(empty),
        "import",
        "clients",
        str(path),
        "--skip-bad",
        "--municipality",
        "Kotak",
    )
    assert code == 0 and "Tallennettu: Tuettavat 2." in out and "3 virheellistä" in err
    kept = sorted((c.first_name, c.municipality) for c in Store.open(empty).records.list(Client))
    assert kept == [("Eemil", "Kotak"), ("Liisa", "Hamina")]


def test_import_is_a_coordinators_and_the_template_has_the_headers(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    template = tmp_path / "malli.xlsx"
    assert run(capsys, "import", "--template", "volunteers", "--out", str(template))[0] == 0
    sheet = read(template)
    assert sheet.rows == [] and sheet.headers[:3] == ["Laji", "Etunimi", "Sukunimi"]
    assert "Tunniste" not in sheet.headers  # the id is the folder's own
    path = tmp_path / "tukihenkilot.csv"
    header = "first name;LAST NAME;birth year;municipality;Kielet;Laji\n"
    path.write_text(header + "Veera;Virta;1990;Kotka;fi, sv;vapaaehtoinen\n")
    code, _, err = run(capsys, "import", "volunteers", str(path))
    expected = "'vapaaehtoinen' ei käy tähän; kirjoita jokin näistä: 'volunteer', 'professional'"
    assert code == 1 and f"Rivi 2, Laji: {expected}" in err  # a choice by its code, listed
    path.write_text(header + "Veera;Virta;1990;Kotka;fi, sv;volunteer\n")
    monkeypatch.setenv("TUKI_USER", "rita")
    code, _, err = run(capsys, "import", "volunteers", str(path))
    assert code == 1 and "koordinaattori" in err
    monkeypatch.setenv("TUKI_USER", "carl")
    code, _, err = run(capsys, "import", "volunteers", str(path))
    assert (code, err) == (0, "")
    veera = next(v for v in Store.open(folder).records.list(Volunteer) if v.first_name == "Veera")
    assert veera.languages == ["fi", "sv"] and veera.created_by == "carl"


def test_every_header_is_known_once_per_kind_in_every_language() -> None:
    for kind, columns in KINDS.items():
        names = aliases(kind)
        assert len(set(names.values())) == len(columns)
        for lang in i18n.LANGUAGES:
            i18n.set_language(lang)
            texts = [i18n.t(f"exchange.col.{c.key}") for c in columns]
            assert len(set(texts)) == len(texts) and not any(
                t.startswith("exchange.") for t in texts
            )
    i18n.set_language("fi")


def test_the_demo_programme_exports_every_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import orjson

    from data.demo import generate
    from tests.console_helpers import TODAY

    demo = tmp_path / "demo"
    generate(demo, scale="small", seed=1, today=TODAY)
    for fmt in ("csv", "json"):
        code, _, err = run(
            capsys, "--data-dir", str(demo), "export", "--format", fmt, "--out", str(tmp_path / fmt)
        )
        assert (code, err) == (0, "")
    for kind in KINDS:
        records = orjson.loads((tmp_path / "json" / f"{kind}.json").read_bytes())
        rows = read(tmp_path / "csv" / f"{kind}.csv").rows
        assert records, kind  # the demo has some of every kind
        lines = sum(len(r["lines"]) for r in records) if kind == "payments" else len(records)
        assert len(rows) == lines, kind
    # issue 16's fields have their columns, filled where the demo has them
    for kind, key in (
        ("meetings", "place_kind"),
        ("meetings", "until"),
        ("relationships", "party_municipality"),
        ("relationships", "peer_group"),
        ("palaverit", "ratings"),
        ("palaverit", "concern_id"),
    ):
        sheet = read(tmp_path / "csv" / f"{kind}.csv")
        at = sheet.headers.index(i18n.t(f"exchange.col.{key}"))
        assert any(cells[at] not in ("", None) for _, cells in sheet.rows), (kind, key)


def test_the_export_is_one_moment_while_others_save(folder: Path) -> None:
    """Taken under the lock, then read at leisure: a meeting saved meanwhile by another
    coordinator is not in it, and the folder's lock is free while the export reads."""
    from data.exchange.snapshot import taken

    store, other = Store.open(folder), Store.open(folder)
    rid = next(iter(other.records.relationship_facts()))
    with taken(store, USER) as snap:
        saved = other.meetings.log("carl", Meeting(relationship_id=rid, on=ago(1), place="uusi"))
        exported = list(snap.rows("meetings"))
        frozen = list((folder / "backups").glob(".snapshot-*"))
    assert saved.place == "uusi" and [m.place for m in exported].count("uusi") == 0
    assert len(exported) == 1 and len(frozen) == 1
    assert not frozen[0].exists()  # the frozen copy goes with the export
