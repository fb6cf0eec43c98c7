"""Plain-text output of the command line: record tables and the day's alerts."""

from __future__ import annotations

import argparse
import codecs
import functools
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import pydantic_core
from pydantic import BaseModel, TypeAdapter
from pydantic_core import PydanticSerializationError

from data.dates import month_start
from data.model.weekend import fi_days
from data.models import Client, Concern, Relationship, State, Volunteer
from data.rules.collation import collation_key as collation_key  # the lists' order, kept here too
from data.rules.collation import name_order
from data.rules.pairs import JOIN
from tui import i18n
from tui.alert_lines import alert_mark as alert_mark  # (the console's start screen's too)
from tui.alert_lines import alert_text as alert_text
from tui.i18n import t

if TYPE_CHECKING:
    from data.store import Store

Lister = Callable[["Store[Any]", argparse.Namespace], list[Any]]


def _people(people: list[Any]) -> list[Any]:
    return sorted(people, key=lambda p: (*name_order(p.first_name, p.last_name), p.id or 0))


def _clients(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    return _people([c for c in store.records.list(Client) if args.all or c.closed_on is None])


def _volunteers(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    from data.models import Step

    volunteers = store.records.list(Volunteer)
    return _people([v for v in volunteers if args.all or v.state is not Step.LEFT])


def _relationships(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    """By the client's surname and first name, then the volunteer's."""
    order = _relationship_order(store)
    return sorted(_listed_relationships(store, args), key=order)


class Texts(list[str]):
    """A list's records as JSON texts (``_json_row``), in the list's order, each text one
    record's or several records' joined by ",\n" (as ``write_json_texts`` joins them), with
    the clients they show (what the access log records of the list, ``cli_access.listed``)."""

    client_ids: list[int]
    #: or the whole list already written, as UTF-8 (``write_json_texts`` writes it as it is)
    encoded: bytes | None = None


def _relationship_texts(store: Store[Any], args: argparse.Namespace) -> Texts:
    """``_relationships`` as JSON texts (``_json_row``), no model kept (8,000 of them took
    80 MB at national scale): a row vouched for (``data/store/vouched.py``: it validated before,
    and its own JSON text is its model's) is written as stored, without pydantic's model; any
    other is validated and written from its model, and vouched for when it may be."""
    from data.store.vouched import vouched_rows

    by_ids = _pair_order(store)
    name = "listed_relationships" + ("_all" if args.all else "")
    found = vouched_rows(store.records, Relationship, _kept(args), name, _same_texts)
    keyed: list[tuple[tuple[Any, ...], dict[str, Any] | None, Any]] = []
    for row, rel in found:
        if rel is None:
            keyed.append((by_ids(row["client_id"], row["volunteer_id"], row["id"]), row, None))
        elif args.all or rel.state is not State.ENDED:
            keyed.append((by_ids(rel.client_id, rel.volunteer_id, rel.id or 0), None, rel))
    del found
    keyed.sort(key=lambda item: item[0])  # (stable, as sorted is)
    plain = [row for _, row, _ in keyed if row is not None]
    if len(plain) == len(keyed):  # each row its model's text: written all at once
        texts = Texts()
        texts.encoded = pydantic_core.to_json(plain, indent=1) if plain else None
        texts.client_ids = [row["client_id"] for row in plain]
        return texts
    texts = Texts(_json_row(rel) if row is None else _plain_row(row) for _, row, rel in keyed)
    texts.client_ids = [rel.client_id if row is None else row["client_id"] for _, row, rel in keyed]
    return texts


def _same_texts(rels: list[Relationship], rows: list[dict[str, Any]]) -> list[bool]:
    """Whether each row's own JSON text is its model's (``vouched_rows``' judgement)."""
    try:
        plain = _in_list(pydantic_core.to_json(rows, indent=1).decode(), len(rows))
    except (PydanticSerializationError, UnicodeError):
        plain = None
    if plain is None:
        return [False] * len(rows)
    return [a == b for a, b in zip(_json_rows(rels), plain, strict=True)]


def _plain_row(row: dict[str, Any]) -> str:
    return " " + pydantic_core.to_json(row, indent=1).decode().replace("\n", "\n ")


def _kept(args: argparse.Namespace) -> Callable[[dict[str, Any]], bool]:
    return lambda row: args.all or row.get("state") != ENDED


def _listed_relationships(store: Store[Any], args: argparse.Namespace) -> Iterator[Any]:
    # an ended one is not validated (a row whose state is not plainly "ended" is)
    rels = store.records.each(Relationship, _kept(args))
    return (r for r in rels if args.all or r.state is not State.ENDED)


def _relationship_order(store: Store[Any]) -> Callable[[Relationship], tuple[Any, ...]]:
    by_ids = _pair_order(store)
    return lambda r: by_ids(r.client_id, r.volunteer_id, r.id or 0)


def _pair_order(store: Store[Any]) -> Callable[[int, int, int], tuple[Any, ...]]:
    """A relationship's place in the lists, by its client's, volunteer's and own ids."""
    clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()

    def order(client_id: int, volunteer_id: int, rid: int) -> tuple[Any, ...]:
        c, v = clients.get(client_id), volunteers.get(volunteer_id)
        return (
            *(name_order(c.first, c.last) if c else ()),
            *(name_order(v.first, v.last) if v else ()),
            rid,
        )

    return order


ENDED = State.ENDED.value


def _meetings(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    if args.relationship is not None:
        store.records.get(Relationship, args.relationship)
        if args.month is not None:  # that month of the relationship's meetings only
            return store.meetings.of_in_month(args.relationship, args.month)
        return list(store.meetings.of(args.relationship))
    month = args.month or month_start(store.clock().date())
    # the table shows a few fields, kept in the month index; the JSON gives every record whole
    found = store.meetings.in_month(month) if args.json else store.meetings.listed_in_month(month)
    return sorted(found, key=lambda m: (m.on, m.relationship_id))


def _concerns(store: Store[Any], args: argparse.Namespace) -> list[Any]:
    return [c for c in store.records.list(Concern) if args.all or c.is_open]


LISTERS: dict[str, Lister] = {
    "clients": _clients,
    "volunteers": _volunteers,
    "relationships": _relationships,
    "meetings": _meetings,
    "concerns": _concerns,
}
#: the lists that ``--json`` writes from texts made record by record (no models kept)
JSON_TEXTS: dict[str, Callable[[Store[Any], argparse.Namespace], Texts]] = {
    "relationships": _relationship_texts,
}


def _listed(facts: Mapping[int, Any]) -> dict[int, str]:
    """Id -> the name as lists show it, from the facts index (no record is read)."""
    return {i: listed_name(f.first, f.last) for i, f in facts.items()}


def _reason(meeting: Any) -> str:
    reason = meeting.cancel_reason
    return t(f"meetings.reason.{reason.value}") if reason else "–"


def _columns(what: str, store: Store[Any]) -> tuple[list[str], Callable[[Any], list[str]]]:
    if what == "clients":
        return ["id", "name", "area", "registered"], lambda c: [
            str(c.id),
            listed_name(c.first_name, c.last_name),
            f"{c.municipality} {c.area}".strip(),
            i18n.day(c.registered_on),
        ]
    if what == "volunteers":
        return ["id", "name", "kind", "area", "step"], lambda v: [
            str(v.id),
            listed_name(v.first_name, v.last_name),
            t(f"volunteer_kind.{v.kind.value}"),
            f"{v.municipality} {v.area}".strip(),
            t(f"step.{v.state.value}") if v.state else "–",
        ]
    if what == "relationships":
        clients = _listed(store.records.client_facts())
        volunteers = _listed(store.records.volunteer_facts())
        return ["id", "client", "volunteer", "state", "since"], lambda r: [
            str(r.id),
            clients.get(r.client_id, "?"),
            JOIN.join(volunteers.get(v, "?") for v in r.volunteer_ids),
            t(f"state.{r.state.value}"),
            i18n.day(r.since()),
        ]
    if what == "meetings":
        held, cancelled = t("status.held"), t("status.cancelled")  # once, not per meeting
        return ["id", "date", "status", "activity"], lambda m: [
            m.ref,
            fi_days(m.on, m.until),  # a weekend: its first and last day
            held if m.held else f"{cancelled} ({_reason(m)})",
            m.activity,
        ]
    clients = _listed(store.records.client_facts())
    return ["id", "client", "noticed", "urgency", "notified"], lambda c: [
        str(c.id),
        clients.get(c.client_id, "?"),
        i18n.moment(c.noticed_at),
        t(f"urgency.{c.urgency.value}"),
        t("yes") if c.notified else t("no").upper(),
    ]


def print_table(what: str, rows: list[Any], store: Store[Any]) -> None:
    if not rows:
        print(t("ls.none"))
        return
    names, cells = _columns(what, store)
    body = [cells(r) for r in rows]
    header = [t(f"col.{n}") for n in names]
    widths = [max(len(h), *(len(row[i]) for row in body)) for i, h in enumerate(header)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *body)
    ]
    print("\n".join(lines))  # one write, not one per row (27,000 meetings in a month)


def write_json(rows: Sequence[BaseModel], out: TextIO, chunk: int = 1000) -> None:
    """``rows`` as ``json.dump([r.model_dump(mode="json", by_alias=True) ...], out, indent=1,
    ensure_ascii=False)`` writes them, byte for byte, but each record serialised whole by
    pydantic and written a thousand at a time (json.dump with an indent encodes in Python and
    wrote 2.3 million pieces for the relationships of a national register)."""
    write_json_texts([_json_row(r) for r in rows], out, chunk)


def write_json_texts(texts: Sequence[str], out: TextIO, chunk: int = 1000) -> None:
    """The records' texts (``_json_row``) as ``write_json`` writes their records."""
    encoded = getattr(texts, "encoded", None)
    if encoded is not None:
        _write_utf8(encoded, out)
        return
    if not texts:
        out.write("[]")
        return
    out.write("[\n")
    for start in range(0, len(texts), chunk):
        out.write(("" if start == 0 else ",\n") + ",\n".join(texts[start : start + chunk]))
    out.write("\n]")


def _write_utf8(encoded: bytes, out: TextIO) -> None:
    """UTF-8 text as ``out.write`` writes it decoded: as it is to a UTF-8 stream's bytes when
    nothing would change it (14 MB of relationships, neither decoded nor encoded again)."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or ""
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    if buffer is None or not utf8 or os.linesep != "\n":
        out.write(encoded.decode())
        return
    out.flush()
    buffer.write(encoded)


def _json_row(row: BaseModel) -> str:
    """One record at indent 1 inside the list (JSON text holds no raw newline: each line break
    is the layout's)."""
    try:
        text = row.model_dump_json(indent=1, by_alias=True)
    except PydanticSerializationError:  # e.g. text that is not Unicode: as json writes it
        text = json.dumps(row.model_dump(mode="json", by_alias=True), indent=1, ensure_ascii=False)
    return " " + text.replace("\n", "\n ")


def _json_rows(rows: list[BaseModel]) -> list[str]:
    """``_json_row`` of each record (all of one kind), serialised in one call: the list at
    indent 1 holds each record's text as ``_json_row`` makes it, one after the other, and a
    record ends at the only line that is " }," (a text holds no raw line break, an inner
    object is indented further)."""
    if not rows:
        return []
    try:
        text = _list_of(type(rows[0])).dump_json(rows, indent=1, by_alias=True).decode()
    except PydanticSerializationError:
        return [_json_row(r) for r in rows]
    return _in_list(text, len(rows)) or [_json_row(r) for r in rows]


def _in_list(text: str, count: int) -> list[str] | None:
    """The texts of the ``count`` objects of a list written at indent 1, each as ``_json_row``
    makes it; None when it does not split so."""
    parts = text[2:-2].split("\n },\n {")  # (between "[\n" and "\n]")
    if len(parts) != count:
        return None
    last = len(parts) - 1
    return [
        ("" if i == 0 else " {") + part + ("" if i == last else "\n }")
        for i, part in enumerate(parts)
    ]


@functools.cache
def _list_of(model: type[BaseModel]) -> TypeAdapter[list[BaseModel]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def pair_order(client: Any, volunteer: Any) -> tuple[str, ...]:
    """How every list of relationships sorts: the client's name, then the volunteer's
    (``client_facts``/``volunteer_facts`` entries; a missing one sorts as '?')."""
    return (
        *(name_order(client.first, client.last) if client else ("?",)),
        *(name_order(volunteer.first, volunteer.last) if volunteer else ("?",)),
    )


def pair_name(client: Any, volunteer: Any) -> str:
    """A relationship in a list: "Virtanen Aino – Lahti Eero", as it is sorted."""
    left = listed_name(client.first, client.last) if client else "?"
    right = listed_name(volunteer.first, volunteer.last) if volunteer else "?"
    return f"{left} – {right}"


def listed_name(first: str, last: str) -> str:
    """How every list of people shows a name: surname first, as the list is sorted
    ("Virtanen Aino"); headings and pages say "Aino Virtanen"."""
    return f"{last} {first}"


def in_order(
    previous: list[Any],
    made: dict[int, tuple[Any, ...]],
    rows: list[Any],
    *,
    same_ids: bool,
    changed: bool,
    moved: bool,
) -> list[Any]:
    """The rows of a console list that keeps the rows whose data did not change, in order:
    the ``previous`` list itself when the ids are the same and no row ``changed``, its order
    with the new rows (``made``: id -> a tuple ending with the row) when no name ``moved``,
    else ``rows`` sorted by their ``order`` and id."""
    if not changed and same_ids:
        return previous
    if not moved and same_ids:
        return [made[row.id][-1] for row in previous]
    return sorted(rows, key=lambda row: (row.order, row.id))
