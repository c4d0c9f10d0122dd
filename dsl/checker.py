"""Parsed regulations into a checked :class:`~rulescore.program.Program`, or all diagnostics at once.

Checks names, types and periods (via :mod:`rulescore.dsl.expressions`), duplicate
declarations across regulations, version gaps and overlaps, dependency cycles across
regulations (with the path), and the worked cases' facts and expectations.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import attrs

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.abolition import expanded
from rulescore.dsl.bounds import check_bounds
from rulescore.dsl.citation_checks import grounded, ungrounded
from rulescore.dsl.contributions import gather, rewrite
from rulescore.dsl.example_checks import check_example
from rulescore.dsl.expressions import ERR, Scope, check_expr
from rulescore.dsl.inputs import check_example_facts, check_input, check_relation
from rulescore.dsl.overlay import carry_forward, overlay
from rulescore.dsl.joint_checks import check_joint, check_joint_placement
from rulescore.dsl.known_checks import check_known_clauses, check_known_placement
from rulescore.dsl.payment_checks import change_payment, check_payments
from rulescore.dsl.period_checks import tijdvakken as declared_tijdvakken
from rulescore.dsl.options import reform_problems
from rulescore.dsl.regime_checks import check_regimes
from rulescore.dsl.scenario_checks import (change_definition, dated_bindings, dated_periods,
                                           qualified, scope_regulation, status_problems)
from rulescore.dsl.world_checks import substituted
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.program import PluginFunction, Program, Symbol


def check(regulations: Iterable[m.Regulation],
          functions: dict[str, PluginFunction] | None = None,
          scenario: m.Regulation | None = None) -> Program:
    """Check regulations together; raise :class:`RulesError` listing every problem.

    :param scenario: a parsed scenario file: its variants are added and its bindings
        override the regulations' own (``bind partner volgens awir voor aow``).
    """
    regs = sorted(list(regulations) + ([scenario] if scenario is not None else []),
                  key=lambda r: (r.name, r.span.file))
    functions = dict(functions or {})
    diags: list[Diagnostic] = []
    sources = {r.span.file: r.source for r in regs}
    by_name: dict[str, m.Regulation] = {}
    for reg in regs:
        if reg.name in by_name:
            diags.append(Diagnostic("RS101", f"regeling '{reg.name}' is twee keer gedefinieerd",
                                    span=reg.span, hint=f"ook in {by_name[reg.name].span}"))
            continue
        by_name[reg.name] = reg
    contributions = gather(by_name, diags)
    symbols = _declare(by_name, diags)
    changed = _apply_changes(by_name, symbols, diags)
    carry_forward(by_name, symbols)
    bindings = _bindings(by_name, symbols, diags)
    dated = dated_bindings(by_name, symbols, bindings, diags)
    if scenario is not None and scenario.status is not None:
        diags.extend(status_problems(scenario.status))
    diags.extend(reform_problems(by_name.values()))
    for reg in by_name.values():
        for used in reg.uses:
            if used not in by_name:
                diags.append(Diagnostic("RS102", f"'gebruikt {used}': die regeling is niet geladen",
                                        span=reg.span, hint=suggest(used, by_name)))
    resolutions: dict = {}
    types: dict = {}
    deps: dict[str, tuple[str, ...]] = {}
    periods = declared_tijdvakken(by_name, diags)
    rewrite(by_name, symbols, periods, contributions, diags)
    dated_periods(dated, symbols, periods, diags)
    check_payments(by_name, symbols, periods, diags)
    check_joint_placement(by_name, diags)
    check_known_placement(by_name, diags)
    known_reads: set = set()
    for reg in by_name.values():
        for item in reg.items:
            if isinstance(item, m.Definition):
                q = f"{reg.name}.{item.name}"
                decl, home = (symbols[q].decl, scope_regulation(reg, changed[q])) \
                    if q in changed else (item, reg)
                scope = Scope(home, symbols, functions, resolutions, types, diags,
                              _context(reg, decl.meta), bindings=bindings,
                              tijdvak=periods.get(q), tijdvakken=periods)
                _check_definition(decl, symbols[q].type, scope)
                check_known_clauses(decl, scope, known_reads)
                deps[q] = tuple(sorted(scope.deps))
            elif isinstance(item, m.Variant) and f"{item.concept}/{item.name}" in symbols:
                q = f"{item.concept}/{item.name}"
                scope = Scope(reg, symbols, functions, resolutions, types, diags,
                              _context(reg, item.meta), bindings=bindings,
                              tijdvak=periods.get(q), tijdvakken=periods)
                _check_definition(symbols[q].decl, symbols[q].type, scope)
                deps[q] = tuple(sorted(scope.deps))
            elif isinstance(item, m.Parameter):
                _check_dated(item, [v.vanaf for v in item.values], reg, diags)
                _check_value_ends(item, reg, diags)
                for v in item.values:
                    _check_literal(v.value, symbols[f"{reg.name}.{item.name}"].type, reg, diags)
            elif isinstance(item, m.Table):
                _check_dated(item, [v.vanaf for v in item.versions], reg, diags)
            elif isinstance(item, m.Input):
                if item.relation and item.relation not in symbols:
                    diags.append(Diagnostic("RS201", f"onbekende relatie '{item.relation}'",
                                            span=item.span, hint=suggest(item.relation, symbols)))
                sym = symbols.get(item.name)
                if sym is not None and sym.decl is item:
                    enum = symbols.get(sym.type.enum) if sym.type.kind == "keuze" else None
                    diags.extend(check_input(item, sym.type, _context(reg, item.meta),
                                             enum.decl.values if enum is not None else ()))
            elif isinstance(item, m.Relation):
                diags.extend(check_relation(item, _context(reg, item.meta)))
    for q, sc in dated.items():  # bind … vanaf D: the definition that switches variant
        scope = Scope(sc, symbols, functions, resolutions, types, diags, sc.title,
                      bindings=bindings, tijdvak=periods.get(q), tijdvakken=periods)
        _check_definition(symbols[q].decl, symbols[q].type, scope)
        deps[q] = tuple(sorted(scope.deps))
    cycles = _cycles(deps, symbols)
    diags.extend(cycles)
    diags.extend(check_bounds(by_name, symbols, deps, resolutions, acyclic=not cycles))
    outputs = tuple(f"{r.name}.{i.name}" for r in by_name.values() for i in r.items
                    if isinstance(i, m.Definition) and i.output)
    for reg in by_name.values():
        for ex in reg.examples:
            diags.extend(check_example(ex, reg, symbols, periods))
            diags.extend(check_example_facts(ex, reg.title))
    if diags:
        raise RulesError(tuple(diags), sources)
    return Program(by_name, symbols, resolutions, types, functions, outputs, deps, bindings,
                   scenario.name if scenario is not None else None, tijdvakken=periods,
                   substituted=substituted(resolutions), known_reads=frozenset(known_reads))


def _bindings(regs: dict[str, m.Regulation], symbols: dict[str, Symbol], diags) -> dict:
    """(regulation, concept) → variant: the regulations' own, then a scenario's overrides."""
    out: dict = {}
    ordered = sorted(regs.values(), key=lambda r: r.is_scenario)  # scenarios last: they win
    for reg in ordered:
        for b in reg.bindings:
            if b.concept not in symbols or symbols[b.concept].kind != "begrip":
                diags.append(Diagnostic("RS201", f"onbekend begrip '{b.concept}'", span=b.span,
                                        hint=suggest(b.concept, [q for q, s in symbols.items()
                                                                 if s.kind == "begrip"])))
                continue
            if f"{b.concept}/{b.variant}" not in symbols:
                known = [q.split("/", 1)[1] for q in symbols if q.startswith(f"{b.concept}/")]
                diags.append(Diagnostic("RS271", f"begrip '{b.concept}' heeft geen variant "
                                        f"'{b.variant}'", span=b.span,
                                        hint="varianten: " + (", ".join(sorted(known)) or "geen")))
                continue
            targets = b.regulations if reg.is_scenario else (reg.name,)
            if b.vanaf is not None:  # from a date: scenario_checks.dated_bindings
                targets = [x for x in targets if x not in regs or regs[x].is_scenario]
            for target in targets:
                if target not in regs or regs[target].is_scenario:
                    diags.append(Diagnostic("RS102", f"'bind … voor {target}': die regeling is "
                                            f"niet geladen", span=b.span,
                                            hint=suggest(target, regs)))
                    continue
                out[(target, b.concept)] = b.variant
    return out


def _apply_changes(regs: dict[str, m.Regulation], symbols: dict[str, Symbol], diags) -> dict:
    """A scenario's ``wijzig parameter`` (``betaling``, ``definitie``): checked, then laid
    over the item's own; → each changed definition's qualname → the scenario."""
    changed: dict[str, m.Regulation] = {}
    for reg in regs.values():
        seen: set = set()
        for change in expanded(reg.changes, regs, symbols, diags):
            target = qualified(change, reg, symbols, diags)
            if target is None:
                continue
            change = attrs.evolve(change, target=target)
            sym = symbols.get(change.target)
            if isinstance(change, m.DefinitionChange):
                if ("definitie", target) in seen:
                    diags.append(Diagnostic("RS103", f"'wijzig definitie {target}' staat twee "
                                            "keer in dit scenario", span=change.span))
                elif change_definition(change, sym, reg, regs, symbols, diags):
                    changed[target] = reg
                seen.add(("definitie", target))
                continue
            if isinstance(change, m.PaymentChange):
                if ("betaling", change.target) in seen:
                    diags.append(Diagnostic("RS103", f"'wijzig betaling {change.target}' staat "
                                            "twee keer in dit scenario", span=change.span,
                                            hint="één betaalmoment per definitie"))
                    continue
                seen.add(("betaling", change.target))
                change_payment(change, sym, symbols, reg, diags)
                continue
            if sym is None or sym.kind != "parameter":
                what = f"is een {sym.kind}, geen parameter" if sym else "bestaat niet"
                diags.append(Diagnostic("RS272", f"'wijzig parameter {change.target}': die naam "
                                        f"{what}", span=change.span, hint=suggest(
                                            change.target, [q for q, s in symbols.items()
                                                            if s.kind == "parameter"])))
                continue
            if change.target in seen:
                diags.append(Diagnostic("RS103", f"'wijzig parameter {change.target}' staat twee "
                                        "keer in dit scenario", span=change.span,
                                        hint="zet alle waarden onder één 'wijzig parameter'"))
                continue
            seen.add(change.target)
            if not (grounded(change.meta) or all(v.aanname for v in change.values)):
                diags.append(ungrounded(f"de wijziging van '{change.target}'",
                                        "de waarde gebruikt", span=change.span))
            _check_dated(change, [v.vanaf for v in change.values], reg, diags)
            _check_value_ends(change, reg, diags)
            for v in change.values:
                _check_literal(v.value, sym.type, reg, diags)
            symbols[change.target] = attrs.evolve(sym, decl=overlay(sym.decl, change, reg.name))
    return changed


def _context(reg: m.Regulation, meta: m.Meta) -> str:
    if meta.citations:
        return f"{reg.title} › {meta.citations[0].describe(reg.bwb)}"
    return reg.title


def _declare(regs: dict[str, m.Regulation], diags: list[Diagnostic]) -> dict[str, Symbol]:
    """Build the symbol table. Inputs, relations and enumerations are global facts."""
    symbols: dict[str, Symbol] = {}
    enums = {i.name for r in regs.values() for i in r.items if isinstance(i, m.Enumeration)}
    kinds = {m.Definition: "definitie", m.Parameter: "parameter", m.Table: "tabel",
             m.Input: "invoer", m.Relation: "relatie", m.Enumeration: "keuze",
             m.Concept: "begrip", m.Variant: "variant"}
    concepts = {i.name: i for r in regs.values() for i in r.items if isinstance(i, m.Concept)}
    for reg in regs.values():
        for item in reg.items:
            kind = kinds[type(item)]
            if kind == "variant":
                _declare_variant(item, reg, concepts, enums, symbols, diags)
                continue
            qual = (item.name if kind in ("invoer", "relatie", "keuze", "begrip")
                    else f"{reg.name}.{item.name}")
            if qual in symbols:
                other = symbols[qual]
                where = f"regeling '{other.regulation}'" if other.regulation != reg.name else "hier"
                diags.append(Diagnostic(
                    "RS103", f"'{item.name}' is twee keer gedefinieerd ({where} en in "
                    f"regeling '{reg.name}')", span=item.span,
                    hint=f"eerste definitie: {other.decl.span}"))
                continue
            typ = t.JANEE if kind == "relatie" else t.TEKST
            if hasattr(item, "type"):
                typ = _declared_type(item.type, enums, reg, diags)
            if kind == "keuze":
                typ = t.Type("keuze", enum=item.name)
            symbols[qual] = Symbol(qual, kind, typ, reg.name, item)
    return symbols


def _declare_variant(item: m.Variant, reg, concepts, enums, symbols, diags) -> None:
    """A variant becomes a definition named ``begrip/variant``, typed by its concept."""
    concept = concepts.get(item.concept)
    if concept is None:
        diags.append(Diagnostic("RS201", f"onbekend begrip '{item.concept}'", span=item.span,
                                hint=suggest(item.concept, concepts)))
        return
    qual = f"{item.concept}/{item.name}"
    if qual in symbols:
        diags.append(Diagnostic("RS103", f"variant '{item.name}' van begrip '{item.concept}' is "
                                f"twee keer gedefinieerd (regeling '{symbols[qual].regulation}' en "
                                f"regeling '{reg.name}')", span=item.span,
                                hint=f"eerste definitie: {symbols[qual].decl.span}"))
        return
    decl = m.Definition(qual, concept.type, item.meta,
                        (m.Version(None, None, m.Meta(), item.body, span=item.span),),
                        unversioned=True, span=item.span)
    symbols[qual] = Symbol(qual, "definitie", _declared_type(concept.type, enums, reg, diags),
                           reg.name, decl)


def _declared_type(ref: m.TypeRef, enums: set[str], reg, diags) -> t.Type:
    if ref.base == "keuze":
        if ref.enum not in enums:
            diags.append(Diagnostic("RS201", f"onbekend type '{ref.enum}'", span=ref.span,
                                    hint=suggest(ref.enum, list(enums) + [
                                        "bedrag", "getal", "percentage", "datum", "ja/nee"])))
            return ERR
        return t.Type("keuze", enum=ref.enum)
    if ref.per and ref.base not in ("bedrag", "getal"):
        diags.append(Diagnostic("RS230", f"alleen een bedrag of getal heeft een periode, "
                                f"niet {ref.base}", span=ref.span))
    return t.from_declaration(ref.base, ref.per)


def _check_definition(item: m.Definition, declared: t.Type, scope: Scope) -> None:
    check_joint(item, scope)
    if item.selector is not None:
        st = check_expr(item.selector, scope)
        if st is not ERR and st != t.DATUM:
            scope.error("RS231", f"'versies volgens' kiest met een datum, niet {st.describe()}",
                        item.selector)
    for version in item.versions:
        if version.meta.citations:
            reg = scope.regulation
            scope.context = f"{reg.title} › {version.meta.citations[0].describe(reg.bwb)}"
        body = check_expr(version.body, scope)
        if body is ERR or declared is ERR:
            continue
        if not declared.compatible(body) or (body.kind == "getal" and body.dimension
                                              != declared.dimension and not body.polymorphic_zero):
            scope.error("RS232", f"'{item.name}' is gedeclareerd als {declared.describe()}, maar "
                        f"de uitdrukking is {body.describe()}", version.body,
                        hint=_period_hint(declared, body))
    if item.versions[0].regime is not None:
        check_regimes(item, scope)
    elif not item.unversioned:
        _version_order(item, scope.diagnostics, scope.context)


def _period_hint(declared: t.Type, body: t.Type) -> str | None:
    if declared.is_number and body.is_number:
        return "reken om met een omrekenfactor, bijv. '* 12 maanden per jaar' of '/ 12 maanden per jaar'"
    return None


def _version_order(item: m.Definition, diags: list, context: str) -> None:
    versions = item.versions
    for i, v in enumerate(versions):
        if v.vanaf and v.tot and v.tot <= v.vanaf:
            diags.append(Diagnostic("RS240", f"versie van '{item.name}' eindigt ({_d(v.tot)}) "
                                    f"voordat ze begint ({_d(v.vanaf)})", span=v.span,
                                    context=context))
        if i == 0:
            continue
        prev = versions[i - 1]
        if v.vanaf is None:
            diags.append(Diagnostic("RS241", f"alleen de eerste versie van '{item.name}' mag "
                                    f"zonder 'vanaf'", span=v.span, context=context))
        elif prev.tot is None or prev.tot > v.vanaf:
            diags.append(Diagnostic(
                "RS242", f"versies van '{item.name}' overlappen vanaf {_d(v.vanaf)}", span=v.span,
                context=context, hint=f"laat de vorige versie eindigen: 'tot {_d(v.vanaf)}'"))
        elif prev.tot < v.vanaf:
            diags.append(Diagnostic(
                "RS243", f"gat tussen versies van '{item.name}': van {_d(prev.tot)} tot "
                f"{_d(v.vanaf)} geldt geen versie", span=v.span, context=context,
                hint=f"laat deze versie beginnen op {_d(prev.tot)} of vul het gat"))


def _check_dated(item, dates: list[dt.date], reg, diags) -> None:
    values = item.versions if isinstance(item, m.Table) else item.values
    for a, b, value in zip(dates, dates[1:], values[1:]):
        if b <= a:
            diags.append(Diagnostic("RS242", f"waarden van '{item.name}' staan niet op volgorde "
                                    f"of overlappen: {_d(b)} na {_d(a)}", span=value.span,
                                    context=_context(reg, item.meta),
                                    hint="zet de 'vanaf'-datums oplopend, elk maar één keer"))


def _check_value_ends(item: m.Parameter, reg, diags) -> None:
    nexts = [v.vanaf for v in item.values[1:]] + [None]
    for v, nxt in zip(item.values, nexts):
        if v.tot is None:
            continue
        if v.tot <= v.vanaf:
            diags.append(Diagnostic("RS240", f"waarde van '{item.name}' eindigt ({_d(v.tot)}) "
                                    f"voordat ze begint ({_d(v.vanaf)})", span=v.span,
                                    context=_context(reg, item.meta)))
        elif nxt is not None and v.tot > nxt:
            diags.append(Diagnostic("RS242", f"waarden van '{item.name}' overlappen: "
                                    f"{_d(v.vanaf)} tot {_d(v.tot)} loopt voorbij {_d(nxt)}",
                                    span=v.span, context=_context(reg, item.meta),
                                    hint=f"laat de waarde eindigen op {_d(nxt)} of eerder"))


def _check_literal(lit: m.Literal, typ: t.Type, reg, diags) -> None:
    kind = {"bedrag": "getal", "percentage": "getal", "omrekenfactor": "getal"}.get(lit.kind,
                                                                                    lit.kind)
    if typ is ERR:
        return
    if typ.kind == "keuze" and lit.kind == "tekst":
        return
    if kind != typ.kind or (typ.display == "bedrag") != (lit.kind == "bedrag"):
        diags.append(Diagnostic("RS233", f"waarde past niet bij het type {typ.describe()}",
                                span=lit.span, context=reg.title,
                                hint="een bedrag schrijft u als € 1.401,50, een percentage als 4,85%"))


def _cycles(deps: dict[str, tuple[str, ...]], symbols: dict[str, Symbol]) -> list[Diagnostic]:
    """Every dependency cycle once, with its path ``a → b → c → a``.

    Depth-first without recursion: a chain of thousands of definitions is a bound the
    checker reports (RS281), not a RecursionError."""
    diags, state, stack = [], {}, []
    seen_cycles: set[frozenset] = set()
    for root in sorted(deps):
        if state.get(root) is not None:
            continue
        state[root] = 1
        stack.append(root)
        todo = [iter(deps.get(root, ()))]
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                todo.pop()
                state[stack.pop()] = 2
            elif state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    decl = symbols[nxt].decl
                    diags.append(Diagnostic("RS250", "kringverwijzing: " + " → ".join(cycle),
                                            span=decl.span,
                                            hint="een definitie mag niet (via andere) van "
                                                 "zichzelf afhangen"))
            elif state.get(nxt) is None:
                state[nxt] = 1
                stack.append(nxt)
                todo.append(iter(deps.get(nxt, ())))
    return diags


def _d(d: dt.date) -> str:
    return d.isoformat()
