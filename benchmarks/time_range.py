"""Evaluation over a range of months (#14 §3): the reference evaluator on one household
over 12 months, and the batch evaluator on many household-years.

(a) ``evaluate_range`` of examples/baan_vanaf_juli.json and of a generated household
over 2026: ms per household, median of N runs.
(b) ``evaluate_batch_range`` of N generated households over 2026 (N household-years):
wall time and peak RSS, each size in a process of its own.
(c) the ratio: the same generated households per household on both evaluators, measured
interleaved in one process (reference on a sample, batch on a block, three rounds).

Generated households: 1-4 persons sharing one dwelling, adults below the AOW age; a third of the adults start or
change work in a month of 2026 (a dated wage), so the batch rebuilds those households
on that day; half the pairs married; the third and fourth persons children of the first.
Results are appended to benchmarks/results.txt; the machine is shared and noisy.
Usage: python benchmarks/time_range.py [households] [workers]
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def household(rng: random.Random) -> dict:
    """One generated household over 2026 (a situation document)."""
    size = rng.choices([1, 2, 3, 4], weights=[40, 30, 18, 12])[0]
    persons = {}
    for i in range(size):
        child = i >= 2
        # adults below the AOW age all 2026: the rules have no AOW amounts after 1 July 2026
        year = rng.randint(2009, 2024) if child else rng.randint(1962, 2003)
        facts = {"geboortedatum": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                 "woonadres": "w1", "zorgverzekerd": True, "student": False,
                 "onverzekerde_jaren": 0, "overige_netto_middelen": 0,
                 "bezittingen": f"{rng.randint(0, 20_000)}.00", "schulden": 0,
                 "rendementsgrondslag": 0, "netto_particuliere_oudedagsvoorziening": 0, "huurder": i == 0 and rng.random() < 0.4,
                 "geen": ["inkomen_box_2_en_3"]}
        if child:
            facts.update(opvangsoort="geen", overig_belastbaar_inkomen=0)
            facts["geen"].append("loon_uit_dienstbetrekking")
        else:
            facts["overig_belastbaar_inkomen"] = f"{rng.choice([0, 0, rng.randint(0, 30_000)])}.00"
            wage = rng.choice([0, rng.randint(1_000, 5_000)])
            if rng.random() < 1 / 3:  # starts or changes work in a month of 2026
                month = rng.randint(2, 12)
                facts["loon_uit_dienstbetrekking"] = [
                    {"tot": f"2026-{month:02d}", "waarde": wage},
                    {"vanaf": f"{MONTHS[month - 1]} 2026", "waarde": rng.randint(1_000, 5_000)}]
            else:
                facts["loon_uit_dienstbetrekking"] = wage
        persons[f"p{i}"] = facts
    relations = [{"soort": "ouder_van", "personen": ["p0", f"p{i}"]} for i in range(2, size)]
    if size >= 2 and rng.random() < 0.5:
        relations.append({"soort": "huwelijk", "personen": ["p0", "p1"]})
    return {"van": "2026-01", "tot": "2026-12", "personen": persons, "relaties": relations,
            "woningen": {"w1": {"huurprijs": f"{rng.randint(350, 1_000)}.00",
                                "subsidiabele_servicekosten": f"{rng.randint(0, 48)}.00"}}}


def situations(program, n: int, seed: int = 1) -> list:
    from rulescore.situation import Situation

    rng = random.Random(seed)
    return [Situation.from_dict(household(rng), program) for _ in range(n)]


def reference_ms(program, sits, runs: int) -> float:
    """Median over ``runs`` of the ms per household of evaluate_range over 2026."""
    from rulescore.periods import parse_month
    from rulescore.reference.ranges import evaluate_range

    first, last = parse_month("2026-01"), parse_month("2026-12")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for s in sits:
            evaluate_range(program, s, first, last)
        times.append((time.perf_counter() - t) / len(sits) * 1000)
    return statistics.median(times)


def batch_run(n: int, workers: int) -> str:
    from rulescore.batch.ranges import evaluate_batch_range
    from rulescore.periods import parse_month
    from rulescore.plugins import load_program

    program = load_program()
    sits = situations(program, n)
    evaluate_batch_range(program, situations(program, 50, seed=2), parse_month("2026-01"),
                         parse_month("2026-12"))  # warm-up: compile once
    t = time.perf_counter()
    result = evaluate_batch_range(program, sits, parse_month("2026-01"),
                                  parse_month("2026-12"), workers=workers)
    seconds = time.perf_counter() - t
    peak = max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    persons = len(result.person_ids)
    return (f"batch over 2026 (12 months), {n:,} households ({persons:,} persons) = {n:,} "
            f"household-years, {workers} worker{'s' if workers > 1 else ' '}: {seconds:.2f} s, "
            f"{seconds / n * 1e6:.0f} us/household-year, exact fallback for "
            f"{len(result.fallback)} households, {len(result.errors)} errors, "
            f"peak RSS {peak:,.0f} MB (situations included) (target 100k <= 12 s)")


def interleaved(program) -> str:
    """Reference and batch per household on the same generated households, three rounds."""
    from rulescore.batch.ranges import evaluate_batch_range
    from rulescore.periods import parse_month

    first, last = parse_month("2026-01"), parse_month("2026-12")
    block = situations(program, 2_000, seed=3)
    sample = block[:40]
    evaluate_batch_range(program, block[:50], first, last)
    ref, batch = [], []
    for _ in range(3):
        ref.append(reference_ms(program, sample, 1))
        t = time.perf_counter()
        evaluate_batch_range(program, block, first, last)
        batch.append((time.perf_counter() - t) / len(block) * 1000)
    r, b = statistics.median(ref), statistics.median(batch)
    return (f"interleaved, generated households over 2026: reference {r:.2f} ms/household "
            f"(40 households), batch {b:.3f} ms/household (blocks of 2,000), ratio "
            f"{r / b:.1f} (medians of 3 rounds)")


def main() -> None:
    if len(sys.argv) > 1:
        print(batch_run(*map(int, sys.argv[1:])))
        return
    from rulescore.plugins import load_program
    from rulescore.situation import Situation

    program = load_program()
    job = Situation.from_json((HERE.parent / "examples" / "baan_vanaf_juli.json").read_text(),
                              program)
    reference_ms(program, [job], 3)  # warm-up
    lines = [f"# {dt.date.today().isoformat()}: python benchmarks/time_range.py "
             f"(evaluation over a range, #14 §3; {__import__('os').cpu_count()} cores, shared)"]
    one = reference_ms(program, [job], 50)
    gen = reference_ms(program, situations(program, 20, seed=4), 5)
    lines.append(f"reference evaluate_range over 12 months: baan_vanaf_juli {one:.2f} ms "
                 f"(median of 50), generated households {gen:.2f} ms/household (median of 5 "
                 f"runs of 20) (target <= 3 ms)")
    print(lines[-1])
    lines.append(interleaved(program))
    print(lines[-1])
    for n, workers in ((10_000, 1), (100_000, 1), (100_000, 2)):
        out = subprocess.run([sys.executable, __file__, str(n), str(workers)],
                             capture_output=True, text=True, check=True).stdout.strip()
        print(out)
        lines.append(out)
    with open(HERE / "results.txt", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
