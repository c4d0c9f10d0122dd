"""``som van x over de eerdere maanden van het jaar`` and ``x op dag N van de (vorige) maand``:
worked cases by hand, the cycle check, and properties (both evaluators, a range and a snapshot)."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rulescore.batch.population import Population, cents
from rulescore.batch.run import evaluate_batch
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.dsl.printer import print_regulation
from rulescore.errors import RulesError
from rulescore.periods import Period, parse_month as M
from rulescore.reference.ranges import evaluate_range
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

# A toy advance: a year amount paid in monthly termijnen, each the part not yet paid spread
# over the months left, this one included (the shape of Awir art. 22 lid 2).
RULES = '''regeling t "T"
  tijdvak maand
invoer bedrag_x: bedrag per maand van persoon
invoer jaarbedrag: bedrag per jaar van persoon
invoer schatting: bedrag per jaar van persoon
uitkomst x: bedrag per maand = bedrag_x
uitkomst tot_nu: bedrag per jaar = som van x over de eerdere maanden van het jaar
uitkomst in_kwartaal: bedrag per kwartaal = som van x over de eerdere maanden van het kwartaal
uitkomst jaar: bedrag per jaar
  tijdvak jaar
  = som van x over de maanden van het jaar
uitkomst betaald: bedrag per jaar = som van termijn over de eerdere maanden van het jaar
uitkomst termijn: bedrag per maand
  = max(€ 0 per maand, (jaarbedrag - betaald) / (13 - maand(peildatum)) / 1 maand per jaar)
uitkomst schatting_20: bedrag per jaar = schatting op dag 20 van de vorige maand
uitkomst laatste_vorige: datum = peildatum op dag 31 van de vorige maand
uitkomst deze_maand: datum = peildatum op dag 5 van de maand
'''
PROGRAM = check([parse(RULES, "t.rules")])
YEAR = Period(dt.date(2026, 1, 1), 12)


def month(n: int) -> Period:
    return Period(dt.date(2026, n, 1), 1)


def over_2026(person: dict) -> dict:
    sit = Situation.from_dict({"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
                               "personen": {"a": person}}, PROGRAM)
    return evaluate_range(PROGRAM, sit, M("2026-01"), M("2026-12")).values


BASE = {"jaarbedrag": 1200, "schatting": 0}


def test_round_trip():
    model = parse(RULES, "t.rules")
    assert parse(print_regulation(model), "printed") == model


def test_the_sum_of_the_earlier_months_over_a_range():
    # x: € 100 in January–June, € 250 from July
    v = over_2026({**BASE, "bedrag_x": [{"tot": "2026-07", "waarde": 100},
                                        {"vanaf": "2026-07", "waarde": 250}]})
    assert v[("t.tot_nu", "a", month(1))] == 0            # January: no earlier months
    assert v[("t.tot_nu", "a", month(2))] == 100
    assert v[("t.tot_nu", "a", month(7))] == 600          # 6 × 100
    assert v[("t.tot_nu", "a", month(8))] == 850          # 600 + 250
    assert v[("t.tot_nu", "a", month(12))] == 1850        # 600 + 5 × 250
    assert v[("t.jaar", "a", YEAR)] == 2100               # 600 + 6 × 250
    # of the quarter: the first month of a quarter has none; May has April
    assert v[("t.in_kwartaal", "a", month(4))] == 0
    assert v[("t.in_kwartaal", "a", month(5))] == 100
    assert v[("t.in_kwartaal", "a", month(9))] == 500     # July + August, 2 × 250


def test_a_snapshot_reads_each_earlier_month_on_its_own_first_day():
    sit = Situation.from_dict({"peildatum": "2026-04-01", "personen": {
        "a": {**BASE, "bedrag_x": 100}}}, PROGRAM)
    v = evaluate(PROGRAM, sit).values
    assert v[("t.tot_nu", "a")] == 300                    # January, February, March
    assert v[("t.jaar", "a")] == 1200                     # the steady year: 12 × 100
    # the termijn reads itself: January 1200/12 = 100, February (1200-100)/11 = 100,
    # March (1200-200)/10 = 100, April (1200-300)/9 = 100
    assert v[("t.termijn", "a")] == 100 and v[("t.betaald", "a")] == 300


def test_a_definition_reads_itself_through_the_earlier_months():
    # year amount € 1.200 until April, then € 600: January–March 1.200/12 = 100 each;
    # April (600 - 300) / 9 = 33⅓, and so each month after, (600 - 300 - k·33⅓)/(9 - k)
    v = over_2026({"bedrag_x": 0, "schatting": 0,
                   "jaarbedrag": [{"tot": "2026-04", "waarde": 1200},
                                  {"vanaf": "2026-04", "waarde": 600}]})
    for n in (1, 2, 3):
        assert v[("t.termijn", "a", month(n))] == 100
    for n in range(4, 13):
        assert v[("t.termijn", "a", month(n))] == Fraction(100, 3)
    assert v[("t.betaald", "a", month(4))] == 300
    # the year's termijnen add up to the last year amount: 300 + 9 × 33⅓ = 600
    assert v[("t.betaald", "a", month(12))] + v[("t.termijn", "a", month(12))] == 600
    # € 150 from April: 150 < 300 paid, so nothing more is paid (max 0)
    v = over_2026({"bedrag_x": 0, "schatting": 0,
                   "jaarbedrag": [{"tot": "2026-04", "waarde": 1200},
                                  {"vanaf": "2026-04", "waarde": 150}]})
    assert [v[("t.termijn", "a", month(n))] for n in range(4, 13)] == [0] * 9


def test_a_day_of_the_month_before():
    # the estimate changes on 15 July: July's read (20 June) has the old one, August's
    # (20 July) the new; January's reads 20 December 2025
    v = over_2026({**BASE, "bedrag_x": 0, "schatting": [
        {"tot": "2026-07-15", "waarde": 0}, {"vanaf": "2026-07-15", "waarde": 36000}]})
    assert v[("t.schatting_20", "a", month(1))] == 0
    assert v[("t.schatting_20", "a", month(7))] == 0
    assert v[("t.schatting_20", "a", month(8))] == 36000
    # day 31 of February 2026 is its last day, the 28th; 5 March is in the month itself
    assert v[("t.laatste_vorige", "a", month(3))] == dt.date(2026, 2, 28)
    assert v[("t.laatste_vorige", "a", month(1))] == dt.date(2025, 12, 31)
    assert v[("t.deze_maand", "a", month(3))] == dt.date(2026, 3, 5)


def _check(text):
    return check([parse('regeling t "T"\n  tijdvak maand\n'
                        'invoer i: bedrag per maand van persoon\n' + text, "t.rules")])


def codes(text) -> list[str]:
    with pytest.raises(RulesError) as err:
        _check(text)
    return [d.code for d in err.value.diagnostics]


def test_only_the_earlier_months_let_a_definition_read_itself():
    _check("definitie a: bedrag per maand = i + som van a over de eerdere maanden van het jaar"
           " / 12 maanden per jaar\n")
    # through another definition, the cycle passes the operator too: well-founded
    _check("definitie a: bedrag per maand = i + b / 12 maanden per jaar\n"
           "definitie b: bedrag per jaar = som van a over de eerdere maanden van het jaar\n")
    assert codes("definitie a: bedrag per maand = a in de vorige maand\n") == ["RS250"]
    assert codes("definitie a: bedrag per maand = som van a over de maanden van het jaar"
                 " / 12 maanden per jaar\n") == ["RS250"]
    assert codes("definitie a: bedrag per maand = i + b\n"
                 "definitie b: bedrag per maand = a op dag 20 van de vorige maand\n") == ["RS250"]


def test_the_sum_of_the_earlier_months_is_a_year_amount():
    assert codes("definitie a: bedrag per maand = som van i over de eerdere maanden van het jaar\n"
                 ) == ["RS232"]
    assert codes("definitie a: bedrag per jaar\n  tijdvak jaar\n"
                 "  = som van i over de eerdere maanden van het jaar\n") == ["RS510"]
    assert codes("definitie a: bedrag per maand = gemiddelde van i over de eerdere maanden "
                 "van het jaar\n") == ["RS511"]
    assert codes("definitie a: bedrag per maand = i op dag 0 van de maand\n") == ["RS512"]


def euros(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


monthly = st.lists(st.integers(0, 500_000), min_size=12, max_size=12)


@settings(max_examples=15, deadline=None)
@given(monthly)
def test_the_sum_so_far_plus_this_month_is_the_next_months_sum(xs):
    """tot_nu(m) + x(m) = tot_nu(m + 1); in December tot_nu + x is the year's sum."""
    v = over_2026({**BASE, "bedrag_x": {f"2026-{n:02d}": euros(x) for n, x in
                                        enumerate(xs, 1)}})
    for n in range(1, 12):
        assert v[("t.tot_nu", "a", month(n))] + v[("t.x", "a", month(n))] == \
            v[("t.tot_nu", "a", month(n + 1))]
    assert v[("t.tot_nu", "a", month(12))] + v[("t.x", "a", month(12))] == \
        v[("t.jaar", "a", YEAR)] == Fraction(sum(xs), 100)


@settings(max_examples=10, deadline=None)
@example(1, [(0, 282)])  # a zero amount: its row denominator is asked for (it was None once)
@example(7, [(0, 0), (12_345, 9_000)])
@given(st.integers(1, 12), st.lists(st.tuples(st.integers(0, 300_000), st.integers(0, 9_000)),
                                    min_size=1, max_size=3))
def test_the_batch_agrees_with_the_reference_evaluator(n, rows):
    """The batch leaves the earlier months to the exact evaluator: the same cents."""
    day = dt.date(2026, n, 1)
    sit = Situation.from_dict({"peildatum": day.isoformat(), "personen": {
        f"p{i}": {"bedrag_x": euros(x), "jaarbedrag": euros(j * 7),
                  "schatting": x} for i, (x, j) in enumerate(rows)}}, PROGRAM)
    v = evaluate(PROGRAM, sit).values
    batch = evaluate_batch(PROGRAM, Population.from_situations([sit], PROGRAM), day)
    for i, pid in enumerate(sit.person_ids):
        for q in ("t.tot_nu", "t.termijn", "t.betaald", "t.schatting_20", "t.jaar"):
            assert batch.values[q][i] == cents(v[(q, pid)]), (q, pid)


STEADY = '''regeling s "S"
  tijdvak maand
invoer schatting: bedrag per jaar van persoon
definitie gebruikt: bedrag per jaar
  tijdvak jaar
  = schatting
uitkomst op_de_20e: bedrag per jaar = (gebruikt op dag 20 van de vorige maand) in een jaar als deze maand
uitkomst op_de_eerste: bedrag per jaar = gebruikt in een jaar als deze maand
'''


def test_inside_the_steady_state_a_day_read_has_the_facts_of_that_day():
    """``in een jaar als deze maand`` is the snapshot of the month's first day; a day read
    in it with ``op`` has that day's facts: an estimate reported on 15 July counts in
    August (read on 20 July), not in July (20 June), where the first of the month has it
    from August too and the 1 July snapshot not."""
    program = check([parse(STEADY, "s.rules")])
    sit = Situation.from_dict({"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
                               "personen": {"a": {"schatting": [
                                   {"tot": "2026-07-15", "waarde": 0},
                                   {"vanaf": "2026-07-15", "waarde": 36000}]}}}, program)
    v = evaluate_range(program, sit, M("2026-01"), M("2026-12")).values
    assert v[("s.op_de_20e", "a", month(7))] == 0
    assert v[("s.op_de_20e", "a", month(8))] == 36000
    assert v[("s.op_de_eerste", "a", month(7))] == 0
    assert v[("s.op_de_eerste", "a", month(8))] == 36000
    # the 20th of July lies in July: in August's steady state, not in July's
    sit = Situation.from_dict({"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
                               "personen": {"a": {"schatting": [
                                   {"tot": "2026-07-25", "waarde": 0},
                                   {"vanaf": "2026-07-25", "waarde": 36000}]}}}, program)
    v = evaluate_range(program, sit, M("2026-01"), M("2026-12")).values
    assert v[("s.op_de_20e", "a", month(8))] == 0          # reported after the 20th
    assert v[("s.op_de_eerste", "a", month(8))] == 36000
    assert v[("s.op_de_20e", "a", month(9))] == 36000
