"""What a correction changed: the earlier and the new value of each changed field of a record,
with who changed it and when (``data/store/history.py`` writes and reads them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from data.model.base import Count, NonBlank, Record


class Change(Record):
    """One correction of a record: ``fields`` maps a field's name (``report.how_it_went`` for
    a field inside a part) to its [old, new] value as stored (JSON). ``id`` counts the changes
    kept in one file; ``kind``/``ref`` name the record and ``record_version`` the version the
    correction made."""

    kind_name: ClassVar[str] = "change"

    kind: NonBlank
    ref: NonBlank
    record_version: Count
    by: NonBlank
    at: datetime
    fields: dict[str, tuple[Any, Any]] = Field(min_length=1)
