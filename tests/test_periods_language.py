"""Tijdvakken and period expressions (#14 §2): parsing, typing, the checker's RS500–RS509,
and the snapshot semantics (every period is the steady state of the peildatum)."""

import datetime as dt
from fractions import Fraction

import pytest

from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.errors import RulesError
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

HEADER = """regeling t "Testwet"
  bwb BWBR0000001
invoer geboortedatum: datum van persoon
invoer inkomen: bedrag per maand van persoon
definitie maandinkomen: bedrag per maand
  tijdvak maand
  = inkomen
definitie leeftijd: getal = jaren_tussen(geboortedatum, peildatum)
"""


def program(body: str):
    return check([parse(HEADER + body, "t.rules")])


def run(body: str, facts: dict, date="2026-03-15", name="t.x"):
    prog = program(body)
    sit = Situation.from_dict({"peildatum": date, "personen": {"a": facts}}, prog)
    return evaluate(prog, sit, outputs=(name,)).value(name, "a")


def codes(body: str):
    with pytest.raises(RulesError) as info:
        program(body)
    return [d.code for d in info.value.diagnostics], info.value.diagnostics


FACTS = {"inkomen": "1.000,00", "geboortedatum": "2008-02-01"}


def test_tijdvakken_declared_inherited_and_following_the_reader():
    prog = program('uitkomst x: bedrag per jaar\n  tijdvak jaar\n'
                   '  = som van maandinkomen over de maanden van het jaar\n')
    assert prog.tijdvakken["t.maandinkomen"] == "maand"
    assert prog.tijdvakken["t.x"] == "jaar"
    assert prog.tijdvakken["t.leeftijd"] is None  # no clause, no regulation tijdvak
    inherited = check([parse(HEADER.replace('bwb BWBR0000001', 'bwb BWBR0000001\n  tijdvak kwartaal')
                             + "definitie y: getal = 1\n", "t.rules")])
    assert inherited.tijdvakken["t.y"] == "kwartaal"
    assert inherited.tijdvakken["t.maandinkomen"] == "maand"  # its own clause wins


def test_sum_over_the_months_of_the_year_is_twelve_times_in_a_snapshot():
    # steady state: each of the 12 months looks like the peildatum's month
    body = ('uitkomst x: bedrag per jaar\n  tijdvak jaar\n'
            '  = som van maandinkomen over de maanden van het jaar\n')
    assert run(body, FACTS) == 12000
    body = ('uitkomst x: bedrag per kwartaal\n  tijdvak kwartaal\n'
            '  = som van maandinkomen over de maanden van het kwartaal\n')
    assert run(body, FACTS) == 3000
    body = ('uitkomst x: bedrag per maand\n  tijdvak jaar\n'
            '  = gemiddelde van maandinkomen over de maanden van het jaar\n')
    assert run(body, FACTS) == 1000


def test_counting_months_and_the_first_month():
    yes = "inkomen > € 500 per maand"
    no = "inkomen > € 5.000 per maand"
    for cond, count, share, first in ((yes, 12, 1, dt.date(2026, 1, 1)), (no, 0, 0, None)):
        assert run(f"uitkomst x: getal\n  tijdvak jaar\n  = aantal maanden van het jaar "
                   f"waarin {cond}\n", FACTS) == count
        assert run(f"uitkomst x: getal\n  tijdvak jaar\n  = aandeel van het jaar "
                   f"waarin {cond}\n", FACTS) == share
        assert run(f"uitkomst x: datum\n  tijdvak jaar\n  = eerste maand van het jaar "
                   f"waarin {cond}\n", FACTS) == first


def test_in_the_year_is_the_value_itself_in_a_snapshot():
    body = ('definitie jaarinkomen: bedrag per jaar\n  tijdvak jaar\n'
            '  = som van maandinkomen over de maanden van het jaar\n'
            'uitkomst x: bedrag per maand\n  tijdvak maand\n  = jaarinkomen in het jaar / 12 maanden per jaar\n')
    assert run(body, FACTS) == 1000
    body = ('uitkomst x: bedrag per maand\n  tijdvak maand\n  = maandinkomen in de vorige maand\n')
    assert run(body, FACTS) == 1000


def test_on_a_day_evaluates_with_that_peildatum():
    # born 1 February 2008: on 15 March 2026 aged 18, on 1 January 2026 still 17
    body = "uitkomst x: getal\n  tijdvak jaar\n  = leeftijd op 1 januari\n"
    assert run(body, FACTS) == 17
    body = "uitkomst x: getal\n  tijdvak kwartaal\n  = leeftijd op de eerste dag van het kwartaal\n"
    assert run(body, FACTS) == 17  # the quarter of 15 March 2026 starts on 1 January
    assert run(body, FACTS, date="2026-04-15") == 18  # that of 15 April on 1 April
    body = "uitkomst x: getal = leeftijd op 1 januari 2030\n"
    assert run(body, FACTS) == 21
    body = "uitkomst x: getal\n  tijdvak jaar\n  = leeftijd op 1 januari + leeftijd\n"
    assert run(body, FACTS) == 35  # each day its own memo: 17 + 18


def test_reading_across_tijdvakken_without_a_conversion_is_rs500():
    found, diags = codes("uitkomst x: bedrag per maand\n  tijdvak jaar\n  = maandinkomen\n")
    assert found == ["RS500"]
    assert "over de maanden van het jaar" in diags[0].hint
    assert diags[0].span.line == 11 and diags[0].span.column == 5


def test_over_the_months_of_a_non_monthly_definition_is_rs501():
    found, _ = codes("definitie j: bedrag per jaar\n  tijdvak jaar\n  = € 1 per jaar\n"
                     "uitkomst x: bedrag per jaar\n  tijdvak jaar\n"
                     "  = som van j over de maanden van het jaar\n")
    assert found == ["RS501"]


def test_in_the_year_needs_a_shorter_reader():
    found, _ = codes("uitkomst x: bedrag per maand\n  tijdvak jaar\n  = maandinkomen in het jaar\n")
    assert "RS502" in found
    found, _ = codes("uitkomst x: bedrag per maand = inkomen in het jaar\n")
    assert found == ["RS502"]


def test_months_of_a_shorter_period_and_bad_operands():
    found, _ = codes("uitkomst x: bedrag per kwartaal\n  tijdvak jaar\n"
                     "  = som van maandinkomen over de maanden van het kwartaal\n")
    assert found == ["RS503"]
    found, _ = codes("uitkomst x: getal\n  tijdvak jaar\n  = aantal maanden van het jaar waarin inkomen\n")
    assert found == ["RS505"]
    found, _ = codes("uitkomst x: getal = leeftijd op inkomen\n")
    assert found == ["RS506"]


def test_unknown_tijdvak_and_tijdvak_on_an_input():
    found, diags = codes("definitie y: getal\n  tijdvak jaarr\n  = 1\n")
    assert found == ["RS507"] and "'jaar'" in diags[0].hint
    found, _ = codes("invoer z: getal van persoon\n  tijdvak maand\n")
    assert found == ["RS508"]


def test_sum_over_months_types_as_the_longer_period():
    found, diags = codes("uitkomst x: bedrag per maand\n  tijdvak jaar\n"
                         "  = som van maandinkomen over de maanden van het jaar\n")
    assert found == ["RS232"] and diags[0].message.endswith("de uitdrukking is bedrag per jaar")


PERIOD_RULES = HEADER.replace("bwb BWBR0000001", "bwb BWBR0000001\n  tijdvak jaar") + """
uitkomst x: bedrag per jaar
  tijdvak jaar
  = som van maandinkomen over de maanden van het jaar + (aantal maanden van het jaar waarin leeftijd op de eerste dag van de maand >= 18) * € 1 per jaar
definitie y: datum = eerste maand van het kwartaal waarin maandinkomen in de vorige maand > € 0 per maand
definitie z: getal = leeftijd op 29 februari
definitie w: bedrag per maand
  tijdvak maand
  = x in een jaar als deze maand / 12 maanden per jaar
definitie v: bedrag per jaar
  tijdvak kwartaal
  = x in een jaar als dit kwartaal
"""


def test_period_rules_round_trip_through_the_printer_and_the_cache_codec():
    from rulescore.dsl.model_codec import decode, encode
    from rulescore.dsl.printer import print_regulation

    model = parse(PERIOD_RULES, "t.rules")
    assert model.tijdvak.name == "jaar"
    assert parse(print_regulation(model), "printed") == model
    assert decode(encode(model), "t.rules", PERIOD_RULES) == model


def test_the_batch_evaluator_agrees_on_the_fast_path():
    import datetime as dt_

    from rulescore import Population, evaluate_batch

    body = """
uitkomst a1: bedrag per jaar
  tijdvak jaar
  = som van maandinkomen over de maanden van het jaar
uitkomst a2: getal
  tijdvak jaar
  = leeftijd op 1 januari
uitkomst a3: getal
  tijdvak jaar
  = aandeel van het jaar waarin inkomen > € 500 per maand
uitkomst a4: bedrag per maand
  tijdvak maand
  = a1 in het jaar / 12 maanden per jaar
uitkomst a5: bedrag per maand
  tijdvak maand
  = a1 in een jaar als deze maand / 12 maanden per jaar - € 1 per maand
"""
    prog = program(body)
    sits = [Situation.from_dict({"peildatum": "2026-03-15", "personen": {"a": {
        "inkomen": f"{i * 100},01", "geboortedatum": "2008-02-01"}}}, prog) for i in range(10)]
    res = evaluate_batch(prog, Population.from_situations(sits, prog), dt_.date(2026, 3, 15))
    assert len(res.fallback) == 0  # no household sent to the exact evaluator
    for q in ("t.a1", "t.a2", "t.a3", "t.a4", "t.a5"):
        ref = [evaluate(prog, s, outputs=(q,)).value(q, "a") for s in sits]
        assert [int(v) for v in res.values[q]] == [round(Fraction(v) * 100) for v in ref]
    # by hand: € 100,01 × 12 = € 1.200,12 a year; 17 on 1 January 2026 (born 1 February 2008)
    assert int(res.values["t.a1"][1]) == 120012 and int(res.values["t.a2"][0]) == 1700
    assert int(res.values["t.a5"][1]) == 10001 - 100  # the steady year / 12: the month itself


def test_a_year_like_this_month_is_the_value_itself_in_a_snapshot():
    # a snapshot is the steady state: every month of the year is like the peildatum's
    body = ('definitie jaarinkomen: bedrag per jaar\n  tijdvak jaar\n'
            '  = som van maandinkomen over de maanden van het jaar\n'
            'uitkomst x: bedrag per maand\n  tijdvak maand\n'
            '  = jaarinkomen in een jaar als deze maand / 12 maanden per jaar\n')
    assert run(body, FACTS) == 1000
    body = ('definitie kwartaalinkomen: bedrag per kwartaal\n  tijdvak kwartaal\n'
            '  = som van maandinkomen over de maanden van het kwartaal\n'
            'uitkomst x: bedrag per kwartaal\n  tijdvak maand\n'
            '  = kwartaalinkomen in een kwartaal als deze maand\n')
    assert run(body, FACTS) == 3000


def test_a_year_like_this_month_over_a_range_reads_the_month_not_the_year():
    from rulescore.periods import parse_month
    from rulescore.reference.ranges import evaluate_range

    body = ('definitie jaarinkomen: bedrag per jaar\n  tijdvak jaar\n'
            '  = som van maandinkomen over de maanden van het jaar\n'
            'uitkomst herleid: bedrag per maand\n  tijdvak maand\n'
            '  = jaarinkomen in een jaar als deze maand / 12 maanden per jaar\n'
            'uitkomst gemiddeld: bedrag per maand\n  tijdvak maand\n'
            '  = jaarinkomen in het jaar / 12 maanden per jaar\n')
    prog = program(body)
    sit = Situation.from_dict({"van": "2026-01", "tot": "2026-12", "peildatum": "2026-01-01",
                               "personen": {"a": {"geboortedatum": "1990-01-01", "inkomen": [
                                   {"tot": "2026-07", "waarde": 0},
                                   {"vanaf": "2026-07", "waarde": "1.200,00"}]}}}, prog)
    res = evaluate_range(prog, sit, parse_month("2026-01"), parse_month("2026-12"))
    # by hand: six months of € 1.200 is € 7.200 in the year, € 600 a month on average;
    # the month herleid to a year is 12 × its own income: 0 in March, 14.400 in September
    for month, own in (("2026-03", 0), ("2026-09", 1200)):
        assert res.value("t.herleid", "a", month) == own
        assert res.value("t.gemiddeld", "a", month) == 600


def test_a_year_like_this_month_needs_a_monthly_reader_and_a_yearly_operand():
    jaar = ('definitie jaarinkomen: bedrag per jaar\n  tijdvak jaar\n'
            '  = som van maandinkomen over de maanden van het jaar\n')
    for body in ('uitkomst x: bedrag per jaar\n  tijdvak jaar\n'
                 '  = jaarinkomen in een jaar als deze maand\n',            # a yearly reader
                 'uitkomst x: bedrag per jaar\n  = jaarinkomen in een jaar als deze maand\n',
                 'uitkomst x: bedrag per maand\n  tijdvak maand\n'
                 '  = maandinkomen in een jaar als deze maand\n',          # a monthly operand
                 'uitkomst x: bedrag per jaar\n  tijdvak kwartaal\n'
                 '  = jaarinkomen in een kwartaal als dit kwartaal\n'):    # not longer
        found, diags = codes(jaar + body)
        assert found == ["RS509"], body
        assert diags[0].hint and "in een" in diags[0].message


def test_explanations_name_the_tijdvak_and_the_period_expression():
    from rulescore.reference.explanation import explain

    prog = program("uitkomst x: getal\n  tijdvak jaar\n  = leeftijd op 1 januari + 1\n")
    sit = Situation.from_dict({"peildatum": "2026-03-15", "personen": {"a": FACTS}}, prog)
    text = explain(evaluate(prog, sit, trace=True).context, "t.x", "a").render()
    assert "~ tijdvak jaar" in text and "~ leest: leeftijd op 1 januari" in text
    # the age read on 1 January 2026 (17, born 1 February 2008), not on the peildatum (18)
    assert "t.leeftijd [a] = 17" in text and "t.x [a] = 18" in text
