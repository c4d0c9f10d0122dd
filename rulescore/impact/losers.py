"""A losing household, current law and the scenario into its explanation: every outcome
that changes for each person (from, to), and the explanation of the outcome that changes
most under the scenario down to the articles and the scenario's changes (``explain``)."""

from __future__ import annotations

import datetime as dt

from rulescore.program import Program
from rulescore.reference.explanation import explain_all
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.values import shown


def explain_loser(base: Program, scenario: Program, situation: Situation, date: dt.date,
                  depth: int = 3) -> dict:
    """The changed outcomes of the household and the explanation of the largest change."""
    before = evaluate(base, situation, date)
    after = evaluate(scenario, situation, date, trace=True)
    changes = []
    for key, old in sorted(before.values.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        new = after.values.get(key)
        if new != old:
            q, person = key
            typ = base.symbols[q].type
            changes.append({"persoon": person, "uitkomst": q, "huidig": shown(old, typ),
                            "scenario": shown(new, typ), "_size": _size(old, new)})
    worst = max((c for c in changes if not c["uitkomst"].startswith("besteedbaar_inkomen.")),
                key=lambda c: c["_size"], default=None)
    text = None
    if worst is not None:
        graph = explain_all(after.context, [(worst["uitkomst"], worst["persoon"])])
        changed = [q for q in scenario.changed_parameters
                   if any(n.name == q for n in graph.nodes.values())]
        if changed:  # the way from the outcome to what the scenario changed, whole
            from rulescore.reference.focus import focused

            text = "\n".join(focused(graph, q).render() for q in changed)
        else:
            text = graph.render(depth=depth)
    for c in changes:
        c.pop("_size")
    return {"veranderingen": changes, "uitleg_van": worst and
            {"uitkomst": worst["uitkomst"], "persoon": worst["persoon"]}, "uitleg": text}


def _size(old, new) -> float:
    try:
        return abs(float(new) - float(old))
    except (TypeError, ValueError):
        return 0.0
