"""The batch evaluator agrees with the exact reference evaluator to the cent."""

import datetime as dt

import numpy as np

from hypothesis import given, settings
from hypothesis import strategies as st

from rulescore.batch.run import evaluate_batch
from rulescore.errors import RulesError
from rulescore.exact import is_number
from rulescore.batch.population import Population, cents
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

from rulescore.plugins import load_program
from rulescore.testing import situations

PROGRAM = load_program()


def reference_cents(program, sit, date):
    result = evaluate(program, sit, date)
    return {(q, pid): (cents(v) if is_number(v) else v)
            for (q, pid), v in result.values.items()}


@settings(max_examples=150, deadline=None)
@given(st.lists(situations(PROGRAM, max_persons=5, omit_required=True), min_size=1, max_size=4),
       st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
def test_reference_equals_batch(program, docs, date):
    sits = [Situation.from_dict(d, program) for d in docs]
    batch = evaluate_batch(program, Population.from_situations(sits, program), date)
    row = 0
    for h, sit in enumerate(sits):
        try:
            expected = reference_cents(program, sit, date)
        except RulesError:
            assert h in batch.errors
            row += len(sit.persons)
            continue
        assert h not in batch.errors
        for pid in sit.person_ids:
            for q in program.outputs:
                assert batch.values[q][row] == expected[(q, pid)], (q, pid, h)
            row += 1


def test_half_cent_tie_is_exact_in_batch(program):
    """PW art. 22a: (40% + 2 x 30%) / 2 x € 2.002,13 = € 1.001,065 -> € 1.001,07."""
    doc = {"personen": {
        "a": {"geboortedatum": "1990-01-01", "woonadres": "w", "student": False},
        "b": {"geboortedatum": "1980-01-01", "woonadres": "w", "student": False}},
        "woningen": {"w": {}}}
    sit = Situation.from_dict(doc, program)
    batch = evaluate_batch(program, Population.from_situations([sit], program),
                           dt.date(2026, 1, 1), outputs=("participatiewet.bijstandsnorm",))
    assert list(batch.values["participatiewet.bijstandsnorm"]) == [100107, 100107]


def test_absent_column_uses_the_legal_default(program):
    """An input with a 'standaard' in the rules needs no column in a population."""
    from rulescore.batch.population import Column

    pop = Population.from_columns([0], {
        "geboortedatum": Column(np.array([7305]), np.array([True])),  # 1990-01-01
        "woonadres": Column(np.array([0]), np.array([True])),
        "student": Column(np.array([False]), np.array([True])),
        "overige_netto_middelen": Column(np.array([100.0]), np.array([True])),
        "bezittingen": Column(np.array([0.0]), np.array([True])),
        "schulden": Column(np.array([0.0]), np.array([True])),
        # no longer defaults: a situation states them (here: none of these incomes)
        "loon_uit_dienstbetrekking": Column(np.array([0.0]), np.array([True])),
        "overig_belastbaar_inkomen": Column(np.array([0.0]), np.array([True])),
        "inkomen_box_2_en_3": Column(np.array([0.0]), np.array([True])),
    })
    batch = evaluate_batch(program, pop, dt.date(2026, 2, 1),
                           outputs=("participatiewet.algemene_bijstand",))
    # PW art. 21 onder a: € 1.401,50 minus € 100 middelen; vrijlating defaults to "geen"
    assert list(batch.values["participatiewet.algemene_bijstand"]) == [130150]
    assert batch.errors == {}


def test_large_household_agrees_with_reference(program):
    """Ten adults in one dwelling: nine kostendelende medebewoners each, A = 10 (PW art. 22a)."""
    persons = {f"p{i}": {"geboortedatum": f"{1960 + i}-03-01", "woonadres": "w", "student": False,
                         "overige_netto_middelen": "0", "bezittingen": "0", "schulden": "0"}
               for i in range(10)}
    sit = Situation.from_dict({"personen": persons, "woningen": {"w": {}}}, program)
    q = "participatiewet.bijstandsnorm"
    batch = evaluate_batch(program, Population.from_situations([sit], program),
                           dt.date(2026, 2, 1), outputs=(q,))
    # (40% + 10 x 30%) / 10 x € 2.002,13 = 0,34 x 2.002,13 = 680,7242 -> € 680,72
    assert set(batch.values[q]) == {68072}
    reference = evaluate(program, sit, dt.date(2026, 2, 1), outputs=(q,))
    assert cents(reference.value(q, "p0")) == 68072


@settings(max_examples=15, deadline=None)
@given(st.lists(situations(PROGRAM, max_persons=4), min_size=4, max_size=12))
def test_two_workers_give_the_same_result(program, docs):
    sits = [Situation.from_dict(d, program) for d in docs]
    pop = Population.from_situations(sits, program)
    one = evaluate_batch(program, pop, dt.date(2026, 3, 1))
    two = evaluate_batch(program, pop, dt.date(2026, 3, 1), workers=2)
    assert one.values.keys() == two.values.keys()
    for q in one.values:
        assert list(one.values[q]) == list(two.values[q])
    assert list(one.fallback) == list(two.fallback)
    assert sorted(one.errors) == sorted(two.errors)


@settings(max_examples=100, deadline=None)
@given(st.lists(situations(PROGRAM, max_persons=5), min_size=1, max_size=3))
def test_a_household_rebuilt_from_columns_is_the_original(docs):
    """The exact fallback rebuilds a household from the columns when it has no original
    Situation (populations made with from_columns): the same facts and relations, with
    dwellings renamed but persons still sharing the same ones, and each inhabited
    dwelling with its own facts (a dwelling's inputs are columns per inhabitant)."""
    import attrs

    from rulescore.batch.run import situation_of

    sits = [Situation.from_dict(d, PROGRAM) for d in docs]
    pop = attrs.evolve(Population.from_situations(sits, PROGRAM), situations=None)
    for h, sit in enumerate(sits):
        rebuilt, ids = situation_of(pop, h, PROGRAM)
        rename = dict(zip(sit.person_ids, ids))
        address = lambda facts: {k: v for k, v in facts.items() if k != "woonadres"}
        assert {rename[p]: address(f) for p, f in sit.persons.items()} == \
            {p: address(f) for p, f in rebuilt.persons.items()}
        same_home = {(rename[a], rename[b]) for a in sit.persons for b in sit.persons
                     if sit.persons[a].get("woonadres") == sit.persons[b].get("woonadres")}
        assert same_home == {(a, b) for a in rebuilt.persons for b in rebuilt.persons
                             if rebuilt.persons[a].get("woonadres") == rebuilt.persons[b].get("woonadres")}
        assert {(k, rename[a], rename[b]): f for (k, a, b), f in sit.relations.items()} == rebuilt.relations
        for pid, facts in sit.persons.items():  # every inhabited dwelling keeps its facts
            if "woonadres" in facts:
                assert sit.dwellings[facts["woonadres"]] == \
                    rebuilt.dwellings[rebuilt.persons[rename[pid]]["woonadres"]]
