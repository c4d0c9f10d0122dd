"""Checked regulations and their dependency graph into diagnostics for the documented bounds.

The bounds (:mod:`rulescore.limits`, ``docs/limits.rst``) keep every later stage finite
and inside Python's stack: iterations over persons nested in one expression (RS280),
the longest chain of definitions weighted by expression depth (RS281), the number of
definitions (RS282) and the size of a duration (RS284). The size of a rules file is
checked before parsing (:func:`file_too_large`, RS283). Everything here is iterative,
so a bound is reported, never a RecursionError.
"""

from __future__ import annotations

from rulescore import model as m
from rulescore.errors import Diagnostic
from rulescore.values import grouped
from rulescore.limits import (MAX_AGGREGATE_NESTING, MAX_CHAIN_COST, MAX_DEFINITIONS,
                              MAX_DURATION_YEARS, MAX_RULES_BYTES)

#: Stack frames a reference to a definition costs at most (batch: the reference, the
#: run's memo, the version selector, the body), and per level of an expression; a call
#: counts two levels (the batch evaluates its argument list in a helper).
FRAMES_PER_DEFINITION = 5
FRAMES_PER_LEVEL = 1
#: Levels a period expression (or a ``waarbij``) counts: the reference evaluator reads its
#: operand through a Context hook (``within``, ``on_date``, ``over_months``, ``in_world``)
#: and the switch of period or world.
PERIOD_LEVELS = 3


def _children(e):
    """The sub-expressions of ``e``, each with 1 if it is evaluated once per member of a
    set ``e`` iterates over (a filter's condition, an aggregate's body), else 0."""
    if isinstance(e, m.Binary):
        return ((e.left, 0), (e.right, 0))
    if isinstance(e, (m.Unary, m.Round)):
        return ((e.operand, 0),)
    if isinstance(e, m.If):
        return ((e.cond, 0), (e.then, 0), (e.otherwise, 0))
    if isinstance(e, m.Call):
        return tuple((a, 0) for a in e.args)
    if isinstance(e, m.Filter):
        return ((e.source, 0), (e.cond, 1))
    if isinstance(e, m.Aggregate):
        return ((e.source, 0),) if e.body is None else ((e.source, 0), (e.body, 1))
    if isinstance(e, (m.InPeriod, m.OverMonths, m.SteadyState)):
        return ((e.operand, 0),)
    if isinstance(e, (m.OnDate, m.KnownAs)):
        return ((e.operand, 0), (e.day, 0))
    if isinstance(e, m.MonthsWhere):
        return ((e.cond, 0),)
    if isinstance(e, m.Where):
        return ((e.operand, 0),) + tuple((s.value, 0) for s in e.substitutions)
    return ()


def _iterates(e) -> bool:
    """A filter or an aggregate with a body (``aantal(S)`` only counts)."""
    return isinstance(e, m.Filter) or (isinstance(e, m.Aggregate) and e.body is not None)


def _walk(e):
    """(node, depth, iteration nesting) for every node of ``e``, without recursion."""
    stack = [(e, 1, 0)]
    while stack:
        node, depth, nesting = stack.pop()
        yield node, depth, nesting
        step = (2 if isinstance(node, m.Call) else
                PERIOD_LEVELS if isinstance(node, (*m.PERIOD_NODES, m.Where)) else 1)
        for child, inner in _children(node):
            stack.append((child, depth + step, nesting + inner))


def _expressions(decl: m.Definition):
    for v in decl.versions:
        yield v.body
        if v.regime is not None and v.regime.ends is not None:
            yield v.regime.ends
    if decl.selector is not None:
        yield decl.selector


def file_too_large(text: str, filename: str) -> Diagnostic | None:
    """RS283: a rules file beyond :data:`MAX_RULES_BYTES` (checked before parsing)."""
    if len(text) <= MAX_RULES_BYTES and len(text.encode("utf-8")) <= MAX_RULES_BYTES:
        return None
    return Diagnostic("RS283", f"het regelbestand is groter dan {grouped(MAX_RULES_BYTES)} "
                      "bytes", path=filename,
                      hint="splits de regeling over meer bestanden of regelingen")


def check_bounds(regs: dict, symbols: dict, deps: dict[str, tuple[str, ...]],
                 resolutions: dict, acyclic: bool) -> list[Diagnostic]:
    """Every crossed bound of the regulations' definitions (``deps``: qualname → the
    definitions it uses), their dependency graph and their duration values."""
    diags: list[Diagnostic] = []
    definitions = {q: symbols[q].decl for q in deps}
    contexts = {q: _context(regs, symbols[q]) for q in deps}
    for reg in regs.values():
        for item in reg.items:
            if isinstance(item, m.Parameter):
                diags.extend(d for v in item.values if v.value.kind == "duur"
                             if (d := duration_too_long(v.value, reg.title)) is not None)
    #: q → (frames of its own deepest expression, {definition used → frames to reach it})
    frames: dict[str, tuple[int, dict[str, int]]] = {}
    for n, (q, decl) in enumerate(definitions.items()):
        if n == MAX_DEFINITIONS:
            diags.append(Diagnostic(
                "RS282", f"meer dan {grouped(MAX_DEFINITIONS)} definities",
                span=decl.span, context=contexts.get(q),
                hint="zoveel definities heeft geen regeling nodig; zijn ze gegenereerd?"))
        deepest, reach = 0, {}
        for expr in _expressions(decl):
            deepest = max(deepest, _expression_bounds(expr, resolutions, reach, diags,
                                                      contexts.get(q)))
        own = FRAMES_PER_DEFINITION + FRAMES_PER_LEVEL * deepest
        frames[q] = (own, {d: FRAMES_PER_DEFINITION + FRAMES_PER_LEVEL * reach.get(d, deepest)
                           for d in deps[q] if d in deps})
    if acyclic:
        diags.extend(_chains(frames, definitions, contexts))
    return diags


def _context(regs: dict, sym) -> str | None:
    reg = regs.get(sym.regulation)
    if reg is None:
        return None
    meta = sym.decl.meta
    return f"{reg.title} › {meta.citations[0].describe(reg.bwb)}" if meta.citations else reg.title


def _expression_bounds(expr, resolutions: dict, reach: dict, diags: list,
                       context: str | None) -> int:
    """Report nesting and duration bounds in one expression; return its depth, and note
    in ``reach`` the depth at which it uses each definition."""
    deepest, reported = 0, False
    for node, depth, nesting in _walk(expr):
        deepest = max(deepest, depth)
        if isinstance(node, m.Ref):
            res = resolutions.get(id(node))
            if res is not None and res.kind in ("symbol", "attr"):
                reach[res.target] = max(reach.get(res.target, 0), depth)
        if (nesting >= MAX_AGGREGATE_NESTING and not reported  # (this one is one more)
                and isinstance(node, (m.Filter, m.Aggregate)) and _iterates(node)):
            reported = True
            diags.append(Diagnostic(
                "RS280", f"meer dan {MAX_AGGREGATE_NESTING} herhalingen over personen in "
                "elkaar genest", span=node.span, context=context,
                hint="elk niveau vermenigvuldigt het werk met het aantal personen; geef de "
                     "binnenste herhaling een eigen definitie (die per persoon één keer "
                     "berekend wordt)"))
        if isinstance(node, m.Literal) and node.kind == "duur":
            diag = duration_too_long(node, context)
            if diag is not None:
                diags.append(diag)
    return deepest


def duration_too_long(lit: m.Literal, context: str | None) -> Diagnostic | None:
    """RS284: a duration beyond :data:`MAX_DURATION_YEARS` years."""
    d = lit.value
    if d.years * 12 + d.months <= MAX_DURATION_YEARS * 12 and d.days <= MAX_DURATION_YEARS * 366:
        return None
    return Diagnostic("RS284", f"een duur van meer dan {MAX_DURATION_YEARS} jaar",
                      span=lit.span, context=context,
                      hint="de kalender van rulescore loopt van het jaar 1 tot en met 9999")


def _chains(frames: dict, definitions: dict, contexts: dict):
    """RS281 where the heaviest chain of definitions first costs more than
    :data:`MAX_CHAIN_COST` stack frames (the graph is acyclic: checked before)."""
    total: dict[str, int] = {}
    for root in sorted(frames):
        if root in total:
            continue
        stack = [(root, iter(frames[root][1]))]
        while stack:
            node, todo = stack[-1]
            nxt = next((d for d in todo if d not in total), None)
            if nxt is not None:
                stack.append((nxt, iter(frames[nxt][1])))
                continue
            stack.pop()
            own, uses = frames[node]
            total[node] = max([own] + [w + total[d] for d, w in uses.items()])
    for q in sorted(total):  # one report per chain: where it first crosses the bound
        if total[q] > MAX_CHAIN_COST and all(total[d] <= MAX_CHAIN_COST for d in frames[q][1]):
            yield Diagnostic(
                "RS281", f"de keten van definities vanaf '{q}' is te diep (gewicht {total[q]}, "
                f"ten hoogste {MAX_CHAIN_COST})", span=definitions[q].span,
                context=contexts.get(q),
                hint="zo'n lange keten van definities (of zo diepe uitdrukkingen erin) heeft "
                     "de wet nooit nodig; kort de keten in of geef delen een eigen definitie")
