"""``tuki users``: who may use the data folder and in which role, and the admission every
command that opens the folder goes through (``admit``).

    tuki users list
    tuki users add LOGIN ROLE        (admin, coordinator or reader)
    tuki users role LOGIN ROLE
    tuki users remove LOGIN

Changing the users is an admin's (the Store refuses anyone else); listing them is anyone's the
folder admits. A refusal is one line that says what to do (exit 1); nothing is changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import cli_args
from tui.i18n import t

if TYPE_CHECKING:
    from data.storage import Engine
    from data.store import Store

ROLES = ("admin", "coordinator", "reader")


def _cli() -> Any:
    from tui import cli

    return cli


def admit(store: Store[Engine], args: argparse.Namespace) -> None:
    """Let the running login in, or refuse it (a ``Refused`` naming the admins who can add
    it). On a folder with no users yet nothing is enforced, and the login that opens it in the
    console becomes its admin (a command claims nothing: one refused for a bad value stores
    nothing; ``tuki users add`` makes the one who runs it the admin too). ``tuki check`` is let
    in on a folder whose settings cannot be read (it is the command that tells and mends that),
    and its ``--repair`` and ``--done`` change the folder: a reader's are refused."""
    from data.model.register import UserRole
    from data.storage import StorageError

    login = _cli().acting_user()
    command = getattr(args, "command", None)
    try:
        store.users.admit(login, claim=command is None)
    except StorageError:  # a damaged or unreadable settings file
        if command != "check":
            raise
        return
    if command == "check" and (args.repair or args.done is not None):
        store.users.permit(login, UserRole.COORDINATOR)


def known(folder: Path) -> bool:
    """Whether the running login may read the folder, as its settings file holds it (read
    without the models, for an answer a command shows without opening the Store); False: the
    Store is asked (``admit`` refuses the login, naming the admins who can add it)."""
    from tui.roles import role_in

    return role_in(folder, _cli().acting_user()) is not None


def _role_name(role: str) -> str:
    return t(f"users.role.{role}")


def cmd_list(args: argparse.Namespace) -> int:
    users = _cli().open_store(args).users.roles()
    if not users:
        print(t("users.none"))
        return 0
    width = max(len(login) for login in users)
    order = {role: i for i, role in enumerate(ROLES)}
    for login, role in sorted(users.items(), key=lambda item: (order[item[1]], item[0])):
        print(f"{login:<{width}}  {_role_name(role.value)}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    store.users.add(_cli().acting_user(), args.login, args.role)
    print(t("users.added", login=args.login, role=_role_name(args.role)))
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    store.users.set_role(_cli().acting_user(), args.login, args.role)
    print(t("users.role_set", login=args.login, role=_role_name(args.role)))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    store = _cli().open_store(args)
    store.users.remove(_cli().acting_user(), args.login)
    print(t("users.removed", login=args.login))
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    line, about = cli_args.line, cli_args.about
    users = sub.add_parser("users", parents=[common], **about(t("cli.help.users")))
    actions = users.add_subparsers(
        dest="action",
        required=True,
        metavar=t("cli.metavar.action"),
        help=line(t("cli.help.users.action")),
    )
    listing = actions.add_parser("list", parents=[common], **about(t("cli.help.users.list")))
    listing.set_defaults(func=cmd_list, read_only=True)
    for name, func in (("add", cmd_add), ("role", cmd_role), ("remove", cmd_remove)):
        key = f"cli.help.users.{name}"
        parser = actions.add_parser(name, parents=[common], **about(t(key)))
        parser.add_argument("login", metavar=t("cli.metavar.login"), help=line(t(f"{key}.login")))
        if name != "remove":
            parser.add_argument(
                "role", choices=ROLES, metavar=t("cli.metavar.role"), help=line(t(f"{key}.role"))
            )
        parser.set_defaults(func=func)
