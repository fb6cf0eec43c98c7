"""Keys typed on a closed dropdown (``Select``) in a form.

Found over SSH: typing a place name with Tab between the fields, the focus reached the client
kind dropdown; the letters went nowhere, Enter opened the list, the next word's letters moved
its cursor and the next Enter chose "parent" for a child, unnoticed. Now, as in a web form:

* Enter moves on to the next field, as in every other field (the forms' one rule);
  Space, the arrow keys or a click open the list;
* letters choose the first option that starts with them (typed within a second of each
  other they are one search: "va" finds "vanhempi"); when none does, the field says so and
  nothing changes, so a word typed in the wrong place is seen, not silently swallowed.
"""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual.widgets import Select

from tui.i18n import t

#: seconds within which letters typed on a dropdown are one search
TYPING_PAUSE = 1.0


def _label(prompt: Any) -> str:
    return str(getattr(prompt, "plain", prompt)).casefold()


def on_closed_select_key(screen: Any, event: events.Key) -> None:
    """What a form does with a key typed on a closed dropdown (nothing for other widgets)."""
    select = screen.focused
    if not isinstance(select, Select) or select.expanded:
        return
    if event.key == "enter":
        event.stop()
        event.prevent_default()
        screen.focus_next()
        return
    if not event.is_printable or not event.character or event.character == " ":
        return
    event.stop()
    event.prevent_default()
    now = time.monotonic()
    earlier, at = getattr(select, "_tuki_typed", ("", 0.0))
    typed = (earlier if now - at < TYPING_PAUSE else "") + event.character
    select._tuki_typed = (typed, now)  # type: ignore[attr-defined]
    for wanted in dict.fromkeys((typed.casefold(), event.character.casefold())):
        for prompt, value in select._options:  # (prompt, value) pairs, the blank one included
            label = _label(prompt)
            if value is not Select.NULL and label.startswith(wanted):
                select.value = value
                select._tuki_typed = (wanted, now)  # type: ignore[attr-defined]
                return
    screen.app.bell()
    screen.notify(t("app.select.no_match", typed=typed), severity="warning", timeout=6)
