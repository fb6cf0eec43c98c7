"""Where places lie relative to each other, as much as matching needs: which municipalities
border each other and which welfare area (hyvinvointialue) each belongs to.

The table covers the municipalities of the demo data (all of Kymenlaakso, one welfare area).
A municipality missing from it is simply "far" from every other one: matching still knows the
same area and the same municipality, it only cannot say "neighbouring" or "same welfare area".
Add rows here when a programme works elsewhere.
"""

from __future__ import annotations

KYMENLAAKSO = "Kymenlaakso"

# municipality -> welfare area
WELFARE_AREA: dict[str, str] = {
    "Kouvola": KYMENLAAKSO,
    "Kotka": KYMENLAAKSO,
    "Hamina": KYMENLAAKSO,
    "Pyhtää": KYMENLAAKSO,
    "Virolahti": KYMENLAAKSO,
    "Miehikkälä": KYMENLAAKSO,
}

# Municipalities that share a border (only those inside the table; each pair once).
BORDERS: tuple[tuple[str, str], ...] = (
    ("Kouvola", "Kotka"),
    ("Kouvola", "Hamina"),
    ("Kouvola", "Pyhtää"),
    ("Kouvola", "Miehikkälä"),
    ("Kotka", "Hamina"),
    ("Kotka", "Pyhtää"),
    ("Hamina", "Virolahti"),
    ("Hamina", "Miehikkälä"),
    ("Virolahti", "Miehikkälä"),
)


def key(name: str) -> str:
    """Place names compare without regard to case or surrounding spaces."""
    return name.strip().casefold()


_WELFARE = {key(m): area for m, area in WELFARE_AREA.items()}
_NEIGHBOURS: dict[str, frozenset[str]] = {}
for _a, _b in BORDERS:
    _NEIGHBOURS[key(_a)] = _NEIGHBOURS.get(key(_a), frozenset()) | {key(_b)}
    _NEIGHBOURS[key(_b)] = _NEIGHBOURS.get(key(_b), frozenset()) | {key(_a)}


def is_municipality(name: str) -> bool:
    """Whether ``name`` is a municipality this table knows."""
    return key(name) in _WELFARE


def welfare_area(municipality: str) -> str | None:
    """The welfare area a municipality belongs to, or None when the table does not know it."""
    return _WELFARE.get(key(municipality))


def neighbours(a: str, b: str) -> bool:
    """Whether two (different) municipalities share a border."""
    return key(b) in _NEIGHBOURS.get(key(a), frozenset())
