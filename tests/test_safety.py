"""Rules text is never executed as Python: no eval, exec or compile anywhere in rulescore."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
FORBIDDEN = {"eval", "exec", "compile", "__import__"}


def test_no_dynamic_code_execution():
    found = []
    for folder in ("rulescore", "dsl", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in FORBIDDEN):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}()")
    assert found == []
