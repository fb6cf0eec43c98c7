"""data/ is the brain and never imports a UI library; the faces import data/, not the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = {"textual", "rich", "questionary", "tui"}


def test_no_ui_import_anywhere_in_data() -> None:
    offenders = []
    for path in sorted((ROOT / "data").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in UI]
    assert offenders == []


def test_importing_the_whole_data_layer_loads_no_ui_library() -> None:
    code = (
        "import sys, pkgutil, importlib, data\n"
        "for m in pkgutil.walk_packages(data.__path__, 'data.'): importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in {'textual','rich','questionary'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def _data_imports(path: Path) -> set[str]:
    """The data.* modules ``path`` imports (at any depth of the file, functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("data.")}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "data":
                found |= {f"data.{a.name}" for a in node.names}
            elif node.module.startswith("data."):
                found.add(node.module)
    return found


# what each room may import of data/ (the rooms below it); the service layer is data/store*
ROOMS: dict[str, tuple[str, ...]] = {
    "data/texts": ("data.texts",),  # the catalogs' loader, for data/ and the faces
    "data/storage": ("data.storage", "data.errors", "data.dates", "data.model"),
    "data/model": ("data.model", "data.errors", "data.dates"),
    "data/rules": (
        "data.rules",
        "data.model",
        "data.models",
        "data.dates",
        "data.errors",
        "data.texts",
    ),
    "data/demo": (
        "data.demo",
        "data.texts",
        "data.rules",
        "data.storage",
        "data.errors",
        "data.dates",
        "data.model",
        "data.models",
    ),
    "data/outputs": (
        "data.outputs",
        "data.texts",
        "data.rules",
        "data.storage",
        "data.errors",
        "data.dates",
        "data.model",
        "data.models",
    ),
}
SERVICE = ("data.store", "data.store_base", "data.store_activity")


def test_each_room_imports_only_the_rooms_below_it() -> None:
    offenders = []
    for room, allowed in ROOMS.items():
        for path in sorted((ROOT / room).rglob("*.py")):
            for module in _data_imports(path):
                if not module.startswith(allowed):
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


FLAT_PURE = ("dates", "errors", "models")


def test_pure_modules_never_import_the_service_layer() -> None:
    offenders = []
    paths = [ROOT / "data" / f"{name}.py" for name in FLAT_PURE]
    paths += sorted((ROOT / "data" / "rules").rglob("*.py"))
    paths += sorted((ROOT / "data" / "outputs").rglob("*.py"))
    for path in paths:
        offenders += [
            f"{path.relative_to(ROOT)} imports {m}" for m in _data_imports(path) if m in SERVICE
        ]
    assert offenders == []
