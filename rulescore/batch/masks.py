"""Conditions on a bound person into per-row bitmasks over the household, without pairs.

``(p in S waarvoor c)``, ``enige(p in S: c)`` and ``alle(p in S: c)`` need, per row, the
members ``p`` of the row's household for which ``c`` holds (and for which it is unsure).
:func:`condition` compiles ``c`` into ``f(run, frame, candidates) -> (holds, unsure)``:
two int64 bitmasks per row, meaningful on the bits of ``candidates`` (the row's set),
arbitrary elsewhere. Its parts:

- a part that does not read ``p`` is evaluated once per row: all bits or none;
- a part on ``p`` alone (``p.leeftijd >= 18``) once per person, gathered per household
  into bits (:mod:`rulescore.batch.segments`);
- ``relatie(x, p)`` and ``relatie(p, x)`` (and a ja/nee fact of a relation) are the
  person's relation bitmask or its transpose (:mod:`rulescore.batch.lookups`);
  ``p = x`` is one bit;
- ``enige(q in T: …)`` with ``T`` not reading ``p``: ``q = p`` is ``T`` itself; any other
  body is expanded over the members of ``T`` (:mod:`rulescore.batch.sets`) with ``p``
  kept as a bitmask, after the first conjunct has narrowed ``T`` to the members where it
  can hold (``ouder_van(o, k)`` holds only for an ``o`` with a child); ``alle`` likewise,
  without narrowing;
- ``(aantal maanden van het jaar waarin c) > 0``: the union of c's bitmasks over the
  months;
- ``en``, ``of``, ``niet`` combine bitmasks as the expansion combines values, unsure
  included (``a en b`` is unsure where ``a`` is, or where ``b`` is and ``a`` holds), and
  ``b`` is computed only on the bits ``a`` leaves open and sure (a row with an unsure
  member in its set is unsure as a whole: the exact evaluator gives its value);
- anything else is expanded, one row per (row, candidate member): the pairs expansion,
  but only over the candidates the conjuncts before it left.

Bit for bit, holds and unsure are those of the full (row, member) expansion, so the
results and the rows handed to the exact evaluator are the same; the cost is linear in
the persons unless a part needs pairs, and then in the pairs it needs.
"""

from __future__ import annotations

import numpy as np

from rulescore import model as m
from rulescore.batch import lookups, segments
from rulescore.batch.sets import TooManyRows, expand
from rulescore.batch.state import Frame, Run
from rulescore.bound import member_only, reads
from rulescore.program import Program

ALL = np.int64(-1)
NONE = np.int64(0)


def condition(cond, var: str, program: Program, compile_expr):
    """``cond`` as ``f(run, frame, candidates) -> (holds, unsure)`` bitmasks over ``var``."""
    if isinstance(cond, m.Binary) and cond.op in ("en", "of"):
        return _logic(cond.op, condition(cond.left, var, program, compile_expr),
                      condition(cond.right, var, program, compile_expr))
    if isinstance(cond, m.Unary) and cond.op == "niet":
        inner = condition(cond.operand, var, program, compile_expr)
        return lambda r, f, cand: (lambda v: (~v[0], v[1]))(inner(r, f, cand))
    if not reads(cond, var, program):
        return _row_level(compile_expr(cond, program))
    if member_only(cond, var, program):
        return _per_member(compile_expr(cond, program), ("mask", id(cond), var))
    leaf = (_relation(cond, var, program, compile_expr)
            or _some_month(cond, var, program, compile_expr)
            or _same_person(cond, var, program, compile_expr)
            or _nested(cond, var, program, compile_expr))
    return leaf or _pairwise(compile_expr(cond, program), var)


def _int_mask(flags):
    return np.where(np.asarray(flags, dtype=bool), ALL, NONE)


def _logic(op: str, left, right):
    if op == "en":
        def both(r, f, cand):
            a, au = left(r, f, cand)
            b, bu = right(r, f, cand & a & ~au)  # nee for sure, or unsure: b is not read
            return a & b, au | (bu & a)
        return both

    def either(r, f, cand):
        a, au = left(r, f, cand)
        b, bu = right(r, f, cand & ~a & ~au)  # ja for sure, or unsure: b is not read
        return a | b, au | (bu & ~a)
    return either


def _row_level(fn):
    """A part that does not read the member: the row's own value, for every bit."""
    def row(r, f, cand):
        v, u = fn(r, f)
        return _int_mask(v), _int_mask(u)
    return row


def _per_member(fn, key):
    """A part on the member alone: per person once, as the bits of the household."""
    def member(r, f, cand):
        v, u = segments.per_person(r, fn, key)
        h = r.pop.household[f.person]
        yes = segments.household_bits(r, np.asarray(v, dtype=bool), key + ("ja",))[h]
        if not np.any(u):
            return yes, NONE
        return yes, segments.household_bits(r, np.asarray(u, dtype=bool), key + ("onzeker",))[h]
    return member


def _var_name(e, program: Program):
    res = program.resolutions.get(id(e)) if isinstance(e, m.Ref) else None
    return res.target if res is not None and res.kind == "var" else None


def _other_side(args, var: str, program: Program):
    """For two arguments of which exactly one is ``var`` and the other does not read it:
    (the other, whether ``var`` is the second argument); otherwise None."""
    if len(args) != 2:
        return None
    a, b = args
    if _var_name(b, program) == var and not reads(a, var, program):
        return a, True
    if _var_name(a, program) == var and not reads(b, var, program):
        return b, False
    return None


def _relation(cond, var: str, program: Program, compile_expr):
    """``relatie(x, p)``, ``relatie(p, x)`` and a ja/nee relation fact: mask lookups."""
    if not isinstance(cond, m.Call):
        return None
    res = program.resolutions.get(id(cond))
    if res is None or res.kind not in ("relation", "relfact"):
        return None
    sides = _other_side(cond.args, var, program)
    if sides is None:
        return None
    other, member_second = sides
    sym = program.symbols[res.target]
    kind = program.types.get(id(cond))
    if sym.kind != "relatie" and (kind is None or kind.kind != "ja/nee"):
        return None
    x = compile_expr(other, program)
    transposed = not member_second  # relatie(p, x): the persons p related to x

    def relation(r, f, cand):
        xv, xu = x(r, f)
        xv = np.asarray(xv, dtype=np.int64)
        holds, unsure = lookups.relation_bits(r, sym, transposed)
        return holds[xv], (unsure[xv] if unsure is not None else NONE) | _int_mask(xu)
    return relation


def _same_person(cond, var: str, program: Program, compile_expr):
    """``p = x`` or ``p != x`` for a person ``x``: one bit (or all but one)."""
    if not (isinstance(cond, m.Binary) and cond.op in ("=", "!=")):
        return None
    kind = program.types.get(id(cond.left))
    if kind is None or kind.kind != "persoon":
        return None
    sides = _other_side((cond.left, cond.right), var, program)
    if sides is None:
        return None
    x = compile_expr(sides[0], program)
    equal = cond.op == "="

    def same(r, f, cand):
        xv, xu = x(r, f)
        bit = np.left_shift(np.int64(1), r.pop.local[np.asarray(xv, dtype=np.int64)])
        return (bit if equal else ~bit), _int_mask(xu)
    return same


def _some_month(cond, var: str, program: Program, compile_expr):
    """``(aantal maanden van P waarin c) > 0`` (or ``aandeel``): c in some month of P, the
    union of c's bitmasks over the months (in a snapshot, c's own)."""
    if not (isinstance(cond, m.Binary) and cond.op in (">", "<")):
        return None
    months, zero = (cond.left, cond.right) if cond.op == ">" else (cond.right, cond.left)
    if not (isinstance(months, m.MonthsWhere) and months.kind in ("aantal", "aandeel")
            and isinstance(zero, m.Literal) and zero.kind == "getal" and zero.value == 0):
        return None
    inner, period = condition(months.cond, var, program, compile_expr), months.period

    def some_month(r, f, cand):
        if r.period is None:
            return inner(r, f, cand)
        holds, unsure = NONE, NONE
        for month in r.months(period):
            v, u = inner(month, f, cand)
            holds, unsure = holds | v, unsure | u
        return holds, unsure
    return some_month


def _nested(cond, var: str, program: Program, compile_expr):
    """``enige(q in T: …)`` or ``alle(q in T: …)`` with ``T`` not reading ``p``."""
    if not (isinstance(cond, m.Aggregate) and cond.kind in ("enige", "alle")
            and cond.var is not None and cond.var != var
            and not reads(cond.source, var, program)):
        return None
    source, q = compile_expr(cond.source, program), cond.var
    body = cond.body
    if cond.kind == "enige" and isinstance(body, m.Binary) and body.op == "=" \
            and {_var_name(body.left, program), _var_name(body.right, program)} == {q, var}:
        def membership(r, f, cand):  # enige(q in T: q = p): T itself
            t, tu = source(r, f)
            return np.asarray(t, dtype=np.int64), _int_mask(tu)
        return membership
    inner = condition(body, var, program, compile_expr)
    narrow = _narrowing(body, q, var, program, compile_expr) if cond.kind == "enige" else None

    def nested(r, f, cand):
        t, tu = source(r, f)
        t = np.broadcast_to(np.asarray(t, dtype=np.int64), (f.n,))
        if narrow is not None and np.any(t):
            t = t & narrow(r, f, t)
        cand = np.broadcast_to(cand, (f.n,))
        base = _int_mask(tu)
        if not np.any(t):  # enige over nobody: nee; alle over nobody: ja
            return (NONE if cond.kind == "enige" else ALL), base
        try:
            g = expand(r, f, t, q)
        except TooManyRows:  # the exact evaluator decides, within its work budget
            return NONE, ALL
        v, u = inner(r, g, cand[g.parent])
        v = np.broadcast_to(np.asarray(v, dtype=np.int64), (g.n,))
        u = np.broadcast_to(np.asarray(u, dtype=np.int64), (g.n,))
        unsure = np.zeros(f.n, dtype=np.int64)
        np.bitwise_or.at(unsure, g.parent, u)
        out = np.zeros(f.n, dtype=np.int64)
        if cond.kind == "enige":
            np.bitwise_or.at(out, g.parent, v)
        else:  # alle: no member of T fails
            np.bitwise_or.at(out, g.parent, ~v)
            out = ~out
        return out, unsure | base
    return nested


def _narrowing(body, q: str, var: str, program: Program, compile_expr):
    """For ``enige(q in T: a en …)``: the members q of T for which ``a`` may hold (outside
    them the body is nee for sure whatever ``p``), as ``f(run, frame, t) -> mask``; None
    when ``a`` reads ``p`` other than through a relation between q and p."""
    first = body
    while isinstance(first, m.Binary) and first.op == "en":
        first = first.left
    if not reads(first, var, program):
        part = condition(first, q, program, compile_expr)
        return lambda r, f, t: (lambda v: v[0] | v[1])(part(r, f, t))
    if not isinstance(first, m.Call):
        return None
    res = program.resolutions.get(id(first))
    if res is None or res.kind != "relation" or len(first.args) != 2:
        return None
    names = [_var_name(a, program) for a in first.args]
    if names not in ([q, var], [var, q]):
        return None
    sym = program.symbols[res.target]
    transposed = names[0] == var  # relatie(p, q): q must have someone related to it

    def related(r, f, t):
        holds, _ = lookups.relation_bits(r, sym, transposed)
        key = ("gerelateerd", sym.qualname, transposed)
        some = segments.household_bits(r, holds != 0, key)
        return some[r.pop.household[f.person]]
    return related


def _pairwise(fn, var: str):
    """Any other part: expanded, one row per (row, candidate member)."""
    def pairwise(r: Run, f: Frame, cand):
        cand = np.broadcast_to(np.asarray(cand, dtype=np.int64), (f.n,))
        if not np.any(cand):
            return NONE, NONE
        try:
            g = expand(r, f, cand, var)
        except TooManyRows:  # the exact evaluator decides, within its work budget
            return NONE, ALL
        c, cu = fn(r, g)
        bits = np.left_shift(np.int64(1), r.pop.local[g.vars[var]])
        c = np.broadcast_to(np.asarray(c, dtype=bool), (g.n,))
        cu = np.broadcast_to(np.asarray(cu, dtype=bool), (g.n,))
        holds = np.zeros(f.n, dtype=np.int64)
        np.bitwise_or.at(holds, g.parent[c], bits[c])
        unsure = np.zeros(f.n, dtype=np.int64)
        if cu.any():
            np.bitwise_or.at(unsure, g.parent[cu], bits[cu])
        return holds, unsure
    return pairwise
