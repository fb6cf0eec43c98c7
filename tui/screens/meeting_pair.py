"""The meeting log's "who was there" of a peer pair (seed 003): both (the default, nothing
stored), or one of the two alone (``Meeting.met_by``). Mounted with the goals' inputs when a
pair's relationship is picked; a relationship of one support person gets no such field."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Select

from data.models import Meeting, Relationship
from tui.i18n import t
from tui.widgets.form import Field
from tui.widgets.typed import values_of

BOTH = "both"


def who_fields(screen: Any, relationship: Relationship | None) -> list[Widget]:
    """The field for a pair's relationship (none for one support person); a correction opens
    with the meeting's own value."""
    if relationship is None or relationship.second_volunteer_id is None:
        return []
    facts = screen.store.records.volunteer_facts()
    options = [(t("meetings.met_by.both"), BOTH)]
    for vid in relationship.volunteer_ids:
        name = v.name if (v := facts.get(vid)) else "?"
        options.append((t("meetings.met_by.alone", name=name), str(vid)))
    meeting: Meeting | None = screen.meeting
    value = str(meeting.met_by) if meeting is not None and meeting.met_by else BOTH
    select: Select[str] = Select(
        options, value=value, allow_blank=False, id="in-met_by", compact=True
    )
    screen.pristine = {**screen.pristine, **values_of([select])}
    return [Field("met_by", t("meetings.met_by"), select)]


def met_by(screen: Any) -> int | None:
    """Who of the pair was there alone, as chosen (None: both, or not a pair)."""
    found = screen.query("#in-met_by")
    value = found.first(Select).value if found else BOTH
    return int(value) if isinstance(value, str) and value.isdigit() else None
