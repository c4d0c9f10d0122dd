"""``x waarbij y gelijk is aan z`` into checked types and diagnostics RS560–RS569.

Registers the checker of :class:`~rulescore.model.Where` with
:func:`rulescore.dsl.expressions.check_expr`. The substituted name y is resolved but not
read: it is not a dependency of the rule (x and z are), and its resolution has the kind
``waarbij``, which :func:`substituted` collects for the evaluators.
"""

from __future__ import annotations

import attrs

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.expressions import _CHECKERS, ERR, Scope, _resolve, check_expr
from rulescore.program import Resolution, Symbol


def _where(e: m.Where, scope: Scope) -> t.Type:
    inner = check_expr(e.operand, scope)
    seen: dict[str, m.Substitution] = {}
    for sub in e.substitutions:
        sym = _target(sub, scope)
        if sym is not None and sym.qualname in seen:
            scope.error("RS563", f"'{sym.qualname}' krijgt in deze waarbij twee keer een "
                        f"andere waarde", sub.target,
                        hint=f"ook in {seen[sym.qualname].span}; geef elke naam één waarde")
        elif sym is not None:
            seen[sym.qualname] = sub
        _value(sub, sym, scope)
    return inner


def _target(sub: m.Substitution, scope: Scope) -> Symbol | None:
    """The definition or input that ``y`` names, or None after a diagnostic."""
    ref = sub.target
    if ref.parts[0] in scope.bound:
        scope.error("RS564", f"'{ref.dotted}': waarbij vervangt een definitie of invoer "
                    f"voor iedereen, niet voor één persoon", ref,
                    hint=f"schrijf de naam zelf ({'.'.join(ref.parts[1:])}); de nieuwe "
                         "waarde wordt per persoon berekend (met 'ik' voor die persoon)")
        return None
    sym = _resolve(ref.parts, ref, scope)
    if sym is None:
        return None
    if sym.kind == "parameter":
        scope.error("RS560", f"'{sym.qualname}' is een parameter: die krijgt geen andere "
                    f"waarde met waarbij", ref,
                    hint=f"een andere waarde van een parameter is een scenario: "
                         f"wijzig parameter {sym.qualname}")
        return None
    relation_fact = sym.kind == "invoer" and sym.decl.owner == "relatie"
    if sym.kind not in ("definitie", "invoer") or relation_fact:
        what = "een feit over een relatie" if sym.kind == "invoer" else f"een {sym.kind}"
        scope.error("RS560", f"'{sym.qualname}' is {what}: waarbij vervangt alleen een "
                    f"definitie of een invoer van een persoon of woning", ref,
                    hint="vervang de definitie die het gebruikt")
        return None
    scope.resolutions[id(ref)] = Resolution("waarbij", sym.qualname)
    scope.types[id(ref)] = sym.type
    return sym


def _value(sub: m.Substitution, sym: Symbol | None, scope: Scope) -> None:
    """Check z: in the tijdvak y is read in, for the owner y is read for (no variables of
    the rule around it), of y's type."""
    bound = [r for r in refs(sub.value) if r.parts[0] in scope.bound]
    if bound:
        scope.error("RS562", f"de nieuwe waarde gebruikt '{bound[0].parts[0]}' van de regel "
                    f"eromheen", bound[0],
                    hint="de nieuwe waarde wordt berekend voor elke persoon voor wie de naam "
                         "gelezen wordt; die persoon heet daarin 'ik'")
        return
    # a definition's value is read in its own tijdvak; an input follows its reader
    tijdvak = (scope.tijdvakken.get(sym.qualname) if sym is not None and sym.kind == "definitie"
               else scope.tijdvak)
    vt = check_expr(sub.value, attrs.evolve(scope, tijdvak=tijdvak, deps=scope.deps))
    if sym is None or vt is ERR:
        return
    want = sym.type
    if not want.compatible(vt) or (vt.kind == "getal" and vt.dimension != want.dimension
                                   and not vt.polymorphic_zero):
        scope.error("RS561", f"'{sym.qualname}' is {want.describe()}, de nieuwe waarde is "
                    f"{vt.describe()}", sub.value,
                    hint="de nieuwe waarde moet hetzelfde soort waarde zijn (en dezelfde "
                         "eenheid per periode)")


def refs(e):
    """Every name (Ref) in an expression, iteratively."""
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, m.Ref):
            yield node
            continue
        for v in attrs.astuple(node, recurse=False):
            stack.extend(x for x in (v if isinstance(v, tuple) else (v,))
                         if attrs.has(type(x)) and not isinstance(x, m.Span))


def substituted(resolutions: dict) -> frozenset[str]:
    """The qualnames some ``waarbij`` gives another value."""
    return frozenset(r.target for r in resolutions.values() if r.kind == "waarbij")


_CHECKERS[m.Where] = _where
