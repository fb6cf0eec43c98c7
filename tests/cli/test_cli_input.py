"""Hostile input to the ``tuki`` command: a clear message in the user's language, never a
traceback; exit code 1 (refused) or 2 (usage), never anything else."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from data.errors import TukiError
from data.model.base import MAX_ID, parse_id, validate
from data.models import Client, GoalProgress, Meeting
from data.storage import HOLDER, LOCK, BusyError, Engine, lock_holder
from data.store import Store
from tests import factories as f
from tests.factories import ago
from tui import cli_args, i18n
from tui.cli import main

BIG = "99999999999999999999"  # past 2**64: orjson cannot write it, C long cannot hold it


@pytest.fixture
def store() -> Store:
    return Store.open(Path(os.environ["TUKI_DATA_DIR"]))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``tuki argv``; argparse's exit counts as a code."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# ----- dates and months -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "month", [f"1-{BIG}", f"{BIG}-1", "0001-01", "9999-12", "2026-13", "２０２６-11"]
)
def test_a_month_out_of_range_is_a_usage_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], month: str
) -> None:
    code, _, err = run(capsys, "ls", "meetings", "--month", month)
    assert code == 2
    assert "argumentti --month: Anna kuukausi" in err


def test_a_day_far_out_of_range_is_refused_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "alerts", "--day", "0001-01-01", "--lang", "en")
    assert (code, out) == (2, "")
    assert "argument --day: Give a date between the years 1900 and 2200." in err
    for day in ("10000-01-01", "2026-02-30", "2026-1-5", "２０２６-01-05", ""):
        code, _, err = run(capsys, "log", "--relationship", "1", "--date", day, "--held")
        assert code == 2 and "argumentti --date" in err


def test_alerts_on_a_day_before_the_data_shows_no_negative_wait(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    f.client(store, registered_on=ago(30))
    code, out, _ = run(capsys, "alerts", "--day", "1900-01-01", "--lang", "en")
    assert code == 0
    assert "-" not in out.splitlines()[0].split("longest")[1].split("d")[0]
    code, out, _ = run(capsys, "alerts", "--day", "2200-12-31", "--lang", "en")
    assert code == 0


# ----- ids and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["1-²", "²-1", "١-١", f"1-{BIG}", f"{BIG}-1", "0-1", "-", ""])
def test_a_palaveri_reference_with_odd_digits_is_refused(
    store: Store, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    f.active(store)
    code, _, err = run(capsys, "minutes", ref)
    assert code == 1
    assert "esim. 12-3" in err


def test_a_goal_number_past_64_bits_is_a_usage_error(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    for goal in (f"{BIG}:x", "²:x", "1:", ":x", "0:x"):
        code, _, err = run(
            capsys, "log", "--relationship", str(rel.id), "--date", ago(1).isoformat(),
            "--held", "--goal", goal,
        )  # fmt: skip
        assert code == 2 and "argumentti --goal" in err, goal
    assert store.meetings.of(rel.id or 0) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--relationship", BIG, "--date", "2026-01-05", "--held"],
        ["log", "--relationship", "٣", "--date", "2026-01-05", "--held"],
        ["log", "--relationship", "1", "--date", "2026-01-05", "--held", "--duration", BIG],
        ["log", "--relationship", "1", "--date", "2026-01-05", "--held", "--km", "1e999999"],
        ["log", "--relationship", "1", "--date", "2026-01-05", "--held", "--costs", "NaN"],
        ["ls", "meetings", "--relationship", BIG],
        ["ls", "meetings", "--relationship", "0"],
        ["check", "--done", BIG],
        ["demo", "--no-ui", "--seed", BIG],
    ],
)
def test_huge_or_odd_numbers_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and "virhe: argumentti" in err


def test_every_id_of_the_models_is_bounded(store: Store) -> None:
    with pytest.raises(ValidationError):
        GoalProgress(goal_id=2**64, note="x")
    with pytest.raises(ValidationError):
        Meeting(relationship_id=2**70, on=ago(1))
    client = f.client(store)
    with pytest.raises(TukiError) as refused:  # a refusal naming the field, not a TypeError
        store.records.update("tester", client.model_copy(update={"guardian_ids": [2**64]}))
    assert refused.value.code in ("invalid", "not_found")
    with pytest.raises(TukiError) as refused:
        validate(Client, {**client.model_dump(mode="json"), "social_worker_id": 2**64})
    assert refused.value.code == "invalid" and "social_worker_id" in str(refused.value)
    assert store.records.get(Client, client.id or 0).guardian_ids == client.guardian_ids
    assert parse_id(str(MAX_ID)) == MAX_ID and parse_id(str(MAX_ID + 1)) is None
    assert parse_id("²") is None and parse_id(" 12 ") == 12 and parse_id("0") is None


# ----- the language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "env", "lang"),
    [
        (["--lang=sv", "ls"], {}, "sv"),
        (["ls", "--lang", "en"], {}, "en"),
        (["ls", "--lang=en"], {"TUKI_LANG": "sv"}, "en"),
        (["ls"], {"TUKI_LANG": "sv"}, "sv"),
        (["ls", "--lang=xx"], {"TUKI_LANG": "sv"}, "sv"),
        (["ls", "--", "--lang=en"], {}, "fi"),
        (["ls", "--lang"], {}, "fi"),
    ],
)
def test_the_language_is_read_before_argparse_runs(
    argv: list[str], env: dict[str, str], lang: str
) -> None:
    assert cli_args.language(argv, env) == lang


def test_lang_with_equals_words_argparse_and_the_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--lang=sv", "ls", "meetings", "--month", "x")
    assert code == 2 and "Ange månaden som ÅÅÅÅ-MM" in err
    Path(os.environ["TUKI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)  # there, but empty
    code, out, _ = run(capsys, "ls", "clients", "--lang=en")
    assert (code, out) == (0, "Nothing to list.\n")


@pytest.mark.parametrize("argv", [("ls", "clients"), ("alerts",), ("check",), ("search", "x")])
def test_a_command_that_reads_refuses_a_folder_that_is_not_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    """A typo in --data-dir is said, not answered with "nothing" from a folder made for it."""
    typo = tmp_path / "tuki-dta"
    code, out, err = run(capsys, *argv, "--data-dir", str(typo), "--lang", "en")
    assert code == 1 and out == ""
    assert f"The data folder {typo} does not exist" in err and "--data-dir" in err
    assert not typo.exists()


# ----- the disk and the folder ------------------------------------------------------------------


def _log(capsys: pytest.CaptureFixture[str], rid: int, *more: str) -> tuple[int, str, str]:
    day = ago(1).isoformat()
    return run(capsys, "log", "--relationship", str(rid), "--date", day, "--held", *more)


def _failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int, skip: int = 0) -> None:
    """Make ``os.<name>`` fail with ``code`` from its (skip+1)-th call on, as the system would."""
    real = getattr(os, name)
    calls = {"n": 0}

    def fake(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > skip:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fake)


@pytest.mark.parametrize(
    ("name", "code", "text"),
    [
        ("replace", errno.ENOSPC, "Levy on täynnä: Tuki ei voinut tallentaa kansioon"),
        ("write", errno.ENOSPC, "Levy on täynnä: Tuki ei voinut tallentaa kansioon"),
        ("replace", errno.EROFS, "on vain luku -tilassa olevassa tiedostojärjestelmässä"),
        ("replace", errno.EACCES, "Sinulla ei ole kirjoitusoikeutta kansioon"),
        ("replace", errno.EIO, "Tuki ei voinut kirjoittaa kansioon"),
    ],
)
def test_a_full_disk_or_a_read_only_folder_is_said_plainly(
    store: Store,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    code: int,
    text: str,
) -> None:
    rel = f.active(store)
    with monkeypatch.context() as patch:
        _failing(patch, name, code)
        status, out, err = _log(capsys, rel.id or 0)
    assert (status, out) == (1, "")
    assert text in err and "Mitään ei muutettu" in err and str(store.folder) in err
    assert "Odottamaton" not in err
    assert Store.open(store.folder).meetings.of(rel.id or 0) == []


def test_a_full_disk_in_english_and_swedish(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rel = f.active(store)
    with monkeypatch.context() as patch:
        _failing(patch, "replace", errno.ENOSPC)
        _, _, en = _log(capsys, rel.id or 0, "--lang=en")
        _, _, sv = _log(capsys, rel.id or 0, "--lang", "sv")
    assert "The disk is full" in en and "Nothing was changed" in en
    assert "Disken är full" in sv and "Inget ändrades" in sv


def test_a_folder_where_the_lock_file_should_be(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    (store.folder / LOCK).unlink(missing_ok=True)
    (store.folder / LOCK).mkdir()
    code, _, err = _log(capsys, rel.id or 0, "--lang", "en")
    assert code == 1
    assert f"{store.folder / LOCK} should be Tuki's lock file but it is a folder" in err
    assert "Nothing was changed" in err
    # reading needs no lock, but a listing of clients' data is logged first (the access log is
    # appended under the lock): without the log, nothing is shown
    code, out, err = run(capsys, "ls", "relationships", "--lang", "en")
    assert code == 1 and out == ""
    assert f"{store.folder / LOCK} should be Tuki's lock file but it is a folder" in err


def test_a_change_that_waits_for_space_is_explained_and_finished_later(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rel = f.active(store)
    rid = rel.id or 0
    with monkeypatch.context() as patch:
        _failing(patch, "replace", errno.ENOSPC, skip=1)  # the journal is placed, no file
        code, _, err = _log(capsys, rid)
        assert code == 1
        assert "Muutos tallentui" in err and "levy on täynnä" in err and "älä syötä" in err
        code, out, err = run(capsys, "ls", "meetings", "--relationship", str(rid))
        assert code == 0 and "Ei näytettävää" in out
        assert "tallennettu muutos, jota ei ole vielä viety loppuun (levy on täynnä)" in err
        code, _, err = _log(capsys, rid)  # the disk is still full: nothing new is made
        assert code == 1 and "Aiemmin tallennettu muutos odottaa" in err
        code, _, err = run(capsys, "check", "--repair")
        assert code == 1 and "Aiemmin tallennettu muutos odottaa" in err and "levy on" in err
        code, out, _ = run(capsys, "check")
        assert code == 1 and ".journal.json" in out  # check names the waiting change
        assert "(levy on täynnä)" in out and "Vapauta ensin levytilaa" in out
        assert "--repair" not in out  # a repair does not help a full disk
    code, out, err = run(capsys, "ls", "meetings", "--relationship", str(rid))
    assert (code, err) == (0, "") and f"{rid}-1" in out
    assert len(Store.open(store.folder).meetings.of(rid)) == 1


# ----- a lock held for long ---------------------------------------------------------------------


@contextlib.contextmanager
def _held(folder: Path, seconds: float) -> Iterator[None]:
    """Another Tuki (another Engine, its own lock file handle) holds the folder's lock."""
    taken = threading.Event()

    def hold() -> None:
        with Engine(folder).transaction():
            taken.set()
            time.sleep(seconds)

    worker = threading.Thread(target=hold)
    worker.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        worker.join()


def test_a_save_waiting_for_the_lock_says_who_holds_it(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = f.active(store)
    with _held(store.folder, 1.6):
        code, out, err = _log(capsys, rel.id or 0, "--lang", "en")
    assert code == 0 and out.startswith("Meeting")
    [line] = err.splitlines()
    assert line.startswith("Waiting for the data folder: held by ")
    assert f"(process {os.getpid()}) since " in line
    holder = lock_holder(store.folder)
    assert holder is not None and holder.pid == os.getpid()


def test_busy_names_the_holder(store: Store) -> None:
    heard: list[object] = []
    engine = Engine(store.folder, lock_timeout=1.3)
    engine.on_wait = heard.append
    with _held(store.folder, 2.0), pytest.raises(BusyError) as busy, engine.transaction():
        pass
    assert len(heard) == 1 and busy.value.holder is not None
    assert busy.value.holder.pid == os.getpid()
    i18n.set_language("en")
    assert f"held by {busy.value.holder.login} (process {os.getpid()}) since" in i18n.explain(
        busy.value
    )


def test_the_holder_note_is_rewritten_in_place_without_a_hidden_sync(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Truncating a file and writing it again makes ext4 flush it on close: the note beside
    the lock is overwritten in place at a fixed size instead, and never fsynced."""
    with store.engine.transaction():
        pass
    note = store.folder / HOLDER
    inode = note.stat().st_ino
    calls: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "ftruncate", lambda *a: calls.append("ftruncate"))
    monkeypatch.setattr(os, "fsync", lambda *a: calls.append("fsync"))

    def opening(path: object, flags: int, *rest: int) -> int:
        if str(path).endswith(HOLDER) and flags & os.O_TRUNC:
            calls.append("O_TRUNC")
        return real_open(path, flags, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", opening)
    with Engine(store.folder, durable=False).transaction():
        pass
    assert calls == []
    assert note.stat().st_ino == inode
    holder = lock_holder(store.folder)
    assert holder is not None and holder.pid == os.getpid() and holder.login


@pytest.mark.parametrize("content", [b"", b"{", b'{"holder": {"1": {"pid": "x"}}}', b"[1]"])
def test_a_garbled_holder_note_names_nobody(store: Store, content: bytes) -> None:
    (store.folder / HOLDER).write_bytes(content)
    assert lock_holder(store.folder) is None
    with store.engine.transaction():  # and is written afresh by the next holder
        pass
    assert lock_holder(store.folder) is not None


def test_parse_month_refuses_what_no_date_holds() -> None:
    from data.dates import parse_month

    for text in ("1-99999999999999999999", "99999999999999999999-1", "2026-13", "x"):
        with pytest.raises(ValueError):
            parse_month(text)
    assert parse_month("2026-11").month == 11
