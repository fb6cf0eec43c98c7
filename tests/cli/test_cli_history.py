"""``tuki history KIND ID``: each change with when, who and old → new in the user's language;
kinds by their Finnish, Swedish or English names; an unknown kind or id is one clear line."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.models import EndReason, State
from data.store import Store
from tests import factories as f
from tui.cli import main

NOW = datetime(2026, 11, 22, 14, 5, tzinfo=HELSINKI)
LONG = "Pitää piirtämisestä ja uinnista. " * 4


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]), clock=lambda: NOW)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clients_edits_in_finnish_and_english(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    client = f.client(store)
    first = store.records.update("maija", client.model_copy(update={"area": "Kymi"}))
    store.records.update("pekka", first.model_copy(update={"wishes": LONG}))
    code, out, err = run(capsys, "history", "client", str(client.id))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Tuettava {client.id} – Aino Esimerkki"
    assert lines[1].startswith("Luotu 22.11.2026 14.05")
    assert "22.11.2026 14.05 · maija · versio 2" in lines
    assert "  Alue: Karhula → Kymi" in lines
    assert "22.11.2026 14.05 · pekka · versio 3" in lines
    wish = next(line for line in lines if line.startswith("  Mitä lapsi haluaisi tehdä:"))
    assert wish.endswith("…") and LONG.strip() not in wish  # cut; --full prints it whole
    code, out, _ = run(capsys, "history", "tuettava", str(client.id), "--full")
    assert LONG.strip() in out
    code, out, _ = run(capsys, "history", "klient", str(client.id), "--lang", "en")
    assert code == 0 and f"Client {client.id} – Aino Esimerkki" in out
    assert "  Area: Karhula → Kymi" in out.splitlines()


def test_a_relationship_state_and_the_settings(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    store.relationships.set_state(
        "maija", rel.id or 0, rel.version, State.PAUSED, date(2026, 11, 22)
    )
    code, out, _ = run(capsys, "history", "relationship", str(rel.id), "--lang", "en")
    assert code == 0 and "  State: active → paused" in out.splitlines()
    settings = f.rates(store)
    store.records.save_settings("admin", settings.model_copy(update={"organiser": "Tuki ry"}))
    code, out, _ = run(capsys, "history", "asetukset")
    assert code == 0 and "  Järjestäjä: – → Tuki ry" in out.splitlines()


def test_a_choice_is_shown_in_the_users_words_not_as_stored(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    store.relationships.end(
        "maija", rel.id or 0, rel.version, date(2026, 11, 22), EndReason.GOALS_MET
    )
    code, out, _ = run(capsys, "history", "relationship", str(rel.id), "--lang", "en")
    assert code == 0 and "  State: active → ended" in out.splitlines()
    assert "goals met" in out and "goals_met" not in out
    code, out, _ = run(capsys, "history", "relationship", str(rel.id))
    assert "tavoitteet saavutettu" in out and "goals_met" not in out


def test_an_unknown_kind_or_id_is_one_clear_line(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    client = f.client(store)
    code, out, err = run(capsys, "history", "kissa", "3")
    assert code == 1 and out == "" and "Tietuelajia 'kissa' ei ole" in err
    assert "tuettava" in err and "Traceback" not in err
    code, out, err = run(capsys, "history", "client", str((client.id or 0) + 50), "--lang", "en")
    assert code == 1 and out == "" and err.strip() == f"Error: There is no client {client.id + 50}."  # type: ignore[operator]
    code, _, err = run(capsys, "history", "meeting", "7", "--lang", "en")
    assert code == 1 and "for example: tuki history meeting 12-3" in err
    code, _, err = run(capsys, "history", "client", "x", "--lang", "en")
    assert code == 1 and "Give the record's number" in err
