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

import numbers
from fractions import Fraction

from gmpy2 import mpq

__all__ = ["mpq", "exact", "is_number", "to_fraction"]


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
