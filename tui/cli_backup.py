"""``tuki backup`` and ``tuki restore``: a copy of the whole data folder, checked and restored.

    tuki backup --to FILE.tar.gz|DIR       a consistent copy with a manifest of checksums
    tuki backup --verify FILE|DIR          every file compared with its checksum
    tuki restore FILE|DIR --to NEWDIR      into a new (or empty) folder, checked first

Taking and restoring a copy are an admin's and are logged in the access log (each client: the
copy holds every client's data). The folder is locked only while it is linked (a fraction of
a second), so coordinators keep working while the copy is hashed and compressed. A bar on
standard error shows how far it has come, at a terminal only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import IO, Any

from tui import cli_args, i18n
from tui.i18n import t


class Bar:
    """A progress bar on standard error, redrawn at most ten times a second; nothing at all
    when standard error is not a terminal (a cron job's mail stays clean)."""

    def __init__(self, label: str, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.shown = self.stream.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.shown or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        part = min(1.0, done / total) if total else 1.0
        filled = int(part * 30)
        bar = "#" * filled + "-" * (30 - filled)
        amount = f"{i18n.size(done)} / {i18n.size(total)}"
        text = f"\r{self.label} [{bar}] {int(part * 100):3d} % {amount}\033[K"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.shown and self.last:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _problems(found: Any) -> list[str]:
    lines = [t("backup.cli.damaged_file", file=name) for name in found.damaged]
    lines += [t("backup.cli.missing_file", file=name) for name in found.missing]
    lines += [t("backup.cli.unexpected_file", file=name) for name in found.unexpected]
    return lines


def _verified(path: Path) -> Any:
    """The backup checked whole (with a bar); its problems printed when it is not."""
    from data.storage.archive_read import verify

    bar = Bar(t("backup.cli.verifying"))
    try:
        found = verify(path, bar)
    finally:
        bar.close()
    if not found.ok:
        print(t("backup.cli.damaged", path=found.path), file=sys.stderr)
        for line in _problems(found):
            print(f"  {line}", file=sys.stderr)
    return found


def _when(stamp: str) -> str:
    from datetime import datetime

    try:
        return i18n.moment(datetime.fromisoformat(stamp).replace(tzinfo=None))
    except ValueError:
        return stamp or "?"


def cmd_backup(args: argparse.Namespace) -> int:
    from tui.cli import BadInput, acting_user, data_dir, open_store

    if args.verify is not None:
        found = _verified(args.verify)
        if not found.ok:
            return 1
        print(
            t(
                "backup.cli.whole",
                path=found.path,
                n=found.files,
                size=i18n.size(found.size),
                when=_when(found.taken_at),
                by=found.by or "?",
            )
        )
        return 0
    folder = data_dir(args)
    if not folder.is_dir() or not any(folder.iterdir()):  # (never a new empty folder made)
        raise BadInput(t("backup.cli.no_folder", folder=folder))
    store = open_store(args)
    bar = Bar(t("backup.cli.writing"))
    try:
        written = store.backup.take(acting_user(), args.to, progress=bar)
    finally:
        bar.close()
    print(t("backup.cli.written", path=written.path, n=written.files, size=i18n.size(written.size)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from data.model.access import AccessView, Face
    from data.model.register import UserRole
    from data.storage.archive_read import extract, refuse_target
    from data.store import Store
    from tui.cli import acting_user

    target: Path = args.to.expanduser().absolute()
    refuse_target(target)  # said before the copy is read
    found = _verified(args.source)
    if not found.ok:
        print(t("backup.cli.not_restored"), file=sys.stderr)
        return 1
    user = acting_user()

    def admin_of_copy(folder: Path) -> None:  # the copy's own users say who may restore it
        Store.open(folder).users.permit(user, UserRole.ADMIN)

    bar = Bar(t("backup.cli.restoring"))
    try:
        extract(args.source, target, found, bar, accept=admin_of_copy)
    finally:
        bar.close()
    store = Store.open(target)
    store.access.viewed_many(user, store.records.client_facts(), AccessView.RESTORE, Face.CLI)
    print(t("backup.cli.restored", target=target, n=found.files, when=_when(found.taken_at)))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    file = t("cli.metavar.backup")
    backup = sub.add_parser("backup", parents=[common], **about(t("cli.help.backup")))
    what = backup.add_mutually_exclusive_group(required=True)
    what.add_argument("--to", type=Path, metavar=file, help=line(t("cli.help.backup.to")))
    what.add_argument("--verify", type=Path, metavar=file, help=line(t("cli.help.backup.verify")))
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", parents=[common], **about(t("cli.help.restore")))
    restore.add_argument("source", type=Path, metavar=file, help=line(t("cli.help.restore.source")))
    restore.add_argument(
        "--to",
        type=Path,
        required=True,
        metavar=t("cli.metavar.new_folder"),
        help=line(t("cli.help.restore.to")),
    )
    restore.set_defaults(func=cmd_restore)


__all__ = ["Bar", "cmd_backup", "cmd_restore", "register"]
