"""Errors the faces show to people: each says what is wrong and what to do."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (the command line's light paths import no pydantic)
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


class TukiError(Exception):
    """A refused action. ``code`` is stable (for translations); ``message`` is plain English."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = message.format(**params) if params else message
        super().__init__(self.message)


class NotFound(TukiError):
    def __init__(self, kind: str, ref: object) -> None:
        super().__init__("not_found", "There is no {kind} {ref}.", kind=kind, ref=ref)
        self.message = f"There is no {kind.replace('_', ' ')} {ref}."
        self.args = (self.message,)


class Refused(TukiError):
    """A rule of the programme forbids the action (e.g. a meeting past the agreement's maximum).

    For code ``invalid``, ``details`` holds pydantic's error list, so faces can word each
    problem in their own language.
    """

    details: list[ErrorDetails] | None = None


class ConflictError(TukiError):
    """The record was changed by someone else after this copy was loaded."""

    def __init__(
        self,
        kind: str,
        ref: object,
        yours: int,
        theirs: int,
        changed_by: str,
        changed_at: datetime | None,
        fields: list[str],
        stored: dict[str, Any],
        mine: dict[str, Any] | None = None,
    ) -> None:
        when = changed_at.strftime("%d.%m.%Y %H:%M") if changed_at else "?"
        super().__init__(
            "conflict",
            "{kind} {ref} was changed by {who} at {when} (version {theirs}); you edited version "
            "{yours}. Different now: {fields}. Reload it and make your change again.",
            kind=kind,
            ref=ref,
            who=changed_by or "someone",
            when=when,
            theirs=theirs,
            yours=yours,
            fields=", ".join(fields) or "nothing visible",
        )
        self.kind = kind
        self.changed_at = changed_at
        self.fields = fields
        self.stored = stored
        self.mine = mine or {}  # the refused version, so a face can show both side by side
        self.changed_by = changed_by


def describe(exc: ValidationError) -> str:
    """One line per problem: 'where: what to fix'."""
    lines = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        lines.append(f"{where}: {message}" if where else message)
    return "; ".join(lines)
