"""An explanation graph and the name of a value in it into the graph of only the paths
that lead from the roots to that value (``explain --pad``).

A full explanation shows everything a figure used; the question is often narrower: *how*
does the vermogen reach the zorgtoeslag, where does sara's geboortedatum enter the
bijstand. The focused graph keeps a value when it is the one asked for or uses, directly
or further down, a value that is; every other branch is left out, and each kept value
still shows its rule, article and version; what the asked-for value itself used is
shown one level down (``explain`` that value for the rest).
"""

from __future__ import annotations

import attrs

from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.reference.explanation import Explanation


def _matches(node, target: str) -> bool:
    """``zorgtoeslag.vermogen_boven_grens``, ``vermogen_boven_grens`` or, for a value of a
    concept variant, ``vermogen/awir`` and ``vermogen``."""
    name = node.name
    short = name.rpartition(".")[2]
    return target in (name, short, short.partition("/")[0])


def focused(graph: Explanation, target: str, where: str = "--pad") -> Explanation:
    """The paths of ``graph`` from its roots to every value named ``target``; RS335 when
    no value of the graph has that name (with the nearest names)."""
    hits = {nid for nid, node in graph.nodes.items() if _matches(node, target)}
    if not hits:
        names = sorted({n.name for n in graph.nodes.values()}
                       | {n.name.rpartition(".")[2] for n in graph.nodes.values()})
        raise RulesError((Diagnostic(
            "RS335", f"'{target}' komt niet voor in deze uitleg", path=where,
            hint=suggest(target, names) or "kies een naam die de volledige uitleg toont"),))
    leads: dict[str, bool] = {}

    def leads_to(nid: str) -> bool:  # the graph is acyclic (the checker proves it)
        if nid not in leads:
            leads[nid] = nid in hits or any(leads_to(u) for u in graph.nodes[nid].uses)
        return leads[nid]

    # what the values asked for used directly: one level, as leaves (explain them for more)
    below = {u for h in hits for u in graph.nodes[h].uses} - hits
    nodes = {}
    for nid, node in graph.nodes.items():
        if nid in hits:
            nodes[nid] = node
        elif nid in below and not leads_to(nid):
            nodes[nid] = attrs.evolve(node, uses=())
        elif leads_to(nid):
            nodes[nid] = attrs.evolve(node, uses=tuple(u for u in node.uses if leads_to(u)))
    return Explanation(tuple(r for r in graph.roots if leads_to(r)), nodes)
