"""The package's import graph, read from the source with ``ast`` (nothing imported): no cycle, and each stage
package of ``src/benchmark/`` imports only the stages before it.

Every import counts, a function-level one too: an import deferred to call time is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "benchmark"

# The stages, in order: a module of a stage may import its own stage and those before it, never one after.
STAGES = (
    "core",  # errors, paths, parsing of the report's notations, locators, old-or-new files
    "registry",  # every field, table and code once, with its French label; the datapackage and data dictionary
    "ingest",  # read and validate data/raw/: the workbook, raw schemas, sources, quotes at their lines
    "clean",  # the transforms to the clean tables, their schemas, the writer and the loader of data/clean/
    "analysis",  # comparisons and step 5, computed from the clean tables
    "present",  # French formatting, the theme, figures, findings and their wording
    "publish",  # notebooks executed, pages, catalogue, finder, images, PDFs
    "build",  # the incremental build over every step
    "cli",  # the command line
)
# Imports from a stage to a later one, being removed on another branch: listed until it is merged (none today).
KNOWN_UPWARD_IMPORTS: set[tuple[str, str]] = set()
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


def _stage(module: str) -> str:
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
    assert "ingest.raw" in graph["clean.pipeline"] and "clean.schemas" in graph["clean.pipeline"]  # module level
    assert "publish.chromium" in graph["cli"]  # an import inside a function
    assert "analysis.step5.gaps" in graph["analysis.step5.options"]  # « from package import module »
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle():
    cycles = find_cycles(import_graph(), ignore=KNOWN_CYCLE_EDGES)
    assert cycles == [], f"import cycles: {cycles}"


def test_the_raw_reader_and_its_schemas_import_one_way():
    """Both read the raw tables' specification (benchmark.registry.raw_tables); the schemas never import the reader."""
    graph = import_graph()
    assert "ingest.raw" not in graph["ingest.schemas"] and "registry.raw_tables" in graph["ingest.schemas"]


def test_every_module_is_in_a_stage():
    """A new module is placed deliberately, in the package of the stage it serves."""
    unplaced = {module for module in import_graph() if module and _stage(module) not in STAGES}
    assert not unplaced, f"modules outside the stage packages of tests/test_layering.py: {sorted(unplaced)}"


def test_each_stage_imports_only_the_stages_before_it():
    graph = import_graph()
    rank = {stage: i for i, stage in enumerate(STAGES)}
    wrong = sorted(
        (module, target)
        for module, targets in graph.items()
        if module
        for target in targets
        if target and rank[_stage(target)] > rank[_stage(module)] and (module, target) not in KNOWN_UPWARD_IMPORTS
    )
    assert wrong == [], f"imports from a stage to a later one: {wrong}"


def test_nothing_downstream_of_clean_reads_data_raw():
    """analysis, present and publish read the clean tables only: no ``paths.RAW``, no ``raw_dir``, no reader of the
    raw files (``benchmark.ingest``'s functions; a constant such as Annex I's lines is no read). Only ``build``,
    which runs ``clean``, and the ``cli`` look at data/raw/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        if not module.startswith(("analysis", "present", "publish")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "RAW":
                found.append(f"{module}:{node.lineno} paths.RAW")
            elif isinstance(node, (ast.Name, ast.arg)) and getattr(node, "id", getattr(node, "arg", "")) == "raw_dir":
                found.append(f"{module}:{node.lineno} raw_dir")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("benchmark.ingest"):
                names = [a.name for a in node.names]
                if not all(n.isupper() for n in names):  # constants only
                    found.append(f"{module}:{node.lineno} imports {names} from {node.module}")
    assert not found, found
