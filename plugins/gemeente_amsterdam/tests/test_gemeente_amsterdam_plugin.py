"""The gemeente Amsterdam distribution: found through its own entry point, checked strictly,
cited by CVDR-id, and stacked on the national outcomes without changing them."""

import datetime as dt
from fractions import Fraction
from importlib import metadata
from pathlib import Path

from click.testing import CliRunner

from rulescore import citations
from rulescore.cli import main
from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation


def _invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "250", **(env or {})})


def test_the_plugin_is_its_own_distribution_with_its_own_entry_point():
    (ep,) = [ep for ep in metadata.entry_points(group="rulescore") if ep.name == "gemeente_amsterdam"]
    assert ep.value == "rulescore_gemeente_amsterdam"
    assert ep.dist.metadata["Name"] == "rulescore-gemeente-amsterdam"
    # not a module of the bundled regulations: the main distribution does not ship it
    assert "gemeente_amsterdam" not in {e.name for e in metadata.distribution("rulescore").entry_points}


def test_rulescore_plugins_lists_it_with_its_rules_files():
    res = _invoke("plugins")
    assert res.exit_code == 0, res.output
    assert "gemeente_amsterdam" in res.output
    assert "rulescore-gemeente-amsterdam" in res.output


def test_check_streng_passes_with_the_plugin():
    res = _invoke("check", "--streng")
    assert res.exit_code == 0, res.output
    program = load_program()
    assert {"inkomenstoeslag_amsterdam", "kwijtschelding_amsterdam"} <= set(program.regulations)


def test_the_verordening_is_cited_by_its_cvdr_id():
    program = load_program()
    reg = program.regulations["inkomenstoeslag_amsterdam"]
    assert reg.bwb == "CVDR460812"
    names = citations.law_names(program)
    assert names["CVDR460812"] == "Verordening Individuele Inkomenstoeslag Participatiewet Amsterdam 2021"
    assert citations.url("CVDR460812", dt.date(2026, 1, 1)) == "https://lokaleregelgeving.overheid.nl/CVDR460812"
    assert citations.url("BWBR0015703", dt.date(2026, 1, 1)) == "https://wetten.overheid.nl/BWBR0015703/2026-01-01"


SITUATION = {
    "peildatum": "2026-03-01",
    "personen": {"eva": {
        "geboortedatum": "1980-05-01", "woonadres": "w1", "zorgverzekerd": True, "student": False,
        "bezittingen": 0, "schulden": 0, "rendementsgrondslag": 0,
        "geen": ["loon_uit_dienstbetrekking", "overige_netto_middelen", "inkomen_box_2_en_3",
                 "overig_belastbaar_inkomen"]}},
    "woningen": {"w1": {}},
}


def test_without_a_request_nothing_is_asked_and_the_national_outcomes_are_unchanged(monkeypatch):
    """A household that asks for neither gets € 0 from both, from the defaults alone, and
    its bijstand and besteedbaar inkomen are those of the national rules without the plugin."""
    date = dt.date(2026, 3, 1)
    with_plugin = load_program()
    result = evaluate(with_plugin, Situation.from_dict(SITUATION, with_plugin), date)
    assert result.value("inkomenstoeslag_amsterdam.individuele_inkomenstoeslag", "eva") == 0
    assert result.value("kwijtschelding_amsterdam.kwijtschelding", "eva") == 0
    national_plugins = sorted(ep.name for ep in metadata.entry_points(group="rulescore")
                              if ep.name != "gemeente_amsterdam")
    monkeypatch.setenv("RULESCORE_PLUGINS", ",".join(national_plugins))
    national = load_program()
    assert "kwijtschelding_amsterdam" not in national.regulations
    without = evaluate(national, Situation.from_dict(SITUATION, national), date)
    for name in ("participatiewet.algemene_bijstand", "besteedbaar_inkomen.besteedbaar_inkomen"):
        assert result.value(name, "eva") == without.value(name, "eva")


def test_the_law_page_links_the_verordening_on_lokaleregelgeving():
    from rulescore.workbench.law_pages import regulation_page

    program = load_program()
    page = regulation_page(program.regulations["inkomenstoeslag_amsterdam"], program, None,
                           dt.date(2026, 1, 1))
    assert "`lokaleregelgeving.overheid.nl: artikel 3 <https://lokaleregelgeving.overheid.nl/CVDR460812#Artikel3>`__" in page
    # the Participatiewet it also cites keeps its dated link on wetten.overheid.nl
    assert "wetten.overheid.nl: artikel 36, geldend op 1 januari 2026" in page


HERE = Path(__file__).parents[1]


def test_the_example_and_the_90_percent_scenario():
    """eva (bijstand, 2026): netto-besteedbaar inkomen 1.401,50 + 1.550 / 12 (zorgtoeslag)
    - (150 + 100) = 1.151,50 + 129,1666... per maand (URI art. 13-15).
    At 100% (the plugin): kosten van bestaan 1.401,50 > that, capacity 0, the whole € 450 (art. 11 a);
    the individuele inkomenstoeslag € 85 (verordening art. 5, a named assumption).
    At 90% (Regeling medeoverheden art. 2): kosten 1.261,35, capacity 1.151,50 + 129,1666... - 1.261,35
    = 19,31666... per maand, x 12 = 231,80, 80% = 185,44 (art. 11 b): kwijtschelding 450 - 185,44 = € 264,56."""
    doc = (HERE / "examples" / "eva_bijstand.json").read_text(encoding="utf-8")
    date = dt.date(2026, 3, 1)
    program = load_program()
    result = evaluate(program, Situation.from_json(doc, program), date)
    assert result.value("kwijtschelding_amsterdam.kwijtschelding", "eva") == 450
    assert result.value("inkomenstoeslag_amsterdam.individuele_inkomenstoeslag", "eva") == 85
    ninety = load_program(scenario=HERE / "scenarios" / "kosten_van_bestaan_90.scenario")
    result = evaluate(ninety, Situation.from_json(doc, ninety), date)
    assert result.value("kwijtschelding_amsterdam.kwijtschelding", "eva") == Fraction("264.56")
    assert result.value("inkomenstoeslag_amsterdam.individuele_inkomenstoeslag", "eva") == 85
