"""The package's import graph, read from the source with ``ast`` (nothing imported): no cycle, and the transform
layer (raw sources → clean tables) never reaches into the analysis and publication layer.

Every import counts, a function-level one too: an import deferred to call time is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "benchmark"

# Reads data/raw/ and writes data/clean/: must work without anything that analyses or publishes.
TRANSFORM = {
    "raw",
    "xlsx",
    "parsing",
    "spans",
    "vocabulary",
    "errors",
    "annex",
    "instruments",
    "amounts",
    "recommendations",
    "sources",
    "quotes",
    "source_issues",
    "schemas_raw",
    "schemas_clean",
    "pipeline",
    "writer",
    "atomic",
    "metadata",  # the registry of tables and fields (issue 13)
}
# Reads the clean tables and shows them: figures, findings, reports, step 5, the finder, the build.
PUBLICATION = {
    "analysis",
    "findings",
    "figures",
    "chart_images",
    "plotlyjs",
    "chromium",
    "theme",
    "formatting",
    "synthesis",
    "catalogue",
    "finder",
    "reports",
    "report_html",
    "execute",
    "pdf",
    "build",
    "cli",
    "step5",
}
# Cycles being removed on another branch: listed here until it is merged (none today).
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.AST, module: str, is_package: bool) -> set[str]:
    """The package modules an import statement names (``from benchmark import a, b`` names a and b)."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("benchmark."):
                found.add(alias.name.removeprefix("benchmark."))
    elif isinstance(node, ast.ImportFrom):
        if node.level:  # relative import: resolve against this module's package
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            name = ".".join([*base, node.module] if node.module else base)
        elif node.module and (node.module == "benchmark" or node.module.startswith("benchmark.")):
            name = node.module.removeprefix("benchmark").removeprefix(".")
        else:
            return found
        for alias in node.names:
            found.add(f"{name}.{alias.name}" if name else alias.name)
            if name:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package modules it imports (submodules of ``step5`` kept apart)."""
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[str] = set()
        for node in ast.walk(tree):
            for target in _targets(node, module, path.name == "__init__.py"):
                if target in modules and target != module:
                    edges.add(target)
        graph[module] = edges
    return graph


def _layer(module: str) -> str:
    return module.split(".")[0]


def find_cycles(graph: dict[str, set[str]], ignore: set[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if (node, nxt) in ignore:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_is_read_from_the_source():
    """The reader sees both kinds of import, at module level and inside a function."""
    graph = import_graph()
    assert "raw" in graph["pipeline"] and "schemas_clean" in graph["pipeline"]  # from-imports, module level
    assert "step5" in graph["cli"] or "step5.decisions" in graph["figures"]  # imports inside functions
    assert "step5.decisions" in graph["step5"]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle():
    cycles = find_cycles(import_graph(), ignore=KNOWN_CYCLE_EDGES)
    assert cycles == [], f"import cycles: {cycles}"


def test_raw_and_its_schemas_import_one_way():
    """Both read the raw tables' specification (benchmark.metadata.raw); schemas_raw never imports raw."""
    graph = import_graph()
    assert "raw" not in graph["schemas_raw"] and "metadata.raw" in graph["schemas_raw"]


def test_every_module_is_in_a_layer():
    """A new module is placed deliberately: transform, publication, or a shared utility below both."""
    shared = {"", "paths", "display", "processes", "load", "build_cache", "buildinfo"}
    unplaced = {_layer(m) for m in import_graph()} - TRANSFORM - PUBLICATION - shared
    assert not unplaced, f"modules in no layer (add them to a set of tests/test_layering.py): {sorted(unplaced)}"


def test_the_transform_layer_never_imports_the_publication_layer():
    graph = import_graph()
    wrong = sorted(
        (module, target)
        for module, targets in graph.items()
        if _layer(module) in TRANSFORM
        for target in targets
        if _layer(target) in PUBLICATION
    )
    assert wrong == [], f"transform modules importing analysis or publication: {wrong}"
