"""Fuzz families for input domains, impossible households and missing inputs.

Example counts come from ``RULESCORE_FUZZ_EXAMPLES`` like tests/test_fuzz.py; each target
compares rulescore with an independent, simple statement of what must happen.
"""

import copy
import datetime as dt
import os
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.batch.run import evaluate_batch
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.batch.population import Population
from rulescore.reference.results import evaluate
from rulescore.situation import Situation, parse_number
from rulescore.testing import situations

PROGRAM = load_program()
EXAMPLES = int(os.environ.get("RULESCORE_FUZZ_EXAMPLES", "150"))
# evaluations of whole households: no per-example deadline on a shared machine
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BOUNDED = sorted(n for n, s in PROGRAM.inputs().items() if s.decl.domain is not None
                 and s.decl.domain.kind != "niet na peildatum")


def outside(name: str, value: Fraction) -> bool:
    """The domain, stated again independently of rulescore.dsl.inputs.within."""
    d = PROGRAM.inputs()[name].decl.domain
    if d.kind == "niet negatief":
        return value < 0
    return not (d.low.value <= value <= d.high.value)


def diagnostics(doc, date=None):
    try:
        evaluate(PROGRAM, Situation.from_dict(doc, PROGRAM), date)
    except RulesError as exc:
        assert exc.diagnostics and exc.render()
        return {(d.code, d.path) for d in exc.diagnostics}
    return set()


@FUZZ
@given(situations(PROGRAM, max_persons=3), st.data())
def test_values_against_declared_domains(doc, data):
    """A value outside its domain is RS350 at its path; one inside never is."""
    name = data.draw(st.sampled_from(BOUNDED))
    owner = PROGRAM.inputs()[name].decl.owner
    where = "personen" if owner == "persoon" else "woningen"
    oid = data.draw(st.sampled_from(sorted(doc[where])))
    cents = data.draw(st.integers(-10_000, 10_000) | st.integers(-10**9, 10**9))
    value = Fraction(cents, 100) if data.draw(st.booleans()) else Fraction(cents // 100)
    doc[where][oid][name] = f"{value.numerator / value.denominator:.2f}".replace(".", ",")
    value = parse_number(doc[where][oid][name])
    found = diagnostics(doc)
    path = f"$.{where}.{oid}.{name}"
    assert (("RS350", path) in found) == outside(name, value)


@FUZZ
@given(st.integers(2, 6), st.data())
def test_parent_graphs(n, data):
    """ouder_van is 'zonder kringen': RS354 exactly when the drawn graph has a cycle."""
    ids = [f"p{i}" for i in range(n)]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids))
                               .filter(lambda p: p[0] != p[1]), max_size=8, unique=True))
    doc = {"peildatum": "2026-03-01", "woningen": {"w": {}},
           "personen": {p: {"geboortedatum": "1990-01-01", "woonadres": "w"} for p in ids},
           "relaties": [{"soort": "ouder_van", "personen": list(p)} for p in pairs]}
    reach = {p: {b for a, b in pairs if a == p} for p in ids}
    for _ in ids:  # transitive closure, plainly
        reach = {p: r | {c for q in r for c in reach[q]} for p, r in reach.items()}
    cyclic = any(p in reach[p] for p in ids)
    try:
        Situation.from_dict(doc, PROGRAM)
        codes = set()
    except RulesError as exc:
        codes = {d.code for d in exc.diagnostics}
    assert codes <= {"RS354"}
    assert ("RS354" in codes) == cyclic


@FUZZ
@given(situations(PROGRAM, max_persons=3, date=dt.date(2026, 3, 1)),
       st.integers(-400, 400), st.integers(-400, 400))
def test_birth_dates_against_the_datum_in_both_evaluators(doc, shift, birth_offset):
    """Evaluated on another date, a person born after it is refused by both evaluators."""
    date = dt.date(2026, 3, 1) + dt.timedelta(days=shift)
    first = sorted(doc["personen"])[0]
    doc["personen"][first]["geboortedatum"] = (
        dt.date(2026, 3, 1) - dt.timedelta(days=max(birth_offset, 0))).isoformat()
    sit = Situation.from_dict(doc, PROGRAM)
    unborn = any(f["geboortedatum"] > date for f in sit.persons.values())
    try:
        evaluate(PROGRAM, sit, date)
        ref = set()
    except RulesError as exc:
        ref = {d.code for d in exc.diagnostics}
    batch = evaluate_batch(PROGRAM, Population.from_situations([sit], PROGRAM), date)
    assert ("RS351" in ref) == unborn
    assert (0 in batch.errors) == bool(ref)
    if unborn:
        assert {d.code for d in batch.errors[0].diagnostics} == {"RS351"}


@FUZZ
@given(situations(PROGRAM, max_persons=3), st.data())
def test_missing_inputs_are_only_those_removed_and_never_a_new_error(doc, data):
    """Leaving inputs out gives the same outcomes, or RS321 for some of the removed inputs
    and nothing else: no RS407 or other error from a branch the full household does not take."""
    full = diagnostics(copy.deepcopy(doc))
    removable = sorted((pid, k) for pid, f in doc["personen"].items() for k in f
                       if PROGRAM.symbols[k].decl.default is None
                       and k not in ("geboortedatum", "woonadres"))
    if not removable:
        return
    removed = data.draw(st.lists(st.sampled_from(removable), min_size=1, max_size=4, unique=True))
    for pid, k in removed:
        del doc["personen"][pid][k]
    found = diagnostics(doc)
    paths = {f"$.personen.{pid}.{k}" for pid, k in removed}
    new = {(c, p) for c, p in found if not (c == "RS321" and p in paths)}
    assert new <= full, sorted(new - full)
