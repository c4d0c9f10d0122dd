"""Does work pay: one household x 400 grid points on the batch evaluator (net income per
point, exact), against 400 reference-evaluator runs of the same points, interleaved; and
the exact decomposition of the 400 points. Two households: examples/huishouden.json, and a
working single parent with two children in dagopvang (the kinderopvangtoeslag divides by
a count, so the batch vouches per row). Appends to benchmarks/results.txt."""

from __future__ import annotations

import statistics
import time
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).parent


CHILD = {"woonadres": "w1", "zorgverzekerd": True, "student": False, "overige_netto_middelen": 0,
         "bezittingen": 0, "schulden": 0, "onverzekerde_jaren": 0, "opvangsoort": "dagopvang",
         "geregistreerde_opvang": True,
         "geen": ["loon_uit_dienstbetrekking", "overig_belastbaar_inkomen", "inkomen_box_2_en_3"]}
CHILDCARE = {
    "peildatum": "2026-03-01", "woningen": {"w1": {}},
    "personen": {
        "sara": {"geboortedatum": "1990-05-01", "woonadres": "w1", "zorgverzekerd": True,
                 "huurder": False, "student": False, "rendementsgrondslag": 0, "bezittingen": 0,
                 "schulden": 0, "overige_netto_middelen": 0, "onverzekerde_jaren": 0,
                 "geen": ["overig_belastbaar_inkomen", "inkomen_box_2_en_3"]},
        "kees": {**CHILD, "geboortedatum": "2023-02-01", "opvanguren": 150, "uurprijs": "11,50"},
        "mila": {**CHILD, "geboortedatum": "2021-09-01", "opvanguren": 120, "uurprijs": "10,25"}},
    "relaties": [{"soort": "ouder_van", "personen": ["sara", "kees"]},
                 {"soort": "ouder_van", "personen": ["sara", "mila"]}],
}


def main() -> None:
    from rulescore import Situation, load_program

    program = load_program()
    example = (HERE.parent / "examples" / "huishouden.json").read_text()
    for name, sit in (("huishouden.json", Situation.from_json(example, program)),
                      ("single parent, 2 children in dagopvang",
                       Situation.from_dict(CHILDCARE, program))):
        measure(program, name, sit)
    months(program, Situation.from_json(example, program))


def months(program, sit) -> None:
    """The same household over the twelve months of 2026 (reference evaluator per month)."""
    from rulescore.analysis.grid import Grid
    from rulescore.analysis.months import analyse_months
    from rulescore.periods import parse_month

    grid = Grid(tuple(Fraction(100 * i) for i in range(40)))
    t = time.perf_counter()
    analyse_months(program, sit, "sara", grid, parse_month("2026-01"), parse_month("2026-12"))
    took = time.perf_counter() - t
    line = (f"werkloont --van 2026-01 --tot 2026-12, huishouden.json x 40 points: "
            f"{took * 1000:.0f} ms ({took / 40 * 1000:.1f} ms per point of 12 months)")
    print(line)
    with open(HERE / "results.txt", "a", encoding="utf-8") as out:
        out.write(line + "\n")


def measure(program, name, sit) -> None:
    from rulescore.analysis.grid import NET, Grid, at_wage, household_of, net_incomes
    from rulescore.analysis.pressure import analyse
    from rulescore.reference.results import evaluate

    grid = Grid(tuple(Fraction(10 * i) for i in range(400)))
    house = household_of(sit, "sara")
    sits = [at_wage(sit, "sara", w) for w in grid.points]
    net_incomes(program, sits[:2], house, sit.peildatum)  # warm up (compile)
    batch, ref = [], []
    for _ in range(5):
        t = time.perf_counter()
        nets, redo = net_incomes(program, [at_wage(sit, "sara", w) for w in grid.points],
                                 house, sit.peildatum)
        batch.append(time.perf_counter() - t)
        t = time.perf_counter()
        for s in sits:
            evaluate(program, s, sit.peildatum, outputs=(NET,))
        ref.append(time.perf_counter() - t)
    t = time.perf_counter()
    analyse(program, sit, "sara", grid)
    full = time.perf_counter() - t
    b, r = statistics.median(batch), statistics.median(ref)
    line = (f"werkloont 1 household ({name}) x 400 points: batch {b * 1000:.1f} ms (exact, {redo} "
            f"recomputed), 400 reference runs {r * 1000:.1f} ms, ratio {r / b:.1f}; with the "
            f"exact decomposition of every point {full * 1000:.0f} ms (medians of 5, interleaved)")
    print(line)
    with open(HERE / "results.txt", "a", encoding="utf-8") as out:
        out.write(line + "\n")


if __name__ == "__main__":
    main()
