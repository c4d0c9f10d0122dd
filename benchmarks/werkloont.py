"""Does work pay: one household x 400 grid points on the batch evaluator (net income per
point, exact), against 400 reference-evaluator runs of the same points, interleaved; and
the exact decomposition of the 400 points. Appends to benchmarks/results.txt."""

from __future__ import annotations

import statistics
import time
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    from rulescore import Situation, load_program
    from rulescore.analysis.grid import NET, Grid, at_wage, household_of, net_incomes
    from rulescore.analysis.pressure import analyse
    from rulescore.reference.results import evaluate

    program = load_program()
    sit = Situation.from_json((HERE.parent / "examples" / "huishouden.json").read_text(), program)
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
    line = (f"werkloont 1 household x 400 points: batch {b * 1000:.1f} ms (exact, {redo} "
            f"recomputed), 400 reference runs {r * 1000:.1f} ms, ratio {r / b:.1f}; with the "
            f"exact decomposition of every point {full * 1000:.0f} ms (medians of 5, interleaved)")
    print(line)
    with open(HERE / "results.txt", "a", encoding="utf-8") as out:
        out.write(line + "\n")


if __name__ == "__main__":
    main()
