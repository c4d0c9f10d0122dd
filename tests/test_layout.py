"""The source layout (issue #17 §3): the module graph of rulescore/ and dsl/ has no cycle,
every package says in its first docstring line what it turns into what, no module is too long.

Imports are read with ``ast``, not by importing: every import of a rulescore module counts,
at module level, inside a function and under ``if TYPE_CHECKING:`` alike, since each one
is a dependency a reader has to follow back."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 430
# Being edited elsewhere while the layout changed; split in their own work.
EXEMPT_FROM_LENGTH = {
}


def module_files() -> dict[str, Path]:
    """Module name (as installed) → source file, for rulescore/ and dsl/ (``rulescore.dsl``)."""
    modules = {}
    for top, dotted in (("rulescore", "rulescore"), ("dsl", "rulescore.dsl")):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT / top).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((dotted, *parts))] = path
    return modules


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every rulescore module the file imports, wherever in the file the import stands."""
    package = name if is_package(path) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in modules:
                    found.add(submodule)  # from rulescore import batch_io: the module
                elif target in modules:
                    found.add(target)  # from rulescore.values import Money: the module itself
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None; iterative depth-first search."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            successor = next(stack[-1], None)
            if successor is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(successor) == 1:
                return path[path.index(successor):] + [successor]
            elif successor not in state:
                state[successor] = 1
                path.append(successor)
                stack.append(iter(sorted(graph.get(successor, ()))))
    return None


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


#: The modules above both evaluators (the public API, the command line, the tools built on
#: results); every other module outside reference/ and batch/ is shared, below both.
ON_TOP = {"rulescore", "rulescore.cli", "rulescore.cli_values", "rulescore.concepts",
          "rulescore.examples", "rulescore.payments", "rulescore.payments_cli",
          "rulescore.why_cli", "rulescore.keten", "rulescore.keten_cli",
          "rulescore.batch_cli", "rulescore.population_cli", "rulescore.impact_cli",
          "rulescore.regimes", "rulescore.regimes_cli", "rulescore.overgang",
          "rulescore.overgang_cli", "rulescore.scan", "rulescore.scan_cli"}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for successor in graph.get(todo.pop(), ()):
            if successor not in seen:
                seen.add(successor)
                todo.append(successor)
    return seen


def test_shared_modules_sit_below_both_evaluators():
    graph = import_graph()
    evaluators = ("rulescore.reference", "rulescore.batch")
    wrong = []
    for name in sorted(graph):
        if name in ON_TOP or name.startswith(("rulescore.testing", "rulescore.analysis", "rulescore.server",
                                                   "rulescore.population", "rulescore.impact")) \
                or name.startswith(evaluators):
            continue
        above = sorted(t for t in reachable(graph, name) if t.startswith(evaluators))
        if above:
            wrong.append(f"{name} → {', '.join(above)}")
    for name in sorted(graph):  # the reference evaluator never uses the batch evaluator
        if name.startswith("rulescore.reference"):
            wrong += [f"{name} → {t}" for t in sorted(reachable(graph, name))
                      if t.startswith("rulescore.batch")]
    assert not wrong, "shared or reference modules that import upwards:\n" + "\n".join(wrong)


def test_cycle_search_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_imports_are_found_wherever_they_stand(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from rulescore.values import grouped\n"
        "from rulescore import model as m\n"
        "if TYPE_CHECKING:\n"
        "    from rulescore.batch.state import Run\n"
        "def f():\n"
        "    import rulescore.reference.results\n"
        "    from . import ops\n", encoding="utf-8")
    modules = dict.fromkeys(["rulescore.values", "rulescore.model", "rulescore.batch.state",
                             "rulescore.reference.results", "rulescore.batch.ops",
                             "rulescore.batch.m"])
    assert imports_of("rulescore.batch.m", source, modules) == {
        "rulescore.values", "rulescore.model", "rulescore.batch.state",
        "rulescore.reference.results", "rulescore.batch.ops"}


def test_every_package_says_what_into_what():
    missing = []
    for name, path in module_files().items():
        if not is_package(path):
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first_line = docstring.strip().splitlines()[0] if docstring.strip() else ""
        # "what into what": the line names a transformation, as "A → B" or "A into B"
        if not ("→" in first_line or " into " in first_line):
            missing.append(f"{path.relative_to(ROOT)}: {first_line!r}")
    assert not missing, "package docstrings without 'from what into what':\n" + "\n".join(missing)


def test_no_module_too_long():
    too_long = []
    for path in module_files().values():
        relative = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and relative not in EXEMPT_FROM_LENGTH:
            too_long.append(f"{relative}: {lines} lines")
    assert not too_long, f"modules over {MAX_LINES} lines:\n" + "\n".join(too_long)
