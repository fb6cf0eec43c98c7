"""``tuki check`` of a shard's contacts (``data/store/contacts.py``): which are lost.

A contact's id is handed out as a meeting's (the index keeps the shard's next one, ``NEXT``),
but unlike a meeting a contact logged by mistake may be removed; its removal is kept in the
shard's history (the last change of ``contact 12-3``: every value to nothing, the
relationship's id too, which no correction can empty). So a contact is lost when its id is
below the index's counter, the shard lacks it and its history keeps no removal of it: a shard
restored from a backup, a shard gone. Such a contact is listed to be entered again, as a lost
palaveri is (``check.items_of``, ``repair._only_activity``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from data.storage.folder import Ids

Rows = dict[str, dict[str, Any]]


def removed_contacts(history: Rows) -> frozenset[int]:
    """The ids of the contacts whose removal the shard's ``history`` table keeps."""
    out: set[int] = set()
    for row in history.values():
        if not isinstance(row, dict) or row.get("kind") != "contact":
            continue
        fields = row.get("fields")
        pair = fields.get("relationship_id") if isinstance(fields, dict) else None
        if isinstance(pair, list | tuple) and len(pair) == 2 and pair[1] is None:
            number = str(row.get("ref", "")).partition("-")[2]
            if number.isascii() and number.isdigit():
                out.add(int(number))
    return frozenset(out)


def contacts_lost(ids: Ids | None, removed: frozenset[int], counter: Any) -> list[int]:
    """The ids below the index's ``counter`` that the shard's contacts (``ids``; None: the
    shard is gone) lack and that were not removed."""
    if not isinstance(counter, int) or isinstance(counter, bool):
        return []
    return [i for i in range(1, counter) if (ids is None or str(i) not in ids) and i not in removed]


__all__ = ["contacts_lost", "removed_contacts"]
