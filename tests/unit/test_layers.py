"""The import rule of docs/architecture.md, read from the source with ``ast``.

Layers, lowest first; a module imports only from lower layers or from its own group:

    base → i18n → db → domain (and migrations) → queries | services → store | draw → outputs → ui
         → serve → bench → cli → pages, app.py, __main__

Groups on the same layer (queries and services; store and draw) never import each other.
Streamlit is imported only in qmi/ui/, qmi/serve.py and qmi/bench/ (and by the pages and app.py).
No module imports itself back through others (no circle). Each failure names the offending import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qmi.config import ROOT

LAYERS: tuple[tuple[str, ...], ...] = (
    ("base",),
    ("i18n",),
    ("db",),
    ("domain", "migrations"),
    ("queries", "services"),
    ("store", "draw"),
    ("outputs",),
    ("ui",),
    ("serve",),
    ("bench",),
    ("cli",),
    ("entry",),
)
BASE_MODULES = {"qmi", "qmi.config", "qmi.models", "qmi.palette", "qmi.files"}
STREAMLIT_GROUPS = {"ui", "serve", "bench", "entry"}
MAX_ROOT_MODULES = 8


def group_of(module: str) -> str:
    if module in BASE_MODULES:
        return "base"
    if module == "qmi.__main__" or module == "app" or module.startswith("pages."):
        return "entry"
    return module.split(".")[1]


RANK = {group: rank for rank, groups in enumerate(LAYERS) for group in groups}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    files = [p for p in (ROOT / "qmi").rglob("*.py") if "versions" not in p.parts]
    return sorted(files + list((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"])


KNOWN = {module_name(p) for p in source_files()}


def _resolve(name: str) -> str | None:
    """The module a dotted name lives in: itself if it is a module, else its parent."""
    while name and name not in KNOWN:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of ``qmi`` or ``streamlit``, in functions too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "streamlit":
                found.append((node.lineno, "streamlit"))
            elif name.split(".")[0] == "qmi" and (target := _resolve(name)):
                found.append((node.lineno, target))
    return found


def graph() -> dict[str, list[tuple[int, str]]]:
    return {module_name(p): imports_of(p) for p in source_files()}


def violations(edges: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Every import that breaks the layer rule or the Streamlit rule, as « a:line imports b (why) »."""
    found = []
    for module, imported in edges.items():
        group = group_of(module)
        for line, target in imported:
            where = f"{module}:{line} imports {target}"
            if target == "streamlit":
                if group not in STREAMLIT_GROUPS:
                    found.append(f"{where} (Streamlit only in qmi/ui, serve, bench and the pages)")
                continue
            other = group_of(target)
            if other == group:
                continue
            if RANK[other] > RANK[group]:
                found.append(f"{where} ({group} may not import the higher layer {other})")
            elif RANK[other] == RANK[group]:
                found.append(f"{where} ({group} and {other} are siblings and never import each other)")
    return sorted(found)


def circles(edges: dict[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Every import circle between modules (one path each), found by depth-first search."""
    adjacency = {m: sorted({t for _, t in imported if t != "streamlit" and t != m}) for m, imported in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in adjacency.get(module, []):
            if state.get(target) == 1:
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(adjacency):
        if module not in state:
            visit(module)
    return found


def test_every_import_follows_the_layers():
    assert violations(graph()) == []


def test_no_import_circle():
    assert circles(graph()) == []


def test_at_most_eight_modules_at_the_package_root():
    root_modules = sorted(p.name for p in (ROOT / "qmi").glob("*.py"))
    assert len(root_modules) <= MAX_ROOT_MODULES, root_modules


def test_every_module_belongs_to_a_layer():
    assert {group_of(m) for m in KNOWN} <= set(RANK)


@pytest.mark.parametrize(("module", "imported", "expected"), [
    ("qmi.services.imports", "qmi.outputs.tables", "services may not import the higher layer outputs"),
    ("qmi.queries.geo", "qmi.services.audit", "queries and services are siblings"),
    ("qmi.draw.maps", "qmi.store.reference", "draw and store are siblings"),
    ("qmi.domain.scoring", "streamlit", "Streamlit only"),
    ("qmi.services.users", "qmi.cli", "services may not import the higher layer cli"),
])
def test_a_planted_violation_is_named(module, imported, expected):
    edges = graph()
    edges[module] = [*edges[module], (999, imported)]
    assert any(v.startswith(f"{module}:999 imports {imported}") and expected in v for v in violations(edges))


def test_a_planted_circle_is_found():
    edges = graph()
    edges["qmi.db"] = [*edges["qmi.db"], (999, "qmi.services.audit")]
    assert any(c[0] == "qmi.db" or "qmi.db" in c for c in circles(edges))
