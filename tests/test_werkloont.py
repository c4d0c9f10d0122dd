"""Does work pay (issue #16): worked cases computed by hand from the statute, the grid,
the decomposition, the command and its errors.

Expected values are computed by hand from the articles cited (2026 parameters as bundled,
see /work/shared/law), never from the program's output."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from rulescore import load_program
from rulescore.analysis import Grid, analyse, parse_grid
from rulescore.analysis.pressure import transition
from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.situation import Situation

SINGLE = {
    "toelichting": "Alleenstaande van 35, huurder (kale huur € 602), geen kinderen, maart 2026",
    "peildatum": "2026-03-01",
    "personen": {"sara": {
        "geboortedatum": "1990-05-01", "woonadres": "w1", "zorgverzekerd": True,
        "huurder": True, "student": False, "rendementsgrondslag": 0, "bezittingen": 0,
        "schulden": 0, "overige_netto_middelen": 0, "onverzekerde_jaren": 0,
        "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen", "inkomen_box_2_en_3"]}},
    "woningen": {"w1": {"huurprijs": "602,00"}},
    "relaties": [],
}


@pytest.fixture(scope="module")
def program():
    return load_program()


def single(program):
    return Situation.from_dict(json.loads(json.dumps(SINGLE)), program)


# From bijstand to full-time minimum wage (WML 1 januari 2026: € 2.294,40 per maand,
# Wml art. 8; half of it € 1.147,20). Per point, per month:
#   inkomstenbelasting (Wet IB 2001 art. 2.10, 8.10, 8.11; Wfsv art. 10): Y = 12 x loon;
#     heffing 35,75% x Y (8,10 + 27,65); AHK € 3.115 (Y below € 29.736);
#     AK = min(5.300; 996 + 31,009% x (Y - 11.965)) + 1,95% x max(0, Y - 25.845);
#     netto = (Y - max(0, heffing - AHK - AK)) / 12, op centen.
#   bijstand (PW art. 19, 21 onder a, 31): norm € 1.401,50 - netto, not below 0; no vrijlating.
#   zorgtoeslag (Wzt art. 2): 2.119 - 1,912% x 29.736 = 1.550,44768 -> € 1.550 per jaar below
#     the drempelinkomen (Y = 0 and 27.532,80 are both below 29.736).
#   huurtoeslag (Wht art. 17, 21 as of 2026): basishuur 252,49 - 1,82 - 48,15 = 202,52;
#     (498,20 - 202,52) + 65% x (602 - 498,20) = 363,15 per maand;
#     afbouw 27% x max(0, Y - 23.425) / 12; x 12, op hele euro's.
# Point 0 (loon 0): netto 0; bijstand 1.401,50; zt 1.550; ht 363,15 x 12 = 4.357,80 -> 4.358.
#   total 1.401,50 + (1.550 + 4.358) / 12 = 1.893,8333...  = 11363/6
# Point 1 (loon 1.147,20, Y 13.766,40): heffing 4.921,488; AK 996 + 31,009% x 1.801,40 =
#   1.554,596126; heffing 4.921,488 - 3.115 - 1.554,596126 = 251,891874;
#   netto (13.766,40 - 251,891874) / 12 = 1.126,2090 -> 1.126,21; bijstand 275,29;
#   zt and ht unchanged: total again 11363/6, marginal pressure exactly 100 %.
# Point 2 (loon 2.294,40, Y 27.532,80): heffing 9.842,976; AK 5.300 + 1,95% x 1.687,80 =
#   5.332,9121; heffing 1.395,0639; netto 26.137,7361 / 12 = 2.178,1447 -> 2.178,14;
#   bijstand 0; zt 1.550; ht afbouw 27% x 4.107,80 / 12 = 92,4255, (363,15 - 92,4255) x 12 =
#   3.248,694 -> 3.249; total 2.178,14 + 4.799 / 12 = 2.578,0566... = 773417/300.
POINTS = "0:2294,40:1147,20"
EXAMPLE_PATH = __import__("pathlib").Path(__file__).parents[1] / "examples" / "huishouden.json"


def test_single_from_bijstand_to_minimum_wage(program):
    a = analyse(program, single(program), "sara", Grid(parse_grid(POINTS)))
    assert a.wages == (F(0), F("1147.20"), F("2294.40"))
    assert a.nets == (F(11363, 6), F(11363, 6), F(773417, 300))
    first, second = a.steps
    # 0 -> 1: every euro earned is verrekend with the bijstand (PW art. 31 lid 1)
    assert first.pressure == 1
    assert first.flags == ("druk>70%",)
    assert first.changes["brutoloon"] == F("1147.20")
    # participatiewet: bijstand 1.401,50 -> 275,29
    assert first.changes["participatiewet"] == F("-1126.21")
    # inkomstenbelasting: netto 0 -> 1.126,21 of which 1.147,20 gross, so -20,99 heffing
    assert first.changes["inkomstenbelasting"] == F("-20.99")
    assert "zorgtoeslag" not in first.changes and "huurtoeslag" not in first.changes
    # 1 -> 2: 1 - (773417/300 - 11363/6) / 1.147,20 = 1 - 205267/344160
    assert second.pressure == 1 - F(205267, 344160)
    assert second.flags == ()
    assert second.changes["huurtoeslag"] == F(3249 - 4358, 12)
    assert second.changes["participatiewet"] == F("-275.29")
    assert second.changes["inkomstenbelasting"] == F("2178.14") - F("1126.21") - F("1147.20")
    assert sum(second.parts.values()) == second.pressure


def test_every_point_adds_up_and_names_the_threshold(program):
    a = analyse(program, single(program), "sara", Grid(parse_grid("0:2400:100")))
    for p, n in zip(a.points, a.nets):
        assert sum(p.terms.values()) == n == p.total
    # the bijstand ends between 1.400 and 1.500 gross: the netto (1.400 x 12 = 16.800:
    # 35,75% = 6.006 - 3.115 - (996 + 31,009% x 4.835 = 2.495,28515) = 395,71485; netto
    # (16.800 - 395,71485) / 12 = 1.367,02) is still below the norm of € 1.401,50, at
    # 1.500 it is above; that step names the max(0, norm - middelen) of PW art. 19
    step = a.steps[14]
    assert (a.wages[14], a.wages[15]) == (1400, 1500)
    assert any("participatiewet.algemene_bijstand: max(0, bijstandsnorm - middelen)" in t
               for t in step.thresholds), step.thresholds
    assert step.changes["participatiewet"] == F("-1401.50") + F("1367.02")
    # the flagged steps before it: 100 % pressure, the bijstand as the cause, with PW's article
    flagged = a.steps[13]
    assert flagged.pressure == 1 and flagged.causes[0]["groep"] == "participatiewet"
    assert "BWBR0015703 artikel 31" in flagged.causes[0]["bron"]


def test_the_batch_vouches_for_every_grid_point(program):
    a = analyse(program, single(program), "sara", Grid(parse_grid(POINTS)))
    assert a.recomputed == 0  # the batch evaluator vouched for every point


def test_benefit_to_work_step_per_regulation(program):
    # 36 uur x € 14,71 x 52 / 12 = 2.294,76 per maand (the hour convention of the docs)
    a = transition(program, single(program), "sara", 36 * F("14.71") * F(52, 12))
    assert a.wages == (F(0), F("2294.76"))
    (step,) = a.steps
    assert step.changes["participatiewet"] == F("-1401.50")  # the whole bijstand goes
    assert step.changes["brutoloon"] == F("2294.76")
    with pytest.raises(RulesError) as exc:  # already earning that: no step
        transition(program, single(program), "sara", F(0))
    assert exc.value.diagnostics[0].code == "RS383"


def test_bad_grid_and_unknown_person_are_diagnostics(program):
    with pytest.raises(RulesError) as exc:
        parse_grid("0:4000:0")
    assert exc.value.diagnostics[0].code == "RS380"
    with pytest.raises(RulesError) as exc:
        parse_grid("4000:0:50")
    assert exc.value.diagnostics[0].code == "RS380"
    with pytest.raises(RulesError) as exc:
        analyse(program, single(program), "sarah", Grid(parse_grid("0:100:50")))
    d = exc.value.diagnostics[0]
    assert d.code == "RS381" and "sara" in d.hint


def invoke(*args):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "200"})


@pytest.fixture()
def situation_file(tmp_path):
    path = tmp_path / "sara.json"
    path.write_text(json.dumps(SINGLE), encoding="utf-8")
    return str(path)


def test_command_json_and_csv_carry_the_same_numbers(situation_file):
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [p["netto_huishouden"] for p in doc["punten"]] == ["1893.83", "1893.83", "2578.06"]
    assert doc["stappen"][0]["marginale_druk"] == "1.000000"
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["marginale_druk"] for r in rows] == [s["marginale_druk"] for s in doc["stappen"]]
    assert rows[1]["delta_huurtoeslag"] == doc["stappen"][1]["per_regeling"]["huurtoeslag"]["delta"]
    assert rows[1]["delta_huurtoeslag"] == "-92.42"  # (3.249 - 4.358) / 12


def test_command_table_and_errors(situation_file):
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS)
    assert res.exit_code == 0, res.output
    assert "€ 2.578,06" in res.output and "100,0 %" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", "0:4000:0")
    assert res.exit_code == 1 and "RS380" in res.output and "Traceback" not in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sarah", "--brutoloon", POINTS)
    assert res.exit_code == 1 and "RS381" in res.output and "sara" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara")
    assert res.exit_code == 2 and "--brutoloon" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--uren", "0:40:8")
    assert res.exit_code == 2 and "--uurloon" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--punt", "2")
    assert res.exit_code == 0 and "besteedbaar_inkomen" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--punt", "3")
    assert res.exit_code == 1 and "RS384" in res.output


def test_chart_files_carry_the_computed_numbers(program, tmp_path):
    from rulescore.analysis.chart import figure, write_chart

    a = analyse(program, single(program), "sara", Grid(parse_grid(POINTS)))
    fig = figure(a)
    top, bottom = fig.axes
    net = next(line for line in top.get_lines() if line.get_gid() == "netto")
    assert list(net.get_ydata()) == [float(F(11363, 6)), float(F(11363, 6)),
                                     float(F(773417, 300))]
    druk = next(line for line in bottom.get_lines() if line.get_gid() == "druk")
    assert 100.0 in list(druk.get_ydata())  # the 100 % of step 0 -> 1
    for name in ("g.png", "g.svg"):
        write_chart(a, str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 1000
    write_chart(a, str(tmp_path / "g.html"), interactive=False)
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "<svg" in page
    data = json.loads(page.split('id="reeksen">')[1].split("</script>")[0])
    assert data["netto"][2] == float(F(773417, 300))
    assert data["marginale_druk"][0] == 1.0


def test_interactive_chart_carries_the_computed_numbers(program, tmp_path):
    pytest.importorskip("plotly")  # in the test extra; for users the extra 'interactief'
    from rulescore.analysis.chart import interactive_figure, write_chart

    sit = Situation.from_dict(json.loads(json.dumps(COUPLE)), program)
    a = analyse(program, sit, "jan", Grid(parse_grid(COUPLE_POINTS)))
    fig = interactive_figure(a)
    net = next(t for t in fig.data if t.name == "netto huishouden")
    assert list(net.y) == [3434.89, 3642.5]  # the hand-computed household incomes
    druk = next(t for t in fig.data if t.name == "marginale druk")
    assert list(druk.y) == [pytest.approx(58.478)]  # 292,39 / 500
    stacked = [t for t in fig.data if t.stackgroup]
    # gains above zero and losses below add up to the net income at every point
    for i in range(2):
        assert sum(t.y[i] for t in stacked) == pytest.approx(float(a.nets[i]), abs=1e-9)
    assert {t.name for t in stacked} >= {"bruto loon", "kindgebonden budget", "zorgtoeslag"}
    write_chart(a, str(tmp_path / "i.html"))
    page = (tmp_path / "i.html").read_text(encoding="utf-8")
    assert "Plotly.newPlot" in page
    data = json.loads(page.split('id="reeksen">')[1].split("</script>")[0])
    assert data["netto"] == [3434.89, 3642.5]


def test_assert_no_armoedeval_names_step_household_and_regulation(program):
    from hypothesis import given, settings

    from rulescore.testing import CounterExample, assert_no_armoedeval, earnings_grids

    # the single tenant never loses (0 -> 100 % pressure in the bijstand, not above)
    assert_no_armoedeval(program, [SINGLE], "sara", range(0, 2401, 300))
    # the example household does (docs: sara with toeslagpartner ruben): 0 -> 500 loses
    # the bijstand's full verrekening plus the zorgtoeslag and kindgebonden budget afbouw
    doc = json.loads(open(EXAMPLE_PATH, encoding="utf-8").read())
    with pytest.raises(CounterExample) as exc:
        assert_no_armoedeval(program, [doc], "sara", [0, 500])
    text = str(exc.value)
    assert "armoedeval voor sara" in text and "participatiewet" in text
    assert "noor, ruben, sara" in text

    @settings(max_examples=5, deadline=None)
    @given(earnings_grids(0, 3000, 6))
    def single_never_loses(grid):
        assert_no_armoedeval(program, [SINGLE], "sara", grid)

    single_never_loses()


def test_a_dated_situation_is_varied_on_the_day_analysed(program):
    # examples/baan_vanaf_juli.json has a job of € 2.500 per maand from July 2026: in
    # August the grid must replace that wage, exactly as on the plain facts of that day
    import datetime as dt

    dated = Situation.from_json(
        (EXAMPLE_PATH.parent / "baan_vanaf_juli.json").read_text(encoding="utf-8"), program)
    day = dt.date(2026, 8, 1)
    (person,) = dated.at(day).person_ids
    grid = Grid(parse_grid("0:2000:1000"))
    on_dated = analyse(program, dated, person, grid, day, decompose=False)
    on_plain = analyse(program, dated.at(day), person, grid, day, decompose=False)
    assert on_dated.nets == on_plain.nets
    assert on_dated.nets[0] != on_dated.nets[2]  # the wage varied, not the July job


# A one-earner couple with two children, March 2026: jan (35) earns, eva (34) has no income,
# dochter born 15 June 2018, zoon born 10 April 2022; they own no rented home (no huurtoeslag),
# no childcare (one earner: no kinderopvangtoeslag, Wet kinderopvang art. 1.6).
_ADULT = {"woonadres": "w1", "zorgverzekerd": True, "huurder": False, "student": False,
          "rendementsgrondslag": 0, "bezittingen": 0, "schulden": 0,
          "overige_netto_middelen": 0, "onverzekerde_jaren": 0,
          "geen": ["overig_belastbaar_inkomen", "inkomen_box_2_en_3"]}
_CHILD = {"woonadres": "w1", "zorgverzekerd": True, "opvangsoort": "geen", "student": False,
          "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0, "onverzekerde_jaren": 0,
          "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen",
                   "inkomen_box_2_en_3"]}
COUPLE = {
    "toelichting": "Echtpaar met één verdiener en twee kinderen (7 en 3), maart 2026",
    "peildatum": "2026-03-01",
    "personen": {
        "jan": {**_ADULT, "geboortedatum": "1990-05-01"},
        "eva": {**_ADULT, "geboortedatum": "1991-06-01", "loon_uit_dienstbetrekking": 0},
        "dochter": {**_CHILD, "geboortedatum": "2018-06-15"},
        "zoon": {**_CHILD, "geboortedatum": "2022-04-10"}},
    "woningen": {"w1": {}},
    "relaties": [{"soort": "huwelijk", "personen": ["jan", "eva"]},
                 {"soort": "ouder_van", "personen": ["jan", "dochter"]},
                 {"soort": "ouder_van", "personen": ["jan", "zoon"]},
                 {"soort": "ouder_van", "personen": ["eva", "dochter"]},
                 {"soort": "ouder_van", "personen": ["eva", "zoon"]}],
}

# jan's wage € 3.000 and € 3.500 per maand (Y = 36.000 and 42.000 per jaar), 2026 figures:
# inkomstenbelasting (Wet IB 2001 art. 2.10 lid 1; Wfsv art. 10, premies 27,65 %; art. 8.10,
#   8.11; Wet LB art. 25: the month is a twelfth of the year as if every month were this one):
#   Y 36.000: belasting 8,10% x 36.000 = 2.916; premies 27,65% x 36.000 = 9.954;
#     AHK 3.115 - 6,398% x (36.000 - 29.736) = 2.714,22928;
#     AK 5.300 + 1,95% x (36.000 - 25.845) = 5.498,0225;
#     heffing 12.870 - 8.212,25178 = 4.657,74822; netto (36.000 - 4.657,74822) / 12 =
#     2.611,854315 -> 2.611,85 (as in the inkomstenbelasting's own worked case)
#   Y 42.000 (above the first bracket's end 38.883): belasting 3.149 + 37,56% x 3.117 =
#     4.319,7452; premies 27,65% x 38.883 = 10.751,1495 (capped at the first bracket);
#     AHK 3.115 - 6,398% x 12.264 = 2.330,34928; AK 5.300 + 1,95% x 16.155 = 5.615,0225
#     (below the maximum 5.685, below the afbouw at 45.592);
#     heffing 15.070,8947 - 7.945,37178 = 7.125,52292; netto 34.874,47708 / 12 =
#     2.906,206423 -> 2.906,21
#   eva: no income, so no heffing and no kortingen paid out (art. 8.8: at most the heffing);
#   IACK (art. 8.14a): jan is not the partner with the lower arbeidsinkomen, eva has none
#   above € 6.239 -> none for either; no Zvw-bijdrage (wage: werkgeversheffing, Zvw art. 42).
# zorgtoeslag (Wzt art. 2 lid 1 en 3), one joint amount: drempelinkomen 108% x 2.294,40 x 12
#   = 29.735,424 -> 29.736; 2 x 2.119 - (4,289% x 29.736 + 13,73% x (Y - 29.736)), hele euro's:
#   Y 36.000: 4.238 - (1.275,37704 + 860,0472) = 2.102,57576 -> 2.103
#   Y 42.000: 4.238 - (1.275,37704 + 1.683,8472) = 1.278,77576 -> 1.279
# kindgebonden budget (WKB art. 2 lid 2, 7, 8): 2 x 2.580 = 5.160 (both under 12), drempel
#   29.736 + 9.405 = 39.141 with a partner, afbouw 7,60%:
#   Y 36.000: 5.160; Y 42.000: 5.160 - 7,60% x 2.859 = 4.942,716 -> 4.943
# kinderbijslag (AKW art. 12; ages on 1 January 2026: 7 and 3): 358,30 + 295,07 = 653,37 per
#   kwartaal, 217,79 per maand.
# bijstand (PW art. 19, 21 onder b): gezinsnorm 2.002,13 < netto 2.611,85 -> none.
# Household per month:
#   3.000: 2.611,85 + (2.103 + 5.160) / 12 + 217,79 = 2.611,85 + 605,25 + 217,79 = 3.434,89
#   3.500: 2.906,21 + (1.279 + 4.943) / 12 + 217,79 = 2.906,21 + 518,50 + 217,79 = 3.642,50
# Marginal pressure: 1 - 207,61 / 500 = 292,39 / 500 = 58,478 %, of which
#   inkomstenbelasting: -((2.906,21 - 3.500) - (2.611,85 - 3.000)) / 500 = 205,64 / 500
#     = belasting box 1 1.403,7452 / 6.000 + premies 797,1495 / 6.000
#     + AHK 383,88 / 6.000 (= 6,398 %, the afbouw of art. 8.10 lid 2)
#     - AK 117 / 6.000 (= 1,95 %, the rate of art. 8.11 lid 1 onder c)
#     - rounding of the netto ((2.906,21 - 2.906,206423) - (2.611,85 - 2.611,854315)) / 500;
#   zorgtoeslag 824 / 6.000 = normpremie 823,8 / 6.000 (13,73 %) + rounding 0,2 / 6.000;
#   kindgebonden budget 217 / 6.000 = afbouw 217,284 / 6.000 (7,60 % over the 2.859 above the
#     drempel) - rounding 0,284 / 6.000.
COUPLE_POINTS = "3000:3500:500"
IB = "inkomstenbelasting"


def test_one_earner_couple_with_two_children(program):
    sit = Situation.from_dict(json.loads(json.dumps(COUPLE)), program)
    a = analyse(program, sit, "jan", Grid(parse_grid(COUPLE_POINTS)))
    assert set(a.household) == {"jan", "eva", "dochter", "zoon"}
    assert a.nets == (F("3434.89"), F("3642.50"))
    assert a.recomputed == 0
    (step,) = a.steps
    assert step.pressure == F("292.39") / 500
    assert step.flags == ()
    assert step.parts[IB] == F("205.64") / 500
    assert step.parts["zorgtoeslag"] == F(824, 6000)
    assert step.parts["kindgebonden_budget"] == F(217, 6000)
    assert "kinderbijslag" not in step.changes and "participatiewet" not in step.changes
    t = step.term_parts
    assert t[(IB, f"{IB}.belasting_box_1")] == F("1403.7452") / 6000
    assert t[(IB, f"{IB}.premie_volksverzekeringen")] == F("797.1495") / 6000
    assert t[(IB, f"{IB}.algemene_heffingskorting")] == F("6.398") / 100
    assert t[(IB, f"{IB}.arbeidskorting_volledig")] == -F("1.95") / 100
    rounding = (F("2906.21") - F("34874.47708") / 12) - (F("2611.85") - F("31342.25178") / 12)
    assert t[(IB, f"{IB}.netto_inkomen (afronding)")] == -rounding / 500
    assert t[("zorgtoeslag", "zorgtoeslag.normpremie")] == F("13.73") / 100
    assert t[("zorgtoeslag", "zorgtoeslag.zorgtoeslag (afronding)")] == F("0.2") / 6000
    assert t[("kindgebonden_budget", "kindgebonden_budget.berekend_budget")] \
        == F("217.284") / 6000
    assert t[("kindgebonden_budget", "kindgebonden_budget.kindgebonden_budget (afronding)")] \
        == -F("0.284") / 6000
    assert sum(t.values()) == step.pressure


def test_terms_have_dutch_labels_in_table_json_and_csv(tmp_path):
    path = tmp_path / "gezin.json"
    path.write_text(json.dumps(COUPLE), encoding="utf-8")
    res = invoke("werkloont", str(path), "--persoon", "jan", "--brutoloon", COUPLE_POINTS)
    assert res.exit_code == 0, res.output
    assert "marginale druk per onderdeel" in res.output
    for words in ("algemene heffingskorting", "premie volksverzekeringen", "normpremie",
                  "kindgebonden budget", "58,5 %"):
        assert words in res.output, words
    res = invoke("werkloont", str(path), "--persoon", "jan", "--brutoloon", COUPLE_POINTS,
                 "--format", "json")
    doc = json.loads(res.output)
    parts = {o["naam"]: o["druk"] for o in doc["stappen"][0]["per_onderdeel"]}
    assert parts["inkomstenbelasting: algemene heffingskorting"] == "0.063980"
    assert parts["zorgtoeslag: normpremie"] == "0.137300"
    assert doc["stappen"][0]["per_regeling"]["kindgebonden_budget"]["naam"] \
        == "kindgebonden budget"
    res = invoke("werkloont", str(path), "--persoon", "jan", "--brutoloon", COUPLE_POINTS,
                 "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(res.output))
    assert row["druk_inkomstenbelasting:inkomstenbelasting.arbeidskorting_volledig"] == "-0.019500"


# A working single parent with two children in dagopvang (150 and 120 hours a month): the
# toeslag divides the first child's costs by the number of first children (Besluit
# kinderopvangtoeslag art. 3), so the rules fix no denominator for all rows; the batch
# vouches per row instead (its own divisor), and must agree with the reference evaluator.
_PARENT = dict(SINGLE["personen"]["sara"], huurder=False)
CHILDCARE = {
    "peildatum": "2026-03-01",
    "personen": {
        "sara": _PARENT,
        "kees": {**_CHILD, "geboortedatum": "2023-02-01", "opvangsoort": "dagopvang",
                 "geregistreerde_opvang": True, "opvanguren": 150, "uurprijs": "11,50"},
        "mila": {**_CHILD, "geboortedatum": "2021-09-01", "opvangsoort": "dagopvang",
                 "geregistreerde_opvang": True, "opvanguren": 120, "uurprijs": "10,25"}},
    "woningen": {"w1": {}},
    "relaties": [{"soort": "ouder_van", "personen": ["sara", "kees"]},
                 {"soort": "ouder_van", "personen": ["sara", "mila"]}],
}


@settings(max_examples=15, deadline=None)
@given(wages=st.lists(st.integers(0, 600_000), min_size=2, max_size=6, unique=True),
       hours=st.integers(0, 230))
def test_batch_vouches_for_childcare_households_and_agrees_exactly(program, wages, hours):
    from rulescore.analysis.grid import NET, at_wage, net_incomes
    from rulescore.reference.results import evaluate

    doc = json.loads(json.dumps(CHILDCARE))
    doc["personen"]["mila"]["opvanguren"] = hours
    sit = Situation.from_dict(doc, program)
    household = ("kees", "mila", "sara")
    situations = [at_wage(sit, "sara", F(w, 100)) for w in wages]
    nets, recomputed = net_incomes(program, situations, household, sit.peildatum)
    assert recomputed == 0
    for s, n in zip(situations, nets):
        res = evaluate(program, s, sit.peildatum, outputs=(NET,))
        assert n == sum(F(res.value(NET, p)) for p in household)


@settings(max_examples=10, deadline=None)
@given(grid=st.lists(st.integers(0, 8000), min_size=2, max_size=5, unique=True))
def test_terms_add_up_to_the_pressure_of_every_step(program, grid):
    sit = Situation.from_dict(json.loads(json.dumps(COUPLE)), program)
    a = analyse(program, sit, "jan", Grid(tuple(F(x) for x in sorted(grid))))
    for s in a.steps:
        assert sum(s.term_parts.values()) == s.pressure == sum(s.parts.values())
        for g, part in s.parts.items():
            assert sum(v for (gg, _), v in s.term_parts.items() if gg == g) == part


def test_a_range_of_months_gives_the_average_per_month(program):
    # January to June 2026: every parameter of the single tenant's hand-computed case
    # above is the same in each of these months (bijstandsnorm "vanaf 1 januari 2026 tot
    # 1 juli 2026", PW art. 21; WML of 1 januari 2026; zorgtoeslag and huurtoeslag per
    # calendar year 2026, on the year's income: twelve times the same wage), so the average
    # over the six months is the March value of every point.
    from rulescore.analysis.months import analyse_months
    from rulescore.periods import parse_month

    a = analyse_months(program, single(program), "sara", Grid(parse_grid(POINTS)),
                       parse_month("2026-01"), parse_month("2026-06"))
    assert a.nets == (F(11363, 6), F(11363, 6), F(773417, 300))
    assert a.steps[0].pressure == 1
    assert a.steps[1].pressure == 1 - F(205267, 344160)
    assert a.to_dict()["van"] == "2026-01"
    # the decomposition over the months: each month's terms are the March snapshot's (the
    # hand-computed case above), so their average is too, term by term and per step
    snap = analyse(program, single(program), "sara", Grid(parse_grid(POINTS)))
    assert [p.terms for p in a.points] == [p.terms for p in snap.points]
    for over_months, in_march in zip(a.steps, snap.steps):
        assert over_months.term_parts == in_march.term_parts
        assert over_months.parts == in_march.parts
        assert over_months.thresholds == in_march.thresholds and in_march.thresholds


def test_a_range_replaces_a_dated_wage_in_every_month(program):
    # examples/baan_vanaf_juli.json: no wage until June, € 2.500 from July. Over January
    # to June with the wage varied, every month is the plain situation of that month with
    # the grid's wage: the same as the snapshot analysis of March (nothing else is dated)
    import datetime as dt

    from rulescore.analysis.months import analyse_months, with_wage
    from rulescore.periods import parse_month

    dated = Situation.from_json(
        (EXAMPLE_PATH.parent / "baan_vanaf_juli.json").read_text(encoding="utf-8"), program)
    grid = Grid(parse_grid("0:3000:1500"))
    over = analyse_months(program, dated, "daan", grid, parse_month("2026-01"),
                          parse_month("2026-06"))
    snap = analyse(program, dated, "daan", grid, dt.date(2026, 3, 1), decompose=False)
    assert over.nets == snap.nets
    assert over.nets[0] != over.nets[2]
    # from July the job itself is gone: the wage is the grid's
    varied = with_wage(dated, "daan", F(0)).at(dt.date(2026, 8, 1))
    assert varied.persons["daan"]["loon_uit_dienstbetrekking"] == 0


def test_command_over_months_and_its_errors(situation_file):
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--van", "2026-01", "--tot", "2026-06", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [p["netto_huishouden"] for p in doc["punten"]] == ["1893.83", "1893.83", "2578.06"]
    assert (doc["van"], doc["tot"]) == ("2026-01", "2026-06")
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--van", "2026-01", "--tot", "2026-06")
    assert res.exit_code == 0 and "over 2026-01 tot en met 2026-06" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--van", "2026-01")
    assert res.exit_code == 2 and "--tot" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--baan", "36",
                 "--uurloon", "14,71", "--van", "2026-01", "--tot", "2026-06")
    assert res.exit_code == 2 and "--baan" in res.output
    res = invoke("werkloont", situation_file, "--persoon", "sara", "--brutoloon", POINTS,
                 "--van", "dertien", "--tot", "2026-06")
    assert res.exit_code == 2 and "--van" in res.output


# A single parent with a child of 3 in childcare and huurtoeslag (issue #16 §4), March 2026:
# examples/alleenstaande_ouder_kinderopvang.json. lisa, born 14 September 1992, no partner,
# rents w1 for a kale huur of € 750 per maand; noah, born 10 February 2023 (3 on the
# peildatum, 2 on 1 January 2026), lives with her and goes to a registered dagopvang 100 hours
# a month at € 11,80 an hour. No other income, no capital. lisa earns € 2.500 or € 3.500
# gross per month (Y = 30.000 or 42.000 per jaar; the year is twelve times the month).
# Figures are the bundled 2026 parameters; those the rules hold as an aanname are marked (A).
#
# Netto loon (Wet IB 2001; Wet LB 1964 art. 25 lid 1: a twelfth of the year's heffing):
#   Y 30.000: belasting art. 2.10 lid 1: 8,10% x 30.000 = 2.430; premies volksverzekeringen
#     (Wfsv art. 10; AOW 17,90 + Anw 0,10 + Wlz 9,65 = 27,65%, published rates (A)) 8.295;
#     together 10.725.
#     AHK art. 8.10: 3.115 - 6,398% x (30.000 - 29.736) = 3.098,10928
#     AK art. 8.11 lid 1: min(5.300; 996 + 31,009% x 18.035) + 1,95% x (30.000 - 25.845) =
#       5.300 + 81,0225 = 5.381,0225
#     IACK art. 8.14a (noah is under 12 on 1 January and born before 2025, art. 10a.30; lisa
#       has no partner): 11,45% x (30.000 - 6.239) = 2.720,6345 (below the maximum 3.032)
#     kortingen 11.199,76628 > heffing 10.725: at most the heffing (art. 8.8), so no
#       inkomensheffing; Zvw: on a wage the employer pays (Zvw art. 42), nothing withheld;
#       netto 2.500,00 per maand.
#   Y 42.000 (above the first bracket's end 38.883): belasting 3.149 + 37,56% x 3.117 =
#     4.319,7452; premies 27,65% x 38.883 = 10.751,1495 (Wfsv art. 10: capped at the first
#     bracket); together 15.070,8947.
#     AHK 3.115 - 6,398% x 12.264 = 2.330,34928
#     AK 5.300 + 1,95% x 16.155 = 5.615,0225 (below 5.685, no afbouw below 45.592)
#     IACK min(3.032; 11,45% x 35.761 = 4.094,6345) = 3.032
#     kortingen 10.977,37178; inkomensheffing 4.093,52292;
#     netto (42.000 - 4.093,52292) / 12 = 3.158,873090 -> 3.158,87 (op centen (A)).
# Zorgtoeslag (Wzt art. 2 lid 1 en 2; Awir art. 14 lid 4): drempelinkomen 108% x 2.294,40 x 12
#   = 29.735,424 -> 29.736 (A: Dienst Toeslagen rounds up); normpremie 1,912% x 29.736 =
#   568,55232 plus 13,73% of the income above the drempel:
#   Y 30.000: 2.119 - (568,55232 + 36,2472) = 1.514,20048 -> 1.514 per jaar
#   Y 42.000: 2.119 - (568,55232 + 1.683,8472) < 0 -> 0 (the toeslag ends at about 41.028)
# Kindgebonden budget (WKB art. 2 lid 2, 6 en 7): 2.580 for noah + alleenstaande-ouderkop
#   3.416 = 5.996, minus 7,60% of the income above the drempelinkomen 29.736:
#   Y 30.000: 5.996 - 20,064 = 5.975,936 -> 5.976; Y 42.000: 5.996 - 932,064 = 5.063,936 -> 5.064
# Huurtoeslag (Wht 2026): noah is a medebewoner (Awir art. 1 lid 1 onder e), so a
#   meerpersoonshuishouden of two (art. 20 lid 2 onder a: aftoppingsgrens 713,02); with her
#   child in the home the huurgrens is 932,93 (art. 13 lid 1), so the rekenhuur is 750; noah's
#   income is 0 (Awir art. 7 lid 6). Basishuur 252,49 - 3,63 (art. 17 lid 2-3) - 48,15 (Wet
#   verlaging eigen bijdrage; the 2026 amount is an aanname (A)) + 0 (art. 16 (A)) = 200,71.
#   Art. 21 lid 1: (498,20 - 200,71) + 65% x (713,02 - 498,20) + 40% x (750 - 713,02) (65 and
#   40% (A)) = 297,49 + 139,633 + 14,792 = 451,915 per maand; afbouw (art. 21 lid 2) 22% of the
#   rekeninkomen above the minimum-inkomensijkpunt 31.500 (meerpersoons; UNCONFIRMED (A)):
#   Y 30.000: below the ijkpunt: 451,915 x 12 = 5.422,98 -> 5.423 per jaar
#   Y 42.000: 22% x 10.500 = 2.310 per jaar; 5.422,98 - 2.310 = 3.112,98 -> 3.113
# Kinderopvangtoeslag (Wet kinderopvang art. 1.5-1.7; Besluit kinderopvangtoeslag art. 4, 8):
#   100 hours (below the 230 of art. 8a) at the maximum uurprijs dagopvang 11,23 (A: 2026 figure
#   from secondary sources), the price 11,80 being above it: 1.123 per maand; the first child's
#   percentage for a toetsingsinkomen below 56.413 is 96% (confirmed: the lowest class of the
#   2026 table; the classes above it are UNCONFIRMED but neither point reaches them):
#   1.078,08 per maand at both points (not rounded (A)).
#   Costs of childcare (besteedbaar inkomen, A): 100 x 11,80 = 1.180 per maand; own share 101,92.
# Kinderbijslag (AKW art. 12; age 2 on 1 January 2026): 295,07 per kwartaal, 98,356... per maand.
# Bijstand (PW art. 19, 21): netto loon above the norm of 1.401,50 at both points: none.
# Household per month:
#   2.500: 2.500 + (1.514 + 5.976 + 5.423) / 12 + 295,07 / 3 + 1.078,08 - 1.180
#        = 2.500 + 14.093,28 / 12 - 101,92 = 2.500 + 1.174,44 - 101,92 = 3.572,52
#   3.500: 3.158,87 + (0 + 5.064 + 3.113 + 1.180,28) / 12 - 101,92
#        = 3.056,95 + 9.357,28 / 12 = 46.040,68 / 12 = 3.836,72333... = 1151017/300
# Marginal pressure: Δ net 79261/300 = 264,20333 of Δ gross 1.000: 1 - 79261/300000 = 73,58 %,
# above the 70 % flag. Per regulation (−Δ / 1.000):
#   inkomstenbelasting (3.500 - 3.158,87) / 1.000 = 34,113 %: at 2.500 the kortingen cover the
#     whole heffing, at 3.500 they do not, so every term of the heffing appears at once:
#     belasting box 1 4.319,7452 / 12.000, premies 10.751,1495 / 12.000, minus AHK
#     2.330,34928 / 12.000, AK 5.615,0225 / 12.000 and IACK 3.032 / 12.000, plus the rounding
#     of the netto (3.158,873090 - 3.158,87) / 1.000;
#   zorgtoeslag 1.514 / 12.000 = 12,617 % (its standaardpremie 2.119 and normpremie 604,79952
#     at 2.500 both gone, and the rounding 0,20048);
#   kindgebonden budget 912 / 12.000 = 7,6 % (the afbouw of art. 2 lid 7 on the 12.000 more);
#   huurtoeslag 2.310 / 12.000 = 19,25 % (22% of the 10.500 above the ijkpunt (A));
#   kinderopvangtoeslag, its costs and the kinderbijslag 0 (96 % at both points).
SINGLE_PARENT_PATH = EXAMPLE_PATH.parent / "alleenstaande_ouder_kinderopvang.json"
SINGLE_PARENT_POINTS = "2500:3500:1000"


def single_parent(program):
    return Situation.from_json(SINGLE_PARENT_PATH.read_text(encoding="utf-8"), program)


def test_single_parent_with_childcare_and_huurtoeslag(program):
    a = analyse(program, single_parent(program), "lisa", Grid(parse_grid(SINGLE_PARENT_POINTS)))
    assert set(a.household) == {"lisa", "noah"}
    assert a.wages == (F(2500), F(3500))
    assert a.nets == (F("3572.52"), F(1151017, 300))
    assert a.recomputed == 0
    (step,) = a.steps
    assert step.pressure == 1 - F(79261, 300000)
    assert step.flags == ("druk>70%",)
    # per regulation, per month
    assert step.changes == {"brutoloon": 1000, IB: F("3158.87") - 3500,
                            "zorgtoeslag": F(-1514, 12), "kindgebonden_budget": F(-912, 12),
                            "huurtoeslag": F(-2310, 12)}
    assert step.parts[IB] == F("341.13") / 1000
    assert step.parts["zorgtoeslag"] == F(1514, 12000)
    assert step.parts["kindgebonden_budget"] == F(912, 12000)
    assert step.parts["huurtoeslag"] == F(2310, 12000)
    assert step.parts["brutoloon"] == 0
    assert "kinderopvangtoeslag" not in step.changes and "kinderbijslag" not in step.changes
    # the level of each point per regulation, per month
    first, second = a.points
    kot = F("1078.08") - 1180
    for p in a.points:
        assert sum(v for (g, _), v in p.terms.items() if g == "kinderopvangtoeslag") == kot
        assert sum(v for (g, _), v in p.terms.items() if g == "kinderbijslag") == F("295.07") / 3
    assert not any(g == IB for g, _ in first.terms)  # the kortingen cover the heffing
    assert sum(v for (g, _), v in second.terms.items() if g == "huurtoeslag") == F(3113, 12)
    assert sum(v for (g, _), v in first.terms.items() if g == "huurtoeslag") == F(5423, 12)
    # per term
    t = step.term_parts
    assert t[(IB, f"{IB}.belasting_box_1")] == F("4319.7452") / 12000
    assert t[(IB, f"{IB}.premie_volksverzekeringen")] == F("10751.1495") / 12000
    assert t[(IB, f"{IB}.algemene_heffingskorting")] == -F("2330.34928") / 12000
    assert t[(IB, f"{IB}.arbeidskorting_volledig")] == -F("5615.0225") / 12000
    assert t[(IB, f"{IB}.inkomensafhankelijke_combinatiekorting")] == -F(3032, 12000)
    assert t[(IB, f"{IB}.netto_inkomen (afronding)")] \
        == (F("37906.47708") / 12 - F("3158.87")) / 1000
    assert t[("zorgtoeslag", "zorgtoeslag.normpremie")] == -F("604.79952") / 12000
    # the standaardpremie (Wzt art. 4) is a term of its own, named by itself
    assert t[("zorgtoeslag", "zorgtoeslag.standaardpremie")] == F(2119, 12000)
    assert t[("huurtoeslag", "huurtoeslag.afbouw")] == F(2310, 12000)
    assert t[("kindgebonden_budget", "kindgebonden_budget.berekend_budget")] == F(912, 12000)
    assert sum(t.values()) == step.pressure
    # the thresholds crossed: the first bracket (art. 2.10), the kortingen no longer capped
    # at the heffing (art. 8.8), the zorgtoeslag below the minimum (Awir art. 14 lid 5)
    text = " | ".join(step.thresholds)
    assert "belastbaar_inkomen_uit_werk_en_woning <= eerste_schijf_tot (ja → nee)" in text
    assert "inkomstenbelasting.heffingskortingen: min(" in text
    assert "zorgtoeslag.zorgtoeslag:" in text
    # and the minimum-inkomensijkpunt of the huurtoeslag (art. 21 lid 2): 30.000 below the
    # 31.500, 42.000 above it — a threshold inside the afbouw's product with 22 %
    assert ("huurtoeslag.afbouw: max(0, rekeninkomen - minimum_inkomensijkpunt) "
            "(0 → rekeninkomen - minimum_inkomensijkpunt)") in text


def test_single_parent_example_on_the_command_line():
    res = invoke("werkloont", str(SINGLE_PARENT_PATH), "--persoon", "lisa", "--brutoloon",
                 SINGLE_PARENT_POINTS, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [p["netto_huishouden"] for p in doc["punten"]] == ["3572.52", "3836.72"]
    (step,) = doc["stappen"]
    assert step["marginale_druk"] == "0.735797"  # 220739/300000 = 0,7357966...
    assert step["signalen"] == ["druk>70%"]
    assert step["per_regeling"]["huurtoeslag"]["delta"] == "-192.50"  # 2.310 / 12
