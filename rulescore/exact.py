"""Numbers of the law into exact rationals the evaluator computes with (gmpy2's ``mpq``).

The reference evaluator never rounds unless the rules say so, so every number is an
exact rational. :class:`fractions.Fraction` is exact but written in Python, and a single
household makes hundreds of operations; ``gmpy2.mpq`` (GMP's rationals) is exact too,
compares and hashes equal to the same ``Fraction``, and is an order of magnitude faster.
The model and the situation keep ``Fraction`` (what a user reads and writes); values are
converted once, where the evaluator takes them in (:func:`exact`), and results convert
back with :func:`to_fraction` where text is made.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

from gmpy2 import mpq

__all__ = ["mpq", "exact", "is_number", "to_fraction", "round_exact"]

_HALF = mpq(1, 2)


def exact(value):
    """A number as the evaluator's exact type (``int`` stays ``int``); other values as they are."""
    if type(value) is Fraction:
        return value.numerator if value.denominator == 1 else mpq(value.numerator, value.denominator)
    return value


def is_number(value) -> bool:
    """An exact number (int, Fraction or mpq), never a ja/nee."""
    return isinstance(value, numbers.Rational) and not isinstance(value, bool)


def to_fraction(value) -> Fraction:
    """An exact number as a :class:`fractions.Fraction` (for text and for callers' arithmetic)."""
    return Fraction(int(value.numerator), int(value.denominator))


def round_exact(x, scale: int, mode: str):
    """``x`` rounded to a multiple of ``1/scale``: ``down``, ``up``, or otherwise half away
    from zero (rekenkundig)."""
    y = x * scale
    if mode == "down":
        r = math.floor(y)
    elif mode == "up":
        r = -math.floor(-y)
    else:
        r = math.floor(abs(y) + _HALF)
        r = r if y >= 0 else -r
    return mpq(r, scale)
