"""A program and a situation into a comparison of concept variants and their effects.

For every concept (``begrip``): the value of each variant for each person, which
regulation uses which variant, the persons for whom the variants disagree (with the
explanation of each variant's value, down to the articles), and — for a scenario — how
each regulation's outcomes change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rulescore.program import Program
from rulescore.reference.context import MISSING
from rulescore.reference.evaluation import CompiledProgram
from rulescore.reference.explanation import explain
from rulescore.reference.results import compiled, evaluate
from rulescore.situation import Situation
from rulescore.values import json_value, shown


def compare(program: Program, situation: Situation, date: dt.date | None = None,
            scenario: Program | None = None) -> dict[str, Any]:
    """The comparison as a JSON-ready document (see the module docstring)."""
    cp: CompiledProgram = compiled(program)
    ctx = cp.context(situation, date, trace=True)
    report: dict[str, Any] = {"peildatum": ctx.date.isoformat(), "begrippen": {}}
    for concept in sorted(program.concepts()):
        variants = program.variants(concept)
        values = {v: {p: ctx.value(q, p) for p in situation.person_ids}
                  for v, q in sorted(variants.items())}
        disagreements = []
        for person in situation.person_ids:
            seen = {v: values[v][person] for v in values if values[v][person] is not MISSING}
            if len({repr(json_value(x)) for x in seen.values()}) > 1:
                disagreements.append({
                    "persoon": person,
                    "waarden": {v: json_value(x) for v, x in seen.items()},
                    "uitleg": {v: explain(ctx, variants[v], person).to_dict() for v in seen},
                })
        typ = program.symbols[concept].type
        report["begrippen"][concept] = {
            "varianten": {v: {p: "ontbreekt" if x is MISSING else shown(x, typ)
                              for p, x in per.items()} for v, per in values.items()},
            "gebruik": _usage(program, concept),
            "verschillen": disagreements,
        }
        if scenario is not None:
            report["begrippen"][concept]["gebruik_in_scenario"] = _usage(scenario, concept)
    report["ontbrekende_gegevens"] = sorted(f"$.personen.{owner}.{name}" if kind == "persoon"
                                            else f"{kind} {owner}: {name}"
                                            for kind, name, owner in ctx.missing)
    if scenario is not None:
        report["scenario"] = {"naam": scenario.scenario,
                              "effect": _effect(program, scenario, situation, ctx.date)}
    return report


def _usage(program: Program, concept: str) -> dict[str, str]:
    return {reg: variant for (reg, c), variant in sorted(program.bindings.items()) if c == concept}


def _effect(base: Program, other: Program, situation: Situation, date) -> list[dict]:
    """Outcomes that differ between the base rules and the scenario, per person."""
    a = evaluate(base, situation, date)
    b = evaluate(other, situation, date)  # the same facts; only the rules differ
    changes = []
    for key in sorted(a.values):
        if a.values[key] != b.values.get(key):
            qual, person = key
            typ = base.symbols[qual].type
            changes.append({"uitkomst": qual, "persoon": person,
                            "zonder_scenario": shown(a.values[key], typ),
                            "met_scenario": shown(b.values[key], typ)})
    return changes
