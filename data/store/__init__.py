"""The service API: the one object the console, the command line, the tests and the benchmarks use.

``Store`` is composed of parts, each owning one area of the domain and handed only what it uses
(the engine goes to ``Records`` alone; the clock to the parts that need "now" or "today"):

* ``records`` (``records.py``): get, list, find, search, add, update, change, revise, the
  settings, the facts index, the change token: the generic verbs every other part builds on;
* ``people``: vetting steps, guardians, a client's social worker;
* ``relationships``: propose, set_state, end; ``pairs``: a peer pair's second person;
* ``meetings``: a relationship's meetings, logging and editing them, summaries, a month's;
* ``reports``: the monthly reports; ``concerns``: raise, notify, follow up, close;
* ``palaverit``: drafts (start, save, drafts, by_ref) and ``finish``, which uses the records
  and the relationships it is handed;
* ``matching``: candidates, pool, shortlist, pool_proposal, propose_many;
* ``alerts``: the day's alerts and counts;
* ``lists``: what the console's lists of people show of each, kept as the alerts are;
* ``drafts``: each user's unsaved forms, kept as they are typed (beside the register);
* ``payments``: a month's payment run, computed, approved (then locked), marked paid;
* ``search``: the texts of meetings, concerns and palaverit by words (kept words per shard).

A new area (money, the register) is a new module here with one class taking the parts it
uses, and one line in ``Store.__init__`` (or a ``cached_property`` that imports it when first
used, as the parts a short command seldom needs); nothing in the other parts changes. Nothing here
prints or prompts.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from data.dates import Clock, now_helsinki
from data.errors import ConflictError, NotFound, Refused, TukiError
from data.model.base import validate
from data.storage import Engine
from data.storage.aside import ACCESS_DIR, DRAFTS_DIR, make_aside
from data.storage.interface import EngineLike
from data.storage.kept import Kept
from data.storage.layout import LAYOUT
from data.store.concerns import Concerns
from data.store.meetings import Meetings
from data.store.pairs import Pairs
from data.store.people import People
from data.store.records import Records
from data.store.relationships import Relationships

if TYPE_CHECKING:
    from data.store.access import Access
    from data.store.alerts import Alerts
    from data.store.backup import Backup
    from data.store.contacts import Contacts
    from data.store.drafts import Drafts
    from data.store.lists import Lists
    from data.store.matching import Matching
    from data.store.palaverit import Palaverit
    from data.store.payments import Payments
    from data.store.reports import Reports
    from data.store.retention import Retention
    from data.store.search import Search
    from data.store.users import Users

E = TypeVar("E", bound=EngineLike)


class Store(Generic[E]):
    """All records of one data folder, by area: ``store.meetings.log(...)``. Generic in its
    engine, so that ``Store.open(folder).engine`` is the folder's ``Engine`` (check, repair and
    the command line use more of it than the parts do)."""

    def __init__(self, engine: E, *, clock: Clock | None = None) -> None:
        """The records kept by ``engine`` (``Engine`` on a folder, ``MemoryEngine`` in tests).
        ``clock`` gives the aware moment every change is stamped with and "today" for the rules
        (the real Helsinki time unless a test, a benchmark or the console hands in its own)."""
        self.engine = engine
        # where the folder is and how it shares (what the minutes written beside the data use:
        # data/outputs/minutes_file.py), so that no face has to reach the engine for it
        self.folder = engine.folder
        self.file_mode = engine.file_mode
        self.dir_mode = engine.dir_mode
        self.clock: Clock = clock or now_helsinki
        self.records = Records(engine, self.clock)
        self.people = People(self.records)
        self.relationships = Relationships(self.records, self.clock)
        self.pairs = Pairs(self.records, self.clock, lambda: self.matching)  # seed 003's pairs
        self.meetings = Meetings(self.records)
        self.concerns = Concerns(self.records)
        # ``cache/`` is made with the Store, before a console reads its first change token
        # (making it moves the folder's time): the alerts, made when first used, keep there
        Kept(engine)
        if isinstance(engine, Engine):  # the access log's and the drafts' folders, as cache/
            for aside in (ACCESS_DIR, DRAFTS_DIR):  # (store/access.py, store/drafts.py)
                make_aside(engine.folder, aside, engine.dir_mode)

    # the parts a short command seldom uses are made (and their modules imported) when first
    # used: ``tuki log`` does not pay for the alerts, the matching or the payments

    @cached_property
    def alerts(self) -> Alerts:
        from data.store.alerts import Alerts

        return Alerts(self.records, self.clock)

    @cached_property
    def users(self) -> Users:
        from data.store.users import Users

        return Users(self.records)

    @cached_property
    def access(self) -> Access:  # the access log: who saw which client's data
        from data.store.access import Access

        return Access(self.engine, self.users, self.clock)

    @cached_property
    def backup(self) -> Backup:  # a copy of the whole folder (an admin's)
        from data.store.backup import Backup

        return Backup(self.records, self.users, self.access)

    @cached_property
    def retention(self) -> Retention:
        from data.store.retention import Retention

        return Retention(self.records, self.users, self.clock, self.access)

    @cached_property
    def reports(self) -> Reports:
        from data.store.reports import Reports

        return Reports(self.records, self.clock)

    @cached_property
    def palaverit(self) -> Palaverit:
        from data.store.palaverit import Palaverit

        return Palaverit(self.records, self.relationships, self.clock)

    @cached_property
    def contacts(self) -> Contacts:  # contacts with the network (issue 16)
        from data.store.contacts import Contacts

        return Contacts(self.records)

    @cached_property
    def matching(self) -> Matching:
        from data.store.matching import Matching

        return Matching(self.records, self.relationships, self.clock)

    @cached_property
    def drafts(self) -> Drafts:
        from data.store.drafts import Drafts

        return Drafts(self.records, self.clock)

    @cached_property
    def lists(self) -> Lists:
        from data.store.lists import Lists

        return Lists(self.records)

    @cached_property
    def search(self) -> Search:  # the texts of meetings, concerns and palaverit by words
        from data.store.search import Search

        return Search(self.records, self.users)

    @cached_property
    def payments(self) -> Payments:
        from data.store.payments import Payments

        return Payments(self.records, self.clock)

    @classmethod
    def open(
        cls,
        folder: str | Path,
        *,
        durable: bool = True,
        create: bool = True,
        clock: Clock | None = None,
    ) -> Store[Engine]:
        """The Store of a data folder as the faces open it (Tuki's layout, durable saves)."""
        return Store(Engine(folder, durable=durable, create=create, layout=LAYOUT), clock=clock)


__all__ = [
    "ConflictError",
    "NotFound",
    "Refused",
    "Store",
    "TukiError",
    "validate",
]
