"""The Awir voorschot and its settlement in the zorgtoeslag rules (Awir art. 16, 19, 22, 24,
26a): case A of docs/bronnen_geldstromen.rst worked by hand, the calendar, and properties."""

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.payments import payment_calendar
from rulescore.periods import Period, parse_month as M
from rulescore.reference.ranges import evaluate_range
from rulescore.situation import Situation

EXAMPLE = Path(__file__).parent.parent / "examples" / "voorschot.json"
Z = "zorgtoeslag."
YEAR = Period(dt.date(2026, 1, 1), 12)
OUTPUTS = tuple(Z + q for q in (
    "jaarbedrag_voorschot", "termijn_voorschot", "terugvordering_voorschot", "betaald_voorschot",
    "zorgtoeslag", "betaalde_voorschotten", "verrekening_voorschotten", "nabetaling",
    "terugvordering_na_verrekening"))


def month(n: int) -> Period:
    return Period(dt.date(2026, n, 1), 1)


def anna(wage, estimate) -> dict:
    """Anna (born 1 May 1990, alleenstaand, verzekerd, no vermogen): the wage and the
    estimate as lists of pieces or plain values."""
    return {"geboortedatum": "1990-05-01", "woonadres": "w1", "zorgverzekerd": True,
            "rendementsgrondslag": 0, "inkomen_box_2_en_3": 0, "overig_belastbaar_inkomen": 0,
            "loon_uit_dienstbetrekking": wage, "geschat_toetsingsinkomen": estimate}


def over_2026(program, person: dict) -> dict:
    sit = Situation.from_dict({"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
                               "personen": {"anna": person}, "woningen": {"w1": {}}}, program)
    values = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=OUTPUTS).values
    return {(q[len(Z):], p): v for (q, _, p), v in values.items()}


def from_july(before, after, day="2026-07"):
    return [{"tot": day, "waarde": before}, {"vanaf": day, "waarde": after}]


# Year amounts (Wzt art. 2 lid 1–2, 2026: standaardpremie 2.119, 1,912 % of the drempelinkomen
# 29.736 (the rules' aanname), 13,73 % above it; Awir art. 14 lid 4 whole euros):
#   on € 0 or € 15.000: 2.119 − 568,55232 = 1.550,44768 → € 1.550
#   on € 36.000: 2.119 − (568,55232 + 13,73 % × 6.264) = 2.119 − 1.428,59952 = 690,40048 → € 690
# Termijnen (Awir art. 22 lid 2; spreading the rest and rounding to cents are the rules' aannames):
#   January 1.550/12 = 129,1667 → 129,17; February 1.420,83/11 → 129,17; March 1.291,66/10
#   → 129,17; April 1.162,49/9 → 129,17; May 1.033,32/8 = 129,165 → 129,17; June 904,15/7 =
#   129,1643 → 129,16; July 774,99/6 = 129,165 → 129,17. Paid for January–July: 904,18.
OLD = [Fraction(s) for s in ("129.17", "129.17", "129.17", "129.17", "129.17", "129.16", "129.17")]


def test_case_a_the_estimate_raised_to_36000_on_15_july(program):
    v = over_2026(program, anna(from_july(0, 6000), from_july(0, 36000, "2026-07-15")))
    assert [v[("termijn_voorschot", month(n))] for n in range(1, 8)] == OLD
    assert sum(OLD) == Fraction("904.18")
    # July's termijn is paid on 20 June, on the estimate known then (€ 0); August's on
    # 20 July, after the report of 15 July: the year amount € 690
    assert v[("jaarbedrag_voorschot", month(7))] == 1550
    assert v[("jaarbedrag_voorschot", month(8))] == 690
    # 690 < 904,18 paid: no more termijnen, 904,18 − 690 = 214,18 recovered (art. 16 lid 6)
    assert [v[("termijn_voorschot", month(n))] for n in range(8, 13)] == [0] * 5
    assert v[("terugvordering_voorschot", month(8))] == Fraction("214.18")
    assert [v[("terugvordering_voorschot", month(n))] for n in range(9, 13)] == [0] * 4
    assert v[("betaald_voorschot", month(9))] == 690
    # the definitieve toekenning on the actual toetsingsinkomen 6 × 6.000 = 36.000 (art. 19,
    # art. 8): € 690; set off against 904,18 − 214,18 = 690 paid (art. 24): nothing left
    assert v[("zorgtoeslag", YEAR)] == 690
    assert v[("betaalde_voorschotten", YEAR)] == 690
    assert v[("verrekening_voorschotten", YEAR)] == 0
    assert v[("nabetaling", YEAR)] == v[("terugvordering_na_verrekening", YEAR)] == 0


def test_case_a_without_the_report_is_settled_after_the_year(program):
    v = over_2026(program, anna(from_july(0, 6000), 0))
    # € 1.550 paid in twelve termijnen (the last fills the year amount: 1.550 − 1.420,84 =
    # 129,16), € 690 awarded: 860 to recover, more than € 121 (art. 26a, 2026): recovered
    assert v[("betaalde_voorschotten", YEAR)] == 1550
    assert v[("termijn_voorschot", month(12))] == Fraction("129.16")
    assert v[("verrekening_voorschotten", YEAR)] == -860
    assert v[("terugvordering_na_verrekening", YEAR)] == 860
    assert v[("nabetaling", YEAR)] == 0


def test_case_a_with_15000_changes_nothing(program):
    v = over_2026(program, anna(from_july(0, 2500), from_july(0, 15000, "2026-07-15")))
    # 15.000 is below the drempelinkomen: still € 1.550. After July (904,18 paid): August
    # 645,82/5 = 129,164 → 129,16; September 516,66/4 = 129,165 → 129,17; October
    # 387,49/3 → 129,16; November 258,33/2 = 129,165 → 129,17; December 129,16
    rest = [Fraction(s) for s in ("129.16", "129.17", "129.16", "129.17", "129.16")]
    assert [v[("termijn_voorschot", month(n))] for n in range(8, 13)] == rest
    assert sum(OLD) + sum(rest) == 1550
    assert v[("zorgtoeslag", YEAR)] == v[("betaalde_voorschotten", YEAR)] == 1550
    assert v[("verrekening_voorschotten", YEAR)] == 0


def test_a_small_recovery_after_the_settlement_is_left_alone(program):
    # estimate € 0 all year, actual 12 × 2.600 = 31.200: 2.119 − (568,55232 + 13,73 % ×
    # 1.464 = 201,0072) = 1.349,44048 → € 1.349; 1.550 paid, 201 to recover: more than 121,
    # recovered. With 12 × 2.500 = 30.000: 13,73 % × 264 = 36,2472; 2.119 − 604,79952 =
    # 1.514,20048 → € 1.514; 36 to recover, € 121 or less (art. 26a): not recovered
    v = over_2026(program, anna(2600, 0))
    assert v[("terugvordering_na_verrekening", YEAR)] == 201
    v = over_2026(program, anna(2500, 0))
    assert v[("verrekening_voorschotten", YEAR)] == -36
    assert v[("terugvordering_na_verrekening", YEAR)] == 0


def test_the_calendar_shows_the_termijnen_on_the_20th(program):
    sit = Situation.from_json(EXAMPLE.read_text(), program)
    cal = payment_calendar(program, sit, 2026)
    rows = [(p.day, p.period.label(), p.amount) for p in cal.payments
            if p.qualname.startswith(Z)]
    # the termijn for a month is paid on the 20th of the month before (art. 22 lid 1);
    # January's on 20 December 2025, outside 2026; the recovery on 1 September
    expected = [(dt.date(2026, n - 1, 20), f"2026-{n:02d}", OLD[n - 1]) for n in range(2, 8)]
    expected.append((dt.date(2026, 9, 1), "2026-08", Fraction("-214.18")))
    assert rows == expected
    assert ("zorgtoeslag.termijn_voorschot", "2027-01") in cal.outside


def test_the_calendar_names_a_voorschot_it_cannot_know(program):
    person = anna(0, 0)
    del person["geschat_toetsingsinkomen"]
    sit = Situation.from_dict({"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12",
                               "personen": {"anna": person}, "woningen": {"w1": {}}}, program)
    cal = payment_calendar(program, sit, 2026)
    assert not any(p.qualname == Z + "termijn_voorschot" for p in cal.payments)
    assert (Z + "termijn_voorschot", "2026-03",
            "$.personen.anna.geschat_toetsingsinkomen") in cal.unknown


wages = st.integers(0, 900_000)  # cents per month


def euros(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


@settings(max_examples=6, deadline=None)
@given(wages, wages, st.integers(2, 12))
def test_a_voorschot_on_the_right_income_is_settled_with_nothing(program, a, b, change):
    """Estimate equal to the actual toetsingsinkomen all year (a wage of a cents a month,
    b from month ``change``): the voorschot is the definitive award, the settlement 0."""
    actual = Fraction(a * (change - 1) + b * (13 - change), 100)
    v = over_2026(program, anna(from_july(euros(a), euros(b), f"2026-{change:02d}"),
                                euros(int(actual * 100))))
    assert v[("betaalde_voorschotten", YEAR)] == v[("zorgtoeslag", YEAR)]
    assert v[("verrekening_voorschotten", YEAR)] == 0
    assert all(v[("terugvordering_voorschot", month(n))] == 0 for n in range(1, 13))


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 6_000_000), st.integers(0, 6_000_000), st.integers(2, 12),
       st.integers(1, 28))
def test_the_termijnen_add_up_to_the_last_year_amount(program, first, second, change, day):
    """An estimate revised once (first, then second, in cents a year, from the given day):
    where the year amount never fell below what was paid, the year's termijnen add up to
    the last year amount; where it did, termijnen minus the recovery do."""
    v = over_2026(program, anna(0, [{"tot": f"2026-{change:02d}-{day:02d}",
                                     "waarde": euros(first)},
                                    {"vanaf": f"2026-{change:02d}-{day:02d}",
                                     "waarde": euros(second)}]))
    paid = sum(v[("termijn_voorschot", month(n))] for n in range(1, 13))
    recovered = sum(v[("terugvordering_voorschot", month(n))] for n in range(1, 13))
    last = v[("jaarbedrag_voorschot", month(12))]
    if recovered == 0:
        assert paid == last
    else:
        assert paid - recovered == last
    assert v[("betaalde_voorschotten", YEAR)] == paid - recovered
