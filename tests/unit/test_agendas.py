"""The palaveri agendas: every point of every meeting, in Finnish, Swedish and English."""

from __future__ import annotations

import re

import pytest

from data.models import Arranging, Decisions, EndReason, PalaveriKind, Phase, Role
from data.outputs import minutes
from data.rules import agendas
from data.rules.agenda_texts import LANGS
from tui.cli import main

# the points of each meeting that the issue and the seed name, by key
POINTS = {
    PalaveriKind.START: [
        "role",  # what a support person is and is not
        "volunteer_intro",
        "child_basics",
        "needs_goals",  # why support, the goals, the worry
        "activities",  # free or low-cost ideas
        "arranging",  # arranging meetings, keeping in touch
        "travel",  # can the child travel alone
        "first_meeting",  # date, time, place, plan; phone numbers
        "costs",
        "car_home",
        "duties",
        "insurance",
    ],
    PalaveriKind.REVIEW: ["how_it_went", "continue", "problems", "new_goals", "rules"],
    PalaveriKind.ENDING: ["why_end", "what_it_gave", "memories", "feelings"],
    PalaveriKind.CLIENT_PLAN: ["phase"],
    PalaveriKind.CRISIS: ["what_happened", "safety_now", "who_told", "crisis_next"],
}

# words each point's guidance must carry, per language
WORDS = {
    ("role", "fi"): ["kerran kuukaudessa", "vuodeksi", "lapsenvahti"],
    ("role", "sv"): ["en gång i månaden", "ett år", "barnvakt"],
    ("role", "en"): ["once a month", "a year", "babysitter"],
    ("activities", "fi"): ["maksutonta", "edullista"],
    ("activities", "sv"): ["Gratis", "billiga"],
    ("activities", "en"): ["Free", "low-cost"],
    ("first_meeting", "fi"): ["päivä", "kellonaika", "paikka", "puhelinnumerot"],
    ("first_meeting", "sv"): ["dag", "klockslag", "plats", "telefonnummer"],
    ("first_meeting", "en"): ["day", "time", "place", "phone numbers"],
    ("costs", "fi"): ["palkkion", "kulukorvauksen", "huoltajat"],
    ("costs", "sv"): ["arvode", "kostnadsersättning", "vårdnadshavarna"],
    ("costs", "en"): ["fee", "expense allowance", "guardians"],
    ("duties", "fi"): ["Raportointi", "Vaitiolo", "Ilmoitusvelvollisuus", "sosiaalipäivystykseen"],
    ("duties", "sv"): ["Rapportering", "Tystnadsplikt", "Anmälningsplikt", "socialjouren"],
    ("duties", "en"): ["Reporting", "Confidentiality", "Duty to notify", "social emergency"],
    ("insurance", "fi"): ["tapaturmien", "ei korvaa"],
    ("insurance", "sv"): ["olycksfallsförsäkrat", "ersätter inte"],
    ("insurance", "en"): ["accidents", "does not cover"],
    ("rules", "fi"): ["yhteydenpito", "peruminen", "kulujen"],
    ("rules", "sv"): ["kontakten", "ställs in", "kostnader"],
    ("rules", "en"): ["keeping in touch", "cancelling", "costs"],
}

# what the runner screen shows as fields, not free text
DECIDED = {
    PalaveriKind.START: {
        "first_meeting",
        "car_consent",
        "home_visit_consent",
        "contact",
        "travels_alone",
        "new_goals",
        "start_on",
        "planned_end",
        "max_meetings",
    },
    PalaveriKind.REVIEW: {"continue_", "new_goals", "next_review_on", "end_reason"},
    PalaveriKind.ENDING: {"end_reason", "gave"},
    PalaveriKind.CLIENT_PLAN: {"phase", "ratings"},
    PalaveriKind.CRISIS: {"concern_id"},
}


@pytest.mark.parametrize("kind", list(PalaveriKind))
def test_every_point_is_on_the_agenda_in_every_language(kind: PalaveriKind) -> None:
    items = agendas.agenda(kind)
    keys = [i.key for i in items]
    assert [k for k in POINTS[kind] if k not in keys] == []
    assert len(keys) == len(set(keys))
    for item in items:
        assert set(item.titles) == set(LANGS) == set(item.help), item.key
        for lang in LANGS:
            assert item.title(lang).strip() and item.guidance(lang).strip(), (item.key, lang)
        assert len({item.title(lang) for lang in LANGS}) > 1, item.key  # really translated
    for lang in LANGS:
        assert agendas.title(kind, lang).strip() and agendas.intro(kind, lang).strip()


@pytest.mark.parametrize(("key", "lang"), list(WORDS))
def test_the_guidance_says_what_the_seed_says(key: str, lang: str) -> None:
    kind = next(k for k, keys in POINTS.items() if key in keys)
    text = agendas.item(kind, key).guidance(lang)
    assert [w for w in WORDS[key, lang] if w not in text] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_client_plan_names_all_four_phases(lang: str) -> None:
    text = agendas.item(PalaveriKind.CLIENT_PLAN, "phase").guidance(lang)
    assert [p for p in Phase if minutes.PHASES[p][lang] not in text] == []


@pytest.mark.parametrize("kind", list(PalaveriKind))
def test_points_that_decide_name_decisions_fields(kind: PalaveriKind) -> None:
    decided = set(agendas.decides(kind))
    assert DECIDED[kind] <= decided <= set(Decisions.model_fields)


def test_the_programme_social_worker_rule() -> None:
    worker = [Role.CHILD, Role.PROGRAMME_SOCIAL_WORKER]
    assert agendas.attendance_warnings(PalaveriKind.START, worker) == []
    assert agendas.attendance_warnings(PalaveriKind.REVIEW, worker) == ["programme_worker_review"]
    assert agendas.attendance_warnings(PalaveriKind.ENDING, worker) == ["programme_worker_ending"]
    assert agendas.attendance_warnings(PalaveriKind.ENDING, ["child", "guardian"]) == []
    assert "programme_worker_ending" in agendas.REFUSALS
    assert "programme_worker_review" not in agendas.REFUSALS
    for code in agendas.ATTENDANCE_TEXTS:
        assert all(agendas.attendance_text(code, lang) for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_word_of_the_minutes_exists_in_every_language(lang: str) -> None:
    assert set(minutes.DECISION_LABELS) == set(Decisions.model_fields)
    tables = [
        (minutes.DECISION_LABELS, set(Decisions.model_fields)),
        (minutes.ROLE_NAMES, set(Role)),
        (minutes.END_REASONS, set(EndReason)),
        (minutes.PHASES, set(Phase)),
        (minutes.ARRANGING, set(Arranging)),
        (minutes.WORDS, set(minutes.WORDS)),
    ]
    for table, keys in tables:
        assert set(table) == keys
        assert all(table[k][lang].strip() for k in keys)  # type: ignore[index]


@pytest.mark.parametrize("kind", list(PalaveriKind))
@pytest.mark.parametrize("lang", LANGS)
def test_render_lists_every_point_in_order(kind: PalaveriKind, lang: str) -> None:
    text = agendas.render(kind, lang)
    assert text.startswith(agendas.title(kind, lang) + "\n")
    positions = [text.index(f"{n}. {i.title(lang)}") for n, i in enumerate(agendas.agenda(kind), 1)]
    assert positions == sorted(positions)
    assert all(len(line) <= 80 for line in text.splitlines())


def test_tuki_agenda_prints_an_agenda(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", "client-plan", "--lang", "sv"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("Klientplansmöte\n") and "Arbetets fas" in out
    assert main(["agenda", "start"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("Aloitustapaaminen") and "12. Vakuutukset" in out


def test_tuki_agenda_refuses_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["agenda", "picnic"])
    assert caught.value.code == 2


@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_s_palaverit_are_worded_for_the_parent(lang: str) -> None:
    """Peer support (seed 003): the start, review and ending meetings speak of the parent and
    the peer supporter, not of a child and a support person; the points keep their keys (a
    note stays the point's). Only the peer supporter's own story (a child's placement) and the
    duty to notify (a child's safety) speak of a child."""
    about_a_child = {"fi": r"\blaps(i|en|elle)\b", "sv": r"\bbarnets?\b", "en": r"\bthe child\b"}
    for kind in (PalaveriKind.START, PalaveriKind.REVIEW, PalaveriKind.ENDING):
        peer = agendas.agenda(kind, peer=True)
        if kind is not PalaveriKind.START:
            assert [p.key for p in peer] == [p.key for p in agendas.agenda(kind)]
        for point in peer:
            if point.key in ("volunteer_intro", "agreement"):
                continue  # the same for both; the agreement's text names the peer parties
            text = f"{point.title(lang)} {point.guidance(lang)}".lower()
            if point.key in ("role", "duties"):
                child = agendas.item(kind, point.key)
                assert point.guidance(lang) != child.guidance(lang), point.key
            else:
                assert not re.search(about_a_child[lang], text), (kind, point.key, text)
