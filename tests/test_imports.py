"""No import cycles inside ``analysis/``, between modules or between packages.

A cycle makes import order matter (a half-initialised module raises at a distance) and ties
packages that should be layered. Imports inside functions count too: deferring one hides a
cycle from Python, not from a reader. The graph is read from the source (ast), so the test
needs no import of the package and names the modules of any cycle it finds.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "analysis"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The ``analysis`` modules that ``name`` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import sub`` imports the submodule, ``from mod import name`` the module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # ``import analysis.x.y`` without a file
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan), each as a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(loop(graph, sorted(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def loop(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One closed path through a component, from its first node back to it (for the message)."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return component


def module_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported(name, path, set(found)) for name, path in found.items()}


def unit(name: str) -> str:
    """A subpackage of ``analysis`` (``analysis.claims``) or a top-level module
    (``analysis.cli``): the units the package-level graph links."""
    return ".".join(name.split(".")[:2])


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, targets in module_graph().items():
        graph.setdefault(unit(name), set()).update(
            unit(t) for t in targets if unit(t) not in (unit(name), "analysis"))
    return graph


def describe(found: list[list[str]]) -> str:
    return "; ".join(" -> ".join(c) for c in found)


def test_the_graph_sees_imports():
    """Guards the walker itself: it must see relative, nested and function-level imports."""
    graph = module_graph()
    assert "analysis.claims.context" in graph["analysis.claims"]
    assert "analysis.stats" in graph["analysis.claims.replies"]
    assert "analysis.doctor" in graph["analysis.cli"]  # imported inside a function
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_module_import_cycle():
    found = cycles(module_graph())
    assert not found, f"import cycle(s) between modules: {describe(found)}"


def test_no_package_import_cycle():
    found = cycles(package_graph())
    assert not found, f"import cycle(s) between packages: {describe(found)}"
