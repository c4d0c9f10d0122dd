"""Checked model expressions into numpy column functions ``f(run, frame) -> (values, unsure)``.

A :class:`Frame` is a set of rows to evaluate in: the person each row is evaluated for,
and the persons bound by ``(p in S …)``. Sets of persons are bitmasks over the household,
and so are conditions on a member (:mod:`.segments`, :mod:`.masks`); a ``som`` whose
body needs pairs expands each row into one row per member (:mod:`.sets`).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np

from rulescore import model as m
from rulescore import bound, transitions
from rulescore.batch import dates, lookups, masks, ops, regimes, segments
from rulescore.batch.denominators import denominator, symbol_denominator
from rulescore.batch.population import column_dtype, date_to_days
from rulescore.batch.row_denominators import definition_row_denominators, row_denominators
from rulescore.batch.sets import TooManyRows, any_by_parent, expand
from rulescore.batch.state import FALSE, Frame, Run, known_as, reused
from rulescore.dated import parameter_value
from rulescore.program import Program


def compile_definition(decl: m.Definition, program: Program):
    bodies = [(v.vanaf, v.tot, compile_expr(v.body, program)) for v in decl.versions]
    selector = compile_expr(decl.selector, program) if decl.selector is not None else None
    if transitions.is_regimes(decl):
        ends = [compile_expr(v.regime.ends, program) if v.regime.ends is not None else None
                for v in decl.versions]
        return regimes.compiled(decl, [b for _, _, b in bodies], selector, ends)

    def run(r: Run, f: Frame):
        if selector is None:
            when, when_unsure = r.days, FALSE
        else:
            when, when_unsure = selector(r, f)
        values, unsure = None, np.ones(f.n, dtype=bool)
        for vanaf, tot, body in bodies:
            ok = np.ones(f.n, dtype=bool)
            if vanaf is not None:
                ok &= when >= date_to_days(vanaf)
            if tot is not None:
                ok &= when < date_to_days(tot)
            if not ok.any():
                continue
            v, u = body(r, f)
            values = np.where(ok, v, values) if values is not None else np.where(ok, v, _zero(v))
            unsure = np.where(ok, u, unsure)
        if values is None:
            return np.zeros(f.n), np.ones(f.n, dtype=bool)
        return values, unsure | when_unsure
    return run


def _zero(v):
    return np.zeros_like(np.asarray(v))


def compile_expr(e, program: Program):
    return _COMPILERS[type(e)](e, program)


def _literal(e: m.Literal, program):
    v = e.value
    if e.kind == "datum":
        v = date_to_days(v)
    elif e.kind == "duur":
        v = (v.years * 12 + v.months) * dates.DURATION_MONTH + v.days
    elif isinstance(v, Fraction) or (type(v) is int and abs(v) > 2**53):
        exact, v = v, _float(v)  # (a huge whole number too: numpy has no unbounded integers)
        if not np.isfinite(v) or (exact != 0 and abs(v) < _SMALLEST_NORMAL):
            # beyond float64 (±inf) or below its normal range (0, or a subnormal with few
            # bits): every row using it is unsure, so the exact evaluator decides, even
            # where the float result looks exact (1 / 10^309 is 0 in float64)
            return lambda r, f: (v, np.True_)
    return lambda r, f: (v, FALSE)


#: The smallest positive normal float64; below it a literal has lost precision.
_SMALLEST_NORMAL = np.finfo(np.float64).tiny


def _float(v) -> float:
    """A literal as float64; beyond its range ±inf (see :func:`_literal`)."""
    try:
        return float(v)
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")


def _ref(e: m.Ref, program: Program):
    fn = _plain_ref(e, program)
    if id(e) in program.known_reads:  # feit … telt vanaf het besluit
        return known_as(fn)
    return fn


def _plain_ref(e: m.Ref, program: Program):
    res = program.resolutions[id(e)]
    if res.kind == "var":
        return lambda r, f: (f.vars[res.target], FALSE)
    if res.kind == "builtin":
        def everyone(r, f):
            if f.parent is None and "iedereen" in r.memo:
                return r.memo["iedereen"], FALSE
            h = r.pop.household[f.person]
            masks = r.pop.all_mask[h] & ~np.left_shift(np.int64(1), r.pop.local[f.person])
            if f.parent is None:
                r.memo["iedereen"] = masks
            return masks, FALSE
        return everyone
    sym = program.symbols[res.target]
    if res.kind == "attr":
        getter = _person_getter(sym, program)
        return lambda r, f: getter(r, f.vars[res.var])
    if sym.kind == "parameter":
        return _parameter(sym)
    getter = _person_getter(sym, program)
    # in the root frame (every person once, in order) the memoised column is the answer:
    # no gather, and the same array object, so set expansions and date parts are reused
    if sym.kind == "definitie":
        qual = sym.qualname
        return lambda r, f: r.definition(qual) if f.parent is None else getter(r, f.person)
    column = getter.column
    return lambda r, f: column(r) if f.parent is None else getter(r, f.person)


def _person_getter(sym, program):
    """A function (run, person indices) → (values, unsure) for a definition or input."""
    qual = sym.qualname
    if sym.kind == "definitie":
        def definition(r, idx):
            values, unsure = r.definition(qual)
            return values[idx], unsure[idx]
        return definition
    default = sym.decl.default
    key = ("invoer", qual)

    def column(r):
        """The input over all persons, once per run: (values, unsure)."""
        hit = r.memo.get(key)
        if hit is None:
            col = r.pop.inputs.get(qual)
            fallback = _literal(default, program)(r, None)[0] if default is not None else None
            n = r.pop.n_persons
            if col is None and fallback is not None:  # a legal default needs no column
                hit = np.full(n, fallback), np.zeros(n, dtype=bool)
            elif col is None:  # unsure everywhere; of its own type, so comparisons still run
                hit = np.zeros(n, dtype=column_dtype(sym.type.kind)), np.ones(n, dtype=bool)
            elif fallback is not None:
                hit = np.where(col.present, col.values, fallback), np.zeros(n, dtype=bool)
            else:
                hit = col.values, ~col.present
            r.memo[key] = hit
        return hit

    def person_input(r, idx):
        values, unsure = column(r)
        return values[idx], unsure[idx]
    person_input.column = column
    return person_input


def _parameter(sym):
    decl = sym.decl

    def param(r, f):
        dv = parameter_value(decl, r.date)
        if dv is None:
            return 0.0, np.bool_(True)
        return _literal(dv.value, None)(r, f)[0], FALSE
    return param


def _binary(e: m.Binary, program: Program):
    left, right, op = compile_expr(e.left, program), compile_expr(e.right, program), e.op
    lt = program.types[id(e.left)]
    if op in ("en", "of"):
        # Unsure stays unsure even where the other operand decides: such rows are
        # recomputed exactly, and the reference evaluator decides which missing inputs the
        # outcome needed (``a of b`` with b ja needs no a), so both paths agree.
        def logic(r, f):
            (a, au), (b, bu) = left(r, f), right(r, f)
            if op == "en":
                return a & b, au | (bu & a)
            return a | b, au | (bu & ~a)
        return logic
    if lt.kind == "datum" and op in ("+", "-"):
        sign = 1 if op == "+" else -1

        def date_add(r, f):
            (a, au), (b, bu) = left(r, f), right(r, f)
            v = dates.add_duration(a, b, sign, parts=_parts(r))
            return v, au | bu | dates.outside_calendar(v)  # the exact evaluator: RS411
        return date_add
    if op in ("<", "<=", ">", ">=", "=", "!="):
        numeric = lt.kind == "getal"

        def cmp(r, f):
            (a, au), (b, bu) = left(r, f), right(r, f)
            if numeric:
                v, u = ops.compare(op, a, b)
                if np.any(u):  # near-equal: exact where both sides have a known denominator
                    v, u = ops.settle_comparison(op, a, b, v, u, denominator(e.left, r),
                                                 denominator(e.right, r))
                return v, au | bu | u
            return np.asarray(ops.COMPARE[op](a, b), dtype=bool), au | bu
        return cmp
    if op == "/":
        def div(r, f):
            (a, au), (b, bu) = left(r, f), right(r, f)
            v = np.divide(a, b)
            return v, au | bu | (np.asarray(b) == 0) | ops.inexact(v)
        return div
    fn = {"+": np.add, "-": np.subtract, "*": np.multiply}[op]
    return lambda r, f: _arith(fn, left(r, f), right(r, f))


def _arith(fn, a, b):
    v = fn(a[0], b[0])
    return v, a[1] | b[1] | ops.inexact(v)  # overflow, NaN, lost cents: see ops.inexact


def _unary(e: m.Unary, program):
    inner = compile_expr(e.operand, program)
    if e.op == "-":
        return lambda r, f: (lambda v: (np.negative(v[0]), v[1]))(inner(r, f))
    return lambda r, f: (lambda v: (np.logical_not(v[0]), v[1]))(inner(r, f))


def _if(e: m.If, program):
    cond, then, other = (compile_expr(x, program) for x in (e.cond, e.then, e.otherwise))
    if isinstance(e.then, m.Undecided) or isinstance(e.otherwise, m.Undecided):
        return _if_undecided(cond, then if isinstance(e.otherwise, m.Undecided) else other,
                             undecided_when=not isinstance(e.then, m.Undecided))

    def if_(r, f):
        c, cu = cond(r, f)
        c = np.asarray(c)
        if not c.any():  # one branch for every row (often: a condition on the date)
            b, bu = other(r, f)
            return b, cu | bu
        if c.all():
            a, au = then(r, f)
            return a, cu | au
        (a, au), (b, bu) = then(r, f), other(r, f)
        return np.where(c, a, b), cu | np.where(c, au, bu)
    return if_


def _if_undecided(cond, decided, undecided_when: bool):
    """``als c dan x anders onbeslist "…"`` (or the mirror): the rows that reach
    ``onbeslist`` are unsure, so the exact evaluator takes them and reports RS407."""
    def if_(r, f):
        c, cu = cond(r, f)
        v, u = decided(r, f)
        reached = np.logical_not(c) if undecided_when else np.asarray(c, dtype=bool)
        return v, cu | u | reached
    return if_


def _undecided(e: m.Undecided, program):
    return lambda r, f: (np.zeros(f.n, dtype=np.int64), np.ones(f.n, dtype=bool))


def _round(e: m.Round, program):
    inner = compile_expr(e.operand, program)

    def round_(r, f):
        v, u = inner(r, f)
        rounded, tie = ops.round_values(v, e.to, e.mode)
        if np.any(tie):
            rounded, tie = settle(r, f, v, rounded, tie, e.to, e.mode, expr=e.operand)
        return rounded, u | tie
    return round_


def settle(r: Run, f: Frame, v, rounded, tie, to: str, mode: str, expr=None, qualname=None):
    """Rounding ties of ``expr`` (or of a definition) decided exactly where possible.

    First with the denominator the rules fix for all rows, then, for rows still tied,
    with a denominator per row (:mod:`rulescore.batch.row_denominators`)."""
    static = symbol_denominator(qualname, r) if qualname else denominator(expr, r)
    rounded, tie = ops.settle_rounding(v, rounded, tie, static, to, mode)
    if not np.any(tie):
        return rounded, tie
    v, rounded, tie = (np.broadcast_to(x, (f.n,)) for x in (v, rounded, tie))
    rows = np.flatnonzero(tie)
    tied = Frame(f.person[rows], {k: np.broadcast_to(x, (f.n,))[rows] for k, x in f.vars.items()},
                 rows)

    def values(e, g):
        key = ("node", id(e))  # compiled sub-expressions, next to the compiled definitions
        if key not in r.compiled:
            r.compiled[key] = compile_expr(e, r.program)
        return r.compiled[key](r, g)
    d = (definition_row_denominators(qualname, r, tied, values) if qualname
         else row_denominators(expr, r, tied, values))
    return ops.settle_rounding(v, rounded, tie, d, to, mode)


def _filter(e: m.Filter, program):
    source = compile_expr(e.source, program)
    on_member = bound.member_only(e.cond, e.var, program)
    sides = None if on_member else segments.equality_sides(e.cond, e.var, program)
    sides = sides and tuple(compile_expr(x, program) for x in sides)
    cond = compile_expr(e.cond, program) if on_member else None
    bits = None if on_member else masks.condition(e.cond, e.var, program, compile_expr)
    key = ("segment", id(e), e.var)

    def filter_(r, f):
        sets, su = source(r, f)
        if not np.any(sets):  # every set empty: so is every result
            return np.zeros(f.n, dtype=np.int64), su
        if on_member:  # no expansion: see rulescore.batch.segments
            return segments.filtered(r, f, sets, su, cond, key)
        if sides is not None:
            found = segments.matched(r, f, sets, su, *sides, key)
            if found is not None:
                return found
        return _members(bits, r, f, sets, su)
    return filter_


def _members(bits, r, f, sets, su):
    """The members of each row's set for which the condition holds, and whether the row
    is unsure (a member is): see rulescore.batch.masks."""
    sets = np.broadcast_to(np.asarray(sets, dtype=np.int64), (f.n,))
    holds, unsure = bits(r, f, sets)
    return sets & holds, su | ((sets & unsure) != 0)


def _aggregate(e: m.Aggregate, program):
    source = compile_expr(e.source, program)
    if e.kind == "aantal":
        return lambda r, f: (lambda s: (ops.popcount(s[0]).astype(np.float64), s[1]))(source(r, f))
    body = compile_expr(e.body, program)
    on_member = bound.member_only(e.body, e.var, program)
    key = ("segment", id(e), e.var)
    bits = (masks.condition(e.body, e.var, program, compile_expr)
            if e.kind in ("enige", "alle") and not on_member else None)

    def agg(r, f):
        sets, su = source(r, f)
        if on_member and e.kind == "som":  # no expansion: see rulescore.batch.segments
            return segments.summed(r, f, sets, su, body, key)
        if on_member:
            return segments.quantified(r, f, sets, su, e.kind, body, key)
        if bits is not None:  # enige, alle: bitmasks, see rulescore.batch.masks
            yes, unsure = _members(bits, r, f, sets, su)
            if e.kind == "enige":
                return yes != 0, unsure
            return yes == np.broadcast_to(np.asarray(sets, dtype=np.int64), (f.n,)), unsure
        try:
            child = expand(r, f, sets, e.var)
        except TooManyRows:  # the exact evaluator decides, within its work budget
            return np.zeros(f.n), np.ones(f.n, dtype=bool)
        v, u = body(r, child)
        v = np.broadcast_to(v, (child.n,))
        unsure = su | any_by_parent(u, child, f.n)
        if e.kind == "som":
            total = np.bincount(child.parent, weights=v.astype(np.float64), minlength=f.n)
            return total, unsure | ops.inexact(total)
        hits = np.bincount(child.parent, weights=v.astype(np.float64), minlength=f.n)
        if e.kind == "enige":
            return hits > 0, unsure
        return hits == np.bincount(child.parent, minlength=f.n), unsure
    return agg


def _parts(r: Run):
    """:func:`rulescore.batch.dates.ymd`, computed once per run for the same column."""
    return lambda days: reused(r, dates.ymd, days)


_DATE_FUNCS = {"jaren_tussen": dates.years_between, "maanden_tussen": dates.months_between,
               "jaar": dates.year, "maand": dates.month,
               "eerste_dag_volgende_maand": dates.first_of_next_month,
               "eerste_dag_van_maand": dates.first_of_month,
               "eerste_dag_van_kwartaal": dates.first_of_quarter,
               "eerste_dag_van_jaar": dates.first_of_year}


def _call(e: m.Call, program: Program):
    res = program.resolutions[id(e)]
    args = [compile_expr(a, program) for a in e.args]

    def evaluated(r, f):
        vals = [a(r, f) for a in args]
        unsure = FALSE
        for _, u in vals:
            unsure = unsure | u
        return [v for v, _ in vals], unsure

    if res.kind == "function" and res.target in ("max", "min"):
        pairwise = np.maximum if res.target == "max" else np.minimum

        def extreme(r, f):
            values, unsure = evaluated(r, f)
            return functools.reduce(pairwise, values), unsure
        return extreme
    if res.kind == "function" and res.target in _DATE_FUNCS:
        fn = _DATE_FUNCS[res.target]
        if res.target.startswith("eerste_dag"):  # a date: it may leave the calendar

            def to_date(r, f):
                vs, u = evaluated(r, f)
                v = fn(*vs, parts=_parts(r))
                return v, u | dates.outside_calendar(v)
            return to_date
        return lambda r, f: (lambda vs, u: (fn(*vs, parts=_parts(r)), u))(*evaluated(r, f))
    if res.kind == "function":  # a plugin's Python function: computed exactly, per household
        return lambda r, f: (np.zeros(f.n), np.ones(f.n, dtype=bool))
    sym = program.symbols[res.target]
    if res.kind in ("relation", "relfact"):
        return lookups.relation(sym, evaluated)
    return lookups.table(sym.decl, evaluated)


_COMPILERS = {
    m.Literal: _literal, m.Ref: _ref, m.Binary: _binary, m.Unary: _unary, m.If: _if,
    m.Round: _round, m.Filter: _filter, m.Aggregate: _aggregate, m.Call: _call,
    m.Subject: lambda e, p: (lambda r, f: (f.person, FALSE)),
    m.EvalDate: lambda e, p: (lambda r, f: (r.days, FALSE)),
    m.Undecided: _undecided,
}
