"""The demo's team: the login that runs ``tuki demo`` as the folder's admin, two coordinators and
a reader (the programme's social worker, say) with made-up logins, so that every role can be
tried on demo data (``TUKI_USER=lukija tuki``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from data.model.register import UserRole

#: the made-up logins of the team beside the admin
TEAM: dict[str, UserRole] = {
    "koordinaattori1": UserRole.COORDINATOR,
    "koordinaattori2": UserRole.COORDINATOR,
    "lukija": UserRole.READER,
}


def set_up_team(folder: Path, admin: str, now: datetime) -> dict[str, UserRole]:
    """Save the team in the folder's settings, ``admin`` its admin; the users as saved."""
    from data.store import Store

    store = Store.open(folder, clock=lambda: now)
    settings = store.records.settings()
    users = {**TEAM, admin: UserRole.ADMIN}
    saved = store.records.save_settings(admin, settings.model_copy(update={"users": users}))
    return dict(saved.users)
