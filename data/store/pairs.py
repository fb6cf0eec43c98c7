"""Peer support persons in pairs (seed 003): a peer support relationship may have a second
support person. The rules both the proposal (``Relationships.propose``) and a later change of
the second person (``Pairs.set_second``) apply: only peer support has a second person, who must
be another approved peer support person with room for one more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from data.dates import Clock, fi_date
from data.errors import Refused
from data.model.facts import RelFacts
from data.models import Meeting, Relationship, Settings, State, Volunteer, VolunteerKind
from data.store.records import Records

if TYPE_CHECKING:
    from data.store.matching import Matching


def check_second(relationship: Relationship, service: VolunteerKind) -> None:
    """Refuse a second support person outside peer support and the same person twice."""
    second = relationship.second_volunteer_id
    if second is None:
        return
    if service is not VolunteerKind.PEER:
        raise Refused(
            "second_not_peer",
            "Only peer support persons can work in pairs; remove the second support person.",
        )
    if second == relationship.volunteer_id:
        raise Refused(
            "second_same",
            "The second support person must be someone other than the first.",
        )


def check_peer(volunteer: Volunteer) -> None:
    """Refuse a second support person who is not an approved peer support person."""
    if not volunteer.approved:
        raise Refused(
            "not_approved",
            "{name} has not been approved as a support person yet.",
            name=volunteer.name,
        )
    if volunteer.kind is not VolunteerKind.PEER:
        raise Refused(
            "second_not_peer_person",
            "{name} is not a peer support person; only peers work in pairs.",
            name=volunteer.name,
        )


def check_capacity(records: Records, volunteer: Volunteer, leave_out: int | None = None) -> None:
    """Refuse a volunteer who supports as many as they can already (as the first or the second
    person of a relationship; ``leave_out``: a relationship not counted)."""
    busy = [
        r
        for r in records.relationship_facts().values()
        if volunteer.id in r.volunteer_ids and r.is_open and r.id != leave_out
    ]
    if len(busy) >= volunteer.capacity:
        raise Refused(
            "no_capacity",
            "{name} already supports {n} (capacity {cap}).",
            name=volunteer.name,
            n=len(busy),
            cap=volunteer.capacity,
        )


def check_met_by(relationship: RelFacts, meeting: Meeting) -> None:
    """Refuse a meeting said to be met by one of a pair that is not a pair, or by someone who
    is not one of its two support persons."""
    check_claimed_by(relationship, meeting)
    who = meeting.met_by
    if who is None:
        return
    if relationship.second_id is None:
        raise Refused(
            "met_by_single",
            "The relationship has one support person; leave out who of the pair was there.",
        )
    if who not in relationship.volunteer_ids:
        raise Refused(
            "met_by_other",
            "Only one of the pair's two support persons can have been there alone.",
        )


def check_claimed_by(relationship: RelFacts, meeting: Meeting) -> None:
    """Refuse a claim of the travel and costs outside a pair, by someone not of the pair, or by
    the other one of a pair of whom one was there alone (who claims their own)."""
    who = meeting.claimed_by
    if who is None:
        return
    if relationship.second_id is None or who not in relationship.volunteer_ids:
        raise Refused(
            "claimed_by_other",
            "Only one of the pair's two support persons can claim the meeting's travel and costs.",
        )
    if meeting.met_by not in (None, who):
        raise Refused(
            "claimed_by_absent",
            "The one who was at the meeting claims its travel and costs: choose them, or say "
            "both were there.",
        )


def check_extract(volunteer: Volunteer, settings: Settings, today: date) -> None:
    """Refuse a volunteer whose criminal-record extract was due to be checked again."""
    due = volunteer.recheck_due(settings.extract_recheck_months)
    if due is not None and due < today:
        raise Refused(
            "extract_recheck_overdue",
            "{name}'s criminal-record extract was due to be checked again on {due}; record "
            "the new extract first.",
            name=volunteer.name,
            due=fi_date(due),
        )


class Pairs:
    """Adding, changing or removing the second support person of an open peer relationship."""

    def __init__(self, records: Records, clock: Clock, matching: Callable[[], Matching]) -> None:
        self._records = records
        self._clock = clock
        self._matching = matching  # made when first used (the store's own)

    def set_second(
        self, user: str, relationship_id: int, version: int, volunteer_id: int | None
    ) -> Relationship:
        """Set the pair's second support person (None: the first works alone from now on).
        Version-checked; the change is kept in the relationship's history. Refused for an ended
        relationship, outside peer support, for the first person, for someone not an approved
        peer, for one who has no room for another relationship, and for one who fails a filter
        of matching as in proposing a pair (``Matching.refuse_unfit``: the family knows them,
        the client's firm wishes, the area...). A former second person of this relationship
        may come back."""
        records = self._records
        records.permit(user)
        today = self._clock().date()
        with records.transaction():
            stored = records.get(Relationship, relationship_id)
            if volunteer_id is not None and volunteer_id != stored.second_volunteer_id:
                volunteer = records.get(Volunteer, volunteer_id)
                check_peer(volunteer)
                check_extract(volunteer, records.settings(), today)
                check_capacity(records, volunteer, leave_out=relationship_id)
                if (
                    stored.service is VolunteerKind.PEER
                    and stored.state is not State.ENDED
                    and stored.volunteer_id != volunteer_id
                ):  # (else refused below, in words of its own)
                    self._matching().refuse_unfit(stored, volunteer, today)

            def edit(r: Relationship) -> Relationship:
                if r.state is State.ENDED:
                    raise Refused(
                        "pair_ended", "The relationship has ended; its support persons stay."
                    )
                changed = r.model_copy(update={"second_volunteer_id": volunteer_id})
                check_second(changed, r.service)
                return changed

            return records.change(user, Relationship, relationship_id, version, edit)
