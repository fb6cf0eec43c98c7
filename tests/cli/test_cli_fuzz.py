"""The command line under random hostile arguments: never a traceback, never an unexpected
error, exit code 0, 1 or 2 only.

The argv is built from the real parser (its sub-commands, positionals, options and choices)
with values that are either valid or hostile: huge and negative integers, digits of other
scripts, empty strings, dates and months out of range, paths climbing out with ``../``, odd
text. Runs in-process on one seeded data folder; the current folder is a temporary one, so
whatever a command writes (minutes, a new data folder) lands there. ``demo`` (slow, and it
opens the console without --no-ui) and the console itself are left out.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from data.models import PalaveriKind
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tui import i18n
from tui.cli import build_parser, main

BIG = "99999999999999999999:x"  # a goal number past 2**64
DAY = ago(1).isoformat()
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999",
    "-99999999999999999999",
    str(2**53),
    str(2**53 + 1),
    str(2**63),
    str(2**64),
    "1e999999",
    "NaN",
    "inf",
    "-0",
    "1_000",
    "²",
    "1-²",
    "١٢",
    "٣-٣",
    "１２",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2201-01-01",
    "2026-02-30",
    "2026-13",
    "1-99999999999999999999",
    "99999999999999999999-1",
    "2026-11-22T10:00",
    "22.11.2026",
    "99999999999999999999:x",
    "1:",
    ":x",
    "1:x",
    "../",
    "../../etc/passwd",
    "..",
    ".",
    "-",
    "--",
    "a/../../b",
    "~",
    "~root/x",
    "%s%n{0}{x}",
    "' OR 1=1 --",
    "\u202e\u200b\ufeff",
    "x" * 300,
    "väsynyt ja nälkäinen",
]

texts = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
)
odd_digits = st.sampled_from(["²", "١٢", "１２", "٣", "0", "-0", "1_0", " 7 ", "+3", "007"])
numbers = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), odd_digits)
years = st.one_of(st.sampled_from([0, 1, 1899, 1900, 2026, 2200, 2201, 9999]), st.integers(0, 9999))
dates = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", years, st.integers(0, 13), st.integers(0, 32)
)
months = st.one_of(
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", years, st.integers(0, 13)),
    st.builds(lambda y, m: f"{y}-{m}", numbers, numbers),
)
pairs = st.builds(lambda a, b: f"{a}-{b}", numbers, numbers)
goals = st.builds(lambda n, note: f"{n}:{note}", numbers, texts)
amounts = st.one_of(numbers, st.sampled_from(["1e999999", "NaN", "-inf", "1,5,5", "12.345"]))
values = st.one_of(st.sampled_from(HOSTILE), numbers, dates, texts)
SHAPED = {  # hostile values of the right shape, which reach past the first check
    "relationship": numbers,
    "done": numbers,
    "duration": numbers,
    "date": dates,
    "day": dates,
    "month": months,
    "goal": goals,
    "palaveri": pairs,
    "km": amounts,
    "costs": amounts,
}

PARSER = build_parser()
_SUB = next(a for a in PARSER._actions if isinstance(a, argparse._SubParsersAction))
COMMANDS = {name: sub for name, sub in _SUB.choices.items() if name != "demo"}


VALID = {
    "relationship": ["1", "2"],
    "date": [ago(1).isoformat(), ago(40).isoformat()],
    "day": [ago(0).isoformat(), "2026-01-31"],
    "month": [ago(1).isoformat()[:7], "2026-02"],
    "goal": ["1:uskalsi puhua", "2:x"],
    "palaveri": ["1-1", "2-1", "1-2"],
    "duration": ["90", "5"],
    "km": ["12,5", "0"],
    "costs": ["5.50"],
    "done": ["1"],
    "out": ["-", "minutes.md", "../up.md"],
}


def _valid(draw: st.DrawFn, action: argparse.Action) -> str:
    if action.choices:
        return str(draw(st.sampled_from(list(action.choices))))
    if action.dest in VALID:
        return draw(st.sampled_from(VALID[action.dest]))
    return draw(st.sampled_from(["x", "Kirjasto", "sairas"]))  # free text


def _hostile(draw: st.DrawFn, action: argparse.Action) -> str:
    """Of the right shape (past the first check) mostly, else anything odd."""
    if action.dest in SHAPED and draw(st.integers(0, 3)):
        return draw(SHAPED[action.dest])
    return draw(values)


@st.composite
def argvs(draw: st.DrawFn) -> list[str]:
    """A sub-command with its positionals, its required options and a few more, every value
    valid but one (sometimes none, sometimes several) so that the hostile one reaches deep."""
    name = draw(st.sampled_from(sorted(COMMANDS)))
    sub = COMMANDS[name]
    actions = [a for a in sub._actions if not isinstance(a, argparse._HelpAction)]
    positionals = [a for a in actions if not a.option_strings]
    options = [a for a in actions if a.option_strings and a.dest != "data_dir"]
    chosen = [a for a in options if a.required]
    if name == "log" and draw(st.integers(0, 9)):  # one of --held and --cancelled, mostly
        status = draw(st.sampled_from(["held", "cancelled"]))
        chosen += [a for a in options if a.dest == status]
    if options:
        chosen += draw(st.lists(st.sampled_from(options), max_size=4))
    takes_value = [a for a in positionals + chosen if a.nargs != 0]
    hostile: set[int] = set()
    if takes_value:
        index = st.integers(0, len(takes_value))  # len: none of them
        many = draw(st.integers(0, 9)) == 0
        hostile = set(draw(st.lists(index, max_size=3))) if many else {draw(index)}

    def value(action: argparse.Action) -> str:
        index = next(i for i, a in enumerate(takes_value) if a is action)
        return _hostile(draw, action) if index in hostile else _valid(draw, action)

    argv = [name]
    for action in positionals:
        if draw(st.integers(0, 19)):  # mostly given
            argv.append(value(action))
    for action in chosen:
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(flag)
        elif draw(st.integers(0, 3)):
            argv += [flag, value(action)]
        else:
            argv.append(f"{flag}={value(action)}")
    if draw(st.integers(0, 19)) == 0:
        argv += ["--data-dir", draw(st.sampled_from(["", "../", "new", "-", "a/../b"]))]
    return argv


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = Store.open(Path(os.environ["TUKI_DATA_DIR"]))
    rel = f.active(store)
    f.active(store)
    store.palaverit.start("tester", rel.id or 0, PalaveriKind.START, ago(150))
    work = tmp_path / "cwd" / "deeper"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return store.folder


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=argvs(), env_lang=st.sampled_from(["", "sv", "en", "fi", "xx", "--lang=sv"]))
@example(argv=["ls", "meetings", "--month", "1-99999999999999999999"], env_lang="")  # fuzzing
@example(argv=["alerts", "--day", "0001-01-01"], env_lang="")
@example(argv=["minutes", "1-²"], env_lang="sv")
@example(argv=["log", "--relationship", "1", "--date", DAY, "--held", "--goal=2:x"], env_lang="")
@example(argv=["log", "--relationship", "1", "--date", DAY, "--held", "--goal", BIG], env_lang="")
def test_no_argument_gives_a_traceback(
    seeded: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    env_lang: str,
) -> None:
    monkeypatch.setenv("TUKI_LANG", env_lang)  # undone after the test
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: usage errors and --help
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in out + err, argv
    assert not any(text in err for text in UNEXPECTED), (argv, err)


UNEXPECTED = [c["error.unexpected"].split("(")[0].strip() for c in i18n.CATALOGS.values()]
