"""Peer support persons in pairs (seed 003): how a pair is named wherever one name stood."""

from __future__ import annotations

from collections.abc import Callable, Iterable

JOIN = " & "


def pair_name(ids: Iterable[int], name_of: Callable[[int], str]) -> str:
    """The support person's name, or both of a pair's: "Aino Aalto & Eero Eskola"."""
    return JOIN.join(name_of(i) for i in ids)
