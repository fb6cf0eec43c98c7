"""`tuki where` and `tuki demo`: which data folder, what is in it, and a throw-away demo folder."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import cli_args, i18n
from tui.config import Chosen, choose_data_dir, site_config_file, user_config_file
from tui.i18n import t

if TYPE_CHECKING:
    from data.store import Store

DEMO_PREFIX = "tuki-demo-"


def chosen(args: argparse.Namespace) -> Chosen:
    return choose_data_dir(getattr(args, "data_dir", None))


def _source(choice: Chosen) -> str:
    return t(f"where.source.{choice.source}", file=choice.file or "")


def empty_notice(store: Store[Any] | Path, choice: Chosen) -> str | None:
    """For the start screen: the folder (a Store's, or the folder itself) holds no data yet
    (perhaps the team's is elsewhere)."""
    folder = store if isinstance(store, Path) else store.folder
    if any(folder.glob("*.json")):  # any record makes a top-level file; no full walk
        return None
    return t(
        "start.empty_folder",
        folder=folder,
        source=_source(choice),
        config=site_config_file(),
    )


NEEDS_DATA = frozenset(
    {"ls", "alerts", "minutes", "meeting-report", "reports", "check", "backup", "export"}
    | {"calendar", "search", "figures", "summary"}
)
"""Commands that only read what a folder holds: on a folder that is not there (a typo in
--data-dir, the wrong config) they say so instead of making it and answering "nothing" (no
alerts, nothing to list), which would look like a team with no data. An existing empty folder
is answered as it is (a new programme's folder lists nothing)."""


def no_data(folder: Path) -> str | None:
    """Why ``folder`` has nothing to read (it is not there), in the user's words."""
    if not os.path.lexists(folder):
        return t("where.missing", folder=folder, config=site_config_file())
    return None


def cmd_where(args: argparse.Namespace) -> int:
    """The data folder, why it was chosen, and its files; exit 1 when it is missing, empty or
    unreadable (so that a script notices a wrong folder)."""
    from data.storage.access import require
    from data.store import Store

    choice = chosen(args)
    folder = choice.folder.absolute()
    print(t("where.folder", folder=folder))
    print(t("where.why", source=_source(choice)))
    require(folder, write=False)  # which right is missing, which group grants it
    if not folder.is_dir():
        print(t("where.missing", folder=folder, config=site_config_file()), file=sys.stderr)
        return 1
    store = Store.open(folder, create=False)
    files = store.engine.files()
    if not files:
        print(t("where.empty", folder=folder, config=site_config_file()), file=sys.stderr)
        return 1
    size = sum(store.engine.path(f).stat().st_size for f in files)
    print(t("where.files", n=len(files), size=i18n.size(size), backups=store.folder / "backups"))
    for name in files:
        if "/" not in name:
            print(f"  {store.folder / name}")
    for sub in ("rel", "index", "reports"):
        count = sum(1 for f in files if f.startswith(sub + "/"))
        if count:
            print(f"  {store.folder / sub}/  ({count})")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Write demo data and open the console. A temporary folder (no --data-dir) is removed when
    the console closes, unless --keep or --no-ui; a folder the user named is never removed."""
    from data.demo import generate
    from data.demo.team import TEAM
    from tui.cli import BadInput, acting_user, cmd_console

    temporary = not getattr(args, "data_dir", None)
    if not temporary:
        folder = Path(args.data_dir).expanduser()
        if folder.exists() and any(p.suffix == ".json" for p in folder.rglob("*.json")):
            raise BadInput(t("demo.not_empty", folder=folder))
    else:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
    keep = not temporary or args.keep or args.no_ui  # --no-ui: the data is what was asked for
    try:
        try:
            stats = generate(folder, scale=args.scale, seed=args.seed, admin=acting_user())
        except BaseException:
            keep = not temporary  # a half-written temporary folder is of no use
            raise
        print(
            t(
                "demo.written",
                scale=args.scale,
                seed=args.seed,
                folder=folder,
                seconds=i18n.seconds(stats.seconds),
                clients=stats.clients,
                volunteers=stats.volunteers,
                relationships=stats.relationships,
                meetings=stats.meetings,
            )
        )
        team = ", ".join(
            f"{login} ({t(f'users.role.{role.value}')})" for login, role in TEAM.items()
        )
        print(t("demo.team", admin=acting_user(), team=team, folder=folder))
        if args.no_ui:
            return 0
        args.data_dir = str(folder)
        notice = t("demo.kept" if keep else "demo.removed_on_exit", folder=folder)
        with _signals_exit(enabled=not keep):
            return int(cmd_console(args, notices=[notice]))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _signals_exit(*, enabled: bool) -> Iterator[None]:
    """While the demo console runs, a hang-up (the SSH connection dropped) or a TERM ends the
    program through the normal way out, so that the temporary folder is still removed."""
    names = ("SIGHUP", "SIGTERM")
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)]
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    before = {sig: signal.signal(sig, leave) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, default = cli_args.line, cli_args.DEFAULT
    demo = sub.add_parser("demo", parents=[common], **cli_args.about(t("cli.help.demo")))
    demo.add_argument(
        "--scale",
        choices=("small", "region", "national"),
        default="small",
        help=line(t("cli.help.demo.scale", default=default)),
    )
    demo.add_argument(
        "--seed",
        type=cli_args.bounded(0, 2**32 - 1),
        default=1,
        metavar="N",
        help=line(t("cli.help.demo.seed", default=default)),
    )
    demo.add_argument("--no-ui", action="store_true", help=line(t("cli.help.demo.no_ui")))
    demo.add_argument("--keep", action="store_true", help=line(t("cli.help.demo.keep")))
    demo.set_defaults(func=cmd_demo)
    sub.add_parser("where", parents=[common], **cli_args.about(t("cli.help.where"))).set_defaults(
        func=cmd_where
    )


__all__ = ["cmd_demo", "cmd_where", "empty_notice", "register", "user_config_file"]
