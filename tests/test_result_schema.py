"""The published JSON Schemas of results: every result rulescore writes satisfies them, and a
result that a reader could not take back exactly does not."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from rulescore.cli import main
from rulescore.periods import parse_month
from rulescore.plugins import load_program
from rulescore.reference.ranges import evaluate_range
from rulescore.reference.results import evaluate
from rulescore.result_schema import range_schema, result_schema
from rulescore.situation import Situation
from click.testing import CliRunner

EXAMPLES = Path(__file__).parent.parent / "examples"
DAY_EXAMPLES = ["huishouden.json", "alleenstaande_ouder_kinderopvang.json"]
RANGE_EXAMPLES = ["baan_vanaf_juli.json", "voorschot.json", "nabetaling_ww.json"]


@pytest.fixture(scope="module")
def program():
    return load_program()


@pytest.fixture(scope="module")
def validators(program):
    out = {}
    for name, make in (("dag", result_schema), ("reeks", range_schema)):
        schema = make(program)
        jsonschema.Draft202012Validator.check_schema(schema)
        out[name] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return out


def situation(program, name):
    return Situation.from_json((EXAMPLES / name).read_text(encoding="utf-8"), program)


def errors(validator, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("name", DAY_EXAMPLES)
def test_every_result_of_a_day_satisfies_the_schema(program, validators, name):
    doc = json.loads(evaluate(program, situation(program, name)).to_json())
    assert errors(validators["dag"], doc) == []


@pytest.mark.parametrize("name", RANGE_EXAMPLES)
def test_every_result_over_a_range_satisfies_the_schema(program, validators, name):
    sit = situation(program, name)
    first, last = sit.range or (parse_month("2026-01"), parse_month("2026-12"))
    doc = json.loads(evaluate_range(program, sit, first, last).to_json())
    assert errors(validators["reeks"], doc) == []


def test_the_schema_refuses_what_a_reader_cannot_take_back(program, validators):
    doc = json.loads(evaluate(program, situation(program, "huishouden.json")).to_json())
    zorg = doc["personen"]["ruben"]["zorgtoeslag"]["zorgtoeslag.zorgtoeslag"]
    assert zorg["waarde"] == "1183"  # the joint zorgtoeslag of test_serve's hand computation
    for mutate, where in [
        # a value cut off for display ("119.4333…"), as evaluate once wrote it
        (lambda d: d["personen"]["noor"]["kinderbijslag"]["kinderbijslag.kinderbijslag"]
         .__setitem__("per_maand", "119.4333333333…"), "per_maand"),
        # a JSON number a reader would round
        (lambda d: d["personen"]["ruben"]["zorgtoeslag"]["zorgtoeslag.zorgtoeslag"]
         .__setitem__("waarde", 1183.0), "waarde"),
        # the display form where the exact value belongs
        (lambda d: d["personen"]["ruben"]["zorgtoeslag"]["zorgtoeslag.zorgtoeslag"]
         .__setitem__("waarde", "€ 1.183,00 per jaar"), "waarde"),
        # the wrong unit stated for an output
        (lambda d: d["personen"]["ruben"]["zorgtoeslag"]["zorgtoeslag.zorgtoeslag"]
         .__setitem__("type", "bedrag per maand"), "type"),
        # a household total without its exact value
        (lambda d: d["huishoudens"]["w1"]["besteedbaar_inkomen_per_maand"].pop("waarde"),
         "besteedbaar_inkomen_per_maand"),
        # provenance without the rule set's hash
        (lambda d: d["herkomst"].pop("regelset"), "herkomst"),
    ]:
        bad = copy.deepcopy(doc)
        mutate(bad)
        found = errors(validators["dag"], bad)
        assert found and any(where in e for e in found), (where, found)


def test_an_output_a_scenario_adds_is_held_to_the_general_form(program, validators):
    doc = json.loads(evaluate(program, situation(program, "huishouden.json")).to_json())
    entry = {"waarde": "12.5", "weergave": "€ 12,50 per maand", "type": "bedrag per maand"}
    doc["personen"]["ruben"].setdefault("gemeente", {})["gemeente.toeslag"] = entry
    assert errors(validators["dag"], doc) == []
    entry["waarde"] = 12.5
    assert errors(validators["dag"], doc)


def test_the_command_prints_each_schema():
    runner = CliRunner()
    for soort, title in (("situatie", "rulescore situatie"),
                         ("resultaat", "rulescore resultaat op een peildatum"),
                         ("reeks", "rulescore resultaat over een reeks maanden")):
        res = runner.invoke(main, ["schema", soort])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output)["title"] == title
    res = runner.invoke(main, ["schema", "uitkomst"])
    assert res.exit_code == 2 and "uitkomst" in res.output
