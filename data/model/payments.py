"""A month's payment run as stored once approved: its lines (fees, allowances, travel, costs,
held amounts and adjustments), who approved it and when, and the day it was paid.

A run that is not approved is not stored: it is computed from the records whenever it is
shown (``store.payments.run``). Once approved it is locked; what changes afterwards in its
month is paid or taken back by adjustment lines in a later run (``data/rules/payments.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from data.model.base import Id, Model, Record, ShortText, fail


class Item(StrEnum):
    FEE = "fee"
    ALLOWANCE = "allowance"
    TRAVEL = "travel"
    COSTS = "costs"


class Held(StrEnum):
    """Why an amount waits instead of being paid."""

    REPORT_MISSING = "report_missing"


Amount = Annotated[Decimal, Field(ge=-100_000, le=100_000, decimal_places=2)]


class PaymentLine(Model):
    volunteer_id: Id
    relationship_id: Id
    for_month: date  # the month the amount is for (a held fee is paid in a later run)
    item: Item
    amount: Amount
    quantity: Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=2)] = Decimal("0")
    held: Held | None = None
    adjustment: bool = False


class PaymentRun(Record):
    """One month's approved payment run (its id is 1 in the month's file)."""

    kind_name: ClassVar[str] = "payment_run"

    month: date  # the first day
    lines: list[PaymentLine] = Field(default_factory=list)
    approved_by: ShortText
    approved_at: datetime
    paid_on: date | None = None

    @model_validator(mode="after")
    def _month(self) -> PaymentRun:
        if self.month.day != 1:
            raise fail("run_month_day", "A payment run is for a whole month.")
        if self.paid_on is not None and self.paid_on < self.month:
            raise fail("paid_before_month", "A run cannot be paid before its month begins.")
        return self

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.held is None), Decimal("0"))
