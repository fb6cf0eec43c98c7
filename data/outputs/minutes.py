"""The minutes of a palaveri, as Markdown and as PDF with the same content.

The minutes say what kind of meeting it was, when, for which relationship, who attended (by
role), each agenda point with its done-mark and note, and the decisions in words. The words
(roles, decision labels, values) are in the documents' gettext catalogs of ``data/texts``, in
Finnish, Swedish and English, because ``data/`` imports no UI library and the command line and
the console both print minutes.

Both outputs are rendered from one list of ``Block``s, so the PDF says exactly what the
Markdown says, in the frame every document of Tuki shares (``document.to_pdf``: programme and
organiser on every page, marked confidential, page numbers, the shipped font); the start
meeting's minutes, which are the agreement, end with signature lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any, Protocol, TypeVar

from data.dates import fi_date
from data.model.measures import RatingScale
from data.model.peer import PeerTerms
from data.models import (
    Arranging,
    Client,
    Decisions,
    EndReason,
    FirstMeeting,
    Palaveri,
    PalaveriKind,
    Phase,
    Record,
    Relationship,
    Role,
    Settings,
    Volunteer,
)
from data.outputs import document
from data.outputs.document import Block, Frame, to_markdown, to_pdf
from data.outputs.place_words import peer_signers, peer_words
from data.rules import agendas
from data.rules.agenda_texts import pick
from data.rules.measures import previous_ratings, scale_words
from data.rules.pairs import JOIN
from data.rules.peer import is_peer
from data.texts import LOCALES, Table, Words

R = TypeVar("R", bound=Record)


class _Records(Protocol):
    def get(self, model: type[Relationship], record_id: int) -> Relationship: ...
    def find(self, model: type[R], record_id: int) -> R | None: ...
    def settings(self) -> Settings: ...


class _Palaverit(Protocol):
    def get(self, relationship_id: int, palaveri_id: int) -> Palaveri: ...
    def of(self, relationship_id: int) -> list[Palaveri]: ...


class Store(Protocol):
    """What the minutes read of the Store (the service passes itself; no import of it here)."""

    @property
    def records(self) -> _Records: ...
    @property
    def palaverit(self) -> _Palaverit: ...


Texts = Mapping[str, str]

# the words, in the documents' gettext catalogs (data/texts/locale, keys minutes.*)
ROLE_NAMES = Table("minutes.role", Role)

DECISION_LABELS = Table("minutes.decision", Decisions.model_fields)
MAX_WEEKENDS: Texts = Words("minutes.decision.max_weekends")
YES: Texts = Words("minutes.word.yes")
NO: Texts = Words("minutes.word.no")
END_REASONS = Table("minutes.end_reason", EndReason)
ARRANGING = Table("minutes.arranging", Arranging)
PHASES = Table("minutes.phase", Phase)
WORDS = Table(
    "minutes.word",
    (
        "minutes",
        "date",
        "relationship",
        "client",
        "volunteer",
        "volunteers",  # a peer pair
        "palaveri",
        "finished",
        "draft",
        "present",
        "nobody",
        "agenda",
        "done",
        "not_done",
        "no_note",
        "decisions",
        "no_decisions",
        "at",
        "previous",
        "scale",
    ),
)


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def role_name(role: Role | str, lang: str) -> str:
    return pick(ROLE_NAMES[Role(role)], lang)


def decision_label(field: str, lang: str, relationship: Relationship | None = None) -> str:
    """A decision's label; a support family's maximum counts weekends (issue 16)."""
    if field == "max_meetings" and relationship and relationship.service.value == "support_family":
        return pick(MAX_WEEKENDS, lang)
    return pick(DECISION_LABELS[field], lang)


# ----- decisions in words --------------------------------------------------------------------


def _clock(at: time, lang: str) -> str:
    """14.05, as the console shows a time and its forms read it (Babel's short format)."""
    from babel.dates import format_time

    return str(format_time(at, "short", locale=LOCALES.get(lang, LOCALES["fi"])))


def _first_meeting(first: FirstMeeting, lang: str) -> str:
    text = fi_date(first.on)
    if first.at is not None:
        text += f" {word('at', lang)} {_clock(first.at, lang)}"
    details = ", ".join(part for part in (first.place, first.plan) if part)
    return f"{text}, {details}" if details else text


def _goals(ids: Iterable[int], relationship: Relationship | None) -> str:
    texts = {g.id: g.text for g in relationship.goals} if relationship else {}
    return "; ".join(f"#{i} {texts[i]}" if i in texts else f"#{i}" for i in ids)


def _value(name: str, value: Any, lang: str, relationship: Relationship | None) -> str | None:
    """A decided value in words, or None when nothing was decided."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return pick(YES if value else NO, lang)
    if isinstance(value, date):
        return fi_date(value)
    if isinstance(value, FirstMeeting):
        return _first_meeting(value, lang)
    if isinstance(value, EndReason):
        return pick(END_REASONS[value], lang)
    if isinstance(value, Arranging):
        return pick(ARRANGING[value], lang)
    if isinstance(value, Phase):
        return pick(PHASES[value], lang)
    if name in ("achieved_goal_ids", "dropped_goal_ids"):
        return _goals(value, relationship)
    if name == "new_goals":
        return "; ".join(value)
    if isinstance(value, PeerTerms):  # a peer agreement's three parties (issue 16)
        pair = relationship is not None and relationship.second_volunteer_id is not None
        return peer_words(value, lang, pair) or None
    if name == "concern_id":
        return f"#{value}"
    return str(value)


def _party(key: str, lang: str) -> str:
    return role_name(key, lang) if key in {r.value for r in Role} else key


def decision_lines(
    palaveri: Palaveri,
    lang: str,
    relationship: Relationship | None = None,
    previous: Mapping[int, tuple[date, int]] | None = None,
    scale: RatingScale | None = None,
) -> list[tuple[str, str]]:
    """(label, value in words) of every decision the palaveri's kind makes and that was made,
    in agenda order. The relationship, if given, names the goals behind goal numbers; each
    goal's rating is followed by its ``previous`` one (``data.rules.measures``). An empty
    label is a line under the one before it (each goal's rating, under the ratings' label)."""
    out = []
    for name in agendas.decides(palaveri.kind):
        value = getattr(palaveri.decisions, name)
        if name == "ratings":  # one line per goal, with the previous rating
            out += _rating_lines(palaveri, lang, relationship, previous or {}, scale)
            continue
        if name == "gave":  # one line per party
            label = decision_label(name, lang)
            out += [(f"{label} ({_party(k, lang)})", v) for k, v in value.items() if v.strip()]
            continue
        text = _value(name, value, lang, relationship)
        if text is not None:
            out.append((decision_label(name, lang, relationship), text))
    return out


def _rating_lines(
    palaveri: Palaveri,
    lang: str,
    relationship: Relationship | None,
    previous: Mapping[int, tuple[date, int]],
    scale: RatingScale | None,
) -> list[tuple[str, str]]:
    label = decision_label("ratings", lang)
    out: list[tuple[str, str]] = []
    if not palaveri.decisions.ratings:
        return out
    if scale is not None:  # the label once, with the scale; then a line for each goal
        words = scale_words(scale)
        span = f"{scale.low}–{scale.high}" + (f" ({words})" if words else "")
        out.append((label, f"{word('scale', lang)} {span}"))
    else:
        out.append((label, ""))
    for rating in palaveri.decisions.ratings:
        text = str(rating.rating)  # of the scale's highest (not when given on an earlier scale)
        text += f"/{scale.high}" if scale is not None and scale.holds(rating.rating) else ""
        before = previous.get(rating.goal_id)
        if before is not None:
            text += f" ({word('previous', lang)} {fi_date(before[0])}: {before[1]})"
        if rating.note:
            text += f" – {rating.note}"
        goal = _goals([rating.goal_id], relationship).rstrip(".")  # a colon follows
        out.append(("", f"{goal}: {text}"))
    return out


# ----- the minutes as blocks, Markdown and PDF -------------------------------------------------


def minutes_blocks(
    palaveri: Palaveri,
    relationship: Relationship,
    client_name: str,
    volunteer_name: str,
    lang: str,
    previous: Mapping[int, tuple[date, int]] | None = None,
    scale: RatingScale | None = None,
) -> list[Block]:
    """The minutes' content, for any output (``previous``, ``scale``: a client plan's ratings
    beside the ones before them, on the programme's scale)."""
    state = word("finished" if palaveri.finished else "draft", lang)
    blocks = [
        Block("h1", f"{word('minutes', lang)}: {agendas.title(palaveri.kind, lang)}"),
        Block("li", f"{word('date', lang)}: {fi_date(palaveri.on)}"),
        Block("li", f"{word('client', lang)}: {client_name}"),
        Block("li", f"{word(_volunteer_word(relationship), lang)}: {volunteer_name}"),
        Block("li", f"{word('relationship', lang)}: {relationship.id}"),
        Block("li", f"{word('palaveri', lang)}: {palaveri.ref} ({state})"),
        Block("h2", word("present", lang)),
    ]
    if palaveri.attendees:
        for person in palaveri.attendees:
            role = role_name(person.role, lang)
            blocks.append(Block("li", f"{role}: {person.name}" if person.name else role))
    else:
        blocks.append(Block("p", word("nobody", lang)))
    blocks.append(Block("h2", word("agenda", lang)))
    for n, point in enumerate(agendas.agenda(palaveri.kind, is_peer(relationship)), 1):
        mark = word("done" if point.key in palaveri.done else "not_done", lang)
        blocks.append(Block("h3", f"{n}. {point.title(lang)} ({mark})"))
        note = palaveri.notes.get(point.key, "").strip()
        for para in [p.strip() for p in note.split("\n\n") if p.strip()] or [word("no_note", lang)]:
            blocks.append(Block("p", " ".join(para.split())))
    blocks.append(Block("h2", word("decisions", lang)))
    lines = decision_lines(palaveri, lang, relationship, previous, scale)
    blocks += [
        Block("li", f"{label}: {value}" if value else f"{label}:") if label else Block("sub", value)
        for label, value in lines
    ]
    if not lines:
        blocks.append(Block("p", word("no_decisions", lang)))
    return blocks


def _volunteer_word(relationship: Relationship) -> str:
    return "volunteer" if relationship.second_volunteer_id is None else "volunteers"


def _load(
    store: Store, relationship_id: int, palaveri_id: int
) -> tuple[Palaveri, Relationship, str, str]:
    palaveri = store.palaverit.get(relationship_id, palaveri_id)
    relationship = store.records.get(Relationship, relationship_id)
    client = store.records.find(Client, relationship.client_id)
    found = [store.records.find(Volunteer, v) for v in relationship.volunteer_ids]
    return (
        palaveri,
        relationship,
        client.name if client else "–",
        JOIN.join(v.name for v in found if v) or "–",  # a peer pair: both
    )


def _blocks(
    store: Store, loaded: tuple[Palaveri, Relationship, str, str], lang: str
) -> list[Block]:
    """The minutes' blocks; a client plan's with each goal's previous rating and the scale."""
    palaveri, relationship = loaded[0], loaded[1]
    if palaveri.kind is not PalaveriKind.CLIENT_PLAN:
        return minutes_blocks(*loaded, lang)
    previous = previous_ratings(palaveri, store.palaverit.of(relationship.id or 0))
    scale = store.records.settings().rating_scale
    return minutes_blocks(*loaded, lang, previous=previous, scale=scale)


def minutes_markdown(store: Store, relationship_id: int, palaveri_id: int, lang: str = "fi") -> str:
    """The minutes of one palaveri as Markdown."""
    return to_markdown(_blocks(store, _load(store, relationship_id, palaveri_id), lang))


def minutes_pdf(store: Store, relationship_id: int, palaveri_id: int, lang: str = "fi") -> bytes:
    """The minutes of one palaveri as a PDF with the same content as the Markdown, in the
    documents' frame; the start meeting's minutes are the agreement, signed by the guardian,
    the volunteer and the coordinator (a peer agreement by its three parties)."""
    loaded = _load(store, relationship_id, palaveri_id)
    settings = store.records.settings()
    signers: tuple[str, ...] = ()
    if loaded[0].kind is PalaveriKind.START:
        found = (store.records.find(Volunteer, v) for v in loaded[1].volunteer_ids)
        names = [v.name for v in found if v]  # a peer pair's two sign each for themselves
        signers = peer_signers(loaded[1], lang, names) or (
            role_name(Role.GUARDIAN, lang),
            role_name(Role.VOLUNTEER, lang),
            document.WORDS["coordinator"][lang],
        )
    frame = Frame(settings.programme_name, settings.organiser, signers)
    return to_pdf(_blocks(store, loaded, lang), lang, frame)
