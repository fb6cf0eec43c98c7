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


# what each room may import of data/ (the rooms below it); the service layer is data/store/
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
        "data.store",
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
    "data/store": (
        "data.store",
        "data.rules",
        "data.storage",
        "data.errors",
        "data.dates",
        "data.model",
        "data.models",
    ),
}


def _is_service(module: str) -> bool:
    return module == "data.store" or module.startswith("data.store.")


def test_each_room_imports_only_the_rooms_below_it() -> None:
    offenders = []
    for room, allowed in ROOMS.items():
        for path in sorted((ROOT / room).rglob("*.py")):
            for module in _data_imports(path):
                # the store may use itself; the demo, which writes its bulk straight through
                # the engine, sits above the store for the steps that are the store's business
                # (approving the past months' payment runs): nothing below imports the demo
                below = room in ("data/store", "data/demo") or not _is_service(module)
                if not (module.startswith(allowed) and below):
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
            f"{path.relative_to(ROOT)} imports {m}" for m in _data_imports(path) if _is_service(m)
        ]
    assert offenders == []


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``path`` imports when it runs (functions included; what
    ``if TYPE_CHECKING:`` imports only for the type checker left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found & known


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles found by a depth-first walk (a package and its own modules aside:
    ``data.storage`` importing ``data.storage.engine`` that imports ``data.storage`` is how
    packages work)."""
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if other.startswith(module + ".") or module.startswith(other + "."):
                continue
            if state.get(other) == 1:
                found.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other, path)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    return found


def test_no_import_circle_in_data() -> None:
    paths = {_module(p): p for p in (ROOT / "data").rglob("*.py")}
    graph = {m: _runtime_imports(p, set(paths)) for m, p in paths.items()}
    assert _circles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"data.a": {"data.b"}, "data.b": {"data.c"}, "data.c": {"data.a"}, "data.d": set()}
    assert _circles(graph) == [["data.a", "data.b", "data.c", "data.a"]]


def test_the_store_is_composed_of_parts_not_a_chain() -> None:
    """No class of the service layer derives from another: the Store holds its parts."""
    offenders = []
    for path in sorted((ROOT / "data" / "store").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                offenders += [f"{path.name}: {node.name}({b})" for b in bases if b != "Generic[E]"]
    assert offenders == []
