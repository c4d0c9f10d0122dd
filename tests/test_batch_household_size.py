"""Large households (20-60 persons): the batch still agrees with the reference to the cent,
and its set work grows linearly with the household, not with its square (issue #17 §4)."""

import datetime as dt
import os
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulescore.batch import sets
from rulescore.batch.population import Column, Population
from rulescore.batch.run import evaluate_batch
from rulescore.errors import RulesError
from rulescore.plugins import get_plugin_manager, load_program
from rulescore.situation import Situation
from rulescore.testing import situations

from test_batch import PROGRAM, reference_cents

PORT_RULES = Path(__file__).parent.parent / "benchmarks" / "country_template" / "country_template.rules"


def _port_program():
    old = os.environ.get("RULESCORE_PLUGINS")
    os.environ["RULESCORE_PLUGINS"] = "basis"
    try:
        return load_program(get_plugin_manager(), extra_paths=[PORT_RULES])
    finally:
        if old is None:
            del os.environ["RULESCORE_PLUGINS"]
        else:
            os.environ["RULESCORE_PLUGINS"] = old


PORT = _port_program()


def enlarged(doc: dict, n: int, seed: int) -> dict:
    """The situation with n persons: the drawn ones, then copies of their facts with other
    birth dates (adults, or minors born after the peildatum's 18 years) spread over the
    drawn dwellings; relations stay those drawn."""
    rng = random.Random(seed)
    persons = dict(doc["personen"])
    day = dt.date.fromisoformat(doc["peildatum"])
    drawn = list(doc["personen"].values())
    dwellings = sorted(doc["woningen"])
    for i in range(len(persons), n):
        facts = dict(rng.choice(drawn))
        if "geboortedatum" in facts:
            facts["geboortedatum"] = (day - dt.timedelta(days=rng.randint(0, 90 * 365))).isoformat()
        if "woonadres" in facts:
            facts["woonadres"] = rng.choice(dwellings)
        persons[f"q{i}"] = facts
    return {**doc, "personen": persons}


def _agree(program, doc, date):
    sit = Situation.from_dict(doc, program)
    batch = evaluate_batch(program, Population.from_situations([sit], program), date)
    try:
        expected = reference_cents(program, sit, date)
    except RulesError:
        assert 0 in batch.errors
        return
    assert 0 not in batch.errors
    for row, pid in enumerate(sit.person_ids):
        for q in program.outputs:
            assert batch.values[q][row] == expected[(q, pid)], (q, pid)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(PROGRAM, max_persons=3, max_dwellings=2), st.integers(20, 60),
       st.integers(0, 2**32))
def test_reference_equals_batch_in_large_households(doc, n, seed):
    _agree(PROGRAM, enlarged(doc, n, seed), dt.date.fromisoformat(doc["peildatum"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(PORT, max_persons=4, max_dwellings=3, date=dt.date(2017, 1, 1)),
       st.integers(1, 60), st.integers(0, 2**32))
def test_port_reference_equals_batch_in_households_up_to_60(doc, n, seed):
    """The country-template port: household sums and any/all over housemates."""
    _agree(PORT, enlarged(doc, max(n, len(doc["personen"])), seed), dt.date(2017, 1, 1))


def _port_population(size: int, persons: int = 600) -> Population:
    rng = np.random.default_rng(3)
    n = persons // size * size
    household = np.repeat(np.arange(n // size), size)
    yes = np.ones(n, dtype=bool)
    age_days = rng.integers(0, 90 * 365, n)
    return Population.from_columns(household, {
        "geboortedatum": Column(17167 - age_days, yes),  # 2017-01-01 minus the age
        "woonadres": Column(household.copy(), yes),
        "salary": Column(rng.integers(0, 3, n) * 300.0, yes),
        "capital_returns": Column(np.zeros(n), yes),
        "adult": Column(age_days >= 18 * 365, yes),
        "rent": Column(np.full(n, 500.0), yes),
        "accommodation_size": Column(np.full(n, 40.0), yes),
        "housing_occupancy_status": Column(np.full(n, "tenant", dtype=object), yes)})


def _expanded_rows(monkeypatch, program, pop, date) -> int:
    """Rows the set expansions built in one batch run."""
    built = []
    original = sets._compute_pairs

    def counting(person, masks, p):
        out = original(person, masks, p)
        built.append(len(out[0]))
        return out
    monkeypatch.setattr(sets, "_compute_pairs", counting)
    evaluate_batch(program, pop, date)
    monkeypatch.setattr(sets, "_compute_pairs", original)
    return sum(built)


@pytest.mark.parametrize("size", [20, 50])
def test_port_set_work_per_person_is_linear_in_household_size(monkeypatch, size):
    """Household sums, counts and any/all over housemates are segment reductions: the rows
    expanded per person at 20 or 50 persons stay within twice those at 4 (a scan over the
    housemates would build 49 rows per person at 50, against 3 at 4)."""
    date = dt.date(2017, 1, 1)
    small, large = _port_population(4), _port_population(size)
    per_small = _expanded_rows(monkeypatch, PORT, small, date) / small.n_persons
    per_large = _expanded_rows(monkeypatch, PORT, large, date) / large.n_persons
    assert per_large <= 2 * per_small + 0.5
