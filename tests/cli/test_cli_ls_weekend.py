"""`tuki ls meetings` for one relationship and one month lists that month only, and a support
family's weekend shows its first and last day in the month's list too (issue 16 follow-up)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from data.dates import HELSINKI
from data.models import FeeModel, FeeTerms, Meeting, VolunteerKind
from data.store import Store
from tests import factories as f
from tests.storage.test_store_weekends import started
from tui.cli import main


def test_one_relationships_month_and_a_weekends_last_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime(2026, 12, 4, 12, tzinfo=HELSINKI)
    store = Store.open(tmp_path / "d", clock=lambda: now)
    family = FeeTerms(model=FeeModel.PER_WEEKEND, fee=Decimal("70.00"))
    rel = started(store, VolunteerKind.SUPPORT_FAMILY, family, most=4)
    assert rel.id is not None
    for on, until in (
        (date(2026, 9, 11), date(2026, 9, 13)),
        (date(2026, 10, 2), date(2026, 10, 4)),
    ):
        store.meetings.log(f.USER, Meeting(relationship_id=rel.id, on=on, until=until))
    store.meetings.log(f.USER, Meeting(relationship_id=rel.id, on=date(2026, 10, 20)))
    folder = str(tmp_path / "d")
    for argv in (["--relationship", str(rel.id)], []):
        assert main(["--data-dir", folder, "ls", "meetings", *argv, "--month", "2026-10"]) == 0
        out = capsys.readouterr().out
        assert "2.10.–4.10.2026" in out and "20.10.2026" in out
        assert "9.2026" not in out, out  # September's weekend is not October's
