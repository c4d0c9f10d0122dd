"""The documented bounds of rulescore (numbers, persons, rules files, nesting, work) in one place.

Every bound here is stated in ``docs/limits.rst`` and enforced with a diagnostic where it
is crossed: no input outside them is evaluated, so neither evaluator can overflow, hang
or exhaust memory on it. This module also checks one input number against the range.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from rulescore.values import grouped

#: Input numbers: |x| at most this (10**12: a thousand billion euro; float64 holds it in
#: cents exactly, with room for the products the rules form).
MAX_INPUT = 10**12
#: Input numbers: at most this many decimals (amounts have 2, percentages a few more).
MAX_DECIMALS = 6
#: Persons in one household (situation): the batch evaluator's sets are 64-bit masks.
MAX_PERSONS = 63
#: Characters in a person's or dwelling's id (ids are names for people to read; a
#: 10-million-character id made a table take minutes).
MAX_ID_LENGTH = 100
#: Nesting of a situation's JSON document (objects and lists); a situation needs 5.
MAX_JSON_DEPTH = 20
#: One rules file, in bytes (the largest bundled one is about 50 kB; 500 kB parse and
#: check in some 8 s).
MAX_RULES_BYTES = 500_000
#: Definitions in one program (the bundled regulations have about 200).
MAX_DEFINITIONS = 5_000
#: Iterations over persons nested in one expression (``som(p in …: som(q in …: …))``).
MAX_AGGREGATE_NESTING = 3
#: The longest chain of definitions, each counted with its expression depth (see
#: :mod:`rulescore.dsl.bounds`): keeps both recursive evaluators inside Python's stack.
MAX_CHAIN_COST = 600
#: A duration literal in the rules, in years (months and days converted).
MAX_DURATION_YEARS = 1_000
#: Iterations over persons (members visited by aggregates and filters) in one
#: evaluation of one household.
WORK_BUDGET = 2_000_000
#: Rows one set expansion of the batch evaluator may make (``p in S`` over all rows of a
#: block); beyond it the rows are handed to the exact evaluator, which has the budget.
MAX_EXPANSION = 2**24
#: Outcomes of the batch evaluator are whole cents in int64.
MAX_OUTCOME_CENTS = 2**63 - 1
#: Months one evaluation over a range reports (ten years).
MAX_RANGE_MONTHS = 120
#: The body of one request to ``rulescore serve``, in bytes (a situation is a few kB; the
#: largest bundled example is under 2 kB).
MAX_REQUEST_BYTES = 1_000_000
#: Seconds one request to ``rulescore serve`` may compute (``--tijdslimiet``).
REQUEST_SECONDS = 30


def number_problem(raw) -> tuple[str, str, str] | None:
    """Why an input number (Decimal, int or Fraction) is outside the stated range and
    precision, as (code, message, hint); None if it is inside.

    Decimals are judged on their digits and exponent before any conversion, so that
    ``1e999999999`` costs nothing (turning it into a Fraction would never end)."""
    if isinstance(raw, Decimal):
        sign, digits, exponent = raw.as_tuple()
        if not any(digits):
            return None
        trailing = _trailing_zeros(digits)
        exponent += trailing
        if len(digits) - trailing + exponent > 13:  # digits before the decimal point
            return _too_large()
        if exponent < -MAX_DECIMALS:
            return _too_precise()
        return _too_large() if raw.copy_abs() > MAX_INPUT else None  # (exact, no context)
    if type(raw) is int:
        return None if -MAX_INPUT <= raw <= MAX_INPUT else _too_large()
    numerator, denominator = raw.numerator, raw.denominator  # (int arithmetic: fast)
    if abs(numerator) > MAX_INPUT * denominator:
        return _too_large()
    if _SCALE % denominator:
        return _too_precise()
    return None


_SCALE = 10**MAX_DECIMALS


def _trailing_zeros(digits) -> int:
    n = 0
    for d in reversed(digits):
        if d:
            break
        n += 1
    return n


def _too_large():
    return ("RS340", f"getal buiten het bereik: ten hoogste {grouped(MAX_INPUT)} in absolute "
            "waarde",
            "controleer de eenheid (euro's, geen centen) en het aantal nullen")


def _too_precise():
    return ("RS341", f"getal met meer dan {MAX_DECIMALS} decimalen",
            f"rond af op ten hoogste {MAX_DECIMALS} decimalen; bedragen hebben er 2")
