"""Worked cases (``voorbeeld``) into situations, evaluated and compared with expectations.

A case with a period on any expectation (``verwacht x voor p in 2026 = …``) is evaluated
over a range (:func:`rulescore.reference.ranges.evaluate_range`): its own ``van … tot en
met …``, or else the months its expectations need; the expectations without a period are
read on the case's peildatum, as every case without periods is. Problems the situation
loader finds in the case's facts (RS3xx, RS52x) are reported at the fact in the rules file.
"""

from __future__ import annotations

import attrs

from rulescore import model as m
from rulescore.errors import Diagnostic, RulesError
from rulescore.periods import Period, parse_period
from rulescore.program import Program
from rulescore.reference.ranges import evaluate_range, tijdvak_of
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
    #: The period of the expectation (a :class:`Period`), or None: on the peildatum.
    period: Period | None = None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def _value(value):
    return value if isinstance(value, str) else json_value(value.value)


def _fact_json(fact: m.Fact):
    """A fact as a plain JSON value, or as the list of pieces of docs/time.rst."""
    if not fact.changes:
        return _value(fact.value)
    changes = fact.changes

    def end(after: int):  # a value lasts until the next change that is not a revision
        return next((c.vanaf.isoformat() for c in changes[after:] if c.besluit is None), None)

    first = end(0)
    pieces = [{"waarde": _value(fact.value), **({"tot": first} if first else {})}]
    for i, change in enumerate(changes):
        piece = {"vanaf": change.vanaf.isoformat(), "waarde": _value(change.value)}
        if (last := end(i + 1)) is not None:
            piece["tot"] = last
        if change.besluit is not None:
            piece["besluit"] = change.besluit.isoformat()
        pieces.append(piece)
    return pieces


def situation_dict(example: m.Example, spans: dict | None = None) -> dict:
    """The worked case's facts as a situation document (the JSON a user would write);
    ``spans`` (if given) receives JSON path → the span in the rules file it came from."""
    spans = {} if spans is None else spans
    doc: dict = {"peildatum": example.day.isoformat(), "personen": {}, "woningen": {},
                 "relaties": []}
    spans["$"] = example.span
    if example.first_month is not None:
        doc["van"] = Period(example.first_month, 1).label()
        doc["tot"] = Period(example.last_month, 1).label()
    for ent in example.entities:
        facts = {f.name: _fact_json(f) for f in ent.facts}
        if ent.kind == "persoon":
            doc["personen"][ent.ids[0]] = facts
            path = f"$.personen.{ent.ids[0]}"
        elif ent.kind == "woning":
            doc["woningen"][ent.ids[0]] = facts
            path = f"$.woningen.{ent.ids[0]}"
        else:
            path = f"$.relaties[{len(doc['relaties'])}]"
            period = {k: d.isoformat() for k, d in (("vanaf", ent.vanaf), ("tot", ent.tot))
                      if d is not None}
            doc["relaties"].append({"soort": ent.relation, "personen": list(ent.ids),
                                    **period, **facts})
        spans[path] = ent.span
        for f in ent.facts:
            spans[f"{path}.{f.name}"] = f.span
            for i, change in enumerate(f.changes):
                spans[f"{path}.{f.name}[{i + 1}]"] = change.span
    return doc


def _located(exc: RulesError, spans: dict, example: m.Example, source: str) -> RulesError:
    """The diagnostics of a JSON path re-placed at the fact of the rules file they are about."""
    out = []
    for d in exc.diagnostics:
        if d.span is not None or d.path is None or not d.path.startswith("$"):
            out.append(d)
            continue
        path = d.path
        while path not in spans:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else "$"
        out.append(Diagnostic(d.code, d.message, span=spans[path], hint=d.hint,
                              context=d.context or f"voorbeeld \"{example.title}\""))
    return RulesError(tuple(out), {**exc.sources, example.span.file: source})


def qualified(regulation: m.Regulation, exp: m.Expectation) -> str:
    return exp.name.dotted if len(exp.name.parts) > 1 else f"{regulation.name}.{exp.name.dotted}"


def expected_period(program: Program, qualname: str, label: str) -> Period:
    """The period an expectation names, as the period of the outcome's tijdvak (for a
    definition without one: a month); the checker refuses one of another kind (RS532)."""
    period = parse_period(label)
    kind = tijdvak_of(program, qualname) or "maand"
    return period if period.kind == kind else Period.containing(kind, period.start)


def example_range(example: m.Example, periods) -> tuple[Period, Period]:
    """The months a case is evaluated over: its own, else those its expectations need."""
    if example.first_month is not None:
        return Period(example.first_month, 1), Period(example.last_month, 1)
    first = min(p.start for p in periods)
    last = max(p.months()[-1].start for p in periods)
    return Period(first, 1), Period(last, 1)


def run_example(program: Program, regulation: m.Regulation, example: m.Example):
    """Evaluate a worked case into (outcomes, result, situation); ``result`` is the
    snapshot on the peildatum (None when every expectation names a period). RulesError if
    the case is invalid, located at its facts."""
    spans: dict = {}
    try:
        situation = Situation.from_dict(situation_dict(example, spans), program)
    except RulesError as exc:
        raise _located(exc, spans, example, regulation.source) from None
    names = [qualified(regulation, exp) for exp in example.expectations]
    periods = [expected_period(program, q, exp.period) if exp.period is not None else None
               for q, exp in zip(names, example.expectations)]
    result = ranged = None
    try:
        if any(p is None for p in periods):
            plain = tuple(dict.fromkeys(q for q, p in zip(names, periods) if p is None))
            result = evaluate(program, situation, outputs=plain, trace=True)
        if any(p is not None for p in periods):
            first, last = example_range(example, [p for p in periods if p is not None])
            wanted = tuple(dict.fromkeys(q for q, p in zip(names, periods) if p is not None))
            ranged = evaluate_range(program, situation, first, last, outputs=wanted)
    except RulesError as exc:
        raise _located(exc, spans, example, regulation.source) from None
    out = []
    for q, exp, period in zip(names, example.expectations, periods):
        sym = program.symbols[q]
        if period is None:
            actual = result.value(q, exp.person)
        else:
            actual = ranged.values.get((q, exp.person, period), _ABSENT)
        out.append(Outcome(q, exp.person, exp.value.value, actual, sym.type.describe(), period))
    return out, result, situation


class _Absent:
    """No value: the person does not exist in that period."""

    def __repr__(self) -> str:
        return "geen waarde (de persoon bestaat niet in die periode)"


_ABSENT = _Absent()


def describe(outcome: Outcome, program: Program) -> str:
    typ = program.symbols[outcome.name].type
    when = f" in {outcome.period.label()}" if outcome.period is not None else ""
    actual = repr(outcome.actual) if outcome.actual is _ABSENT else format_value(outcome.actual, typ)
    return (f"{outcome.name} voor {outcome.person}{when}: verwacht "
            f"{format_value(outcome.expected, typ)}, berekend {actual}")


def explain_outcome(program: Program, situation: Situation, result, outcome: Outcome,
                    depth: int | None = None, deeper: str = "--diepte {n} of hoger") -> str:
    """The explanation of the computed value of a failed expectation, indented, to
    ``depth`` steps (all without)."""
    from rulescore.reference.explanation import explain
    from rulescore.reference.ranges import explain_range

    if outcome.period is None:
        return explain(result.context, outcome.name, outcome.person).render(
            "    ", depth, deeper)
    if outcome.actual is _ABSENT:
        return ""
    return explain_range(program, situation, outcome.name, [outcome.person],
                         outcome.period).render("    ", depth, deeper)
