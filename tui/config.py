"""Which data folder Tuki opens, and why.

In this order, the first that names a folder wins:

1. ``--data-dir DIR`` on the command line;
2. the ``TUKI_DATA_DIR`` environment variable;
3. the user's config file (``platformdirs.user_config_dir("tuki")/config.toml``, e.g.
   ``~/.config/tuki/config.toml``; ``$TUKI_USER_CONFIG`` names another file);
4. the site config file (``platformdirs.site_config_dir("tuki")/config.toml``, e.g.
   ``/etc/xdg/tuki/config.toml``; ``$TUKI_SITE_CONFIG`` names another file);
5. the user's data folder (``~/.local/share/tuki``).

The site file is what makes ``ssh host tuki`` work on a team server: a command run over SSH
reads no login profile, so an ``export TUKI_DATA_DIR`` there is missed. A config file is TOML::

    # /etc/xdg/tuki/config.toml
    data_dir = "/srv/tuki"

A relative ``data_dir`` is taken relative to the config file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from data.errors import TukiError

CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class Chosen:
    """The data folder and where the choice came from (``source``: option, env, user, site,
    default; ``file``: the config file that named it)."""

    folder: Path
    source: str
    file: Path | None = None


def user_config_file() -> Path:
    from platformdirs import user_config_dir  # (each command imports it when it needs it)

    named = os.environ.get("TUKI_USER_CONFIG")
    return Path(named) if named else Path(user_config_dir("tuki", appauthor=False)) / CONFIG_NAME


def log_dir() -> Path:
    """Where an unexpected error leaves its report (``$TUKI_LOG_DIR``, else the user's log
    folder, e.g. ``~/.local/state/tuki/log``)."""
    from platformdirs import user_log_dir

    named = os.environ.get("TUKI_LOG_DIR")
    return Path(named) if named else Path(user_log_dir("tuki", appauthor=False))


def site_config_file() -> Path:
    from platformdirs import site_config_dir

    named = os.environ.get("TUKI_SITE_CONFIG")
    if named:
        return Path(named)
    return Path(site_config_dir("tuki", appauthor=False)) / CONFIG_NAME


def read_config(path: Path) -> dict[str, object]:
    """The settings of one config file; {} when it does not exist. A file that cannot be read
    or parsed is refused with its name (never silently skipped: the team's folder would be
    missed)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise TukiError(
            "config_unreadable",
            "The config file {file} cannot be read ({why}).",
            file=path,
            why=exc.strerror or type(exc).__name__,
        ) from None
    import tomllib  # (a command given --data-dir reads no config file)

    try:
        settings = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TukiError(
            "config_invalid",
            "The config file {file} is not valid TOML ({why}).",
            file=path,
            why=str(exc).splitlines()[0][:120],
        ) from None
    value = settings.get("data_dir")
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise TukiError(
            "config_invalid",
            "The config file {file} is not valid TOML ({why}).",
            file=path,
            why='data_dir = "/a/folder"',
        )
    return settings


def _from_file(path: Path) -> Path | None:
    value = read_config(path).get("data_dir")
    if not isinstance(value, str):
        return None
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else path.parent / folder


def choose_data_dir(option: str | None = None) -> Chosen:
    """The data folder to open (see the module's docstring for the order)."""
    if option:
        return Chosen(Path(option).expanduser(), "option")
    env = os.environ.get("TUKI_DATA_DIR")
    if env:
        return Chosen(Path(env).expanduser(), "env")
    for source, file in (("user", user_config_file()), ("site", site_config_file())):
        folder = _from_file(file)
        if folder is not None:
            return Chosen(folder, source, file)
    from platformdirs import user_data_dir

    return Chosen(Path(user_data_dir("tuki", appauthor=False)), "default")
