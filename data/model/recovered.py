"""A lost record, as far as its facts in the index tell it (``tuki check --repair``): the stored
form of a client, volunteer or relationship rebuilt from its row of ``data.model.facts``."""

from __future__ import annotations

from typing import Any

from data.dates import add_months
from data.model.facts import CLIENT_FIELDS, VOLUNTEER_FIELDS, _iso, load_relationship
from data.model.people import VolunteerKind
from data.model.relationship import EndReason, State


def recovered_client(key: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The stored form of a client rebuilt from its facts, or None when the facts are of the older
    short form (a name without the birth date and municipality)."""
    r = row["r"]
    if len(r) < len(CLIENT_FIELDS):
        return None
    _, registered, closed, first, last, birth, municipality, kind, _ = r[: len(CLIENT_FIELDS)]
    return {
        "id": int(key),
        "first_name": first,
        "last_name": last,
        "birth_date": birth,
        "municipality": municipality,
        "kind": kind,
        "registered_on": registered,
        "closed_on": closed,
    }


def recovered_volunteer(key: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """The stored form of a volunteer rebuilt from the facts (without the vetting steps, which
    the facts do not hold), or None for facts of the older short form."""
    r = row["r"]
    if len(r) < len(VOLUNTEER_FIELDS):
        return None
    _, kind, _, _, capacity, first, last, birth_year, municipality, _ = r[: len(VOLUNTEER_FIELDS)]
    return {
        "id": int(key),
        "first_name": first,
        "last_name": last,
        "kind": kind,
        "capacity": capacity,
        "birth_year": birth_year,
        "municipality": municipality,
    }


def recovered_relationship(
    key: str, row: dict[str, Any], service: VolunteerKind | None, note: str
) -> dict[str, Any]:
    """The stored form of a relationship rebuilt from its facts: the parties, the state and when
    it began, the agreement's dates and maximum, the review date and the ending. Its goals,
    consents and earlier state changes are not in the facts; ``note`` says so in the history."""
    facts = load_relationship(key, row)
    history: list[dict[str, Any]] = []
    if facts.proposed_on is not None:
        history.append({"state": State.PROPOSED.value, "on": _iso(facts.proposed_on)})
    if facts.state is not State.PROPOSED or not history:
        on = facts.since or facts.proposed_on or facts.start or facts.ended_on
        history.append({"state": facts.state.value, "on": _iso(on), "note": note})
    data: dict[str, Any] = {
        "id": facts.id,
        "client_id": facts.client_id,
        "volunteer_id": facts.volunteer_id,
        "state": facts.state.value,
        **({} if facts.second_id is None else {"second_volunteer_id": facts.second_id}),
        "history": history,
        "ended_on": _iso(facts.ended_on),
        "end_reason": facts.end_reason.value if facts.end_reason else None,
        "end_note": note if facts.end_reason is EndReason.OTHER else "",
    }
    if service is not None:
        data["service"] = service.value
    if facts.start and facts.planned_end and facts.max_meetings:
        data["agreement"] = {
            "start": _iso(facts.start),
            "planned_end": _iso(facts.planned_end),
            "max_meetings": facts.max_meetings,
        }
        if facts.review_due is not None and facts.review_due != add_months(facts.start, 12):
            data["review_on"] = _iso(facts.review_due)
    elif facts.review_due is not None:
        data["review_on"] = _iso(facts.review_due)
    return data
