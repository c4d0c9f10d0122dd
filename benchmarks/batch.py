"""Batch throughput: generated households (10k / 100k / 1M) through all bundled outcomes.

Each size runs in its own process so the peak resident memory is that run's own (for
two workers: the largest of the parent and the workers).
Results are appended to benchmarks/results.txt; compare ratios, the machine is noisy.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def generate(n_households: int, seed: int = 1, size: int | None = None):
    """Columns for households of 1-5 persons (or all of ``size``) sharing one dwelling;
    half the pairs married; in 40 % of the households the first person rents the dwelling
    (huurtoeslag); the third and later persons are children of the first, in a household
    of more than five unrelated adults (a group home)."""
    from rulescore.batch.population import Column, Population, RelationTable, date_to_days

    rng = np.random.default_rng(seed)
    size = (rng.choice([1, 2, 3, 4, 5], p=[0.4, 0.3, 0.15, 0.1, 0.05], size=n_households)
            if size is None else np.full(n_households, size))
    household = np.repeat(np.arange(n_households), size)
    n = len(household)
    start = np.cumsum(size) - size
    birth = rng.integers(date_to_days(dt.date(1940, 1, 1)), date_to_days(dt.date(2025, 1, 1)), n)
    def money(hi):
        return np.round(rng.uniform(0, hi, n), 2)
    yes = np.ones(n, dtype=bool)
    inputs = {
        "geboortedatum": Column(birth, yes), "woonadres": Column(household.copy(), yes),
        "zorgverzekerd": Column(rng.random(n) < 0.98, yes),
        "overig_belastbaar_inkomen": Column(money(80_000), yes),
        "rendementsgrondslag": Column(np.where(rng.random(n) < 0.9, 0.0, money(300_000)), yes),
        "student": Column(rng.random(n) < 0.05, yes),
        "overige_netto_middelen": Column(money(3_000), yes), "bezittingen": Column(money(20_000), yes),
        "schulden": Column(money(5_000), yes),
        "onverzekerde_jaren": Column(rng.integers(0, 10, n).astype(np.float64), yes),
        "netto_particuliere_oudedagsvoorziening": Column(
            np.where(rng.random(n) < 0.7, 0.0, money(300)), yes),
        # stated as none (they no longer default to € 0)
        "loon_uit_dienstbetrekking": Column(np.zeros(n), yes),
        "inkomen_box_2_en_3": Column(np.zeros(n), yes),
        # kinderopvangtoeslag: no child in registered childcare
        "opvangsoort": Column(np.full(n, "geen", dtype=object), yes),
    }
    # a dwelling's inputs are columns per inhabitant: the value of the person's dwelling
    rents = rng.random(n_households) < 0.4
    first = np.zeros(n, dtype=bool)
    first[start] = True
    inputs["huurder"] = Column(first & rents[household], yes)
    inputs["huurprijs"] = Column(np.round(rng.uniform(350, 1_000, n_households), 2)[household], yes)
    inputs["subsidiabele_servicekosten"] = Column(
        np.round(rng.uniform(0, 48, n_households), 2)[household], yes)
    couples = np.flatnonzero((size >= 2) & (rng.random(n_households) < 0.5))
    a, b = start[couples], start[couples] + 1
    keys = np.sort(np.concatenate([a * n + b, b * n + a]))
    relations = {"huwelijk": RelationTable(keys, {
        "duurzaam_gescheiden": Column(np.zeros(len(keys), dtype=bool), np.ones(len(keys), dtype=bool))})}
    # in households of 3 to 5, the third and later persons are children of the first; a
    # larger household is a group home of adults (with a minor child on the address the
    # Awir leaves open who is whose toeslagpartner: art. 3 lid 4, RS407)
    local = np.arange(n) - np.repeat(start, size)
    child = np.flatnonzero((local >= 2) & (size[household] <= 5))
    birth[child] = rng.integers(date_to_days(dt.date(2008, 6, 1)), date_to_days(dt.date(2025, 12, 1)),
                                len(child))
    parent = start[household[child]]
    relations["ouder_van"] = RelationTable(np.sort(parent * n + child), {})
    return Population.from_columns(household, inputs, relations)


def run_one(n_households: int, workers: int = 1) -> str:
    from rulescore.batch.run import evaluate_batch
    from rulescore.plugins import load_program

    program = load_program()
    pop = generate(n_households)
    date = dt.date(2026, 3, 1)
    evaluate_batch(program, generate(1000, seed=2), date)  # warm-up: compile once
    t0 = time.perf_counter()
    result = evaluate_batch(program, pop, date, workers=workers)
    seconds = time.perf_counter() - t0
    peak_mb = max(resource.getrusage(who).ru_maxrss
                  for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return (f"batch {n_households:>9,} households ({pop.n_persons:,} persons), {workers} "
            f"worker{'s' if workers > 1 else ' '}: {seconds:7.3f} s, "
            f"{seconds / n_households * 1e6:6.2f} us/household, exact fallback for "
            f"{len(result.fallback)} households, {len(result.errors)} errors, peak RSS {peak_mb:,.0f} MB")


def main() -> None:
    if len(sys.argv) > 1:
        print(run_one(*map(int, sys.argv[1:])))
        return
    lines = []
    for n, workers in ((10_000, 1), (100_000, 1), (1_000_000, 1), (1_000_000, 2)):
        out = subprocess.run([sys.executable, __file__, str(n), str(workers)], capture_output=True,
                             text=True, check=True).stdout.strip()
        print(out)
        lines.append(out)
    with open(HERE / "results.txt", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
