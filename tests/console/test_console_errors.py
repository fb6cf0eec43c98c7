"""An unexpected error exits non-zero and leaves a private report without personal data."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.console_helpers import SIZE, demo_store, make_app
from tui.errorlog import report


async def test_an_unexpected_error_exits_non_zero_with_a_private_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUKI_LOG_DIR", str(tmp_path / "log"))
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    app.report_unexpected = True  # as in a real terminal: not handed to the test framework
    messages: list[object] = []
    leave = app.exit

    def exit_(*args: Any, **kwargs: Any) -> None:
        messages.append(kwargs.get("message"))
        leave(*args, **kwargs)

    app.exit = exit_  # type: ignore[method-assign]

    def boom() -> None:
        secret = "Matti Meikäläinen 040 123 4567"  # a local value and a message: never logged
        raise ValueError(f"bad {secret}")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.call_later(boom)
        for _ in range(600):  # the app is closing: wait for its exit, not through the pilot
            if app.return_code is not None:
                break
            await asyncio.sleep(0.05)
    assert app.return_code == 1
    [log] = (tmp_path / "log").iterdir()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "ValueError" in text and "in boom" in text and "test_console_errors.py" in text
    assert "Matti" not in text and "4567" not in text
    message = str(messages[0])
    assert "ValueError" in message and str(log) in message


def test_the_report_names_every_exception_of_the_chain_without_its_message() -> None:
    try:
        try:
            {}["Matti"]
        except KeyError as exc:
            raise ValueError("Meikäläinen") from exc
    except ValueError as exc:
        lines = report(exc)
    assert lines[0].startswith("KeyError") and lines[-2].startswith("ValueError")
    assert "During or because of it:" in lines
    assert not any("Matti" in line or "Meikäläinen" in line for line in lines)
