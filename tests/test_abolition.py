"""``schaf R af [vanaf D]`` in a scenario (#20 §3): a regulation's outcomes give nothing from
D; what other regulations still read of it is named (RS278)."""

import pytest
from fractions import Fraction as F

from click.testing import CliRunner

from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

# The renter of besteedbaar_inkomen.rules' worked case "Alleenstaande huurder 2026 met
# € 3.000 per maand en € 602 kale huur": netto € 2.611,85 (Wet IB 2001, the inkomstenbelasting's
# case), zorgtoeslag € 690 a year (Wzt art. 2), huurtoeslag € 963 a year (Wet op de
# huurtoeslag art. 21): (690 + 963) / 12 = 137,75 -> besteedbaar € 2.749,60 per month.
# Without the huurtoeslag: 2.611,85 + 690 / 12 = 2.611,85 + 57,50 = € 2.669,35.
ALI = {"peildatum": "2026-03-01", "woningen": {"w1": {"huurprijs": "602"}},
       "personen": {"ali": {"geboortedatum": "1990-05-01", "woonadres": "w1",
                            "loon_uit_dienstbetrekking": "3000", "zorgverzekerd": True,
                            "rendementsgrondslag": "0", "student": False,
                            "overige_netto_middelen": "0", "bezittingen": "0", "schulden": "0",
                            "huurder": True, "inkomen_box_2_en_3": "0",
                            "overig_belastbaar_inkomen": "0"}}}
NET = "besteedbaar_inkomen.besteedbaar_inkomen"
RENT = "huurtoeslag.huurtoeslag"


def _scenario(tmp_path, clause: str, grounds: str = '  aanname "Rekenvoorbeeld."\n'):
    path = tmp_path / "af.scenario"
    path.write_text('scenario af "Afgeschaft"\nstatus optie\n\n' + clause + "\n" + grounds,
                    encoding="utf-8")
    return path


def _values(program, date="2026-03-01"):
    sit = Situation.from_dict({**ALI, "peildatum": date}, program)
    res = evaluate(program, sit, outputs=(NET, RENT))
    return res.value(NET, "ali"), res.value(RENT, "ali")


def test_current_law_is_the_worked_case(program):
    net, rent = _values(program)
    assert (net, rent) == (F("2749.60"), 963)


def test_abolished_from_the_start_of_2026_the_household_loses_its_huurtoeslag(tmp_path):
    program = load_program(scenario=_scenario(tmp_path, "schaf huurtoeslag af vanaf 1 januari 2026"))
    net, rent = _values(program)
    assert rent == 0
    assert net == F("2669.35")


def test_abolished_from_july_nothing_changes_in_march(tmp_path):
    program = load_program(scenario=_scenario(tmp_path, "schaf huurtoeslag af vanaf 1 juli 2026"))
    net, rent = _values(program, "2026-03-01")
    assert (net, rent) == (F("2749.60"), 963)
    assert _values(program, "2026-08-01")[1] == 0


def test_the_explanation_names_the_scenario_and_its_grounds(tmp_path):
    path = _scenario(tmp_path, "schaf huurtoeslag af vanaf 1 januari 2026")
    situation = tmp_path / "ali.json"
    import json

    situation.write_text(json.dumps(ALI), encoding="utf-8")
    res = CliRunner().invoke(main, ["explain", str(situation), RENT, "--persoon", "ali",
                                    "--scenario", str(path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "scenario af: Rekenvoorbeeld." in res.output


def test_what_others_still_read_is_named_as_a_warning(tmp_path):
    res = CliRunner().invoke(main, ["check", "--scenario", str(_scenario(
        tmp_path, "schaf huurtoeslag af vanaf 1 januari 2026"))])
    assert res.exit_code == 0, res.output
    assert "waarschuwing RS278" in res.stderr
    assert "huurtoeslag.partners_op_woonadres" in res.stderr


def test_an_unknown_regulation_and_missing_grounds_are_errors(tmp_path):
    with pytest.raises(RulesError) as err:
        load_program(scenario=_scenario(tmp_path, "schaf huurtoesl af", ""))
    assert "RS276" in str(err.value) and "huurtoeslag" in str(err.value)
    with pytest.raises(RulesError) as err:
        load_program(scenario=_scenario(tmp_path, "schaf huurtoeslag af", ""))
    assert "RS273" in str(err.value)


def test_an_outcome_that_is_not_an_amount_must_be_stated(tmp_path):
    rules = tmp_path / "d.rules"
    rules.write_text('regeling d "D"\n\nuitkomst einde: datum\n  bron artikel 1\n'
                     '  = 1 januari 2030\n', encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_program(extra_paths=[rules], scenario=_scenario(tmp_path, "schaf d af"))
    assert "RS277" in str(err.value) and "einde" in str(err.value)


def test_abolished_without_a_date_always(tmp_path):
    program = load_program(scenario=_scenario(tmp_path, "schaf huurtoeslag af"))
    assert _values(program)[1] == 0
