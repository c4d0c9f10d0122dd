"""Checked expressions and a bound variable into what they read of it, for both evaluators.

``(p in S waarvoor c)`` and the aggregates bind a variable; whether ``c`` reads it at
all (:func:`reads`) or reads nothing but it (:func:`member_only`) decides whether an
evaluator can compute ``c`` once per row, once per member, or must visit every pair.
"""

from __future__ import annotations


from rulescore import model as m
from rulescore.program import Program, resolved


def reads(e, var: str, program: Program) -> bool:
    """Whether ``e`` reads the bound variable ``var`` (itself or an attribute of it)."""
    return any((res.kind == "var" and res.target == var) or (res.kind == "attr" and res.var == var)
               for res in resolved(program, e))


#: expression types whose value for a row follows from their operands alone
PLAIN = (m.Binary, m.Unary, m.If, m.Round, m.Literal, m.EvalDate, m.Call, m.Ref)


def member_only(e, var: str, program: Program) -> bool:
    """Whether ``e`` depends on no person but the one bound to ``var``."""
    if isinstance(e, m.Aggregate) and e.kind == "aantal":  # aantal(p.kinderen)
        return member_only(e.source, var, program)
    if not isinstance(e, PLAIN):
        return False  # ik, sets, period expressions, waarbij, onbeslist: the expansion
    if isinstance(e, m.Ref):
        res = program.resolutions.get(id(e))
        if res is None:
            return False
        if res.kind == "var":
            return res.target == var
        if res.kind == "attr":
            return res.var == var
        if res.kind == "enumvalue":
            return True
        if res.kind == "symbol":
            return program.symbols[res.target].kind == "parameter"
        return False
    if isinstance(e, m.Call):
        res = program.resolutions.get(id(e))
        if res is None or res.kind in ("relation", "relfact"):
            return False
        return all(member_only(a, var, program) for a in e.args)
    children = {m.Binary: lambda x: (x.left, x.right), m.Unary: lambda x: (x.operand,),
                m.If: lambda x: (x.cond, x.then, x.otherwise), m.Round: lambda x: (x.operand,),
                m.Literal: lambda x: (), m.EvalDate: lambda x: ()}[type(e)](e)
    return all(member_only(c, var, program) for c in children)
