"""What the volunteers list shows of each volunteer, without keeping whole records.

The list needs a dozen fields of each volunteer (the name, kind, area, vetting step, capacity
and what it searches: interests, offers, reachable areas). Kept as validated models, the 5,000
volunteers of a national folder took 39 MB of the console's memory all day (a model with its
nested steps and availability is some 8 KB). Each record is still validated (a record that is
not valid is refused as a list of the records refuses it), then only its line is kept, for as
long as the stored file is unchanged (the same lines, the same objects, until then).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from data.model.facts import VETTING
from data.models import Step, Volunteer, VolunteerKind
from data.storage import paused_gc
from data.store.records import Records


@dataclass(slots=True, frozen=True)
class VolunteerLine:
    """One volunteer as the volunteers list needs them; the same answers as the record's."""

    id: int
    first_name: str
    last_name: str
    kind: VolunteerKind
    area: str
    municipality: str
    state: Step | None  # the newest vetting step
    capacity: int
    interests: tuple[str, ...]
    offers: tuple[str, ...]
    reachable_areas: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def approved(self) -> bool:
        return self.state in (Step.APPROVED, Step.RESUMED)

    @property
    def in_vetting(self) -> bool:
        return self.state in VETTING


def line_of(v: Volunteer) -> VolunteerLine:
    return VolunteerLine(
        v.id or 0,
        v.first_name,
        v.last_name,
        v.kind,
        v.area,
        v.municipality,
        v.state,
        v.capacity,
        tuple(v.interests),
        tuple(v.offers),
        tuple(v.reachable_areas),
    )


class VolunteerLines:
    """Every volunteer's line in the file's order, made again only when the file changed."""

    def __init__(self, records: Records) -> None:
        self._records = records
        self._made: tuple[object, builtins.list[VolunteerLine]] | None = None

    def get(self) -> builtins.list[VolunteerLine]:
        """The lines (a new list of the same lines while the file is unchanged)."""
        records = self._records
        rows = records.stored(Volunteer)
        if self._made is None or self._made[0] is not rows:
            with paused_gc():  # each record validated, then let go
                lines = [line_of(v) for v in records.each(Volunteer, lambda row: True)]
            self._made = (rows, lines)
        return list(self._made[1])
