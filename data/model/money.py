"""Money: the programme's rates (settings with the day they take effect) and a relationship's
fee terms. Amounts are exact ``Decimal`` euros with at most two decimals, never floats.

The programme's rates (``Rate``) are rows per kind of service and effective day: the fee per
month, per meeting or (support families) per weekend, or none (a professional service pays
no volunteer fee); the expense allowance per month; travel per kilometre; whether the child's
hobby costs are reimbursed. A relationship's terms (``FeeTerms``) are taken from the row in
force for its kind of service when it starts, and the coordinator may change them later
(``store.relationships.set_terms``); the earlier terms are kept in the agreement.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, model_validator

from data.model.base import Model, ShortText, fail
from data.model.people import VolunteerKind

Money = Annotated[Decimal, Field(ge=0, le=10000, decimal_places=2)]
"""An amount in euros, 0..10 000, cents at most."""

PerKm = Annotated[Decimal, Field(ge=0, le=10, decimal_places=2)]
"""Euros per kilometre, 0..10."""


class FeeModel(StrEnum):
    """What the volunteer's fee is counted by."""

    MONTHLY = "monthly"
    PER_MEETING = "per_meeting"
    PER_WEEKEND = "per_weekend"  # a support family: per support weekend
    NONE = "none"  # a professional service pays no volunteer fee


#: the fee model a new rate row of each kind of service takes unless told otherwise
DEFAULT_MODEL = {
    VolunteerKind.VOLUNTEER: FeeModel.MONTHLY,
    VolunteerKind.PEER: FeeModel.MONTHLY,
    VolunteerKind.SUPPORT_FAMILY: FeeModel.PER_WEEKEND,
    VolunteerKind.PROFESSIONAL: FeeModel.NONE,
}


def _fee_fits(model: FeeModel, fee: Decimal, service: VolunteerKind | None) -> None:
    """The rules a fee and its model share, in rates and in a relationship's terms."""
    if model is FeeModel.NONE and fee != 0:
        raise fail("fee_without_model", "Without a fee the amount is 0; choose how it is paid.")
    if service is None:
        return
    if service is VolunteerKind.PROFESSIONAL and model is not FeeModel.NONE:
        raise fail("professional_fee", "A professional service pays no volunteer fee.")
    if model is FeeModel.PER_WEEKEND and service is not VolunteerKind.SUPPORT_FAMILY:
        raise fail("weekend_not_family", "A fee per weekend is paid to support families only.")


class Rate(Model):
    """One row of the programme's rates: what one kind of service pays from a day on."""

    effective_from: date
    service: VolunteerKind
    fee_model: FeeModel = FeeModel.MONTHLY
    fee: Money = Decimal("0.00")
    allowance: Money = Decimal("0.00")  # the expense allowance per month
    per_km: PerKm = Decimal("0.00")  # travel to the meetings
    hobby_costs: bool = False  # the child's hobby costs are reimbursed (professional services)

    @model_validator(mode="after")
    def _fits(self) -> Rate:
        _fee_fits(self.fee_model, self.fee, self.service)
        return self


class FeeTerms(Model):
    """What one relationship pays, from ``since`` on; who set them and when."""

    model: FeeModel = FeeModel.MONTHLY
    fee: Money = Decimal("0.00")
    allowance: Money = Decimal("0.00")
    travel_reimbursed: bool = True
    per_km: PerKm | None = None  # None: the programme's rate in force on each meeting's day
    hobby_costs: bool = False
    since: date | None = None  # None: from the agreement's start
    rate_from: date | None = None  # the programme's rate row they were taken from
    set_by: ShortText = ""
    set_on: date | None = None

    @model_validator(mode="after")
    def _fits(self) -> FeeTerms:
        _fee_fits(self.model, self.fee, None)
        return self


def terms_of(rate: Rate, since: date) -> FeeTerms:
    """A relationship's terms as the rate row gives them, from ``since`` on."""
    return FeeTerms(
        model=rate.fee_model,
        fee=rate.fee,
        allowance=rate.allowance,
        travel_reimbursed=True,
        hobby_costs=rate.hobby_costs,
        since=since,
        rate_from=rate.effective_from,
    )


def migrate_fee_rates(old: list[Any]) -> list[dict[str, Any]]:
    """Settings stored before the rates were per kind of service had ``fee_rates``: one row
    per day for the whole programme (fee, allowance, per_km, per_meeting). Each becomes a row
    for every kind of service: the volunteers, peers and support families get its fee
    (per meeting when it said so) and allowance; the professional service no fee and no
    allowance, the same travel and the child's hobby costs reimbursed."""
    rows: list[dict[str, Any]] = []
    for item in old:
        if not isinstance(item, dict):
            continue  # left for validation to name
        day = item.get("effective_from")
        per_meeting = bool(item.get("per_meeting", False))
        per_km = item.get("per_km", "0.30")
        for service in VolunteerKind:
            row: dict[str, Any] = {"effective_from": day, "service": service.value}
            if service is VolunteerKind.PROFESSIONAL:
                row.update(fee_model=FeeModel.NONE.value, per_km=per_km, hobby_costs=True)
            else:
                model = FeeModel.PER_MEETING if per_meeting else FeeModel.MONTHLY
                row.update(
                    fee_model=model.value,
                    fee=item.get("fee", "0"),
                    allowance=item.get("allowance", "0"),
                    per_km=per_km,
                )
            rows.append(row)
    return rows


__all__ = [
    "DEFAULT_MODEL",
    "FeeModel",
    "FeeTerms",
    "Money",
    "PerKm",
    "Rate",
    "migrate_fee_rates",
    "terms_of",
]
