"""Parsing, checking and evaluating small inline rule sets."""

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
"""


def run(body: str, facts: dict, date="2026-01-01", name="t.x"):
    program = check([parse(HEADER + body, "t.rules")])
    sit = Situation.from_dict({"peildatum": date, "personen": {"a": facts}}, program)
    return evaluate(program, sit, outputs=(name,)).value(name, "a")


def diagnostics(body: str):
    with pytest.raises(RulesError) as info:
        check([parse(HEADER + body, "t.rules")])
    return info.value.diagnostics


def test_dutch_numbers_dates_and_percentages_are_exact():
    assert run("uitkomst x: bedrag per maand = € 1.401,50 per maand * 13,730%", {}) == \
        Fraction(140150, 100) * Fraction(13730, 100000)
    assert run("uitkomst x: datum = 1 januari 2026 + 67 jaar en 3 maanden", {}) == dt.date(2093, 4, 1)


def test_half_cent_tie_rounds_up_exactly():
    # (40% + 2 x 30%) / 2 x € 2.002,13 = € 1.001,065 exactly; half up gives € 1.001,07
    body = "uitkomst x: bedrag per maand = (40% + 2 * 30%) / 2 * € 2.002,13 per maand afgerond op centen"
    assert run(body, {}) == Fraction(100107, 100)


def test_rounding_applies_to_the_whole_amount():
    body = "uitkomst x: bedrag per jaar = € 0,4 per jaar + € 0,4 per jaar afgerond op hele euro's"
    assert run(body, {}) == 1


def test_explicit_period_conversion():
    body = "uitkomst x: bedrag per jaar = inkomen * 12 maanden per jaar"
    assert run(body, {"inkomen": "1.000,00"}) == 12000
    body = "uitkomst x: bedrag per maand = € 75,62 per dag * 21,75 dagen per maand"
    assert run(body, {}) == Fraction(7562, 100) * Fraction(2175, 100)


def test_mixing_periods_is_rejected_with_a_hint():
    (d,) = diagnostics("uitkomst x: bedrag per jaar = inkomen + € 24 per jaar")
    assert d.code == "RS222"
    assert "maand" in d.message and "jaar" in d.message
    assert "12 maanden per jaar" in d.hint


def test_unknown_name_suggests_the_right_one():
    (d,) = diagnostics("uitkomst x: bedrag per maand = inkomne")
    assert d.code == "RS201" and "'inkomen'" in d.hint
    assert (d.span.line, d.span.column) == (5, 32)


def test_all_problems_are_reported_at_once():
    codes = sorted(d.code for d in diagnostics(
        "definitie x: getal = y + 1\ndefinitie y: getal = z\nuitkomst w: ja/nee = 1 en ja"))
    assert codes == ["RS201", "RS220"]


def test_cycle_across_regulations_shows_path():
    a = parse('regeling a "A"\n gebruikt b\ndefinitie x: getal = b.y + 1', "a.rules")
    b = parse('regeling b "B"\n gebruikt a\ndefinitie y: getal = a.x * 2', "b.rules")
    with pytest.raises(RulesError) as info:
        check([a, b])
    (d,) = info.value.diagnostics
    assert d.code == "RS250" and d.message == "kringverwijzing: a.x → b.y → a.x"


def test_version_gap_and_overlap_are_errors():
    gap = diagnostics("""definitie x: getal
  versie vanaf 1 januari 2025 tot 1 juni 2025 = 1
  versie vanaf 1 juli 2025 = 2""")
    assert [d.code for d in gap] == ["RS243"]
    overlap = diagnostics("""definitie x: getal
  versie vanaf 1 januari 2025 = 1
  versie vanaf 1 juli 2025 = 2""")
    assert [d.code for d in overlap] == ["RS242"]


def test_version_selected_by_a_persons_date():
    body = """uitkomst x: getal
  versies volgens geboortedatum
  versie tot 1 januari 1972 = 1
  versie vanaf 1 januari 1972 = 2"""
    assert run(body, {"geboortedatum": "1971-12-31"}) == 1
    assert run(body, {"geboortedatum": "1972-01-01"}) == 2


def test_missing_inputs_are_errors_never_zero():
    program = check([parse(HEADER + "uitkomst x: bedrag per maand = inkomen + inkomen", "t.rules")])
    sit = Situation.from_dict({"peildatum": "2026-01-01", "personen": {"a": {}, "b": {}}}, program)
    with pytest.raises(RulesError) as info:
        evaluate(program, sit)
    paths = sorted(d.path for d in info.value.diagnostics)
    assert paths == ["$.personen.a.inkomen", "$.personen.b.inkomen"]
    assert all("nodig voor t.x voor" in d.message for d in info.value.diagnostics)


def test_table_by_age_band():
    body = """tabel bedrag_naar_leeftijd: bedrag per kwartaal
  sleutel leeftijd
  vanaf 1 januari 2026:
    | 0 tot 6: € 295,07
    | 6 tot 12: € 358,30
    | vanaf 12: € 421,53
uitkomst x: bedrag per kwartaal = bedrag_naar_leeftijd(jaren_tussen(geboortedatum, peildatum))"""
    assert run(body, {"geboortedatum": "2019-06-01"}) == Fraction(35830, 100)
    assert run(body, {"geboortedatum": "2010-06-01"}) == Fraction(42153, 100)


def test_table_by_household_type_and_number_of_persons():
    body = """keuze huishouden: eenpersoons, meerpersoons
invoer soort: huishouden van persoon
invoer personen_in_huis: getal van persoon
tabel grens: bedrag per maand
  sleutel soort, personen_in_huis
  vanaf 1 januari 2026:
    | "eenpersoons", 1: € 713,02
    | "meerpersoons", 2: € 713,02
    | "meerpersoons", vanaf 3: € 764,14
uitkomst x: bedrag per maand = grens(soort, personen_in_huis)"""
    assert run(body, {"soort": "meerpersoons", "personen_in_huis": 4}) == Fraction(76414, 100)
    assert run(body, {"soort": "eenpersoons", "personen_in_huis": 1}) == Fraction(71302, 100)


def test_table_version_with_an_end_is_refused_after_it():
    body = """tabel t: getal
  sleutel n
  vanaf 1 januari 2026 tot 1 juli 2026:
    | overig: 7
invoer n: getal van persoon
uitkomst x: getal = t(n)"""
    assert run(body, {"n": 1}, date="2026-06-30") == 7
    with pytest.raises(RulesError) as info:
        run(body, {"n": 1}, date="2026-07-01")
    assert info.value.diagnostics[0].code == "RS403"
