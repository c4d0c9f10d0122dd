"""Declared parameters, inputs, relations and tables into closures ``f(ctx, person, env)``
that read them for a person on the run's date.

The leaves of :mod:`rulescore.reference.compiler`: nothing here compiles a sub-expression
(a relation's or table's arguments arrive compiled).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from rulescore import model as m
from rulescore.dated import parameter_value
from rulescore.exact import exact
from rulescore.program import Program, Symbol
from rulescore.reference.context import MISSING, EvaluationError
from rulescore.reference.worlds import substitutable_input
from rulescore.tables import lookup

Fn = Callable[[Any, str, dict], Any]


def _missing_value_hint(qual: str, decl: m.Parameter) -> str:
    known = ", ".join(f"{v.vanaf}" + (f" tot {v.tot}" if v.tot else "") for v in decl.values)
    return (f"de waarden gelden van {known}; een waarde die de regeling (nog) niet geeft, kan "
            f"een scenario aanvullen met 'wijzig parameter {qual}' en een aanname")


def symbol_getter(sym: Symbol, program: Program) -> Fn:
    """Parameters and inputs as ``f(ctx, person, env)``; definitions are read in
    :func:`rulescore.reference.compiler._ref`. An input a ``waarbij`` substitutes is read
    through the current world."""
    getter = _symbol_getter(sym, program)
    if sym.qualname in program.substituted:
        return substitutable_input(sym.qualname, getter)
    return getter


def _symbol_getter(sym: Symbol, program: Program) -> Fn:
    qual = sym.qualname
    if sym.kind == "parameter":
        decl = sym.decl
        by_date: dict = {}  # date → (exact value, vanaf); immutable entries, safe to share

        def param(ctx, person, env):
            hit = by_date.get(ctx.date)
            if hit is None:
                dv = parameter_value(decl, ctx.date)
                if dv is None:
                    raise EvaluationError("RS403", f"parameter '{qual}' heeft geen waarde op "
                                          f"{ctx.date.isoformat()}", decl.span,
                                          hint=_missing_value_hint(qual, decl))
                hit = by_date[ctx.date] = (exact(dv.value.value), dv.vanaf)
            if ctx.current is not None:
                ctx.note(("parameter", qual, hit[1]))
            return hit[0]
        return param
    decl: m.Input = sym.decl
    default = exact(decl.default.value) if decl.default is not None else None
    if decl.owner == "persoon":
        def person_input(ctx, person, env):
            facts = ctx.situation.persons[person]
            if qual in facts:
                if ctx.current is not None:  # tracing
                    ctx.note(("invoer", qual, person))
                v = facts[qual]
                return exact(v) if type(v) is Fraction else v
            if default is not None:
                if ctx.current is not None:  # tracing
                    ctx.note(("standaard", qual, person))
                ctx.defaults.add(("persoon", qual, person))
                return default
            ctx.missing.setdefault(("persoon", qual, person), ctx.needed_by())
            return MISSING
        return person_input
    # woning: read through the person's woonadres (the one adres-typed person input)
    def dwelling_input(ctx, person, env):
        addr = ctx.situation.persons[person].get("woonadres")
        if addr is None:
            ctx.missing.setdefault(("persoon", "woonadres", person), ctx.needed_by())
            return MISSING
        facts = ctx.situation.dwellings.get(addr, {})
        if qual in facts:
            if ctx.current is not None:  # tracing
                ctx.note(("invoer", qual, addr))
            return exact(facts[qual])
        if default is not None:
            if ctx.current is not None:  # tracing
                ctx.note(("standaard", qual, addr))
            ctx.defaults.add(("woning", qual, addr))
            return default
        ctx.missing.setdefault(("woning", qual, addr), ctx.needed_by())
        return MISSING
    return dwelling_input


def relation_call(sym: Symbol, args, span) -> Fn:
    a_fn, b_fn = args
    if sym.kind == "relatie":
        kind = sym.qualname

        def exists(ctx, p, env):
            a, b = a_fn(ctx, p, env), b_fn(ctx, p, env)
            return (kind, a, b) in ctx.situation.relations
        return exists
    decl: m.Input = sym.decl
    kind, name = decl.relation, sym.qualname
    default = exact(decl.default.value) if decl.default is not None else None

    def fact(ctx, p, env):
        a, b = a_fn(ctx, p, env), b_fn(ctx, p, env)
        facts = ctx.situation.relations.get((kind, a, b))
        if facts is None:
            raise EvaluationError("RS405", f"'{name}' gevraagd, maar er is geen {kind} tussen "
                                  f"{a} en {b}", span,
                                  hint=f"controleer eerst {kind}({a}, {b})")
        if name in facts:
            if ctx.current is not None:  # tracing
                ctx.note(("invoer", name, f"{a}~{b}"))
            return exact(facts[name])
        if default is not None:
            if ctx.current is not None:  # tracing
                ctx.note(("standaard", name, f"{a}~{b}"))
            ctx.defaults.add(("relatie", name, f"{a}~{b}"))
            return default
        ctx.missing.setdefault(("relatie", name, f"{kind} {a}-{b}"), ctx.needed_by())
        return MISSING
    return fact


def compile_table(sym: Symbol, args, span):
    table: m.Table = sym.decl
    qual = sym.qualname

    def run(ctx, p, env):
        keys = tuple(a(ctx, p, env) for a in args)
        if any(k is MISSING for k in keys):
            return MISSING
        version, row = lookup(table, ctx.date, keys)
        if version is None:
            raise EvaluationError("RS403", f"tabel '{qual}' heeft geen versie op "
                                  f"{ctx.date.isoformat()}", table.span)
        if row is None:
            shown = ", ".join(str(k) for k in keys)
            raise EvaluationError("RS406", f"tabel '{qual}' heeft geen rij voor {shown}", span,
                                  hint="voeg een rij toe of een rij '| overig: …'")
        ctx.note(("tabel", qual, version.vanaf))
        return exact(row.value.value)
    return run
