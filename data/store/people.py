"""The People part: a volunteer's vetting steps and a client's guardians and social worker,
each change saved together with the person's own record."""

from __future__ import annotations

from data.models import Client, Guardian, SocialWorker, VettingStep, Volunteer
from data.store.records import Records


class People:
    def __init__(self, records: Records) -> None:
        self._records = records

    def add_vetting_step(
        self, user: str, volunteer_id: int, version: int, step: VettingStep
    ) -> Volunteer:
        """Record the next vetting step (validated against the pipeline's order and rules)."""
        self._records.permit(user)
        item = step.model_dump(mode="json")
        return self._records.revise(
            user, Volunteer, volunteer_id, version, append={"vetting": item}
        )

    def add_guardian(
        self, user: str, client_id: int, client_version: int, guardian: Guardian
    ) -> Guardian:
        """Add a guardian and list them on the client: both or neither."""
        self._records.permit(user)
        records = self._records
        with records.transaction():
            added = records.add(user, guardian)
            records.revise(
                user, Client, client_id, client_version, append={"guardian_ids": added.id}
            )
        return added

    def set_social_worker(
        self, user: str, client_id: int, client_version: int, worker: SocialWorker | int
    ) -> SocialWorker:
        """Name the client's own social worker: one already stored (by id) or a new one."""
        self._records.permit(user)
        records = self._records
        with records.transaction():
            chosen = (
                records.get(SocialWorker, worker)
                if isinstance(worker, int)
                else records.add(user, worker)
            )
            records.revise(
                user, Client, client_id, client_version, changes={"social_worker_id": chosen.id}
            )
        return chosen
