"""A checked program into its references: which declaration names which symbol, where.

The checker resolves every name in an expression (``Program.resolutions``, by node);
this walks each declaration's expressions and yields, for every name that resolved to a
symbol (a definition, parameter, table, input, relation or concept variant), the
declaration it stands in, the symbol and the span of the name. The explorer's "gebruikt
/ gebruikt door" and the language server's find-references read it.
"""

from __future__ import annotations

import attrs

from rulescore import model as m


@attrs.frozen
class Reference:
    #: The qualname of the declaration the name stands in (``zorgtoeslag.zorgtoeslag``).
    user: str
    #: The qualname of the symbol it names.
    target: str
    span: m.Span


def declaration_name(reg: m.Regulation, item) -> str:
    """The qualname under which the program knows a declaration."""
    if isinstance(item, m.Variant):
        return f"{item.concept}/{item.name}"
    if isinstance(item, (m.Input, m.Relation, m.Concept)):
        return item.name
    return f"{reg.name}.{item.name}"


def _nodes(node):
    """Every model node under ``node`` (depth first), spans and literals' values excluded."""
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, (tuple, list)):
            todo.extend(current)
        elif attrs.has(type(current)) and not isinstance(current, m.Span):
            yield current
            todo.extend(getattr(current, f.name) for f in attrs.fields(type(current))
                        if f.name != "span")


def references(program) -> list[Reference]:
    """Every resolved name in every declaration of the program's regulations."""
    out = []
    for reg in program.regulations.values():
        for item in reg.items:
            user = declaration_name(reg, item)
            for node in _nodes(item):
                resolution = program.resolutions.get(id(node))
                if resolution is not None and resolution.kind in ("symbol", "relation", "attr") \
                        and resolution.target in program.symbols:
                    out.append(Reference(user, resolution.target, node.span))
    return out


def uses(program) -> dict[str, set[str]]:
    """Declaration qualname → the symbols it names directly."""
    out: dict[str, set[str]] = {}
    for ref in references(program):
        if ref.target != ref.user:
            out.setdefault(ref.user, set()).add(ref.target)
    return out
