"""A user's unsaved form (``store.drafts``): not a record of the register, kept beside it."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

#: how a draft's form is named: ``client:new``, ``client:17``, ``meeting:r12``
DRAFT_KEY = r"[A-Za-z0-9_.:-]{1,80}"


class Draft(BaseModel):
    """What one user typed into one form and has not saved yet."""

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)  # built when used

    user: str
    key: str = Field(pattern=f"^{DRAFT_KEY}$")
    values: dict[str, Any]  # widget id -> a JSON value (text, number, yes/no, none, a list)
    saved_at: AwareDatetime
    version: int | None = None  # of the record the form edits; None for a new one
