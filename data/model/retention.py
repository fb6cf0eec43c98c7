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
from typing import ClassVar

from data.model.base import Count, Login, Record


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

#: the years after a volunteer left before the vetting details (the criminal-record extract's
#: date and who saw it, the steps' notes) are removed, until the programme sets its own
DEFAULT_VETTING_YEARS = 2

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
