"""How every list of people sorts: Finnish (and Swedish) alphabetical order of names.

In the rules of data/ so that a list kept beside the register (``data.store.lists``) is kept in the
order the console shows it; ``tui.listing`` uses the same functions.
"""

from __future__ import annotations

import functools
import unicodedata

#: letters that Finnish and Swedish put after z, in this order (æ and ø as ä and ö; ü as y)
_AFTER_Z = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y"}


@functools.lru_cache(maxsize=1 << 16)
def collation_key(text: str) -> str:
    """``text`` as Finnish (and Swedish) sort it: case and accents left aside (é as e), but
    å, ä and ö are letters of their own after z.

    Remembered per text (names repeat: a list of 22,387 relationships sorts by 89,548 names,
    a few thousand of them different), so a list's re-read does not work each name out again."""
    out = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        late = _AFTER_Z.get(char)
        out.append(late if late else unicodedata.normalize("NFD", char)[0])
    return "".join(out)


def name_order(first: str, last: str) -> tuple[str, str, str, str]:
    """How every list of people sorts: by surname, then first name, in Finnish order."""
    return (collation_key(last), collation_key(first), last, first)


__all__ = ["collation_key", "name_order"]
