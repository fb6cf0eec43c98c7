"""The Contacts part: a professional service's contacts with the child's network (the school,
the guardians, the social worker, other professionals, the 24-hour phone support), kept in the
relationship's shard beside its meetings (table ``contacts``, ``data/model/contact.py``).

``log`` stores a new contact, ``change`` corrects one (version-checked; what changed is kept in
the shard's history, as a meeting's), ``remove`` deletes one logged by mistake (the caller asks
for a confirmation first; the removed values are kept in the history as a last change, so
nothing is lost silently). Each needs a coordinator; reading them is any admitted user's, and
the faces log the view in the access log (``AccessView.CONTACTS``).
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any

from data.errors import NotFound, Refused
from data.model.base import parse_pair
from data.model.contact import Contact
from data.model.facts import RelFacts
from data.model.history import Change
from data.model.register import UserRole
from data.storage import Transaction
from data.storage.layout import CONTACTS, HISTORY, shard
from data.store import history
from data.store.records import Records


class Contacts:
    def __init__(self, records: Records) -> None:
        self._records = records

    # ----- reading -----------------------------------------------------------------------------

    def of(self, relationship_id: int) -> builtins.list[Contact]:
        """One relationship's contacts, oldest first (read from its own shard)."""
        self._facts(relationship_id)  # (its own facts only: not every relationship's)
        items = self._records.models(shard(relationship_id), CONTACTS, Contact)
        return sorted(items, key=lambda c: (c.at, c.id or 0))

    def between(self, relationship_id: int, first: date, last: date) -> builtins.list[Contact]:
        """The relationship's contacts from ``first`` to ``last`` (both days included)."""
        return [c for c in self.of(relationship_id) if first <= c.on <= last]

    def get(self, relationship_id: int, contact_id: int) -> Contact:
        row = self._records.engine.table(shard(relationship_id), CONTACTS).get(str(contact_id))
        if row is None:
            raise NotFound("contact", f"{relationship_id}-{contact_id}")
        return self._records.load(Contact, row, shard(relationship_id))

    def by_ref(self, ref: str) -> Contact:
        """The contact named ``<relationship id>-<contact id>`` (``Contact.ref``)."""
        pair = parse_pair(ref)
        if pair is None:
            raise Refused(
                "bad_contact_ref",
                "A contact is named by its relationship and number, like 12-3, not '{ref}'.",
                ref=ref[:40],
            )
        rid, cid = pair
        self._facts(rid)
        return self.get(rid, cid)

    def history(self, contact: Contact) -> builtins.list[Change]:
        return history.of(
            self._records.engine, shard(contact.relationship_id), "contact", contact.ref
        )

    # ----- writing -----------------------------------------------------------------------------

    def log(self, user: str, contact: Contact) -> Contact:
        """Store a new contact. Refused for a relationship that has not started (no agreement)
        or at a moment outside its agreement (before the start, after the end)."""
        self._records.permit(user, UserRole.COORDINATOR)
        records = self._records
        rid = contact.relationship_id
        with records.transaction() as tx:
            _check(self._facts(rid), contact)
            new_id = tx.next_id(shard(rid), CONTACTS)
            data = records.stamp_new(contact, user, new_id)
            stored = records.validate(Contact, data)
            tx.put(shard(rid), CONTACTS, new_id, data)
        return stored

    def change(self, user: str, contact: Contact) -> Contact:
        """Save a corrected contact (version-checked, the same refusals as ``log``); the earlier
        values are kept in the shard's history. A correction that changes nothing stores
        nothing."""
        self._records.permit(user, UserRole.COORDINATOR)
        records = self._records
        rid = contact.relationship_id
        if contact.id is None:
            raise Refused("no_id", "This contact has not been logged yet.")
        with records.transaction() as tx:
            stored = tx.get(shard(rid), CONTACTS, contact.id)
            if stored is None:
                raise NotFound("contact", contact.ref)
            data = records.stamp_change(Contact, stored, contact, user, contact.ref)
            before = records.load(Contact, stored, shard(rid))
            if before.content() == contact.content():
                return before
            _check(self._facts(rid), contact)
            result = records.validate(Contact, data)
            tx.put(shard(rid), CONTACTS, contact.id, data)
            history.keep(tx, shard(rid), before, result, user, records.clock())
        return result

    def remove(self, user: str, relationship_id: int, contact_id: int, version: int) -> Contact:
        """Delete a contact logged by mistake (version-checked: one changed meanwhile is not
        removed unseen). Its values are kept in the shard's history as the last change (every
        field from its value to nothing), with who removed it and when. The removed contact."""
        self._records.permit(user, UserRole.COORDINATOR)
        records = self._records
        rel = shard(relationship_id)
        with records.transaction() as tx:
            row = tx.get(rel, CONTACTS, contact_id)
            if row is None:
                raise NotFound("contact", f"{relationship_id}-{contact_id}")
            contact = records.load(Contact, row, rel)
            if contact.version != version:
                raise Refused(
                    "contact_changed",
                    "Contact {ref} was changed meanwhile by {by}; look at it again before "
                    "removing it.",
                    ref=contact.ref,
                    by=contact.changed_by or contact.created_by,
                )
            _keep_removed(tx, rel, contact, user, records)
            tx.remove(rel, CONTACTS, contact_id)
        return contact

    def _facts(self, relationship_id: int) -> RelFacts:
        facts = self._records.derived.relationship(relationship_id)
        if facts is None:
            raise NotFound("relationship", relationship_id)
        return facts


def _check(facts: RelFacts, contact: Contact) -> None:
    from data.dates import fi_date

    if facts.start is None:
        raise Refused(
            "contact_not_started",
            "The relationship has not started; contacts are logged once its agreement is made.",
        )
    if contact.on < facts.start:
        raise Refused(
            "contact_before_start",
            "The contact is before the agreement's start ({start}).",
            start=fi_date(facts.start),
        )
    if facts.ended_on is not None and contact.on > facts.ended_on:
        raise Refused("contact_after_end", "The relationship ended before this contact.")


def _keep_removed(tx: Transaction, rel: str, contact: Contact, user: str, records: Records) -> None:
    """The removed contact's values, kept as one last change in the shard's history."""
    fields = {k: (v, None) for k, v in contact.content().items() if v not in (None, "")}
    keep_removal(tx, rel, contact.ref, contact.version + 1, fields, user, records.clock())


def keep_removal(
    tx: Transaction,
    rel: str,
    ref: str,
    version: int,
    fields: dict[str, tuple[Any, None]],
    user: str,
    now: datetime,
) -> None:
    """A contact's removal as a change in the shard's history: ``fields`` (each value to
    nothing; the relationship's id among them, which ``tuki check`` reads as the removal:
    ``data/storage/contacts_check.py``). An anonymised relationship keeps only that field of
    each removed contact (``retention.py``)."""
    new_id = tx.next_id(rel, HISTORY)
    change = Change(
        id=new_id,
        version=1,
        created_by=user,
        created_at=now,
        changed_by=user,
        changed_at=now,
        kind="contact",
        ref=ref,
        record_version=version,
        by=user,
        at=now,
        fields=fields,
    )
    tx.put(rel, HISTORY, new_id, change.model_dump(mode="json"))
