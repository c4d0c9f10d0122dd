"""Evaluation over a range of months (issue #14 §3) in the reference evaluator: outcomes
per period of their tijdvak, year totals, the household per month, the command line and
explanations that name the period of every value."""

import copy
import datetime as dt
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.periods import Period, parse_month, parse_period
from rulescore.reference.ranges import MAX_MONTHS, evaluate_range, explain_range
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.testing.strategies import situations
from test_timeline import PROPERTY, dated_households

ROOT = Path(__file__).parents[1]
JOB = ROOT / "examples" / "baan_vanaf_juli.json"
M = parse_month
YEAR_2026 = Period(dt.date(2026, 1, 1), 12)


def job(program) -> Situation:
    return Situation.from_json(JOB.read_text(), program)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250"})


# ------------------------------------------------------------------ worked case

def test_the_job_from_july_counts_the_real_year_where_a_snapshot_counts_a_steady_one(program):
    """Daan: no income January–June 2026, € 2.500,00 gross per month from 1 July.

    Awir art. 8 lid 1: the toetsingsinkomen is the verzamelinkomen of the berekeningsjaar;
    Wet IB art. 3.146 / 3.81: the wages of the months of 2026 in which they are genoten:
    6 × € 2.500 = € 15.000. Zorgtoeslag 2026 (Wzt art. 2 lid 2, drempelinkomen € 29.736,
    standaardpremie € 2.119, 1,912 %): 15.000 is below the drempel, so the normpremie is
    1,912 % × 29.736 = 568,55232 and the zorgtoeslag 2.119 − 568,55232 = 1.550,44768,
    € 1.550 in whole euros (Awir art. 14 lid 4 as the rules state it).
    A snapshot on 1 August 2026 instead reads a steady year of 12 × 2.500 = € 30.000:
    normpremie 568,55232 + 13,73 % × (30.000 − 29.736) = 568,55232 + 36,2472 = 604,79952,
    zorgtoeslag 2.119 − 604,79952 = 1.514,20048, € 1.514."""
    sit = job(program)
    result = evaluate_range(program, sit, M("2026-01"), M("2026-12"),
                            outputs=("awir.toetsingsinkomen", "zorgtoeslag.zorgtoeslag",
                                     "participatiewet.bijstandsnorm"))
    assert result.value("awir.toetsingsinkomen", "daan", "2026") == 15_000
    assert result.value("zorgtoeslag.zorgtoeslag", "daan", YEAR_2026) == 1_550
    # a month label names the year that contains it for a yearly outcome
    assert result.value("zorgtoeslag.zorgtoeslag", "daan", "2026-09") == 1_550
    snapshot = evaluate(program, sit, dt.date(2026, 8, 1), outputs=("zorgtoeslag.zorgtoeslag",))
    assert snapshot.value("zorgtoeslag.zorgtoeslag", "daan") == 1_514
    # PW art. 21 onder a, the norm for an alleenstaande of 21 and older from 1 January 2026
    # (law facts, column 2026-01-01 [S1]): € 1.401,50 per month, in each of Jan–Jun
    for month in ("2026-01", "2026-03", "2026-06"):
        assert result.value("participatiewet.bijstandsnorm", "daan", month) == Fraction("1401.50")
    totals = result.totals()
    assert totals[("zorgtoeslag.zorgtoeslag", "daan", 2026)] == 1_550


def test_every_outcome_is_reported_in_the_periods_of_its_tijdvak(program):
    result = evaluate_range(program, job(program), M("2026-01"), M("2026-12"))
    periods: dict = {}
    for qual, person, period in result.values:
        periods.setdefault(qual, set()).add(period)
    assert periods["zorgtoeslag.zorgtoeslag"] == {YEAR_2026}
    assert periods["kinderbijslag.kinderbijslag"] == {
        Period(dt.date(2026, m, 1), 3) for m in (1, 4, 7, 10)}
    assert periods["participatiewet.algemene_bijstand"] == {
        Period(dt.date(2026, m, 1), 1) for m in range(1, 13)}
    doc = result.to_dict()
    assert (doc["van"], doc["tot"]) == ("2026-01", "2026-12")
    entry = doc["personen"]["daan"]["zorgtoeslag"]["zorgtoeslag.zorgtoeslag"]
    assert entry["tijdvak"] == "jaar" and list(entry["perioden"]) == ["2026"]
    assert entry["totaal"]["2026"]["waarde"] == "1550"
    months = doc["huishoudens"]["w1"]
    assert list(months) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert all(m["personen"] == ["daan"] for m in months.values())
    assert doc["herkomst"]["van"] == "2026-01"


def test_a_person_exists_only_in_the_periods_of_his_life(program):
    """A child born on 14 May 2026 is in the household from 1 June (the first month on
    whose first day she is alive); her year 2026 and her second quarter start then, so
    a monthly rule that reads its year (``in het jaar``) reads her part of it."""
    doc = json.loads(JOB.read_text())
    baby = {"geboortedatum": "2026-05-14", "woonadres": "w1", "zorgverzekerd": True,
            "opvangsoort": "geen",
            "huurder": False, "student": False, "onverzekerde_jaren": 0,
            "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
            "rendementsgrondslag": 0,
            "geen": ["overig_belastbaar_inkomen", "inkomen_box_2_en_3",
                     "loon_uit_dienstbetrekking"]}
    doc["personen"]["kim"] = baby
    doc["relaties"] = [{"soort": "ouder_van", "personen": ["daan", "kim"], "vanaf": "2026-05-14"}]
    sit = Situation.from_dict(doc, program)
    result = evaluate_range(program, sit, M("2026-01"), M("2026-12"),
                            outputs=("participatiewet.bijstandsnorm",))
    months = sorted(p.label() for q, who, p in result.values if who == "kim")
    # on the first day of a month she exists from June on (born 14 May)
    assert months == [f"2026-{m:02d}" for m in range(6, 13)]
    assert {m: e["personen"] for m, e in result.to_dict()["huishoudens"]["w1"].items()}[
        "2026-05"] == ["daan"]
    everything = evaluate_range(program, sit, M("2026-01"), M("2026-12"))  # no RS540
    kim = {p.label() for q, who, p in everything.values
           if who == "kim" and q == "besteedbaar_inkomen.besteedbaar_inkomen"}
    assert kim == {f"2026-{m:02d}" for m in range(6, 13)}
    assert ("zorgtoeslag.zorgtoeslag", "kim", YEAR_2026) in everything.values
    graph = explain_range(program, sit, "besteedbaar_inkomen.toeslagen", ["kim"],
                          parse_period("2026-06"))  # reads the toeslagen 'in het jaar'
    assert any(n.period == "2026 (peildatum 2026-06-01)" for n in graph.nodes.values())
    # the month's net reads the year herleid from June (Wet LB art. 25), not her part of 2026
    graph = explain_range(program, sit, "inkomstenbelasting.netto_inkomen", ["kim"],
                          parse_period("2026-06"))
    assert any(n.period == "2026-06 herleid tot een jaar" for n in graph.nodes.values())


# ------------------------------------------------------------------ properties

@given(st.data())
@PROPERTY
def test_on_a_constant_timeline_the_first_period_of_the_year_is_the_snapshot_of_1_january(
        program, data):
    """On 1 January every period of the year starts, so a year, a first quarter and a
    January evaluated over the range are each exactly the snapshot of 1 January."""
    doc = data.draw(situations(program, max_persons=3, date=dt.date(2026, 1, 1)))
    plain = Situation.from_dict(copy.deepcopy(doc), program)
    dated = Situation.from_dict({**copy.deepcopy(doc), "van": "2026-01", "tot": "2026-12"},
                                program)
    try:
        snapshot = evaluate(program, plain, dt.date(2026, 1, 1)).values
    except RulesError as exc:
        with pytest.raises(RulesError) as info:
            evaluate_range(program, dated, M("2026-01"), M("2026-12"))
        assert {d.path for d in info.value.diagnostics if d.code == "RS321"} == \
            {d.path for d in exc.diagnostics if d.code == "RS321"}
        return
    try:
        over = evaluate_range(program, dated, M("2026-01"), M("2026-12")).values
    except RulesError as exc:
        # The year reads every month of 2026, the snapshot only 1 January: a parameter
        # the rules give no value after mid-2026 (the AOW amounts from 1 July 2026 are not
        # yet in the rules) is reported (RS403), never extended silently.
        assert exc.diagnostics and all(
            d.code == "RS403" and re.search(r"op 2026-(0[7-9]|1[0-2])-01", d.message)
            for d in exc.diagnostics), exc
        return
    # The snapshot holds 1 January for the whole year (momentopname); over the range the
    # rules themselves may change a value within the year although no input does (a WW
    # that ends after its maximum duration, WW art. 42). A year or quarter then differs from
    # the snapshot by law; a January never does, and the year does where every month is equal.
    months: dict = {}
    for (q, p, period), v in over.items():
        if period.length == 1:
            months.setdefault((q, p), set()).add(v if not isinstance(v, (set, frozenset))
                                                 else frozenset(v))
    steady = all(len(values) == 1 for values in months.values())
    first = {(q, p): v for (q, p, period), v in over.items()
             if period.start == dt.date(2026, 1, 1) and (steady or period.length == 1)}
    assert first == {k: snapshot[k] for k in first}
    if steady:
        assert first == snapshot


@given(st.data())
@PROPERTY
def test_a_period_has_the_same_value_whatever_range_it_is_evaluated_in(program, data):
    """Each period is evaluated on its own: a shorter range gives the same values."""
    doc, _day, _plain = data.draw(dated_households(program))
    sit = Situation.from_dict(doc, program)
    try:
        whole = evaluate_range(program, sit, M("2026-01"), M("2026-12")).values
    except RulesError:
        return
    a = data.draw(st.integers(1, 12))
    b = data.draw(st.integers(a, 12))
    part = evaluate_range(program, sit, M(f"2026-{a:02d}"), M(f"2026-{b:02d}")).values
    assert part == {k: whole[k] for k in part}
    assert {p for _, _, p in part} >= {Period(dt.date(2026, m, 1), 1) for m in range(a, b + 1)
                                       if any(per.length == 1 for _, _, per in part)}


# ------------------------------------------------------------------ errors

def test_an_empty_or_too_long_range_is_refused(program):
    with pytest.raises(RulesError) as info:
        evaluate_range(program, job(program), M("2026-12"), M("2026-01"))
    assert [d.code for d in info.value.diagnostics] == ["RS541"]
    with pytest.raises(RulesError) as info:
        evaluate_range(program, job(program), M("2020-01"), M("2020-01").shifted(MAX_MONTHS))
    assert [d.code for d in info.value.diagnostics] == ["RS542"]


def test_a_missing_input_names_the_period_that_needed_it(program):
    doc = json.loads(JOB.read_text())
    del doc["personen"]["daan"]["bezittingen"]
    sit = Situation.from_dict(doc, program)
    with pytest.raises(RulesError) as info:
        evaluate_range(program, sit, M("2026-01"), M("2026-03"),
                       outputs=("participatiewet.algemene_bijstand",))
    (missing,) = [d for d in info.value.diagnostics if d.code == "RS321"]
    assert missing.path == "$.personen.daan.bezittingen"
    assert "in 2026-01" in missing.message


def test_period_labels():
    assert parse_period("2026") == Period(dt.date(2026, 1, 1), 12)
    assert parse_period("2026-K3") == Period(dt.date(2026, 7, 1), 3)
    assert parse_period("september 2026") == Period(dt.date(2026, 9, 1), 1)
    for bad in ("2026-K5", "26", "2026-13", "sept 2026", ""):
        with pytest.raises(ValueError, match="geen periode"):
            parse_period(bad)


# ------------------------------------------------------------------ command line

def test_the_command_line_evaluates_a_range_and_joins_equal_months():
    res = invoke("evaluate", JOB, "--van", "januari 2026", "--tot", "2026-12")
    assert res.exit_code == 0, res.output
    assert "daan, 2026-01 t/m 2026-12" in res.output
    assert "2026-01 t/m 2026-06" in res.output and "totaal 2026" in res.output
    res = invoke("evaluate", JOB, "--van", "2026-01", "--tot", "2026-03", "--format", "json")
    doc = json.loads(res.output)
    assert doc["tot"] == "2026-03"
    bijstand = doc["personen"]["daan"]["participatiewet"]["participatiewet.bijstandsnorm"]
    assert list(bijstand["perioden"]) == ["2026-01", "2026-02", "2026-03"]
    assert bijstand["perioden"]["2026-02"]["waarde"] == "1401.5"


def test_the_situations_own_range_is_evaluated_when_no_day_is_given():
    res = invoke("evaluate", JOB, "--format", "json")
    assert res.exit_code == 0, res.output
    assert (json.loads(res.output)["van"], json.loads(res.output)["tot"]) == ("2026-01", "2026-12")
    day = json.loads(invoke("evaluate", JOB, "--datum", "2026-08-01", "--format", "json").output)
    assert day["peildatum"] == "2026-08-01"


@pytest.mark.parametrize("args, message", [
    (("--van", "2026-01"), "--van en --tot samen"),
    (("--van", "2026-01", "--tot", "2026-02", "--datum", "2026-01-01"), "niet beide"),
    (("--van", "2026-13", "--tot", "2026-12"), "geen maand"),
])
def test_range_options_are_checked(args, message):
    res = invoke("evaluate", JOB, *args)
    assert res.exit_code == 2 and message in res.output


# ------------------------------------------------------------------ explanations

def test_explaining_a_year_names_each_month_it_read(program):
    graph = explain_range(program, job(program), "awir.toetsingsinkomen", ["daan"],
                          parse_period("2026-09"))
    root = graph.root
    assert (root.period, root.value) == ("2026", "€ 15.000,00 per jaar")
    wages = sorted((n.period, n.value) for n in graph.nodes.values()
                   if n.name == "loon_uit_dienstbetrekking")
    assert wages == [(f"2026-{m:02d}", "€ 0,00 per maand" if m < 7 else "€ 2.500,00 per maand")
                     for m in range(1, 13)]
    assert all(n.period for n in graph.nodes.values() if n.kind != "parameter")
    text = graph.render()
    assert text.count("» Bruto loon uit") == 1  # the rule's texts once, not per month


def test_explain_on_the_command_line_with_a_period():
    res = invoke("explain", JOB, "zorgtoeslag.zorgtoeslag", "--periode", "2026", "--diepte", "1")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("zorgtoeslag.zorgtoeslag [daan] in 2026 = € 1.550,00 per jaar")
    res = invoke("explain", JOB, "zorgtoeslag.zorgtoeslag", "--periode", "2026-K9")
    assert res.exit_code == 2 and "geen periode" in res.output


def test_a_value_read_on_a_day_the_person_does_not_exist_is_RS540(program, tmp_path):
    """``op 1 januari`` names the day: a child born in May has no box-3 grondslag on
    1 January of that year to read, and that is said (not read as 0)."""
    from rulescore.plugins import load_program

    rules = tmp_path / "proef.rules"
    rules.write_text('regeling proef "Proef"\n  gebruikt awir\n  tijdvak maand\n\n'
                     'uitkomst begin: bedrag\n  bron artikel 1\n'
                     '  = rendementsgrondslag op 1 januari\n', encoding="utf-8")
    extended = load_program(extra_paths=[rules])
    doc = json.loads(JOB.read_text())
    doc["personen"]["kim"] = {"geboortedatum": "2026-05-14", "woonadres": "w1",
                              "rendementsgrondslag": 0}
    sit = Situation.from_dict(doc, extended)
    with pytest.raises(RulesError) as info:
        evaluate_range(extended, sit, M("2026-06"), M("2026-06"), outputs=("proef.begin",))
    (d,) = info.value.diagnostics
    assert d.code == "RS540" and "kim bestaat niet in 2026-01 (peildatum 2026-01-01)" in d.message
    assert "proef.begin voor kim in 2026-06" in d.message
    del doc["personen"]["kim"]  # daan, alive on 1 January, is fine
    alone = evaluate_range(extended, Situation.from_dict(doc, extended), M("2026-06"),
                           M("2026-06"), outputs=("proef.begin",))
    assert alone.value("proef.begin", "daan", "2026-06") == 0
