"""Vectorised operations for the batch evaluator, each returning values and "unsure" flags.

A row is *unsure* when float64 arithmetic cannot be trusted to decide like exact
arithmetic would: a rounding near a half-cent tie (or near a whole unit for floor/ceil),
a comparison of two nearly equal numbers, or a value that overflowed, became NaN or is
beyond the magnitude where float64 holds whole cents (:func:`inexact`). Unsure rows are
re-evaluated exactly.

"Near" is a distance below the float error a rule chain can build up: relative to the
value, ``REL_TOL`` (1e-11, some 45 000 units of float64 rounding), and in absolute terms
``ABS_TOL`` euro (1e-7: a hundred operations on amounts up to a few million euro, which
covers cancellation such as ``grens - inkomen``). The rule behind "exactly on a tie is
trusted": the rules' rationals have denominators below 1e8, so two distinct values differ
by at least 1e-8, far more than float64 error for magnitudes below 1e6; above that
magnitude even exact ties are re-checked.

Calendar arithmetic on day numbers is in :mod:`rulescore.batch.dates`.
"""

from __future__ import annotations

import math

import numpy as np

REL_TOL = 1e-11
ABS_TOL = 1e-7
TRUST_BELOW = 1e6
#: The magnitude up to which the tolerances hold: a hundred operations on values below
#: it err by less than ``ABS_TOL`` (some 9 million; float64 loses whole cents only at
#: 2**53 cents, but cancellation such as ``(10**12 + 0,004999) - 10**12`` errs by a
#: hundredth of a cent already at 10**12).
EXACT_BELOW = ABS_TOL * 2.0**53 / 100
#: Above this a denominator (:mod:`rulescore.batch.denominators`) is treated as unknown:
#: the snap would need a float error below ``1 / (2 * MAX_DENOMINATOR)``, see
#: :func:`settle_rounding`.
MAX_DENOMINATOR = 10**8


def inexact(x):
    """Rows whose float value cannot stand for the exact one: overflowed to ±inf, NaN
    (``inf - inf``), or so large that the float error may exceed the tolerances (above
    :data:`EXACT_BELOW`). Such rows are unsure like ties: the exact evaluator decides.

    Nearly always no row is: two reductions decide that without a pass per row."""
    x = np.asarray(x)
    if x.dtype.kind != "f" or x.size == 0:
        return np.False_
    if -EXACT_BELOW < x.min() and x.max() < EXACT_BELOW:  # NaN fails both tests
        return np.False_
    return ~(np.abs(x) < EXACT_BELOW)


def near(diff, magnitude, unit: float = 1.0):
    """Within float error of zero; ``unit`` is how many of ``diff``'s units make a euro.

    Almost no row is near, so rows are first screened against the largest tolerance of
    the column and only the few candidates get their own tolerance."""
    diff = np.abs(diff)
    magnitude = np.broadcast_to(magnitude, diff.shape)
    widest = max(ABS_TOL * unit, REL_TOL * float(np.fmax.reduce(magnitude, axis=None, initial=0.0)))
    rows = np.flatnonzero(diff < widest)
    out = np.zeros(diff.shape, dtype=bool)
    if rows.size:
        d, mag = diff.ravel()[rows], magnitude.ravel()[rows]
        tol = np.maximum(ABS_TOL * unit, REL_TOL * mag)
        out.ravel()[rows] = (d < tol) & ((d != 0) | (mag > TRUST_BELOW))
    return out


def round_values(x, to: str, mode: str):
    """Named rounding; returns (rounded values, unsure)."""
    scale = 100.0 if to == "centen" else 1.0
    y = np.asarray(x, dtype=np.float64) * scale
    ay = np.abs(y)
    beyond = inexact(x)
    if mode == "half_up":
        whole = np.floor(ay)
        frac = ay - whole
        r = np.where(frac >= 0.5, whole + 1, whole) * np.sign(y)
        unsure = near(frac - 0.5, ay, scale)
    else:
        r = np.floor(y) if mode == "down" else np.ceil(y)
        unsure = near(y - np.round(y), ay, scale)
    return r / scale, unsure | beyond


COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
            "=": np.equal, "!=": np.not_equal}


def compare(op: str, a, b):
    """Numeric comparison; returns (bool values, unsure)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    result = COMPARE[op](a, b)
    unsure = near(a - b, np.maximum(np.abs(a), np.abs(b))) | inexact(a) | inexact(b)
    return result, unsure


# ------------------------------------------------------------------ exact ties

def _snapped(x, d):
    """``x * d`` as whole numbers, and where that is sure to be the exact numerator.

    The exact value is a multiple of ``1/d`` (:mod:`rulescore.batch.denominators`; ``d`` is
    one number or one per value, 0 for unknown), so it is the nearest multiple to the
    float as long as the float error, bounded as in :func:`near`, stays below half a
    step ``1/(2d)``."""
    x = np.asarray(x, dtype=np.float64)
    whole = np.rint(x * d)
    valid = ((ABS_TOL + REL_TOL * np.abs(x)) * d < 0.5) & (np.abs(whole) < 2.0**52) & (d > 0)
    return np.where(valid, whole, 0).astype(np.int64), valid


def exactly_zero(x, d):
    """Rows whose exact value, a multiple of ``1/d`` (per row; 0 = unknown), is 0."""
    numerator, valid = _snapped(x, d)
    return valid & (numerator == 0)


def settle_rounding(x, rounded, tie, d, to: str, mode: str):
    """Decide rounding ties exactly where ``x`` is a multiple of ``1/d``.

    ``d`` is None (unknown), one number for all rows, or one per tied row (in row
    order; 0 for unknown). Returns (rounded values, still unsure); rows that are not
    ties are left as they are."""
    if d is None:
        return rounded, tie
    x, rounded, tie = np.broadcast_arrays(np.asarray(x, dtype=np.float64), rounded, tie)
    rows = np.flatnonzero(tie)
    numerator, valid = _snapped(x.ravel()[rows], d)
    d = np.where(valid, d, 1)
    scale = 100 if to == "centen" else 1
    numerator = numerator * scale
    if mode == "half_up":  # half away from zero, as round_value
        q, rem = np.divmod(np.abs(numerator), d)
        exact = np.sign(numerator) * (q + (2 * rem >= d))
    elif mode == "down":
        exact = np.floor_divide(numerator, d)
    else:
        exact = -np.floor_divide(-numerator, d)
    rounded, tie = rounded.copy(), tie.copy()
    rounded.ravel()[rows[valid]] = exact[valid] / scale
    tie.ravel()[rows[valid]] = False
    return rounded, tie


def settle_comparison(op: str, a, b, result, unsure, da: int | None, db: int | None):
    """Decide near-equal comparisons exactly where both sides have known denominators."""
    if da is None or db is None:
        return result, unsure
    d = math.lcm(da, db)
    a, b, result, unsure = np.broadcast_arrays(np.asarray(a, dtype=np.float64),
                                               np.asarray(b, dtype=np.float64), result, unsure)
    rows = np.flatnonzero(unsure)
    (na, va), (nb, vb) = _snapped(a.ravel()[rows], d), _snapped(b.ravel()[rows], d)
    valid = va & vb
    exact = COMPARE[op](na, nb)
    result, unsure = result.copy(), unsure.copy()
    result.ravel()[rows[valid]] = exact[valid]
    unsure.ravel()[rows[valid]] = False
    return result, unsure


def popcount(masks):
    """Number of set bits per int64 mask."""
    if hasattr(np, "bitwise_count"):  # NumPy >= 2.0
        return np.bitwise_count(np.asarray(masks, dtype=np.int64)).astype(np.int64)
    x = np.asarray(masks, dtype=np.uint64)
    count = np.zeros(x.shape, dtype=np.int64)
    while np.any(x):
        count += (x & np.uint64(1)).astype(np.int64)
        x = x >> np.uint64(1)
    return count
