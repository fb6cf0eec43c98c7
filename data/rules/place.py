"""The guardian's consents and where a meeting was held (issue 16, seed 000).

A meeting at the volunteer's home needs the agreement's consent to home visits, a car ride the
consent to car use; without it the meeting is refused unless a reason is given
(``Meeting.consent_reason``), as a meeting past the maximum is without ``over_max_reason``.
The consents are a guardian's for a child: a parent supported by a peer (seed 003) is an adult
who decides where to meet and whether to ride along, so peer support asks for none.
"""

from __future__ import annotations

from data.errors import Refused
from data.model.activity import Meeting
from data.model.people import VolunteerKind
from data.model.place import PlaceKind
from data.model.relationship import Agreement, Relationship

HOME = "home_without_consent"
CAR = "car_without_consent"
BOTH = "home_car_without_consent"
CODES = frozenset({HOME, CAR, BOTH})

MESSAGES = {
    HOME: "The guardian has not agreed to meetings at the volunteer's home.",
    CAR: "The guardian has not agreed to car rides with the volunteer.",
    BOTH: "The guardian has agreed neither to meetings at the volunteer's home nor to car rides.",
}


def needs_consent(meeting: Meeting) -> bool:
    """Whether the meeting is one the agreement must allow (held at the volunteer's home, or
    with a car ride); cheap, so the relationship is read only for these."""
    return meeting.held and (meeting.place_kind is PlaceKind.VOLUNTEER_HOME or meeting.by_car)


def guardian_consents(relationship: Relationship) -> bool:
    """Whether the relationship's meetings need the guardian's consents: a child's do, a parent's
    peer support does not (the client is the adult who agrees)."""
    return relationship.service is not VolunteerKind.PEER


def missing_consent(meeting: Meeting, agreement: Agreement | None) -> str | None:
    """The refusal's code when the meeting needs a consent the agreement does not give."""
    if not needs_consent(meeting):
        return None
    return missing(meeting.place_kind, meeting.by_car, agreement)


def missing(kind: PlaceKind | None, by_car: bool, agreement: Agreement | None) -> str | None:
    """The code of the consent a held meeting of this place and ride lacks (None: none): the
    meeting log says so as soon as the place or the ride is picked."""
    home = kind is PlaceKind.VOLUNTEER_HOME and not (
        agreement is not None and agreement.home_visit_consent
    )
    car = by_car and not (agreement is not None and agreement.car_consent)
    if home and car:
        return BOTH
    return HOME if home else CAR if car else None


def consent_note(relationship: Relationship, kind: PlaceKind | None, by_car: bool) -> str | None:
    """What the meeting log says as soon as the place or the ride is picked: the consent this
    relationship's agreement lacks for them (None for a parent's peer support, which asks no
    guardian's consent)."""
    if not guardian_consents(relationship):
        return None
    return missing(kind, by_car, relationship.agreement)


def check_consent(meeting: Meeting, agreement: Agreement | None) -> None:
    """Refused when a consent is missing and no reason is given."""
    if meeting.consent_reason.strip():
        return
    code = missing_consent(meeting, agreement)
    if code is not None:
        raise Refused(code, MESSAGES[code] + " Give a reason to log the meeting anyway.")
