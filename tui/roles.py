"""What the console hides from a role: the keys (and their palette entries) of what the login's
role cannot do. The Store refuses those verbs anyway (``data/store/users.py``); the console only
does not offer them. A reader sees no key that changes anything, a coordinator no admin's key
(the settings, the users, approving payments and marking them paid).

The keys are named by their binding's id, so a user's ``keys.toml`` that moves a key moves it
hidden or shown alike. ``need`` is asked for every key of the footer at every refresh: it looks
the binding up once per kind of screen and action.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from data.model.register import UserRole

C, A = UserRole.COORDINATOR, UserRole.ADMIN

#: binding id -> the role its action needs (an id not listed: reading, anyone's)
NEEDS: dict[str, UserRole] = {
    # the app's own
    "app.log": C,
    "app.concern": C,
    "app.settings": A,
    # clients and volunteers
    "clients.new": C,
    "client.edit": C,
    "client.guardian": C,
    "client.worker": C,
    "volunteers.new": C,
    "volunteer.next_step": C,
    "volunteer.pause": C,
    "volunteer.resume": C,
    "volunteer.leave": C,
    "volunteer.edit": C,
    "volunteer.session": C,  # a supervision or training session (issue 14)
    "volunteer.recheck": C,  # the extract shown again
    # a relationship
    "relationship.log_here": C,
    "relationship.concern_here": C,
    "relationship.pause": C,
    "relationship.resume": C,
    "relationship.end": C,
    "relationship.palaveri": C,
    "palaveri.raise_concern": C,  # a crisis meeting's concern (tui/screens/palaveri_measures.py)
    "relationship.report_here": C,
    "relationship.terms": C,
    "relationship.second": C,  # a peer pair's second support person
    "relationship.contact_here": C,  # a contact with the network (issue 16)
    "relationship.our_thing": C,
    "contacts.remove": C,
    "meeting_view.correct": C,
    # matching
    "shortlist.propose": C,
    "shortlist.choose": C,
    "shortlist.pair": C,
    "pool.accept": C,
    "pool.reject": C,
    "pool.create": C,
    # concerns
    "concern.notify_someone": C,
    "concern.welfare": C,
    "concern.follow_up": C,
    "concern.close_concern": C,
    # the monthly reports and the payments
    "reports.receive": C,
    "reports.edit": C,
    "payments.approve": A,
    "payments.paid": A,
    # the users (tui/screens/users.py)
    "settings.users": A,
    "users.add": A,
    "users.role": A,
    "users.remove": A,
    # retention (tui/screens/retention.py)
    "retention.apply": A,
}

_found: dict[tuple[type[Any], str], UserRole | None] = {}


def need(node: object, action: str) -> UserRole | None:
    """The role ``action`` of ``node`` (an app, screen or widget) needs; None: anyone's."""
    key = (type(node), action)
    if key not in _found:
        needs = [
            NEEDS[binding.id]
            for klass in type(node).__mro__
            for binding in vars(klass).get("BINDINGS", ())
            if getattr(binding, "action", None) == action and getattr(binding, "id", None) in NEEDS
        ]
        _found[key] = max(needs, key=lambda r: r.rank) if needs else None
    return _found[key]


def may(role: UserRole | None, node: object, action: str) -> bool:
    """Whether a login of ``role`` (None: not admitted) is offered ``action`` of ``node``."""
    wanted = need(node, action)
    return wanted is None or (role is not None and role.may(wanted))


def role_in(folder: Path, login: str) -> UserRole | None:
    """The login's role as the folder's settings file holds it, read without the models (for
    the first frame, before the Store is open): ADMIN while the folder has no users (nothing
    is enforced), None for a login it does not know or settings that cannot be read."""
    try:
        doc = orjson.loads((folder / "settings.json").read_bytes())
    except FileNotFoundError:
        return UserRole.ADMIN
    except (OSError, orjson.JSONDecodeError):
        return None
    row = doc.get("settings", {}).get("1") if isinstance(doc, dict) else None
    users = row.get("users") if isinstance(row, dict) else None
    if not users:
        return UserRole.ADMIN
    try:
        return UserRole(users[login]) if isinstance(users, dict) and login in users else None
    except ValueError:
        return None
