"""Nabetalingen and their keteneffecten (rulescore.keten, `rulescore keten`) and the firewall
scenario: case D of docs/bronnen_geldstromen.rst worked by hand, the article path, the
payment difference, properties with hypothesis, and the command line."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.cli import main
from rulescore.keten import backpayment_inputs, chain, without_backpayments
from rulescore.periods import parse_month
from rulescore.plugins import load_program

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nabetaling_ww.json"
FIREWALL = ROOT / "examples" / "scenarios" / "firewall_nabetaling.scenario"

@pytest.fixture(scope="module")
def program():
    return load_program()


@pytest.fixture(scope="module")
def firewall():
    return load_program(scenario=str(FIREWALL))


def case_d(reden="bezwaar", amount="3.000,00", month="2026-03", wage="2.500,00",
           first="2025-01", estimate="30.000,00") -> dict:
    """Case D: single, € 2.500 a month (€ 30.000 a year) in 2025 and 2026, € 3.000 WW over
    2025 paid in March 2026."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["van"] = first
    eva = data["personen"]["eva"]
    eva["loon_uit_dienstbetrekking"] = wage
    eva["nabetaling_ww"] = {month: amount}
    eva["nabetaling_ww_reden"] = reden
    eva["geschat_toetsingsinkomen"] = estimate
    return data


def run(program, data, first="2025-01", last="2026-12"):
    return chain(program, json.dumps(data), parse_month(first), parse_month(last))


def test_the_rules_mark_the_ww_back_payment(program):
    assert backpayment_inputs(program) == ("nabetaling_ww",)  # the companions are no amounts


def test_case_d_by_hand(program):
    result = run(program, case_d())
    zt = {(c.period.label()): (c.with_, c.without) for c in result.changes
          if c.qualname == "zorgtoeslag.zorgtoeslag"}
    # Genoten in March 2026 (Wet IB 2001 art. 3.146 lid 1 a): the 2026 verzamelinkomen is
    # 30.000 + 3.000 = 33.000, the toetsingsinkomen 2026 too (Awir art. 8 lid 1); 2025 keeps
    # its 30.000, so the 2025 zorgtoeslag does not change.
    assert list(zt) == ["2026"]
    # Wzt art. 2 lid 1-2, 2026: standaardpremie 2.119; drempelinkomen 108% x 12 x 2.294,40
    # = 29.735,42 rounded up to 29.736 (the rules' aanname); normpremie 1,912% x 29.736 =
    # 568,55232 plus 13,73% of the toetsingsinkomen above the drempel.
    # With:    13,73% x (33.000 - 29.736) = 448,1472; 2.119 - 1.016,69952 = 1.102,30048 -> € 1.102
    # Without: 13,73% x (30.000 - 29.736) =  36,2472; 2.119 -   604,79952 = 1.514,20048 -> € 1.514
    # (rounded to whole euros, Awir art. 14 lid 4): € 412 less.
    assert zt["2026"] == (1102, 1514)
    # Wet op de huurtoeslag art. 21 lid 2 (2026): the afbouw is 27% (eenpersoons) of the
    # rekeninkomen above the minimum-inkomensijkpunt; both incomes are above it, so the
    # huurtoeslag falls by 27% x 3.000 = € 810.
    ht = [c for c in result.changes if c.qualname == "huurtoeslag.huurtoeslag"]
    assert [(c.period.label(), c.without - c.with_) for c in ht] == [("2026", 810)]
    changed = {(c.qualname, c.period.label()) for c in result.changes}
    assert ("zorgtoeslag.zorgtoeslag", "2025") not in changed
    # The tax of 2026 rises by the first-bracket rate 35,75% (Wet IB art. 2.10, 8,10% +
    # 27,65% premies) plus the afbouw of the algemene heffingskorting 6,398% (art. 8.10 lid 2;
    # 33.000 is above its drempel 29.736): 42,148% x 3.000 = 1.264,44.
    ih = [c for c in result.changes if c.qualname == "inkomstenbelasting.inkomensheffing"]
    assert [(c.period.label(), Fraction(c.with_) - Fraction(c.without)) for c in ih] == [
        ("2026", Fraction("1264.44"))]
    # The monthly net income does not change: the loonheffing on the one-off payment is not
    # coded (see the aanname on bruto_inkomen); the aanslag settles it.
    assert not [c for c in result.changes if c.qualname == "inkomstenbelasting.netto_inkomen"]


def test_the_chain_names_zorgtoeslag_and_the_articles(program):
    doc = run(program, case_d(), "2026-01", "2026-12").to_dict()
    assert "zorgtoeslag" in doc["regelingen"]
    path = doc["paden"]["zorgtoeslag.zorgtoeslag"]
    names = [step["naam"] for step in path]
    assert names[0] == "zorgtoeslag.zorgtoeslag" and names[-1] == "nabetaling_ww"
    assert "awir.toetsingsinkomen" in names and "inkomstenbelasting.verzamelinkomen" in names
    sources = " | ".join(step["bron"] for step in path)
    for article in ("Wet op de zorgtoeslag artikel 2 lid 1",
                    "Algemene wet inkomensafhankelijke regelingen artikel 8 lid 1",
                    "Wet inkomstenbelasting 2001 artikel 3.146 lid 1 onderdeel a"):
        assert article in sources
    assert doc["nabetalingen"] == [{"persoon": "eva", "invoer": "nabetaling_ww", "maand": "2026-03",
                                    "bedrag": "3000", "reden": "bezwaar", "betreft": "2025"}]


def test_the_path_avoids_definitions_whose_value_did_not_change(program):
    doc = run(program, case_d(), "2026-01", "2026-12").to_dict()
    # besteedbaar_inkomen reads the loonheffing too, which reads the back-payment (to leave
    # it out of the herleiding) but does not change: the path goes through the toeslagen.
    names = [s["naam"] for s in doc["paden"]["besteedbaar_inkomen.besteedbaar_inkomen"]]
    assert "inkomstenbelasting.loonheffing" not in names
    assert any(n.startswith(("huurtoeslag.", "zorgtoeslag.")) for n in names)


def test_the_payment_difference_is_a_recovery(program):
    result = run(program, case_d(), "2026-01", "2026-12")
    # The voorschot rests on the estimate of € 30.000 (geschat_toetsingsinkomen, Awir art.
    # 16 lid 1), so € 1.514 is paid over 2026 with or without the back-payment; the
    # definitieve toekenning on the real toetsingsinkomen (art. 19, art. 8) is € 1.102 with
    # it, so the set-off (art. 24 lid 3) leaves 1.514 - 1.102 = € 412 paid too much, above
    # the € 121 of art. 26a: recovered, on 12 August 2027 in the rules (art. 28 lid 1 and
    # their aanname on the date). Without the back-payment nothing is recovered.
    # The inkomstenbelasting: with € 2.500 every month the loonheffing withheld (Wet LB art.
    # 25 lid 1) is exactly the aanslag over € 30.000, so without the back-payment nothing is
    # settled; with it, no loonheffing was withheld on it (the rules' aanname) and the aanslag
    # is 35,75 % + 6,398 % (afbouw AHK) × 3.000 = 1.264,44 higher (Wet IB art. 2.10, 8.10):
    # payable after the year (art. 9.4), on 1 September 2027 in the rules (aanname).
    assert [(d.isoformat(), q, label, x, y) for d, _p, q, label, x, y in result.calendar] == [
        ("2027-08-12", "zorgtoeslag.terugvordering_na_verrekening", "2026", -412, 0),
        ("2027-09-01", "inkomstenbelasting.te_betalen_inkomstenbelasting", "2026",
         -Fraction("1264.44"), 0)]
    assert result.to_dict()["betalingen"][0]["soort"] == "terugvordering"


def test_without_backpayments_sets_every_marked_input_to_zero():
    data = case_d()
    bare = without_backpayments(data, ("nabetaling_ww",))
    assert bare["personen"]["eva"]["nabetaling_ww"] == 0
    assert data["personen"]["eva"]["nabetaling_ww"] == {"2026-03": "3.000,00"}  # untouched


def test_firewall_case_d(firewall):
    result = run(firewall, case_d(), "2026-01", "2026-12")
    # Under the firewall a back-payment after bezwaar leaves the toetsingsinkomen of the
    # toeslagen alone (the zorgtoeslag stays € 1.514); the tax still counts it (art. 3.146),
    # and so does the settlement of the aanslag with the loonheffing (art. 9.4), and the
    # werkgeversheffing UWV owes over the back-payment (Zvw art. 42, 45 lid 1: 6,10 % x
    # 3.000 = € 183, an employer cost that changes no one's income).
    assert {c.qualname for c in result.changes} == {
        "inkomstenbelasting.inkomensheffing", "inkomstenbelasting.te_betalen_inkomstenbelasting",
        "inkomstenbelasting.zvw_werkgeversheffing"}
    (levy,) = [c for c in result.changes if c.qualname == "inkomstenbelasting.zvw_werkgeversheffing"]
    assert levy.with_ - levy.without == 183


MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reden=st.sampled_from(["overheidsfout", "bezwaar"]),
       cents=st.integers(1, 2_000_000), month=st.sampled_from(MONTHS),
       wage=st.integers(0, 6000), estimate=st.integers(0, 80_000))
def test_firewall_shields_every_other_regulation(firewall, reden, cents, month, wage, estimate):
    data = case_d(reden, cents / 100, month, wage, "2026-01", estimate)
    result = run(firewall, data, "2026-01", "2026-12")
    # Only the inkomstenbelasting itself (which taxes what is genoten) may change.
    assert {firewall.symbols[c.qualname].regulation for c in result.changes} <= {
        "inkomstenbelasting"}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.integers(1, 2_000_000), month=st.sampled_from(MONTHS),
       wage=st.integers(0, 6000), estimate=st.integers(0, 80_000))
def test_firewall_lets_other_back_payments_through(program, firewall, cents, month, wage,
                                                   estimate):
    data = case_d("overig", cents / 100, month, wage, "2026-01", estimate)
    plain = run(program, data, "2026-01", "2026-12")
    walled = run(firewall, data, "2026-01", "2026-12")
    assert [(c.qualname, c.period, c.with_, c.without) for c in walled.changes] == [
        (c.qualname, c.period, c.with_, c.without) for c in plain.changes]


def test_firewall_changes_the_toeslagen_for_overig_when_above_the_drempel(firewall):
    # reden overig: the firewall does not apply, and € 3.000 above the drempel changes the
    # zorgtoeslag as without the scenario (case D).
    result = run(firewall, case_d("overig"), "2026-01", "2026-12")
    assert "zorgtoeslag" in result.regulations()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(month=st.sampled_from(MONTHS), wage=st.integers(0, 6000))
def test_a_zero_back_payment_changes_nothing(program, month, wage):
    result = run(program, case_d("overig", 0, month, wage, "2026-01"), "2026-01", "2026-12")
    assert result.changes == () and result.payments_in == ()


def test_firewall_is_dated(firewall):
    # A back-payment paid before the firewall's ingangsdatum (1 January 2026, the
    # scenario's aanname) still counts: December 2025 is in the 2025 toetsingsinkomen.
    result = run(firewall, case_d(month="2025-12"), "2025-01", "2026-12")
    assert ("zorgtoeslag.zorgtoeslag", "2025") in {(c.qualname, c.period.label())
                                                   for c in result.changes}


# ------------------------------------------------------------------ the command line

def test_cli_table():
    out = CliRunner().invoke(main, ["keten", str(EXAMPLE), "--van", "2026-01", "--tot", "2026-12"],
                             env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert "nabetaling_ww" in text and "bezwaar" in text
    assert "zorgtoeslag" in text and "1.102,00" in text and "1.514,00" in text
    assert "waarom zorgtoeslag.zorgtoeslag:" in text
    assert "Wet inkomstenbelasting 2001 artikel 3.146 lid 1 onderdeel a" in text
    assert "2026-01 t/m 2026-12" in text  # besteedbaar inkomen, joined periods
    assert "2027-08-12" in text and "terugvordering" in text  # the settlement


def test_cli_json_with_the_firewall():
    out = CliRunner().invoke(main, ["keten", str(EXAMPLE), "--van", "2026-01", "--tot", "2026-12",
                                    "--scenario", str(FIREWALL), "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["regelingen"] == ["inkomstenbelasting"]
    assert doc["herkomst"]["scenario"] == "firewall_nabetaling"


def test_cli_user_errors_are_rendered(tmp_path):
    bad = CliRunner().invoke(main, ["keten", str(EXAMPLE), "--van", "2026-13", "--tot", "2026-12"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output and "--van" in bad.output
    data = case_d()
    del data["personen"]["eva"]["loon_uit_dienstbetrekking"]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    missing = CliRunner().invoke(main, ["keten", str(path), "--van", "2026-01", "--tot", "2026-12"])
    assert missing.exit_code == 1 and "loon_uit_dienstbetrekking" in missing.output
    assert "Traceback" not in missing.output
    empty = CliRunner().invoke(main, ["keten", str(EXAMPLE), "--van", "2026-05", "--tot", "2026-04"])
    assert empty.exit_code == 1 and "RS541" in empty.output


def test_cli_without_back_payments(tmp_path):
    data = copy.deepcopy(case_d())
    del data["personen"]["eva"]["nabetaling_ww"]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = CliRunner().invoke(main, ["keten", str(path), "--van", "2026-01", "--tot", "2026-12"])
    assert out.exit_code == 0 and "geen nabetalingen in deze reeks" in out.output
