"""Matching's reasons in words: the texts are in the catalogs (``tui/i18n/locale``).

Keys: ``matching.part.<part>`` (score parts), ``matching.reason.<code>`` (what speaks for a
match), ``matching.mismatch.<code>`` (soft mismatches), ``matching.excluded.<code>`` (why a
volunteer was left out), ``matching.value.<value>`` (interest, need, language, gender, kind and
state codes that appear as parameters) and the refusals of ``store.matching.propose_many``.
``reason_text`` words one ``Reason`` in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui.i18n import has, t

if TYPE_CHECKING:
    from data.rules.matching import Reason

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


def reasons_line(
    reasons: list[Reason], kind: str = "reason", worded: dict[Any, str] | None = None
) -> str:
    """The reasons in words, by commas; ``worded``: the words of the reasons met before (a
    ranking words hundreds of rows of the same few reasons), kept there."""
    if worded is None:
        return ", ".join(reason_text(kind, r.code, r.params) for r in reasons)
    texts = []
    for r in reasons:
        try:
            # (with each value's type: 1, 1.0 and True are equal keys but read differently)
            key: Any = (kind, r.code, tuple((n, type(v), v) for n, v in r.params.items()))
            text = worded.get(key)
        except TypeError:  # a parameter that is a list: worded each time
            key, text = None, None
        if text is None:
            text = reason_text(kind, r.code, r.params)
            if key is not None:
                worded[key] = text
        texts.append(text)
    return ", ".join(texts)
