"""``x waarbij y gelijk is aan z``: parsing, printing, the worked case, and properties."""

import datetime as dt
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.batch.population import Population, cents
from rulescore.batch.run import evaluate_batch
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.dsl.printer import print_regulation
from rulescore.reference.explanation import explain
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

# A toeslag on the toetsingsinkomen (Awir art. 8): the voorschot on the estimated one
# (art. 16), the definitive award on the actual one (art. 19). Figures are made up.
RULES = '''regeling z "Toeslag"
invoer inkomen: bedrag per jaar van persoon
invoer schatting: bedrag per jaar van persoon
definitie toets: bedrag per jaar = inkomen
definitie toeslag: bedrag per jaar = max(0, € 1.000 per jaar - toets / 10)
definitie los: bedrag per jaar = € 5 per jaar
uitkomst voorschot: bedrag per jaar = toeslag waarbij toets gelijk is aan schatting
uitkomst definitief: bedrag per jaar = toeslag
uitkomst via_invoer: bedrag per jaar = toeslag waarbij inkomen gelijk is aan schatting * 2
uitkomst zichzelf: bedrag per jaar = toeslag waarbij toets gelijk is aan toets
uitkomst niets: bedrag per jaar = toeslag waarbij los gelijk is aan € 7 per jaar
uitkomst genest: bedrag per jaar =
  (toeslag waarbij inkomen gelijk is aan € 0 per jaar) waarbij toets gelijk is aan € 4.000 per jaar
'''
PROGRAM = check([parse(RULES, "toeslag.rules")])


def _situation(persons):
    return Situation.from_dict({"peildatum": "2026-01-01", "personen": persons}, PROGRAM)


def test_round_trip():
    model = parse(RULES, "toeslag.rules")
    assert parse(print_regulation(model), "printed") == model


def test_worked_case():
    sit = _situation({"a": {"inkomen": 3000, "schatting": 2000},
                      "b": {"inkomen": 8000, "schatting": 9000}})
    v = evaluate(PROGRAM, sit).values
    # a: voorschot 1.000 - 2.000/10 = 800; definitief 1.000 - 3.000/10 = 700
    assert v[("z.voorschot", "a")] == 800 and v[("z.definitief", "a")] == 700
    # b: 1.000 - 9.000/10 = 100; 1.000 - 8.000/10 = 200
    assert v[("z.voorschot", "b")] == 100 and v[("z.definitief", "b")] == 200
    # an input substituted: inkomen = 2 × schatting = 4.000 → 600; 18.000 → max(0, -800) = 0
    assert v[("z.via_invoer", "a")] == 600 and v[("z.via_invoer", "b")] == 0
    # nested: the outer toets (4.000) wins over the inner inkomen (0) that toets reads
    assert v[("z.genest", "a")] == 600


def test_explanation_shows_the_substituted_value():
    sit = _situation({"a": {"inkomen": 3000, "schatting": 2000}})
    ctx = evaluate(PROGRAM, sit, trace=True).context
    graph = explain(ctx, "z.voorschot", "a")
    subs = [n for n in graph.nodes.values() if n.kind == "waarbij"]
    assert [(n.name, n.value, n.formula) for n in subs] == [
        ("z.toets", "€ 2.000,00 per jaar", "schatting")]
    assert [graph.nodes[u].name for u in subs[0].uses] == ["schatting"]
    assert "(waarbij toets gelijk is aan schatting)" in graph.render()


amounts = st.integers(0, 2_000_000).map(lambda c: Fraction(c, 100))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=4))
def test_identity_and_unrelated_substitution_change_nothing(rows):
    """``x waarbij y gelijk is aan y`` is x; substituting what x does not read changes
    nothing; the batch (which leaves waarbij to the exact evaluator) agrees to the cent."""
    sit = _situation({f"p{i}": {"inkomen": float(a), "schatting": float(b)}
                      for i, (a, b) in enumerate(rows)})
    v = evaluate(PROGRAM, sit).values
    batch = evaluate_batch(PROGRAM, Population.from_situations([sit], PROGRAM),
                           dt.date(2026, 1, 1))
    for i, pid in enumerate(sit.person_ids):
        assert v[("z.zichzelf", pid)] == v[("z.definitief", pid)] == v[("z.niets", pid)]
        for q in PROGRAM.outputs:
            assert batch.values[q][i] == cents(v[(q, pid)]), (q, pid)
