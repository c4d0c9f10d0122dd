"""Checked ``x waarbij y gelijk is aan z`` into closures that evaluate x in a world of its
own (:meth:`Context.in_world <rulescore.reference.worlds.WorldHooks.in_world>`);
registered with :mod:`rulescore.reference.compiler`.

The substituted definitions and inputs themselves are compiled to read the current
world (:func:`rulescore.reference.worlds.substitutable_definition`,
:func:`~rulescore.reference.worlds.substitutable_input`).
"""

from __future__ import annotations

from rulescore import model as m
from rulescore.program import Program
from rulescore.reference.compiler import _COMPILERS, compile_expr
from rulescore.reference.facts import Fn


def _where(e: m.Where, program: Program) -> Fn:
    fn, site = compile_expr(e.operand, program), id(e)
    substitutions = {program.resolutions[id(s.target)].target:
                     (compile_expr(s.value, program), s) for s in e.substitutions}
    return lambda ctx, p, env: ctx.in_world(site, substitutions, fn, p, env)


_COMPILERS[m.Where] = _where
