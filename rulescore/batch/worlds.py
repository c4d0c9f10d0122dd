"""Checked ``x waarbij y gelijk is aan z`` into a batch column function: every row unsure.

The batch evaluator has no worlds of its own yet (a child run with y's column pre-filled
with z's is the plan, docs/language.rst "Waarbij"): an outcome that reads a ``waarbij`` is
left to the exact evaluator for every household, so both evaluators agree by
construction. Registered with :mod:`rulescore.batch.compiler` and the denominators.
"""

from __future__ import annotations

import numpy as np

from rulescore import model as m
from rulescore.batch import denominators
from rulescore.batch.compiler import _COMPILERS


def _where(e: m.Where, program):
    kind = program.types[id(e)].kind
    dtype = bool if kind == "ja/nee" else np.int64 if kind in ("datum", "personen") else float

    def where(r, f):
        return np.zeros(f.n, dtype=dtype), np.ones(f.n, dtype=bool)
    return where


_COMPILERS[m.Where] = _where
denominators._DISPATCH[m.Where] = lambda e, r: None
