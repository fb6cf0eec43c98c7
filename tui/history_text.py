"""A record's change history in the user's words: what the console's history dialog (``h``)
and ``tuki history KIND ID`` show of each change (when, who, and field by field old → new).

Field names are the forms' labels where the forms have them (``clients.field.area`` …), else
the history's own (``history.field.*``), else the name made readable; values as the faces show
them (22.11.2026, 14.05, yes/no, a relationship's state in words); a list that only grew shows
what was added. Long texts are shortened here; ``full`` gives them whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from data.rules.pairs import JOIN
from tui import i18n
from tui.i18n import t

if TYPE_CHECKING:
    from data.model.history import Change
    from data.models import Record
    from data.store import Store

SHORT = 60  # characters of a value shown before it is cut (…)

#: where each kind's form labels its fields, in the order they are tried
_PREFIXES: dict[str, tuple[str, ...]] = {
    "client": ("clients.field.",),
    "guardian": ("clients.field.",),
    "social_worker": ("clients.field.",),
    "volunteer": ("volunteers.form.", "clients.field."),
    "relationship": ("relationship.", "palaveri.peer."),  # (a peer agreement's parties)
    "concern": ("concerns.",),
    "meeting": ("meetings.",),
    "palaveri": ("palaveri.peer.",),
    "contact": ("contacts.field.",),
    "monthly_report": ("reports.form.",),
    "settings": ("settings.field.", "settings.threshold.", "settings.field.scale_"),
}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+([+-][0-9:]+|Z)?")


def kind_of(word: str) -> str | None:
    """The kind a person named (``client``, ``asiakas``/``tuettava``, ``klient``,
    ``monthly-report`` …: the English name or the word of any of the three languages, also
    with an ``s`` or as two words), None when no kind is called so."""
    from data.store.history import KINDS

    wanted = word.strip().casefold().replace("-", "_").replace(" ", "_")
    for kind in KINDS:
        names = {kind, kind + "s"} | {
            i18n.CATALOGS[lang].get(f"kind.{kind}", kind).casefold().replace(" ", "_")
            for lang in i18n.LANGUAGES
        }
        names |= set(ALIASES.get(kind, ()))
        if wanted in names:
            return kind
    return None


#: other words for a kind that people use (Finnish and Swedish)
ALIASES: dict[str, tuple[str, ...]] = {
    "client": ("asiakas", "lapsi", "barn"),
    "volunteer": ("vapaaehtoinen", "frivillig"),
    "relationship": ("suhde", "relation"),
    "monthly_report": ("raportti", "report", "rapport"),
    "settings": ("asetukset", "inställningar", "setting"),
    "social_worker": ("sosiaalityöntekijä", "socialarbetare"),
}


def label(kind: str, name: str) -> str:
    """A changed field's name in the user's language (``report.how_it_went`` as the meeting
    form labels how it went; ``users.maija``: the users' label and the login)."""
    parts = name.split(".")
    for i in range(len(parts) - 1, -1, -1):  # the innermost part the forms label
        found = _label(kind, parts[i])
        if found is not None:
            rest = [p for p in parts[i + 1 :] if p]
            return " ".join([found, *rest])
    return " › ".join(p.replace("_", " ") for p in parts)


def _label(kind: str, part: str) -> str | None:
    for prefix in (*_PREFIXES.get(kind, ()), "history.field."):
        if i18n.has(prefix + part) and "{" not in (text := t(prefix + part)):
            return text.split(" (")[0].rstrip(":")
    return None


def value(field: str, raw: Any, *, full: bool = False) -> str:
    """A stored value as the faces show it; cut at ``SHORT`` characters unless ``full``."""
    text = _plain(field, raw)
    if full:
        return text
    one_line = " ⏎ ".join(text.splitlines())
    return one_line if len(one_line) <= SHORT else one_line[: SHORT - 1].rstrip() + "…"


#: a field whose stored value is a choice -> the catalog's prefix for that choice's words
CHOICES = {
    "state": "state.",
    "end_reason": "relationship.end.",
    "phase": "relationship.phase.",
    "status": "meetings.status.",
    "cancel_reason": "meetings.reason.",
    "urgency": "urgency.",
    "retention": "retention.class.",
    "retention_default": "retention.class.",
    "willing": "intake.willing.",
    "place_kind": "place.kind.",
    "peer_group": "peer.group.",
}


def _plain(field: str, raw: Any) -> str:
    if raw is None or raw == "" or raw == [] or raw == {}:
        return "–"
    if isinstance(raw, bool):
        return t("yes") if raw else t("no")
    if isinstance(raw, str):
        prefix = CHOICES.get(field.split(".")[-1])
        if prefix is not None and i18n.has(prefix + raw):  # a choice: in the user's words
            return t(prefix + raw)
        if _DAY.fullmatch(raw):
            return i18n.day(date.fromisoformat(raw))
        if _MOMENT.fullmatch(raw):
            try:
                return i18n.moment(_local(datetime.fromisoformat(raw)))
            except ValueError:
                return raw
        return raw
    if isinstance(raw, list):
        return "; ".join(_plain(field, item) for item in raw)
    if isinstance(raw, dict):
        return ", ".join(
            f"{label('', k)} {_plain(k, v)}" for k, v in raw.items() if v not in (None, "", [])
        )
    return str(raw)


def _local(moment: datetime) -> datetime:
    from data.dates import HELSINKI

    return moment.astimezone(HELSINKI) if moment.tzinfo else moment


@dataclass(frozen=True)
class FieldLine:
    """One changed field: its label and its old and new value, shortened and whole."""

    label: str
    old: str
    new: str
    old_full: str
    new_full: str

    @property
    def cut(self) -> bool:
        """Whether a value was shortened (the whole one can be seen)."""
        return self.old != self.old_full or self.new != self.new_full


@dataclass(frozen=True)
class Shown:
    """One change as shown: when, who, the version it made, its fields."""

    when: str
    who: str
    version: int
    fields: list[FieldLine]


def shown(kind: str, change: Change) -> Shown:
    lines = []
    for name, (old, new) in change.fields.items():
        if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old and old:
            added = new[len(old) :]  # a list that only grew: what was added
            earlier = t("history.earlier", n=len(old))
            lines.append(
                FieldLine(
                    label(kind, name),
                    earlier,
                    "+ " + value(name, added),
                    earlier,
                    "+ " + value(name, added, full=True),
                )
            )
            continue
        lines.append(
            FieldLine(
                label(kind, name),
                value(name, old),
                value(name, new),
                value(name, old, full=True),
                value(name, new, full=True),
            )
        )
    return Shown(i18n.moment(_local(change.at)), change.by, change.record_version, lines)


def title(store: Store[Any], kind: str, ref: str, record: Record | None) -> str:
    """``Tuettava 7 – Aino Esimerkki``; a relationship's, a meeting's … with the pair's names."""
    name = _name(store, record) if record is not None else ""
    word = t(f"kind.{kind}") if i18n.has(f"kind.{kind}") else kind
    head = f"{word[:1].upper()}{word[1:]}" + ("" if kind == "settings" else f" {ref}")
    return f"{head} – {name}" if name else head


def _name(store: Store[Any], record: Record) -> str:
    """The person's name, or the client's (and the volunteer's) the record is about."""
    name = getattr(record, "name", None)
    if isinstance(name, str):
        return name
    derived = store.records.derived
    rid = getattr(record, "relationship_id", None)
    pair = derived.relationship(rid) if isinstance(rid, int) else None
    client_id = getattr(pair or record, "client_id", None)
    ids = getattr(pair or record, "volunteer_ids", ())  # a peer pair's both
    client = derived.client(client_id) if isinstance(client_id, int) else None
    volunteers = [v.name for i in ids if (v := derived.volunteer(i)) is not None]
    return " – ".join(n for n in (client.name if client else None, JOIN.join(volunteers)) if n)


def created(record: Record | None) -> str:
    """When the record was made and by whom (its first version), '' when not known."""
    if record is None or record.created_at is None:
        return ""
    return t(
        "history.created",
        when=i18n.moment(_local(record.created_at)),
        who=record.created_by or "?",
    )


def changes_of(store: Store[Any], kind: str, ref: str) -> list[Shown]:
    return [shown(kind, c) for c in store.records.history(kind, ref)]


def text_lines(store: Store[Any], kind: str, ref: str, *, full: bool = False) -> list[str]:
    """The history as ``tuki history`` prints it; NotFound when there is no such record."""
    from data.errors import NotFound
    from data.store.history import find

    record = find(store.records, kind, ref)
    if record is None:
        raise NotFound(kind, ref)
    out = [title(store, kind, ref, record)]
    made = created(record)
    if made:
        out.append(made)
    changes = changes_of(store, kind, ref)
    if not changes:
        out.append(t("history.none"))
    for change in changes:
        out.append("")
        out.append(t("history.change", when=change.when, who=change.who, version=change.version))
        for line in change.fields:
            old, new = (line.old_full, line.new_full) if full else (line.old, line.new)
            out.append(f"  {line.label}: {old} → {new}")
    return out
