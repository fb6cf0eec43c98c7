"""A relationship's fee terms from the programme's rates: pure rules, no storage.

``terms_for`` gives the terms a relationship of one kind of service starts with: the
programme's rate row in force for that kind on the agreement's start day (``Settings.rate_on``).
``changed_terms`` checks the coordinator's change of a relationship's terms and keeps the
earlier ones in the agreement (who changed them and when travel with the new terms).
"""

from __future__ import annotations

from datetime import date

from data.errors import Refused
from data.model.money import terms_of
from data.models import Agreement, FeeModel, FeeTerms, Settings, VolunteerKind


def _day(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def terms_for(settings: Settings, service: VolunteerKind, start: date) -> FeeTerms:
    """The terms of a relationship of ``service`` starting on ``start``; refused when the
    programme has no rate for that kind of service in force on that day."""
    rate = settings.rate_on(start, service)
    if rate is None:
        raise Refused(
            "no_rate",
            "The programme has no rates for the service '{service}' in force on {day}: "
            "add them in the settings first.",
            service=service.value,
            day=_day(start),
        )
    return terms_of(rate, start)


def changed_terms(
    agreement: Agreement, service: VolunteerKind, terms: FeeTerms, user: str, today: date
) -> Agreement:
    """The agreement with ``terms`` in force from ``terms.since`` (default: today); the
    terms they replace are kept in ``earlier_terms`` (also when they are corrected on
    the day they took effect). Refused: a fee for a professional
    service, a day before the agreement's start or before the current terms took effect."""
    if service is VolunteerKind.PROFESSIONAL and terms.model is not FeeModel.NONE:
        raise Refused("professional_fee", "A professional service pays no volunteer fee.")
    if terms.model is FeeModel.PER_WEEKEND and service is not VolunteerKind.SUPPORT_FAMILY:
        raise Refused("weekend_not_family", "A fee per weekend is paid to support families only.")
    since = terms.since or today
    current = agreement.fee_terms.since or agreement.start
    if since < agreement.start:
        raise Refused(
            "terms_before_start",
            "New terms cannot take effect before the agreement's start ({day}).",
            day=_day(agreement.start),
        )
    if since < current:
        raise Refused(
            "terms_before_current",
            "New terms cannot take effect before the current ones ({day}).",
            day=_day(current),
        )
    new = terms.model_copy(update={"since": since, "set_by": user, "set_on": today})
    earlier = [*agreement.earlier_terms, agreement.fee_terms]  # kept, also when corrected
    return agreement.model_copy(update={"fee_terms": new, "earlier_terms": earlier})
