"""``rulescore impact`` (issue #20 §2, §5): a hand-checked impact on a small weighted
population, and the properties: a scenario that changes nothing changes nothing anywhere,
and the weights scale every total linearly."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
from pathlib import Path

import attrs
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from rulescore.batch import parquet_io
from rulescore.errors import RulesError
from rulescore.cli import main
from rulescore.impact import budget, report
from rulescore.plugins import load_program

PEILDATUM = dt.date(2026, 3, 1)

# the persons of the worked cases of plugins/besteedbaar_inkomen (2026)
ALI = {"geboortedatum": "1990-05-01", "woonadres": "w1", "loon_uit_dienstbetrekking": 3000,
       "zorgverzekerd": True, "rendementsgrondslag": 0, "student": False,
       "overige_netto_middelen": 0, "bezittingen": 0, "schulden": 0,
       "inkomen_box_2_en_3": 0, "overig_belastbaar_inkomen": 0}
BEA = {**ALI, "geboortedatum": "1991-06-01", "loon_uit_dienstbetrekking": 0}

PREMIE_HOGER = '''scenario premie_hoger "Standaardpremie zorgtoeslag 2026 € 100 hoger"
wijzig parameter zorgtoeslag.standaardpremie
  bron BWBR0018451 artikel 4
  aanname "Rekenvoorbeeld voor de test, geen voorstel."
  vanaf 1 januari 2026: € 2.219
'''
NIETS = 'scenario niets "Wijzigt niets"\n'


def doc(persons: dict, relations=()) -> dict:
    return {"peildatum": PEILDATUM.isoformat(), "personen": persons, "woningen": {"w1": {}},
            "relaties": list(relations)}


def population(path: Path, docs: list, weights: list) -> str:
    program = load_program()
    table = parquet_io.households_table(docs, program, [f"h{i + 1}" for i in range(len(docs))],
                                        weights)
    pq.write_table(table, path)
    return str(path)


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    """Three households, weights 2, 3 and 5:
    h1 ali alone, € 3.000 a month; h2 ali and bea married, only ali earns € 3.000;
    h3 ali alone with € 6.000 a month."""
    tmp = tmp_path_factory.mktemp("impact")
    rich = copy.deepcopy(ALI)
    rich["loon_uit_dienstbetrekking"] = 6000
    docs = [doc({"ali": ALI}), doc({"ali": ALI, "bea": BEA},
                                   [{"soort": "huwelijk", "personen": ["ali", "bea"]}]),
            doc({"ali": rich})]
    (tmp / "premie.scenario").write_text(PREMIE_HOGER, encoding="utf-8")
    return population(tmp / "p.parquet", docs, [2.0, 3.0, 5.0]), str(tmp / "premie.scenario")


def test_hand_checked_impact_of_a_higher_standaardpremie(worked):
    """Wet op de zorgtoeslag art. 2 lid 1 (zorgtoeslag = standaardpremie, with a
    toeslagpartner twice, minus the normpremie; art. 2 lid 3), rounded to whole euros
    (Awir art. 14 lid 4). Normpremie 2026 of a toetsingsinkomen of € 36.000 (12 x € 3.000):
    1,912 % x 29.736 + 13,73 % x (36.000 - 29.736) = 568,55232 + 860,0472 (the worked case
    of plugins/besteedbaar_inkomen), single: 2.119 - 1.428,59952 = 690,40048 -> € 690;
    with the premium at € 2.219: 790,40048 -> € 790, so + € 100 a year, + € 8,33 a month.
    The couple (Awir art. 3: bea is ali's toeslagpartner, joint income € 36.000, normpremie
    4,289 % x 29.736 + 13,73 % x 6.264 = 2.135,42424): 4.238 - 2.135,42424 -> € 2.103;
    4.438 - 2.135,42424 -> € 2.303: + € 200 a year, + € 16,67 a month for the household.
    At € 72.000 the normpremie 568,55232 + 13,73 % x 42.264 = 6.371,40 exceeds both
    premiums: no zorgtoeslag either way, no change.
    Weighted (2, 3, 5): zorgtoeslag + 2 x 100 + 3 x 200 = € 800 a year; households
    within € 10: 2 + 5 = 7 of 10, gaining € 10 - 100: 3 of 10."""
    path, scenario = worked
    base, changed = load_program(), load_program(scenario=scenario)
    lines = budget.load(base)
    households, losers, date = report.evaluate(path, base, changed, lines, None)
    figures = report.summarise(households, lines)
    assert date == PEILDATUM and losers == []
    by = {b["regeling"]: b for b in figures["budget"]}
    assert by["zorgtoeslag"]["huidig"] == pytest.approx(2 * 690 + 3 * 2103, abs=1e-6)
    assert by["zorgtoeslag"]["verschil"] == pytest.approx(800, abs=1e-6)
    assert figures["budget_totaal"]["verschil"] == pytest.approx(800, abs=1e-6)
    assert all(b["verschil"] == 0 for b in figures["budget"] if b["regeling"] != "zorgtoeslag")
    # per person the batch rounds each share to the cent: at most a cent per person off
    assert households.change.tolist() == pytest.approx([100 / 12, 200 / 12, 0], abs=0.021)
    bands = {b["klasse"]: b["aandeel"] for b in figures["klassen"]}
    assert bands["binnen € 10"] == pytest.approx(0.7) and bands["winst € 10 – 100"] == pytest.approx(0.3)


def test_the_command_writes_tables_json_and_the_differences(worked, tmp_path):
    path, scenario = worked
    out = tmp_path / "verschil.parquet"
    run = CliRunner().invoke(main, ["impact", path, "--scenario", scenario, "--format", "json",
                                    "--verschillen", str(out)])
    assert run.exit_code == 0, run.output
    figures = json.loads(run.stdout)
    assert figures["herkomst"]["scenario"] == "premie_hoger"
    assert figures["herkomst"]["gewijzigde_parameters"] == ["zorgtoeslag.standaardpremie"]
    rows = pq.read_table(out).to_pylist()
    assert [r["huishouden"] for r in rows] == ["h1", "h2", "h3"]
    assert [r["verschil_zorgtoeslag_per_jaar"] for r in rows] == pytest.approx([100, 200, 0])
    table = CliRunner().invoke(main, ["impact", path, "--scenario", scenario])
    assert table.exit_code == 0 and "€ 800" in table.stdout and "zorgtoeslag" in table.stdout


def test_the_largest_loser_is_explained(worked, tmp_path):
    path, _ = worked
    lower = tmp_path / "lager.scenario"
    lower.write_text(PREMIE_HOGER.replace("€ 2.219", "€ 2.019").replace("hoger", "lager"),
                     encoding="utf-8")
    run = CliRunner().invoke(main, ["impact", path, "--scenario", str(lower), "--format", "json"])
    assert run.exit_code == 0, run.output
    first = json.loads(run.stdout)["verliezers"][0]
    # the couple loses most: € 2.103 -> 4.038 - 2.135,42424 = 1.902,58 -> € 1.903 a year
    assert first["rij"] == 2 and first["verschil_per_maand"] == pytest.approx(-200 / 12, abs=0.021)  # a cent per person
    changed = {(c["persoon"], c["uitkomst"]): c for c in first["veranderingen"]}
    assert changed[("ali", "zorgtoeslag.zorgtoeslag")]["scenario"] == "€ 1.903,00 per jaar"
    assert "zorgtoeslag.standaardpremie" in first["uitleg"]


def _random_population(seed: int, n: int, folder: Path) -> str:
    from rulescore.population.generate import generate
    from rulescore.population.targets import load

    targets = load()
    sample = generate(n, seed, targets.assumptions, targets.type_shares(), PEILDATUM)
    weights = [1.0 + (i * 7919 % 13) for i in range(n)]
    return population(folder / f"p{seed}.parquet", sample.documents, weights)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), k=st.sampled_from([0.5, 3.0, 1000.0]))
def test_no_change_gives_zero_everywhere_and_weights_scale_linearly(seed, k):
    base = load_program()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "niets.scenario").write_text(NIETS, encoding="utf-8")
        same = load_program(scenario=str(folder / "niets.scenario"))
        lines = budget.load(base)
        path = _random_population(seed, 40, folder)
        h, losers, _ = report.evaluate(path, base, same, lines, None)
        assert (h.change == 0).all() and (h.lines_base == h.lines_scenario).all()
        assert losers == []
        figures = report.summarise(h, lines)
        scaled = report.summarise(attrs.evolve(h, weights=h.weights * k), lines)
        for a, b in zip(figures["budget"], scaled["budget"]):
            assert b["huidig"] == pytest.approx(k * a["huidig"], rel=1e-12)
        assert scaled["huishoudens"] == pytest.approx(k * figures["huishoudens"])
        assert [b["aandeel"] for b in scaled["klassen"]] == \
            pytest.approx([b["aandeel"] for b in figures["klassen"]])



def test_a_bad_budget_line_is_rs396(tmp_path):
    bad = tmp_path / "posten.toml"
    bad.write_text('maatstaf = "besteedbaar_inkomen.besteedbaar_inkomen"\n[[post]]\n'
                   'regeling = "zorgtoeslag"\ndefinities = ["zorgtoeslag.zorgtoeslagg"]\n',
                   encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        budget.load(load_program(), str(bad))
    text = exc.value.render()
    assert "RS396" in text and "'zorgtoeslag.zorgtoeslag'" in text
