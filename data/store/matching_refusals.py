"""Matching's refusals (``data/store/matching.py``): who cannot be proposed, and why."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from data.errors import Refused
from data.model.facts import RelFacts
from data.models import Client, Relationship
from data.rules import matching as rules
from data.rules.matching import Candidate, MatchRefused, Reason
from data.store.records import Records


def refuse_unfit(
    client: Client,
    volunteer: Candidate,
    load: int,
    known: dict[int, Reason],
    today: date,
    months: int,
) -> None:
    """Refuse one person proposed for ``client`` who fails a filter (``load``: their open
    relationships; ``known``: volunteer id -> why the family knows them)."""
    problems = rules.exclusions(client, volunteer, load, today, known.get(volunteer.id), months)
    if problems:
        raise MatchRefused(client.name, volunteer.name, problems)


def was_second(records: Records, relationship: Relationship, volunteer_id: int) -> bool:
    """Whether the volunteer was the second person of the relationship once (its history)."""
    return any(
        volunteer_id in c.fields.get("second_volunteer_id", ())
        for c in records.history(Relationship.kind_name, relationship.id or 0)
    )


def check_waiting(client: Client, rels: Iterable[RelFacts], seen: set[int], today: date) -> None:
    """Refuse to propose for a client who is closed, supported already or twice in one batch."""
    if client.closed_on is not None and client.closed_on <= today:
        raise Refused("client_closed", "{name}'s client record is closed.", name=client.name)
    if client.id in seen or any(r.is_open for r in rels):
        raise Refused(
            "client_has_support",
            "{name} already has a proposed or ongoing support relationship.",
            name=client.name,
        )
