"""``explain --pad``: only the paths from the outcome to one value of its explanation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rulescore.cli import main
from rulescore.errors import RulesError
from rulescore.plugins import load_program
from rulescore.reference.explanation import explain_all
from rulescore.reference.focus import focused
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

EXAMPLE = Path(__file__).parent.parent / "examples" / "huishouden.json"


@pytest.fixture(scope="module")
def graph():
    program = load_program()
    sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), program)
    result = evaluate(program, sit, outputs=("zorgtoeslag.zorgtoeslag",), trace=True)
    return explain_all(result.context, [("zorgtoeslag.zorgtoeslag", "ruben")])


def names(g):
    return [g.nodes[n].name for n in g.reachable()]


def test_the_vermogen_reaches_the_zorgtoeslag_only_through_the_vermogensgrens(graph):
    # Wzt art. 3 lid 1: the vermogen enters the zorgtoeslag only as vermogen_boven_grens,
    # month by month (art. 2 lid 5: the right per month); in art. 2 the toeslag itself reads
    # the toetsingsinkomen, not the vermogen
    g = focused(graph, "vermogen")
    path = list(dict.fromkeys(names(g)))
    assert path[:4] == ["zorgtoeslag.zorgtoeslag", "zorgtoeslag.aanspraak_van_de_maand",
                        "zorgtoeslag.vermogen_boven_grens", "vermogen/awir"]
    # below the vermogen one level: its own parts (Awir art. 7 lid 1), as leaves
    assert set(path[4:]) == {"rendementsgrondslag", "awir.rendementsgrondslag_toeslagpartner"}
    assert len(path) < len(graph.nodes) / 5


def test_every_value_kept_lies_on_a_path_to_the_one_asked_for(graph):
    for target in ("geboortedatum", "awir.toeslagpartners", "normpremie"):
        g = focused(graph, target)
        hits = {n for n, node in g.nodes.items()
                if target in (node.name, node.name.rpartition(".")[2])}
        assert hits
        below = {u for h in hits for u in g.nodes[h].uses}

        def reaches(nid):
            return nid in hits or any(reaches(u) for u in g.nodes[nid].uses)

        for nid in g.reachable():
            assert reaches(nid) or nid in below, (target, g.nodes[nid].name)
            assert g.nodes[nid] == graph.nodes[nid] or set(g.nodes[nid].uses) <= set(
                graph.nodes[nid].uses)


def test_a_name_not_in_the_explanation_is_a_diagnostic_with_a_suggestion(graph):
    with pytest.raises(RulesError) as info:
        focused(graph, "vermogn")
    (d,) = info.value.diagnostics
    assert d.code == "RS335" and d.path == "--pad" and "vermogen" in d.hint


def test_the_command_and_its_json():
    runner = CliRunner()
    res = runner.invoke(main, ["explain", str(EXAMPLE), "zorgtoeslag.zorgtoeslag", "--persoon",
                               "ruben", "--pad", "vermogen", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert {n["naam"] for n in doc["knopen"].values()} >= {"zorgtoeslag.vermogen_boven_grens",
                                                           "vermogen/awir"}
    res = runner.invoke(main, ["explain", str(EXAMPLE), "zorgtoeslag.zorgtoeslag", "--pad", "x"])
    assert res.exit_code == 1 and "RS335" in res.output
