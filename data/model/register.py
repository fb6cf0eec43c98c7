"""The register's own records: who may use the folder and in which role.

A login's role decides what the Store lets it do (``data/store/users.py`` enforces it):

* ``admin``: everything a coordinator does, and the settings, the users, the rates, the
  retention runs and the approval of payments;
* ``coordinator``: all the care work (people, relationships, meetings, concerns, palaverit,
  reports, matching, the payment run up to its approval);
* ``reader``: sees what the others see and changes nothing (the programme's social worker, an
  auditor).
"""

from __future__ import annotations

from enum import StrEnum


class UserRole(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    READER = "reader"

    @property
    def rank(self) -> int:
        """Higher may do more: reader 0, coordinator 1, admin 2."""
        return _RANK[self]

    def may(self, need: UserRole) -> bool:
        """Whether this role may do what ``need`` is needed for."""
        return self.rank >= need.rank


_RANK = {UserRole.READER: 0, UserRole.COORDINATOR: 1, UserRole.ADMIN: 2}
