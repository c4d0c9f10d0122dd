"""``gezamenlijk met …``: a joint entitlement is shown once, with whom it is joint, and the
clause is true — every bundled one names persons who get exactly the same value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from rulescore.dsl import parse
from rulescore.errors import RulesError
from rulescore.dsl.printer import print_regulation
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.result_tables import snapshot_tables
from rulescore.situation import Situation
from rulescore.testing import situations

EXAMPLES = Path(__file__).parent.parent / "examples"
PROGRAM = load_program()
JOINT = [q for q in PROGRAM.outputs if PROGRAM.joint_with(q) is not None]


def test_the_bundled_joint_entitlements():
    # (zorgtoeslag and bijstand: joint only when both are entitled, Wzt art. 2 lid 4, PW art. 24)
    # Wzt art. 2 / Awir art. 3 (toeslagpartner), WKB art. 2, Wko art. 1.5 lid 3, Wht art. 1a
    # lid 3 (partner op het adres), PW art. 11 and 19 (gehuwden: één recht)
    # (the zorgtoeslag is per month since Awir art. 3 lid 3: a partner for part of the year
    # makes the two year amounts differ, so it is not one joint year amount)
    assert set(JOINT) == {"kindgebonden_budget.kindgebonden_budget",
                          "kinderopvangtoeslag.kinderopvangtoeslag",
                          "kinderopvangtoeslag.kosten_kinderopvang_huishouden",
                          "huurtoeslag.huurtoeslag", "participatiewet.algemene_bijstand"}


def check_clauses_hold(result):
    for qual in JOINT:
        for person in result.situation.person_ids:
            if (qual, person) not in result.values:
                continue
            for other in result.joint_with(qual, person):
                assert result.values[(qual, other)] == result.values[(qual, person)], \
                    (qual, person, other)
                assert person in result.joint_with(qual, other), (qual, person, other)


@pytest.mark.parametrize("name", ["huishouden.json", "alleenstaande_ouder_kinderopvang.json"])
def test_the_clauses_hold_in_the_examples(name):
    sit = Situation.from_json((EXAMPLES / name).read_text(encoding="utf-8"), PROGRAM)
    check_clauses_hold(evaluate(PROGRAM, sit))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(PROGRAM, with_partner=True))
def test_the_clauses_hold_for_any_couple(doc):
    sit = Situation.from_dict(doc, PROGRAM)
    try:
        result = evaluate(PROGRAM, sit)
    except RulesError as exc:  # a case the law leaves open (RS407): nothing to compare
        assume(all(d.code == "RS407" for d in exc.diagnostics) and False)
        raise
    check_clauses_hold(result)


def test_a_joint_entitlement_is_shown_once_with_whom():
    # examples/huishouden.json: ruben and sara are toeslagpartners (Awir art. 3 lid 2 e: a
    # minor child of one of them on the address); their zorgtoeslag is one amount
    sit = Situation.from_json((EXAMPLES / "huishouden.json").read_text(encoding="utf-8"),
                              PROGRAM)
    doc = json.loads(evaluate(PROGRAM, sit).to_json())
    ruben = doc["personen"]["ruben"]["kindgebonden_budget"][
        "kindgebonden_budget.kindgebonden_budget"]
    assert ruben["gezamenlijk_met"] == ["sara"]
    assert "gezamenlijk_met" not in doc["personen"]["ruben"]["inkomstenbelasting"][
        "inkomstenbelasting.netto_inkomen"]
    from rich.console import Console

    console = Console(width=80, record=True)
    for part in snapshot_tables(doc):
        console.print(part)
    text = console.export_text()
    import re

    # the regulation's row and its one outcome, in the joint table only (not per person)
    assert len(re.findall(r"│\s+kindgebonden_budget\s+│", text)) == 2
    assert "van ruben en sara" in text
    assert text.index("gezamenlijke aanspraken") < text.index("ruben op")


def test_the_clause_prints_back_as_written():
    source = (Path(__file__).parent.parent / "plugins" / "participatiewet"
              / "participatiewet.rules").read_text(encoding="utf-8")
    reg = parse(source, "participatiewet.rules")
    again = parse(print_regulation(reg), "opnieuw.rules")
    (out,) = [i for i in again.items if getattr(i, "name", None) == "algemene_bijstand"
              and hasattr(i, "versions")]
    assert out.meta.gezamenlijk.dotted == "deelgenoten"


def test_a_range_marks_a_joint_entitlement_in_the_periods_it_is_joint(tmp_path):
    """#18: over a range the marker is per period. Anna and Bart, both 21+, no means, no
    income; married on 1 June 2026, living apart before. Each alone: PW art. 21 onder a
    (2026-01-01) € 1.401,50, hers alone; married: art. 21 onder b € 2.002,13, one joint
    right of the two (art. 11, 24: the bijstand of gehuwden). The evaluate screen shows the
    joint months once, "van anna en bart", and the months before under each of them."""
    import json as _json
    from click.testing import CliRunner
    from rulescore.cli import main as cli

    none = {"student": False, "overige_netto_middelen": "0", "bezittingen": "0",
            "schulden": "0", "rendementsgrondslag": "0", "zorgverzekerd": True,
            "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen",
                     "inkomen_box_2_en_3"]}
    doc = {"van": "2026-01", "tot": "2026-06", "peildatum": "2026-01-01",
           "woningen": {"w1": {}, "w2": {}},
           "personen": {"anna": {"geboortedatum": "1990-05-01", "woonadres": "w1", **none},
                        "bart": {"geboortedatum": "1988-07-03", **none, "woonadres": [
                            {"tot": "2026-06", "waarde": "w2"},
                            {"vanaf": "2026-06", "waarde": "w1"}]}},
           "relaties": [{"soort": "huwelijk", "personen": ["anna", "bart"],
                         "vanaf": "2026-06-01"}]}
    path = tmp_path / "paar.json"
    path.write_text(_json.dumps(doc), encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", str(path), "--van", "2026-01", "--tot", "2026-06",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    cells = _json.loads(res.output)["personen"]["anna"]["participatiewet"][
        "participatiewet.algemene_bijstand"]["perioden"]
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"):
        assert cells[month]["waarde"] == "1401.5" and "gezamenlijk_met" not in cells[month]
    assert cells["2026-06"]["waarde"] == "2002.13"
    assert cells["2026-06"]["gezamenlijk_met"] == ["bart"]
    screen = CliRunner().invoke(cli, ["evaluate", str(path), "--van", "2026-01", "--tot",
                                      "2026-06"], env={"COLUMNS": "100"}).output
    joint, _, rest = screen.partition("anna, 2026-01 t/m 2026-06")
    assert "gezamenlijke aanspraken" in joint and "van anna en bart" in joint
    assert "€ 2.002,13 per maand" in joint
    lines = rest.splitlines()
    for n, line in enumerate(lines):  # under each of them only the months alone
        if "algemene_bijstand" in line:
            assert "2026-01 t/m 2026-05" in line and "€ 1.401,50 per maand" in line
            assert "bijstandsnorm" in lines[n + 1]  # no further run of the bijstand
    assert sum("algemene_bijstand" in line for line in lines) == 2  # hers and his
