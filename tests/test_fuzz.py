"""No input may crash rulescore: every rules text and situation ends in a result or a RulesError.

Each example must also finish within the hypothesis deadline (2 s), which bounds the time
per file: no hang, no exponential blow-up. Inputs that once broke something are kept in
tests/fuzz_corpus and replayed first.
"""

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from rulescore.dsl import parse
from rulescore.dsl.checker import check
from rulescore.dsl.parser import parser
from rulescore.errors import RulesError
from rulescore.plugins import collect_sources, get_plugin_manager, load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.testing import situations

PROGRAM = load_program()
SOURCES = sorted(collect_sources(get_plugin_manager()), key=lambda s: s.filename)
CORPUS = sorted((Path(__file__).parent / "fuzz_corpus").glob("*"))
#: Examples per target; ``RULESCORE_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`` for a long run.
EXAMPLES = int(os.environ.get("RULESCORE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

TOKENS = ["als", "dan", "anders", "en", "of", "niet", "(", ")", "=", "€", "%", ",", ":", "|",
          "versie", "vanaf", "tot", "definitie", "uitkomst", "parameter", "1.234,5", "2026-02-30",
          "afgerond op centen", "p in iedereen waarvoor", "aantal(", "\n", '"', "#", "ik", "."]


def rules_outcome(texts: list[tuple[str, str]]):
    """Parse and check; only a RulesError is an acceptable failure."""
    try:
        return check([parse(text, name) for name, text in texts])
    except RulesError as exc:
        assert exc.diagnostics and exc.render()
        return None


@FUZZ
@given(from_lark(parser(), start="start"))
def test_grammar_derived_text(text):
    rules_outcome([("f.rules", text)])


@FUZZ
@given(st.text(max_size=400))
@example('regeling z "Z"\ndefinitie x: getal = ' + "(" * 300 + "1" + ")" * 300)
@example('regeling z "Z"\ndefinitie x: getal = ' + " + ".join(["1"] * 500))
def test_arbitrary_text(text):
    rules_outcome([("f.rules", text)])


@st.composite
def mutated_sources(draw):
    index = draw(st.integers(0, len(SOURCES) - 1))
    text = SOURCES[index].text
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "insert":
            text = text[:at] + " " + draw(st.sampled_from(TOKENS)) + " " + text[at:]
        else:
            end = text.find("\n", at)
            line = text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]
            text = text[:at] + "\n" + line + "\n" + text[at:]
    files = [(s.filename, s.text) for s in SOURCES]
    files[index] = (SOURCES[index].filename, text)
    return files


@FUZZ
@given(mutated_sources())
def test_mutated_bundled_rules(files):
    rules_outcome(files)


@pytest.mark.parametrize("body", ["1" + " + 1" * 3000, "niet " * 3000 + "ja", "- " * 3000 + "1",
                                  "als ja dan " * 1000 + "1" + " anders 2" * 1000])
def test_deep_nesting_is_a_diagnostic_not_a_recursion_error(body):
    """Found in session 3: 3 000 nested operators overflowed Python's stack (a traceback)."""
    with pytest.raises(RulesError) as info:
        parse('regeling t "T"\nuitkomst x: getal\n  = ' + body + "\n", "t.rules")
    (diag,) = info.value.diagnostics
    assert diag.code == "RS005" and diag.span.file == "t.rules" and diag.span.line == 3


def test_nesting_below_the_bound_runs_through_every_stage():
    """140 levels pass the parser, and the checker and evaluator (recursive) cope too."""
    program = check([parse('regeling t "T"\nuitkomst x: getal\n  = ' + "1" + " + 1" * 140 + "\n",
                           "t.rules")])
    situation = Situation.from_dict({"peildatum": "2026-01-01", "personen": {"a": {}}}, program)
    assert evaluate(program, situation).value("t.x", "a") == 141


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        situation_outcome(text)
    else:
        rules_outcome([(path.name, text)])


def situation_outcome(text: str):
    """Load and evaluate; only a RulesError is an acceptable failure."""
    try:
        return evaluate(PROGRAM, Situation.from_json(text, PROGRAM))
    except RulesError as exc:
        assert exc.diagnostics and exc.render()
        return None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True)
    | st.text(max_size=12) | st.sampled_from(["2026-01-01", "1.460", "1.401,50", "€ 3", "w0", "p0"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=25)


@FUZZ
@given(json_values)
def test_arbitrary_json(value):
    situation_outcome(json.dumps(value))


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_json_text(text):
    situation_outcome(text)


@st.composite
def mutated_situations(draw):
    doc = copy.deepcopy(draw(situations(PROGRAM, max_persons=3)))
    for _ in range(draw(st.integers(1, 3))):
        target = doc
        path = []
        while isinstance(target, (dict, list)) and target and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(target) if isinstance(target, dict)
                                       else list(range(len(target)))))
            path.append(key)
            target = target[key]
        if not path:
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return doc


@FUZZ
@given(mutated_situations())
def test_mutated_situations(doc):
    situation_outcome(json.dumps(doc, default=str))


@FUZZ
@given(st.lists(st.binary(max_size=60) | mutated_situations().map(
    lambda d: json.dumps(d, default=str).encode()), min_size=0, max_size=4),
    st.sampled_from([None, "2026-03-01"]))
def test_households_files(tmp_path_factory, lines, date):
    """rulescore batch: any bytes per line end in households or a RulesError, then a batch."""
    import datetime as dt

    from rulescore.batch.run import evaluate_batch
    from rulescore.batch.io import read_households
    from rulescore.batch.population import Population

    path = tmp_path_factory.mktemp("batch") / "huishoudens.jsonl"
    path.write_bytes(b"\n".join(lines))
    try:
        found = read_households(str(path), PROGRAM, dt.date.fromisoformat(date) if date else None)
    except RulesError as exc:
        assert exc.diagnostics and exc.render()
        return
    result = evaluate_batch(PROGRAM, Population.from_situations(found.situations, PROGRAM),
                            found.date)
    assert set(result.errors) <= set(range(len(found.situations)))
