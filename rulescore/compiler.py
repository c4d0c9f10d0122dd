"""Checked model expressions into Python closures ``f(ctx, person, env)``.

No text is ever executed: each closure is built from the checked model by this module,
and the only foreign code that runs is a plugin's registered function.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from typing import Any, Callable

from rulescore import calendar as cal
from rulescore import model as m
from rulescore.evaluation import MISSING, EvaluationError, parameter_value, round_value
from rulescore.program import Program, Symbol

Fn = Callable[[Any, str, dict], Any]

_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "=": operator.eq, "!=": operator.ne}


def compile_definition(sym: Symbol, program: Program) -> Callable:
    """A closure ``f(ctx, person)`` that selects the version and evaluates it."""
    decl: m.Definition = sym.decl
    bodies = [(v.vanaf, v.tot, compile_expr(v.body, program)) for v in decl.versions]
    selector = compile_expr(decl.selector, program) if decl.selector is not None else None
    qual = sym.qualname
    if len(bodies) == 1 and bodies[0][0] is None and bodies[0][1] is None and selector is None:
        body = bodies[0][2]
        return lambda ctx, person: body(ctx, person, {})

    def run(ctx, person):
        when = ctx.date if selector is None else selector(ctx, person, {})
        if when is MISSING:
            return MISSING
        for i, (vanaf, tot, body) in enumerate(bodies):
            if (vanaf is None or vanaf <= when) and (tot is None or when < tot):
                ctx.versions[(qual, person)] = i
                return body(ctx, person, {})
        raise EvaluationError("RS402", f"geen versie van '{qual}' geldt op {when.isoformat()}",
                              decl.span, hint="de regels zijn voor deze datum niet vastgelegd")
    return run


def compile_expr(e, program: Program) -> Fn:
    return _COMPILERS[type(e)](e, program)


def _literal(e: m.Literal, program) -> Fn:
    value = e.value
    if e.kind == "getal" and value.denominator == 1:
        value = int(value)  # whole numbers as ints: exact with Fractions, and much faster
    return lambda ctx, p, env: value


def _ref(e: m.Ref, program: Program) -> Fn:
    res = program.resolutions[id(e)]
    if res.kind == "var":
        var = res.target
        return lambda ctx, p, env: env[var]
    if res.kind == "builtin":  # iedereen
        return lambda ctx, p, env: tuple(q for q in ctx.situation.person_ids if q != p)
    sym = program.symbols[res.target]
    if sym.kind == "definitie":  # the hot path: straight to the memo
        qual = sym.qualname
        if res.kind == "attr":
            var = res.var
            return lambda ctx, p, env: ctx.value(qual, env[var])
        return lambda ctx, p, env: ctx.value(qual, p)
    getter = _symbol_getter(sym, program)
    if res.kind == "attr":
        var = res.var
        return lambda ctx, p, env: getter(ctx, env[var])
    return lambda ctx, p, env: getter(ctx, p)


def _symbol_getter(sym: Symbol, program: Program) -> Callable:
    """Parameters and inputs; definitions go straight to the memo in :func:`_ref`."""
    qual = sym.qualname
    if sym.kind == "parameter":
        decl = sym.decl

        def param(ctx, person):
            dv = ctx.params.get(qual)
            if dv is None:
                dv = ctx.params[qual] = parameter_value(decl, ctx.date)
            if dv is None:
                raise EvaluationError("RS403", f"parameter '{qual}' heeft geen waarde op "
                                      f"{ctx.date.isoformat()}", decl.span,
                                      hint="de waarden gelden van " + ", ".join(
                                          f"{v.vanaf}" + (f" tot {v.tot}" if v.tot else "")
                                          for v in decl.values))
            ctx.note(("parameter", qual, dv.vanaf))
            return dv.value.value
        return param
    decl: m.Input = sym.decl
    default = decl.default.value if decl.default is not None else None
    if decl.owner == "persoon":
        def person_input(ctx, person):
            facts = ctx.situation.persons[person]
            if qual in facts:
                ctx.note(("invoer", qual, person))
                return facts[qual]
            if default is not None:
                ctx.note(("standaard", qual, person))
                return default
            ctx.missing.setdefault(("persoon", qual, person), ctx.needed_by())
            return MISSING
        return person_input
    # woning: read through the person's woonadres (the one adres-typed person input)
    def dwelling_input(ctx, person):
        addr = ctx.situation.persons[person].get("woonadres")
        if addr is None:
            ctx.missing.setdefault(("persoon", "woonadres", person), ctx.needed_by())
            return MISSING
        facts = ctx.situation.dwellings.get(addr, {})
        if qual in facts:
            ctx.note(("invoer", qual, addr))
            return facts[qual]
        if default is not None:
            return default
        ctx.missing.setdefault(("woning", qual, addr), ctx.needed_by())
        return MISSING
    return dwelling_input


def _binary(e: m.Binary, program: Program) -> Fn:
    left, right = compile_expr(e.left, program), compile_expr(e.right, program)
    op = e.op
    if op == "en":
        def and_(ctx, p, env):
            a = left(ctx, p, env)
            if a is False:
                return False
            b = right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return False if b is False else MISSING
            return b
        return and_
    if op == "of":
        def or_(ctx, p, env):
            a = left(ctx, p, env)
            if a is True:
                return True
            b = right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return True if b is True else MISSING
            return b
        return or_
    if op == "/":
        span = e.span

        def div(ctx, p, env):
            a, b = left(ctx, p, env), right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return MISSING
            if b == 0:
                raise EvaluationError("RS404", "deling door nul", span)
            return Fraction(a) / b
        return div
    ltype = program.types.get(id(e.left))
    if op in ("+", "-") and ltype is not None and ltype.kind == "datum":
        sign = 1 if op == "+" else -1
        return lambda ctx, p, env: _date_add(left(ctx, p, env), right(ctx, p, env), sign)
    fn = _ARITH.get(op) or _COMPARE[op]
    if op in ("=", "!="):
        def eq(ctx, p, env):
            a, b = left(ctx, p, env), right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return MISSING
            return fn(a, b)
        return eq
    return lambda ctx, p, env: fn(left(ctx, p, env), right(ctx, p, env))


def _date_add(d, dur, sign):
    if d is MISSING or dur is MISSING:
        return MISSING
    return cal.add(d, dur, sign)


def _unary(e: m.Unary, program: Program) -> Fn:
    inner = compile_expr(e.operand, program)
    if e.op == "-":
        return lambda ctx, p, env: -inner(ctx, p, env)

    def not_(ctx, p, env):
        v = inner(ctx, p, env)
        return MISSING if v is MISSING else not v
    return not_


def _if(e: m.If, program: Program) -> Fn:
    cond, then, other = (compile_expr(x, program) for x in (e.cond, e.then, e.otherwise))

    def if_(ctx, p, env):
        c = cond(ctx, p, env)
        if c is True:
            return then(ctx, p, env)
        if c is False:
            return other(ctx, p, env)
        then(ctx, p, env)  # MISSING: visit both branches so every missing input is listed
        other(ctx, p, env)
        return MISSING
    return if_


def _round(e: m.Round, program: Program) -> Fn:
    inner = compile_expr(e.operand, program)
    to, mode = e.to, e.mode
    return lambda ctx, p, env: round_value(inner(ctx, p, env), to, mode)


def _filter(e: m.Filter, program: Program) -> Fn:
    source, cond, var = compile_expr(e.source, program), compile_expr(e.cond, program), e.var

    def filter_(ctx, p, env):
        members = source(ctx, p, env)
        if members is MISSING:
            return MISSING
        out, unknown = [], False
        for q in members:
            c = cond(ctx, p, {**env, var: q})
            if c is MISSING:
                unknown = True
            elif c:
                out.append(q)
        return MISSING if unknown else tuple(out)
    return filter_


def _aggregate(e: m.Aggregate, program: Program) -> Fn:
    source = compile_expr(e.source, program)
    if e.kind == "aantal":
        def count(ctx, p, env):
            s = source(ctx, p, env)
            return MISSING if s is MISSING else len(s)
        return count
    body, var, kind = compile_expr(e.body, program), e.var, e.kind

    def agg(ctx, p, env):
        s = source(ctx, p, env)
        if s is MISSING:
            return MISSING
        vals = [body(ctx, p, {**env, var: q}) for q in s]
        if kind == "som":
            return MISSING if MISSING in vals else sum(vals)
        decided = [v for v in vals if v is not MISSING]
        if kind == "alle":
            return False if False in decided else (MISSING if len(decided) < len(vals) else True)
        return True if True in decided else (MISSING if len(decided) < len(vals) else False)
    return agg


def _call(e: m.Call, program: Program) -> Fn:
    res = program.resolutions[id(e)]
    args = [compile_expr(a, program) for a in e.args]
    if res.kind == "function":
        fn = _BUILTINS.get(res.target) or program.functions[res.target].func

        def call(ctx, p, env):
            vals = [a(ctx, p, env) for a in args]
            if any(v is MISSING for v in vals):
                return MISSING
            return fn(*vals)
        return call
    if res.kind in ("relation", "relfact"):
        return _relation_call(program.symbols[res.target], args, e.span)
    from rulescore.tables import compile_table

    return compile_table(program.symbols[res.target], args, e.span)


def _relation_call(sym: Symbol, args, span) -> Fn:
    a_fn, b_fn = args
    if sym.kind == "relatie":
        kind = sym.qualname

        def exists(ctx, p, env):
            a, b = a_fn(ctx, p, env), b_fn(ctx, p, env)
            return (kind, a, b) in ctx.situation.relations
        return exists
    decl: m.Input = sym.decl
    kind, name = decl.relation, sym.qualname
    default = decl.default.value if decl.default is not None else None

    def fact(ctx, p, env):
        a, b = a_fn(ctx, p, env), b_fn(ctx, p, env)
        facts = ctx.situation.relations.get((kind, a, b))
        if facts is None:
            raise EvaluationError("RS405", f"'{name}' gevraagd, maar er is geen {kind} tussen "
                                  f"{a} en {b}", span,
                                  hint=f"controleer eerst {kind}({a}, {b})")
        if name in facts:
            ctx.note(("invoer", name, f"{a}~{b}"))
            return facts[name]
        if default is not None:
            return default
        ctx.missing.setdefault(("relatie", name, f"{kind} {a}-{b}"), ctx.needed_by())
        return MISSING
    return fact


def _max(*xs):
    return max(xs)


def _min(*xs):
    return min(xs)


_BUILTINS = {
    "max": _max, "min": _min,
    "jaren_tussen": cal.years_between, "maanden_tussen": cal.months_between,
    "jaar": lambda d: d.year, "maand": lambda d: d.month,
    "eerste_dag_volgende_maand": cal.first_of_next_month,
    "eerste_dag_van_maand": cal.first_of_month,
    "eerste_dag_van_kwartaal": cal.first_of_quarter,
    "eerste_dag_van_jaar": cal.first_of_year,
}


def _subject(e, program) -> Fn:
    return lambda ctx, p, env: p


def _evaldate(e, program) -> Fn:
    return lambda ctx, p, env: ctx.date


_COMPILERS = {
    m.Literal: _literal, m.Ref: _ref, m.Binary: _binary, m.Unary: _unary, m.If: _if,
    m.Round: _round, m.Filter: _filter, m.Aggregate: _aggregate, m.Call: _call,
    m.Subject: _subject, m.EvalDate: _evaldate,
}
