"""Comparing a reform's transitional options (issue #19 §3): ``hervorming vanaf`` with
``optie`` blocks in a scenario, checked (RS285–RS289, and the regimes of an option as any
regimes, RS245), and ``rulescore overgang`` per option, person and year.

The worked figures are computed by hand from the Participatiewet: a single person of 21 or
older below the pensioengerechtigde leeftijd, without kostendelers, has the norm of art. 21
onder a (€ 1.419,46 per month per 1 July 2026, held after 2026 by the example scenario's
named assumption; € 1.369,46 per month from 2028 under the reform, also an assumption).
Amounts per year are the month's norm on 1 January × 12 ("op jaarbasis", as impact does).
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from rulescore import overgang
from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.regimes import choices
from rulescore.situation import Situation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scenarios" / "bijstand_dubbele_heffingskorting.scenario"
NORM = "participatiewet.bijstandsnorm"


def person(start: str, home: str) -> dict:
    return {"geboortedatum": "1990-05-01", "woonadres": home, "student": False,
            "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
            "ingangsdatum_bijstand": start,
            "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen",
                     "inkomen_box_2_en_3"]}


def situation(**starts: str) -> str:
    # each in a house of his own: no kostendelers (PW art. 22a)
    return json.dumps({"personen": {name: person(s, "w_" + name) for name, s in starts.items()},
                       "woningen": {"w_" + name: {} for name in starts}})


@pytest.fixture(scope="module")
def example():
    return overgang.load(str(EXAMPLE))


def yearly(report: dict, option: str, who: str) -> list[tuple]:
    found = next(o for o in report["opties"] if o["optie"] == option)
    p = next(p for p in found["personen"] if p["persoon"] == who)
    return [(r["jaar"], r["bedrag"], r["verschil"]) for r in p["jaren"]], p["totaal"]


YEARS = [2028, 2029, 2030, 2031, 2032]
OLD, NEW = 1419.46 * 12, 1369.46 * 12  # PW art. 21 onder a, per month × 12


def test_direct_gives_everyone_the_new_norm_from_the_reform(example):
    # art. 21 onder a: € 1.369,46 × 12 = € 16.433,52 a year, € 600 less than € 17.033,52
    report = overgang.per_person(example, situation(anna="2026-03-01"), NORM, YEARS)
    rows, total = yearly(report, "direct", "anna")
    assert rows == [(y, 16433.52, -600.0) for y in YEARS]
    assert total == {"bedrag": 82167.6, "huidig": 85167.6, "verschil": -3000.0}


def test_eerbiedigende_werking_keeps_the_old_norm_for_who_had_bijstand(example):
    # anna's right began in 2026, before the reform: she keeps € 1.419,46 × 12 = € 17.033,52;
    # bram's right begins in 2029: the new norm (and in 2028, before his right, too)
    report = overgang.per_person(example, situation(anna="2026-03-01", bram="2029-06-01"),
                                 NORM, YEARS)
    assert yearly(report, "eerbiedigend", "anna")[0] == [(y, 17033.52, 0.0) for y in YEARS]
    assert yearly(report, "eerbiedigend", "bram")[0] == [(y, 16433.52, -600.0) for y in YEARS]


def test_afbouw_moves_in_five_yearly_steps(example):
    # geleidelijk … in 5 jaarlijkse stappen vanaf 2028 (docs/overgangsrecht.rst): from
    # 2028 + (k-1) the norm is 1.419,46 - 50 × k/5 = 1.419,46 - 10k; × 12 a year
    report = overgang.per_person(example, situation(anna="2026-03-01"), NORM, YEARS)
    rows, total = yearly(report, "afbouw", "anna")
    assert rows == [(2028, 16913.52, -120.0), (2029, 16793.52, -240.0),
                    (2030, 16673.52, -360.0), (2031, 16553.52, -480.0),
                    (2032, 16433.52, -600.0)]
    assert total["verschil"] == -1800.0


def test_the_command_gives_the_same_figures_as_json():
    run = CliRunner().invoke(main, ["overgang", "-", "--scenario", str(EXAMPLE), "--json",
                                    "--uitkomst", NORM, "--jaren", "2027:2029",
                                    "--optie", "afbouw"], input=situation(anna="2026-03-01"))
    assert run.exit_code == 0, run.output
    report = json.loads(run.stdout)
    assert report["hervorming"] == "2028-01-01" and report["jaren"] == [2027, 2028, 2029]
    rows, total = yearly(report, "afbouw", "anna")
    # 2027: before the reform, the held norm under both; then the first two steps
    assert rows == [(2027, 17033.52, 0.0), (2028, 16913.52, -120.0), (2029, 16793.52, -240.0)]
    table = CliRunner().invoke(main, ["overgang", "-", "--scenario", str(EXAMPLE),
                                      "--uitkomst", NORM, "--jaren", "2028"],
                               input=situation(anna="2026-03-01"))
    assert table.exit_code == 0 and "-€ 600,00" in table.output and "optie afbouw" in table.output


def test_the_command_wants_a_situation_or_a_population():
    run = CliRunner().invoke(main, ["overgang", "--scenario", str(EXAMPLE)])
    assert run.exit_code == 2 and "SITUATIE of --populatie" in run.output
    bad = CliRunner().invoke(main, ["overgang", "-", "--scenario", str(EXAMPLE),
                                    "--jaren", "2030:2028"], input=situation(a="2026-01-01"))
    assert bad.exit_code == 2 and "--jaren" in bad.output


# ------------------------------------------------------------------ checks
HEAD = """scenario s "S"
wijzig parameter participatiewet.norm_21_alleenstaande
  aanname "a"
  vanaf 1 januari 2027: € 1.419,46
  vanaf 1 januari 2028: {new}
invoer ingangsdatum_bijstand: datum van persoon
  bron BWBR0015703 artikel 44 lid 1
hervorming vanaf 1 januari 2028
"""


def write(tmp_path, options: str, new: str = "€ 1.369,46") -> str:
    path = tmp_path / "s.scenario"
    path.write_text(HEAD.format(new=new) + options, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("options, code, words", [
    ('optie leeg "Niets"\n', "RS285", "optie 'leeg' noemt geen parameter"),
    ('optie x "X"\n  wijzig parameter participatiewet.norm_21_gehuwden = nieuw\n',
     "RS286", "verandert die parameter niet"),
    ('optie x "X"\n  wijzig parameter participatiewet.norm_21_alleenstaande = nieuw\n'
     'optie x "Y"\n  wijzig parameter participatiewet.norm_21_alleenstaande = oud\n',
     "RS287", "optie 'x' staat er twee keer"),
    ('optie x "X"\n  wijzig parameter participatiewet.norm_21_alleenstaande = nieuw\n'
     '  wijzig parameter participatiewet.norm_21_alleenstaande = oud\n',
     "RS287", "twee keer"),
])
def test_an_option_that_does_not_fit_the_reform_is_named(tmp_path, options, code, words):
    with pytest.raises(RulesError) as exc:
        load_program(scenario=write(tmp_path, options))
    text = exc.value.render()
    assert code in text and words in text and "s.scenario:" in text


def test_a_reform_that_changes_nothing_from_its_date_is_rs277(tmp_path):
    path = tmp_path / "s.scenario"
    path.write_text(HEAD.replace("  vanaf 1 januari 2028: {new}\n", "")
                    + 'optie x "X"\n  wijzig parameter participatiewet.norm_21_alleenstaande'
                      ' = nieuw\n', encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        load_program(scenario=str(path))
    assert "RS288" in exc.value.render()


def test_an_unknown_option_is_rs278_with_the_options():
    with pytest.raises(RulesError) as exc:
        load_program(scenario=str(EXAMPLE), option="afbouwen")
    assert "RS289" in exc.value.render() and "afbouw" in exc.value.render()


def test_an_option_whose_regimes_leave_a_gap_is_rs245(tmp_path):
    path = write(tmp_path, 'optie e "E"\n  wijzig parameter participatiewet.norm_21_alleenstaande\n'
                           '    overgangsrecht volgens ingangsdatum_bijstand\n'
                           '    regime bestaand "B"\n      gesloten instroom vanaf 1 januari 2028\n'
                           '      = oud\n')
    for option in ("e", None):  # the option's program, and the scenario that holds it
        with pytest.raises(RulesError) as exc:
            load_program(scenario=path, option=option)
        assert "RS245" in exc.value.render() and "2028-01-01" in exc.value.render()
    load_program(scenario=path, current=True)  # current law does not state the option


def test_check_of_a_scenario_names_the_problems_of_every_option(tmp_path):
    # two options, each with an unknown name in its body: `rulescore check` shows both
    path = write(tmp_path, 'optie a "A"\n  wijzig parameter participatiewet.norm_21_alleenstaande'
                           ' = nieuw + onbekend_a\n'
                           'optie b "B"\n  wijzig parameter participatiewet.norm_21_alleenstaande'
                           ' = oud + onbekend_b\n')
    result = CliRunner().invoke(main, ["check", "--scenario", path])
    assert result.exit_code != 0
    assert "onbekend_a" in result.output and "onbekend_b" in result.output


# ------------------------------------------------------------------ properties
OPTIONS = """optie gelijk "Als het huidige recht"
  wijzig parameter participatiewet.norm_21_alleenstaande = oud
optie direct "Direct"
  wijzig parameter participatiewet.norm_21_alleenstaande = nieuw
optie eerbiedigend "Eerbiedigend"
  wijzig parameter participatiewet.norm_21_alleenstaande
    overgangsrecht volgens ingangsdatum_bijstand
    regime bestaand "B"
      gesloten instroom vanaf 1 januari 2028
      = oud
    regime nieuw "N"
      voor ingangsdatum_bijstand vanaf 1 januari 2028
      = nieuw
optie afbouw "Afbouw"
  wijzig parameter participatiewet.norm_21_alleenstaande
    = geleidelijk van oud naar nieuw in {steps} jaarlijkse stappen vanaf 1 januari 2028
"""


def euros(cents: int) -> str:
    text = f"{cents // 100:,}".replace(",", ".")
    return f"€ {text},{cents % 100:02d}"


@settings(max_examples=6, deadline=None)
@given(new=st.integers(50_000, 250_000), steps=st.integers(1, 6),
       start=st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)))
def test_properties_of_the_options(tmp_path_factory, new, steps, start):
    path = write(tmp_path_factory.mktemp("p"), OPTIONS.format(steps=steps), new=euros(new))
    report = overgang.per_person(overgang.load(path), situation(a=start.isoformat()), NORM,
                                 list(range(2027, 2035)))
    by = {o["optie"]: [r for r in o["personen"][0]["jaren"]] for o in report["opties"]}
    # an option identical to current law differs by nothing, every year
    assert all(r["verschil"] == 0 for r in by["gelijk"])
    previous = None
    for d, e, a in zip(by["direct"], by["eerbiedigend"], by["afbouw"]):
        low, high = sorted((d["bedrag"], e["bedrag"]))
        assert low <= a["bedrag"] <= high  # the afbouw lies between the two, every year
        if previous is not None:  # and moves one way, from the old value to the new
            assert (a["bedrag"] - previous) * (new / 100 - 1419.46) >= 0
        previous = a["bedrag"]
    # the last step (from 2028 + steps - 1 ≤ 2033) has reached the new norm by 2034
    assert by["afbouw"][-1]["bedrag"] == pytest.approx(new / 100 * 12)


@settings(max_examples=10, deadline=None)
@given(start=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)),
       first=st.dates(dt.date(2028, 1, 1), dt.date(2040, 12, 31)),
       second=st.dates(dt.date(2028, 1, 1), dt.date(2040, 12, 31)))
def test_a_persons_regime_does_not_move_with_the_peildatum(start, first, second):
    program = _eerbiedigend()
    seen = set()
    for day in (first, second):
        sit = Situation.from_json(situation(a=start.isoformat()), program)
        found = [c.name for c in choices(program, sit, day, "participatiewet")
                 if c.definition.endswith("norm_21_alleenstaande")]
        seen.add(tuple(found))
    assert len(seen) == 1 and seen.pop() == (("bestaand",) if start < dt.date(2028, 1, 1)
                                              else ("nieuw",))


_PROGRAMS: dict = {}


def _eerbiedigend():
    if "e" not in _PROGRAMS:
        _PROGRAMS["e"] = load_program(scenario=str(EXAMPLE), option="eerbiedigend")
    return _PROGRAMS["e"]


def test_current_law_of_the_comparison_is_the_scenario_before_its_reform(example):
    # the values before 2028 complete current law (held norm), the reform's are left out
    date = dt.date(2030, 1, 1)
    sit = Situation.from_json(situation(a="2026-01-01"), example.current)
    from rulescore.reference.results import evaluate

    value = evaluate(example.current, sit, date, outputs=[NORM]).values[(NORM, "a")]
    assert value == Fraction("1419.46")


# ------------------------------------------------------------------ over a population
POPULATION_SCENARIO = """scenario s "Norm alleenstaande vanaf juli 2026 lager"
wijzig parameter participatiewet.norm_21_alleenstaande
  aanname "Rekenvoorbeeld voor de test, geen voorstel."
  vanaf 1 juli 2026 tot 1 januari 2027: € 1.369,46
invoer ingangsdatum_bijstand: datum van persoon
  bron BWBR0015703 artikel 44 lid 1
hervorming vanaf 1 juli 2026
optie direct "Direct"
  wijzig parameter participatiewet.norm_21_alleenstaande = nieuw
optie eerbiedigend "Eerbiedigend"
  wijzig parameter participatiewet.norm_21_alleenstaande
    overgangsrecht volgens ingangsdatum_bijstand
    regime bestaand "B"
      gesloten instroom vanaf 1 juli 2026
      = oud
    regime nieuw "N"
      voor ingangsdatum_bijstand vanaf 1 juli 2026
      = nieuw
"""


def test_over_a_population_the_impact_report_gives_each_options_cost(tmp_path):
    import pyarrow.parquet as pq

    from rulescore.batch import parquet_io

    path = tmp_path / "s.scenario"
    path.write_text(POPULATION_SCENARIO, encoding="utf-8")
    program = load_program(scenario=str(path))
    jobless = {**person("2025-02-01", "w1"), "zorgverzekerd": True, "rendementsgrondslag": 0,
               "geen": []}
    jobless.update(loon_uit_dienstbetrekking=0, overig_belastbaar_inkomen=0,
                   inkomen_box_2_en_3=0)
    worker = {**jobless, "loon_uit_dienstbetrekking": 4000}
    docs = [{"peildatum": "2026-07-01", "personen": {"p": p}, "woningen": {"w1": {}}}
            for p in (jobless, worker)]
    table = parquet_io.households_table(docs, program, ["h1", "h2"], [4.0, 6.0])
    pq.write_table(table, tmp_path / "p.parquet")
    report = overgang.per_population(overgang.load(str(path)), str(tmp_path / "p.parquet"),
                                     [2026])
    direct, kept = (o["jaren"][0] for o in report["opties"])
    bijstand = next(b for b in direct["budget"] if b["regeling"] == "participatiewet")
    # PW art. 21 onder a: € 50 a month less for the jobless household (weight 4):
    # 4 × € 50 × 12 = € 2.400 a year less bijstand; the worker has no bijstand either way
    assert bijstand["verschil"] == pytest.approx(-2400.0)
    assert direct["verliezers"] == 4.0 and direct["winnaars"] == 0.0
    # eerbiedigende werking: his right began in 2025, he keeps the old norm; nobody affected
    assert kept["getroffen"] == 0.0 and kept["kosten"] == 0.0


def test_a_scenario_with_options_round_trips_through_the_printer():
    from rulescore.dsl import parse
    from rulescore.dsl.printer import print_regulation

    versions = ('optie stap "In twee stappen"\n  aanname "b"\n'
                '  wijzig parameter participatiewet.norm_21_alleenstaande\n'
                '    bron BWBR0015703 artikel 21 onderdeel a\n'
                '    versie tot 1 januari 2029\n      = (oud + nieuw) / 2\n'
                '    versie vanaf 1 januari 2029\n      aanname "c"\n      = nieuw\n')
    for text in (EXAMPLE.read_text(encoding="utf-8"),
                 HEAD.format(new="€ 1.369,46") + OPTIONS.format(steps=3) + versions):
        model = parse(text, "s.scenario")
        assert model.reform is not None and len(model.reform.options) >= 3
        assert parse(print_regulation(model), "printed") == model


def test_the_batch_leaves_a_row_without_the_regimes_date_to_the_exact_evaluator(tmp_path):
    # bram lacks ingangsdatum_bijstand (no standaard here), the date the eerbiedigend option's
    # regimes choose by: the reference evaluator names it (RS321); so must the batch
    from rulescore.batch.population import Population
    from rulescore.batch.run import evaluate_batch

    program = load_program(scenario=write(tmp_path, OPTIONS.format(steps=5)),
                           option="eerbiedigend")
    people = json.loads(situation(anna="2026-03-01", bram="2029-06-01"))
    del people["personen"]["bram"]["ingangsdatum_bijstand"]
    sit = Situation.from_json(json.dumps(people), program, "s.json")
    result = evaluate_batch(program, Population.from_situations([sit], program),
                            dt.date(2028, 1, 1), outputs=[NORM])
    assert [d.code for d in result.errors[0].diagnostics] == ["RS321"]
    assert "bram" in result.errors[0].diagnostics[0].message


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_the_batch_gives_each_option_exactly_the_reference_outcome(example, data):
    # every option (regimes chosen by a drawn ingangsdatum_bijstand, the afbouw schedule)
    # in a year after the reform, the other figures held by 'waarden doorgetrokken'
    from rulescore.testing import assert_batch_equals_reference, situations

    date = data.draw(st.sampled_from([dt.date(2028, 1, 1), dt.date(2030, 7, 1)]))
    for name, (_, program) in example.options.items():
        docs = data.draw(st.lists(situations(program, max_persons=3, date=date),
                                  min_size=1, max_size=3), label=name)
        assert_batch_equals_reference(program, docs, date)


def test_rulescore_fmt_lays_out_the_reform_and_its_options():
    from rulescore.dsl import parse
    from rulescore.dsl.formatter import format_text

    text = EXAMPLE.read_text(encoding="utf-8")
    laid = format_text(text, "s.scenario")
    assert format_text(laid, "s.scenario") == laid  # idempotent
    assert parse(laid, "s.scenario") == parse(text, "s.scenario")
    lines = laid.splitlines()
    for head in ("waarden doorgetrokken tot", "hervorming vanaf", 'optie direct "',
                 'optie afbouw "'):
        i = next(i for i, line in enumerate(lines) if line.startswith(head))
        assert lines[i - 1] == ""  # a declaration of its own, after a blank line
    assert "  wijzig parameter participatiewet.norm_21_alleenstaande" in lines
    assert "    overgangsrecht volgens ingangsdatum_bijstand" in lines
