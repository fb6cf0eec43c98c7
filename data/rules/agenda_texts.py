"""The agendas' contents as data: every kind of palaveri's ordered points, each with a title and
a short guidance text in Finnish, Swedish and English, and what the point decides; the words
about who attends. ``data/rules/agendas.py`` reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from data.models import PalaveriKind

LANGS = ("fi", "sv", "en")
Texts = Mapping[str, str]


@dataclass(frozen=True)
class Item:
    """One point of an agenda."""

    key: str
    titles: Texts
    help: Texts
    decides: tuple[str, ...] = ()  # names of ``Decisions`` fields this point settles

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)

    def guidance(self, lang: str) -> str:
        return pick(self.help, lang)


def pick(texts: Texts, lang: str) -> str:
    return texts.get(lang) or texts["fi"]


def item_of(key: str, decides: tuple[str, ...] = (), **texts: str) -> Item:
    """``fi``, ``sv``, ``en`` are titles; ``fi_help``, ``sv_help``, ``en_help`` guidance."""
    return Item(
        key,
        {lang: texts[lang] for lang in LANGS},
        {lang: texts[f"{lang}_help"] for lang in LANGS},
        decides,
    )


KIND_TITLES: dict[PalaveriKind, Texts] = {
    PalaveriKind.START: {"fi": "Aloitustapaaminen", "sv": "Startmöte", "en": "Start meeting"},
    PalaveriKind.REVIEW: {
        "fi": "Tukisuhteen tarkistus",
        "sv": "Uppföljning av stödrelationen",
        "en": "Review of the relationship",
    },
    PalaveriKind.ENDING: {
        "fi": "Tukisuhteen päättäminen",
        "sv": "Avslutning av stödrelationen",
        "en": "Ending the relationship",
    },
    PalaveriKind.CLIENT_PLAN: {
        "fi": "Asiakassuunnitelmapalaveri",
        "sv": "Klientplansmöte",
        "en": "Client-plan meeting",
    },
}

KIND_INTROS: dict[PalaveriKind, Texts] = {
    PalaveriKind.START: {
        "fi": "Lapsi, huoltajat, tukihenkilö, lapsen sosiaalityöntekijä ja koordinaattori "
        "tapaavat yhdessä. Palaverin jälkeen tukisuhde on sovittu ja ensimmäinen tapaaminen on "
        "kalenterissa.",
        "sv": "Barnet, vårdnadshavarna, stödpersonen, barnets socialarbetare och koordinatorn "
        "träffas tillsammans. Efter mötet är stödrelationen överenskommen och den första träffen "
        "inbokad.",
        "en": "The child, the guardians, the support person, the child's social worker and the "
        "coordinator meet together. Afterwards the relationship is agreed and the first meeting "
        "is booked.",
    },
    PalaveriKind.REVIEW: {
        "fi": "Pidetään noin vuoden kuluttua aloituksesta tai aiemmin, jos tarvetta on. "
        "Tukihenkilötoiminnan sosiaalityöntekijä tulee mukaan vain tarvittaessa.",
        "sv": "Hålls ungefär ett år efter starten, eller tidigare vid behov. Verksamhetens "
        "socialarbetare är med bara när det behövs.",
        "en": "Held about a year after the start, or earlier when needed. The programme's social "
        "worker joins only when needed.",
    },
    PalaveriKind.ENDING: {
        "fi": "Tukisuhde päätetään palaverissa tai yhteisesti sopien. Tukihenkilötoiminnan "
        "sosiaalityöntekijä ei osallistu.",
        "sv": "Stödrelationen avslutas vid ett möte eller genom en gemensam överenskommelse. "
        "Verksamhetens socialarbetare deltar inte.",
        "en": "The relationship is ended in a meeting or by common agreement. The programme's "
        "social worker does not attend.",
    },
    PalaveriKind.CLIENT_PLAN: {
        "fi": "Ammatillisen tukihenkilöpalvelun palaveri: katsotaan, mitä on tehty, ja sovitaan "
        "siirtymisestä työskentelyn seuraavaan vaiheeseen.",
        "sv": "Möte inom den professionella stödpersonstjänsten: ni ser på vad som har gjorts "
        "och kommer överens om övergången till arbetets nästa fas.",
        "en": "A meeting of the professional service: look at the work done and agree the move "
        "to the next phase of the work.",
    },
}

# ----- who attends -----------------------------------------------------------------------------

PROGRAMME_WORKER_REVIEW = "programme_worker_review"  # a warning: only when needed
PROGRAMME_WORKER_ENDING = "programme_worker_ending"  # a refusal (the model refuses it too)
REFUSALS = frozenset({PROGRAMME_WORKER_ENDING})

ATTENDANCE_TEXTS: dict[str, Texts] = {
    PROGRAMME_WORKER_REVIEW: {
        "fi": "Tukihenkilötoiminnan sosiaalityöntekijä osallistuu tarkistukseen vain tarvittaessa.",
        "sv": "Verksamhetens socialarbetare deltar i uppföljningen bara när det behövs.",
        "en": "The programme's social worker attends a review only when needed.",
    },
    PROGRAMME_WORKER_ENDING: {
        "fi": "Tukihenkilötoiminnan sosiaalityöntekijä ei osallistu päättämispalaveriin.",
        "sv": "Verksamhetens socialarbetare deltar inte i avslutningsmötet.",
        "en": "The programme's social worker does not attend the ending meeting.",
    },
}

DECIDES_WORD: Texts = {"fi": "kirjataan", "sv": "antecknas", "en": "recorded"}
