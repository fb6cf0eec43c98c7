"""A peer pair (seed 003) where one volunteer's name stands: lists, headings and pickers show
"Kallio Helmi & Nurmi Jari" (sorted by the first person), pages "Helmi Kallio & Jari Nurmi"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from data.rules.pairs import JOIN
from tui.i18n import t

if TYPE_CHECKING:  # (the models are not imported for the names: the start screen has none)
    from data.model.facts import RelFacts, VolunteerFacts
    from data.model.relationship import Relationship


class HasVolunteers(Protocol):
    @property
    def volunteer_ids(self) -> tuple[int, ...]: ...


def shown_volunteer(
    volunteers: Mapping[int, VolunteerFacts], relationship: RelFacts | Relationship
) -> VolunteerFacts | None:
    """The relationship's volunteer's facts; of a pair, the first person's made to name both
    (``first`` and ``name``: a list shows "last first", a page the ``name``). As quick as the
    one look-up it replaces while there is no pair (22,000 rows of a national list)."""
    r = relationship
    a = volunteers.get(r.volunteer_id)
    second = r.second_id
    if second is None or a is None or (b := volunteers.get(second)) is None:
        return a
    return replace(a, first=f"{a.first}{JOIN}{b.last} {b.first}", name=f"{a.name}{JOIN}{b.name}")


def listed_pair(
    volunteers: Mapping[int, VolunteerFacts], relationship: RelFacts, width: int
) -> str:
    """A pair in a list's column of ``width`` characters, surnames first as lists name people:
    both whole when they fit ("Kallio Helmi & Nurmi Jari"), else by their surnames ("Kallio &
    Nurmi"), else the first person and one more ("Kallio Helmi +1"), rather than cut in the
    middle of the second name. The relationship's page names both in full."""
    a, b = (volunteers.get(i) for i in (relationship.volunteer_id, relationship.second_id or 0))
    first = f"{a.last} {a.first}" if a else "?"
    if b is None:
        return first
    for text in (f"{first}{JOIN}{b.last} {b.first}", f"{a.last if a else '?'}{JOIN}{b.last}"):
        if len(text) <= width:
            return text
    return f"{first} +1"


def alone(text: str, volunteer: VolunteerFacts | None) -> str:
    """A meeting's line, and who of a pair was there alone ("kahvila (Helmi yksin)")."""
    if volunteer is None:
        return text
    return f"{text} ({t('meetings.met_by.alone', name=volunteer.first)})"


def with_partner(text: str, relationship: HasVolunteers, volunteer_id: int, store: Any) -> str:
    """A volunteer's relationship in their list: of a pair, with the other person's name."""
    others = [i for i in relationship.volunteer_ids if i != volunteer_id]
    if len(relationship.volunteer_ids) < 2 or not others:
        return text
    other = store.records.volunteer_facts().get(others[0])
    return f"{text} ({t('pair.with', name=other.name if other else '?')})"
