"""How long a client's case is kept after it closes, and the record of each retention run.

The National Archives' retention table sets how long social-welfare documents are kept after
the matter is closed: families-with-children services 30 years, other services differ. The
programme chooses a class for each case when it is opened (``Client.retention``; a case stored
before the class was asked takes the programme's default, ``Settings.retention_default``), and
the years of each class are settings (``Settings.retention_years``). What falls due and what an
anonymisation does are pure rules in ``data/rules/retention.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, ValidationInfo

from data.model.base import Count, Login, Record, fail, is_stored


class RetentionClass(StrEnum):
    """The retention class of a client's case (the retention table's row it follows)."""

    FAMILY_SERVICES = "family_services"  # families-with-children services: 30 years
    ADULT_SERVICES = "adult_services"  # e.g. a parent's peer support as an adult client
    SHORT = "short"  # a short-lived matter the programme keeps only a few years


#: the years after closing of each class, until the programme sets its own
DEFAULT_YEARS: dict[RetentionClass, int] = {
    RetentionClass.FAMILY_SERVICES: 30,
    RetentionClass.ADULT_SERVICES: 12,
    RetentionClass.SHORT: 6,
}

#: the fewest years after closing a class may be set to (the families-with-children services'
#: 30 are the National Archives' retention table's: a programme that keeps a case for less
#: chooses another class for it), and the most any may be set to
LEAST_YEARS: dict[RetentionClass, int] = {RetentionClass.FAMILY_SERVICES: 30}
FEWEST_YEARS = 1
MOST_YEARS = 100

#: the years after a volunteer left before the vetting details (the criminal-record extract's
#: date and who saw it, the steps' notes) are removed, until the programme sets its own
DEFAULT_VETTING_YEARS = 2


def check_years(years: dict[RetentionClass, int]) -> dict[RetentionClass, int]:
    """The years of each class set: whole years from 1 to 100, the families-with-children
    services not under the retention table's 30 (a refusal naming the class, ``retention``)."""
    for retention in RetentionClass:  # (in a stable order: the first problem is named)
        if retention not in years:
            continue
        value, least = years[retention], LEAST_YEARS.get(retention, FEWEST_YEARS)
        if FEWEST_YEARS <= value < least:
            raise fail(
                "retention_under_table",
                "Families-with-children services keep a case at least {low} years after it "
                "closes; for a shorter period choose another class for the case.",
                retention=retention.value,
                low=least,
            )
        if not least <= value <= MOST_YEARS:
            raise fail(
                "retention_years_range",
                "Give whole years from {low} to {high}.",
                retention=retention.value,
                low=least,
                high=MOST_YEARS,
            )
    return years


def _years(years: dict[RetentionClass, int], info: ValidationInfo) -> dict[RetentionClass, int]:
    """(Settings read from the file are taken as they are: the next save asks to fix them.)"""
    return years if is_stored(info) else check_years(years)


#: ``Settings.retention_years``: each class's years after closing, checked when set
RetentionYears = Annotated[dict[RetentionClass, int], AfterValidator(_years)]


#: what a name or a required text becomes when it is anonymised (the same in every language)
ANONYMOUS = "—"


class RetentionRun(Record):
    """One ``tuki retention --apply``: when, by whom and how many of each kind of record it
    anonymised. Never a name, never an id of a client (the counts are the whole record)."""

    kind_name: ClassVar[str] = "retention_run"

    at: datetime
    by: Login
    today: date  # the day the due dates were judged by
    clients: Count = 0
    guardians: Count = 0
    relationships: Count = 0
    meetings: Count = 0
    palaverit: Count = 0
    concerns: Count = 0
    volunteers: Count = 0  # whose vetting details were removed
    history: Count = 0  # entries of the change history forgotten
    held: Count = 0  # cases due but left alone (an open concern or relationship)
    backups_removed: Count = 0  # backup folders pruned after the run
    documents_removed: Count = 0  # minutes, reports and access-log answers of the cases
    copies_removed: Count = 0  # copies of damaged files set aside and stopped saves' temp files
    drafts_removed: Count = 0  # users' unsaved forms of the anonymised records
