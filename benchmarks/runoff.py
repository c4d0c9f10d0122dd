"""The run-off of the WAO over its 137.100 recipients (``rulescore uitfasering wao``):
the population generated from the profile, the distinct persons evaluated with the exact
evaluator, the projection over 40 years; each stage timed, median of 3. Appended to
benchmarks/results.txt::

    python benchmarks/runoff.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

HERE = Path(__file__).parent
RUNS = 3


def main() -> None:
    from rulescore.analysis import runoff_population as rp
    from rulescore.analysis.mortality import read_table
    from rulescore.analysis.runoff import project
    from rulescore.plugins import load_program

    program = load_program()
    profile = rp.profile_for("wao")
    table = read_table()
    gen, ev, proj = [], [], []
    for seed in range(1, RUNS + 1):
        t0 = time.perf_counter()
        day, people = rp.generate(profile, seed)
        t1 = time.perf_counter()
        found = rp.recipients(program, profile, day, people)
        t2 = time.perf_counter()
        project(found, table, day.year, 40, 0.02, profile.costs)
        t3 = time.perf_counter()
        gen.append(t1 - t0)
        ev.append(t2 - t1)
        proj.append(t3 - t2)
    line = (f"uitfasering wao: {len(people):,} recipients ({len(found)} distinct), generate "
            f"{statistics.median(gen):6.3f} s, evaluate {statistics.median(ev):6.3f} s, "
            f"project 40 years {statistics.median(proj):6.3f} s (median of {RUNS})")
    print(line)
    with open(HERE / "results.txt", "a", encoding="utf-8") as out:
        out.write(line + "\n")


if __name__ == "__main__":
    main()
