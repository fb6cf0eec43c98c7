"""Who was present at a palaveri, and in what role."""

from __future__ import annotations

from enum import StrEnum

from data.model.base import Model, ShortText


class Role(StrEnum):
    CHILD = "child"
    GUARDIAN = "guardian"
    PARENT = "parent"  # peer support: the parent who is the client (seed 003)
    VOLUNTEER = "volunteer"
    OWN_SOCIAL_WORKER = "own_social_worker"
    COORDINATOR = "coordinator"
    PROGRAMME_SOCIAL_WORKER = "programme_social_worker"
    OTHER = "other"


class Attendee(Model):
    role: Role
    name: ShortText = ""
