"""Conditions on a set member into the members they can hold for, found from the relations.

``(p in S waarvoor ouder_van(ik, p) en …)`` is nee for every member that is not a child
of ``ik``, and finding that out reads nothing but the relation, so the evaluator visits
only the children: :func:`narrowing` gives, for a condition whose first conjunct (or
every disjunct of whose first conjunct) is a relation between the member and ``ik`` or
another bound person, the persons related that way, from an index of the situation's
relations built once per run. Members outside it are skipped; the rest are evaluated as
before, so values, missing inputs and traces are unchanged. :func:`membership` turns
``enige(q in S: q = x)`` into a test of x in S.
"""

from __future__ import annotations

from rulescore import model as m
from rulescore.bound import reads
from rulescore.program import Program
from rulescore.reference.context import MISSING

_EMPTY: frozenset = frozenset()


def narrowing(cond, var: str, program: Program, compile_expr, inner: frozenset = _EMPTY,
              head: bool = True):
    """For ``cond`` on the member ``var``: ``(f, representative, exact)`` with ``f(ctx,
    person, env, members)`` the members for which ``cond`` may be other than nee (a
    superset, exactly those where it is ja when ``exact``; None: all), or None when the
    condition gives no such set. ``inner``: the variables bound inside ``cond`` by an
    ``enige`` (not in ``env`` yet); ``head``: whether ``cond`` is read for every member
    (not the right side of ``en``/``of``, not a body): only there may ``f`` read what
    does not depend on the member (``a`` in ``a en b``, S in ``enige(q in S: q = p)``),
    as the evaluation reads it anyway — never what it would not have read.

    Outside the set, evaluating ``cond`` gives nee: ``a en b`` where ``a`` does, and where
    ``b`` does if ``a`` is a relation or does not read the member; ``a of b`` where both
    do; ``enige(q in S: b)`` with S not reading the member where ``b`` does for every q.
    Outside the set, reading a relation reads nothing else; ``representative`` is True
    when the evaluation there also reads something that does not depend on the member
    (``a`` in ``a en b``, or S): it is then the same for every member outside, so the
    caller evaluates one of them as before (its missing inputs and errors happen as
    before) and skips the others; only on the fast path (no trace, no diagnosis)."""
    def sub(e, inner=inner, head=head):
        return narrowing(e, var, program, compile_expr, inner, head)
    if isinstance(cond, m.Binary) and cond.op == "en":
        first = sub(cond.left)
        if first is not None:
            return first
        if _pure_relation(cond.left, program):
            return sub(cond.right, head=False)
        if not head or reads(cond.left, var, program) or any(reads(cond.left, q, program)
                                                             for q in inner):
            return None
        return _unless_nee(compile_expr(cond.left, program), sub(cond.right))
    if isinstance(cond, m.Binary) and cond.op == "of":
        a = sub(cond.left)
        if a is None:
            return None
        # b is read where a is not ja: by some member if a is exact and not ja for all
        b = sub(cond.right, head=head and a[2])
        if b is None:
            return None
        return _either(a, b), a[1] or b[1], False
    if isinstance(cond, m.Binary) and cond.op in (">", "<"):
        return _some_month(cond, var, program, compile_expr, inner, head)
    if isinstance(cond, m.Aggregate) and cond.kind == "enige" and cond.var not in (None, var) \
            and not reads(cond.source, var, program) \
            and not any(reads(cond.source, q, program) for q in inner):
        if _is_member(cond, var, program):  # enige(q in S: q = p): S
            if not head:
                return None
            source = compile_expr(cond.source, program)

            def members_of(ctx, p, env, members):
                s = source(ctx, p, env)
                return None if s is MISSING else frozenset(s)
            return members_of, True, False
        found = sub(cond.body, inner | {cond.var}, False)
        if found is None:
            return None
        return found[0], found[1] or not _everyone(cond.source, program), False
    kind = _relation_kind(cond, program)
    if kind is None:
        return None
    first, second = cond.args
    if _var(second, program) == var and _var(first, program) in inner:
        return _anyone(kind, transposed=False), False, False  # relatie(q, p), q any
    if _var(first, program) == var and _var(second, program) in inner:
        return _anyone(kind, transposed=True), False, False
    if _var(second, program) == var and _person(first, var, program) is not None:
        other, transposed = _person(first, var, program), False  # relatie(x, p)
    elif _var(first, program) == var and _person(second, var, program) is not None:
        other, transposed = _person(second, var, program), True  # relatie(p, x)
    else:
        return None

    def related(ctx, p, env, members):
        return _index(ctx, kind, transposed).get(other(p, env), _EMPTY)
    return related, False, True


def _either(a, b):
    """``a of b``: the union. Where ``b`` reads what does not depend on the member, it is
    read only if the evaluation reads it: a is exact and not ja for some member."""
    (fa, _, exact), (fb, impure, _) = a, b

    def either(ctx, p, env, members):
        x = fa(ctx, p, env, members)
        if x is None:
            return None
        if impure and all(q in x for q in members):
            return x  # every member may hold: no need to read b (which, read here, could
        #             read what the evaluation does not: a exact and ja for every member)
        y = fb(ctx, p, env, members)
        return None if y is None else x | y
    return either


def _is_member(e: m.Aggregate, var: str, program: Program) -> bool:
    body = e.body
    return (isinstance(body, m.Binary) and body.op == "="
            and {_var(body.left, program), _var(body.right, program)} == {e.var, var})


def _some_month(cond, var: str, program: Program, compile_expr, inner, head: bool):
    """``(aantal maanden van P waarin c) > 0``: nee where c is nee in every month of P (the
    months the row's person exists in, as the count reads them)."""
    months, zero = (cond.left, cond.right) if cond.op == ">" else (cond.right, cond.left)
    if not (isinstance(months, m.MonthsWhere) and months.kind in ("aantal", "aandeel")
            and isinstance(zero, m.Literal) and zero.kind == "getal" and zero.value == 0):
        return None
    found = narrowing(months.cond, var, program, compile_expr, inner, head)
    if found is None:
        return None
    fn, period = found[0], months.period

    def some_month(ctx, p, env, members):
        sets = ctx.over_months(period, lambda c, q, e: fn(c, q, e, members), p, env)
        return None if any(x is None for x in sets) else frozenset().union(*sets)
    return some_month, True, False  # the months are entered: a representative keeps them


def _unless_nee(first, rest):
    """``a en b`` with ``a`` not reading the member: nobody where ``a`` is nee."""
    def unless(ctx, p, env, members):
        if first(ctx, p, env) is False:
            return _EMPTY
        return rest[0](ctx, p, env, members) if rest is not None else None
    return unless, True, False


def _relation_kind(e, program: Program):
    """The relation of ``relatie(a, b)`` (not a relation fact: that may raise RS405)."""
    if not isinstance(e, m.Call) or len(e.args) != 2:
        return None
    res = program.resolutions.get(id(e))
    if res is None or res.kind != "relation":
        return None
    return program.symbols[res.target].qualname


def _pure_relation(e, program: Program) -> bool:
    """``relatie(a, b)`` of persons bound or ``ik``: reading it reads nothing else."""
    return _relation_kind(e, program) is not None and all(
        isinstance(a, m.Subject) or _var(a, program) is not None for a in e.args)


def _everyone(e, program: Program) -> bool:
    res = program.resolutions.get(id(e)) if isinstance(e, m.Ref) else None
    return res is not None and res.kind == "builtin" and res.target == "iedereen"


def _anyone(kind: str, transposed: bool):
    """The persons someone has relation ``kind`` with (transposed: who have it with
    someone)."""
    def anyone(ctx, p, env, members):
        index = _index(ctx, kind, transposed)
        found = index.get(_ANYONE)
        if found is None:
            found = index[_ANYONE] = frozenset().union(*index.values())
        return found
    return anyone


def visited(narrow, ctx, p, env, members):
    """The members to evaluate: those :func:`narrowing` leaves, and with a representative
    the first of the others (on the fast path; otherwise all members)."""
    fn, representative, _ = narrow
    if representative and ctx.fast is None:
        return members
    allowed = fn(ctx, p, env, members)
    if allowed is None:
        return members
    if not representative:
        return [q for q in members if q in allowed]
    out, first = [], True
    for q in members:
        if q in allowed:
            out.append(q)
        elif first:
            out.append(q)
            first = False
    return out


def membership(e: m.Aggregate, program: Program):
    """For ``enige(q in S: q = x)`` with x ``ik`` or a bound person: ``f(person, env) -> x``
    wrapped for the compiler (``f(ctx, person, env)``); None for any other aggregate."""
    body = e.body
    if not (isinstance(body, m.Binary) and body.op == "="):
        return None
    for a, b in ((body.left, body.right), (body.right, body.left)):
        if _var(a, program) == e.var:
            other = _person(b, e.var, program)
            if other is not None:
                return lambda ctx, p, env: other(p, env)
    return None


def _var(e, program: Program):
    res = program.resolutions.get(id(e)) if isinstance(e, m.Ref) else None
    return res.target if res is not None and res.kind == "var" else None


def _person(e, var: str, program: Program):
    """``ik`` or a bound person other than ``var``: ``f(person, env) -> id``; else None."""
    if isinstance(e, m.Subject):
        return lambda p, env: p
    name = _var(e, program)
    if name is None or name == var:
        return None
    return lambda p, env: env[name]


def _index(ctx, kind: str, transposed: bool) -> dict:
    """Person → the persons it has relation ``kind`` with (transposed: who has it with
    him), in the situation being evaluated (a run on another day may have another); all
    kinds indexed in one pass, once per situation and run."""
    situation = ctx.situation
    hit = ctx.relation_index.get(id(situation))
    if hit is None or hit[0] is not situation:
        index: dict = {}
        for k, a, b in situation.relations:
            forward, backward = index.setdefault(k, ({}, {}))
            forward.setdefault(a, set()).add(b)
            backward.setdefault(b, set()).add(a)
        hit = ctx.relation_index[id(situation)] = (situation, index)
    return hit[1].get(kind, _NO_INDEX)[1 if transposed else 0]


_NO_INDEX: tuple = ({}, {})
#: the key under which an index keeps the union of its values (no person id is an object)
_ANYONE = object()
