"""The client's intake checklist (issue 14, seed 001): the eligibility criteria of a support
person and of a support family as ticks in the client form, whether the client is willing to
take part, and the lines of the client's page that show them."""

from __future__ import annotations

from typing import Any

from textual.widgets import SelectionList

from data.model.fitness import FAMILY, PERSON, Criterion, Intake
from tui.i18n import t
from tui.screens.record_form import select_field
from tui.widgets.checklist import CheckList
from tui.widgets.form import Field

#: the choice of the willingness field and the value it stores
WILLING = {"unknown": None, "yes": True, "no": False}


def willing_choice(intake: Intake) -> str:
    return next(k for k, v in WILLING.items() if v is intake.willing)


def intake_fields(intake: Intake | None) -> list[Field]:
    """The willingness (asked yes or no, or not asked yet) and the criteria's ticks."""
    intake = intake or Intake()
    options = [(t(f"intake.willing.{k}"), k) for k in WILLING]
    ticks: SelectionList[str] = CheckList(
        *[(t(f"intake.criterion.{c.value}"), c.value, c in intake.met) for c in Criterion],
        id="in-intake",
    )
    return [
        select_field("willing", options, willing_choice(intake)),
        Field("intake", t("clients.field.intake"), ticks),
    ]


def read_intake(form: Any) -> dict[str, Any]:
    """The checklist as the client record stores it."""
    ticked = form.query_one("#in-intake", SelectionList).selected
    choice = form.choice("willing")
    return {"met": list(ticked), "willing": WILLING.get(str(choice))}


def intake_lines(intake: Intake) -> list[str]:
    """The client page's lines: willing or not, and how many criteria of each list are met."""
    lines = [f"{t('clients.field.willing')}: {t('intake.willing.' + willing_choice(intake))}"]
    for name, criteria in (("person", PERSON), ("family", FAMILY)):
        missing = intake.missing(criteria)
        shown = ", ".join(t(f"intake.short.{c.value}") for c in missing) or t("intake.all_met")
        lines.append(
            t(f"intake.list.{name}", met=len(criteria) - len(missing), of=len(criteria))
            + (f" · {t('intake.missing')}: {shown}" if missing else f" · {shown}")
        )
    return lines
