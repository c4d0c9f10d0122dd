"""A regulation into the inputs its outcomes need, through every regulation it reads.

``rulescore inputs zorgtoeslag`` lists not only the zorgtoeslag's own ``invoer`` but every
input reached from its definitions through the dependency graph (the Awir's
toetsingsinkomen reads the inkomstenbelasting's wages, …), each with the regulation that
declares it and whether the rules give it a legal default. An unknown regulation is a
diagnostic with a suggestion, never an empty list.
"""

from __future__ import annotations

from typing import Any

from rulescore import model as m
from rulescore.coverage import references
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.program import Program


def _reads(program: Program, qualname: str) -> set[str]:
    """What a definition reads in any of its versions (and its version selector)."""
    decl = program.symbols[qualname].decl
    if not isinstance(decl, m.Definition):
        return set()
    found = set().union(*(references(program, (v.body, v.regime)) for v in decl.versions))
    return found | (references(program, decl.selector) if decl.selector is not None else set())


def needed_inputs(program: Program, regulation: str | None = None) -> list[dict[str, Any]]:
    """Every input (of ``regulation``'s definitions, through their dependencies; all
    inputs without one) as rows: naam, type, van, regeling, standaard, bron, eigen,
    zelf_opgegeven (``zelf opgegeven``: the person states it, no register holds it)."""
    inputs = program.inputs()
    if regulation is None:
        wanted = set(inputs)
    else:
        regs = [n for n, r in program.regulations.items() if not r.is_scenario]
        if regulation not in regs:
            raise RulesError((Diagnostic("RS334", f"onbekende regeling '{regulation}'",
                                         path=regulation,
                                         hint=suggest(regulation, regs) or
                                         "mogelijk: " + ", ".join(sorted(regs))),))
        wanted, stack = set(), [q for q, s in program.symbols.items()
                                if s.regulation == regulation]
        seen = set(stack)
        while stack:
            q = stack.pop()
            if q in inputs:
                wanted.add(q)
            for d in _reads(program, q):
                if d not in seen:
                    seen.add(d)
                    stack.append(d)
    rows = []
    for name in sorted(wanted):
        sym = inputs[name]
        d = sym.decl
        reg = program.regulations[sym.regulation]
        rows.append({
            "naam": name, "type": sym.type.describe(),
            "van": f"relatie {d.relation}" if d.relation else d.owner,
            "regeling": sym.regulation,
            "standaard": str(d.default.value) if d.default is not None else None,
            "bron": d.meta.citations[0].describe(reg.bwb) if d.meta.citations else "",
            "eigen": regulation is None or sym.regulation == regulation,
            "zelf_opgegeven": d.self_reported})
    return rows
