"""A size, a seed, the targets and the rules into a calibrated population: sampled and
evaluated block by block, raked onto the targets, written to Parquet block by block.

Memory holds one block of households and the indicator matrix (households × targets):
the first pass keeps only each block's indicators; the second draws the same blocks again
(block ``b`` is drawn with the seed ``[zaad, b]``, so a block is the same whether it is
drawn first or again) and writes them with their calibrated weights.
"""

from __future__ import annotations

import attrs
import numpy as np

from rulescore.batch.population import Population
from rulescore.batch.run import evaluate_batch
from rulescore.population.calibrate import Calibration, rake
from rulescore.population.generate import generate
from rulescore.population.targets import Targets, indicator_matrix
from rulescore.program import Program
from rulescore.situation import Situation

BLOCK = 20_000


@attrs.frozen
class Built:
    n: int
    seed: int
    targets: Targets
    indicators: np.ndarray
    calibration: Calibration

    def report(self) -> list[dict]:
        """Per target: its value, the achieved weighted total, the relative difference and
        whether it is within the target's tolerance."""
        rows = []
        for t, got in zip(self.targets.targets, self.calibration.achieved):
            diff = (got - t.value) / t.value if t.value else got
            rows.append({"naam": t.name, "indicator": t.indicator, "doel": t.value,
                         "bereikt": float(got), "verschil": float(diff),
                         "tolerantie": t.tolerance, "binnen": bool(abs(diff) <= t.tolerance),
                         "bron": t.source, "aanname": t.assumption})
        return rows


def _block_sizes(n: int) -> list[int]:
    return [min(BLOCK, n - start) for start in range(0, n, BLOCK)]


def _draw(targets: Targets, seed: int, b: int, size: int):
    return generate(size, [seed, b], targets.assumptions, targets.type_shares(),
                    targets.peildatum)


def build(program: Program, n: int, seed: int, targets: Targets, progress=None) -> Built:
    """Sample ``n`` households with ``seed``, evaluate the outcomes the targets read, and
    rake the weights (design weight: all households / ``n``) onto the targets."""
    outputs = targets.outcomes()
    parts = []
    for b, size in enumerate(_block_sizes(n)):
        sample = _draw(targets, seed, b, size)
        situations = [Situation.from_dict(d, program) for d in sample.documents]
        pop = Population.from_situations(situations, program)
        result = evaluate_batch(program, pop, targets.peildatum, outputs=outputs)
        if result.errors:  # the generator's own households: a bug, never the user's
            h, exc = next(iter(result.errors.items()))
            raise RuntimeError(f"gegenereerd huishouden {h} van blok {b}: {exc.render()}")
        parts.append(indicator_matrix(targets, sample, pop, result))
        if progress is not None:
            progress.block(situations, result)
    x = np.vstack(parts)
    total = next((t.value for t in targets.targets if t.indicator == "huishouden"),
                 float(n))
    calibration = rake(np.full(n, total / n), x, np.array([t.value for t in targets.targets]))
    return Built(n, seed, targets, x, calibration)


def write(sink, program: Program, built: Built, progress=None) -> None:
    """The households with their calibrated weights as Parquet (the batch's layout,
    :mod:`rulescore.batch.parquet_io`), block by block into ``sink`` (a binary file)."""
    import pyarrow.parquet as pq

    from rulescore.batch.parquet_io import arrow_schema, households_table

    writer = pq.ParquetWriter(sink, arrow_schema(program), compression="zstd")
    start = 0
    for b, size in enumerate(_block_sizes(built.n)):
        sample = _draw(built.targets, built.seed, b, size)
        ids = [f"h{start + i + 1:07d}" for i in range(size)]
        table = households_table(sample.documents, program, ids,
                                 built.calibration.weights[start:start + size], sample.types)
        writer.write_table(table)
        start += size
        if progress is not None:
            progress.advance(size)
    writer.close()
