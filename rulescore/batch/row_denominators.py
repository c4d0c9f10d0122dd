"""Model expressions and the tied rows of a batch frame into a denominator per row.

:mod:`rulescore.batch.denominators` gives one denominator for all rows, from the rules alone.
For the few rows still tied after it, this module looks at the values as well: a value
that is provably zero has denominator 1 (``belasting - min(belasting, kortingen)`` is
exactly 0 for everyone whose kortingen exceed the belasting), ``max``/``min``/``als``
take the denominator of the branch a row actually takes, and dividing by a whole-numbered
value multiplies by that row's own divisor. Inside aggregates it falls back to the
static denominator. 0 means unknown.

"Provably zero": the exact value is a multiple of ``1/D`` and the float is closer to 0
than half a step, while the float error (bounded as in :mod:`rulescore.batch.ops`) is
below half a step too.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from rulescore import model as m
from rulescore.batch import ops
from rulescore.batch.denominators import (constant_value, denominator, symbol_denominator,
                                          versions_in_force)
from rulescore.batch.ops import MAX_DENOMINATOR
from rulescore.batch.state import Run

#: (expression, frame) → (values, unsure), as the batch compiler computes them
Values = Callable[[object, object], tuple]


def row_denominators(e, r: Run, f, values: Values) -> np.ndarray:
    """Per row of frame ``f``: ``D`` (int64) with ``e``'s exact value a multiple of ``1/D``."""
    return _Rows(r, values).of(e, f)


def definition_row_denominators(qualname: str, r: Run, f, values: Values) -> np.ndarray:
    """As :func:`row_denominators`, for a definition's value at the persons of ``f``."""
    return _Rows(r, values).symbol(r.program.symbols[qualname], f)


class _Rows:
    def __init__(self, r: Run, values: Values):
        self.r, self.values, self.memo = r, values, {}
        #: every frame a memo key names, kept alive so that its id is never reused
        self.frames: list = []

    def of(self, e, f) -> np.ndarray:
        key = (id(e), id(f))
        if key not in self.memo:
            self.frames.append(f)
            d = _bounded(np.broadcast_to(_DISPATCH.get(type(e), _static)(self, e, f), (f.n,)))
            self.memo[key] = self._zero_is_whole(e, f, d)
        return self.memo[key]

    def _zero_is_whole(self, e, f, d):
        v, unsure = self.values(e, f)
        if not np.issubdtype(np.asarray(v).dtype, np.floating):
            return d
        v = np.broadcast_to(v, (f.n,))
        zero = ops.exactly_zero(v, d) & ~np.broadcast_to(unsure, (f.n,))
        return np.where(zero, 1, d) if zero.any() else d

    def symbol(self, sym, f) -> np.ndarray:
        if sym.kind != "definitie":
            return _known(symbol_denominator(sym.qualname, self.r), f.n)
        key = ("symbol", sym.qualname, id(f))
        if key not in self.memo:
            self.frames.append(f)
            d = np.ones(f.n, dtype=np.int64)
            for version in versions_in_force(sym.decl, self.r):  # every one a row can take
                d = _lcm(d, self.of(version.body, f))
            self.memo[key] = d
        return self.memo[key]


def _known(d, n):
    return np.full(n, 0 if d is None else d, dtype=np.int64)


def _bounded(d):
    d = np.asarray(d, dtype=np.int64)
    return np.where((d > MAX_DENOMINATOR) | (d < 0), 0, d)


def _lcm(a, b):
    """Least common multiple per row; 0 (unknown) stays 0."""
    return _bounded(np.lcm(a, b))


def _static(rows: _Rows, e, f):
    return _known(denominator(e, rows.r), f.n)


def _ref(rows: _Rows, e: m.Ref, f):
    res = rows.r.program.resolutions[id(e)]
    if res.kind in ("var", "builtin"):
        return 1
    sym = rows.r.program.symbols[res.target]
    if res.kind == "attr" and sym.kind == "definitie":
        person = np.broadcast_to(f.vars[res.var], (f.n,))
        return rows.symbol(sym, type(f)(person, {}, np.arange(f.n)))
    return rows.symbol(sym, f)


def _binary(rows: _Rows, e: m.Binary, f):
    if e.op not in ("+", "-", "*", "/"):
        return 1
    a = rows.of(e.left, f)
    if e.op in ("+", "-"):
        return _lcm(a, rows.of(e.right, f))
    if e.op == "*":
        return _times(a, rows.of(e.right, f))
    constant = constant_value(e.right, rows.r)
    if constant is not None:  # (a numerator past the bound: unknown, never an int64 overflow)
        n = abs(constant.numerator)
        return _times(a, n) if 0 < n <= MAX_DENOMINATOR else 0
    # a whole-numbered divisor (a count of persons): this row's own divisor
    b, unsure = rows.values(e.right, f)
    b = np.abs(np.broadcast_to(b, (f.n,)))
    whole = (rows.of(e.right, f) == 1) & (b > 0) & (b <= MAX_DENOMINATOR)
    whole &= ~np.broadcast_to(unsure, (f.n,))
    return np.where(whole, _times(a, np.where(whole, b, 1).astype(np.int64)), 0)


def _times(a, b):
    """Product per row; 0 (unknown) when either is unknown or it exceeds the bound."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
    too_big = a > MAX_DENOMINATOR // np.maximum(b, 1)
    return np.where((a == 0) | (b == 0) | too_big, 0, a * np.where(too_big, 0, b))


def _if(rows: _Rows, e: m.If, f):
    c, _ = rows.values(e.cond, f)
    return np.where(np.broadcast_to(c, (f.n,)), rows.of(e.then, f), rows.of(e.otherwise, f))


def _call(rows: _Rows, e: m.Call, f):
    res = rows.r.program.resolutions[id(e)]
    if not (res.kind == "function" and res.target in ("max", "min")):
        return _static(rows, e, f)
    args = [np.broadcast_to(rows.values(a, f)[0], (f.n,)) for a in e.args]
    chosen = np.maximum.reduce(args) if res.target == "max" else np.minimum.reduce(args)
    d = np.ones(f.n, dtype=np.int64)
    for a, v in zip(e.args, args):
        # every argument within float error of the result may be the exact extreme
        candidate = (v == chosen) | ops.near(v - chosen, np.maximum(np.abs(v), np.abs(chosen)))
        d = np.where(candidate, _lcm(d, rows.of(a, f)), d)
    return d


_DISPATCH = {
    m.Ref: _ref, m.Binary: _binary, m.If: _if, m.Call: _call,
    m.Unary: lambda rows, e, f: rows.of(e.operand, f),
    m.Round: lambda rows, e, f: 100 if e.to == "centen" else 1,
}
