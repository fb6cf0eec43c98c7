"""``tuki settings set`` of the retention periods: each class's years, the default class and
how long a left volunteer's vetting details are kept; bad values refused in words with nothing
changed; an admin's alone; ``tuki settings show`` lists them. Settings stored out of bounds
(a hand-edited file) still open."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from data.model.register import UserRole
from data.model.retention import RetentionClass
from data.store import Store
from tui.cli import main


@pytest.fixture
def folder() -> Path:
    folder = Path(os.environ["TUKI_DATA_DIR"])
    Store.open(folder).records.settings()  # (an empty folder: the defaults)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str, lang: str = "en") -> tuple[int, str, str]:
    code = main([*argv, "--lang", lang])
    out, err = capsys.readouterr()
    return code, out, err


def stored(folder: Path) -> bytes:
    path = folder / "settings.json"
    return path.read_bytes() if path.exists() else b""


def test_the_retention_settings_set_and_shown(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "settings", "show")
    assert code == 0
    lines = [line.split()[:2] for line in out.splitlines()]
    assert ["retention_default", "family_services"] in lines
    for key, value in (
        ("retention_years.family_services", "30"),
        ("retention_years.adult_services", "12"),
        ("retention_years.short", "6"),
        ("vetting_keep_years", "2"),
    ):
        assert [key, value] in lines, key
    assert "(Retention period: adult services (years))" in out
    assert run(capsys, "settings", "set", "retention_years.family_services", "50")[0] == 0
    assert run(capsys, "settings", "set", "retention_years.adult_services", "10")[0] == 0
    assert run(capsys, "settings", "set", "retention_years.short", "1")[0] == 0
    assert run(capsys, "settings", "set", "retention_default", "short")[0] == 0
    code, out, _ = run(capsys, "settings", "set", "vetting_keep_years", "0")
    assert code == 0 and "kept (years) = 0" in out
    settings = Store.open(folder).records.settings()
    assert settings.retention_years == {
        RetentionClass.FAMILY_SERVICES: 50,
        RetentionClass.ADULT_SERVICES: 10,
        RetentionClass.SHORT: 1,
    }
    assert (settings.retention_default, settings.vetting_keep_years) == (RetentionClass.SHORT, 0)
    code, out, _ = run(capsys, "history", "settings", "1")  # the change history in words
    assert code == 0 and "Retention period: adult services: 12 → 10" in out
    code, out, _ = run(capsys, "settings", "show")
    assert ["retention_years.family_services", "50"] in [
        line.split()[:2] for line in out.splitlines()
    ]


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        (
            "retention_years.family_services",
            "29",
            "Retention period: families-with-children services (years): Families-with-children "
            "services keep a case's documents at least 30 years after it closes. To keep a case "
            "for a shorter time, choose another retention class for it.",
        ),
        (
            "retention_years.family_services",
            "101",
            "Retention period: families-with-children services (years): Give whole years from "
            "30 to 100.",
        ),
        (
            "retention_years.adult_services",
            "0",
            "Retention period: adult services (years): Give whole years from 1 to 100.",
        ),
        ("retention_years.short", "-3", "Give whole years from 1 to 100."),
        (
            "retention_years.short",
            "kuusi",
            "Retention period: short retention (years): Give a whole number.",
        ),
        ("vetting_keep_years", "101", "kept (years): Must be at most 100."),
        ("vetting_keep_years", "-1", "kept (years): Must be at least 0."),
        (
            "retention_default",
            "forever",
            "There is no retention class 'forever'. Give one of these: family_services "
            "(families-with-children services), adult_services (adult services), short (short "
            "retention)",
        ),
        ("retention_years.weekly", "3", "There is no setting 'retention_years.weekly'"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_changes(
    folder: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, said: str
) -> None:
    before = stored(folder)
    code, out, err = run(capsys, "settings", "set", key, value)
    assert (code, out) == (1, "") and said in err and "Traceback" not in err
    assert stored(folder) == before


def test_the_refusals_in_finnish_and_swedish(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run(capsys, "settings", "set", "retention_years.family_services", "12", lang="fi")
    assert "Säilytysaika: lapsiperheiden palvelut (vuotta): Lapsiperheiden palveluiden" in err
    assert "vähintään 30 vuotta" in err
    _, _, err = run(capsys, "settings", "set", "retention_years.short", "200", lang="sv")
    assert "Bevarandetid: " in err and "(år): Ange ett heltal mellan 1 och 100 år." in err


def test_only_an_admin_changes_them(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(folder)
    users = {"boss": UserRole.ADMIN, "tester": UserRole.COORDINATOR}
    store.records.save_settings(
        "boss", store.records.settings().model_copy(update={"users": users})
    )
    before = stored(folder)
    code, _, err = run(capsys, "settings", "set", "retention_years.short", "3")
    assert code == 1 and "tester" in err
    assert stored(folder) == before


def test_settings_stored_out_of_bounds_still_open(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file edited by hand (every class 0 years, as for a timing of the whole run) opens and
    plans; the next change of the settings asks to put the years right."""
    assert run(capsys, "settings", "set", "organiser", "Kotka")[0] == 0
    path = folder / "settings.json"
    doc = orjson.loads(path.read_bytes())
    doc["settings"]["1"]["retention_years"] = {c.value: 0 for c in RetentionClass}
    path.write_bytes(orjson.dumps(doc))
    store = Store.open(folder)
    assert store.records.settings().retention_years[RetentionClass.SHORT] == 0
    assert run(capsys, "retention", "--dry-run")[0] == 0
    code, _, err = run(capsys, "settings", "set", "retention_years.short", "3")
    assert code == 1 and "families-with-children services (years): Give whole years" in err
