"""``tuki settings`` and ``tuki terms``: what they store and show, and a bad value refused in
words with nothing stored."""

from __future__ import annotations

import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from data.models import FeeModel, Relationship, VolunteerKind
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tui.cli import main


@pytest.fixture
def folder() -> Path:
    return Path(os.environ["TUKI_DATA_DIR"])


@pytest.fixture
def store(folder: Path) -> Store:
    return Store.open(folder)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def stored(folder: Path) -> bytes:
    path = folder / "settings.json"
    return path.read_bytes() if path.exists() else b""


def test_set_and_show_the_programme_settings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "settings", "set", "programme_name", "Kotkan tukihenkilöt")[0] == 0
    assert run(capsys, "settings", "set", "organiser", "Kotkan kaupunki")[0] == 0
    code, out, _ = run(capsys, "settings", "set", "thresholds.report_grace_days", "14")
    assert code == 0 and "14" in out
    settings = Store.open(folder).records.settings()
    assert settings.programme_name == "Kotkan tukihenkilöt"
    assert settings.organiser == "Kotkan kaupunki"
    assert settings.thresholds.report_grace_days == 14
    assert settings.changed_by == "tester"

    code, out, _ = run(capsys, "settings", "show")
    assert code == 0
    assert "Kotkan tukihenkilöt" in out and "thresholds.report_grace_days" in out
    code, out, _ = run(capsys, "settings", "show", "--json")
    shown = json.loads(out)
    assert shown["thresholds"]["report_grace_days"] == 14 and shown["rates"] == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["set", "thresholds.report_grace_days", "900"], "Wait for a monthly report"),
        (["set", "thresholds.report_grace_days", "ten"], "Give a whole number"),
        (["set", "programme_name", "   "], "Programme name"),
        (["set", "colour", "red"], "There is no setting 'colour'"),
        (["set", "language", "de"], "fi, sv, en"),
        (
            ["add-rate", "--from", "2027-01-01", "--kind", "volunteer", "--fee-month", "98,001"],
            "Fee (€): At most 2 decimals",
        ),
        (
            ["add-rate", "--from", "2027-01-01", "--kind", "volunteer", "--fee-month", "-1"],
            "Fee (€): Must be at least 0",
        ),
        (
            ["add-rate", "--from", "2027-01-01", "--kind", "professional", "--fee-month", "50"],
            "A professional service pays no volunteer fee",
        ),
        (
            ["add-rate", "--from", "2027-01-01", "--kind", "volunteer", "--fee-weekend", "50"],
            "support families only",
        ),
        (["add-rate", "--from", "2027-01-01", "--kind", "peer"], "Give the fee (peer)"),
        (
            ["add-rate", "--from", "2020-01-01", "--kind", "volunteer", "--fee-month", "1"],
            "already has a row of rates from 1.1.2020",
        ),
        (
            ["change-rate", "--from", "2021-01-01", "--kind", "volunteer", "--per-km", "1"],
            "has no row of rates from 1.1.2021",
        ),
        (
            ["change-rate", "--from", "2020-01-01", "--kind", "volunteer", "--per-km", "11"],
            "Travel (€ / km): Must be at most 10",
        ),
    ],
)
def test_a_bad_value_is_refused_in_words_and_nothing_is_stored(
    folder: Path, store: Store, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    f.rates(store)
    before = stored(folder)
    code, out, err = run(capsys, "settings", *argv)
    assert code == 1, (out, err)
    assert said in err and err.count("\n") == 1 and "Traceback" not in err
    assert "rates.0" not in err and "fee_model" not in err  # words, not the model's names
    assert stored(folder) == before


def test_add_change_and_remove_a_row_of_rates(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "settings", "add-rate", "--from", "2027-01-01", "--kind", "volunteer",
        "--fee-month", "98,00", "--allowance-month", "55,60", "--per-km", "0,30",
    )  # fmt: skip
    assert code == 0, err
    assert "fee 98,00\xa0€ / month" in out
    code, _, err = run(capsys, "settings", "add-rate", "--from", "2027-01-01",
                       "--kind", "professional", "--hobby-costs", "yes")  # fmt: skip
    assert code == 0, err
    settings = Store.open(folder).records.settings()
    volunteer = settings.rate_on(date(2027, 6, 1), VolunteerKind.VOLUNTEER)
    assert volunteer is not None
    assert (volunteer.fee_model, volunteer.fee, volunteer.allowance, volunteer.per_km) == (
        FeeModel.MONTHLY, Decimal("98.00"), Decimal("55.60"), Decimal("0.30")
    )  # fmt: skip
    pro = settings.rate_on(date(2027, 6, 1), VolunteerKind.PROFESSIONAL)
    assert pro is not None and pro.fee_model is FeeModel.NONE and pro.hobby_costs

    code, _, err = run(capsys, "settings", "change-rate", "--from", "2027-01-01",
                       "--kind", "volunteer", "--fee-meeting", "25")  # fmt: skip
    assert code == 0, err
    changed = (
        Store.open(folder).records.settings().rate_on(date(2027, 6, 1), VolunteerKind.VOLUNTEER)
    )
    assert changed is not None and (changed.fee_model, changed.fee) == (
        FeeModel.PER_MEETING, Decimal("25"),
    )  # fmt: skip
    assert changed.allowance == Decimal("55.60")  # what was not named stays

    code, _, err = run(capsys, "settings", "remove-rate", "--from", "2027-01-01",
                       "--kind", "volunteer")  # fmt: skip
    assert code == 0, err
    left = Store.open(folder).records.settings().rates
    assert [(r.service, r.effective_from) for r in left] == [
        (VolunteerKind.PROFESSIONAL, date(2027, 1, 1))
    ]


def test_terms_are_shown_and_changed_from_the_command_line(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.storage.test_rates import started

    rel = started(store, VolunteerKind.VOLUNTEER, ago(30))
    code, out, _ = run(capsys, "terms", str(rel.id))
    assert code == 0 and "fee 100,00\xa0€ / month" in out
    code, out, err = run(capsys, "terms", str(rel.id), "--fee-month", "110", "--from",
                         ago(1).isoformat())  # fmt: skip
    assert code == 0, err
    again = store.records.get(Relationship, rel.id)  # type: ignore[arg-type]
    assert again.agreement is not None
    assert again.agreement.fee_terms.fee == Decimal("110")
    assert again.agreement.fee_terms.set_by == "tester"
    assert again.agreement.earlier_terms[0].fee == Decimal("100.00")
    code, _, err = run(capsys, "terms", str(rel.id), "--from", ago(60).isoformat(),
                       "--fee-month", "1")  # fmt: skip
    assert code == 1 and "before the agreement's start" in err
    assert store.records.get(Relationship, rel.id).version == again.version  # type: ignore[arg-type]
