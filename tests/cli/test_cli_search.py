"""``tuki search WORDS [--kind …] [--json]``: the hits newest first by initials, never a name;
each client they name logged once in the access log (kind ``search``) before printing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from data.model.access import AccessView
from data.store import Store
from tests.storage.test_search import _world
from tui.cli import main


def test_search_prints_the_hits_and_logs_their_clients(capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    rid, older, newer = _world(store)
    client = store.search.find("tester", "kirjasto").hits[0].client_id
    assert main(["search", "kavimme", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Day", "Kind", "Ref", "Relationship", "Client", "Text"]
    assert out[1].split()[1:5] == ["meeting", newer.ref, str(rid), "A."]
    assert out[2].split()[2] == older.ref and "Kävimme kirjastossa" in out[2]
    assert "Esimerkki" not in "\n".join(out)  # initials only
    entries = Store.open(store.folder).access.entries("tester")
    assert [(e.client, e.view) for e in entries] == [(client, AccessView.SEARCH)]
    assert main(["search", "kotiin", "--kind", "meeting"]) == 0
    assert capsys.readouterr().out.startswith("Ei osumia sanoilla: kotiin")
    assert main(["search", "kotiin", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [h["kind"] for h in got["hits"]] == ["concern"] and got["more"] is False
    assert main(["search", "a"]) == 1
    assert "vähintään kaksi kirjainta" in capsys.readouterr().err
