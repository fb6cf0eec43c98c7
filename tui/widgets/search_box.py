"""The search box of the lists: it takes the letters of a name, and leaves the keys that no name
has to the console.

A search matches names, areas and interests, which never hold a digit or a slash. Typed into the
box, ``4`` and ``/`` only spoiled the search ("4/Niemi" found nothing) while the coordinator
meant to switch to the fourth section or to start a new search. So the box does not take them:
they go on to the bindings (the section keys ``1``-``6`` switch sections from the box, as from
anywhere else; ``/`` has nothing more to do there).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

#: characters a search never holds: keys for the console, not text for the box
NOT_TYPED = frozenset("0123456789/")


class SearchBox(Input):
    """An ``Input`` that leaves digits and ``/`` to the console's keys."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character in NOT_TYPED:
            return False  # the binding on the key stays in the chain (Screen._binding_chain)
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character in NOT_TYPED:
            event.prevent_default()  # Input does not type it; the key bubbles to the bindings
