"""The gettext catalogs (the faces' ``tuki``, data's ``documents``): every key the code uses is
there, translated, with the same placeholders in every language; the compiled .mo files match
their .po files; plurals and argparse's words come out in the chosen language."""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import io
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from data import texts
from data.outputs import document, meeting_report, minutes, payments, place_words, summary
from data.rules import agenda_items, agenda_texts
from tui import i18n
from tui.i18n import catalogs

ROOT = Path(__file__).resolve().parents[2]
LANGS = catalogs.LANGUAGES
DOMAINS = {
    catalogs.DOMAIN: catalogs.LOCALE_DIR,  # the faces
    texts.DOMAIN: texts.LOCALE_DIR,  # the minutes and agendas of data/
}


def po_path(lang: str, domain: str = catalogs.DOMAIN) -> Path:
    return texts.mo_path(DOMAINS[domain], domain, lang).with_suffix(".po")


def po(lang: str, domain: str = catalogs.DOMAIN) -> Catalog:
    with po_path(lang, domain).open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def entries(catalog: Catalog) -> dict[str, Message]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}


def forms(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, tuple) else (message.string,)


def braces(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def calls_of_t() -> list[tuple[Path, ast.Call]]:
    """Every call ``t(...)`` / ``i18n.t(...)`` / ``has(...)`` in tui/."""
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in ("t", "has"):
                    found.append((path, node))
    return found


def test_every_key_the_code_names_is_in_every_catalog() -> None:
    keys = {lang: set(entries(po(lang))) for lang in LANGS}
    literal, prefixes = set(), set()
    for _, call in calls_of_t():
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            literal.add(first.value)
        elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
            prefixes.add(str(first.values[0].value))  # t(f"alert.{kind}"): some key has it
    assert len(literal) > 300 and "error.prefix" in literal
    for lang in LANGS:
        assert sorted(literal - keys[lang]) == [], lang
        assert sorted(p for p in prefixes if not any(k.startswith(p) for k in keys[lang])) == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_translated_not_fuzzy_and_in_every_language(domain: str) -> None:
    catalogs_ = {lang: po(lang, domain) for lang in LANGS}
    english = set(entries(catalogs_["en"]))
    assert len(english) > 100
    for lang, catalog in catalogs_.items():
        assert not catalog.fuzzy, lang
        found = entries(catalog)
        assert sorted(english ^ set(found)) == [], lang
        assert [k for k, m in found.items() if m.fuzzy] == [], lang
        assert [k for k, m in found.items() if not all(f.strip() for f in forms(m))] == [], lang
        plural = {k for k, m in found.items() if isinstance(m.id, tuple)}
        assert plural == {k for k, m in entries(catalogs_["en"]).items() if isinstance(m.id, tuple)}


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_same_placeholders_in_every_language(domain: str) -> None:
    english = entries(po("en", domain))
    for lang in ("fi", "sv"):
        for key, message in entries(po(lang, domain)).items():
            theirs = forms(english[key])
            for i, text in enumerate(forms(message)):
                assert braces(text) == braces(theirs[min(i, len(theirs) - 1)]), (lang, key, i)


def bilingual(lang: str, domain: str) -> str:
    """The catalog as msgfmt can check it: msgctxt the key, msgid the English text (the
    template), msgstr this language's, with the format flag, so that `msgfmt -c` compares
    placeholders (a monolingual catalog's msgid, the key, has none to compare with)."""
    english = entries(po("en", domain))
    out = Catalog(locale=lang, domain="check", fuzzy=False)
    for key, message in entries(po(lang, domain)).items():
        source = forms(english[key])
        if message.flags & {"python-format"}:  # argparse's: already English msgids
            out[key] = message
            continue
        flags = ["python-brace-format"] if any(braces(s) for s in source) else []
        msgid = source if isinstance(message.id, tuple) else source[0]
        out.add(msgid, message.string, flags=flags, context=key)
    buffer = io.BytesIO()
    write_po(buffer, out)
    return buffer.getvalue().decode("utf-8")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
@pytest.mark.parametrize("lang", LANGS)
def test_msgfmt_checks_the_catalogs_and_the_placeholders(lang: str, tmp_path: Path) -> None:
    for domain in DOMAINS:
        done = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(po_path(lang, domain))], capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode()
        view = tmp_path / f"{domain}.po"
        view.write_text(bilingual(lang, domain), encoding="utf-8")
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(view)], capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
    view = tmp_path / "view.po"
    view.write_text(bilingual(lang, catalogs.DOMAIN), encoding="utf-8")
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(view)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    # and the check bites: a misspelt placeholder in a translation is refused
    text = view.read_text(encoding="utf-8")
    # (msgfmt checks msgstr and msgstr[1..]; a plural entry's msgstr[0] is left to
    # test_the_same_placeholders_in_every_language)
    broken = re.sub(r'^(msgstr ".*)\{days\}', r"\1{dayz}", text, count=1, flags=re.M)
    assert broken != text
    view.write_text(broken, encoding="utf-8")
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(view)], capture_output=True)
    assert done.returncode != 0
    assert "argument 'days' doesn't exist in 'msgstr'" in done.stderr.decode()


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_file_is_compiled_from_its_po(lang: str, domain: str) -> None:
    """Edit a .po, then `pybabel compile -d tui/i18n/locale -D tuki` (or
    `-d data/texts/locale -D documents`): else this fails."""
    expected: dict[object, str] = {}
    for message in po(lang, domain):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for i, text in enumerate(message.string):
                expected[message.id[0], i] = text
        else:
            expected[message.id] = message.string
    with texts.mo_path(DOMAINS[domain], domain, lang).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    found = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert found == expected, f"out of date: pybabel compile -d {DOMAINS[domain]} -D {domain}"
    assert compiled.info()["plural-forms"] == po(lang, domain).plural_forms


def test_every_text_of_the_minutes_and_agendas_is_in_the_documents_catalog() -> None:
    tables: list[texts.Table[object]] = [
        minutes.ROLE_NAMES,  # type: ignore[list-item]
        minutes.DECISION_LABELS,  # type: ignore[list-item]
        minutes.END_REASONS,  # type: ignore[list-item]
        minutes.ARRANGING,  # type: ignore[list-item]
        minutes.PHASES,  # type: ignore[list-item]
        minutes.WORDS,  # type: ignore[list-item]
        agenda_texts.KIND_TITLES,  # type: ignore[list-item]
        agenda_texts.KIND_INTROS,  # type: ignore[list-item]
        agenda_texts.ATTENDANCE_TEXTS,  # type: ignore[list-item]
        document.WORDS,  # type: ignore[list-item]
        meeting_report.WORDS,  # type: ignore[list-item]
        meeting_report.CANCEL_REASONS,  # type: ignore[list-item]
        payments.ITEMS,  # type: ignore[list-item]
        payments.HELD,  # type: ignore[list-item]
        payments.WORDS,  # type: ignore[list-item]
        place_words.PLACE_KINDS,  # type: ignore[list-item]
        place_words.PEER_GROUPS,  # type: ignore[list-item]
        summary.WORDS,  # type: ignore[list-item]
        summary.WITH,  # type: ignore[list-item]
        summary.HOW,  # type: ignore[list-item]
    ]
    keys = {table.key(code) for table in tables for code in table}
    words = (place_words.PARTIES, place_words.SIGNER, place_words.SIGNED, *place_words.SIGNERS)
    keys |= {w.key for w in (*words, place_words.SIGN_MUNICIPALITY)}
    keys |= {place_words.PARTIES_PAIR.key, place_words.SIGN_PEER_NAMED.key}  # a peer pair
    keys |= {"minutes.word.yes", "minutes.word.no", "agenda.decides"}
    keys.add("minutes.decision.max_weekends")  # a support family's maximum (issue 16)
    peer = [agenda_items.for_parent(i) for items in agenda_items.AGENDAS.values() for i in items]
    for items in (*agenda_items.AGENDAS.values(), agenda_items.PEER_START, peer):
        keys |= {f"agenda.item.{i.words or i.key}" for i in items}
        keys |= {f"agenda.help.{i.words or i.key}" for i in items}
    for lang in LANGS:
        held = set(entries(po(lang, texts.DOMAIN)))
        assert sorted(keys - held) == [], lang
        assert sorted(held - keys) == [], lang  # nothing left over either
    assert texts.text("minutes.word.date", "sv") == "Datum"
    assert texts.text("minutes.word.date", "ru") == "Päivä"  # a language not offered: Finnish


def test_no_text_left_in_python_dicts() -> None:
    """The old ways are no longer read: FI/SV/EN dicts in tui/i18n (merge such a module into the
    catalogs: python dicts_to_po.py --area <module> <repo>), and {"fi": …, "sv": …, "en": …}
    tables or fi=/sv=/en= texts in the rules and outputs of data/."""
    left = []
    for path in sorted((ROOT / "tui" / "i18n").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            left += [f"{path.name}: {n}" for n in names & {"FI", "SV", "EN", "TEXTS"}]
    langs = set(LANGS)
    for room in ("outputs", "rules"):
        for path in sorted((ROOT / "data" / room).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Dict):
                    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                    left += [f"{path.name}:{node.lineno} dict"] if langs <= keys else []
                elif isinstance(node, ast.Call):
                    words = {k.arg for k in node.keywords}
                    left += [f"{path.name}:{node.lineno} call"] if langs <= words else []
    assert left == []


def test_a_literal_call_of_a_plural_text_gives_its_count() -> None:
    plural = {k for k, m in entries(po("en")).items() if isinstance(m.id, tuple)}
    assert len(plural) >= 20
    missing = []
    for path, call in calls_of_t():
        first = call.args[0]
        named = isinstance(first, ast.Constant) and first.value in plural
        if named and not any(k.arg == "n" for k in call.keywords):
            missing.append(f"{path.name}:{call.lineno} {first.value}")
    assert missing == []


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("fi", "Luotu 1 ehdotettu tukisuhde.", "Luotu 3 ehdotettua tukisuhdetta."),
        ("sv", "1 föreslagen stödrelation skapad.", "3 föreslagna stödrelationer skapade."),
        ("en", "Created 1 proposed relationship.", "Created 3 proposed relationships."),
    ],
)
def test_plural_forms_follow_the_count(lang: str, one: str, many: str) -> None:
    i18n.set_language(lang)
    assert i18n.t("match.created", n=1) == one
    assert i18n.t("match.created", n=3) == many
    assert i18n.t("match.created", n=0) == many.replace("3", "0")


def test_a_text_worded_from_data_counts_by_its_first_number() -> None:
    """Alerts and check findings carry their parameters from data/ (``days``, ``max``)."""
    i18n.set_language("en")
    assert i18n.t("alert.no_meeting", days=1) == "No meeting held in 1 day"
    assert i18n.t("alert.no_meeting", days=40) == "No meeting held in 40 days"
    assert i18n.t("alert.vetting_stuck", step="oriented", days=1).endswith("for 1 day")
    i18n.set_language("fi")
    assert i18n.t("item.meetings_lost", count=1, months="11/2026").startswith("1 tapaaminen ")
    assert i18n.t("no.such.key", n=2) == "no.such.key"


def argparse_messages() -> set[str]:
    """Every message the running Python's argparse passes to gettext."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id in ("_", "ngettext") and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value))
    return found


def test_every_argparse_message_is_in_the_catalogs() -> None:
    wanted = argparse_messages()
    assert {"usage: ", "options", "show this help message and exit"} <= wanted
    for lang in LANGS:
        assert sorted(wanted - set(entries(po(lang)))) == [], lang


@pytest.mark.parametrize(
    ("lang", "usage", "options", "error"),
    [
        ("fi", "käyttö: tuki", "näytä tämä ohje ja lopeta", "tuki ls: virhe: argumentti what"),
        ("sv", "användning: tuki", "visa den här hjälpen och avsluta", "tuki ls: fel: argument"),
        ("en", "usage: tuki", "show this help message and exit", "tuki ls: error: argument"),
    ],
)
def test_the_command_lines_own_words_in_the_chosen_language(
    lang: str, usage: str, options: str, error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", lang, "--help"])
    out = capsys.readouterr().out
    assert out.startswith(usage) and options in out
    with pytest.raises(SystemExit):
        main(["ls", "nonsense", f"--lang={lang}"])
    assert error in capsys.readouterr().err
    assert re.search(r"\busage: ", out) is None or lang == "en"


def test_a_text_missing_in_a_language_falls_back_to_english_then_the_key(tmp_path: Path) -> None:
    from babel.messages.mofile import write_mo

    for lang, found in {"fi": {"a": "A fi"}, "en": {"a": "A en", "b": "B en"}}.items():
        catalog = Catalog(locale=lang, domain="x", fuzzy=False)
        for key, value in found.items():
            catalog.add(key, value)
        path = texts.mo_path(tmp_path, "x", lang)
        path.parent.mkdir(parents=True)
        with path.open("wb") as handle:
            write_mo(handle, catalog)
    finnish = texts.translations(tmp_path, "x", "fi")
    assert (finnish.gettext("a"), finnish.gettext("b"), finnish.gettext("c")) == (
        "A fi",
        "B en",
        "c",
    )
