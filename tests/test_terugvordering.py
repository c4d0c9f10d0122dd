"""Participatiewet art. 58: recovery of bijstand over the year boundary, bruto or netto (case C
of docs/bronnen_geldstromen.rst), and a WW back-payment over the previous year as a means of
that bijstand period (art. 32 lid 1 b, art. 58 lid 2 f) in the keten; by hand and properties."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.keten import chain
from rulescore.periods import Period, parse_month as M
from rulescore.plugins import load_program
from rulescore.reference.ranges import evaluate_range
from rulescore.situation import Situation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nabetaling_ww_bijstand.json"
FIREWALL = ROOT / "examples" / "scenarios" / "firewall_nabetaling.scenario"
YEAR = Period(dt.date(2026, 1, 1), 12)
MARCH = Period(dt.date(2026, 3, 1), 1)
PW = "participatiewet."
OUTPUTS = tuple(PW + q for q in (
    "terugvordering_netto", "terugvordering_bruto", "belastingteruggave_bij_bruto",
    "nettolast_bruto", "nettolast_netto", "nadeel_bruto_terugvordering"))
T2025 = F("0.0817") + F("0.1790") + F("0.0010") + F("0.0965")  # 35,82 %: Wet IB art. 2.10, Wfsv
T2026 = F("0.0810") + F("0.1790") + F("0.0010") + F("0.0965")  # 35,75 %


@pytest.fixture(scope="module")
def firewall():
    return load_program(scenario=str(FIREWALL))


def cents(x: F) -> F:
    """Rounded half up to the cent (the rules' aanname for the gross amount)."""
    return F(int(x * 100 + F(1, 2)), 100)


def sara(program, income, netto):
    doc = {"peildatum": "2026-03-01", "van": "2026-01", "tot": "2026-12",
           "personen": {"sara": {
               "geboortedatum": "1990-05-01", "woonadres": "w1", "student": False,
               "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
               "overig_belastbaar_inkomen": income, "loon_uit_dienstbetrekking": 0,
               "terugvordering_bijstand_vorig_jaar": {"2026-03": f"{float(netto):.2f}"}}},
           "woningen": {"w1": {}}}
    sit = Situation.from_dict(doc, program)
    values = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=OUTPUTS).values
    return {(q[len(PW):], p): v for (q, _, p), v in values.items()}


def test_case_c_by_hand(program):
    """€ 1.000 netto over 2025 recovered in March 2026, her 2026 income € 20.000 (first bracket,
    below the AHK afbouw): bruto 1.000 / (1 − 35,82 %) = 1.558,12 (PW art. 58 lid 5); back
    through the IB 2026 35,75 % × 1.558,12 = 557,0279 (Wet IB art. 2.10); per saldo € 1,0921
    worse than netto."""
    v = sara(program, 20000, 1000)
    assert v[("terugvordering_netto", MARCH)] == 1000
    assert v[("terugvordering_bruto", MARCH)] == F("1558.12") == cents(1000 / (1 - T2025))
    assert v[("belastingteruggave_bij_bruto", YEAR)] == F("557.0279")
    assert v[("nadeel_bruto_terugvordering", YEAR)] == F("1.0921")


def test_in_the_ahk_afbouw_bruto_costs_less(program):
    """With € 35.000 in 2026 the negatief loon also raises the algemene heffingskorting by
    6,398 % (Wet IB art. 8.10): 557,0279 + 99,6885176 = 656,7164176 back, more than the
    558,12 withheld in 2025: bruto costs her € 98,5964176 less than netto."""
    v = sara(program, 35000, 1000)
    assert v[("belastingteruggave_bij_bruto", YEAR)] == F("656.7164176")
    assert v[("nadeel_bruto_terugvordering", YEAR)] == -F("98.5964176")


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(income=st.integers(0, 120_000), netto=st.integers(1, 500_000))
def test_netto_never_recovers_more_than_bruto(program, income, netto):
    """What is recovered netto is at most what is recovered bruto, which is the netto amount
    grossed up at the 2025 rate (to the cent); the tax back is between 0 and the top rate
    (49,5 %) of the gross amount, so the bruto route always costs her something."""
    netto = F(netto, 100)
    v = sara(program, income, netto)
    bruto = v[("terugvordering_bruto", MARCH)]
    assert v[("terugvordering_netto", MARCH)] == netto <= bruto == cents(netto / (1 - T2025))
    back = v[("belastingteruggave_bij_bruto", YEAR)]
    assert 0 <= back <= F("0.495") * bruto
    assert v[("nettolast_bruto", YEAR)] == bruto - back > 0
    assert v[("nettolast_netto", YEAR)] == netto


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(netto=st.integers(1, 200_000), income=st.integers(12_000, 27_000))
def test_in_the_first_bracket_netto_is_never_worse(program, netto, income):
    """Where her 2026 income stays in the first bracket below the AHK afbouw and her tax
    covers the refund (income − gross ≥ 8.713,29: 35,75 % of it ≥ the AHK € 3.115), the refund
    is 35,75 % of the gross amount, less than the 35,82 % withheld: netto recovery never costs
    her more than bruto (issue #14 §5), up to the rounding of the gross amount to the cent
    (half a cent, of which 64,25 % stays with her)."""
    netto = F(netto, 100)
    v = sara(program, income, netto)
    bruto = v[("terugvordering_bruto", MARCH)]
    assert v[("belastingteruggave_bij_bruto", YEAR)] == T2026 * bruto
    assert v[("nadeel_bruto_terugvordering", YEAR)] == bruto * (1 - T2026) - netto
    assert bruto * (1 - T2026) - netto >= -F(1, 200) * (1 - T2026)


def test_ww_back_payment_ripples_into_bijstand(program):
    """examples/nabetaling_ww_bijstand.json: Mila has bijstand all 2025; € 3.000 WW over 2025 is
    paid in March 2026. Not inkomen of March 2026 (PW art. 32 lid 1 b): her 2026 bijstand does
    not change. Net 3.000 × (1 − 35,75 %) = 1.927,50, less than her 2025 bijstand 6 × 1.345,45
    + 6 × 1.369,06 = 16.287,06 (art. 21 a): 1.927,50 is recovered (art. 58 lid 2 f), bruto
    1.927,50 / 0,6418 = 3.003,27 (lid 5), on 1 April 2026 (the rules' aanname)."""
    result = chain(program, EXAMPLE.read_text(encoding="utf-8"), M("2026-01"), M("2026-12"))
    changed = {(c.qualname, c.period.label()): (c.with_, c.without) for c in result.changes}
    assert changed[(PW + "terugvordering_bruto", "2026-03")] == (F("3003.27"), 0)
    assert not any(q == PW + "algemene_bijstand" for q, _ in changed)
    assert [(d.isoformat(), q, label, x, y) for d, _p, q, label, x, y in result.calendar
            if q.startswith(PW)] == [
        ("2026-04-01", PW + "terugvordering_bruto", "2026-03", -F("3003.27"), 0)]  # a recovery
    path = result.paths[PW + "terugvordering_bruto"]
    assert PW + "terugvordering_over_vorig_jaar" in path and path[-1] == "nabetaling_ww"


def test_a_back_payment_over_this_year_is_recovered_netto(program):
    """The same € 3.000 paid in September 2026 over 2026: a means of the earlier months of
    2026 (art. 32 lid 1 b), whose bijstand 6 × 1.401,50 + 2 × 1.419,46 = 11.247,92 (art. 21 a,
    from 1 July 2026) covers the 1.927,50: recovered netto, the gemeente sets the withheld
    tax off against its own afdracht of the same year (art. 58 lid 5)."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["personen"]["mila"].update({"nabetaling_ww": {"2026-09": "3.000,00"},
                                     "nabetaling_ww_betreft": 2026})
    sit = Situation.from_dict(data, program)
    values = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=OUTPUTS).values
    sept = Period(dt.date(2026, 9, 1), 1)
    assert values[(PW + "terugvordering_netto", "mila", sept)] == F("1927.50")
    assert values[(PW + "terugvordering_bruto", "mila", sept)] == F("1927.50")


def test_the_firewall_shields_the_recovery(firewall):
    """Under the firewall scenario a back-payment after bezwaar does not lead to recovery of
    bijstand either: nothing of the Participatiewet changes."""
    result = chain(firewall, EXAMPLE.read_text(encoding="utf-8"), M("2026-01"), M("2026-12"))
    assert not [c for c in result.changes if c.qualname.startswith(PW)]
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["personen"]["mila"]["nabetaling_ww_reden"] = "overig"
    result = chain(firewall, json.dumps(data), M("2026-01"), M("2026-12"))
    assert [c.qualname for c in result.changes if c.qualname.startswith(PW)] == [
        PW + "terugvordering_bruto"]
