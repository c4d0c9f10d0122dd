"""The command line: main job on the bundled example, diagnostics without tracebacks."""

import json
from pathlib import Path

from click.testing import CliRunner

from rulescore.cli import main

EXAMPLE = str(Path(__file__).parents[1] / "examples" / "huishouden.json")


def invoke(*args):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "250"})


def test_evaluate_json_of_the_example_household():
    res = invoke("evaluate", EXAMPLE, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    # sara: kostendelersnorm A=2, € 1.001,07 minus € 350 netto middelen (PW art. 19 lid 2)
    assert doc["personen"]["sara"]["participatiewet"]["participatiewet.algemene_bijstand"]["waarde"] == "651.07"
    # household view: one dwelling, the three persons; each person's share is a stated rule
    # (besteedbaar_inkomen, hand-computed in its worked cases), the dwelling sums them exactly
    house = doc["huishoudens"]["w1"]
    assert house["personen"] == ["noor", "ruben", "sara"]
    shares = house["besteedbaar_inkomen_per_maand"]["per_persoon"]
    assert set(shares) == {"noor", "ruben", "sara"}
    assert doc["herkomst"]["begrippen"]["zorgtoeslag"]["partner"] == "awir"
    assert doc["herkomst"]["regelset"]


def test_explain_cites_articles():
    res = invoke("explain", EXAMPLE, "zorgtoeslag.zorgtoeslag", "--persoon", "ruben")
    assert res.exit_code == 0, res.output
    assert "BWBR0018451 artikel 2 lid 2" in res.output
    assert "awir.toetsingsinkomen [ruben] = € 38.500,00 per jaar" in res.output


def test_bad_situation_renders_diagnostic_and_exits_nonzero(tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text('{"personen": {"a": {"geboortedatum": "1990-13-01"}}}')
    res = invoke("evaluate", str(bad))
    assert res.exit_code == 1
    assert "$.personen.a.geboortedatum" in res.output and "Traceback" not in res.output


def test_bad_rules_file_renders_diagnostic(tmp_path):
    rules = tmp_path / "x.rules"
    rules.write_text('regeling x "X"\nuitkomst y: getal = onbekend\n')
    res = invoke("check", str(rules))
    assert res.exit_code == 1
    assert "x.rules:2:21: fout RS201: onbekende naam 'onbekend'" in res.output


def test_plugins_inputs_schema():
    res = invoke("plugins")
    assert res.exit_code == 0 and "zorgtoeslag" in res.output
    res = invoke("inputs")
    assert res.exit_code == 0 and "overig_belastbaar_inkomen" in res.output
    res = invoke("schema")
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert "geboortedatum" in schema["properties"]["personen"]["additionalProperties"]["properties"]
