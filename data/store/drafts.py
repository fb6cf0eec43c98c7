"""The Drafts part: what a user has typed into a form and not saved yet, kept as it is typed so
that a lost connection, a killed console or a closed window loses nothing.

A draft belongs to one user (their login) and one form (a key the face chooses: ``client:new``,
``client:17``, ``meeting:r12``); it holds the form's values (widget id -> a JSON value), when it
was kept (the Store's clock) and the version of the record the form edits, so that the save
made from a resumed draft is still checked against the version the user started from.

Drafts are not records of the register: they live beside it (``drafts/<login>.json``), one file
per user, which the engine neither lists (``tuki check`` does not judge them) nor watches (a
draft kept while typing is no change for the other consoles). One user never reads another's.
A draft file that cannot be read is dropped, and the verb says so: a damaged draft never stops
the console.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from data.dates import Clock
from data.errors import Refused
from data.model.draft import DRAFT_KEY, Draft
from data.model.register import UserRole
from data.storage import Transaction
from data.storage.files import DamagedFileError
from data.storage.layout import DRAFTS, drafts_file
from data.store.records import Records

_KEY = re.compile(DRAFT_KEY)
#: at most this many characters of JSON in one draft (a form's text, never a document)
MAX_SIZE = 200_000


def _json_safe(value: object, depth: int = 0) -> bool:
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list) and depth < 2:
        return all(_json_safe(item, depth + 1) for item in value)
    return False


class Drafts:
    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock

    # ----- reading ------------------------------------------------------------------------

    def get(self, user: str, key: str) -> Draft | None:
        """The user's draft of form ``key``, if they have one. A ``LOST`` refusal when it (or
        the user's drafts file) could not be read: it is dropped, so the next call finds none."""
        found = self._read(user, only=key)
        return next((draft for draft in found if draft.key == key), None)

    def list(self, user: str) -> builtins.list[Draft]:
        """Every draft of the user, the newest first (a ``LOST`` refusal as ``get``)."""
        return sorted(self._read(user), key=lambda d: d.saved_at, reverse=True)

    def _read(self, user: str, *, only: str | None = None) -> builtins.list[Draft]:
        self._records.permit(user, UserRole.READER)
        rel = drafts_file(user)
        try:
            rows = self._records.engine.table(rel, DRAFTS)
        except DamagedFileError:
            with self._records.transaction() as tx:
                tx.replace(rel, {})  # nothing of it can be read: start the user's drafts anew
            raise _lost() from None
        found: builtins.list[Draft] = []
        bad: builtins.list[str] = []
        for row_id, row in rows.items():
            if not isinstance(row, dict) or row.get("user") != user:
                continue  # never another user's (a file system that ignores case shares files)
            if only is not None and row.get("key") != only:
                continue
            try:
                found.append(Draft.model_validate(row))
            except ValidationError:
                bad.append(row_id)
        if bad:
            with self._records.transaction() as tx:
                for row_id in bad:
                    tx.remove(rel, DRAFTS, int(row_id))
            raise _lost()
        return found

    # ----- keeping and dropping ---------------------------------------------------------------

    def put(self, user: str, key: str, values: dict[str, Any], version: int | None = None) -> Draft:
        """Keep ``values`` (widget id -> str, number, bool, None or a list of them) as the user's
        draft of form ``key``, replacing the one before; stamped with the Store's clock."""
        self._records.permit(user)
        if not _KEY.fullmatch(key or ""):
            raise Refused("bad_draft_key", "A draft is named by its form, like client:17.")
        if not all(isinstance(k, str) and _json_safe(v) for k, v in values.items()):
            raise Refused("bad_draft_values", "A draft holds only the texts and choices typed.")
        saved_at: datetime = self._clock()
        draft = Draft(user=user, key=key, values=values, saved_at=saved_at, version=version)
        data = draft.model_dump(mode="json")
        if len(str(data)) > MAX_SIZE:
            raise Refused("draft_too_big", "This form holds too much text to keep as a draft.")

        def keep(tx: Transaction, row_id: int | None) -> None:
            rel = drafts_file(user)
            tx.put(rel, DRAFTS, row_id or tx.next_id(rel, DRAFTS), data)

        self._change(user, key, keep)
        return draft

    def drop(self, user: str, key: str) -> bool:
        """Forget the user's draft of form ``key`` (saved, or thrown away); False if none."""
        self._records.permit(user)
        found: builtins.list[int] = []

        def forget(tx: Transaction, row_id: int | None) -> None:
            if row_id is not None:
                tx.remove(drafts_file(user), DRAFTS, row_id)
                found.append(row_id)

        self._change(user, key, forget)
        return bool(found)

    def _change(
        self, user: str, key: str, change: Callable[[Transaction, int | None], None]
    ) -> str:
        """Run ``change`` with the row of the user's draft ``key`` (None: there is none) in one
        transaction. A drafts file that no longer parses is started anew first."""
        rel = drafts_file(user)
        try:
            with self._records.transaction() as tx:
                change(tx, self._row_of(tx.table(rel, DRAFTS), user, key))
        except DamagedFileError:
            with self._records.transaction() as tx:
                tx.replace(rel, {})
                change(tx, None)
        return rel

    @staticmethod
    def _row_of(rows: dict[str, Any], user: str, key: str) -> int | None:
        for row_id, row in rows.items():
            if isinstance(row, dict) and row.get("user") == user and row.get("key") == key:
                return int(row_id)
        return None


LOST = "drafts_lost"


def _lost() -> Refused:
    return Refused(
        LOST, "A draft you had not saved could not be read and was removed; type it again."
    )
