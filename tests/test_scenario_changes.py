"""A scenario's ``wijzig parameter``: other values on their periods, the rest untouched."""

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore import model as m
from rulescore.cli import main
from rulescore.dsl import parse
from rulescore.dsl.overlay import overlay
from rulescore.errors import RulesError
from rulescore.dated import parameter_value
from rulescore.reference.explanation import explain
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.testing import assert_batch_equals_reference, situations

ROOT = Path(__file__).parents[1]
BASE = load_program()
AOW_H2 = ROOT / "examples" / "scenarios" / "aow_2026_tweede_helft_voorlopig.scenario"

WHAT_IF = """\
scenario norm_maart "De alleenstaandennorm één maand € 1.500"
wijzig parameter participatiewet.norm_21_alleenstaande
  aanname "Een hypothetische verhoging, alleen in maart 2026."
  vanaf 1 maart 2026 tot 1 april 2026: € 1.500
"""


@pytest.fixture(scope="module")
def what_if(tmp_path_factory):
    path = tmp_path_factory.mktemp("scenario") / "norm_maart.scenario"
    path.write_text(WHAT_IF, encoding="utf-8")
    return load_program(scenario=path)


@pytest.mark.parametrize("date, expected", [
    # PW art. 19 lid 2: bijstand = norm - middelen. Art. 21 a per 1 januari 2026: € 1.401,50.
    ("2026-02-15", "901,50"),   # before the changed period: 1.401,50 - 500
    ("2026-03-15", "1000"),     # the scenario's € 1.500 - 500
    ("2026-04-15", "901,50"),   # after it: the regulation's own value again
])
def test_a_change_applies_on_its_period_only(what_if, date, expected, sara_alone):
    sit = Situation.from_dict(sara_alone(date), what_if)
    got = evaluate(what_if, sit).value("participatiewet.algemene_bijstand", "sara")
    assert got == m.fraction(expected)


def test_the_explanation_names_the_scenario_and_its_reason(what_if, sara_alone):
    sit = Situation.from_dict(sara_alone("2026-03-15"), what_if)
    result = evaluate(what_if, sit, trace=True)
    text = explain(result.context, "participatiewet.algemene_bijstand", "sara").render()
    assert "participatiewet.norm_21_alleenstaande = € 1.500,00" in text
    assert "aanname: scenario norm_maart: Een hypothetische verhoging" in text


def test_provenance_lists_the_changed_parameters(what_if, program, sara_alone):
    sit = Situation.from_dict(sara_alone("2026-03-15"), what_if)
    h = evaluate(what_if, sit).to_dict()["herkomst"]
    assert h["scenario"] == "norm_maart"
    assert h["gewijzigde_parameters"] == ["participatiewet.norm_21_alleenstaande"]
    assert h["regelset"] != program.ruleset_hash
    base = evaluate(program, Situation.from_dict(sara_alone("2026-03-15"), program)).to_dict()
    assert base["herkomst"]["gewijzigde_parameters"] == []


def test_the_aow_gap_is_an_error_without_the_scenario_and_filled_with_it(program):
    """AOW art. 9: an ongehuwde with full build-up (art. 13: 0 uninsured years, 100 %) gets
    the full gross amount; for 2026-H2 that amount is the scenario's stated assumption."""
    doc = {"peildatum": "2026-09-01", "woningen": {"w1": {}},
           "personen": {"opa": {"geboortedatum": "1950-01-01", "woonadres": "w1",
                                "onverzekerde_jaren": 0}}}
    with pytest.raises(RulesError) as info:
        evaluate(program, Situation.from_dict(doc, program), outputs=["aow.ouderdomspensioen"])
    assert info.value.diagnostics[0].code == "RS403"
    assert "wijzig parameter aow.bruto_ongehuwd" in info.value.diagnostics[0].hint
    filled = load_program(scenario=AOW_H2)
    result = evaluate(filled, Situation.from_dict(doc, filled), outputs=["aow.ouderdomspensioen"],
                      trace=True)
    assert result.value("aow.ouderdomspensioen", "opa") == m.fraction("1637,57")
    assert "scenario aow_2026_tweede_helft_voorlopig" in explain(
        result.context, "aow.ouderdomspensioen", "opa").render()


def test_check_with_the_scenario_reports_no_gaps_in_2026_h2():
    runner = CliRunner()
    without = runner.invoke(main, ["check", "--dekking", "2026-07-01:2026-12-31"])
    with_it = runner.invoke(main, ["check", "--dekking", "2026-07-01:2026-12-31",
                                   "--scenario", str(AOW_H2)])
    assert without.exit_code == 0 and "4 gat(en)" in without.output
    assert with_it.exit_code == 0 and "0 gat(en)" in with_it.output
    assert "scenario aow_2026_tweede_helft_voorlopig" in with_it.output


def test_evaluate_shows_what_the_scenario_changes(tmp_path, sara_alone):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(sara_alone("2026-03-15")), encoding="utf-8")
    scen = tmp_path / "norm_maart.scenario"
    scen.write_text(WHAT_IF, encoding="utf-8")
    out = CliRunner().invoke(main, ["evaluate", str(path), "--scenario", str(scen)])
    assert out.exit_code == 0, out.output
    assert "wijzigt participatiewet.norm_21_alleenstaande" in out.output


@settings(max_examples=30, deadline=None)
@given(docs=st.lists(situations(BASE, max_persons=3, date=dt.date(2026, 3, 1)),
                     min_size=1, max_size=4))
def test_batch_equals_reference_under_a_parameter_change(what_if, docs):
    assert_batch_equals_reference(what_if, docs, dt.date(2026, 3, 1))


# ------------------------------------------------------------------ the overlay itself
DAY0 = dt.date(2026, 1, 1)
days = st.integers(0, 60).map(lambda n: DAY0 + dt.timedelta(days=n))


@st.composite
def dated_values(draw, value_base: int):
    starts = sorted(set(draw(st.lists(days, min_size=1, max_size=4))))
    values = []
    for i, start in enumerate(starts):
        nxt = starts[i + 1] if i + 1 < len(starts) else None
        tot = None
        if draw(st.booleans()):
            limit = (nxt - start).days if nxt else 30
            tot = start + dt.timedelta(days=draw(st.integers(1, max(1, limit))))
        lit = m.Literal(value_base + i, "getal")
        values.append(m.DatedValue(start, lit, None, tot))
    return tuple(values)


@settings(max_examples=300)
@given(dated_values(0), dated_values(100))
def test_overlay_is_the_scenario_value_where_it_has_one_else_the_own(own, new):
    param = m.Parameter("p", None, m.Meta((), None, ()), own)
    change = m.ParameterChange("z.p", m.Meta((), None, ("reden",)), new)
    merged = overlay(param, change, "s")
    as_param = m.Parameter("p", None, m.Meta((), None, ()), new)
    for n in range(-1, 100):
        day = DAY0 + dt.timedelta(days=n)
        expected = parameter_value(as_param, day) or parameter_value(param, day)
        got = parameter_value(merged, day)
        assert (got and got.value) == (expected and expected.value), day
        if got is not None and got.value.value >= 100:
            assert got.aanname == "scenario s: reden"


def test_a_scenario_with_changes_round_trips():
    from rulescore.dsl.printer import print_regulation

    model = parse(AOW_H2.read_text(encoding="utf-8"), str(AOW_H2))
    assert len(model.changes) == 4
    assert parse(print_regulation(model), "printed") == model


def test_concepts_reports_the_effect_of_a_parameter_change(tmp_path):
    """The example household: Sara (35) with her brother (40) in the house, so her norm is
    the kostendelersnorm with A = 2 and B = the art. 21 b norm (PW art. 22a lid 1). With B
    € 100 higher: (40% + 2 x 30%) / 2 x 2.102,13 = 1.051,065 -> € 1.051,07, and her bijstand
    € 1.051,07 - € 333,03 net alimony (see test_cli) = € 718,04 (art. 19 lid 2)."""
    scen = tmp_path / "b_hoger.scenario"
    scen.write_text('scenario b_hoger "B € 100 hoger"\n'
                    "wijzig parameter participatiewet.norm_21_gehuwden\n"
                    '  aanname "Hypothese."\n'
                    "  vanaf 1 januari 2026 tot 1 januari 2027: € 2.102,13\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["concepts", str(ROOT / "examples" / "huishouden.json"),
                                    "--scenario", str(scen), "--format", "json"])
    assert out.exit_code == 0, out.output
    effect = {(e["uitkomst"], e["persoon"]): e for e in json.loads(out.output)["scenario"]["effect"]}
    assert effect[("participatiewet.bijstandsnorm", "sara")]["met_scenario"].startswith("€ 1.051,07")
    assert effect[("participatiewet.algemene_bijstand", "sara")]["met_scenario"].startswith("€ 718,04")
