"""The start screen's first frame from what the folder keeps, before the Store is opened.

Opening the Store imports pydantic and the models (~150 ms at every start, more than Textual
itself): the start screen needs none of them when the day's answers are kept in ``cache/``
(``data.store.alerts``: the counts, the alerts, their subjects' areas). ``read`` reads them
back as ``Alerts.day`` and ``Alerts.areas`` would, under the same key (the folder's change
token, the day and the code's stamp: ``data.storage.kept.peek``), and the programme's name
from ``settings.json``; the console opens the Store right after that frame (``TukiApp``).

Anything it cannot answer as the Store would gives None, and the start screen reads through
the Store as before: no kept answer (or one of another day, token or code), a journal left by
an interrupted save, settings never saved, or a folder that may need its first steps (no
client waiting or no volunteer in vetting: whether there are any at all is the Store's to say).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from data.rules.alert_shapes import (
    Alert,
    Areas,
    Counts,
    areas_loaded,
    concern_alerts,
    day_loaded,
    merged,
)
from data.storage.engine import JOURNAL
from data.storage.kept import folder_change_token, peek


@dataclass(frozen=True)
class StartView:
    """What the start screen shows, as the Store would give it."""

    token: tuple[int, ...]  # the folder's change token the answers were kept under
    programme: str  # the programme's name (the settings)
    counts: Counts
    alerts: list[Alert]  # the day's, the concerns' as of now included, most urgent first
    areas: Areas


def read(folder: Path, now: datetime) -> StartView | None:
    """The start screen's content from the kept answers, or None (see the module)."""
    try:
        if os.path.lexists(folder / JOURNAL):
            return None  # the Store finishes or rolls back the interrupted save first
        token = folder_change_token(folder)  # one token for both answers
        day_raw = peek(folder, "alerts", now.date(), token=token)
        areas_raw = peek(folder, "areas", now.date(), token=token)
        if day_raw is None or areas_raw is None:
            return None
        counts, found, concerns, follow_up_days = day_loaded(day_raw)
        areas = areas_loaded(areas_raw)
        if counts.waiting <= 0 or counts.in_vetting <= 0:
            return None  # the first steps may be wanted: the Store knows
        programme = _programme(folder)
        if programme is None:
            return None
    except (OSError, KeyError, TypeError, ValueError):  # the Store says what is wrong
        return None
    alerts = merged(concern_alerts(concerns, now, follow_up_days), found)
    return StartView(token, programme, counts, alerts, areas)


def _programme(folder: Path) -> str | None:
    """The programme's name as saved in the settings; None when they were never saved."""
    doc = orjson.loads((folder / "settings.json").read_bytes())
    row = doc.get("settings", {}).get("1")
    name = row.get("programme_name") if isinstance(row, dict) else None
    return name if isinstance(name, str) and name else None


def settings_language(folder: Path) -> str | None:
    """The folder's language setting as saved (``Settings.language``, "fi" when never set),
    read without the models; None when the settings cannot be read (the Store will say why)."""
    try:
        doc = orjson.loads((folder / "settings.json").read_bytes())
    except FileNotFoundError:
        return "fi"  # never saved: Settings' default
    except (OSError, orjson.JSONDecodeError):
        return None
    row = doc.get("settings", {}).get("1") if isinstance(doc, dict) else None
    if not isinstance(row, dict):
        return "fi"
    language = row.get("language", "fi")
    return language if isinstance(language, str) else None
