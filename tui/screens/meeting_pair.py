"""The meeting log's "who was there" of a peer pair (seed 003): both (the default, nothing
stored), or one of the two alone (``Meeting.met_by``); and when both were there, which of them
claims the travel and costs (``Meeting.claimed_by``, stored only for the second person: the
first is the default). Mounted with the goals' inputs when a pair's relationship is picked; a
relationship of one support person gets no such fields."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Select

from data.models import Meeting, Relationship
from tui.i18n import t
from tui.widgets.form import Field
from tui.widgets.typed import values_of

BOTH = "both"
FIRST = "first"


def who_fields(screen: Any, relationship: Relationship | None) -> list[Widget]:
    """The field for a pair's relationship (none for one support person); a correction opens
    with the meeting's own value."""
    if relationship is None or relationship.second_volunteer_id is None:
        return []
    facts = screen.store.records.volunteer_facts()
    names = [(vid, v.name if (v := facts.get(vid)) else "?") for vid in relationship.volunteer_ids]
    options = [(t("meetings.met_by.both"), BOTH)]
    options += [(t("meetings.met_by.alone", name=name), str(vid)) for vid, name in names]
    meeting: Meeting | None = screen.meeting
    value = str(meeting.met_by) if meeting is not None and meeting.met_by else BOTH
    select: Select[str] = Select(
        options, value=value, allow_blank=False, id="in-met_by", compact=True
    )
    claim = meeting.claimed_by if meeting is not None else None
    claims: Select[str] = Select(  # the first person's is the default: nothing stored
        [(name, str(vid) if vid != relationship.volunteer_id else FIRST) for vid, name in names],
        value=str(claim) if claim else FIRST,
        allow_blank=False,
        id="in-claimed_by",
        compact=True,
    )
    screen.pristine = {**screen.pristine, **values_of([select, claims])}
    return [
        Field("met_by", t("meetings.met_by"), select),
        Field("claimed_by", t("meetings.claimed_by"), claims),
    ]


def pair_values(screen: Any) -> dict[str, int | None]:
    """The meeting's ``met_by`` (who of the pair was there alone; None: both, or not a pair)
    and ``claimed_by`` (who of the two, both there, claims the travel and costs; None: the
    first person), as chosen."""
    met_by = _chosen(screen, "met_by")
    claimed_by = _chosen(screen, "claimed_by") if met_by is None else None  # alone: their own
    return {"met_by": met_by, "claimed_by": claimed_by}


def _chosen(screen: Any, name: str) -> int | None:
    found = screen.query(f"#in-{name}")
    value = found.first(Select).value if found else BOTH
    return int(value) if isinstance(value, str) and value.isdigit() else None
