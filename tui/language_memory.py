"""The language a user chose in the console, remembered for the next start.

Kept per user beside the user's config file (a one-word file named ``language`` in the same
folder, e.g. ``~/.config/tuki/language``), so the hand-written ``config.toml`` is never
rewritten. ``--lang`` and ``TUKI_LANG`` still win; the data folder's setting is used while the
user has never chosen. Losing it is harmless: the console then opens in the folder's language.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui import i18n
from tui.config import user_config_file


def memory_file() -> Path:
    return user_config_file().with_name("language")


def remembered() -> str | None:
    """The language this user chose last, if any."""
    try:
        code = memory_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return code if code in i18n.LANGUAGES else None


def remember(code: str) -> None:
    """Keep ``code`` for the next start; a folder that cannot be written is not an error."""
    if code not in i18n.LANGUAGES:
        return
    path = memory_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".language.{os.getpid()}")
        temporary.write_text(code + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


__all__ = ["memory_file", "remember", "remembered"]
