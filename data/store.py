"""The service API: the one object the console, the command line, the tests and the benchmarks use.

``Store`` adds the relationship life cycle, the vetting steps and the day's alerts to the
generic verbs (``data/store_base.py``) and the meeting, concern, report and palaveri verbs
(``data/store_activity.py``). Nothing here prints or prompts.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime

from data import rules
from data.dates import now_helsinki
from data.errors import ConflictError, NotFound, Refused, TukiError
from data.models import (
    TRANSITIONS,
    Client,
    ClientKind,
    Concern,
    EndReason,
    Relationship,
    State,
    StateChange,
    VettingStep,
    Volunteer,
    VolunteerKind,
)
from data.rules import AlertInput
from data.storage import paused_gc
from data.store_activity import ActivityStore
from data.store_base import validate


class Store(ActivityStore):
    """All records of one data folder."""

    # ----- volunteers ----------------------------------------------------------------------

    def add_vetting_step(
        self, user: str, volunteer_id: int, version: int, step: VettingStep
    ) -> Volunteer:
        """Record the next vetting step (validated against the pipeline's order and rules)."""

        item = step.model_dump(mode="json")
        return self.revise(user, Volunteer, volunteer_id, version, append={"vetting": item})

    # ----- relationships -----------------------------------------------------------------

    def propose(
        self, user: str, relationship: Relationship, on: date | None = None
    ) -> Relationship:
        """Create a relationship in state 'proposed' after checking the pair may be matched."""
        with self.engine.transaction():
            client = self.get(Client, relationship.client_id)
            volunteer = self.get(Volunteer, relationship.volunteer_id)
            if not volunteer.approved:
                raise Refused(
                    "not_approved",
                    "{name} has not been approved as a support person yet.",
                    name=volunteer.name,
                )
            wants_peer = client.kind is ClientKind.PARENT
            if wants_peer != (volunteer.kind is VolunteerKind.PEER):
                raise Refused(
                    "kind_mismatch",
                    "A parent is supported by a peer support person; a child by a volunteer, "
                    "a professional or a support family.",
                )
            busy = [
                r
                for r in self.derived.relationships().values()
                if r.volunteer_id == volunteer.id and r.is_open
            ]
            if len(busy) >= volunteer.capacity:
                raise Refused(
                    "no_capacity",
                    "{name} already supports {n} (capacity {cap}).",
                    name=volunteer.name,
                    n=len(busy),
                    cap=volunteer.capacity,
                )
            today = on or now_helsinki().date()
            relationship = relationship.model_copy(
                update={
                    "state": State.PROPOSED,
                    "service": volunteer.kind,
                    "history": [StateChange(state=State.PROPOSED, on=today, by=user)],
                }
            )
            return self.add(user, relationship)

    def set_state(
        self, user: str, relationship_id: int, version: int, state: State, on: date, note: str = ""
    ) -> Relationship:
        """Move a relationship to another state (ending goes through ``end``)."""
        if state is State.ENDED:
            raise Refused("use_end", "Use 'end' with a reason to end a relationship.")

        def edit(r: Relationship) -> Relationship:
            _check_transition(r, state, on)
            history = [*r.history, StateChange(state=state, on=on, by=user, note=note)]
            return r.model_copy(update={"state": state, "history": history})

        return self.change(user, Relationship, relationship_id, version, edit)

    def end(
        self,
        user: str,
        relationship_id: int,
        version: int,
        on: date,
        reason: EndReason,
        note: str = "",
    ) -> Relationship:
        def edit(r: Relationship) -> Relationship:
            _check_transition(r, State.ENDED, on)
            history = [*r.history, StateChange(state=State.ENDED, on=on, by=user, note=note)]
            data = {
                **r.model_dump(mode="json"),
                "state": "ended",
                "ended_on": on.isoformat(),
                "end_reason": reason.value,
                "end_note": note,
                "history": [h.model_dump(mode="json") for h in history],
            }
            return validate(Relationship, data)

        return self.change(user, Relationship, relationship_id, version, edit)

    # ----- the day's alerts ------------------------------------------------------------------

    def alert_input(self) -> AlertInput:
        """Everything ``data.rules`` looks at, read from the cache or the small index files."""
        return AlertInput(
            clients=list(self.derived.clients().values()),
            volunteers=list(self.derived.volunteers().values()),
            relationships=list(self.derived.relationships().values()),
            concerns=self.list(Concern),
            summaries=self.derived.summaries(),
            reported=self.derived.reported(),
            settings=self.settings(),
        )

    def alerts(
        self, today: date | None = None, now: datetime | None = None
    ) -> builtins.list[rules.Alert]:
        """The coordinator's alerts for the day, most urgent first."""
        now = now or now_helsinki()
        today = today or now.date()
        with paused_gc():  # one pause for all the loading, not one per file
            return rules.alerts(self.alert_input(), today, now)

    def counts(self, today: date | None = None) -> rules.Counts:
        today = today or now_helsinki().date()
        with paused_gc():
            return rules.counts(self.alert_input(), today)

    # ----- derived data ----------------------------------------------------------------------

    def rebuild_index(self) -> int:
        """Recompute everything under ``index/`` from the records; how many entries changed."""
        return self.derived.rebuild()


def _check_transition(r: Relationship, state: State, on: date) -> None:
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


__all__ = ["ConflictError", "NotFound", "Refused", "Store", "TukiError", "validate"]
