"""Batch results into a Parquet file, one row per person, block by block (bounded memory):
amounts as exact decimals, the unit of every outcome in its field's metadata."""

from __future__ import annotations

import numpy as np

from rulescore.batch.io import Households, header
from rulescore.program import Program


def decimal_cents(cents: np.ndarray, valid: np.ndarray | None = None):
    """Whole cents (int64) as an Arrow decimal128(18, 2) array, exactly and without
    a Python object per value: the decimal's unscaled 128-bit integer is the cents."""
    import pyarrow as pa

    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)  # little-endian: low word, high word
    words[:, 0] = cents
    words[:, 1] = np.where(cents < 0, -1, 0)
    mask = None if valid is None else pa.array(valid, type=pa.bool_()).buffers()[1]
    nulls = 0 if valid is None else int((~valid).sum())
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(cents),
                                 [mask, pa.py_buffer(words.tobytes())], null_count=nulls)


class ResultWriter:
    """Batch results into a Parquet file, one row per person, block by block: ``rij``,
    ``huishouden``, ``gewicht``, ``persoon`` and every outcome (amounts as decimal128(18, 2)
    euros, exactly the batch's whole cents; the unit in the field's metadata)."""

    def __init__(self, sink, program: Program, names: list):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.names = list(names)
        self.kinds = [program.symbols[q].type.kind for q in self.names]
        arrow = {"getal": pa.decimal128(18, 2), "ja/nee": pa.bool_(), "datum": pa.date32()}
        fields = [pa.field("rij", pa.int64()), pa.field("huishouden", pa.string()),
                  pa.field("gewicht", pa.float64()), pa.field("persoon", pa.string())]
        fields += [pa.field(q, arrow.get(k, pa.string()),
                            metadata={"eenheid": header(program, q)})
                   for q, k in zip(self.names, self.kinds)]
        self.schema = pa.schema(fields)
        self.writer = pq.ParquetWriter(sink, self.schema, compression="zstd")

    def write(self, block: Households, pop, result) -> None:
        """The persons of every household of ``block`` that could be evaluated."""
        import pyarrow as pa

        keep = np.ones(pop.n_persons, dtype=bool)
        for h in result.errors:
            keep[int(pop.start[h]):int(pop.start[h] + pop.size[h])] = False
        rows = np.asarray(block.lines, dtype=np.int64)[pop.household]
        ids = getattr(block, "ids", None) or [str(n) for n in block.lines]
        weights = getattr(block, "weights", None)
        weights = (np.ones(len(block.lines)) if weights is None or not len(weights)
                   else weights)[pop.household]
        persons = [p for s in block.situations for p in s.person_ids]
        columns = [pa.array(rows[keep]), pa.array([ids[h] for h in pop.household[keep]]),
                   pa.array(weights[keep]), pa.array([p for p, k in zip(persons, keep) if k])]
        for q, kind in zip(self.names, self.kinds):
            v = np.asarray(result.values[q])[keep]
            if kind == "getal":
                columns.append(decimal_cents(v.astype(np.int64)))
            elif kind == "ja/nee":
                columns.append(pa.array(v.astype(bool)))
            elif kind == "datum":
                columns.append(pa.array(v.astype(np.int32), type=pa.int32()).cast(pa.date32()))
            else:
                columns.append(pa.array([str(x) for x in v]))
        self.writer.write_table(pa.Table.from_arrays(columns, schema=self.schema))

    def close(self) -> None:
        self.writer.close()
