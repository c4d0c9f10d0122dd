"""Exact ties in the batch: decided in integers where the rules fix a common denominator.

The expected values here are exact rational arithmetic (``round_value`` on Fractions),
never the batch's own output."""

import datetime as dt
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rulescore.batch import ops
from rulescore.batch.compiler import compile_definition
from rulescore.batch.run import evaluate_batch, situation_of
from rulescore.batch.state import Run
from rulescore.batch.denominators import symbol_denominator
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.errors import RulesError
from rulescore.reference.context import round_value
from rulescore.batch.population import Column, Population, cents, date_to_days
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

DENOMINATORS = st.sampled_from([1, 2, 3, 12, 24, 100, 300, 1200, 2400, 10_000, 1_000_000])
NUMERATORS = st.integers(-(10**9), 10**9)
MODES = st.sampled_from([("centen", "half_up"), ("centen", "down"), ("centen", "up"),
                         ("euros", "half_up"), ("euros", "down"), ("euros", "up")])


@given(st.lists(st.tuples(NUMERATORS, DENOMINATORS), min_size=1, max_size=20), MODES)
def test_settled_rounding_equals_exact_rounding(pairs, how):
    to, mode = how
    d = math.lcm(*(den for _, den in pairs))
    exact = [Fraction(num, den) for num, den in pairs]
    x = np.array([float(v) for v in exact])
    rounded, tie = ops.round_values(x, to, mode)
    rounded, tie = ops.settle_rounding(x, rounded, tie, d, to, mode)
    for v, got, unsure in zip(exact, rounded.tolist(), tie.tolist()):
        if not unsure:
            assert Fraction(got).limit_denominator(100) == round_value(v, to, mode), v


def test_every_twelfth_and_twenty_fourth_of_a_cent_amount_rounds_exactly():
    """Monthly shares of yearly cent amounts (/ 12, / 24): every tie, both signs, all modes."""
    for d in (1200, 2400):
        exact = [Fraction(n, d) for n in range(-5000, 5000)]
        x = np.array([float(v) for v in exact])
        for to, mode in (("centen", "half_up"), ("centen", "down"), ("centen", "up")):
            rounded, tie = ops.round_values(x, to, mode)
            rounded, tie = ops.settle_rounding(x, rounded, tie, d, to, mode)
            assert not tie.any()
            assert [round(v * 100) for v in rounded.tolist()] == [
                int(round_value(v, to, mode) * 100) for v in exact]


@given(st.lists(st.tuples(NUMERATORS, DENOMINATORS), min_size=1, max_size=20))
def test_every_half_cent_of_a_small_denominator_is_settled(pairs):
    """Below the float-error bound every tie is decided: nothing left to fall back."""
    exact = [Fraction(num, den) for num, den in pairs]
    d = math.lcm(*(den for _, den in pairs))
    x = np.array([float(v) for v in exact])
    rounded, tie = ops.round_values(x, "centen", "half_up")
    _, tie = ops.settle_rounding(x, rounded, tie, d, "centen", "half_up")
    if (ops.ABS_TOL + ops.REL_TOL * np.abs(x).max()) * d < 0.5:
        assert not tie.any()


@given(st.lists(st.tuples(NUMERATORS, DENOMINATORS, NUMERATORS, DENOMINATORS), min_size=1,
                max_size=20), st.sampled_from(["<", "<=", ">", ">=", "=", "!="]))
def test_settled_comparison_equals_exact_comparison(rows, op):
    a = [Fraction(n, d) for n, d, _, _ in rows]
    # near-ties on purpose: b is a, or a moved by one step of its denominator
    b = [x + (Fraction(k, d2) if k % 3 else 0) for x, (_, _, k, d2) in zip(a, rows)]
    da = math.lcm(*(d for _, d, _, _ in rows))
    db = math.lcm(da, *(d for _, _, _, d in rows))
    fa, fb = np.array([float(v) for v in a]), np.array([float(v) for v in b])
    result, unsure = ops.compare(op, fa, fb)
    result, unsure = ops.settle_comparison(op, fa, fb, result, unsure, da, db)
    pyop = {"<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__", "=": "__eq__",
            "!=": "__ne__"}[op]
    for x, y, got, u in zip(a, b, result.tolist(), unsure.tolist()):
        if not u:
            assert got == getattr(x, pyop)(y), (x, op, y)


def test_unknown_denominator_leaves_ties_unsure():
    x = np.array([float(Fraction(1, 80))])  # 1,25 cent
    rounded, tie = ops.round_values(x, "centen", "half_up")
    assert ops.settle_rounding(x, rounded, tie, None, "centen", "half_up")[1].tolist() == tie.tolist()


RULES = """regeling t "Testwet"
  bwb BWBR0000001
invoer inkomen: bedrag per jaar van persoon
invoer deler: getal van persoon
parameter tarief: percentage
  vanaf 1 januari 2026: 36,97%
definitie delers: getal = 1 + aantal(iedereen)
uitkomst per_maand: bedrag per maand = inkomen / 12 maanden per jaar
uitkomst belasting: bedrag per jaar = tarief * inkomen
uitkomst aandeel: bedrag per maand = per_maand / delers
uitkomst gedeeld: bedrag per maand = per_maand / deler
uitkomst verhouding: getal = inkomen / inkomen
"""


def _run(incomes, divisors, household):
    program = check([parse(RULES, "t.rules")])
    n = len(incomes)
    yes = np.ones(n, dtype=bool)
    pop = Population.from_columns(household, {
        "inkomen": Column(np.array(incomes, dtype=np.float64), yes),
        "deler": Column(np.array(divisors, dtype=np.float64), yes)})
    date = dt.date(2026, 3, 1)
    return program, Run(program, pop, date, date_to_days(date), compile_definition)


def test_denominators_follow_the_rules():
    program, run = _run([1234.56, 100.0, 7.5], [3, 7, 3], [0, 1, 1])
    assert symbol_denominator("inkomen", run) == 100  # amounts in whole cents
    assert symbol_denominator("t.per_maand", run) == 1200  # / 12
    assert symbol_denominator("t.belasting", run) == 10_000 * 100  # 36,97% x cents
    # dividing by a count of 1 or 2 (households of one and two persons)
    assert symbol_denominator("t.aandeel", run) == 1200 * 2
    # dividing by an input that takes the whole values 3 and 7
    assert symbol_denominator("t.gedeeld", run) == 1200 * 21
    # dividing by a computed amount has no known denominator
    assert symbol_denominator("t.verhouding", run) is None


def test_an_input_with_more_decimals_has_a_larger_denominator():
    _, run = _run([0.125, 1.0], [1, 1], [0, 1])
    assert symbol_denominator("inkomen", run) == 1000
    _, run = _run([1 / 3, 1.0], [1, 1], [0, 1])
    assert symbol_denominator("inkomen", run) is None


def test_monthly_half_cent_is_decided_without_fallback():
    """€ 1.000,02 a year / 12 = € 83,335 exactly: half up gives € 83,34 (no exact re-run)."""
    program, _ = _run([1000.02], [1], [0])
    pop = Population.from_columns([0], {
        "inkomen": Column(np.array([1000.02]), np.array([True])),
        "deler": Column(np.array([1.0]), np.array([True]))})
    result = evaluate_batch(program, pop, dt.date(2026, 3, 1), outputs=("t.per_maand",))
    assert result.values["t.per_maand"].tolist() == [8334]
    assert len(result.fallback) == 0


def test_household_share_of_a_joint_toeslag_is_decided_without_fallback(program):
    """besteedbaar_inkomen voorbeeld 'Echtpaar 2026, één verdiener' (Awir art. 3 lid 1):
    computed by hand there as € 2.699,475 and € 87,625 per month; half up, € 2.699,48 and
    € 87,63. The halves come from the joint zorgtoeslag / 12 / 2."""
    def person(born, **facts):
        return {"geboortedatum": born, "woonadres": "w1", "zorgverzekerd": True,
                "rendementsgrondslag": 0, "student": False, "overige_netto_middelen": 0,
                "bezittingen": 0, "schulden": 0,
                "geen": ["overig_belastbaar_inkomen", "inkomen_box_2_en_3"], **facts}
    doc = {"personen": {"ali": person("1990-05-01", loon_uit_dienstbetrekking=3000),
                        "bea": person("1991-06-01", loon_uit_dienstbetrekking=0)},
           "woningen": {"w1": {}}, "relaties": [{"soort": "huwelijk", "personen": ["ali", "bea"]}]}
    sit = Situation.from_dict(doc, program)
    result = evaluate_batch(program, Population.from_situations([sit], program),
                            dt.date(2026, 3, 1), outputs=("besteedbaar_inkomen.besteedbaar_inkomen",))
    assert result.values["besteedbaar_inkomen.besteedbaar_inkomen"].tolist() == [269948, 8763]
    assert len(result.fallback) == 0


def test_columns_from_situations_carry_the_exact_denominator():
    """Reduced exact denominators (1.000,02 = 50.001/50; 0,123457 has 10**6). An input with
    more decimals (0,10000000000000000001, whose float is that of 0,1) no longer gets in:
    RS341, docs/limits.rst."""
    program = check([parse(RULES, "t.rules")])
    def pop(amount):
        sit = Situation.from_dict({"personen": {"a": {"inkomen": amount, "deler": 1}}}, program)
        return Population.from_situations([sit], program)
    date = dt.date(2026, 3, 1)
    for amount, expected in (("1.000,02", 50), ("7,5", 2), ("0,123457", 10**6)):
        run = Run(program, pop(amount), date, date_to_days(date), compile_definition)
        assert symbol_denominator("inkomen", run) == expected, amount
    with pytest.raises(RulesError) as exc:
        pop("0,10000000000000000001")
    assert [d.code for d in exc.value.diagnostics] == ["RS341"]


TAX_RULES = """regeling t "Testwet"
  bwb BWBR0000001
invoer inkomen: bedrag per jaar van persoon
parameter tarief: percentage
  vanaf 1 januari 2026: 37,07%
parameter korting: bedrag per jaar
  vanaf 1 januari 2026: € 3.115
definitie belasting: bedrag per jaar = tarief * inkomen
definitie heffing: bedrag per jaar = belasting - min(belasting, korting)
uitkomst netto: bedrag per maand = (inkomen - heffing) / 12 maanden per jaar afgerond op centen
uitkomst aandeel: bedrag per maand = (inkomen - heffing) / 12 maanden per jaar / (1 + aantal(iedereen))
"""


def _tax_batch(incomes, household):
    program = check([parse(TAX_RULES, "t.rules")])
    pop = Population.from_columns(household, {
        "inkomen": Column(np.array(incomes, dtype=np.float64), np.ones(len(incomes), dtype=bool))})
    return program, pop, evaluate_batch(program, pop, dt.date(2026, 3, 1))


def test_a_tie_behind_a_provable_zero_is_decided_per_row():
    """€ 1.000,02 a year is under the korting, so the heffing is exactly 0 and the net month
    is € 83,335: half up € 83,34. The rules alone only bound the heffing's steps to
    1/1.000.000 of a euro (37,07% x cents), too fine for a float; the row's value proves 0."""
    program, pop, result = _tax_batch([1000.02], [0])
    assert result.values["t.netto"].tolist() == [8334]
    assert len(result.fallback) == 0


@given(st.lists(st.integers(0, 2_000_000), min_size=1, max_size=12), st.randoms())
def test_per_row_settling_agrees_with_exact_evaluation(cents_, rnd):
    """Incomes in cents, many of them 6 mod 12 (an exact half cent after / 12), in
    households of one or two: every settled value equals the exact evaluator's."""
    incomes = [(c - c % 12 + 6 if rnd.random() < 0.5 else c) / 100 for c in cents_]
    household = sorted(rnd.randrange(0, len(incomes)) for _ in incomes)
    household = np.unique(household, return_inverse=True)[1]
    program, pop, result = _tax_batch(incomes, household)
    date = dt.date(2026, 3, 1)
    for h in range(pop.n_households):
        sit, ids = situation_of(pop, h, program)
        exact = evaluate(program, sit, date)
        for i, pid in zip(range(pop.start[h], pop.start[h] + pop.size[h]), ids):
            for q in ("t.netto", "t.aandeel"):
                assert result.values[q][i] == cents(exact.value(q, pid)), (q, incomes[i])


def test_ties_and_near_ties_above_the_korting_agree_with_exact_evaluation():
    """Above the korting the net month is (6.293 y + 3.115.000.000) / 12.000.000 euro for an
    income of y cents (37,07%: 1 - t = 6.293/10.000). Incomes where that is exactly a
    half cent, or 1/120.000 cent below or above one (closer than float error can tell),
    solved from the congruence 6.293 y = 60.000 - 40.000 + k (mod 120.000)."""
    inverse = pow(6293, -1, 120_000)
    incomes = []
    for k in (0, -1, 1):
        y = (20_000 + k) * inverse % 120_000
        incomes += [(y + 120_000 * j) / 100 for j in range(8, 40, 4)]  # above € 8.403
    program, pop, result = _tax_batch(incomes, list(range(len(incomes))))
    for h, income in enumerate(incomes):
        sit, ids = situation_of(pop, h, program)
        exact = evaluate(program, sit, dt.date(2026, 3, 1))
        assert result.values["t.netto"][h] == cents(exact.value("t.netto", ids[0])), income


def test_an_exactly_equal_comparison_is_decided_without_fallback():
    """€ 1.000,02 / 12 = € 83,335 exactly, so '>= € 83,335' holds; € 1.000,01 / 12 does not.
    The float of the first differs from 83,335 by rounding error only: a near-tie that the
    common denominator (1 200 and 1 000) decides."""
    rules = """regeling t "Testwet"
  bwb BWBR0000001
invoer inkomen: bedrag per jaar van persoon
uitkomst genoeg: ja/nee = inkomen / 12 maanden per jaar >= € 83,335 per maand
"""
    program = check([parse(rules, "t.rules")])
    pop = Population.from_columns([0, 1], {
        "inkomen": Column(np.array([1000.02, 1000.01]), np.ones(2, dtype=bool))})
    result = evaluate_batch(program, pop, dt.date(2026, 3, 1))
    assert result.values["t.genoeg"].tolist() == [True, False]
    assert len(result.fallback) == 0


def test_denominators_come_from_the_versions_in_force():
    """The country-template port's housing_allowance (variables/benefits.py) ended on
    30 November 2016: in 2017 only its version '€ 0 per maand' is in force, so its values
    are whole numbers (denominator 1). The version before reads a parameter that has no
    value in 2017; counting it made the denominator unknown, and every tie of an amount that
    reads it (disposable_income) a fallback to the exact evaluator."""
    import datetime as dt

    from rulescore.batch.compiler import compile_definition
    from rulescore.batch.denominators import symbol_denominator
    from rulescore.batch.population import Column, Population, date_to_days
    from rulescore.batch.state import Run
    from test_batch_household_size import PORT

    yes = np.ones(1, dtype=bool)
    pop = Population.from_columns([0], {"rent": Column(np.array([500.0]), yes)})
    day = dt.date(2017, 1, 1)
    run = Run(PORT, pop, day, date_to_days(day), compile_definition)
    assert symbol_denominator("country_template.housing_allowance", run) == 1
    before = dt.date(2016, 6, 1)  # in force then: rent x 25 % (denominator 4)
    run = Run(PORT, pop, before, date_to_days(before), compile_definition)
    assert symbol_denominator("country_template.housing_allowance", run) == 4
