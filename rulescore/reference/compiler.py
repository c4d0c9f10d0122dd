"""Checked model expressions into Python closures ``f(ctx, person, env)``.

No text is ever executed: each closure is built from the checked model by this module,
and the only foreign code that runs is a plugin's registered function.
"""

from __future__ import annotations

import operator
from typing import Callable

from rulescore import calendar as cal
from rulescore import model as m
from rulescore import transitions
from rulescore.exact import exact, mpq
from rulescore.program import Program, Symbol
from rulescore.reference.context import (ABSENT, MISSING, NO_VARS, EvaluationError, keep_missing,
                                         round_value, scoped)
from rulescore.reference.facts import Fn, compile_table, relation_call, symbol_getter
from rulescore.reference.worlds import substitutable_definition

_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "=": operator.eq, "!=": operator.ne}


def compile_definition(sym: Symbol, program: Program) -> Callable:
    """A closure ``f(ctx, person, env)`` that selects the version and evaluates it (in a
    world of a ``waarbij`` that substitutes the definition: the new value)."""
    if sym.qualname in program.substituted:
        return substitutable_definition(sym.qualname, _compile_definition(sym, program))
    return _compile_definition(sym, program)


def _compile_definition(sym: Symbol, program: Program) -> Callable:
    decl: m.Definition = sym.decl
    bodies = [(v.vanaf, v.tot, compile_expr(v.body, program)) for v in decl.versions]
    selector = compile_expr(decl.selector, program) if decl.selector is not None else None
    qual = sym.qualname
    if transitions.is_regimes(decl):
        return _regimes(decl, qual, [b for _, _, b in bodies], selector, program)
    if len(bodies) == 1 and bodies[0][0] is None and bodies[0][1] is None and selector is None:
        return bodies[0][2]

    def run(ctx, person, env):
        when = ctx.date if selector is None else selector(ctx, person, env)
        if when is MISSING:
            return MISSING
        for i, (vanaf, tot, body) in enumerate(bodies):
            if (vanaf is None or vanaf <= when) and (tot is None or when < tot):
                ctx.versions[(qual, person)] = i
                return body(ctx, person, env)
        raise EvaluationError("RS402", f"geen versie van '{qual}' geldt op {when.isoformat()}",
                              decl.span, hint="de regels zijn voor deze datum niet vastgelegd")
    return run


def _regimes(decl: m.Definition, qual: str, bodies: list, selector, program: Program) -> Callable:
    """The regime the person's date and the peildatum choose (:mod:`rulescore.transitions`),
    after the end of a right the regime ``na einde van`` it; the chosen index is kept as
    the version (``ctx.versions``)."""
    ends = [compile_expr(v.regime.ends, program) if v.regime.ends is not None else None
            for v in decl.versions]

    def run(ctx, person, env):
        when = ctx.date if selector is None else selector(ctx, person, env)
        if when is MISSING:
            return MISSING
        i = transitions.choose(decl, when, ctx.date)
        if i is None:
            raise EvaluationError("RS402", f"geen regime van '{qual}' geldt op "
                                  f"{ctx.date.isoformat()} voor deze persoon", decl.span,
                                  hint="de persoon heeft de datum niet waarop de regimes kiezen")
        if ends[i] is not None:
            end = ends[i](ctx, person, env)
            if end is MISSING:
                return MISSING
            if transitions.ended(end, ctx.date):
                i = transitions.successor(decl, i)
        ctx.versions[(qual, person)] = i
        return bodies[i](ctx, person, env)
    return run


def compile_expr(e, program: Program) -> Fn:
    return _COMPILERS[type(e)](e, program)


def _literal(e: m.Literal, program) -> Fn:
    value = exact(e.value)  # whole numbers as ints, others as mpq (see rulescore.exact)
    return lambda ctx, p, env: value


def _ref(e: m.Ref, program: Program) -> Fn:
    res = program.resolutions[id(e)]
    if res.kind == "var":
        var = res.target
        return lambda ctx, p, env: env[var]
    if res.kind == "builtin":  # iedereen: the other persons, once per person and run
        def everyone(ctx, p, env):
            key = ("iedereen", p)
            others = ctx.memo.get(key)
            if others is None:
                others = ctx.memo[key] = tuple(q for q in ctx.situation.person_ids if q != p)
            return others
        return everyone
    sym = program.symbols[res.target]
    if sym.kind == "definitie":  # the hot path: straight to the memo
        qual = sym.qualname
        if res.kind == "attr":  # ``q.leeftijd``: of a set member
            var = res.var
            return lambda ctx, p, env: ctx.value(qual, env[var])
        fast = _alias_target(qual, program)

        def definition(ctx, p, env):
            memo = ctx.fast
            if memo is not None:  # Context.compute's fast path, inlined: the hottest call
                key = (fast, p)
                val = memo.get(key, ABSENT)
                if val is ABSENT:
                    val = memo[key] = ctx.program.definitions[fast](ctx, p, NO_VARS)
                return val
            return ctx.value(qual, p)  # tracing or diagnosing: the full bookkeeping
        return definition
    getter = symbol_getter(sym, program)
    if id(e) in program.known_reads:  # feit … telt vanaf het besluit: as known that day
        plain = getter
        getter = lambda ctx, p, env: ctx.known_as(ctx.date, plain, p, env)  # noqa: E731
    if res.kind == "attr":
        var = res.var
        return lambda ctx, p, env: getter(ctx, env[var], env)
    return getter


def _alias_target(qual: str, program: Program) -> str:
    """The definition an alias (``definitie a = b``, one version) stands for, followed to
    the end; ``qual`` itself otherwise. Only the fast path skips aliases: a trace keeps
    every step, so an explanation still shows ``awir.toetsingsinkomen`` → its source.
    A name a ``waarbij`` substitutes is never skipped: in its world it has another value."""
    while True:
        if qual in program.substituted:
            return qual
        decl = program.symbols[qual].decl
        if len(decl.versions) != 1 or decl.selector is not None:
            return qual
        version = decl.versions[0]
        body = version.body
        if version.vanaf is not None or version.tot is not None or not isinstance(body, m.Ref):
            return qual
        res = program.resolutions[id(body)]
        if res.kind != "symbol" or program.symbols[res.target].kind != "definitie":
            return qual
        qual = res.target


def _needed_only(fn: Fn) -> Fn:
    """``fn``, counting the missing inputs met on the way only if its value is MISSING
    (when diagnosing; the fast path keeps none): ``a of b`` with b ja, or ``alle(…)``
    with one member nee, did not need the unknown a."""
    def deciding(ctx, p, env):
        if ctx.stack is None:
            return fn(ctx, p, env)
        v, missing = scoped(ctx, fn, p, env)
        if v is MISSING:
            keep_missing(ctx, missing)
        return v
    return deciding


def _logic(op: str, left: Fn, right: Fn) -> Fn:
    """``a en b`` / ``a of b`` of compiled operands: the second read only if needed. The
    fast path is inlined (these run once per member of every set); diagnosing, see
    :func:`_needed_only`."""
    if op == "en":
        def plain_and(ctx, p, env):
            a = left(ctx, p, env)
            if a is False:
                return False
            b = right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return False if b is False else MISSING
            return b
        diagnosing = _needed_only(plain_and)

        def and_(ctx, p, env):
            if ctx.stack is not None:
                return diagnosing(ctx, p, env)
            a = left(ctx, p, env)
            if a is False:
                return False
            b = right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return False if b is False else MISSING
            return b
        return and_

    def plain_or(ctx, p, env):
        a = left(ctx, p, env)
        if a is True:
            return True
        b = right(ctx, p, env)
        if a is MISSING or b is MISSING:
            return True if b is True else MISSING
        return b
    diagnosing = _needed_only(plain_or)

    def or_(ctx, p, env):
        if ctx.stack is not None:
            return diagnosing(ctx, p, env)
        a = left(ctx, p, env)
        if a is True:
            return True
        b = right(ctx, p, env)
        if a is MISSING or b is MISSING:
            return True if b is True else MISSING
        return b
    return or_


def _binary(e: m.Binary, program: Program) -> Fn:
    left, right = compile_expr(e.left, program), compile_expr(e.right, program)
    op = e.op
    if op in ("en", "of"):
        return _logic(op, left, right)
    if op == "/":
        span = e.span

        def div(ctx, p, env):
            a, b = left(ctx, p, env), right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return MISSING
            if b == 0:
                raise EvaluationError("RS404", "deling door nul", span)
            return mpq(a) / b
        return div
    ltype = program.types.get(id(e.left))
    if op in ("+", "-") and ltype is not None and ltype.kind == "datum":
        sign, span = (1 if op == "+" else -1), e.span
        return lambda ctx, p, env: _date_add(left(ctx, p, env), right(ctx, p, env), sign, span)
    fn = _ARITH.get(op) or _COMPARE[op]
    if op in _INLINE:  # MISSING absorbs these operators, so no check is needed
        if isinstance(e.right, m.Literal):  # a constant operand: one closure call fewer
            c = exact(e.right.value)
            return lambda ctx, p, env: fn(left(ctx, p, env), c)
        if isinstance(e.left, m.Literal):
            c = exact(e.left.value)
            return lambda ctx, p, env: fn(c, right(ctx, p, env))
        return _INLINE[op](left, right)
    if op in ("=", "!="):
        def eq(ctx, p, env):
            a, b = left(ctx, p, env), right(ctx, p, env)
            if a is MISSING or b is MISSING:
                return MISSING
            return fn(a, b)
        return eq
    return lambda ctx, p, env: fn(left(ctx, p, env), right(ctx, p, env))


_INLINE = {  # the common operators without an extra call per evaluation
    "+": lambda left, right: lambda ctx, p, env: left(ctx, p, env) + right(ctx, p, env),
    "-": lambda left, right: lambda ctx, p, env: left(ctx, p, env) - right(ctx, p, env),
    "*": lambda left, right: lambda ctx, p, env: left(ctx, p, env) * right(ctx, p, env),
    "<": lambda left, right: lambda ctx, p, env: left(ctx, p, env) < right(ctx, p, env),
    "<=": lambda left, right: lambda ctx, p, env: left(ctx, p, env) <= right(ctx, p, env),
    ">": lambda left, right: lambda ctx, p, env: left(ctx, p, env) > right(ctx, p, env),
    ">=": lambda left, right: lambda ctx, p, env: left(ctx, p, env) >= right(ctx, p, env),
}


def _date_add(d, dur, sign, span):
    if d is MISSING or dur is MISSING:
        return MISSING
    try:
        return cal.add(d, dur, sign)
    except cal.OutsideCalendar:
        raise _outside_calendar(span) from None


def _outside_calendar(span) -> EvaluationError:
    return EvaluationError("RS411", "de datum valt buiten de kalender (jaar 1 tot en met 9999)",
                           span, hint="controleer de datums en de duur in deze regel")


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
        # MISSING: which branch the outcome needs is unknown, so neither is evaluated; the
        # condition's missing inputs are reported, a branch's once the condition is known
        # (a branch not taken must not report missing inputs or RS407)
        return MISSING
    return if_


def _round(e: m.Round, program: Program) -> Fn:
    inner = compile_expr(e.operand, program)
    to, mode = e.to, e.mode
    return lambda ctx, p, env: round_value(inner(ctx, p, env), to, mode)


def _call(e: m.Call, program: Program) -> Fn:
    res = program.resolutions[id(e)]
    args = [compile_expr(a, program) for a in e.args]
    if res.kind == "function":
        fn = _BUILTINS.get(res.target) or program.functions[res.target].func
        if len(args) == 1:
            (a1,) = args
            span = e.span

            def call1(ctx, p, env):
                v = a1(ctx, p, env)
                try:
                    return MISSING if v is MISSING else fn(v)
                except cal.OutsideCalendar:  # eerste_dag_volgende_maand of 31 december 9999
                    raise _outside_calendar(span) from None
            return call1
        if len(args) == 2 and isinstance(e.args[0], m.Literal):  # max(0, …): one call fewer
            c, a2 = exact(e.args[0].value), args[1]

            def call_const(ctx, p, env):
                w = a2(ctx, p, env)
                return MISSING if w is MISSING else fn(c, w)
            return call_const
        if len(args) == 2:
            a1, a2 = args

            def call2(ctx, p, env):
                v, w = a1(ctx, p, env), a2(ctx, p, env)
                return MISSING if v is MISSING or w is MISSING else fn(v, w)
            return call2

        def call(ctx, p, env):
            vals = [a(ctx, p, env) for a in args]
            if any(v is MISSING for v in vals):
                return MISSING
            return fn(*vals)
        return call
    if res.kind in ("relation", "relfact"):
        return relation_call(program.symbols[res.target], args, e.span)
    return compile_table(program.symbols[res.target], args, e.span)


_BUILTINS = {
    "max": max, "min": min,
    "jaren_tussen": cal.years_between, "maanden_tussen": cal.months_between,
    "jaar": lambda d: d.year, "maand": lambda d: d.month,
    "eerste_dag_volgende_maand": cal.first_of_next_month,
    "eerste_dag_van_maand": cal.first_of_month,
    "eerste_dag_van_kwartaal": cal.first_of_quarter,
    "eerste_dag_van_jaar": cal.first_of_year,
}


def _undecided(e: m.Undecided, program) -> Fn:
    message, span = e.message, e.span

    def undecided(ctx, p, env):
        raise EvaluationError("RS407", f"de wet beslist niet voor {p}: {message}", span,
                              hint="geef in de situatie het feit op waarmee de uitvoering dit "
                                   "geval beslist (zie de toelichting van de regel)")
    return undecided


def _subject(e, program) -> Fn:
    return lambda ctx, p, env: p


def _evaldate(e, program) -> Fn:
    return lambda ctx, p, env: ctx.date


_COMPILERS = {
    m.Literal: _literal, m.Ref: _ref, m.Binary: _binary, m.Unary: _unary, m.If: _if,
    m.Round: _round, m.Call: _call,
    m.Subject: _subject, m.EvalDate: _evaldate, m.Undecided: _undecided,
}
