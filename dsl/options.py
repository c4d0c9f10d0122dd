"""A scenario's reform with transitional options into checked pieces: the diagnostics of
its options (RS285–RS288), and per option the regulations and scenario that state it.

Under an option, each parameter it names becomes a definition of the parameter's own
regulation, whose body is the option's (one expression, or regimes of overgangsrecht that
choose by a date of the person); in it ``oud`` is the parameter as current law has it
(completed by the scenario's values before the reform date) and ``nieuw`` the parameter
as the reform has it. Both are added to that regulation as the parameters ``<naam>_oud``
and ``<naam>_nieuw``, so the explanation shows them and their values like any other. A
reformed parameter an option does not name follows the reform at once. The checker then
checks the option's program as any other: the regimes of a rule must cover every person
on every peildatum (RS244, RS245).
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import model as m
from rulescore.errors import Diagnostic, RulesError, suggest

SUFFIXES = {"oud": "_oud", "nieuw": "_nieuw"}


def reformed(scenario: m.Regulation) -> dict[str, m.ParameterChange]:
    """The parameters the reform changes: those with a value from the reform date on."""
    date = scenario.reform.date
    return {c.target: c for c in scenario.changes
            if isinstance(c, m.ParameterChange) and any(v.vanaf >= date for v in c.values)}


def reform_problems(regs) -> list[Diagnostic]:
    """A scenario's reform options that do not fit it (RS285–RS288) and a ``waarden
    doorgetrokken`` without grounds (RS273), over the loaded regulations."""
    from rulescore.dsl.citation_checks import grounded

    diags: list[Diagnostic] = []
    for reg in regs:
        if reg.is_scenario and reg.reform is not None:
            diags.extend(option_problems(reg))
        carry = reg.carry_forward
        if carry is not None and not grounded(carry.meta):
            diags.append(Diagnostic("RS273", "'waarden doorgetrokken' zegt niet waarop het "
                                    "berust", span=carry.span, hint="voeg 'aanname \"…\"' toe; "
                                    "de uitleg van elk bedrag dat een doorgetrokken waarde "
                                    "gebruikt toont die"))
    return diags


def option_problems(scenario: m.Regulation) -> list[Diagnostic]:
    """The options fit the reform: each names a reformed parameter, once; names are unique."""
    reform = scenario.reform
    if reform is None:
        return []
    diags = []
    targets = reformed(scenario)
    if not targets:
        diags.append(Diagnostic("RS288", f"de hervorming vanaf {reform.date.isoformat()} "
                                "verandert geen parameter", span=reform.span,
                                hint="geef onder 'wijzig parameter' een waarde 'vanaf' de "
                                "datum van de hervorming of later"))
    seen: dict[str, m.TransitionOption] = {}
    for option in reform.options:
        if option.name in seen:
            diags.append(Diagnostic("RS287", f"optie '{option.name}' staat er twee keer",
                                    span=option.span, hint=f"eerste: {seen[option.name].span}"))
        seen.setdefault(option.name, option)
        if not option.rules:
            diags.append(Diagnostic("RS285", f"optie '{option.name}' noemt geen parameter",
                                    span=option.span, hint="schrijf 'wijzig parameter <naam> "
                                    "= …' met 'oud' en 'nieuw' (bijvoorbeeld '= nieuw' voor "
                                    "directe invoering)"))
        named: set = set()
        for rule in option.rules:
            if rule.target in named:
                diags.append(Diagnostic("RS287", f"optie '{option.name}' noemt "
                                        f"'{rule.target}' twee keer", span=rule.span,
                                        hint="één regel per parameter in een optie"))
            named.add(rule.target)
            if rule.target not in targets:
                diags.append(Diagnostic("RS286", f"optie '{option.name}' noemt "
                                        f"'{rule.target}', maar de hervorming verandert die "
                                        "parameter niet", span=rule.span,
                                        hint=suggest(rule.target, targets) or
                                        "geef de parameter eerst een nieuwe waarde met "
                                        "'wijzig parameter' vanaf de datum van de hervorming"))
    return diags


def baseline(scenario: m.Regulation) -> m.Regulation:
    """The scenario as current law for the comparison: its values before the reform date."""
    date = scenario.reform.date
    changes = []
    for c in scenario.changes:
        if isinstance(c, m.ParameterChange):
            c = _before(c, date)
            if not c.values:
                continue
        changes.append(c)
    return attrs.evolve(scenario, changes=tuple(changes), reform=None)


def with_option(regs: list[m.Regulation], scenario: m.Regulation,
                name: str) -> tuple[list[m.Regulation], m.Regulation]:
    """The regulations and the scenario that state option ``name`` (RS289: no such option)."""
    reform = scenario.reform
    options = {o.name: o for o in reform.options}
    if name not in options:
        raise RulesError((Diagnostic("RS289", f"het scenario heeft geen optie '{name}'",
                                     span=reform.span, hint=suggest(name, options) or
                                     "opties: " + ", ".join(options)),), {})
    changes = {c.target: c for c in scenario.changes if isinstance(c, m.ParameterChange)}
    by_name = {r.name: r for r in regs}
    new_changes = [c for c in scenario.changes if not (
        isinstance(c, m.ParameterChange) and c.target in
        {r.target for r in options[name].rules})]
    for rule in options[name].rules:
        reg_name, _, param = rule.target.rpartition(".")
        reg = by_name.get(reg_name)
        item = next((i for i in reg.items if isinstance(i, m.Parameter) and i.name == param),
                    None) if reg else None
        if item is None or rule.target not in changes:
            continue  # named by option_problems (RS286)
        definition = m.Definition(
            param, item.type, m.Meta(rule.meta.citations or item.meta.citations,
                                     rule.meta.toelichting, rule.meta.aannames),
            tuple(_renamed(v, param) for v in rule.versions), _renamed(rule.selector, param),
            unversioned=rule.unversioned, span=rule.span)
        copies = [attrs.evolve(item, name=param + s) for s in SUFFIXES.values()]
        items = tuple(x for i in reg.items for x in ([definition, *copies] if i is item else [i]))
        by_name[reg_name] = attrs.evolve(reg, items=items)
        change = changes[rule.target]
        new_changes.append(attrs.evolve(change, target=rule.target + SUFFIXES["nieuw"]))
        old = _before(change, reform.date)
        if old.values:
            new_changes.append(attrs.evolve(old, target=rule.target + SUFFIXES["oud"]))
    return ([by_name[r.name] for r in regs],
            attrs.evolve(scenario, changes=tuple(new_changes), reform=None))


def _before(change: m.ParameterChange, date: dt.date) -> m.ParameterChange:
    """The change without its values from ``date`` on: what held before the reform keeps
    holding (until its own ``tot``, if it states one)."""
    return attrs.evolve(change, values=tuple(v for v in change.values if v.vanaf < date))


def _renamed(node, param: str):
    """``node`` with the names ``oud`` and ``nieuw`` read as the parameter's two copies."""
    if isinstance(node, m.Ref):
        if len(node.parts) == 1 and node.parts[0] in SUFFIXES:
            return attrs.evolve(node, parts=(param + SUFFIXES[node.parts[0]],))
        return node
    if isinstance(node, tuple):
        return tuple(_renamed(x, param) for x in node)
    if attrs.has(type(node)) and not isinstance(node, m.Span):
        changes = {}
        for f in attrs.fields(type(node)):
            value = getattr(node, f.name)
            new = _renamed(value, param)
            if new is not value:
                changes[f.name] = new
        return attrs.evolve(node, **changes) if changes else node
    return node
