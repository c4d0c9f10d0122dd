"""Sets of persons in the checked model (``(p in S waarvoor c)``, ``som``, ``enige``,
``alle``, ``aantal``) into closures; registered with :mod:`rulescore.reference.compiler`.

Each visits the members of its set in order and evaluates the condition or body with the
member bound, charging the visits to the run's work budget; the members a condition is
nee for without reading more than relations are not visited (:mod:`.related`), and a
part on the member alone is computed once per member (:func:`_member_condition`).
"""

from __future__ import annotations

from rulescore import model as m
from rulescore.bound import member_only, reads
from rulescore.program import Program
from rulescore.reference import related
from rulescore.reference.compiler import _COMPARE, _COMPILERS, _logic, _needed_only, compile_expr
from rulescore.reference.context import ABSENT, MISSING, over_budget
from rulescore.reference.facts import Fn


def _member_condition(e, var: str, program: Program) -> Fn:
    """The condition (or body) of a set over ``var``, on the fast path with its parts
    computed once: a part on the member alone (``p.leeftijd >= 18``) once per member and
    run (it reads nothing but the member, so it is the same for every row), a part that
    does not read the member (``woonadres`` in ``m.woonadres = woonadres``) once per
    visit of the set, when first needed (so exactly when it was read before)."""
    if isinstance(e, m.Binary) and e.op in ("en", "of"):
        return _logic(e.op, _member_condition(e.left, var, program),
                      _member_condition(e.right, var, program))
    if isinstance(e, m.Unary) and e.op == "niet":
        inner = _member_condition(e.operand, var, program)
        return lambda ctx, p, env: (lambda v: MISSING if v is MISSING else not v)(
            inner(ctx, p, env))
    if isinstance(e, m.Binary) and e.op in _COMPARE and not member_only(e, var, program) \
            and _split(e.left, var, program) and _split(e.right, var, program):
        return _comparison(e.op, _member_condition(e.left, var, program),
                           _member_condition(e.right, var, program))
    fn = compile_expr(e, program)
    if isinstance(e, m.Literal) or _definition(e, program):
        return fn  # (a definition of the member is memoised already)
    if not reads(e, var, program):
        return _per_visit(fn, ("rij", id(e)))
    if not member_only(e, var, program):
        return fn
    key = ("lid", id(e))

    def per_member(ctx, p, env):
        memo = ctx.fast
        if memo is None:  # tracing or diagnosing: every read recorded where it is made
            return fn(ctx, p, env)
        k = (key, env[var])
        v = memo.get(k, ABSENT)
        if v is ABSENT:
            v = memo[k] = fn(ctx, p, env)
        return v
    return per_member


def _split(e, var: str, program: Program) -> bool:
    """Whether ``e`` is on the member alone or does not read it."""
    return member_only(e, var, program) or not reads(e, var, program)


def _comparison(op: str, left: Fn, right: Fn) -> Fn:
    """``a < b`` … ``a = b`` of compiled operands, as :mod:`.compiler` compares."""
    fn = _COMPARE[op]
    if op in ("=", "!="):
        def eq(ctx, p, env):
            a, b = left(ctx, p, env), right(ctx, p, env)
            return MISSING if a is MISSING or b is MISSING else fn(a, b)
        return eq
    return lambda ctx, p, env: fn(left(ctx, p, env), right(ctx, p, env))  # MISSING absorbs


#: the key of a visit's own values in its scope (a new dict per visit: a nested visit,
#: whose scope starts as a copy of this one, has its own)
_VISIT = ("bezoek",)


def _per_visit(fn: Fn, key) -> Fn:
    """A part that does not read the member: kept for the visit of the set (its scope's
    :data:`_VISIT` dict) after its first evaluation."""
    def per_visit(ctx, p, env):
        if ctx.fast is None:
            return fn(ctx, p, env)
        visit = env[_VISIT]
        v = visit.get(key, ABSENT)
        if v is ABSENT:
            v = visit[key] = fn(ctx, p, env)
        return v
    return per_visit


def _definition(e, program: Program) -> bool:
    """Whether ``e`` is the bound variable itself or a definition of it (``p.leeftijd``)."""
    res = program.resolutions.get(id(e)) if isinstance(e, m.Ref) else None
    return res is not None and (res.kind == "var" or (
        res.kind == "attr" and program.symbols[res.target].kind == "definitie"))


def _filter(e: m.Filter, program: Program) -> Fn:
    source, var = compile_expr(e.source, program), e.var
    cond, span = _member_condition(e.cond, var, program), e.span
    narrow = related.narrowing(e.cond, var, program, compile_expr)

    def filter_(ctx, p, env):
        members = source(ctx, p, env)
        if members is MISSING:
            return MISSING
        ctx.budget -= len(members)  # the work bound (docs/limits.rst), inline: a hot path
        if ctx.budget < 0:
            over_budget(span)
        if narrow is not None and members:  # members the condition is nee for: see .related
            members = related.visited(narrow, ctx, p, env, members)
        out, unknown = [], False
        inner = dict(env)  # one scope for the whole loop: closures never keep it
        inner[_VISIT] = {}
        for q in members:
            inner[var] = q
            c = cond(ctx, p, inner)
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
    var, kind, span = e.var, e.kind, e.span
    body = _member_condition(e.body, var, program)
    if kind == "enige":
        member = related.membership(e, program)
        if member is not None:
            return _membership(source, member, span)
    narrow = related.narrowing(e.body, var, program, compile_expr) if kind == "enige" else None

    def agg(ctx, p, env):
        s = source(ctx, p, env)
        if s is MISSING:
            return MISSING
        ctx.budget -= len(s)
        if ctx.budget < 0:
            over_budget(span)
        if narrow is not None and s:  # members the body is nee for: see .related
            s = related.visited(narrow, ctx, p, env, s)
        inner = dict(env)  # one scope for the whole loop: closures never keep it
        inner[_VISIT] = {}
        vals, unknown = [], False
        for q in s:
            inner[var] = q
            v = body(ctx, p, inner)
            if v is MISSING:
                unknown = True
            vals.append(v)
        if kind == "som":
            return MISSING if unknown else sum(vals)
        decided = [v for v in vals if v is not MISSING]
        if kind == "alle":
            return False if False in decided else (MISSING if len(decided) < len(vals) else True)
        return True if True in decided else (MISSING if len(decided) < len(vals) else False)
    # alle/enige: one member can decide for the unknown ones
    return agg if kind == "som" else _needed_only(agg)


def _membership(source: Fn, member: Fn, span) -> Fn:
    """``enige(q in S: q = x)``: whether x is in S (the same work counted)."""
    def is_member(ctx, p, env):
        s = source(ctx, p, env)
        if s is MISSING:
            return MISSING
        ctx.budget -= len(s)
        if ctx.budget < 0:
            over_budget(span)
        if len(s) > 8:  # a set over many housemates: hashed once per set, not scanned
            key = ("leden", id(s))
            hit = ctx.memo.get(key)
            if hit is None or hit[0] is not s:
                hit = ctx.memo[key] = (s, frozenset(s))
            return member(ctx, p, env) in hit[1]
        return member(ctx, p, env) in s
    return is_member


_COMPILERS.update({m.Filter: _filter, m.Aggregate: _aggregate})
