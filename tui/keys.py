"""The user's keymap: ``keys.toml`` in the user's config folder gives bindings other keys.

Every binding of the console has an id ``"<area>.<action>"`` (the README lists them under
"Keys"). The file is read once, when the console starts::

    # ~/.config/tuki/keys.toml  (platformdirs.user_config_dir("tuki"); $TUKI_KEYMAP names another)
    [keys]
    "clients.new" = "ctrl+n"
    "app.help" = "f1,question_mark"   # several keys: comma-separated

A file that is not TOML, an unknown id or a key Textual does not know never stops the
console: it is left out and named in a notice in the user's language. So is a line that would
put two actions of one screen on one key, as Textual would keep one of them without a word.

A text that names a key says ``{key[<binding id>]}`` (``"Tallenna: {key[clients.save]}"``):
``t()`` fills it with the key in force, as the footer shows it (``shown``), so a hint never
names a key the user's keymap moved.

Private parts of Textual are used, covered by tests/console/test_textual_private.py:
``textual.keys._normalize_key_list`` (``?`` -> ``question_mark``, as ``App.set_keymap`` does),
``DOMNode._merged_bindings`` (a class's bindings with the inherited ones), ``App._keymap``
(the keymap in force) and ``textual._context.active_app`` (the console a text is worded for).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import pkgutil
import tomllib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, cast

from platformdirs import user_config_dir
from textual._context import active_app
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _normalize_key_list, key_to_character
from textual.screen import ModalScreen

from tui.i18n import t

KEYMAP_NAME = "keys.toml"
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED = frozenset(k.value.rpartition("+")[2] for k in Keys) | set(KEY_NAME_REPLACEMENTS.values())


def keymap_path() -> Path:
    """``$TUKI_KEYMAP`` if set (tests), else ``keys.toml`` in the user's config folder."""
    named = os.environ.get("TUKI_KEYMAP")
    return Path(named) if named else Path(user_config_dir("tuki", appauthor=False)) / KEYMAP_NAME


def is_key(key: str) -> bool:
    """Whether Textual knows ``key`` (e.g. ``n``, ``ctrl+n``, ``f2``, ``question_mark``)."""
    *mods, base = key.split("+")
    if not base or not set(mods) <= MODIFIERS:
        return False
    return len(base) == 1 or base in _NAMED or key_to_character(base) is not None


def _declaring(module: Any) -> Iterator[type[DOMNode]]:
    """The screen and widget classes of ``module`` that have bindings of Tuki's."""
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, DOMNode)
            and value.__module__ == module.__name__
            and any("BINDINGS" in vars(c) for c in value.__mro__ if c.__module__[:4] == "tui.")
        ):
            yield value


def owners() -> list[type[DOMNode]]:
    """The app, then every screen and widget class of the console that has bindings."""
    from tui.app import TukiApp

    found: list[type[DOMNode]] = [TukiApp]
    for package in ("tui.screens", "tui.widgets"):
        for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
            found.extend(_declaring(importlib.import_module(f"{package}.{info.name}")))
    return found


def bindings() -> Iterator[tuple[type[DOMNode], Binding]]:
    """Each binding once, with the class that declares it (keys as written there)."""
    for owner in owners():
        for binding in vars(owner).get("BINDINGS", ()):
            if isinstance(binding, Binding):
                yield owner, binding


@functools.cache
def declared() -> dict[str, Binding]:
    """Binding id -> the binding as the code declares it."""
    return {binding.id: binding for _, binding in bindings() if binding.id}


#: the bindings of the modules looked through so far (``binding_of``), and those modules
_imported: dict[str, Binding] = {}
_looked: set[str] = set()


def binding_of(binding_id: str) -> Binding | None:
    """The binding ``binding_id`` as declared, found first among the modules already imported
    (a screen being built names its own keys), and only then by importing every screen and
    widget (``declared``): the first visit to a list imported the whole console (0.8 s at
    national scale) for the key named in its search hint."""
    if binding_id not in _imported:
        import sys

        for name, module in list(sys.modules.items()):
            if name in _looked or not name.startswith(("tui.app", "tui.screens.", "tui.widgets.")):
                continue
            _looked.add(name)
            for owner in _declaring(module):
                for binding in vars(owner).get("BINDINGS", ()):
                    if isinstance(binding, Binding) and binding.id:
                        _imported[binding.id] = binding
    return _imported.get(binding_id) or declared().get(binding_id)


def shown(app: App[Any] | None, binding_id: str, *, every: bool = False) -> str:
    """The key that runs binding ``binding_id`` now, as the footer shows it (``^s``, ``esc``):
    the user's keymap applied. ``every``: all its keys, `` / `` between. Without a console
    (``app`` None) the default key."""
    binding = binding_of(binding_id)
    if binding is None:
        raise KeyError(binding_id)
    keymap: Mapping[str, str] = getattr(app, "_keymap", None) or {}
    keys = (keymap.get(binding_id) or binding.key).split(",")
    # Textual's way of showing a key (^s); it reads nothing of the app unless overridden
    display = (
        app.get_key_display if app is not None else partial(App.get_key_display, cast(Any, None))
    )
    words = [display(dataclasses.replace(binding, key=key, key_display=None)) for key in keys]
    return " / ".join(dict.fromkeys(words if every else words[:1]))


class KeyNames:
    """``{key[<binding id>]}`` in a text: the key in force in the running console;
    ``{key[<binding id>*]}``: all its keys."""

    def __getitem__(self, binding_id: str) -> str:
        every, binding_id = binding_id.endswith("*"), binding_id.rstrip("*")
        if binding_of(binding_id) is None:  # a slip in a catalog never stops the console
            return binding_id
        return shown(active_app.get(None), binding_id, every=every)


def load_keymap(path: Path, known: set[str]) -> tuple[dict[str, str], list[str]]:
    """The usable lines of the keymap file (keys normalized) and what was left out, worded."""
    try:
        table: Any = tomllib.loads(path.read_text(encoding="utf-8")).get("keys", {})
        if not isinstance(table, dict):
            raise ValueError("[keys]")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, ValueError) as error:  # TOMLDecodeError is one
        return {}, [t("keys.unreadable", detail=str(error))]
    keymap: dict[str, str] = {}
    left_out: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in known:
            left_out.append(t("keys.unknown", id=binding_id))
        elif not isinstance(keys, str) or not all(
            map(is_key, _normalize_key_list(keys).split(","))
        ):
            left_out.append(t("keys.bad_key", id=binding_id, keys=keys))
        else:
            keymap[binding_id] = _normalize_key_list(keys)
    return keymap, left_out


def _placed(bindings: BindingsMap, keymap: Mapping[str, str]) -> dict[str, list[Binding]]:
    """Key -> the bindings on it once ``keymap`` is applied."""
    out: dict[str, list[Binding]] = defaultdict(list)
    for key, on_key in bindings.key_to_bindings.items():
        for binding in on_key:
            moved = keymap.get(binding.id or "")
            for placed in moved.split(",") if moved else [key]:
                out[placed].append(binding)
    return out


def clashes(keymap: Mapping[str, str], owner: type[DOMNode]) -> list[tuple[str, list[str]]]:
    """Keys that ``keymap`` gives to two actions of ``owner`` (its bindings, inherited ones
    too, and the app's that reach it): ``[(key, [id or action, ...])]``. A screen key that
    hides an app key by default (``l`` on a relationship logs a meeting of that one) is meant."""
    from tui.app import TukiApp

    app = TukiApp._merged_bindings or BindingsMap()
    if issubclass(owner, ModalScreen):  # only the app's priority keys pass a modal screen
        app = BindingsMap([b for bs in app.key_to_bindings.values() for b in bs if b.priority])
    own = owner._merged_bindings or BindingsMap()
    layers = [own] if owner is TukiApp else [own, app]
    on_key: dict[str, list[tuple[Binding, int, bool]]] = defaultdict(list)
    for layer, bindings_map in enumerate(layers):
        default = _placed(bindings_map, {})
        for key, placed in _placed(bindings_map, keymap).items():
            on_key[key] += [(b, layer, b in default.get(key, ())) for b in placed]
    found: list[tuple[str, list[str]]] = []
    for key, sharing in sorted(on_key.items()):
        names: set[str] = set()
        for i, (a, a_layer, a_default) in enumerate(sharing):
            for b, b_layer, b_default in sharing[i + 1 :]:
                if a.action != b.action and not (a_layer != b_layer and a_default and b_default):
                    names |= {a.id or a.action, b.id or b.action}
        if names:
            found.append((key, sorted(names)))
    return found


def apply(app: App[Any]) -> list[str]:
    """Read the user's keymap, give the app what can be used, and word what was left out."""
    path = keymap_path()
    if not path.exists():  # the usual case: no screen module is imported for nothing
        return []
    known = {binding.id for _, binding in bindings() if binding.id}
    keymap, left_out = load_keymap(path, known)
    screens = [o for o in owners() if not issubclass(o, App)]
    while True:  # leaving a line out puts its binding back on its own key: check again
        found = {(key, tuple(ids)) for o in screens for key, ids in clashes(keymap, o)}
        found = {(key, ids) for key, ids in found if keymap.keys() & set(ids)}
        if not found:
            break
        for key, ids in sorted(found):
            left_out.append(t("keys.clash", keys=key, ids=", ".join(ids)))
            for binding_id in ids:
                keymap.pop(binding_id, None)
    app.set_keymap(keymap)
    return [t("keys.ignored", file=str(path), what="; ".join(left_out))] if left_out else []


def markdown_table() -> str:
    """The README's list of ids: ``python -m tui.keys`` prints it, a test keeps it current."""
    from tui.i18n import CATALOGS

    rows = ["| id | default key | what it does | where |", "|---|---|---|---|"]
    for owner, binding in bindings():
        keys = ", ".join(f"`{key}`" for key in binding.key.split(","))
        what = CATALOGS["en"].get(binding.description, binding.description or binding.action)
        rows.append(f"| `{binding.id}` | {keys} | {what} | {owner.__name__} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
