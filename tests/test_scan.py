"""``rulescore scan`` (issue #21 §3): what a person states to receive (``ontvangt``), checked
like every input, and the outcomes he is probably entitled to but does not receive — with
the amount, why, and the facts it rests on that the rules mark ``zelf opgegeven``."""

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
from rulescore.dsl import parse
from rulescore.dsl.printer import print_regulation
from rulescore.errors import RulesError
from rulescore.scan import CLEARLY_BELOW, scan
from rulescore.situation import Situation

ZT, BIJSTAND = "zorgtoeslag.zorgtoeslag", "participatiewet.algemene_bijstand"

#: A single of 35 in 2026 without income or other means, savings € 2.000.
SINGLE = {
    "peildatum": "2026-01-01",
    "personen": {"sara": {
        "geboortedatum": "1990-05-01", "woonadres": "w1", "zorgverzekerd": True,
        "student": False, "overige_netto_middelen": 0, "bezittingen": "2.000,00",
        "schulden": 0, "rendementsgrondslag": "2.000,00", "onverzekerde_jaren": 0,
        "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen",
                 "inkomen_box_2_en_3"]}},
    "woningen": {"w1": {}},
}

#: Wzt art. 2 lid 1–2 (2026): zorgtoeslag = standaardpremie − normpremie; with a
#: toetsingsinkomen not above the drempelinkomen (she has none; a bijstand of about
#: € 17.000 a year gross would be below it too) normpremie = 1,912% × drempelinkomen.
#: Drempelinkomen (art. 1 lid 1 f) = 108% × 12 × Wml jan 2026 € 2.294,40 = € 29.735,424.
#: 1,912% × 29.735,424 = 568,54; 2.119 (standaardpremie 2026) − 568,54 = 1.550,46;
#: rounded to whole euros (Awir art. 14 lid 4): € 1.550 per jaar = € 129,166… per maand.
ZORGTOESLAG_PER_MONTH = Fraction(1550, 12)
#: PW art. 21 onderdeel a (norm 2026-01-01): alleenstaande 21+ € 1.401,50 per maand; no
#: means (art. 31), bezittingen € 2.000 below the vermogensgrens (art. 34).
BIJSTAND_PER_MONTH = Fraction("1401.50")


def single(**received) -> dict:
    doc = copy.deepcopy(SINGLE)
    doc["personen"]["sara"]["ontvangt"] = received
    return doc


def run(program, doc):
    return scan(program, Situation.from_dict(doc, program))


def test_bijstand_without_zorgtoeslag_finds_the_zorgtoeslag(program):
    found = run(program, single(**{BIJSTAND: "1.401,50", ZT: "nee"}))
    (f,) = found.findings
    assert (f.person, f.outcome, f.received) == ("sara", ZT, False)
    assert f.computed_compared == ZORGTOESLAG_PER_MONTH and f.monthly
    assert f.computed == "€ 1.550,00 per jaar"
    assert f.shortfall == ZORGTOESLAG_PER_MONTH
    # why: the waarom walk, e.g. the vermogen test of Wzt art. 3 lid 1 that did not hold
    assert any(s.text == "vermogen_boven_grens" and not s.holds for s in f.why.steps)
    # Wzt art. 3 reads the rendementsgrondslag (registered by the Belastingdienst), not
    # the self-reported bezittingen of the Participatiewet
    assert f.facts == ()


def test_bijstand_not_received_rests_on_the_self_reported_vermogen(program):
    found = run(program, single(**{BIJSTAND: "nee", ZT: "129"}))
    (f,) = found.findings
    assert f.outcome == BIJSTAND and f.computed_compared == BIJSTAND_PER_MONTH
    # PW art. 34 lid 1 a: the vermogen is bezittingen minus schulden, both stated by her
    assert {(x.input, x.owner, x.stated) for x in f.facts} == {
        ("bezittingen", "sara", True), ("schulden", "sara", True)}


def test_a_household_that_receives_everything_has_no_finding(program):
    # € 129 a month is the zorgtoeslag of € 1.550 a year paid as the Dienst pays it
    # (monthly, rounded down): not clearly below € 129,17
    found = run(program, single(**{BIJSTAND: "1.401,50", ZT: "129,00"}))
    assert found.findings == ()
    assert "geen recht gevonden" in found.render()


def test_an_amount_clearly_below_the_computed_one_is_a_finding(program):
    # € 100 < 90% of € 129,17 (= € 116,25): clearly below
    (f,) = run(program, single(**{BIJSTAND: "ja", ZT: 100})).findings
    assert f.outcome == ZT and f.shortfall == ZORGTOESLAG_PER_MONTH - 100
    assert f.to_dict()["verschil_weergave"] == "≈ € 29,17 per maand"


def test_one_euro_is_an_amount_not_ja(program):
    # (Fraction(1) == True in Python: € 1 a month must not read as "receives it")
    (f,) = run(program, single(**{BIJSTAND: "ja", ZT: 1})).findings
    assert f.outcome == ZT and f.received == 1 and f.received is not True


def test_outcomes_not_stated_are_listed_not_judged(program):
    found = run(program, single(**{ZT: "ja"}))
    assert found.findings == () and found.compared == 1
    assert BIJSTAND in found.not_stated["sara"]
    nothing = run(program, single())
    assert nothing.compared == 0 and "niets vergeleken" in nothing.render()


@pytest.mark.parametrize("received, code, path", [
    ({"zorgtoeslag.zorgtoesla": "nee"}, "RS355", '$.personen.sara.ontvangt["zorgtoeslag.zorgtoesla"]'),
    ({"zorgtoeslag": "nee"}, "RS355", '$.personen.sara.ontvangt["zorgtoeslag"]'),
    ({ZT: "veel"}, "RS310", f'$.personen.sara.ontvangt["{ZT}"]'),
    ({ZT: -5}, "RS356", f'$.personen.sara.ontvangt["{ZT}"]'),
    ({ZT: [1]}, "RS356", f'$.personen.sara.ontvangt["{ZT}"]'),
    ({ZT: "1.460"}, "RS314", f'$.personen.sara.ontvangt["{ZT}"]'),
])
def test_a_bad_ontvangt_is_a_located_diagnostic(program, received, code, path):
    with pytest.raises(RulesError) as info:
        Situation.from_dict(single(**received), program)
    (d,) = info.value.diagnostics
    assert (d.code, d.path) == (code, path)
    if code == "RS355":
        assert "zorgtoeslag.zorgtoeslag" in d.hint


def test_ontvangt_not_an_object(program):
    doc = single()
    doc["personen"]["sara"]["ontvangt"] = "nee"
    with pytest.raises(RulesError) as info:
        Situation.from_dict(doc, program)
    assert [d.code for d in info.value.diagnostics] == ["RS356"]


def test_schema_and_loader_agree_on_ontvangt(program):
    import jsonschema

    from rulescore.schema import situation_schema

    validator = jsonschema.Draft202012Validator(situation_schema(program))
    for value in ["nee", "ja", " Ja", "NEE", True, 0, 154, "154,00", "1.401,50", 12.5, -5,
                  "veel", [1], None, {"2026-01": 5}]:
        doc = single(**{ZT: value})
        schema_ok = not list(validator.iter_errors(doc))
        try:
            Situation.from_dict(doc, program)
            loader_ok = True
        except RulesError:
            loader_ok = False
        assert schema_ok == loader_ok, value
    assert list(validator.iter_errors(single(**{"zorgtoeslag.zorgtoesla": "nee"})))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.just("nee"), st.integers(0, 2000)),
       st.one_of(st.just("nee"), st.integers(0, 300)))
def test_every_finding_is_computed_above_received(program, bijstand, zt):
    found = run(program, single(**{BIJSTAND: bijstand, ZT: zt}))
    stated = {BIJSTAND: bijstand, ZT: zt}
    reported = {f.outcome for f in found.findings}
    for f in found.findings:
        received = Fraction(0) if f.received is False else f.received
        assert f.computed_compared > received
        assert received < CLEARLY_BELOW * f.computed_compared
    for name, computed in ((BIJSTAND, BIJSTAND_PER_MONTH), (ZT, ZORGTOESLAG_PER_MONTH)):
        received = 0 if stated[name] == "nee" else stated[name]
        assert (name in reported) == (received < CLEARLY_BELOW * computed)


def test_cli_text_and_json(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(single(**{BIJSTAND: "1.401,50", ZT: "nee"})), encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(main, ["scan", str(path)])
    assert text.exit_code == 0, text.output
    assert "sara: zorgtoeslag.zorgtoeslag (Wet op de zorgtoeslag)" in text.output
    assert "berekend € 1.550,00 per jaar" in text.output
    out = runner.invoke(main, ["scan", str(path), "--format", "json"])
    doc = json.loads(out.output)
    (item,) = doc["gevonden"]
    assert item["uitkomst"] == ZT and item["ontvangt"] == "nee"
    assert Fraction(item["berekend_vergeleken"]) == ZORGTOESLAG_PER_MONTH


def test_cli_renders_a_user_error(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(single(**{"zorgtoeslag.zorgtoesla": "nee"})), encoding="utf-8")
    out = CliRunner().invoke(main, ["scan", str(path)])
    assert out.exit_code == 1 and "RS355" in out.output and "Traceback" not in out.output


RULES = '''regeling proef "Proef"

invoer spaargeld: bedrag van persoon
  bron artikel 2
  zelf opgegeven
  domein niet negatief

invoer loon: bedrag van persoon
  bron artikel 3
'''


def test_zelf_opgegeven_is_read_and_printed():
    reg = parse(RULES, "proef.rules")
    inputs = {i.name: i.self_reported for i in reg.items}
    assert inputs == {"spaargeld": True, "loon": False}
    assert "  zelf opgegeven\n" in print_regulation(reg)


def test_the_bundled_self_reported_inputs(program):
    marked = {n for n, s in program.inputs().items() if s.decl.self_reported}
    assert {"bezittingen", "schulden", "geschat_toetsingsinkomen"} <= marked
    assert "rendementsgrondslag" not in marked and "geboortedatum" not in marked


def test_a_joint_entitlement_is_one_claim(program):
    """Wkb art. 2 with Awir art. 3: the kindgebonden budget of toeslagpartners is one claim
    (``gezamenlijk met toeslagpartners``): judged once, on what either partner states."""
    doc = json.loads((Path(__file__).parents[1] / "examples" / "huishouden.json").read_text())
    kgb = "kindgebonden_budget.kindgebonden_budget"
    doc["personen"]["sara"]["ontvangt"] = {kgb: "nee"}
    found = scan(program, Situation.from_dict(doc, program))
    (f,) = [f for f in found.findings if f.outcome == kgb]
    assert {f.person, *f.joint_with} == {"sara", "ruben"}
    assert all(kgb not in o for o in found.not_stated.values())
    doc["personen"]["ruben"]["ontvangt"] = {kgb: "ja"}  # he receives it for both
    found = scan(program, Situation.from_dict(doc, program))
    assert [f for f in found.findings if f.outcome == kgb] == []


def test_inputs_lists_which_are_self_reported(program):
    from rulescore.inputs import needed_inputs

    rows = {r["naam"]: r for r in needed_inputs(program, "participatiewet")}
    assert rows["bezittingen"]["zelf_opgegeven"] is True
    assert rows["geboortedatum"]["zelf_opgegeven"] is False
