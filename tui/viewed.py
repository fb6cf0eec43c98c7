"""The console's side of the access log: each client's data seen on a screen is logged once.

A page logs its client when it first shows the client's data (a refresh after another
coordinator's save is the same view, not a new one); a list logs each client the first time it
shows them; a document written (the minutes, the report to the social worker) is logged each
time. A view that cannot be logged (the folder cannot be written) is said, in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui import i18n
from tui.i18n import t

if TYPE_CHECKING:
    from data.model.access import AccessEntry, AccessView
    from tui.screens.base import TukiMixin


def viewed(
    screen: TukiMixin, client_ids: Iterable[int], view: AccessView, *, again: bool = False
) -> None:
    """Log that the console's user sees these clients' data on ``screen`` (each client once
    per screen, unless ``again``: a document written)."""
    from data.errors import TukiError
    from data.model.access import Face
    from data.storage.files import StorageError

    seen: set[tuple[int, str]] = screen.__dict__.setdefault("_access_seen", set())
    new = [c for c in dict.fromkeys(client_ids) if again or (c, view.value) not in seen]
    if not new:
        return
    try:
        screen.store.access.viewed_many(screen.user, new, view, Face.CONSOLE)
    except (TukiError, StorageError, OSError) as exc:
        why = i18n.explain(exc) if isinstance(exc, TukiError) else str(exc)
        screen.notify(t("access.not_logged", why=why), severity="error", timeout=12)  # type: ignore[attr-defined]
        return
    seen.update((c, view.value) for c in new)


def view_name(view: Any) -> str:
    """A kind of view in the user's words (an unknown one as stored)."""
    key = f"access.view.{getattr(view, 'value', view)}"
    return t(key) if i18n.has(key) else str(view)


def face_name(face: Any) -> str:
    key = f"access.face.{getattr(face, 'value', face)}"
    return t(key) if i18n.has(key) else str(face)


def when(entry: AccessEntry) -> str:
    """The entry's moment in Helsinki time: 22.11.2026 14.05."""
    from data.dates import HELSINKI

    return i18n.moment(entry.at.astimezone(HELSINKI))
