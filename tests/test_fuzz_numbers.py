"""Fuzz targets for numbers, dates and bounded work (the hardening issue, §1 and §3).

Same mechanism as tests/test_fuzz.py: ``RULESCORE_FUZZ_EXAMPLES`` examples per target,
each within the deadline. The oracles are independent of the code under test: the range
is decided with :mod:`decimal` on bounded exponents, batch against the exact evaluator,
dates against :mod:`datetime`.
"""

import datetime as dt
import os
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rulescore import limits
from rulescore.batch.run import evaluate_batch
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.errors import RulesError
from rulescore.exact import is_number
from rulescore.model import Duration
from rulescore.batch.population import Column, Population, cents
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

EXAMPLES = int(os.environ.get("RULESCORE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
DATE = dt.date(2026, 1, 1)

NUMBER_RULES = check([parse('regeling z "Z"\ninvoer a: getal van persoon\n'
                            'uitkomst u: getal = a\n', "z.rules")])


def number_texts():
    """JSON number texts: digits, a fraction, an exponent (also huge ones)."""
    digits = st.text("0123456789", min_size=1, max_size=20).map(lambda s: s.lstrip("0") or "0")
    fraction = st.none() | st.text("0123456789", min_size=1, max_size=12)
    exponent = st.none() | st.integers(-40, 40) | st.sampled_from([-999999999, 99999999])
    return st.tuples(st.booleans(), digits, fraction, exponent).map(
        lambda t: ("-" if t[0] else "") + t[1] + (f".{t[2]}" if t[2] else "")
        + (f"e{t[3]}" if t[3] is not None else ""))


@FUZZ
@given(number_texts())
def test_input_numbers_are_accepted_exactly_inside_the_range(text):
    value = Decimal(text)
    sign, digits, exponent = value.as_tuple()
    if abs(exponent) < 1000:  # the oracle may expand it
        exact = Fraction(value)
        inside = abs(exact) <= limits.MAX_INPUT and (exact * 10**limits.MAX_DECIMALS).denominator == 1
    else:  # 1e99999999 (too large) or 1e-999999999 (too precise) unless the digits are 0
        inside = not any(digits)
    try:
        sit = Situation.from_json('{"personen": {"x": {"a": %s}}}' % text, NUMBER_RULES)
    except RulesError as exc:
        assert not inside
        assert [d.code for d in exc.diagnostics] in (["RS340"], ["RS341"])
        return
    assert inside and sit.persons["x"]["a"] == Fraction(value)


ARITH_RULES = """regeling z "Z"
invoer a: getal van persoon
invoer b: getal van persoon
uitkomst som: getal = a + b
uitkomst verschil: getal = (a + b) - a
uitkomst product: getal = a * b
uitkomst deling: getal = als b = 0 dan 0 anders a / b
uitkomst keuze: getal = als a * 10 - a * 10 = 0 dan 1 anders 2
uitkomst vergelijk: ja/nee = a * b > a + b
uitkomst afgerond: getal = a * b / 3 afgerond op centen
"""
ARITH = check([parse(ARITH_RULES, "z.rules")])

extreme_floats = (st.floats(allow_nan=False, allow_infinity=False, width=64)
                  | st.sampled_from([1e308, -1e308, 1e16, 9.007199254740993e13, 1e12, 0.01, 5e-324]))


@FUZZ
@given(st.lists(st.tuples(extreme_floats, extreme_floats), min_size=1, max_size=4))
def test_batch_equals_exact_or_refuses_for_extreme_magnitudes(rows):
    """Whatever float64 does (overflow, NaN, lost cents), the batch answer is the exact
    one to the cent, or RS410 exactly when the exact outcome does not fit int64 cents."""
    n = len(rows)
    present = np.ones(n, dtype=bool)
    pop = Population.from_columns(list(range(n)), {
        "a": Column(np.array([r[0] for r in rows]), present),
        "b": Column(np.array([r[1] for r in rows]), present)})
    batch = evaluate_batch(ARITH, pop, DATE)
    from rulescore.batch.run import situation_of

    for h in range(n):
        sit, _ = situation_of(pop, h, ARITH)
        result = evaluate(ARITH, sit, DATE)
        too_big = any(is_number(v) and abs(v) * 100 > limits.MAX_OUTCOME_CENTS
                      for v in result.values.values())
        if h in batch.errors:
            assert too_big and [d.code for d in batch.errors[h].diagnostics] == ["RS410"]
            continue
        assert not too_big
        for q in ARITH.outputs:
            v = result.value(q, "p0")
            assert batch.values[q][h] == (cents(v) if is_number(v) else v), (q, rows[h])


DATE_RULES = check([parse("""regeling z "Z"
invoer g: datum van persoon
uitkomst plus: datum = g + 999 jaren
uitkomst min: datum = g - 1000 jaren
uitkomst dagen: datum = g + 365000 dagen
uitkomst volgende: datum = eerste_dag_volgende_maand(g + 11 maanden)
uitkomst oud: ja/nee = g + 120 dagen > 1 januari 2026
""", "z.rules")])


@FUZZ
@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_dates_at_the_ends_of_the_calendar(date):
    """Exact: a date or RS411; batch: the same values, or the same household in error."""
    sit = Situation.from_dict({"personen": {"x": {"g": date.isoformat()}}}, DATE_RULES)
    try:
        expected = evaluate(DATE_RULES, sit, DATE).values
    except RulesError as exc:
        assert {d.code for d in exc.diagnostics} == {"RS411"}
        expected = None
    batch = evaluate_batch(DATE_RULES, Population.from_situations([sit], DATE_RULES), DATE)
    if expected is None:
        assert {d.code for d in batch.errors[0].diagnostics} == {"RS411"}
        return
    assert batch.errors == {}
    epoch = dt.date(1970, 1, 1)
    for q in DATE_RULES.outputs:
        v = expected[(q, "x")]
        assert batch.values[q][0] == ((v - epoch).days if isinstance(v, dt.date) else v), q


@FUZZ
@given(st.integers(0, 6), st.integers(1, 9))
def test_nested_iterations_are_refused_or_bounded(levels, persons):
    """The checker refuses more than the bound; below it, a result or RS412, never a hang."""
    body = "a"
    for i in range(levels):
        body = f"som(p{i} in iedereen: {body} + 1)"
    text = f'regeling z "Z"\ninvoer a: getal van persoon\nuitkomst u: getal = {body}\n'
    try:
        program = check([parse(text, "z.rules")])
    except RulesError as exc:
        assert levels > limits.MAX_AGGREGATE_NESTING
        assert [d.code for d in exc.diagnostics] == ["RS280"]
        return
    assert levels <= limits.MAX_AGGREGATE_NESTING
    sit = Situation.from_dict({"personen": {f"x{i}": {"a": i} for i in range(persons)}}, program)
    value = evaluate(program, sit, DATE).value("z.u", "x0")
    # by hand: a is x0's own (0); level k adds one per path of k members of the others
    assert value == sum((persons - 1) ** k for k in range(1, levels + 1))


@FUZZ
@given(st.integers(0, 12_000), st.integers(0, 366_000), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_durations_up_to_the_bound_add_like_datetime(months, days, date):
    from rulescore import calendar as cal

    dur = Duration(0, months, days)
    try:
        got = cal.add(date, dur)
    except cal.OutsideCalendar:
        got = None
    total = date.year * 12 + date.month - 1 + months
    year, month = divmod(total, 12)
    if year > 9999:
        assert got is None
        return
    import calendar as pycal

    base = dt.date(year, month + 1, min(date.day, pycal.monthrange(year, month + 1)[1]))
    try:
        expected = base + dt.timedelta(days=days)
    except OverflowError:
        expected = None
    assert got == expected


@FUZZ
@given(st.integers(0, 400), st.integers(-400, 0), st.sampled_from(["+", "-", "*", "/"]),
       st.integers(-10**12, 10**12))
@example(big=309, small=-307, op="/", a=1)  # 1 / 10^309 is 0 in float64, exactly 0,01 here
def test_huge_and_tiny_literals_in_rules(big, small, op, a):
    """Literals far outside float64 (10^400, 10^-400) in rules: batch equals exact to the
    cent, or RS410 exactly when the exact outcome does not fit int64 cents."""
    def literal(k):
        return "1" + "0" * k if k >= 0 else "0," + "0" * (-k - 1) + "1"
    rules = (f'regeling z "Z"\ninvoer a: getal van persoon\n'
             f'uitkomst u: getal = a {op} {literal(big)} {op} {literal(small)}\n'
             f'uitkomst v: ja/nee = a * {literal(small)} < {literal(big)} - a\n')
    try:
        program = check([parse(rules, "z.rules")])
    except RulesError as exc:  # dividing by a literal zero cannot happen: both are nonzero
        raise AssertionError(exc.render()) from None
    sit = Situation.from_dict({"personen": {"x": {"a": a}}}, program)
    result = evaluate(program, sit, DATE)
    batch = evaluate_batch(program, Population.from_situations([sit], program), DATE)
    u = result.value("z.u", "x")
    if abs(u) * 100 > limits.MAX_OUTCOME_CENTS:
        assert [d.code for d in batch.errors[0].diagnostics] == ["RS410"]
        return
    assert batch.errors == {}
    assert batch.values["z.u"][0] == cents(u)
    assert batch.values["z.v"][0] == result.value("z.v", "x")
