"""Situation JSON: every problem with its JSON path, all at once, nothing silently ignored."""

import json
from pathlib import Path

import pytest

from rulescore.errors import RulesError
from rulescore.situation import Situation


def problems(program, doc):
    with pytest.raises(RulesError) as info:
        Situation.from_json(json.dumps(doc), program)
    return {(d.code, d.path): d for d in info.value.diagnostics}


def test_unknown_fields_wrong_types_and_bad_references_reported_together(program):
    found = problems(program, {
        "peildatum": "2026-02-30",
        "personen": {"a": {"geboortedatm": "1990-01-01", "overig_belastbaar_inkomen": "veel",
                           "woonadres": "w9"}},
        "woningen": {"w1": {}},
        "relaties": [{"soort": "huwelijk", "personen": ["a", "zz"]}],
        "extra": 1,
    })
    assert set(found) == {
        ("RS311", "$.peildatum"), ("RS303", "$.personen.a.geboortedatm"),
        ("RS310", "$.personen.a.overig_belastbaar_inkomen"), ("RS304", "$.personen.a.woonadres"),
        ("RS306", "$.relaties[0].personen"), ("RS303", "$.extra")}
    assert found[("RS303", "$.personen.a.geboortedatm")].hint == "bedoelde u 'geboortedatum'?"


def test_a_computed_figure_given_as_input_is_rejected_with_where_it_comes_from(program):
    """A net wage is derived from the gross wage by the inkomstenbelasting; stating it as well
    would let the two disagree, so it is refused with a hint naming the definition."""
    found = problems(program, {"personen": {"a": {"netto_inkomsten_uit_arbeid": "800"}}})
    diag = found[("RS303", "$.personen.a.netto_inkomsten_uit_arbeid")]
    assert "participatiewet.netto_inkomsten_uit_arbeid" in diag.hint
    assert "geen invoer" in diag.hint


def test_amounts_in_dutch_and_json_notation_are_exact(program):
    sit = Situation.from_dict({"personen": {"a": {"overig_belastbaar_inkomen": "1.401,50"},
                                            "b": {"overig_belastbaar_inkomen": 1401.5}}}, program)
    assert sit.persons["a"]["overig_belastbaar_inkomen"] == sit.persons["b"]["overig_belastbaar_inkomen"]


def test_invalid_json_is_a_located_diagnostic(program):
    with pytest.raises(RulesError) as info:
        Situation.from_json('{"personen": {', program, source="s.json")
    (d,) = info.value.diagnostics
    assert d.code == "RS301" and d.path.startswith("s.json:1:")


def test_json_schema_accepts_valid_and_rejects_invalid_situations(program):
    import jsonschema

    from rulescore.schema import situation_schema

    schema = situation_schema(program)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    example = json.loads((Path(__file__).parents[1] / "examples" / "huishouden.json").read_text())
    assert list(validator.iter_errors(example)) == []
    bad = {"personen": {"a": {"geboortedatm": "1990-01-01"}}}
    assert [e.validator for e in validator.iter_errors(bad)] == ["additionalProperties"]
