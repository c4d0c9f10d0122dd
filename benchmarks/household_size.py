"""Per-person cost by household size (1, 4, 20, 50 persons), both evaluators (issue #17 §1).

Two rule sets: the bundled stelsel (benchmarks/batch.py's generator, all households of one
size; beyond five persons unrelated adults, a group home) and the country-template port
(benchmarks/openfisca_side_by_side.py's generator). The batch evaluator runs on about
``PERSONS`` persons per size, the reference evaluator household by household on a sample;
each size in a process of its own, so its peak memory is its own. Target: the cost per
person at 50 within 2x of that at 4. Appended to benchmarks/results.txt::

    python benchmarks/household_size.py

To iterate: ``--groottes 4,50`` for some sizes only, ``--personen 5000`` for fewer
persons per size, ``--niet-opslaan`` to print without appending; one size in this
process: ``python benchmarks/household_size.py stelsel 50 [persons]``. Before and after
in one run: ``--vergelijk DIR --rondes 3`` runs each size alternately with the rulescore
of DIR (an unpacked older version, ``git archive REV | tar -x -C DIR``, on PYTHONPATH;
the bundled rules stay this tree's installed ones) and of this tree, round after round.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
SIZES = (1, 4, 20, 50)
PERSONS = 20_000


def population(rules: str, size: int, persons: int):
    if rules == "port":
        import openfisca_side_by_side as side
        return side.rulescore_population(side.generate(persons, seed=5, size=size)), side.DAY
    import batch
    return batch.generate(max(1, persons // size), seed=5, size=size), dt.date(2026, 3, 1)


def program(rules: str):
    if rules == "port":
        os.environ["RULESCORE_PLUGINS"] = "basis"
        from rulescore.plugins import load_program
        return load_program(extra_paths=[HERE / "country_template" / "country_template.rules"])
    from rulescore.plugins import load_program
    return load_program()


def run_one(rules: str, size: int, persons: int = PERSONS) -> str:
    from rulescore.batch.run import evaluate_batch, situation_of
    from rulescore.reference.results import evaluate

    prog = program(rules)
    pop, day = population(rules, size, persons)
    evaluate_batch(prog, population(rules, size, 4 * size)[0], day)  # compile once
    t0 = time.perf_counter()
    result = evaluate_batch(prog, pop, day)
    batch_us = (time.perf_counter() - t0) / pop.n_persons * 1e6
    sample = range(0, pop.n_households, max(1, pop.n_households // max(2, 400 // size)))
    sits = [situation_of(pop, h, prog)[0] for h in sample]
    evaluate(prog, sits[0], day)
    t0 = time.perf_counter()
    for sit in sits:
        evaluate(prog, sit, day)
    ref_us = (time.perf_counter() - t0) / (len(sits) * size) * 1e6
    peak = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024
    return (f"{rules:8} size {size:>2}: batch {batch_us:8.2f} us/person on {pop.n_persons:,} "
            f"persons (fallback {len(result.fallback)} of {pop.n_households:,} households), "
            f"reference {ref_us:9.1f} us/person on {len(sits)} households, peak RSS {peak:,.0f} MB")


def main() -> None:
    args = sys.argv[1:]
    if len(args) >= 2 and args[1].isdigit():  # one size, in this process
        try:
            Path("/proc/self/clear_refs").write_text("5")  # not the parent's peak
        except OSError:
            pass
        print(run_one(args[0], int(args[1]), int(args[2]) if len(args) > 2 else PERSONS))
        return
    sizes, persons, save, other, rounds = SIZES, PERSONS, True, None, 1
    if "--niet-opslaan" in args:
        args.remove("--niet-opslaan")
        save = False
    for flag in ("--groottes", "--personen", "--vergelijk", "--rondes"):
        if flag in args:
            i = args.index(flag)
            value = args[i + 1]
            del args[i:i + 2]
            if flag == "--groottes":
                sizes = tuple(int(x) for x in value.split(","))
            elif flag == "--personen":
                persons = int(value)
            elif flag == "--vergelijk":
                other = value
            else:
                rounds = int(value)
    rule_sets = args or ["port", "stelsel"]
    lines = [f"# {dt.date.today()} household size (python benchmarks/household_size.py "
             f"{' '.join(sys.argv[1:])})"]
    trees = {"": None} if other is None else {"voor: ": other, "na:   ": str(HERE.parent)}
    for rnd in range(rounds):
        for rules in rule_sets:
            for size in sizes:
                for label, tree in trees.items():
                    env = None if tree is None else dict(os.environ, PYTHONPATH=tree)
                    out = subprocess.run([sys.executable, __file__, rules, str(size), str(persons)],
                                         capture_output=True, text=True, check=True, env=env,
                                         cwd=tree).stdout.strip()
                    out = (f"ronde {rnd + 1} " if rounds > 1 else "") + label + out
                    print(out, flush=True)
                    lines.append(out)
    if save:
        with open(HERE / "results.txt", "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
