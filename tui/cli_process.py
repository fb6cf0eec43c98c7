"""The ``tuki`` process (``tui.cli.run``) around its command: pydantic loads no plugins, and a
short command ends without the interpreter's teardown."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType

#: what pydantic's ``PYDANTIC_DISABLE_PLUGINS`` takes for "none at all"
_NONE = ("__all__", "1", "true")


def run(main: Callable[..., int], *, short: bool) -> int:
    """``main(process=True)``; a short command (``tui.cli.SHORT``) then ends the process."""
    no_plugins()
    code = main(process=True)
    if short:
        end(code)
    return code


def no_plugins() -> None:
    """Tell pydantic to load no plugins (its ``PYDANTIC_DISABLE_PLUGINS``), unless the
    environment says otherwise. A plugin would observe every record validated, and Tuki has
    none; looking for them on the first model validated imported ``importlib.metadata`` and
    read every installed package's entry points (~15 ms, 7 % of a `tuki log`). With plugins
    off, pydantic's loader module (``pydantic.plugin._loader``, private: its use is tested in
    tests/cli/test_cli_process.py) is one that finds none, without those imports."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in _NONE:
        return  # (some named off: pydantic's own loader finds the others)
    loader = ModuleType("pydantic.plugin._loader", "No pydantic plugins (tui/cli_process.py).")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules.setdefault(loader.__name__, loader)


def end(code: int) -> None:
    """End the process now with ``code``, as Python's own exit would, less its teardown. A
    short command has saved (fsynced) what it saves through file descriptors and printed its
    answer; what is left is freeing the ~250 modules and every object they built, one by one,
    and a last collection over them all (6 % of a `tuki log`). The exit handlers run, then the
    standard streams are flushed; while another thread runs, or when a flush fails, this
    returns and Python's exit follows as ever (it waits for the thread, or reports the failure
    and exits with 120)."""
    import atexit
    import threading

    if threading.active_count() > 1:
        return
    atexit._run_exitfuncs()  # (as Python's exit runs them; then cleared: never run twice)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        return
    os._exit(code)
