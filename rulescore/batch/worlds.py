"""Checked ``x waarbij y gelijk is aan z`` into a batch column function: every row unsure.

The batch evaluator has no worlds of its own yet (a child run with y's column pre-filled
with z's is the plan, docs/language.rst "Waarbij"): an outcome that reads a ``waarbij`` is
left to the exact evaluator for every household, so both evaluators agree by
construction. One exception: a substitution whose z *is* y (z names y, or a definition
whose only body is a name for y, such as a concept variant ``= echtgenoten``) changes
nothing, and a ``waarbij`` of only such substitutions is x itself (the AIO bound to the
Participatiewet's own partner notion). Registered with :mod:`rulescore.batch.compiler`
and the denominators.
"""

from __future__ import annotations

import numpy as np

from rulescore import model as m
from rulescore.batch import denominators
from rulescore.batch.compiler import _COMPILERS, compile_expr
from rulescore.batch.state import known_as


def _names(e, program, target: str, depth: int = 8) -> bool:
    """Whether expression ``e`` is a name for the definition or input ``target``."""
    if not isinstance(e, m.Ref) or depth == 0:
        return False
    res = program.resolutions.get(id(e))
    if res is None or res.kind != "symbol":
        return False
    if res.target == target:
        return True
    decl = program.symbols[res.target].decl
    versions = getattr(decl, "versions", ())
    return (isinstance(decl, m.Definition) and decl.selector is None and len(versions) == 1
            and versions[0].vanaf is None and versions[0].tot is None
            and _names(versions[0].body, program, target, depth - 1))


def _is_identity(e: m.Where, program) -> bool:
    return all(_names(s.value, program, program.resolutions[id(s.target)].target)
               for s in e.substitutions)


def _where(e: m.Where, program):
    if _is_identity(e, program):
        return compile_expr(e.operand, program)
    kind = program.types[id(e)].kind
    dtype = bool if kind == "ja/nee" else np.int64 if kind in ("datum", "personen") else float

    def where(r, f):
        return np.zeros(f.n, dtype=dtype), np.ones(f.n, dtype=bool)
    return where


_COMPILERS[m.Where] = _where
_COMPILERS[m.KnownAs] = lambda e, program: known_as(compile_expr(e.operand, program))
denominators._DISPATCH[m.KnownAs] = lambda e, r: None
denominators._DISPATCH[m.Where] = lambda e, r: None
