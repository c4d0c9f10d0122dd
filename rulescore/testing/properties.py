"""Legal invariants into assertions that fail with a readable counterexample.

A failure raises :class:`CounterExample`: what was expected, with the values in Dutch
notation; the situation as JSON, once (ready to save and run with ``rulescore explain``);
and the explanation of the offending values — of both sides where a property compares two
evaluations — to :data:`DEPTH` steps. The helpers' own frames are hidden from pytest's
traceback (``__tracebackhide__``), so the failure points at the test.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction
from typing import Callable, Iterable

from rulescore.errors import RulesError
from rulescore.reference.explanation import explain
from rulescore.program import Program
from rulescore.reference.results import Result, evaluate
from rulescore.situation import Situation, parse_number
from rulescore.values import decimal_text, format_value


class CounterExample(AssertionError):
    """An invariant that does not hold, with the situation and explanations that show it."""


#: Diagnostics that say the rules do not decide the situation: not laid down for the date
#: (no version, no value), or a case the law itself leaves open (``onbeslist``, RS407).
#: Such a situation is outside what the rules cover, not a counterexample.
NOT_DECIDED = frozenset({"RS402", "RS403", "RS407"})

#: How many steps deep a counterexample explains a value (what is left out is counted).
DEPTH = 3


def run(program: Program, doc: dict, outputs: Iterable[str] | None = None,
        date: dt.date | None = None) -> Result:
    """Evaluate a situation document with tracing (so failures can be explained).

    Inside a hypothesis test, a situation on a date for which the rules it needs have no
    version or value (e.g. an AOW'er in the second half of 2026, whose amounts are not laid
    down), or that reaches a case the law leaves open (``onbeslist``), is rejected as an
    example rather than reported: a property holds where the rules decide."""
    sit = Situation.from_dict(doc, program)
    try:
        return evaluate(program, sit, date, outputs=tuple(outputs) if outputs else None,
                        trace=True)
    except RulesError as exc:
        if exc.diagnostics and all(d.code in NOT_DECIDED for d in exc.diagnostics):
            from hypothesis import reject

            reject()
        raise


def fail(message: str, doc: dict, result: Result | None = None,
         explain_keys: Iterable[tuple[str, str]] = (),
         sides: Iterable[tuple[str, Result, str, str]] = ()) -> None:
    """Raise the counterexample: ``message``, the situation, and the explanation of each
    ``(qual, person)`` in ``result`` or of each ``(label, result, qual, person)`` side."""
    __tracebackhide__ = True
    parts = [message, "", "situatie:", json.dumps(doc, indent=2, ensure_ascii=False, default=str)]
    shown = [("", result, q, p) for q, p in explain_keys] + list(sides)
    for label, res, qual, person in shown:
        if res is not None and (qual, person) in res.context.memo:
            parts += ["", label] if label else [""]
            parts.append(explain(res.context, qual, person).render(
                "", DEPTH, "meer met rulescore explain --diepte {n}"))
    raise CounterExample("\n".join(parts))


def _show(program: Program, qual: str, value) -> str:
    """A value as rulescore prints it (``€ 1.401,50 per maand``, ``ja``)."""
    return format_value(value, program.symbols[qual].type)


def assert_monotone(program: Program, doc: dict, output: str, person: str, input_name: str,
                    increase, direction: str = "niet stijgend", tolerance=0) -> None:
    """Raising ``input_name`` of ``person`` by ``increase`` never raises (or lowers) ``output``.

    :param direction: ``"niet stijgend"`` (e.g. more income never raises a toeslag) or
        ``"niet dalend"``.
    :param tolerance: how far ``output`` may move the wrong way (a number in its unit, e.g.
        ``1`` for € 1 per jaar). Use it only where the law's own rounding makes strict
        monotonicity false, and say in the test which rounding that is.
    """
    __tracebackhide__ = True
    before = run(program, doc, [output])
    more = copy.deepcopy(doc)
    facts = more["personen"][person]
    raised = (parse_number(facts.get(input_name, 0)) or Fraction(0)) + Fraction(str(increase))
    facts[input_name] = decimal_text(raised).replace(".", ",")  # unambiguous Dutch notation
    after = run(program, more, [output])
    a, b = before.value(output, person), after.value(output, person)
    slack = Fraction(str(tolerance))
    ok = b <= a + slack if direction == "niet stijgend" else b >= a - slack
    if not ok:
        margin = f" (marge {tolerance})" if slack else ""
        fail(f"{output} voor {person} is {direction} in {input_name}{margin}, maar "
             f"{_show(program, output, a)} → {_show(program, output, b)} bij +{increase}",
             more, sides=[(f"vóór (+0 {input_name}):", before, output, person),
                          (f"na (+{increase} {input_name}):", after, output, person)])


def assert_holds(program: Program, doc: dict, outputs: Iterable[str],
                 predicate: Callable[[Result, str], bool], description: str) -> None:
    """``predicate(result, person)`` holds for every person (bounds, top-ups, …)."""
    __tracebackhide__ = True
    outputs = tuple(outputs)
    result = run(program, doc, outputs)
    for person in result.situation.person_ids:
        if not predicate(result, person):
            fail(f"{description} geldt niet voor {person}", doc, result,
                 [(q, person) for q in outputs])


def assert_symmetric(program: Program, doc: dict, relation: str, at_most_one: bool = False) -> None:
    """A person-set definition is symmetric: b in relation(a) ⇔ a in relation(b)."""
    __tracebackhide__ = True
    result = run(program, doc, [relation])
    persons = result.situation.person_ids
    for a in persons:
        members = result.value(relation, a)
        if at_most_one and len(members) > 1:
            fail(f"{relation} van {a} heeft meer dan één persoon: {members}", doc, result,
                 [(relation, a)])
        for b in persons:
            if (b in members) != (a in result.value(relation, b)):
                fail(f"{relation} is niet wederzijds tussen {a} en {b}", doc, result,
                     [(relation, a), (relation, b)])


def assert_same_outcomes(program_a: Program, program_b: Program, doc: dict,
                         outputs: Iterable[str]) -> None:
    """Two rule sets (e.g. a regulation rebound to an agreeing concept variant) agree."""
    __tracebackhide__ = True
    outputs = tuple(outputs)
    ra, rb = run(program_a, doc, outputs), run(program_b, doc, outputs)
    _agree(program_a, ra, rb, outputs, lambda q, p, a, b: f"{q} voor {p}: {a} tegenover {b}",
           doc, ("eerste regelset:", "tweede regelset:"))


def assert_unaffected(program: Program, doc: dict, changed: dict, outputs: Iterable[str],
                      description: str) -> None:
    """Changing a situation as in ``changed`` leaves ``outputs`` the same for every person.

    For rules that must *not* read something: e.g. bijstand ignores the toeslagen
    (PW art. 31 lid 2 d), so giving a person huurtoeslag must not change it."""
    __tracebackhide__ = True
    outputs = tuple(outputs)
    before, after = run(program, doc, outputs), run(program, changed, outputs)
    _agree(program, before, after, outputs,
           lambda q, p, a, b: f"{q} voor {p} verandert ({a} → {b}) terwijl {description}",
           changed, ("vóór de wijziging:", "na de wijziging:"))


def _agree(program: Program, first: Result, second: Result, outputs: tuple[str, ...], message,
           doc: dict, labels: tuple[str, str]) -> None:
    """Fail at the first output and person on which two results differ, explaining both."""
    __tracebackhide__ = True
    for person in first.situation.person_ids:
        for q in outputs:
            a, b = first.value(q, person), second.value(q, person)
            if a != b:
                fail(message(q, person, _show(program, q, a), _show(program, q, b)), doc,
                     sides=[(labels[0], first, q, person), (labels[1], second, q, person)])


def assert_one_version_per_date(program: Program, start: dt.date, end: dt.date,
                                known_gaps: Iterable[str] = ()) -> None:
    """On every date in [start, end] exactly one version of each dated item applies.

    :param known_gaps: qualnames whose gaps are known and accepted (figures not yet
        published); any other gap fails, with its dates.
    """
    from rulescore.coverage import gaps

    __tracebackhide__ = True
    unexpected = [g for g in gaps(program, start, end) if g.item not in set(known_gaps)]
    if unexpected:
        raise CounterExample("\n".join(g.describe() for g in unexpected))


def assert_batch_equals_reference(program: Program, docs: list[dict], date: dt.date) -> None:
    """The batch evaluator gives every household exactly the reference outcome in cents."""
    from rulescore.batch.run import evaluate_batch
    from rulescore.exact import is_number
    from rulescore.batch.population import Population, cents

    __tracebackhide__ = True
    sits = [Situation.from_dict(d, program) for d in docs]
    batch = evaluate_batch(program, Population.from_situations(sits, program), date)
    row = 0
    for h, (doc, sit) in enumerate(zip(docs, sits)):
        try:
            ref = evaluate(program, sit, date, trace=True)
        except RulesError:
            if h not in batch.errors:
                fail("de referentie weigert dit huishouden, de batch niet", doc)
            row += len(sit.persons)
            continue
        if h in batch.errors:
            fail("de batch weigert dit huishouden, de referentie niet", doc)
        for pid in sit.person_ids:
            for q in program.outputs:
                v = ref.value(q, pid)
                want = cents(v) if is_number(v) else v
                if batch.values[q][row] != want:
                    fail(f"{q} voor {pid}: referentie {want}, batch {batch.values[q][row]} "
                         f"(in centen)", doc, ref, [(q, pid)])
            row += 1
