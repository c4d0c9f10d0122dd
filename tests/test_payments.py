"""Payment clauses (``betaald op …``) and the payment calendar (issue #14 §4)."""

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import model as m
from rulescore.cli import main
from rulescore.dsl import parse
from rulescore.dsl.printer import print_regulation
from rulescore.payments import paid_definitions, payment_calendar, payment_day
from rulescore.periods import Period
from rulescore.plugins import load_program
from rulescore.situation import Situation

ROOT = Path(__file__).parents[1]
HOUSEHOLD = ROOT / "examples" / "huishouden.json"
JOB = ROOT / "examples" / "baan_vanaf_juli.json"
ONE_DAY = ROOT / "examples" / "scenarios" / "een_betaaldag.scenario"
D = dt.date


def month(y, mo):
    return Period(D(y, mo, 1), 1)


def clause(text: str) -> m.PaymentClause:
    src = f'regeling z "Z"\n  tijdvak maand\ndefinitie d: bedrag per maand\n  {text}\n  = € 1 per maand\n'
    return parse(src, "z.rules").items[0].meta.betaling


@pytest.mark.parametrize("text, period, day", [
    ("betaald op dag 20 van de maand ervoor", month(2026, 3), D(2026, 2, 20)),  # Awir art. 22 lid 1
    ("betaald op dag 20 van de maand ervoor", month(2026, 1), D(2025, 12, 20)),
    ("betaald op dag 1 van de maand erna", Period(D(2026, 1, 1), 3), D(2026, 4, 1)),
    ("betaald op dag 31 van de maand erna", month(2026, 1), D(2026, 2, 28)),
    ("betaald op dag 31 van de maand erna", month(2028, 1), D(2028, 2, 29)),
    ("betaald op dag 25 van de laatste maand", Period(D(2026, 4, 1), 3), D(2026, 6, 25)),
    ("betaald op dag 5 van de eerste maand", Period(D(2026, 4, 1), 3), D(2026, 4, 5)),
    ("teruggevorderd op 1 juli van het jaar erna", Period(D(2026, 1, 1), 12), D(2027, 7, 1)),
    ("teruggevorderd op 29 februari van het jaar erna", Period(D(2026, 1, 1), 12), D(2027, 2, 28)),
])
def test_the_payment_day_of_a_period(text, period, day):
    assert payment_day(clause(text), period) == day


@settings(deadline=None)  # the first example builds the parser
@given(st.sampled_from(["betaald", "teruggevorderd"]), st.integers(1, 31),
       st.sampled_from(["eerste maand", "laatste maand", "maand ervoor", "maand erna"]))
def test_payment_clauses_print_and_parse_back(direction, day, anchor):
    c = clause(f"{direction} op dag {day} van de {anchor}")
    assert (c.direction, c.day, c.anchor) == (direction, day, anchor)
    src = f'regeling z "Z"\n  tijdvak maand\ndefinitie d: bedrag per maand\n  {direction} op dag {day} van de {anchor}\n  = € 1 per maand\n'
    reg = parse(src, "z.rules")
    assert parse(print_regulation(reg), "z.rules") == reg


def test_the_bundled_rules_say_what_they_pay(program):
    paid = paid_definitions(program)
    assert set(paid) >= {"participatiewet.uitbetaalde_bijstand", "kinderbijslag.kinderbijslag",
                         "werkloosheidswet.uitkering_zonder_vakantiebijslag"}
    # recovered, not paid: the zorgtoeslag's voorschot revision and settlement (Awir art.
    # 16 lid 6, 24 lid 3), the bijstand recovery (PW art. 58) and the tax due after the
    # year (Wet IB art. 9.4)
    assert {q for q, c in paid.items() if c.direction == "teruggevorderd"} == {
        "zorgtoeslag.terugvordering_voorschot", "zorgtoeslag.terugvordering_na_verrekening",
        "participatiewet.terugvordering_bruto", "inkomstenbelasting.te_betalen_inkomstenbelasting"}
    assert paid["inkomstenbelasting.teruggaaf_inkomstenbelasting"].direction == "betaald"


def test_the_calendar_of_the_example_household(program):
    """Sara (alleenstaande ouder, brother Ruben a kostendeler) and Noor (born 12 September
    2017). Kinderbijslag (AKW art. 12, 85 % for a child of 6–12 on the quarter's first day;
    paid after the quarter, art. 18 lid 1 a): 2025-K4 on 1 January 2026, 85 % of
    € 416,41 = 353,9485 → € 353,95 (basis from 1 July 2025, law facts S11); 2026-K1 on
    1 April, 85 % of € 421,53 = 358,3005 → € 358,30. Bijstand for January 2026 on 1 February:
    the kostendelersnorm € 1.001,07 minus € 333,03 netto alimentatie = € 668,04 (PW art.
    19 lid 2, 22a; as in tests/test_cli.py), paid in full to her, not gehuwd (art. 45)."""
    sit = Situation.from_json(HOUSEHOLD.read_text(), program)
    cal = payment_calendar(program, sit, 2026)
    rows = {(p.day, p.person, p.qualname): p.amount for p in cal.payments}
    assert rows[(D(2026, 1, 1), "noor", "kinderbijslag.kinderbijslag")] == Fraction("353.95")
    assert rows[(D(2026, 4, 1), "noor", "kinderbijslag.kinderbijslag")] == Fraction("358.30")
    assert rows[(D(2026, 2, 1), "sara", "participatiewet.uitbetaalde_bijstand")] == Fraction("668.04")
    assert not any(p.person == "ruben" and "bijstand" in p.qualname for p in cal.payments)
    assert all(p.day.year == 2026 for p in cal.payments) and cal.outside == ()
    # twelve bijstand payments (for December 2025 … November 2026) and four kinderbijslag
    assert sum(1 for p in cal.payments if p.qualname.endswith("uitbetaalde_bijstand")) == 12
    assert sum(1 for p in cal.payments if p.qualname == "kinderbijslag.kinderbijslag") == 4
    months = cal.per_month()
    assert months["2026-02"] == Fraction("668.04")
    assert months["2026-04"] == Fraction("668.04") + Fraction("358.30")


def test_periods_outside_the_situation_are_not_evaluated(program):
    sit = Situation.from_json(JOB.read_text(), program)  # van 2026-01 tot 2026-12
    cal = payment_calendar(program, sit, 2026)
    assert ("participatiewet.uitbetaalde_bijstand", "2025-12") in cal.outside
    assert ("kinderbijslag.kinderbijslag", "2025-K4") in cal.outside
    assert {p.period.label() for p in cal.payments
            if p.qualname.endswith("uitbetaalde_bijstand")} <= {f"2026-{m:02d}" for m in range(1, 12)}


def test_gehuwden_who_both_have_a_right_are_each_paid_half(program):
    """PW art. 45 lid 4: the couple's bijstand half to each spouse."""
    doc = {"peildatum": "2026-03-01",
           "personen": {p: {"geboortedatum": "1980-05-01", "woonadres": "w1", "student": False,
                            "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
                            "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen",
                                     "inkomen_box_2_en_3"]} for p in ("sara", "femke")},
           "woningen": {"w1": {}}, "relaties": [{"soort": "huwelijk", "personen": ["sara", "femke"]}]}
    sit = Situation.from_dict(doc, program)
    cal = payment_calendar(program, sit, 2026)
    march = [p for p in cal.payments if p.period == month(2026, 3)]
    # gezinsnorm 2026 PW art. 21 onder b: € 2.002,13, no means: € 1.001,065 each → € 1.001,07
    assert sorted((p.person, p.amount) for p in march) == [
        ("femke", Fraction("1001.07")), ("sara", Fraction("1001.07"))]


def test_a_scenario_moves_payment_days_and_the_calendar_shows_the_difference():
    res = CliRunner().invoke(main, ["kalender", str(HOUSEHOLD), "--jaar", "2026", "--scenario",
                                    str(ONE_DAY), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    base = {(r["datum"], r["uitkomst"]) for r in doc["betalingen"]}
    other = {(r["datum"], r["uitkomst"]) for r in doc["scenario"]["betalingen"]}
    assert ("2026-04-01", "kinderbijslag.kinderbijslag") in base
    assert ("2026-03-25", "kinderbijslag.kinderbijslag") in other  # K1 on the 25th of March
    assert ("2026-12-25", "participatiewet.uitbetaalde_bijstand") in other
    diff = doc["verschil_per_maand"]
    assert diff["2026-03"] == "358.3" and diff["2026-04"] == "-358.3"
    assert doc["scenario"]["herkomst"]["scenario"] == "een_betaaldag"


def test_the_calendar_on_the_command_line():
    res = CliRunner().invoke(main, ["kalender", str(HOUSEHOLD), "--jaar", "2026"],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "betalingen met een betaaldag in 2026" in res.output
    assert "2026-04-01" in res.output and "€ 358,30" in res.output
    res = CliRunner().invoke(main, ["kalender", str(HOUSEHOLD)])
    assert res.exit_code == 2 and "--jaar" in res.output


def test_a_clause_survives_the_parse_cache(tmp_path):
    from rulescore.dsl.model_codec import decode, encode

    src = 'regeling z "Z"\n  tijdvak jaar\ndefinitie d: bedrag per jaar\n  teruggevorderd op 1 juli van het jaar erna\n  = € 1 per jaar\n'
    reg = parse(src, "z.rules")
    assert decode(encode(reg), "z.rules", src) == reg


def test_a_scenario_may_change_a_payment_day(tmp_path):
    scen = tmp_path / "dag.scenario"
    scen.write_text('scenario dag "Dag"\nwijzig betaling kinderbijslag.kinderbijslag\n'
                    '  aanname "proef"\n  betaald op dag 15 van de laatste maand\n', encoding="utf-8")
    program = load_program(scenario=scen)
    c = paid_definitions(program)["kinderbijslag.kinderbijslag"]
    assert (c.day, c.anchor) == (15, "laatste maand")
    assert "proef" in program.symbols["kinderbijslag.kinderbijslag"].decl.meta.aannames
