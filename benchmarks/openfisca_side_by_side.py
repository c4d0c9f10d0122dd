"""OpenFisca's country-template and its rulescore port, side by side in one run (issue #17 §1).

Needs the benchmark extra: ``pip install -e '.[benchmark]'`` (openfisca-core and
openfisca-country-template). The port is benchmarks/country_template/country_template.rules,
loaded with only the ``basis`` plugin. First the three implementations — OpenFisca, the
rulescore batch evaluator (and its reference evaluator on a sample) and a hand-written numpy
version of the same formulas — are verified to give the same disposable income per household
on 3 000 generated households; the script stops with an error if they do not. Then, in one
process and interleaved: vectorised at 100 k and 1 M persons, one household at a time, and the
peak memory of each vectorised run in a subprocess of its own. Figures are appended to
benchmarks/results.txt. Usage::

    RULESCORE_PLUGINS=basis python benchmarks/openfisca_side_by_side.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ["RULESCORE_PLUGINS"] = "basis"  # the port reads only the basic facts
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).parent
RULES = HERE / "country_template" / "country_template.rules"
DAY = dt.date(2017, 1, 1)  # the month 2017-01; OpenFisca's period.start
PERIOD = "2017-01"
STATUSES = ("owner", "tenant", "free_lodger", "homeless")
OUTCOME = "country_template.disposable_income"


# ------------------------------------------------------------------ generated households
def generate(n_persons: int, seed: int = 1, size: int | None = None) -> dict:
    """Households of 1-6 persons (or all of ``size``); persons of 18 and over have the role
    adult. Amounts are in whole euros (the same value in every implementation's number type)."""
    rng = np.random.default_rng(seed)
    sizes = (rng.choice([1, 2, 3, 4, 5, 6], p=[0.35, 0.3, 0.15, 0.12, 0.05, 0.03],
                        size=n_persons) if size is None else np.full(n_persons // size, size))
    sizes = sizes[np.cumsum(sizes) <= n_persons]
    if sizes.sum() < n_persons:
        sizes = np.append(sizes, n_persons - sizes.sum())
    nh = len(sizes)
    household = np.repeat(np.arange(nh), sizes)
    epoch = dt.date(1970, 1, 1)
    lo, hi = (dt.date(1925, 1, 1) - epoch).days, (DAY - epoch).days
    birth = rng.integers(lo, hi + 1, n_persons)
    age = _age(birth)
    salary = np.where(rng.random(n_persons) < 0.35, 0, rng.integers(0, 15_000, n_persons))
    salary = np.where(age < 16, 0, salary).astype(np.float64)
    capital = np.where(rng.random(n_persons) < 0.8, 0,
                       rng.integers(0, 2_000, n_persons)).astype(np.float64)
    return {
        "household": household, "birth": birth, "adult": age >= 18, "salary": salary,
        "capital_returns": capital, "n_households": nh,
        "rent": rng.integers(200, 1_500, nh).astype(np.float64),
        "accommodation_size": rng.integers(10, 200, nh).astype(np.float64),
        "status": rng.integers(0, 4, nh),
    }


def _age(birth_days: np.ndarray) -> np.ndarray:
    b = np.datetime64("1970-01-01") + birth_days.astype("timedelta64[D]")
    y = b.astype("datetime64[Y]").astype(int) + 1970
    md = (b - b.astype("datetime64[Y]")).astype(int)  # day of the year
    day_of_year = (np.datetime64(DAY) - np.datetime64(DAY, "Y")).astype(int)
    return DAY.year - y - (md > day_of_year)  # exact for DAY = 1 January (no leap-day shift)


# ------------------------------------------------------------------ OpenFisca
def openfisca_tbs():
    from openfisca_country_template import CountryTaxBenefitSystem
    return CountryTaxBenefitSystem()


def openfisca_simulation(tbs, data: dict):
    from openfisca_core.simulations import SimulationBuilder

    n = len(data["household"])
    sb = SimulationBuilder()
    sb.create_entities(tbs)
    sb.declare_person_entity("person", np.arange(n).astype(str))
    hh = sb.declare_entity("household", np.arange(data["n_households"]).astype(str))
    roles = np.where(data["adult"], "adult", "child")
    sb.join_with_persons(hh, data["household"].astype(str), roles)
    sim = sb.build(tbs)
    sim.set_input("birth", PERIOD, np.datetime64("1970-01-01")
                  + data["birth"].astype("timedelta64[D]"))
    sim.set_input("salary", PERIOD, data["salary"])
    sim.set_input("capital_returns", PERIOD, data["capital_returns"])
    sim.set_input("rent", PERIOD, data["rent"])
    sim.set_input("accommodation_size", PERIOD, data["accommodation_size"])
    status = tbs.variables["housing_occupancy_status"].possible_values
    sim.set_input("housing_occupancy_status", PERIOD,
                  status.encode(np.array(STATUSES)[data["status"]]))
    return sim


def openfisca_vectorised(sim) -> np.ndarray:
    return sim.calculate("disposable_income", PERIOD)


def openfisca_one(tbs, case: dict) -> float:
    from openfisca_core.simulations import SimulationBuilder
    sim = SimulationBuilder().build_from_entities(tbs, case)
    return float(sim.calculate("disposable_income", PERIOD)[0])


def openfisca_case(data: dict, h: int) -> dict:
    rows = np.flatnonzero(data["household"] == h)
    persons = {f"p{i}": {"birth": {"ETERNITY": str(dt.date(1970, 1, 1)
                                                  + dt.timedelta(days=int(data["birth"][i])))},
                         "salary": {PERIOD: float(data["salary"][i])},
                         "capital_returns": {PERIOD: float(data["capital_returns"][i])}}
               for i in rows}
    adults = [f"p{i}" for i in rows if data["adult"][i]]
    children = [f"p{i}" for i in rows if not data["adult"][i]]
    household = {"adults": adults, "children": children,
                 "rent": {PERIOD: float(data["rent"][h])},
                 "accommodation_size": {PERIOD: float(data["accommodation_size"][h])},
                 "housing_occupancy_status": {PERIOD: STATUSES[data["status"][h]]}}
    return {"persons": persons, "households": {"h": household}}


# ------------------------------------------------------------------ rulescore
def rulescore_program():
    from rulescore.plugins import load_program
    return load_program(extra_paths=[RULES])


def rulescore_population(data: dict):
    from rulescore.batch.population import Column, Population

    hh = data["household"]
    yes = np.ones(len(hh), dtype=bool)
    inputs = {
        "geboortedatum": Column(data["birth"].astype(np.int64), yes),
        "woonadres": Column(hh.astype(np.int64), yes),
        "salary": Column(data["salary"], yes),
        "capital_returns": Column(data["capital_returns"], yes),
        "adult": Column(data["adult"], yes),
        # a dwelling's inputs: per inhabitant, the value of his dwelling
        "rent": Column(data["rent"][hh], yes),
        "accommodation_size": Column(data["accommodation_size"][hh], yes),
        "housing_occupancy_status": Column(np.array(STATUSES, dtype=object)[data["status"]][hh],
                                           yes),
    }
    return Population.from_columns(hh, inputs)


def rulescore_batch(program, pop):
    from rulescore.batch.run import evaluate_batch
    return evaluate_batch(program, pop, DAY, workers=1)


def rulescore_case(data: dict, h: int) -> dict:
    rows = np.flatnonzero(data["household"] == h)
    persons = {f"p{i}": {"geboortedatum": str(dt.date(1970, 1, 1)
                                              + dt.timedelta(days=int(data["birth"][i]))),
                         "woonadres": "w", "salary": int(data["salary"][i]),
                         "capital_returns": int(data["capital_returns"][i]),
                         "adult": bool(data["adult"][i])}
               for i in rows}
    dwelling = {"rent": int(data["rent"][h]),
                "accommodation_size": int(data["accommodation_size"][h]),
                "housing_occupancy_status": STATUSES[data["status"][h]]}
    return {"peildatum": DAY.isoformat(), "personen": persons, "woningen": {"w": dwelling}}


def rulescore_one(program, case: dict):
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation
    result = evaluate(program, Situation.from_dict(case, program))
    return result.values


def reference_cents(program, case: dict) -> int:
    from rulescore.batch.population import cents
    values = rulescore_one(program, case)
    return cents(values[(OUTCOME, next(iter(case["personen"])))])


# ------------------------------------------------------------------ hand-written numpy
def hand_numpy(data: dict) -> np.ndarray:
    """The template's formulas for 2017-01 written directly in numpy (float64)."""
    hh, nh = data["household"], data["n_households"]
    age = _age(data["birth"])
    salary, capital = data["salary"], data["capital_returns"]
    pension = (age >= 62).astype(np.float64)
    basic_income = np.where(age >= 18, 600.0, 0.0)
    income_tax = (salary + capital + pension) * 0.15
    ssc = (0.02 * np.minimum(salary, 6000.0) + 0.06 * np.clip(salary - 6000.0, 0.0, 6400.0)
           + 0.12 * np.maximum(salary - 12400.0, 0.0))
    person = salary + capital + pension + basic_income - income_tax - ssc
    total = np.bincount(hh, person, minlength=nh)
    income = np.bincount(hh, salary, minlength=nh)
    adults = np.bincount(hh, data["adult"], minlength=nh)
    under_8 = np.bincount(hh, age < 8, minlength=nh) > 0
    under_6 = np.bincount(hh, age < 6, minlength=nh) > 0
    parenting = np.where((income <= 500) & (((adults == 1) & under_8) | under_6), 600.0, 0.0)
    taxed = data["status"] <= 1  # owner, tenant
    housing_tax = np.where(taxed, np.maximum(data["accommodation_size"] * 10.0, 200.0), 0.0)
    return total + parenting - housing_tax / 12


# ------------------------------------------------------------------ the run
def verify(tbs, program, n_persons: int = 7_000) -> str:
    """Equal per household, or SystemExit naming the first households that differ."""
    data = generate(n_persons, seed=7)
    pop = rulescore_population(data)
    result = rulescore_batch(program, pop)
    rs = result.values[OUTCOME][pop.start]
    of = openfisca_vectorised(openfisca_simulation(tbs, data)).astype(np.float64)
    hand = np.round(hand_numpy(data) * 100)
    sample = range(0, data["n_households"], max(1, data["n_households"] // 150))
    ref = {h: reference_cents(program, rulescore_case(data, h)) for h in sample}
    of_one = {h: openfisca_one(tbs, openfisca_case(data, h)) for h in list(sample)[:40]}
    problems = []
    off = np.abs(of * 100 - rs)
    # OpenFisca computes in float32: above EUR 32 768 its resolution is 0.4 cent, and a sum of
    # several such amounts is off by up to about a cent; rulescore and numpy agree exactly.
    for name, bad in (("OpenFisca (float32) a cent or more away", off >= 1),
                      ("hand numpy rounded to cents", hand != rs)):
        if bad.any():
            problems.append(f"{name}: {int(bad.sum())} households, first {np.flatnonzero(bad)[:5]}")
    problems += [f"reference evaluator, household {h}: {c} != {rs[h]}"
                 for h, c in ref.items() if c != rs[h]]
    problems += [f"OpenFisca one household {h}: {v} against {rs[h] / 100}"
                 for h, v in of_one.items() if abs(v * 100 - rs[h]) >= 1]
    if result.errors or problems:
        raise SystemExit("side by side: the implementations differ\n" + "\n".join(
            problems + [f"batch error in household {h}: {e}" for h, e in result.errors.items()]))
    rounded = int((np.round(of * 100) != rs).sum())
    return (f"verified on {data['n_households']:,} households ({n_persons:,} persons), "
            f"{PERIOD}: rulescore batch == hand numpy to the cent on all, == reference evaluator "
            f"on {len(ref)}, OpenFisca less than a cent away on all (its float32 rounds to another "
            f"cent on {rounded}; max |diff| {off.max() / 100:.4f} EUR); batch fell back to the "
            f"exact evaluator for {len(result.fallback)} households "
            f"({100 * len(result.fallback) / data['n_households']:.2f} %)")


def seconds(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def vectorised(tbs, program, n_persons: int, rounds: int) -> tuple[str, dict]:
    data = generate(n_persons)
    pop = rulescore_population(data)
    rulescore_batch(program, rulescore_population(generate(2_000, seed=3)))  # compile once
    times = {"openfisca": [], "rulescore": [], "numpy": []}
    fallback = None
    for _ in range(rounds):  # interleaved; a fresh OpenFisca simulation (no cached values)
        sim = openfisca_simulation(tbs, data)
        times["openfisca"].append(seconds(lambda: openfisca_vectorised(sim)))
        box = []
        times["rulescore"].append(seconds(lambda: box.append(rulescore_batch(program, pop))))
        fallback = len(box[0].fallback)
        times["numpy"].append(seconds(lambda: hand_numpy(data)))
    med = {k: statistics.median(v) for k, v in times.items()}
    line = (f"vectorised {n_persons:>9,} persons ({data['n_households']:,} households), 1 core, "
            f"medians of {rounds}: OpenFisca {med['openfisca']:.3f} s, rulescore batch "
            f"{med['rulescore']:.3f} s, hand numpy {med['numpy']:.3f} s -> rulescore "
            f"{med['openfisca'] / med['rulescore']:.2f}x OpenFisca's speed (target >= 2), "
            f"{med['rulescore'] / med['numpy']:.1f}x hand numpy's time (target <= 1.5); "
            f"exact fallback for {fallback} households")
    return line, med


def one_at_a_time(tbs, program, n: int = 300) -> str:
    data = generate(3 * n, seed=11)
    cases = [(openfisca_case(data, h), rulescore_case(data, h)) for h in range(n)]
    openfisca_one(tbs, cases[0][0])
    rulescore_one(program, cases[0][1])
    of, rs = [], []
    for a, b in cases:  # interleaved
        of.append(seconds(lambda: openfisca_one(tbs, a)))
        rs.append(seconds(lambda: rulescore_one(program, b)))
    mo, mr = statistics.median(of) * 1000, statistics.median(rs) * 1000
    return (f"one household at a time ({n} households, building the simulation/situation from "
            f"a dict + disposable income), medians: OpenFisca {mo:.3f} ms, rulescore reference "
            f"{mr:.3f} ms -> rulescore {mo / mr:.1f}x faster (target >= 10)")


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_memory(engine: str, n_persons: int) -> str:
    """Run in a subprocess: peak RSS after one vectorised run, and before it (data built).

    Linux keeps the parent's peak across fork and exec, so the child resets it first."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    tbs = openfisca_tbs() if engine == "openfisca" else None
    program = rulescore_program() if engine == "rulescore" else None
    data = generate(n_persons)
    if engine == "openfisca":
        sim = openfisca_simulation(tbs, data)
        before = peak_rss_mb()
        openfisca_vectorised(sim)
    elif engine == "rulescore":
        pop = rulescore_population(data)
        before = peak_rss_mb()
        rulescore_batch(program, pop)
    else:
        before = peak_rss_mb()
        hand_numpy(data)
    return f"{peak_rss_mb():.0f} {before:.0f}"


def memory_line(n_persons: int) -> str:
    out = {}
    for engine in ("openfisca", "rulescore", "numpy"):
        text = subprocess.run([sys.executable, __file__, "--memory", engine, str(n_persons)],
                              capture_output=True, text=True, check=True).stdout.split()
        out[engine] = tuple(map(float, text[-2:]))
    parts = ", ".join(f"{k} {v[0]:,.0f} MB ({v[0] - v[1]:+,.0f} MB during the run)"
                      for k, v in out.items())
    return (f"peak RSS {n_persons:,} persons, each in its own process (inputs built, then one "
            f"run): {parts}; rulescore/OpenFisca {out['rulescore'][0] / out['openfisca'][0]:.2f}")


def main() -> None:
    if sys.argv[1:2] == ["--memory"]:
        print(peak_memory(sys.argv[2], int(sys.argv[3])))
        return
    quick = "--quick" in sys.argv
    tbs, program = openfisca_tbs(), rulescore_program()
    lines = [f"# {dt.date.today()} side by side with openfisca-country-template "
             f"(RULESCORE_PLUGINS=basis python benchmarks/openfisca_side_by_side.py"
             f"{' --quick' if quick else ''})"]
    lines.append(verify(tbs, program))
    print(lines[-1], flush=True)
    for n, rounds in ((100_000, 5), (1_000_000, 3)) if not quick else ((20_000, 3),):
        lines.append(vectorised(tbs, program, n, rounds)[0])
        print(lines[-1], flush=True)
    lines.append(one_at_a_time(tbs, program, 60 if quick else 300))
    print(lines[-1], flush=True)
    for n in ((1_000_000,) if not quick else (20_000,)):
        lines.append(memory_line(n))
        print(lines[-1], flush=True)
    if not quick:
        with open(HERE / "results.txt", "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
