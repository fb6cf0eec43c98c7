"""``tuki pair`` and ``tuki log --by`` (seed 003): the second peer added from the command line,
one of the pair logging a meeting alone, and a refusal in one line with nothing stored."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from data.models import Agreement, ClientKind, Relationship, State, VolunteerKind
from data.store import Store
from tests import factories as f
from tests.factories import USER, ago
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_second_peer_is_added_and_logs_alone(capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    parent = f.client(store, kind=ClientKind.PARENT, birth_date=date(1988, 1, 2))
    anna = f.volunteer(store, first_name="Anna", kind=VolunteerKind.PEER)
    eero = f.volunteer(store, first_name="Eero", kind=VolunteerKind.PEER)
    start = ago(60)
    agreement = Agreement(start=start, planned_end=ago(-300), max_meetings=20)
    rel = store.relationships.propose(
        USER,
        Relationship(client_id=parent.id, volunteer_id=anna.id, agreement=agreement),
        on=ago(70),
    )
    rel = store.relationships.set_state(USER, rel.id, rel.version, State.STARTING, start)
    olli = f.volunteer(store, first_name="Olli", kind=VolunteerKind.PEER)
    store.records.update(USER, parent.model_copy(update={"known_volunteer_ids": [olli.id]}))
    code, _, err = run(capsys, "pair", str(rel.id), "--second", str(olli.id), "--lang", "en")
    assert code != 0 and "cannot be matched: the family knows them already" in err
    code, out, _ = run(capsys, "pair", str(rel.id), "--second", str(eero.id), "--lang", "en")
    assert code == 0 and "Anna Vapaaehtoinen & Eero Vapaaehtoinen" in out
    day = ago(3).isoformat()
    argv = ["log", "--relationship", str(rel.id), "--date", day, "--held", "--no-prompt"]
    code, _, _ = run(capsys, *argv, "--by", str(eero.id))
    assert code == 0
    argv[4] = ago(4).isoformat()
    code, _, _ = run(capsys, *argv, "--claimed-by", str(eero.id))  # both there, Eero drove
    assert code == 0
    stored = Store.open(store.folder)
    met = {(m.met_by, m.claimed_by) for m in stored.meetings.of(rel.id or 0)}
    assert met == {(eero.id, None), (None, eero.id)}
    argv[4] = ago(5).isoformat()
    stranger = f.volunteer(store, first_name="Outi")
    code, _, err = run(capsys, *argv, "--by", str(stranger.id), "--lang", "en")
    assert (
        code != 0
        and "one of the pair" in err
        and len(Store.open(store.folder).meetings.of(rel.id or 0)) == 2
    )
