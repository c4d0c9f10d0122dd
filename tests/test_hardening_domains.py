"""Hardening: input domains, impossible households, legal defaults and missing inputs.

Each test is the small reproducer of one item of the hardening issue (§1): it failed
before the fix and passes after it.
"""

import copy
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from rulescore.batch.run import evaluate_batch
from rulescore.batch.io import read_households
from rulescore.cli import main
from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.dsl.printer import print_regulation
from rulescore.errors import RulesError
from rulescore.reference.explanation import explain
from rulescore.batch.population import Population
from rulescore.reference.results import evaluate
from rulescore.schema import situation_schema
from rulescore.situation import Situation

EXAMPLE = Path(__file__).parents[1] / "examples" / "huishouden.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text())


def problems(program, doc) -> dict:
    with pytest.raises(RulesError) as info:
        Situation.from_dict(doc, program)
    return {(d.code, d.path): d for d in info.value.diagnostics}


def evaluation_problems(program, doc, date=None) -> dict:
    with pytest.raises(RulesError) as info:
        evaluate(program, Situation.from_dict(doc, program), date)
    return {(d.code, d.path): d for d in info.value.diagnostics}


# ------------------------------------------------------------------ domains (loader)

def test_negative_uninsured_years_are_refused_not_a_120_percent_aow(program):
    """AOW art. 13 lid 1: 2% korting per uninsured year of the 50; -10 years once gave 120%."""
    doc = example()
    doc["personen"]["sara"]["onverzekerde_jaren"] = -10
    doc["personen"]["ruben"]["onverzekerde_jaren"] = 51
    found = problems(program, doc)
    assert set(found) == {("RS350", "$.personen.sara.onverzekerde_jaren"),
                          ("RS350", "$.personen.ruben.onverzekerde_jaren")}
    assert "tussen 0 en 50" in found[("RS350", "$.personen.sara.onverzekerde_jaren")].message


def test_every_value_outside_its_domain_is_reported_at_once(program):
    doc = example()
    doc["personen"]["sara"]["bezittingen"] = "-2.500,00"
    doc["personen"]["noor"]["schulden"] = -1
    doc["woningen"]["w1"]["subsidiabele_servicekosten"] = "48,01"  # Wht art. 5 lid 3: 4 x € 12
    doc["woningen"]["w1"]["huurprijs"] = -700
    assert set(problems(program, doc)) == {
        ("RS350", "$.personen.sara.bezittingen"), ("RS350", "$.personen.noor.schulden"),
        ("RS350", "$.woningen.w1.subsidiabele_servicekosten"),
        ("RS350", "$.woningen.w1.huurprijs")}


def test_the_bounds_themselves_are_in_the_domain(program):
    doc = example()
    doc["personen"]["sara"]["onverzekerde_jaren"] = 50
    doc["woningen"]["w1"]["subsidiabele_servicekosten"] = 48
    Situation.from_dict(doc, program)  # no error


def test_schema_gives_domains_as_minimum_and_maximum(program):
    import jsonschema

    schema = situation_schema(program)
    facts = schema["properties"]["personen"]["additionalProperties"]["properties"]
    number = facts["onverzekerde_jaren"]["oneOf"][0]
    assert (number["minimum"], number["maximum"]) == (0, 50)
    assert facts["bezittingen"]["oneOf"][0]["minimum"] == 0
    doc = example()
    jsonschema.validate(doc, schema)
    doc["personen"]["sara"]["onverzekerde_jaren"] = -10
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
    doc["personen"]["sara"]["onverzekerde_jaren"] = "-10"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


# ------------------------------------------------------------------ domains (language)

HEADER = """regeling t "Testwet"
  bwb BWBR0000001
"""


def rules_diagnostics(body: str) -> list:
    with pytest.raises(RulesError) as info:
        check([parse(HEADER + body, "t.rules")])
    return [d.code for d in info.value.diagnostics]


def test_a_domain_must_fit_the_type_and_not_be_empty():
    assert rules_diagnostics("invoer d: datum van persoon\n  domein niet negatief\n") == ["RS290"]
    assert rules_diagnostics("invoer n: getal van persoon\n  domein niet na peildatum\n") == ["RS290"]
    assert rules_diagnostics("invoer b: bedrag van persoon\n  domein tussen 0 en 5\n") == [
        "RS290", "RS290"]  # amounts are written with €
    assert rules_diagnostics("invoer n: getal van persoon\n  domein tussen 50 en 0\n") == ["RS291"]


def test_a_default_needs_its_grounds_and_must_fit_the_domain():
    assert rules_diagnostics("invoer j: ja/nee van persoon\n  standaard nee\n") == ["RS292"]
    assert rules_diagnostics("invoer n: getal van persoon\n  domein tussen 1 en 5\n"
                             "  standaard 0\n    bron artikel 3\n") == ["RS293"]
    assert rules_diagnostics("invoer n: getal van persoon\n  standaard ja\n"
                             "    aanname \"x\"\n") == ["RS294"]
    check([parse(HEADER + "invoer j: ja/nee van persoon\n  standaard nee\n    bron artikel 4\n",
                 "t.rules")])  # with its grounds: fine


def test_a_keuze_default_is_one_of_its_values_written_bare_or_quoted_as_in_a_worked_case():
    keuze = "keuze soort: geen, dagopvang\n  aanname \"x\"\n"
    invoer = "invoer s: soort van persoon\n  aanname \"x\"\n  standaard {}\n    aanname \"x\"\n"
    assert rules_diagnostics(keuze + invoer.format('"dagopvnag"')) == ["RS294"]
    assert rules_diagnostics(keuze + invoer.format("dagopvnag")) == ["RS294"]
    with pytest.raises(RulesError) as info:
        check([parse(HEADER + keuze + invoer.format("dagopvnag"), "t.rules")])
    assert "bedoelde u 'dagopvang'" in info.value.diagnostics[0].hint
    bare, quoted = (parse(HEADER + keuze + invoer.format(v), "t.rules")
                    for v in ("dagopvang", '"dagopvang"'))
    defaults = [[i.default for i in r.items if hasattr(i, "default")] for r in (bare, quoted)]
    assert defaults[0] == defaults[1] and [d.value for d in defaults[0]] == ["dagopvang"]
    check([bare])


def test_zonder_kringen_is_for_directed_relations():
    assert rules_diagnostics("relatie r wederzijds zonder kringen\n") == ["RS295"]


def test_domains_defaults_and_kringen_round_trip():
    text = HEADER + """
invoer jaren: getal van persoon
  bron artikel 1
  domein tussen 0 en 50

invoer geld: bedrag per maand van persoon
  domein tussen € 0 en € 48 per maand

invoer gd: datum van persoon
  domein niet na peildatum

invoer j: ja/nee van persoon
  standaard nee
    bron artikel 2 lid 1
    aanname "x"

relatie ouder gericht zonder kringen
"""
    reg = parse(text, "t.rules")
    assert parse(print_regulation(reg), "t.rules") == reg
    assert reg.items[1].domain.high.value == Fraction(48)


# ------------------------------------------------------------------ impossible households

def test_an_unborn_person_is_refused_on_load(program):
    doc = example()
    doc["personen"]["noor"]["geboortedatum"] = "2026-03-02"  # the day after the peildatum
    assert set(problems(program, doc)) == {("RS351", "$.personen.noor.geboortedatum")}


def test_an_unborn_person_is_refused_on_an_earlier_datum_by_both_evaluators(program, tmp_path):
    sit = Situation.from_dict(example(), program)  # noor born 2017-09-12
    date = dt.date(2017, 1, 1)
    with pytest.raises(RulesError) as info:
        evaluate(program, sit, date)
    assert [(d.code, d.path) for d in info.value.diagnostics] == [
        ("RS351", "$.personen.noor.geboortedatum")]
    batch = evaluate_batch(program, Population.from_situations([sit, sit], program), date)
    assert sorted(batch.errors) == [0, 1]
    assert [d.path for d in batch.errors[0].diagnostics] == ["$.personen.noor.geboortedatum"]
    lines = tmp_path / "h.jsonl"
    lines.write_text(json.dumps(example()) + "\n")
    with pytest.raises(RulesError) as info:
        read_households(str(lines), program, date)
    assert [d.code for d in info.value.diagnostics] == ["RS351"]
    assert info.value.diagnostics[0].path.endswith(":1 $.personen.noor.geboortedatum")


def test_cyclic_parent_relations_are_refused(program):
    doc = example()
    doc["relaties"].append({"soort": "ouder_van", "personen": ["noor", "sara"]})
    found = problems(program, doc)
    assert set(found) == {("RS354", "$.relaties[0]")}
    assert "noor → sara → noor" in found[("RS354", "$.relaties[0]")].message
    doc = example()
    doc["relaties"] += [{"soort": "ouder_van", "personen": ["noor", "ruben"]},
                        {"soort": "ouder_van", "personen": ["ruben", "sara"]}]
    assert set(problems(program, doc)) == {("RS354", "$.relaties[0]")}


def test_a_person_without_woonadres_gets_one_located_diagnostic_no_false_rs407(program):
    doc = example()
    del doc["personen"]["noor"]["woonadres"]
    found = evaluation_problems(program, doc)
    assert set(found) == {("RS321", "$.personen.noor.woonadres")}


def test_the_same_relation_twice_is_refused_also_when_written_the_other_way(program):
    doc = example()
    doc["relaties"] += [{"soort": "huwelijk", "personen": ["sara", "ruben"]},
                        {"soort": "huwelijk", "personen": ["ruben", "sara"]}]
    assert ("RS308", "$.relaties[2]") in problems(program, doc)


def test_a_worked_case_with_a_person_or_fact_twice_is_refused():
    body = """invoer geboortedatum: datum van persoon
uitkomst x: getal = 1
voorbeeld "dubbel"
  peildatum 1 januari 2026
  persoon a geboortedatum 1 mei 1990 geboortedatum 1 mei 1991
  persoon a
  verwacht x voor a = 1
"""
    assert sorted(rules_diagnostics(body)) == ["RS296", "RS297"]


# ------------------------------------------------------------------ legal defaults

def zorgtoeslag_doc() -> dict:
    return {"peildatum": "2026-01-01",
            "personen": {"anna": {"geboortedatum": "1990-05-01", "woonadres": "w1",
                                  "zorgverzekerd": True, "rendementsgrondslag": 0,
                                  "overig_belastbaar_inkomen": 35000}},
            "woningen": {"w1": {}}}


def test_a_missing_income_is_an_error_not_a_silent_zero(program):
    """Omitting an income once moved a zorgtoeslag by € 1.780; now it is asked for."""
    found = evaluation_problems(program, zorgtoeslag_doc())
    assert {("RS321", "$.personen.anna.loon_uit_dienstbetrekking"),
            ("RS321", "$.personen.anna.inkomen_box_2_en_3")} <= set(found)


def test_geen_states_no_income_compactly(program):
    """Wzt art. 2: normpremie 1,912% x € 29.736 + 13,73% x (€ 35.000 - € 29.736) =
    € 568,55 + € 722,75 = € 1.291,30; standaardpremie 2026 € 2.119 - € 1.291,30 = € 827,70,
    afgerond € 828 (art. 14 lid 4). Loon and box 2/3 stated as none."""
    doc = zorgtoeslag_doc()
    doc["personen"]["anna"]["geen"] = ["loon_uit_dienstbetrekking", "inkomen_box_2_en_3"]
    sit = Situation.from_dict(doc, program)
    result = evaluate(program, sit, outputs=("zorgtoeslag.zorgtoeslag",))
    assert result.value("zorgtoeslag.zorgtoeslag", "anna") == 828
    assert sit.persons["anna"]["inkomen_box_2_en_3"] == 0


def test_geen_is_checked(program):
    doc = zorgtoeslag_doc()
    doc["personen"]["anna"]["geen"] = ["overig_belastbaar_inkomen", "loonn", "zorgverzekerd",
                                      "schulden", "schulden"]
    assert set(problems(program, doc)) == {
        ("RS353", "$.personen.anna.geen[0]"), ("RS352", "$.personen.anna.geen[1]"),
        ("RS352", "$.personen.anna.geen[2]"), ("RS353", "$.personen.anna.geen[4]")}
    doc["personen"]["anna"]["geen"] = "loon_uit_dienstbetrekking"
    assert set(problems(program, doc)) == {("RS352", "$.personen.anna.geen")}


def test_every_used_default_is_listed_per_person_and_input(program):
    result = evaluate(program, Situation.from_dict(example(), program), trace=True)
    used = result.to_dict()["standaardwaarden"]
    assert set(used) == {"sara", "noor", "ruben"}
    vrijlating = used["sara"]["toegekende_vrijlating"]
    assert vrijlating["weergave"] == "geen"
    assert vrijlating["grond"] == ["BWBR0015703 artikel 31 lid 2 onderdeel n"]
    assert used["ruben"]["huurder"]["grond"][0].startswith("aanname: ")
    # a stated fact is not a default
    doc = example()
    doc["personen"]["sara"]["huurder"] = False
    stated = evaluate(program, Situation.from_dict(doc, program)).to_dict()["standaardwaarden"]
    assert "huurder" not in stated["sara"]


def test_used_defaults_in_the_table_and_in_explain(program):
    res = CliRunner().invoke(main, ["evaluate", str(EXAMPLE)], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "gebruikte standaardwaarden" in res.output
    assert "toegekende_vrijlating" in res.output
    ctx = evaluate(program, Situation.from_dict(example(), program), trace=True).context
    text = explain(ctx, "participatiewet.algemene_bijstand", "sara").render()
    assert "toegekende_vrijlating [sara] = geen" in text
    assert "wettelijke standaardwaarde" in text


def test_no_bundled_default_without_grounds(program):
    for name, sym in program.inputs().items():
        if sym.decl.default is not None:
            grounds = sym.decl.default_meta
            assert grounds.citations or grounds.aannames, name
            # An amount never defaults, except an event a situation names in the month it
            # happens, € 0 in every other month: a back-payment (nabetaling_…) or a recovery
            # decision (terugvordering_…), docs/time.rst.
            if not name.startswith(("nabetaling_", "terugvordering_")):
                assert sym.type.display != "bedrag", f"{name}: an amount never defaults"


# ------------------------------------------------------------------ missing inputs

MISSING_RULES = HEADER + """
invoer a_in: ja/nee van persoon
invoer b_in: ja/nee van persoon
invoer x: bedrag van persoon
invoer y: bedrag van persoon
uitkomst u: bedrag = als a_in dan x anders y
uitkomst v: ja/nee = a_in of b_in
uitkomst w: ja/nee = a_in en b_in
uitkomst z: bedrag = als a_in dan x anders onbeslist "niet geregeld"
uitkomst s: ja/nee = (a_in of b_in) en alle(p in iedereen: p.b_in)
"""


@pytest.fixture(scope="module")
def small():
    return check([parse(MISSING_RULES, "t.rules")])


def missing(program, facts, outputs):
    sit = Situation.from_dict({"peildatum": "2026-01-01", "personen": {"a": facts}}, program)
    with pytest.raises(RulesError) as info:
        evaluate(program, sit, outputs=outputs)
    return sorted((d.code, d.path) for d in info.value.diagnostics)


def test_only_the_taken_branch_reports_missing_inputs(small):
    assert missing(small, {"a_in": True}, ("t.u",)) == [("RS321", "$.personen.a.x")]
    assert missing(small, {"a_in": False}, ("t.u",)) == [("RS321", "$.personen.a.y")]


def test_an_unknown_condition_reports_the_condition_not_the_branches(small):
    assert missing(small, {}, ("t.u",)) == [("RS321", "$.personen.a.a_in")]
    # the branch not (yet) known to be taken must not report RS407 either
    assert missing(small, {}, ("t.z",)) == [("RS321", "$.personen.a.a_in")]


def test_a_short_circuit_does_not_need_the_unknown_operand(small):
    sit = Situation.from_dict({"personen": {"a": {"b_in": True}}}, small)
    assert evaluate(small, sit, dt.date(2026, 1, 1), outputs=("t.v",)).value("t.v", "a") is True
    sit = Situation.from_dict({"personen": {"a": {"b_in": False}}}, small)
    assert evaluate(small, sit, dt.date(2026, 1, 1), outputs=("t.w",)).value("t.w", "a") is False
    # (a of b) decided by b; the conjunction still needs every member's b_in
    doc = {"peildatum": "2026-01-01", "personen": {"a": {"b_in": True}, "c": {}}}
    with pytest.raises(RulesError) as info:
        evaluate(small, Situation.from_dict(doc, small), outputs=("t.s",))
    assert sorted(d.path for d in info.value.diagnostics) == ["$.personen.c.a_in",
                                                              "$.personen.c.b_in"]


def test_the_batch_follows_the_same_semantics(small):
    docs = [{"personen": {"a": {"b_in": True}}}, {"personen": {"a": {"a_in": True, "x": 5}}},
            {"personen": {"a": {}}}]
    sits = [Situation.from_dict(d, small) for d in docs]
    date = dt.date(2026, 1, 1)
    batch = evaluate_batch(small, Population.from_situations(sits, small), date,
                           outputs=("t.v", "t.u"))
    assert sorted(batch.errors) == [0, 2]  # 0: u needs a_in; 2: u and v need a_in, v b_in
    assert batch.values["t.v"][0]  # ja although a_in is missing
    assert batch.values["t.u"][1] == 500
    assert sorted(d.path for d in batch.errors[2].diagnostics) == ["$.personen.a.a_in",
                                                                   "$.personen.a.b_in"]
    one = evaluate_batch(small, Population.from_situations(sits[:1], small), date,
                         outputs=("t.v",))
    assert one.errors == {} and one.values["t.v"][0]


def test_geen_is_the_same_as_stating_each_amount_as_zero(program):
    """The README example states its absent incomes with 'geen': the same outcomes as
    writing each of them as 0, and leaving one out is reported."""
    stated = example()
    for facts in stated["personen"].values():
        for name in facts.pop("geen"):
            facts[name] = 0
    a = evaluate(program, Situation.from_dict(example(), program)).values
    b = evaluate(program, Situation.from_dict(stated, program)).values
    assert a == b
    reduced = copy.deepcopy(example())
    reduced["personen"]["ruben"]["geen"].remove("inkomen_box_2_en_3")
    found = evaluation_problems(program, reduced)
    assert ("RS321", "$.personen.ruben.inkomen_box_2_en_3") in found
