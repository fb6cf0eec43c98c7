"""A relationship's fee terms, changed by the coordinator (``t`` on the relationship's page).

The terms came from the programme's rates when the relationship started; a change takes
effect from the day given (today unless told), is stamped with who and when, keeps the earlier
terms in the agreement, and is version-checked like every form: a save over someone else's
newer change opens the conflict dialog.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from textual.widgets import Input, Select

from data.models import FeeModel, FeeTerms, Relationship
from tui import i18n
from tui.i18n import t
from tui.screens.record_form import RecordForm
from tui.widgets.form import Field, YesNo, parse_date, parse_decimal, show_date
from tui.widgets.typed import values_of


def _amount(value: Decimal) -> str:
    """96,70 € as the forms read it back (parse_decimal takes the sign and the spaces)."""
    return i18n.money(value)


class TermsForm(RecordForm):
    TITLE_KEY = "terms.title"

    def __init__(self, relationship: Relationship) -> None:
        super().__init__()
        self.relationship = relationship

    @property
    def terms(self) -> FeeTerms:
        assert self.relationship.agreement is not None
        return self.relationship.agreement.fee_terms

    def heading(self) -> str:
        return t("terms.heading", id=self.relationship.id)

    def fields(self) -> list[Field]:
        f = self.terms
        models = [(t(f"relationship.fee_model.{m.value}"), m) for m in FeeModel]
        return [
            Field(
                "since",
                t("settings.rate.since"),
                Input(show_date(self.today()), id="in-since", compact=True),
            ),
            Field(
                "model",
                t("settings.rate.fee_model"),
                Select(models, value=f.model, allow_blank=False, id="in-model", compact=True),
            ),
            Field("fee", t("settings.rate.fee"), Input(_amount(f.fee), id="in-fee", compact=True)),
            Field(
                "allowance",
                t("settings.rate.allowance"),
                Input(_amount(f.allowance), id="in-allowance", compact=True),
            ),
            Field(
                "travel_reimbursed",
                t("settings.rate.travel"),
                YesNo(f.travel_reimbursed, id="in-travel_reimbursed"),
            ),
            Field(
                "hobby_costs",
                t("settings.rate.hobby_costs"),
                YesNo(f.hobby_costs, id="in-hobby_costs"),
            ),
        ]

    def _yes(self, name: str) -> bool:
        widget = self.field(name).widget
        assert isinstance(widget, YesNo)
        return widget.value

    def build(self) -> FeeTerms:
        since = self.read("since", parse_date)
        fee = self.read("fee", parse_decimal) or Decimal("0")
        allowance = self.read("allowance", parse_decimal) or Decimal("0")
        data: dict[str, Any] = {
            **self.terms.model_dump(mode="json"),
            "since": since.isoformat() if since else None,
            "model": self.choice("model"),
            "fee": fee,
            "allowance": allowance,
            "travel_reimbursed": self._yes("travel_reimbursed"),
            "hobby_costs": self._yes("hobby_costs"),
            "rate_from": None,  # set by hand from now on
        }
        return FeeTerms.model_validate(data)

    def unchanged(self, record: Any) -> bool:
        """The same fee, allowance and reimbursements as now: nothing to save."""
        keep = ("model", "fee", "allowance", "travel_reimbursed", "hobby_costs")
        return all(getattr(record, k) == getattr(self.terms, k) for k in keep)

    def write(self, record: FeeTerms) -> Relationship:
        r = self.relationship
        assert r.id is not None
        saved: Relationship = self.store.relationships.set_terms(self.user, r.id, r.version, record)
        return saved

    def original(self) -> Relationship:
        return self.relationship

    def reload_record(self) -> bool:
        assert self.relationship.id is not None
        self.relationship = self.store.records.get(Relationship, self.relationship.id)
        return True

    def stored_values(self) -> dict[str, Any]:
        values = values_of(field.widget for field in self.fields())
        values.pop("in-since", None)  # the day typed is not part of what is stored
        return values

    def show_problems(self, exc: Exception) -> str:
        """A refusal of the store (a fee for a professional service, a day before the start)
        beside the field it is about."""
        code = getattr(exc, "code", "")
        target = {
            "professional_fee": "model",
            "weekend_not_family": "model",
            "terms_before_start": "since",
            "terms_before_current": "since",
        }.get(code)
        if target:
            self.field(target).set_error(i18n.explain(exc))
        return super().show_problems(exc)


__all__ = ["TermsForm"]
