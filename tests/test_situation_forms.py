"""Situations as a person writes them (issue #18 §2): ``"ja"``/``"nee"`` for a ja/nee
field, the situation on standard input (``-``), and a JSON Schema that agrees."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.schema import situation_schema
from rulescore.situation import Situation

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "huishouden.json"


@pytest.fixture(scope="module")
def program():
    return load_program()


def with_facts(**facts) -> dict:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["personen"]["sara"].update(facts)
    return doc


def test_ja_and_nee_are_true_and_false(program):
    written = evaluate(program, Situation.from_dict(with_facts(zorgverzekerd="ja",
                                                               student="nee"), program))
    plain = evaluate(program, Situation.from_dict(with_facts(zorgverzekerd=True,
                                                             student=False), program))
    assert written.values == plain.values


@pytest.mark.parametrize("bad", ["Ja", "yes", "1", 1])
def test_anything_else_is_refused_with_its_path(program, bad):
    with pytest.raises(RulesError) as info:
        Situation.from_dict(with_facts(zorgverzekerd=bad), program)
    d = info.value.diagnostics[0]
    assert (d.code, d.path) == ("RS312", "$.personen.sara.zorgverzekerd")


def test_the_schema_takes_what_the_loader_takes(program):
    schema = situation_schema(program)
    jsonschema.validate(with_facts(zorgverzekerd="ja"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(with_facts(zorgverzekerd="yes"), schema)


def test_a_situation_on_standard_input():
    text = EXAMPLE.read_text(encoding="utf-8")
    piped = CliRunner().invoke(main, ["evaluate", "-", "--format", "json"], input=text)
    named = CliRunner().invoke(main, ["evaluate", str(EXAMPLE), "--format", "json"])
    assert piped.exit_code == 0, piped.output
    assert json.loads(piped.output) == json.loads(named.output)
    bad = CliRunner().invoke(main, ["evaluate", "-"], input='{"personen": ')
    assert bad.exit_code == 1 and "-:1:14: fout RS301" in bad.output
