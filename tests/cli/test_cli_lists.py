"""`tuki ls`: every table labels its columns alike (capitalised, in the chosen language) and
lists people as the console does: by surname, then first name, in Finnish order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data.model.facts import client_row, load_client, load_volunteer, volunteer_row
from data.models import Client, Meeting, MeetingStatus, Volunteer
from data.store import Store
from tests import factories as f
from tests.console_helpers import demo_store
from tui.cli import main
from tui.listing import collation_key, name_order

KINDS = ("clients", "volunteers", "relationships", "meetings", "concerns")


def ls(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> list[str]:
    assert main(["--data-dir", str(folder), "ls", *argv]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_table_has_capitalised_headers_and_worded_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    store = demo_store(tmp_path / "d")
    rel = f.active(store)
    store.meetings.log(
        "tester",
        Meeting(
            relationship_id=rel.id,  # type: ignore[arg-type]
            on=f.ago(2),
            status=MeetingStatus.CANCELLED,
            cancel_reason="child_ill",
        ),
    )
    for kind in KINDS:
        argv = ["--lang", lang, kind, "--all"] if kind != "meetings" else ["--lang", lang, kind]
        if kind == "meetings":
            argv += ["--relationship", str(rel.id)]
        lines = ls(capsys, store.folder, *argv)
        headers = re.split(r"\s{2,}", lines[0])
        assert len(lines) > 1 and all(h[:1].isupper() for h in headers), (kind, headers)
        if kind == "meetings":
            assert "child_ill" not in "\n".join(lines)  # the reason in words


def test_people_sort_by_surname_in_finnish_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(tmp_path / "d")
    for first, last in [("Öljy", "Aalto"), ("Aapo", "Öhman"), ("Bertta", "Zetterberg")]:
        f.client(store, first_name=first, last_name=last)
        f.volunteer(store, first_name=first, last_name=last)
    f.client(store, first_name="Aapo", last_name="Åberg")
    f.client(store, first_name="Aapo", last_name="Aalto")
    lines = ls(capsys, store.folder, "clients")[1:]
    names = [re.split(r"\s{2,}", line)[1] for line in lines]
    assert names == [
        "Aalto Aapo",
        "Aalto Öljy",
        "Zetterberg Bertta",
        "Åberg Aapo",
        "Öhman Aapo",
    ]
    volunteers = [line.split()[1] for line in ls(capsys, store.folder, "volunteers")[1:]]
    assert volunteers == ["Aalto", "Zetterberg", "Öhman"]


def test_the_collation_key_puts_a_o_with_dots_after_z() -> None:
    words = ["Öhman", "Ahonen", "ähtäri", "Zeta", "Åberg", "Émile", "ahola"]
    assert sorted(words, key=collation_key) == [
        "ahola",
        "Ahonen",
        "Émile",
        "Zeta",
        "Åberg",
        "ähtäri",
        "Öhman",
    ]
    assert name_order("Aino", "Virtanen") < name_order("Aapo", "Äijälä")


def test_the_facts_index_holds_the_surname_old_rows_too() -> None:
    client = Client(
        id=3,
        first_name="Anna Maria",
        last_name="Virtanen",
        birth_date=f.ago(4000),
        municipality="Kotka",
        registered_on=f.ago(10),
    )
    facts = load_client("3", client_row(client))
    assert (facts.first, facts.last) == ("Anna Maria", "Virtanen")
    short = {"r": ["Anna Maria Virtanen", "2026-01-02", None]}  # an older folder's row
    old = load_client("3", short)
    assert (old.first, old.last) == ("Anna Maria", "Virtanen")
    volunteer = Volunteer(
        id=1, first_name="Ville", last_name="Vapaaehtoinen", birth_year=1985, municipality="Kotka"
    )
    facts_v = load_volunteer("1", volunteer_row(volunteer))
    assert (facts_v.first, facts_v.last) == ("Ville", "Vapaaehtoinen")
    short_v = {"r": ["Ville Vapaaehtoinen", "volunteer", None, None, 2]}
    assert load_volunteer("1", short_v).last == "Vapaaehtoinen"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_month_reports_table_labels_and_sorts_as_the_lists_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    store = demo_store(tmp_path / "d")
    assert main(["--data-dir", str(store.folder), "--lang", lang, "reports"]) == 0
    lines = capsys.readouterr().out.splitlines()
    headers = re.split(r"\s{2,}", lines[1])  # under the month's heading
    assert len(lines) > 3 and all(h[:1].isupper() for h in headers), headers
    firsts = [re.split(r"\s{2,}", line)[1] for line in lines[2:]]
    surnames = [name.split()[0] for name in firsts]
    assert surnames == sorted(surnames, key=collation_key), surnames
