"""Worked cases (``voorbeeld``) into situations, evaluated and compared with expectations."""

from __future__ import annotations

import attrs

from rulescore import model as m
from rulescore.program import Program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.values import format_value, json_value


@attrs.frozen
class Outcome:
    """One expectation of a worked case with the value rulescore computed."""

    name: str
    person: str
    expected: object
    actual: object
    type_text: str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def situation_dict(example: m.Example) -> dict:
    """The worked case's facts as a situation document (the JSON a user would write)."""
    doc: dict = {"peildatum": example.peildatum.isoformat(), "personen": {}, "woningen": {},
                 "relaties": []}
    for ent in example.entities:
        facts = {f.name: (f.value if isinstance(f.value, str) else json_value(f.value.value))
                 for f in ent.facts}
        if ent.kind == "persoon":
            doc["personen"][ent.ids[0]] = facts
        elif ent.kind == "woning":
            doc["woningen"][ent.ids[0]] = facts
        else:
            doc["relaties"].append({"soort": ent.relation, "personen": list(ent.ids), **facts})
    return doc


def run_example(program: Program, regulation: m.Regulation, example: m.Example):
    """Evaluate a worked case into (outcomes, result); RulesError if it is invalid."""
    situation = Situation.from_dict(situation_dict(example), program)
    names = []
    for exp in example.expectations:
        q = exp.name.dotted if len(exp.name.parts) > 1 else f"{regulation.name}.{exp.name.dotted}"
        names.append(q)
    result = evaluate(program, situation, outputs=tuple(dict.fromkeys(names)), trace=True)
    out = []
    for q, exp in zip(names, example.expectations):
        sym = program.symbols[q]
        actual = result.value(q, exp.person)
        expected = exp.value.value
        out.append(Outcome(q, exp.person, expected, actual, sym.type.describe()))
    return out, result


def describe(outcome: Outcome, program: Program) -> str:
    typ = program.symbols[outcome.name].type
    return (f"{outcome.name} voor {outcome.person}: verwacht {format_value(outcome.expected, typ)}, "
            f"berekend {format_value(outcome.actual, typ)}")
