"""Scenarios that change rules (issue #20 §3, #22 §3): ``wijzig definitie``, a binding
from a date (``bind … vanaf``) and ``gebruikt`` in a scenario; each with a household whose
amount changes by a figure derived by hand from the law, and the property that a scenario
restating current law changes nothing in a generated population."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from rulescore import model as m
from rulescore.dsl import parse
from rulescore.dsl.printer import print_regulation
from rulescore.errors import RulesError
from rulescore.impact import budget, report
from rulescore.plugins import load_program
from rulescore.reference.explanation import explain
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.testing import assert_batch_equals_reference, situations

BASE = load_program()

# PW art. 21 onderdeel a, the alleenstaandennorm per 1 July 2026 a tenth higher
NORM_HOGER = """\
scenario norm_hoger "De alleenstaandennorm vanaf 1 juli 2026 10% hoger"
status optie
gebruikt participatiewet
wijzig definitie alleenstaandennorm: bedrag per maand
  bron artikel 21 onderdeel a
  aanname "Rekenvoorbeeld: de norm voor een alleenstaande van 21 jaar of ouder 10% hoger."
  versie vanaf 1 juli 2026
    = als leeftijd < 21 dan norm_20_alleenstaande_jongere
      anders als kostendelersnorm_van_toepassing dan kostendelersnorm
      anders als aow.heeft_pensioengerechtigde_leeftijd dan norm_22_alleenstaande
      anders norm_21_alleenstaande * 110% afgerond op centen
"""

# the Awir partner notion for the AOW from 1 April 2026 (the 2029 plan, moved into the
# years the bundled parameters cover)
AOW_AWIR = """\
scenario aow_awir "Het Awir-partnerbegrip voor de AOW vanaf 1 april 2026"
status optie
bind partner volgens awir voor aow vanaf 1 april 2026
"""

# current law restated: the same rule text, the same variant from a date, the same value
ZELFDE = """\
scenario zelfde "Geldend recht, opnieuw gezegd"
gebruikt participatiewet, zorgtoeslag
bind partner volgens aow voor aow vanaf 1 februari 2026
wijzig parameter standaardpremie
  bron BWBR0018451 artikel 4
  vanaf 1 januari 2026: € 2.119
wijzig definitie alleenstaandennorm
  bron artikel 21 onderdeel a
  = als leeftijd < 21 dan norm_20_alleenstaande_jongere
    anders als kostendelersnorm_van_toepassing dan kostendelersnorm
    anders als aow.heeft_pensioengerechtigde_leeftijd dan norm_22_alleenstaande
    anders norm_21_alleenstaande
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.scenario"
    path.write_text(text, encoding="utf-8")
    return path


def _scenario(tmp_path_factory, text: str):
    return load_program(scenario=_write(tmp_path_factory.mktemp("s"), "s", text))


def _problems(tmp_path, text: str) -> set[str]:
    with pytest.raises(RulesError) as info:
        load_program(scenario=_write(tmp_path, "x", text))
    return {d.code for d in info.value.diagnostics}


def _co_owners(date: str) -> dict:
    """Two AOW pensioners who own their home together and keep no joint household."""
    person = {"woonadres": "w1", "onverzekerde_jaren": 0}
    return {"peildatum": date, "woningen": {"w1": {}},
            "personen": {"a": {**person, "geboortedatum": "1950-01-01"},
                         "b": {**person, "geboortedatum": "1951-02-02"}},
            "relaties": [{"soort": "mede_eigenaar_woning", "personen": ["a", "b"]}]}


@pytest.fixture(scope="module")
def norm_hoger(tmp_path_factory):
    return _scenario(tmp_path_factory, NORM_HOGER)


@pytest.fixture(scope="module")
def aow_awir(tmp_path_factory):
    return _scenario(tmp_path_factory, AOW_AWIR)


# ---------------------------------------------------------------- wijzig definitie
@pytest.mark.parametrize("date, expected", [
    # PW art. 19 lid 2: bijstand = norm - middelen (€ 500). Before 1 July 2026 the
    # definition's own rule: art. 21 a per 1 January 2026 € 1.401,50 - 500.
    ("2026-03-15", "901,50"),
    # from 1 July the scenario's: art. 21 a per 1 July 2026 € 1.419,46 x 110 % =
    # 1.561,406 -> € 1.561,41 (op centen), - 500
    ("2026-09-15", "1061,41"),
])
def test_a_changed_definition_applies_from_its_version(norm_hoger, date, expected, sara_alone):
    sit = Situation.from_dict(sara_alone(date), norm_hoger)
    got = evaluate(norm_hoger, sit).value("participatiewet.algemene_bijstand", "sara")
    assert got == m.fraction(expected)
    base = evaluate(BASE, Situation.from_dict(sara_alone(date), BASE))
    # current law: € 1.401,50 - 500 in March, € 1.419,46 - 500 in September
    assert base.value("participatiewet.algemene_bijstand", "sara") == m.fraction(
        {"2026-03-15": "901,50", "2026-09-15": "919,46"}[date])


def test_the_explanation_shows_the_scenarios_rule_and_citation(norm_hoger, sara_alone):
    sit = Situation.from_dict(sara_alone("2026-09-15"), norm_hoger)
    result = evaluate(norm_hoger, sit, trace=True)
    graph = explain(result.context, "participatiewet.alleenstaandennorm", "sara")
    text = graph.render()
    assert "= € 1.561,41 per maand" in text and "versie vanaf 2026-07-01" in text
    assert "norm_21_alleenstaande * 110% afgerond op centen" in str(graph.to_dict())
    assert "aanname: scenario norm_hoger: Rekenvoorbeeld" in text
    assert "artikel 21 onderdeel a" in text


@settings(max_examples=20, deadline=None)
@given(docs=st.lists(situations(BASE, max_persons=3, date=dt.date(2026, 9, 1)),
                     min_size=1, max_size=4))
def test_batch_equals_reference_under_a_changed_definition(norm_hoger, docs):
    assert_batch_equals_reference(norm_hoger, docs, dt.date(2026, 9, 1))


def test_a_changed_definition_keeps_its_type_and_tijdvak(tmp_path):
    head = 'scenario x "x"\ngebruikt participatiewet\n'
    # restated with another type
    assert "RS274" in _problems(tmp_path, head + 'wijzig definitie alleenstaandennorm: bedrag '
                                "per jaar\n  aanname \"a\"\n  = € 1 per jaar\n")
    # another tijdvak
    assert "RS274" in _problems(tmp_path, head + 'wijzig definitie alleenstaandennorm\n  '
                                'aanname "a"\n  tijdvak jaar\n  = € 1 per maand\n')
    # a body of another type than the definition's: the checker's own RS232
    assert "RS232" in _problems(tmp_path, head + 'wijzig definitie alleenstaandennorm\n  '
                                'aanname "a"\n  = € 1 per jaar\n')
    # no grounds
    assert "RS273" in _problems(tmp_path, head + "wijzig definitie alleenstaandennorm\n  "
                                "= € 1 per maand\n")
    # not a definition; and an unknown name
    assert "RS272" in _problems(tmp_path, head + 'wijzig definitie norm_21_alleenstaande\n  '
                                'aanname "a"\n  = € 1 per maand\n')
    assert "RS272" in _problems(tmp_path, head + 'wijzig definitie geen_norm\n  '
                                'aanname "a"\n  = € 1 per maand\n')


def test_gebruikt_qualifies_names_and_reports_an_ambiguous_one(tmp_path):
    # 'gehuwd' is a definition of both the AOW and the Participatiewet
    text = ('scenario x "x"\ngebruikt aow, participatiewet\nwijzig definitie gehuwd\n'
            '  aanname "a"\n  = nee\n')
    assert "RS202" in _problems(tmp_path, text)
    assert "RS102" in _problems(tmp_path, 'scenario x "x"\ngebruikt geen_regeling\n')


# ---------------------------------------------------------------- bind … vanaf
@pytest.mark.parametrize("date, expected", [
    # AOW art. 1 lid 3: no gezamenlijke huishouding, so each is ongehuwd: art. 9 lid 1
    # per 1 January 2026 € 1.637,57 (full build-up, art. 13: no uninsured years)
    ("2026-03-01", "1637,57"),
    # from 1 April the Awir notion: co-owners of the dwelling they live in are partners
    # (Awir art. 3 lid 2 d), so each gets the amount for a gehuwde, € 1.122,12
    ("2026-05-01", "1122,12"),
])
def test_a_binding_holds_from_its_date(aow_awir, date, expected):
    sit = Situation.from_dict(_co_owners(date), aow_awir)
    result = evaluate(aow_awir, sit, outputs=["aow.ouderdomspensioen"])
    assert result.value("aow.ouderdomspensioen", "a") == m.fraction(expected)
    assert result.value("aow.ouderdomspensioen", "b") == m.fraction(expected)
    base = evaluate(BASE, Situation.from_dict(_co_owners(date), BASE),
                    outputs=["aow.ouderdomspensioen"])
    assert base.value("aow.ouderdomspensioen", "a") == m.fraction("1637,57")


def test_the_explanation_says_which_binding_held(aow_awir):
    for date, shown in (("2026-03-01", "versie tot 2026-04-01"),
                        ("2026-05-01", "versie vanaf 2026-04-01")):
        sit = Situation.from_dict(_co_owners(date), aow_awir)
        result = evaluate(aow_awir, sit, outputs=["aow.ouderdomspensioen"], trace=True)
        text = explain(result.context, "aow.ouderdomspensioen", "a").render()
        assert "partner/awir_vanaf_2026-04-01_daarvoor_aow" in text and shown in text
        assert ("partner/awir [a]" in text) == (date == "2026-05-01")


def test_a_binding_from_a_date_needs_a_variant_before_it(tmp_path):
    # the Wet op de zorgtoeslag binds no kostendelersnorm: nothing holds before the date
    text = open(Path(__file__).parents[1] / "plugins/participatiewet/participatiewet.rules",
                encoding="utf-8").read()
    assert "begrip kostendelende_medebewoners" in text
    codes = _problems(tmp_path, 'scenario x "x"\nbind kostendelende_medebewoners volgens '
                      'participatiewet voor zorgtoeslag vanaf 1 januari 2029\n')
    assert codes == {"RS275"}


# ---------------------------------------------------------------- text and property
@pytest.mark.parametrize("text", [NORM_HOGER, AOW_AWIR, ZELFDE])
def test_the_printer_round_trips_the_new_clauses(text):
    reg = parse(text, "s.scenario")
    again = parse(print_regulation(reg), "s.scenario")
    assert print_regulation(again) == print_regulation(reg)
    assert again.uses == reg.uses and again.bindings[0].vanaf == reg.bindings[0].vanaf \
        if reg.bindings else True


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_a_scenario_restating_current_law_changes_nothing(seed):
    from rulescore.population.generate import generate
    from rulescore.population.targets import load
    import pyarrow.parquet as pq
    from rulescore.batch import parquet_io

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        same = load_program(scenario=str(_write(folder, "zelfde", ZELFDE)))
        targets = load()
        sample = generate(30, seed, targets.assumptions, targets.type_shares(),
                          dt.date(2026, 3, 1))
        path = str(folder / "p.parquet")
        pq.write_table(parquet_io.households_table(
            sample.documents, BASE, [f"h{i}" for i in range(30)], [1.0] * 30), path)
        lines = budget.load(BASE)
        h, losers, _ = report.evaluate(path, BASE, same, lines, None)
        assert (h.change == 0).all() and (h.lines_base == h.lines_scenario).all()
        assert losers == []


def test_check_names_the_variant_on_each_side_of_the_date():
    from click.testing import CliRunner
    from rulescore.cli import main

    path = Path(__file__).parents[1] / "examples/scenarios/aow_awir_partner_2029.scenario"
    run = CliRunner().invoke(main, ["check", "--scenario", str(path)])
    assert run.exit_code == 0, run.output
    assert "aow: begrip partner volgens aow tot 2029-01-01, volgens awir vanaf 2029-01-01" \
        in run.output


@pytest.mark.parametrize("date, holds, start, end, ground", [
    # before 1 April 2026 current law: the AOW's own partner notion (AOW art. 1)
    ("2026-03-01", "aow", None, "2026-04-01", "geldend recht"),
    # from it the scenario's: the Awir's (art. 3)
    ("2026-05-01", "awir", "2026-04-01", None, "scenario aow_awir"),
])
def test_regimes_shows_which_binding_holds_on_the_peildatum(aow_awir, tmp_path, date, holds,
                                                             start, end, ground):
    import json

    from click.testing import CliRunner
    from rulescore.cli import main

    sit = tmp_path / "s.json"
    sit.write_text(json.dumps(_co_owners(date)), encoding="utf-8")
    scenario = [p for p in aow_awir.regulations.values() if p.is_scenario][0].span.file
    run = CliRunner().invoke(main, ["regimes", str(sit), "--scenario", scenario, "--json",
                                    "--persoon", "a"])
    assert run.exit_code == 0, run.output
    rows = [r for r in json.loads(run.stdout) if r["definitie"] == "begrip partner"]
    assert rows == [{"persoon": None, "regeling": "aow", "definitie": "begrip partner",
                     "regime": f"volgens {holds}", "gekozen_door": None, "datum": None,
                     "van": start, "tot": end, "bron": ground, "probleem": None,
                     "naam": None, "titel": None}]
    table = CliRunner().invoke(main, ["regimes", str(sit), "--scenario", scenario],
                               env={"COLUMNS": "200"})
    assert table.exit_code == 0 and f"volgens {holds}" in table.stdout \
        and "iedereen" in table.stdout
