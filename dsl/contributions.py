"""Declared contributions (``bijdrage aan x``) into the ``bijdragen`` of the rules that take them.

A definition open to other regulations says so in its formula: ``bijdragen`` stands for
the sum of every definition, in any loaded regulation, that carries ``bijdrage aan`` it,
and for 0 when none does. So a municipality's plugin adds its toeslag to the household's
besteedbaar inkomen without editing a bundled rules file, and the core decides how the
contributions combine: a sum, in which order does not matter. :func:`gather` finds the
contributions; :func:`rewrite` checks each against its target and turns every
``bijdragen`` into the sum of references before any formula is checked, so the checker,
both evaluators and the explanation see ordinary names (at the place ``bijdragen`` is
written).
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from rulescore import model as m
from rulescore.dsl.clause_checks import misplaced
from rulescore.errors import Diagnostic, suggest

#: contributor qualname → (target qualname, the clause's span, its regulation's title)
Contributions = dict[str, tuple[str, object]]


def gather(regs: dict[str, m.Regulation],
           diags: list[Diagnostic]) -> tuple[Contributions, frozenset]:
    """Every contribution in ``regs`` → its target, and the definitions that take
    contributions; RS580 (no such definition), RS581 (a target that takes no
    contributions) and RS582 (the clause not on a definition)."""
    misplaced(regs, "bijdrage_aan", "RS582", "kan een bijdrage zijn",
              "zet 'bijdrage aan …' bij de definitie van het bedrag dat bijdraagt", diags)
    defs = {f"{r.name}.{i.name}": i for r in regs.values() for i in r.items
            if isinstance(i, m.Definition)}
    open_ = frozenset(f"{r.name}.{i.name}" for r in regs.values()
                      if "bijdragen" in (r.source or "")  # only a file with the word has one
                      for i in r.items if isinstance(i, m.Definition) and _is_open(i))
    found: Contributions = {}
    for reg in regs.values():
        for item in reg.items:
            clause = item.meta.bijdrage_aan if isinstance(item, m.Definition) else None
            if clause is None:
                continue
            target = _target(clause.parts, reg, defs)
            if target is None:
                diags.append(Diagnostic("RS580", f"'bijdrage aan {clause.dotted}': die definitie "
                                        "bestaat niet", span=clause.span, context=reg.title,
                                        hint=suggest(clause.dotted, sorted(open_))))
            elif target not in open_:
                diags.append(Diagnostic("RS581", f"'bijdrage aan {target}': die definitie neemt "
                                        "geen bijdragen", span=clause.span, context=reg.title,
                                        hint="alleen een definitie met 'bijdragen' in haar "
                                             "formule neemt bijdragen"
                                             + (f"; wel: {', '.join(sorted(open_))}" if open_
                                                else "")))
            else:
                found[f"{reg.name}.{item.name}"] = (target, clause.span, reg.title)
    return found, open_


def rewrite(regs: dict[str, m.Regulation], symbols: dict, periods: dict,
            gathered: tuple[Contributions, frozenset], diags: list[Diagnostic]) -> None:
    """Check each contribution against its target — RS583 (another type: amount, unit,
    period), RS584 (another tijdvak) — and rewrite every ``bijdragen`` into the sum of the
    contributions that fit, in ``regs`` and ``symbols`` alike (one that does not fit is
    left out, so its target reports nothing that only follows from it)."""
    found, open_ = gathered
    fits: dict[str, list[str]] = {}
    for source, (target, span, context) in sorted(found.items()):
        mine, theirs = symbols.get(source), symbols.get(target)
        if mine is None or theirs is None:
            continue  # a duplicate declaration, reported where it is
        if not theirs.type.compatible(mine.type) or mine.type.dimension != theirs.type.dimension:
            diags.append(Diagnostic("RS583", f"'{source}' is {mine.type.describe()}, maar "
                                    f"'{target}' telt {theirs.type.describe()} op", span=span,
                                    context=context,
                                    hint="een bijdrage heeft het type van wat zij aanvult"))
        elif periods.get(source) != periods.get(target):
            got, want = periods.get(source), periods.get(target)
            diags.append(Diagnostic("RS584", f"'{source}' geldt per {got or 'peildatum'}, maar "
                                    f"'{target}' per {want or 'peildatum'}", span=span,
                                    context=context,
                                    hint=f"geef de bijdrage 'tijdvak {want}'" if want else None))
        else:
            fits.setdefault(target, []).append(source)
    for name, reg in list(regs.items()):
        items = tuple(_rewritten(i, fits.get(f"{name}.{i.name}", []))
                      if f"{name}.{getattr(i, 'name', '')}" in open_ else i for i in reg.items)
        if all(a is b for a, b in zip(items, reg.items)):
            continue
        regs[name] = attrs.evolve(reg, items=items)
        for new, old in zip(items, reg.items):
            q = f"{name}.{old.name}" if new is not old else None
            if q in symbols and symbols[q].decl is old:
                symbols[q] = attrs.evolve(symbols[q], decl=new)


def _is_open(d: m.Definition) -> bool:
    return any(_has(v.body) for v in d.versions)


def _target(parts: tuple[str, ...], reg: m.Regulation, defs: dict) -> str | None:
    name = ".".join(parts)
    if len(parts) == 2:
        return name if name in defs else None
    if f"{reg.name}.{name}" in defs:
        return f"{reg.name}.{name}"
    used = [f"{u}.{name}" for u in reg.uses if f"{u}.{name}" in defs]
    return used[0] if len(used) == 1 else None


def _has(node) -> bool:
    if isinstance(node, m.Contributions):
        return True
    if isinstance(node, tuple):
        return any(_has(x) for x in node)
    if attrs.has(type(node)):
        return any(_has(getattr(node, f.name)) for f in attrs.fields(type(node))
                   if f.name != "span")
    return False


def _rewritten(item: m.Definition, names: list[str]) -> m.Definition:
    versions = tuple(attrs.evolve(v, body=_replace(v.body, sorted(names), item.type))
                     for v in item.versions)
    return attrs.evolve(item, versions=versions)


def _replace(node, names: list[str], typ: m.TypeRef):
    if isinstance(node, m.Contributions):
        return _sum(names, typ, node.span)
    if isinstance(node, tuple):
        return tuple(_replace(x, names, typ) for x in node)
    if attrs.has(type(node)) and _has(node):
        return attrs.evolve(node, **{f.name: _replace(getattr(node, f.name), names, typ)
                                     for f in attrs.fields(type(node))
                                     if f.name != "span" and f.init})
    return node


def _sum(names: list[str], typ: m.TypeRef, span):
    if not names:
        kind = "bedrag" if typ.base == "bedrag" else "getal"
        return m.Literal(Fraction(0), kind, typ.per if kind == "bedrag" else None, span)
    refs = [m.Ref(tuple(n.split(".")), span) for n in names]
    out = refs[0]
    for ref in refs[1:]:
        out = m.Binary("+", out, ref, span)
    return out


def unrewritten(e: m.Contributions, scope):
    """RS585: ``bijdragen`` where :func:`gather` does not rewrite it (outside the formula
    of a definition of a regulation: a scenario's changed rule, a variant)."""
    return scope.error("RS585", "'bijdragen' staat hier niet in de formule van een definitie "
                       "van een regeling", e, hint="alleen de formule van een definitie neemt "
                       "bijdragen van andere regelingen")
