"""Regimes of overgangsrecht in both evaluators (issue #19): a closed regime with the end of
a right, an afbouw in steps and a frozen parameter, on ``PERSONS`` one-person households
with random dates of entry and end. The batch evaluator runs on all of them, the reference
evaluator person by person on a sample; the batch must agree with it on the sample and
send no row to the exact evaluator. Appended to benchmarks/results.txt::

    python benchmarks/overgangsrecht.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
PERSONS = 50_000
SAMPLE = 500
DAY = dt.date(2029, 3, 1)
RULES = '''regeling o "Overgang"
invoer instroomdatum: datum van persoon
invoer einde_recht: datum van persoon
parameter bedrag_oud: bedrag per maand
  bron artikel 1
  vanaf 1 januari 2025: € 100
  vanaf 1 januari 2026: bevroren
  vanaf 1 januari 2028: € 130
uitkomst uitkering: bedrag per maand
  bron artikel 2
  overgangsrecht volgens instroomdatum
  regime bestaand "Bestaande rechten"
    gesloten instroom vanaf 1 januari 1996
    eindigt op einde_recht
    = (geleidelijk van bedrag_oud naar € 40 per maand in 3 jaarlijkse stappen vanaf instroomdatum + 35 jaar) afgerond op centen
  regime beeindigd
    na einde van bestaand
    = € 0 per maand
  regime geen_instroom
    voor instroomdatum vanaf 1 januari 1996
    = € 0 per maand
'''


def main() -> None:
    from rulescore.batch.population import Population
    from rulescore.batch.run import evaluate_batch
    from rulescore.dsl import parse
    from rulescore.dsl.checker import check
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation

    program = check([parse(RULES, "o.rules")])
    rng = random.Random(19)

    def day(lo, hi):
        return (lo + dt.timedelta(days=rng.randrange((hi - lo).days))).isoformat()

    sits = [Situation.from_dict({"peildatum": DAY.isoformat(), "personen": {"a": {
        "instroomdatum": day(dt.date(1970, 1, 1), dt.date(2010, 1, 1)),
        "einde_recht": day(dt.date(2020, 1, 1), dt.date(2040, 1, 1))}}}, program)
        for _ in range(PERSONS)]
    t0 = time.perf_counter()
    pop = Population.from_situations(sits, program)
    result = evaluate_batch(program, pop, DAY)
    batch_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    exact = [evaluate(program, s).values[("o.uitkering", "a")] for s in sits[:SAMPLE]]
    ref_s = time.perf_counter() - t0
    column = result.values["o.uitkering"]
    wrong = sum(1 for i, v in enumerate(exact) if column[i] != v * 100)
    line = (f"overgangsrecht: batch {batch_s / PERSONS * 1e6:8.2f} us/person on {PERSONS:,} "
            f"persons (population built included), exact fallback for {len(result.fallback)} "
            f"households; reference {ref_s / SAMPLE * 1e6:8.2f} us/person on {SAMPLE}; "
            f"{wrong} of {SAMPLE} differ")
    print(line)
    with open(HERE / "results.txt", "a", encoding="utf-8") as out:
        out.write(line + "\n")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
