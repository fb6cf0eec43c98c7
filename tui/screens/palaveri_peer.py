"""The start palaveri's fields of a peer support agreement (issue 16, seed 003): the
municipality as the third party (its unit and who signed for it), the day signed, and whether
the support is before, alongside or after the parent's peer group; shown for peer support
only, read back into ``Decisions.peer``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.widgets import Input, Select

from data.model.peer import PeerGroup, PeerTerms
from data.model.people import VolunteerKind
from data.model.relationship import Relationship
from tui import i18n
from tui.i18n import t
from tui.peer_text import group_word
from tui.widgets.form import Field, parse_date

TEXTS = ("municipality", "unit", "signed_by")


class _Screen(Protocol):
    def query(self, selector: str) -> Any: ...
    def query_one(self, selector: str, expect_type: Any = ...) -> Any: ...
    def read(self, name: str, parse: Any = None, **kwargs: Any) -> Any: ...
    def _soft(self, name: str, parse: Callable[[str], Any]) -> Any: ...


def _input(name: str, value: str) -> Input:
    return Input(value, id=f"in-{name}", compact=True)


def peer_fields(terms: PeerTerms | None, relationship: Relationship) -> list[Field]:
    """The fields, filled from the draft; none unless the relationship is peer support."""
    if relationship.service is not VolunteerKind.PEER:
        return []
    parties = terms.parties if terms else None
    # who the parties are, beside the municipality's field (a pair: both support persons)
    pair = relationship.second_volunteer_id is not None
    about = {"municipality": t("palaveri.peer.parties_pair" if pair else "palaveri.peer.parties")}
    fields = [
        Field(
            f"pp_{n}",
            t(f"palaveri.peer.{n}"),
            _input(f"pp_{n}", getattr(parties, n, "")),
            help=about.get(n, ""),
        )
        for n in TEXTS
    ]
    signed = terms.signed_on if terms else None
    fields.append(
        Field(
            "pp_signed_on",
            t("palaveri.peer.signed_on"),
            _input("pp_signed_on", i18n.day(signed) if signed else ""),
        )
    )
    group = Select(
        [(group_word(g), g) for g in PeerGroup],
        value=terms.peer_group if terms and terms.peer_group else Select.NULL,
        allow_blank=True,
        prompt="–",
        id="in-pp_group",
        compact=True,
    )
    fields.append(Field("pp_group", t("palaveri.peer.group"), group))
    return fields


def peer_decision(screen: _Screen) -> dict[str, Any]:
    """``{"peer": ...}`` as the fields say (None when all are empty); {} when not shown."""
    if not screen.query("#field-pp_municipality"):
        return {}
    texts = {n: screen.read(f"pp_{n}") for n in TEXTS}
    signed = screen._soft("pp_signed_on", lambda s: parse_date(s, required=False))
    widget = screen.query_one("#in-pp_group", Select)
    group = None if widget.is_blank() else widget.value
    parties = texts if any(texts.values()) else None
    if parties is None and signed is None and group is None:
        return {"peer": None}
    return {"peer": {"parties": parties, "signed_on": signed, "peer_group": group}}
