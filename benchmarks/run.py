"""Benchmarks: load+check of the bundled rules, one household with and without explanation.

Writes results to benchmarks/results.txt. Figures are medians over repeated runs; the
machines are noisy, so compare ratios within one run rather than absolute times.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from rulescore.plugins import load_program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "huishouden.json"


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    load_ms = median_ms(load_program, 15)  # the parse cache is warm after the first
    os.environ["RULESCORE_CACHE_DIR"] = ""  # every file through lark again
    uncached_ms = median_ms(load_program, 5)
    del os.environ["RULESCORE_CACHE_DIR"]
    program = load_program()
    text = EXAMPLE.read_text(encoding="utf-8")
    situation = Situation.from_json(text, program)
    evaluate(program, situation)  # compile once
    n_persons = len(situation.persons)
    plain = median_ms(lambda: evaluate(program, situation), 500)
    traced = median_ms(lambda: evaluate(program, situation, trace=True), 500)
    parse_sit = median_ms(lambda: Situation.from_json(text, program), 500)
    from rulescore.reference.explanation import explain_all

    def explained():  # every outcome of every person as one shared graph, as JSON data
        res = evaluate(program, situation, trace=True)
        graph = explain_all(res.context, sorted(res.values))
        return graph.to_dict(), len(graph.nodes)

    nodes = explained()[1]
    explain_ms = median_ms(explained, 100)
    from rulescore.batch.run import evaluate_batch
    from rulescore.batch.population import Population

    one = Population.from_situations([situation], program)
    evaluate_batch(program, one, situation.peildatum)
    batch_one = median_ms(lambda: evaluate_batch(program, one, situation.peildatum), 200)
    lines = [
        f"load+check all bundled rules ({len(program.regulations)} regulations): {load_ms:.1f} ms "
        f"with the parse cache, {uncached_ms:.1f} ms without (target <= 300 ms)",
        f"one household ({n_persons} persons, all outputs), reference evaluator: {plain:.3f} ms median",
        f"same with explanation trace: {traced:.3f} ms median (ratio {traced / plain:.2f})",
        f"situation JSON load+validate: {parse_sit:.3f} ms median",
        f"all outcomes of the household explained (one graph, {nodes} nodes, as JSON data): "
        f"{explain_ms:.3f} ms median (target <= 10 ms, #17)",
        f"same household as a batch of one (numpy path): {batch_one:.3f} ms median "
        f"(ratio to reference {batch_one / plain:.1f})",
    ]
    out = HERE / "results.txt"
    with out.open("a", encoding="utf-8") as fh:  # the file keeps every run: compare ratios
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
