"""The Concerns part: a worry about a child raised, told to those who must know, followed up
and closed. Concerns are never deleted."""

from __future__ import annotations

from datetime import datetime

from data.errors import Refused
from data.models import Concern, FollowUp, Notification
from data.store.records import Records


class Concerns:
    def __init__(self, records: Records) -> None:
        self._records = records

    def add(self, user: str, concern: Concern) -> Concern:
        """Store a new concern (its client and relationship must exist)."""
        self._records.permit(user)
        return self._records.add(user, concern)

    def notify(
        self, user: str, concern_id: int, version: int, notification: Notification
    ) -> Concern:
        """Record who was told of the concern, when and how."""
        self._records.permit(user)
        item = notification.model_dump(mode="json")
        return self._records.revise(
            user, Concern, concern_id, version, append={"notifications": item}
        )

    def mark_welfare_notification(
        self, user: str, concern_id: int, version: int, at: datetime
    ) -> Concern:
        self._records.permit(user)
        changes = {"welfare_notification": True, "welfare_notification_at": at.isoformat()}
        return self._records.revise(user, Concern, concern_id, version, changes)

    def follow_up(self, user: str, concern_id: int, version: int, follow_up: FollowUp) -> Concern:
        self._records.permit(user)
        item = follow_up.model_dump(mode="json")
        return self._records.revise(user, Concern, concern_id, version, append={"follow_ups": item})

    def close(self, user: str, concern_id: int, version: int, at: datetime, note: str) -> Concern:
        """Close a followed-up concern (refused when it is closed already)."""
        self._records.permit(user)
        records = self._records
        with records.transaction():
            if records.get(Concern, concern_id).closed_at is not None:
                raise Refused("closed", "This concern is already closed.")
            changes = {"closed_at": at.isoformat(), "closed_by": user, "closing_note": note}
            return records.revise(user, Concern, concern_id, version, changes)
