"""The explanation graph: each value once, shared values referred to, depth, formulas as
written, laws by name (rulescore.reference.explanation, rulescore.citations)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rulescore import Situation, load_program
from rulescore.model import Duration
from rulescore.reference.explanation import explain_all
from rulescore.reference.results import evaluate
from rulescore.values import format_value

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "huishouden.json"


@pytest.fixture(scope="module")
def traced():
    program = load_program()
    sit = Situation.from_json(EXAMPLE.read_text(encoding="utf-8"), program)
    result = evaluate(program, sit, None, outputs=("besteedbaar_inkomen.besteedbaar_inkomen",),
                      trace=True)
    return program, result


def test_every_traced_value_is_one_node_and_every_reference_resolves(traced):
    program, result = traced
    graph = explain_all(result.context, [("besteedbaar_inkomen.besteedbaar_inkomen", p)
                                         for p in ("noor", "ruben", "sara")])
    keys = [(n.kind, n.name, n.person, n.version if n.kind != "definitie" else None)
            for n in graph.nodes.values()]
    assert len(keys) == len(set(keys)), "a value appears as two nodes"
    for node in graph.nodes.values():
        assert all(u in graph.nodes for u in node.uses)
    # the three persons share their household's values: one graph, three roots
    assert len(graph.roots) == 3
    doc = graph.to_dict()
    assert set(doc["wortels"]) <= set(doc["knopen"])
    json.dumps(doc)  # plain data


def test_text_shows_each_value_in_full_once(traced):
    program, result = traced
    graph = explain_all(result.context, [("besteedbaar_inkomen.besteedbaar_inkomen", "sara")])
    text = graph.render()
    lines = [line.lstrip() for line in text.splitlines()]
    for node in graph.nodes.values():
        shown_in_full = [x for x in lines if x.startswith(node.line())
                         and not x.endswith("(zie boven)")]
        assert len(shown_in_full) == 1, node.line()
    # geboortedatum [sara] is used by many rules, in full once, referred to after that
    births = [line for line in text.splitlines() if line.lstrip().startswith("geboortedatum [sara]")]
    assert len(births) > 1 and sum(not b.endswith("(zie boven)") for b in births) == 1


def test_depth_limits_what_is_shown_and_says_what_it_leaves_out(traced):
    program, result = traced
    graph = explain_all(result.context, [("besteedbaar_inkomen.besteedbaar_inkomen", "sara")])
    shallow = graph.render(depth=0)
    assert shallow.splitlines()[0].startswith("besteedbaar_inkomen.besteedbaar_inkomen [sara] = ")
    assert "niet getoond (--diepte 1 of hoger toont ze)" in shallow
    assert len(graph.to_dict(depth=0)["knopen"]) == 1
    assert graph.to_dict(depth=0)["knopen"][graph.roots[0]]["weggelaten"] == \
        len(graph.root.uses)
    assert len(graph.to_dict(depth=1)["knopen"]) == 1 + len(graph.root.uses)


def test_a_node_shows_its_formula_as_written_and_its_law_by_name(traced):
    program, result = traced
    graph = explain_all(result.context, [("zorgtoeslag.verzekerde", "sara")])
    node = graph.root
    # plugins/zorgtoeslag/zorgtoeslag.rules, the rule's body as the drafter wrote it
    source = (ROOT / "plugins" / "zorgtoeslag" / "zorgtoeslag.rules").read_text(encoding="utf-8")
    assert node.formula and node.formula in " ".join(source.split())
    assert node.citation == "Wet op de zorgtoeslag artikel 1 lid 1 onderdeel c"
    (src,) = node.sources
    assert src["bwb"] == "BWBR0018451" and src["wet"] == "Wet op de zorgtoeslag"
    assert src["url"] == "https://wetten.overheid.nl/BWBR0018451/2026-03-01"


def test_durations_read_as_a_drafter_writes_them():
    assert format_value(Duration(67, 3, 0), None) \
        == "67 jaar en 3 maanden"
    assert format_value(Duration(0, 1, 0), None) == "1 maand"
    assert format_value(Duration(1, 2, 3), None) == "1 jaar, 2 maanden en 3 dagen"
    assert format_value(Duration(), None) == "0 dagen"
