"""The verblijfsstatus over time (Awir art. 9, Vw 2000 art. 8, 10, 11) and the planned Awir
change that a decision about it counts for the toeslagen only from its date
(examples/scenarios/verblijf_vanaf_besluit.scenario, docs/time.rst "Later bekend:
besluitdatum"): the zorgtoeslag per month worked by hand, current law against the scenario."""

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.periods import Period, parse_month as M
from rulescore.plugins import load_program
from rulescore.reference.ranges import evaluate_range
from rulescore.situation import Situation

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "verblijf_besluit.json"
SCENARIO = ROOT / "examples" / "scenarios" / "verblijf_vanaf_besluit.scenario"
OUTS = ("zorgtoeslag.aanspraak_van_de_maand", "zorgtoeslag.zorgtoeslag")
YEAR = Period(dt.date(2026, 1, 1), 12)

# Amir, alleenstaand, verzekerd, € 2.000 loon a month: toetsingsinkomen 12 x 2.000 = 24.000
# (Awir art. 8 lid 1), under the drempelinkomen 29.736, so the normpremie is 1,912% x 29.736 =
# 568,55232 (Wzt art. 2 lid 2 and 3) and the year amount 2.119 - 568,55232 = 1.550,44768
# (art. 2 lid 1); a month with aanspraak is a twelfth of it (art. 2 lid 5, the rules' reading):
YEAR_AMOUNT = Fraction("1550.44768")
MONTH = YEAR_AMOUNT / 12  # 129,2039733…


@pytest.fixture(scope="module")
def scenario_program():
    return load_program(scenario=SCENARIO)


def month(n: int) -> Period:
    return Period(dt.date(2026, n, 1), 1)


def amir(status: list) -> dict:
    return {"peildatum": "2026-01-01", "van": "2026-01", "tot": "2026-12", "woningen": {"w1": {}},
            "personen": {"amir": {
                "geboortedatum": "1990-05-01", "woonadres": "w1", "zorgverzekerd": True,
                "rendementsgrondslag": 0, "inkomen_box_2_en_3": 0, "overig_belastbaar_inkomen": 0,
                "loon_uit_dienstbetrekking": 2000, "vreemdeling": True,
                "rechtmatig_verblijf": status}}}


def over_2026(program, doc: dict) -> tuple[list, Fraction]:
    """The zorgtoeslag's share of each month of 2026 and the year amount."""
    sit = Situation.from_dict(doc, program)
    v = evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=OUTS).values
    return ([v[(OUTS[0], "amir", month(n))] for n in range(1, 13)], v[(OUTS[1], "amir", YEAR)])


# a verblijfsvergunning regulier (Vw art. 8 onder a) from 1 March, decided by the IND on 15 June;
# before it a stay awaiting the decision (onder f), which gives no aanspraak (Vw art. 11 lid 2)
GRANTED = [{"waarde": "onderdeel_f"},
           {"vanaf": "2026-03-01", "waarde": "onderdeel_a", "besluit": "2026-06-15"}]
# a verblijfsvergunning withdrawn from 1 March (no rechtmatig verblijf left), decided 15 June
WITHDRAWN = [{"waarde": "onderdeel_a"},
             {"vanaf": "2026-03-01", "waarde": "geen", "besluit": "2026-06-15"}]


def test_current_law_counts_a_permit_granted_later_from_the_day_it_holds(program):
    """Current law: the permit holds from 1 March, so March to December have aanspraak
    (Vw art. 11 lid 2 a), January and February not (onder f). 10 x 129,20397… = 1.292,03973…
    -> € 1.292 (Awir art. 14 lid 4): paid afterwards, as a back-payment."""
    months, year = over_2026(program, amir(GRANTED))
    assert months == [0, 0] + [MONTH] * 10
    assert year == 1292


def test_the_scenario_counts_it_from_the_month_after_the_decision(scenario_program):
    """The scenario: a rule per maand reads the status as known on the month's first day,
    so the decision of 15 June counts from 1 July: 6 x 129,20397… = 775,22384 -> € 775."""
    months, year = over_2026(scenario_program, amir(GRANTED))
    assert months == [0] * 6 + [MONTH] * 6
    assert year == 775


def test_a_withdrawal_is_recovered_under_current_law_and_not_under_the_scenario(
        program, scenario_program):
    """The same decision the other way (what the reform is for, 'niet meer terugvorderen'):
    current law, only January and February count, 2 x 129,20397… = 258,40794… -> € 258 (the
    rest of what was paid is recovered); the scenario keeps January to June, € 775."""
    months, year = over_2026(program, amir(WITHDRAWN))
    assert months == [MONTH] * 2 + [0] * 10
    assert year == 258
    months, year = over_2026(scenario_program, amir(WITHDRAWN))
    assert months == [MONTH] * 6 + [0] * 6
    assert year == 775


def test_without_a_besluit_the_scenario_changes_nothing(program, scenario_program):
    """A status known from the start of its piece (no 'besluit'): both count from March."""
    plain = [{"tot": "2026-03-01", "waarde": "onderdeel_f"},
             {"vanaf": "2026-03-01", "waarde": "onderdeel_a"}]
    assert over_2026(scenario_program, amir(plain)) == over_2026(program, amir(plain))
    assert over_2026(program, amir(plain))[1] == 1292


def test_the_example_situation(program, scenario_program):
    """examples/verblijf_besluit.json is the case above: € 1.292 under current law, € 775
    under the scenario."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert over_2026(program, doc)[1] == 1292
    assert over_2026(scenario_program, doc)[1] == 775


def test_a_versioned_change_adds_its_clause_to_the_definitions(tmp_path):
    """``wijzig definitie`` with versions: the change's ``feit … telt vanaf het besluit``
    governs the reads of every version (here one from 2026): again € 775."""
    text = SCENARIO.read_text(encoding="utf-8")
    body = text[text.index("wijzig definitie verblijf_met_aanspraak"):
                text.index("wijzig definitie zonder_rechtmatig_verblijf")]
    head, rule = body.split("  = ", 1)
    versioned = head + "  versie vanaf 1 januari 2026\n    = " + rule.replace("\n    ", "\n      ")
    path = tmp_path / "v.scenario"
    path.write_text('scenario v "V"\nstatus optie\ngebruikt awir\n\n' + versioned, encoding="utf-8")
    assert over_2026(load_program(scenario=path), amir(GRANTED))[1] == 775


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(dt.date(2026, 3, 1), dt.date(2026, 12, 31)))
def test_the_decision_counts_from_the_first_month_that_begins_on_or_after_it(
        program, scenario_program, day):
    """For any decision day: current law counts March to December whatever the day; the
    scenario counts exactly the months from March that begin on or after the decision."""
    status = [GRANTED[0], dict(GRANTED[1], besluit=day.isoformat())]
    assert over_2026(program, amir(status))[0] == [0, 0] + [MONTH] * 10
    expected = [MONTH if n >= 3 and dt.date(2026, n, 1) >= day else 0 for n in range(1, 13)]
    assert over_2026(scenario_program, amir(status))[0] == expected


def test_the_batch_evaluator_agrees_on_the_koppelingsbeginsel(program):
    """A household with a vreemdeling partner without rechtmatig verblijf and a child that is
    one too (the worked cases of kindgebonden_budget.rules, € 1.755 for the joint aanspraak;
    zorgtoeslag € 0 by Awir art. 9 lid 2): the batch evaluator decides it itself, with the
    reference's figures to the cent."""
    from rulescore.batch.population import cents
    from rulescore.batch.ranges import evaluate_batch_range

    incomes = {"rendementsgrondslag": 0, "inkomen_box_2_en_3": 0, "loon_uit_dienstbetrekking": 0}
    family = {"peildatum": "2026-03-01", "woningen": {"w1": {}}, "personen": {
        "sara": {"geboortedatum": "1985-05-01", "woonadres": "w1", "zorgverzekerd": True,
                 "overig_belastbaar_inkomen": 30000, **incomes},
        "paul": {"geboortedatum": "1983-05-01", "woonadres": "w1", "zorgverzekerd": True,
                 "overig_belastbaar_inkomen": 20000, "vreemdeling": True,
                 "rechtmatig_verblijf": "geen", **incomes},
        "a": {"geboortedatum": "2017-06-01", "woonadres": "w1"},
        "b": {"geboortedatum": "2012-06-01", "woonadres": "w1", "vreemdeling": True,
              "rechtmatig_verblijf": "geen"}},
        "relaties": [{"soort": "huwelijk", "personen": ["sara", "paul"]}]
        + [{"soort": "ouder_van", "personen": [p, k]} for p in ("sara", "paul") for k in "ab"]}
    sits = [Situation.from_dict(family, program)]
    outs = ("kindgebonden_budget.kindgebonden_budget", "zorgtoeslag.zorgtoeslag")
    ref = {}
    for sit in sits:
        ref.update(evaluate_range(program, sit, M("2026-01"), M("2026-12"), outputs=outs).values)
    result = evaluate_batch_range(program, sits, M("2026-01"), M("2026-12"), outputs=outs)
    got = {(q, pid, period): v for _h, pid, q, period, v in result.cells()}
    assert result.reasons == {}
    assert got == {k: cents(v) for k, v in ref.items()}
    assert got[(outs[0], "sara", YEAR)] == got[(outs[0], "paul", YEAR)] == cents(1755)
    assert got[(outs[1], "sara", YEAR)] == 0
