"""Matching's reasons in words: the texts are in the catalogs (``tui/i18n/locale``).

Keys: ``matching.part.<part>`` (score parts), ``matching.reason.<code>`` (what speaks for a
match), ``matching.mismatch.<code>`` (soft mismatches), ``matching.excluded.<code>`` (why a
volunteer was left out), ``matching.value.<value>`` (interest, need, language, gender, kind and
state codes that appear as parameters) and the refusals of ``store.matching.propose_many``.
``reason_text`` words one ``Reason`` in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.i18n import has, t

# Parameters whose values are codes worth translating (names and places are shown as written).
TRANSLATED = frozenset({"what", "language", "gender", "state", "kind", "client_kind"})


def reason_text(kind: str, code: str, params: Mapping[str, Any]) -> str:
    """``kind`` is "reason", "mismatch" or "excluded"; e.g.
    ``reason_text("reason", r.code, r.params)`` for a ``data.matching.Reason`` ``r``."""
    shown = {
        name: t(f"matching.value.{value}")
        if name in TRANSLATED and isinstance(value, str) and has(f"matching.value.{value}")
        else value
        for name, value in params.items()
    }
    return t(f"matching.{kind}.{code}", **shown)
