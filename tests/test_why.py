"""``rulescore waarom`` (issue #18 §1): the conditions that decided an outcome, the
distance to each threshold, and the amount at which the decision turns."""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.reference.why import why
from rulescore.situation import Situation
from rulescore.testing.strategies import situations

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "huishouden.json"


@pytest.fixture(scope="module")
def program():
    return load_program()


def example(**ruben) -> dict:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["personen"]["ruben"].update(ruben)
    return doc


def step(answer, text):
    return next(s for s in answer.steps if s.text == text)


def test_the_vermogen_test_its_distance_and_where_it_turns(program):
    """Wzt art. 3 lid 1 (2026): with a toeslagpartner no zorgtoeslag if the joint vermogen
    exceeds € 184.633. Ruben's rendementsgrondslag € 12.000 + Sara's € 0 (Awir art. 7
    lid 1) is € 172.633 below it; above € 184.633,00, i.e. from € 184.633,01, he would
    have none (the rest of his zorgtoeslag € 1.183 does not depend on vermogen)."""
    sit = Situation.from_dict(example(), program)
    answer = why(program, sit, "zorgtoeslag.zorgtoeslag", "ruben")
    assert answer.value == "€ 1.183,00 per jaar"
    s = step(answer, "vermogen > vermogensgrens_met_partner")
    assert s.holds is False
    assert s.sides == ("€ 12.000,00", "€ 184.633,00", "€ 172.633,00")
    assert s.citation == "Wet op de zorgtoeslag artikel 3 lid 1"
    assert (s.lever.input, s.lever.owner, s.lever.then) == \
        ("rendementsgrondslag", "ruben", "€ 184.633,01")
    assert s.lever.outcome_then == "€ 0,00 per jaar"


def test_why_not_names_the_condition_that_took_it_away(program):
    """The same household with € 200.000 of vermogen: vermogen_boven_grens holds, so the
    zorgtoeslag is € 0 (Wzt art. 3 lid 1); at € 184.633,00 it would be the € 1.183 of the
    previous case again."""
    sit = Situation.from_dict(example(rendementsgrondslag="200.000,00"), program)
    answer = why(program, sit, "zorgtoeslag.zorgtoeslag", "ruben")
    assert answer.value == "€ 0,00 per jaar"
    assert step(answer, "vermogen_boven_grens").holds is True
    s = step(answer, "vermogen > vermogensgrens_met_partner")
    assert s.holds is True and s.sides[2] == "€ 15.367,00"
    assert s.lever.then == "€ 184.633,00" and s.lever.outcome_then == "€ 1.183,00 per jaar"
    # everything after the deciding condition (the premium computation) is not the reason
    assert not any(x.text.startswith("(zorgtoeslag_voor_afronding") for x in answer.steps)


def test_the_command_and_its_errors(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["waarom", str(EXAMPLE), "zorgtoeslag.zorgtoeslag",
                             "--persoon", "ruben", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    deciding = {s["voorwaarde"]: s for s in doc["beslissend"]}
    assert deciding["vermogen > vermogensgrens_met_partner"]["hefboom"]["omslag_bij"] == \
        "€ 184.633,01"
    r = runner.invoke(main, ["waarom", str(EXAMPLE), "zorgtoeslag.zorgtoeslag",
                             "--persoon", "rubn"])
    assert r.exit_code == 1 and "RS331" in r.output and "'ruben'" in r.output
    r = runner.invoke(main, ["waarom", str(EXAMPLE), "zorgtoeslag.zorgtoeslag", "--persoon",
                             "ruben"])
    assert "met rendementsgrondslag [ruben] € 184.633,01 (nu € 12.000,00) wordt dit ja" \
        in r.output


@given(st.data())
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_a_lever_turns_its_condition_exactly_there(program, data):
    """Where ``waarom`` names the amount at which a threshold turns, setting the input to
    that amount turns the condition, and one cent back towards today's value does not."""
    doc = data.draw(situations(program, max_persons=3, date=dt.date(2026, 3, 1)))
    try:
        sit = Situation.from_dict(copy.deepcopy(doc), program)
        evaluate(program, sit, outputs=("zorgtoeslag.zorgtoeslag",))
    except RulesError:
        return
    person = data.draw(st.sampled_from(sorted(sit.persons)))
    answer = why(program, sit, "zorgtoeslag.zorgtoeslag", person)
    for s in answer.steps:
        if s.lever is None:
            continue
        lv = s.lever
        target = Fraction(lv.then.removeprefix("€ ").replace(".", "").replace(",", "."))
        now = Fraction(lv.now.removeprefix("€ ").replace(".", "").replace(",", "."))
        for value, turned in ((target, True), (target + (Fraction(1, 100) if now > target
                                                         else -Fraction(1, 100)), False)):
            moved = copy.deepcopy(doc)
            moved["personen"][lv.owner][lv.input] = str(value).replace(".", ",") \
                if value.denominator == 1 else f"{float(value):.2f}".replace(".", ",")
            again = why(program, Situation.from_dict(moved, program),
                        "zorgtoeslag.zorgtoeslag", person)
            same = [x for x in again.steps if x.text == s.text and x.person == s.person]
            if same:
                assert (same[0].holds != s.holds) is turned, (s, value)
