"""Rules text and cache files are never executed as Python: no eval, exec or compile, and
no pickle, marshal or shelve (whose loading runs code) anywhere in rulescore."""

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
FORBIDDEN = {"eval", "exec", "compile", "__import__"}
#: Modules whose loading can run code named in the data (or that only wrap such modules).
UNSAFE_MODULES = {"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle",
                  "joblib", "copyreg"}
#: ``numpy.load`` and friends unpickle object arrays unless told not to.
PICKLING_CALLS = {"load", "loads", "Unpickler", "open"}


def _sources():
    for folder in ("rulescore", "dsl", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_dynamic_code_execution():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in FORBIDDEN):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}()")
    assert found == []


def _unsafe(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names
                      if a.name.split(".")[0] in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in UNSAFE_MODULES:
                found.append((node.lineno, f"from {node.module} import"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if name in UNSAFE_MODULES and node.func.attr in PICKLING_CALLS:
                found.append((node.lineno, f"{name}.{node.func.attr}()"))
            if (name in {"np", "numpy"} and node.func.attr == "load"
                    and not any(k.arg == "allow_pickle" and isinstance(k.value, ast.Constant)
                                and k.value.value is False for k in node.keywords)):
                found.append((node.lineno, f"{name}.load() without allow_pickle=False"))
    return found


def test_no_unpickling_anywhere():
    found = [f"{path.relative_to(ROOT)}:{line} {what}"
             for path, tree in _sources() for line, what in _unsafe(tree)]
    assert found == []


def test_the_unpickling_ban_catches_what_it_should():
    bad = ("import pickle\nfrom marshal import loads\nimport shelve as s\n"
           "pickle.loads(b'')\nnp.load('x.npy')\nnp.load('x', allow_pickle=False)\n")
    assert [line for line, _ in _unsafe(ast.parse(bad))] == [1, 2, 3, 4, 5]
