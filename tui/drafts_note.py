"""What the console says when it opens and the user has drafts waiting (``drafts_note``).

Apart from the drafts' form widgets (``tui.widgets.drafts``): the console's start imports
this, not the form widgets it would import with them.
"""

from __future__ import annotations

from typing import Any

from data.errors import TukiError
from tui import i18n
from tui.i18n import t


def drafts_note(store: Any, user: str) -> str | None:
    """What the console says when it opens and the user has drafts waiting: which forms (and
    whose), so that a draft kept for another way into a form is not forgotten. None: none."""
    try:
        drafts = store.drafts.list(user)
    except TukiError as exc:  # a damaged drafts file was dropped
        return i18n.explain(exc)
    if not drafts:
        return None
    clients = store.records.client_facts()
    volunteers = store.records.volunteer_facts()
    relationships = store.records.relationship_facts()

    def whose(kind: str, ref: str) -> str:
        """The name a draft's form is about: ``client:17``, ``meeting:r12``, ``guardian:new:c5``."""
        if ref.startswith("r") and ref[1:].isdigit():
            fact = relationships.get(int(ref[1:]))
            child = clients.get(fact.client_id) if fact is not None else None
            return child.name if child is not None else ""
        if ref.startswith("c") and ref[1:].isdigit():
            return whose("client", ref[1:])
        if ref.isdigit() and kind in ("client", "volunteer"):
            person = (volunteers if kind == "volunteer" else clients).get(int(ref))
            return person.name if person is not None else ""
        return ""

    forms = []
    for draft in drafts:
        kind, _, ref = draft.key.partition(":")
        word = t(f"kind.{kind}") if i18n.has(f"kind.{kind}") else kind
        if ref.startswith("new"):
            word = t("drafts.new", form=word)
        name = whose(kind, ref.removeprefix("new").lstrip(":"))
        forms.append(f"{word} {name}" if name else word)
    return t("drafts.waiting", n=len(drafts), forms=", ".join(forms))
