"""``tuki --help`` and every ``tuki COMMAND --help`` wholly in the chosen language: each help
line is the catalog's text (``cli.help.<command>.<option>``), no other language's line shows."""

from __future__ import annotations

import argparse
import re

import pytest

from tui import cli, cli_args, cli_documents, i18n
from tui.cli import build_parser, main

LANGS = i18n.LANGUAGES
HELP_KEYS = {  # every cli.help.* key, by language: the texts the parser is built from
    lang: {k: v for k, v in i18n.CATALOGS[lang].items() if k.startswith("cli.help.")}
    for lang in LANGS
}
COMMON = {"data_dir", "lang"}  # the options every command has (cli.help.common.*)


def parser_in(lang: str) -> argparse.ArgumentParser:
    i18n.set_language(lang)
    return build_parser()


def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def shown(action: argparse.Action) -> str:
    """The help line as argparse prints it (it %-formats it with the action's fields)."""
    assert action.help is not None
    return action.help % {**vars(action), "prog": "tuki"}


def expected(lang: str, key: str, action: argparse.Action) -> str:
    return i18n.CATALOGS[lang][key].format(default=action.default)


def flat(text: str) -> str:
    """Without whitespace: argparse wraps the lines, at spaces and after hyphens."""
    return "".join(text.split())


def help_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    return capsys.readouterr().out


COMMANDS = sorted(subcommands(parser_in("fi")).choices)


def test_the_commands_are_all_there() -> None:
    names = {"demo", "where", "check", "ls", "alerts", "log", "concern", "agenda", "minutes"}
    names |= {"meeting-report", "payments", "access-log"}
    names |= {"meeting-report", "payments", "retention"}
    names |= {"report", "reports"}
    names |= {"settings", "terms"}
    names |= {"users"}
    names |= {"supervision", "extract"}  # volunteers kept fit (issue 14)
    names |= {"history"}
    names |= {"backup", "restore", "calendar"}  # issue 15
    names |= {"figures"}  # the year's figures (issue 15)
    names |= {"export", "import"}  # issue 15: the register as files, lists read in
    names |= {"search"}  # the texts by words (issue 15)
    names |= {"pair"}  # a peer pair's second support person (issue 16)
    names |= {"contact", "summary"}  # the network's contacts and the summary (issue 16)
    assert set(COMMANDS) == names
    assert set(HELP_KEYS["fi"]) == set(HELP_KEYS["sv"]) == set(HELP_KEYS["en"])


def commands_used(lang: str, sub: argparse._SubParsersAction, prefix: str) -> set[str]:  # type: ignore[type-arg]
    """Check the help of every command of ``sub`` (and of their own sub-commands, as in
    ``tuki settings show``: keys ``cli.help.settings.show.<option>``); the keys used."""
    used = set()
    for name, command in sub.choices.items():
        key = f"{prefix}.{name}"
        text = i18n.CATALOGS[lang][key]  # the head of its own help
        assert command.description == text[:1].upper() + text[1:] + "."
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue  # argparse's own words (tests/unit/test_catalogs.py)
            group = "cli.help.common" if action.dest in COMMON else key
            option = f"{group}.{action.dest}"
            assert shown(action) == expected(lang, option, action), (name, action.dest)
            used.add(option)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:  # their lines in the command's help
                    assert shown(choice) == expected(lang, f"{key}.{choice.dest}", choice)
                    used.add(f"{key}.{choice.dest}")
                used |= commands_used(lang, action, key)
    return used


@pytest.mark.parametrize("lang", LANGS)
def test_every_help_line_is_the_catalogs_text_in_the_chosen_language(lang: str) -> None:
    parser = parser_in(lang)
    used = set()
    for action in parser._actions:
        if action.dest in COMMON:
            key = f"cli.help.common.{action.dest}"
            assert shown(action) == expected(lang, key, action)
            used.add(key)
    sub = subcommands(parser)
    for choice in sub._choices_actions:  # the commands' lines in `tuki --help`
        key = f"cli.help.{choice.dest}"
        assert shown(choice) == expected(lang, key, choice)
        used.add(key)
    used |= commands_used(lang, sub, "cli.help")
    assert used == set(HELP_KEYS[lang])  # every text is used, none is left over


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_the_help_shows_no_other_languages_line(
    lang: str, command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--lang", lang, *([command] if command else []), "--help"]
    out = flat(help_of(argv, capsys))
    for other in LANGS:
        for key, text in HELP_KEYS[other].items():
            if text != HELP_KEYS[lang][key]:  # (a text the languages share may show)
                assert flat(text.split("{default}")[0]) not in out, (other, key)
    if command:  # its own description heads its help
        assert flat(i18n.CATALOGS[lang][f"cli.help.{command}"][1:]) in out


@pytest.mark.parametrize(
    ("lang", "foreign"),
    [
        ("fi", r"\b(usage|options|positional|FILE|TEXT|DIR|COMMAND|YYYY|default|standard)\b"),
        ("sv", r"\b(usage|options|positional|FILE|DIR|COMMAND|YYYY|default|oletus)\b"),
        ("en", r"\b(käyttö|valitsimet|TIEDOSTO|KANSIO|KOMENTO|VVVV|oletus|flaggor|MAPP)\b"),
    ],
)
def test_no_word_of_another_language_in_any_help(
    lang: str, foreign: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in [None, *COMMANDS]:
        out = help_of(["--lang", lang, *([command] if command else []), "--help"], capsys)
        assert re.search(foreign, out) is None, (command, re.search(foreign, out))


def test_the_finnish_help_is_the_default_and_knows_none_of_the_old_english_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = help_of(["--help"], capsys)
    assert out.startswith("käyttö: tuki") and "kirjoita esittelyaineisto" in out
    for old in ("write demo data and open the console", "data folder (default:", "list records"):
        assert old not in out
    log = flat(help_of(["log", "--help"], capsys))
    assert flat("miten lapsi voi (näkyy muille: käytä --report)") in log
    assert "--dateVVVV-KK-PP" in log and "howitwent" not in log


def test_tuki_lang_chooses_the_help_language_and_lang_wins(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TUKI_LANG", "sv")
    assert "användning: tuki log" in help_of(["log", "--help"], capsys)
    assert "usage: tuki log" in help_of(["log", "--help", "--lang", "en"], capsys)


def test_a_percent_sign_in_a_translation_does_not_break_the_help(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """argparse %-formats help lines: a translator's '100 %' is doubled, {default} filled."""
    real = cli.t

    def with_percent(key: str, **params: object) -> str:
        return real(key, **params) + (" (100 %)" if key.startswith("cli.help.") else "")

    monkeypatch.setattr(cli, "t", with_percent)
    monkeypatch.setattr(cli_documents, "t", with_percent)  # where `tuki minutes` is built
    parser = build_parser()
    assert "(100 %)" in parser.format_help()
    minutes = subcommands(parser).choices["minutes"].format_help()
    assert "(oletus: md) (100 %)" in " ".join(minutes.split())
    assert cli_args.line(f"50 % {cli_args.DEFAULT}") % {"default": "x"} == "50 % x"
