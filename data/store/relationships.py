"""The Relationships part: proposing a pair, moving through the states, ending."""

from __future__ import annotations

from datetime import date

from data.dates import Clock
from data.errors import Refused
from data.models import (
    TRANSITIONS,
    Client,
    ClientKind,
    EndReason,
    FeeTerms,
    Relationship,
    Settings,
    State,
    StateChange,
    Volunteer,
    VolunteerKind,
)
from data.rules import weekends
from data.rules.rates import changed_terms
from data.store.pairs import check_capacity, check_extract, check_peer, check_second
from data.store.records import Records


class Relationships:
    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock

    def propose(
        self, user: str, relationship: Relationship, on: date | None = None
    ) -> Relationship:
        """Create a relationship in state 'proposed' after checking the pair may be matched.

        Refused (``not_approved``, ``kind_mismatch``, ``no_capacity``) when the volunteer is not
        approved, is of the wrong kind for the client, or supports as many as they can; a peer
        pair's second support person (``second_volunteer_id``) is checked the same way
        (``data.store.pairs``)."""
        self._records.permit(user)
        records = self._records
        with records.transaction():
            client = records.get(Client, relationship.client_id)
            volunteer = records.get(Volunteer, relationship.volunteer_id)
            if not volunteer.approved:
                raise Refused(
                    "not_approved",
                    "{name} has not been approved as a support person yet.",
                    name=volunteer.name,
                )
            today = on or self._clock().date()
            _check_fit(client, volunteer, records.settings(), today)
            wants_peer = client.kind is ClientKind.PARENT
            if wants_peer != (volunteer.kind is VolunteerKind.PEER):
                raise Refused(
                    "kind_mismatch",
                    "A parent is supported by a peer support person; a child by a volunteer, "
                    "a professional or a support family.",
                )
            check_capacity(records, volunteer)
            check_second(relationship, volunteer.kind)
            if relationship.second_volunteer_id is not None:  # a peer pair: both are checked
                second = records.get(Volunteer, relationship.second_volunteer_id)
                check_peer(second)
                check_extract(second, records.settings(), today)
                check_capacity(records, second)
            relationship = relationship.model_copy(
                update={
                    "state": State.PROPOSED,
                    "service": volunteer.kind,
                    "history": [StateChange(state=State.PROPOSED, on=today, by=user)],
                }
            )
            return records.add(user, relationship)

    def set_state(
        self, user: str, relationship_id: int, version: int, state: State, on: date, note: str = ""
    ) -> Relationship:
        """Move a relationship to another state (ending goes through ``end``)."""
        self._records.permit(user)
        if state is State.ENDED:
            raise Refused("use_end", "Use 'end' with a reason to end a relationship.")

        def edit(r: Relationship) -> Relationship:
            check_transition(r, state, on)
            history = [*r.history, StateChange(state=state, on=on, by=user, note=note)]
            return r.model_copy(update={"state": state, "history": history})

        return self._records.change(user, Relationship, relationship_id, version, edit)

    def end(
        self,
        user: str,
        relationship_id: int,
        version: int,
        on: date,
        reason: EndReason,
        note: str = "",
    ) -> Relationship:
        """End a relationship on ``on`` with a reason (refused from a state that cannot end)."""
        self._records.permit(user)

        def edit(r: Relationship) -> Relationship:
            check_transition(r, State.ENDED, on)
            history = [*r.history, StateChange(state=State.ENDED, on=on, by=user, note=note)]
            data = {
                **r.model_dump(mode="json"),
                "state": "ended",
                "ended_on": on.isoformat(),
                "end_reason": reason.value,
                "end_note": note,
                "history": [h.model_dump(mode="json") for h in history],
            }
            return self._records.validate(Relationship, data)

        return self._records.change(user, Relationship, relationship_id, version, edit)

    def set_terms(
        self, user: str, relationship_id: int, version: int, terms: FeeTerms
    ) -> Relationship:
        """Change a relationship's fee terms from ``terms.since`` (default: today) on, stamped
        with who and when; the earlier terms are kept in the agreement. Version-checked (a
        conflict when someone saved the relationship after ``version``); refused without an
        agreement, for an ended relationship, and by the rules of ``data.rules.rates``."""
        self._records.permit(user)
        today = self._clock().date()

        def edit(r: Relationship) -> Relationship:
            if r.agreement is None:
                raise Refused(
                    "agreement_missing",
                    "Record the agreement (start, planned end, maximum meetings) first.",
                )
            if r.state is State.ENDED:
                raise Refused(
                    "terms_ended", "The relationship has ended; its terms stay as they were."
                )
            agreement = changed_terms(r.agreement, r.service, terms, user, today)
            return r.model_copy(update={"agreement": agreement})

        with self._records.transaction():
            stored = self._records.get(Relationship, relationship_id)
            if stored.version != version:  # the conflict, before any rule of the terms
                self._records.update(user, stored.model_copy(update={"version": version}))
            return self._records.change(user, Relationship, relationship_id, version, edit)


def check_transition(r: Relationship, state: State, on: date) -> None:
    """Refuse a move the life cycle does not allow, one dated before the current state began,
    and starting without an agreement."""
    if state not in TRANSITIONS[r.state]:
        raise Refused(
            "bad_transition",
            "A relationship that is {old} cannot become {new}.",
            old=r.state.value,
            new=state.value,
        )
    since = r.since()
    if since is not None and on < since:
        raise Refused("before_since", "The date is before the relationship's current state began.")
    if state in (State.STARTING, State.ACTIVE) and r.agreement is None:
        raise Refused(
            "agreement_missing",
            "Record the agreement (start, planned end, maximum meetings) first.",
        )


def _check_fit(client: Client, volunteer: Volunteer, settings: Settings, today: date) -> None:
    """Refuse a client recorded as not willing to take part, and a volunteer whose criminal-
    record extract was due to be checked again and was not (issue 14)."""
    if client.intake.unwilling:
        raise Refused(
            "client_unwilling",
            "{name} is recorded as not willing to take part; change the intake checklist "
            "first if that has changed.",
            name=client.name,
        )
    check_extract(volunteer, settings, today)
    weekends.refuse_too_young(client, volunteer, settings, today)
