"""Vectorised operations for the batch evaluator, each returning values and "unsure" flags.

A row is *unsure* when float64 arithmetic cannot be trusted to decide like exact
arithmetic would: a rounding near a half-cent tie (or near a whole unit for floor/ceil),
or a comparison of two nearly equal numbers. Unsure rows are re-evaluated exactly.

"Near" is a distance below the float error a rule chain can build up: relative to the
value, ``REL_TOL`` (1e-11, some 45 000 units of float64 rounding), and in absolute terms
``ABS_TOL`` euro (1e-7: a hundred operations on amounts up to a few million euro, which
covers cancellation such as ``grens - inkomen``). The rule behind "exactly on a tie is
trusted": the rules' rationals have denominators below 1e8, so two distinct values differ
by at least 1e-8, far more than float64 error for magnitudes below 1e6; above that
magnitude even exact ties are re-checked.

Dates are int64 days since 1970-01-01; durations are int64 ``months * 1000 + days``.
"""

from __future__ import annotations

import numpy as np

REL_TOL = 1e-11
ABS_TOL = 1e-7
TRUST_BELOW = 1e6


def _near(diff, magnitude, unit: float = 1.0):
    """Within float error of zero; ``unit`` is how many of ``diff``'s units make a euro."""
    diff = np.abs(diff)
    tol = np.maximum(ABS_TOL * unit, REL_TOL * magnitude)
    return (diff < tol) & ((diff != 0) | (magnitude > TRUST_BELOW))


def round_values(x, to: str, mode: str):
    """Named rounding; returns (rounded values, unsure)."""
    scale = 100.0 if to == "centen" else 1.0
    y = np.asarray(x, dtype=np.float64) * scale
    ay = np.abs(y)
    if mode == "half_up":
        whole = np.floor(ay)
        frac = ay - whole
        r = np.where(frac >= 0.5, whole + 1, whole) * np.sign(y)
        unsure = _near(frac - 0.5, ay, scale)
    else:
        r = np.floor(y) if mode == "down" else np.ceil(y)
        unsure = _near(y - np.round(y), ay, scale)
    return r / scale, unsure


def compare(op: str, a, b):
    """Numeric comparison; returns (bool values, unsure)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    result = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
              "=": np.equal, "!=": np.not_equal}[op](a, b)
    unsure = _near(a - b, np.maximum(np.abs(a), np.abs(b)))
    return result, unsure


# ------------------------------------------------------------------ dates

def ymd(days):
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    years = d.astype("datetime64[Y]")
    y = years.astype(np.int64) + 1970
    m = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, day


def add_duration(days, duration, sign: int = 1):
    """``date + duur``: whole months first (clamped to the month's end), then days."""
    duration = np.asarray(duration, dtype=np.int64)
    months, extra = duration // 1000, duration % 1000
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    m0 = d.astype("datetime64[M]")
    day0 = (d - m0.astype("datetime64[D]")).astype(np.int64)
    m1 = m0 + sign * months
    length = ((m1 + 1).astype("datetime64[D]") - m1.astype("datetime64[D]")).astype(np.int64)
    out = m1.astype("datetime64[D]") + np.minimum(day0, length - 1) + sign * extra
    return out.astype(np.int64)


def years_between(a, b):
    ya, ma, da = ymd(a)
    yb, mb, db = ymd(b)
    before = (mb < ma) | ((mb == ma) & (db < da))
    return (yb - ya - before).astype(np.float64)


def months_between(a, b):
    ya, ma, da = ymd(a)
    yb, mb, db = ymd(b)
    return ((yb - ya) * 12 + mb - ma - (db < da)).astype(np.float64)


def first_of_next_month(days):
    m = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]")
    return (m + 1).astype("datetime64[D]").astype(np.int64)


def first_of_month(days):
    m = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]")
    return m.astype("datetime64[D]").astype(np.int64)


def first_of_quarter(days):
    y, m, _ = ymd(days)
    q = (m - 1) // 3 * 3
    start = (y - 1970) * 12 + q
    return start.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def first_of_year(days):
    y = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[Y]")
    return y.astype("datetime64[D]").astype(np.int64)


def year(days):
    return ymd(days)[0].astype(np.float64)


def month(days):
    return ymd(days)[1].astype(np.float64)


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
