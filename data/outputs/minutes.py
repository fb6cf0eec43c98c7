"""The minutes of a palaveri, as Markdown and as PDF with the same content.

The minutes say what kind of meeting it was, when, for which relationship, who attended (by
role), each agenda point with its done-mark and note, and the decisions in words. The words
(roles, decision labels, values) are here as data in Finnish, Swedish and English, because
``data/`` imports no UI library and the command line and the console both print minutes.

Both outputs are rendered from one list of ``Block``s, so the PDF says exactly what the
Markdown says. The PDF uses DejaVu Sans when the system has it (any letter, any symbol);
otherwise the PDF core font Helvetica in the Windows-1252 encoding, which has the Finnish and
Swedish letters and the euro sign (a character outside it prints as '?').
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import Any, Protocol, TypeVar

from data.dates import fi_date
from data.models import (
    Arranging,
    Client,
    EndReason,
    FirstMeeting,
    Palaveri,
    Phase,
    Record,
    Relationship,
    Role,
    Volunteer,
)
from data.outputs.document import Block, find_fonts, to_markdown, to_pdf
from data.rules import agendas
from data.rules.agenda_texts import pick

R = TypeVar("R", bound=Record)


class _Records(Protocol):
    def get(self, model: type[Relationship], record_id: int) -> Relationship: ...
    def find(self, model: type[R], record_id: int) -> R | None: ...


class _Palaverit(Protocol):
    def get(self, relationship_id: int, palaveri_id: int) -> Palaveri: ...


class Store(Protocol):
    """What the minutes read of the Store (the service passes itself; no import of it here)."""

    @property
    def records(self) -> _Records: ...
    @property
    def palaverit(self) -> _Palaverit: ...


Texts = Mapping[str, str]


ROLE_NAMES: dict[Role, Texts] = {
    Role.CHILD: {"fi": "Lapsi", "sv": "Barnet", "en": "Child"},
    Role.GUARDIAN: {"fi": "Huoltaja", "sv": "Vårdnadshavare", "en": "Guardian"},
    Role.VOLUNTEER: {"fi": "Tukihenkilö", "sv": "Stödperson", "en": "Support person"},
    Role.OWN_SOCIAL_WORKER: {
        "fi": "Lapsen sosiaalityöntekijä",
        "sv": "Barnets socialarbetare",
        "en": "The child's social worker",
    },
    Role.COORDINATOR: {"fi": "Koordinaattori", "sv": "Koordinator", "en": "Coordinator"},
    Role.PROGRAMME_SOCIAL_WORKER: {
        "fi": "Tukihenkilötoiminnan sosiaalityöntekijä",
        "sv": "Verksamhetens socialarbetare",
        "en": "The programme's social worker",
    },
    Role.OTHER: {"fi": "Muu", "sv": "Annan", "en": "Other"},
}

# the parties whose view the ending meeting asks: keys of ``Decisions.gave``
GAVE_PARTIES = (Role.CHILD, Role.GUARDIAN, Role.VOLUNTEER)

DECISION_LABELS: dict[str, Texts] = {
    "start_on": {"fi": "Sopimus alkaa", "sv": "Avtalet börjar", "en": "Agreement starts"},
    "planned_end": {
        "fi": "Suunniteltu päättymispäivä",
        "sv": "Planerat slutdatum",
        "en": "Planned end",
    },
    "max_meetings": {
        "fi": "Tapaamisia enintään",
        "sv": "Högst antal träffar",
        "en": "Maximum of meetings",
    },
    "meetings_per_month": {
        "fi": "Tapaamisia kuukaudessa",
        "sv": "Träffar per månad",
        "en": "Meetings a month",
    },
    "arranged_via": {
        "fi": "Tapaamiset sovitaan",
        "sv": "Träffarna bokas",
        "en": "Meetings are arranged",
    },
    "contact": {"fi": "Yhteydenpito", "sv": "Kontakten", "en": "Keeping in touch"},
    "travels_alone": {
        "fi": "Lapsi kulkee itsenäisesti",
        "sv": "Barnet tar sig fram ensam",
        "en": "The child travels alone",
    },
    "first_meeting": {
        "fi": "Ensimmäinen tapaaminen",
        "sv": "Första träffen",
        "en": "First meeting",
    },
    "car_consent": {
        "fi": "Lupa kuljettaa autolla",
        "sv": "Lov att skjutsa med bil",
        "en": "Consent to car rides",
    },
    "home_visit_consent": {
        "fi": "Lupa vierailla tukihenkilön kotona",
        "sv": "Lov att besöka stödpersonens hem",
        "en": "Consent to visits to the support person's home",
    },
    "new_goals": {"fi": "Uudet tavoitteet", "sv": "Nya mål", "en": "New goals"},
    "achieved_goal_ids": {
        "fi": "Saavutetut tavoitteet",
        "sv": "Uppnådda mål",
        "en": "Goals achieved",
    },
    "dropped_goal_ids": {
        "fi": "Tavoitteet, joista luovutaan",
        "sv": "Mål som släpps",
        "en": "Goals let go",
    },
    "continue_": {
        "fi": "Tukisuhde jatkuu",
        "sv": "Stödrelationen fortsätter",
        "en": "The relationship continues",
    },
    "next_review_on": {"fi": "Seuraava tarkistus", "sv": "Nästa uppföljning", "en": "Next review"},
    "end_reason": {"fi": "Päättymisen syy", "sv": "Orsak till avslutet", "en": "Reason for ending"},
    "end_note": {"fi": "Päättymisestä", "sv": "Om avslutet", "en": "About the ending"},
    "gave": {"fi": "Mitä tukisuhde antoi", "sv": "Vad stödrelationen gav", "en": "What it gave"},
    "phase": {"fi": "Vaihe", "sv": "Fas", "en": "Phase"},
}

YES: Texts = {"fi": "kyllä", "sv": "ja", "en": "yes"}
NO: Texts = {"fi": "ei", "sv": "nej", "en": "no"}

END_REASONS: dict[EndReason, Texts] = {
    EndReason.GOALS_MET: {"fi": "tavoitteet saavutettu", "sv": "målen uppnådda", "en": "goals met"},
    EndReason.PLANNED_END: {
        "fi": "sovittu aika päättyi",
        "sv": "den avtalade tiden är slut",
        "en": "the agreed time is over",
    },
    EndReason.VOLUNTEER: {
        "fi": "tukihenkilön syyt",
        "sv": "stödpersonens skäl",
        "en": "the support person's reasons",
    },
    EndReason.FAMILY: {"fi": "perheen syyt", "sv": "familjens skäl", "en": "the family's reasons"},
    EndReason.CHILD_WISH: {"fi": "lapsen toive", "sv": "barnets önskan", "en": "the child's wish"},
    EndReason.SAFETY: {"fi": "turvallisuus", "sv": "säkerhet", "en": "safety"},
    EndReason.OTHER: {"fi": "muu syy", "sv": "annat", "en": "other"},
}

ARRANGING: dict[Arranging, Texts] = {
    Arranging.GUARDIANS: {
        "fi": "huoltajien kautta",
        "sv": "via vårdnadshavarna",
        "en": "through the guardians",
    },
    Arranging.CHILD: {
        "fi": "suoraan lapsen kanssa",
        "sv": "direkt med barnet",
        "en": "directly with the child",
    },
    Arranging.CLIENT: {
        "fi": "suoraan asiakkaan kanssa",
        "sv": "direkt med klienten",
        "en": "directly with the client",
    },
    Arranging.SOCIAL_WORKER: {
        "fi": "sosiaalityöntekijän kautta",
        "sv": "via socialarbetaren",
        "en": "through the social worker",
    },
}

PHASES: dict[Phase, Texts] = {
    Phase.START: {"fi": "aloitus", "sv": "start", "en": "start"},
    Phase.TRUST: {
        "fi": "luottamuksen rakentaminen",
        "sv": "att bygga förtroende",
        "en": "building trust",
    },
    Phase.FUTURE: {"fi": "tulevaisuus", "sv": "framtid", "en": "future"},
    Phase.UNNECESSARY: {
        "fi": "tarpeettomuus",
        "sv": "att bli överflödig",
        "en": "becoming unnecessary",
    },
}

WORDS: dict[str, Texts] = {
    "minutes": {"fi": "Muistio", "sv": "Minnesanteckningar", "en": "Minutes"},
    "date": {"fi": "Päivä", "sv": "Datum", "en": "Date"},
    "relationship": {"fi": "Tukisuhde", "sv": "Stödrelation", "en": "Relationship"},
    "client": {"fi": "Tuettava", "sv": "Klient", "en": "Client"},
    "volunteer": {"fi": "Tukihenkilö", "sv": "Stödperson", "en": "Support person"},
    "palaveri": {"fi": "Palaveri", "sv": "Möte", "en": "Palaveri"},
    "finished": {"fi": "päätetty", "sv": "avslutat", "en": "finished"},
    "draft": {
        "fi": "luonnos, ei vielä päätetty",
        "sv": "utkast, inte avslutat",
        "en": "draft, not finished",
    },
    "present": {"fi": "Läsnä", "sv": "Närvarande", "en": "Present"},
    "nobody": {"fi": "ei kirjattu", "sv": "inte antecknat", "en": "not recorded"},
    "agenda": {"fi": "Asialista", "sv": "Dagordning", "en": "Agenda"},
    "done": {"fi": "käsitelty", "sv": "behandlad", "en": "done"},
    "not_done": {"fi": "ei käsitelty", "sv": "inte behandlad", "en": "not done"},
    "no_note": {"fi": "Ei muistiinpanoa.", "sv": "Ingen anteckning.", "en": "No note."},
    "decisions": {"fi": "Päätökset", "sv": "Beslut", "en": "Decisions"},
    "no_decisions": {
        "fi": "Ei kirjattuja päätöksiä.",
        "sv": "Inga antecknade beslut.",
        "en": "No decisions recorded.",
    },
    "at": {"fi": "klo", "sv": "kl.", "en": "at"},
}


def word(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def role_name(role: Role | str, lang: str) -> str:
    return pick(ROLE_NAMES[Role(role)], lang)


def decision_label(field: str, lang: str) -> str:
    return pick(DECISION_LABELS[field], lang)


# ----- decisions in words --------------------------------------------------------------------


def _clock(at: time, lang: str) -> str:
    return f"{at.hour}:{at.minute:02d}" if lang == "en" else f"{at.hour}.{at.minute:02d}"


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
    return str(value)


def _party(key: str, lang: str) -> str:
    return role_name(key, lang) if key in {r.value for r in Role} else key


def decision_lines(
    palaveri: Palaveri, lang: str, relationship: Relationship | None = None
) -> list[tuple[str, str]]:
    """(label, value in words) of every decision the palaveri's kind makes and that was made,
    in agenda order. The relationship, if given, names the goals behind goal numbers."""
    out = []
    for name in agendas.decides(palaveri.kind):
        value = getattr(palaveri.decisions, name)
        if name == "gave":  # one line per party
            label = decision_label(name, lang)
            out += [(f"{label} ({_party(k, lang)})", v) for k, v in value.items() if v.strip()]
            continue
        text = _value(name, value, lang, relationship)
        if text is not None:
            out.append((decision_label(name, lang), text))
    return out


# ----- the minutes as blocks, Markdown and PDF -------------------------------------------------


def minutes_blocks(
    palaveri: Palaveri,
    relationship: Relationship,
    client_name: str,
    volunteer_name: str,
    lang: str,
) -> list[Block]:
    """The minutes' content, for any output."""
    state = word("finished" if palaveri.finished else "draft", lang)
    blocks = [
        Block("h1", f"{word('minutes', lang)}: {agendas.title(palaveri.kind, lang)}"),
        Block("li", f"{word('date', lang)}: {fi_date(palaveri.on)}"),
        Block("li", f"{word('client', lang)}: {client_name}"),
        Block("li", f"{word('volunteer', lang)}: {volunteer_name}"),
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
    for n, point in enumerate(agendas.agenda(palaveri.kind), 1):
        mark = word("done" if point.key in palaveri.done else "not_done", lang)
        blocks.append(Block("h3", f"{n}. {point.title(lang)} ({mark})"))
        note = palaveri.notes.get(point.key, "").strip()
        for para in [p.strip() for p in note.split("\n\n") if p.strip()] or [word("no_note", lang)]:
            blocks.append(Block("p", " ".join(para.split())))
    blocks.append(Block("h2", word("decisions", lang)))
    lines = decision_lines(palaveri, lang, relationship)
    blocks += [Block("li", f"{label}: {value}") for label, value in lines]
    if not lines:
        blocks.append(Block("p", word("no_decisions", lang)))
    return blocks


def _load(
    store: Store, relationship_id: int, palaveri_id: int
) -> tuple[Palaveri, Relationship, str, str]:
    palaveri = store.palaverit.get(relationship_id, palaveri_id)
    relationship = store.records.get(Relationship, relationship_id)
    client = store.records.find(Client, relationship.client_id)
    volunteer = store.records.find(Volunteer, relationship.volunteer_id)
    return (
        palaveri,
        relationship,
        client.name if client else "–",
        volunteer.name if volunteer else "–",
    )


def minutes_markdown(store: Store, relationship_id: int, palaveri_id: int, lang: str = "fi") -> str:
    """The minutes of one palaveri as Markdown."""
    return to_markdown(minutes_blocks(*_load(store, relationship_id, palaveri_id), lang))


def minutes_pdf(
    store: Store,
    relationship_id: int,
    palaveri_id: int,
    lang: str = "fi",
    *,
    system_font: bool = True,
) -> bytes:
    """The minutes of one palaveri as a PDF with the same content as the Markdown."""
    blocks = minutes_blocks(*_load(store, relationship_id, palaveri_id), lang)
    return to_pdf(blocks, lang, fonts=find_fonts() if system_font else None)
