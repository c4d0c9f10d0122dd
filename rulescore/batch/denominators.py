"""Model expressions into a common denominator of their exact values over a batch run.

The batch evaluator computes in float64 and flags a row *unsure* when a rounding or a
comparison lies within float error of a tie (see :mod:`rulescore.batch.ops`). Many such
ties are real: ``jaarbedrag / 12`` of a whole number of cents can be exactly half a cent.
When every row's exact value is a multiple of ``1/D`` for a known, small ``D``, the
float is snapped to that multiple and the tie decided in integers, exactly as the
reference evaluator would (:func:`rulescore.batch.ops.settle_rounding`,
:func:`rulescore.batch.ops.settle_comparison`).

``D`` is derived from the rules: literals and parameter values contribute their own
denominators, ``+ - max min als`` the least common multiple, ``*`` the product,
division by a constant ``p/q`` multiplies by ``p``, roundings give 100 or 1, counts and
date parts 1. The data adds two things: the denominator of each input column, and the
distinct values of a whole-numbered divisor such as a count of persons. Anything else
(division by a computed amount, a plugin's Python function) has no known denominator
(``None``), and its ties keep falling back to the exact evaluator.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from rulescore import model as m
from rulescore import transitions
from rulescore.batch.ops import MAX_DENOMINATOR
from rulescore.batch.state import Run
from rulescore.dated import parameter_value
from rulescore.dsl.expressions import BUILTIN_FUNCTIONS
from rulescore.tables import version_on


def denominator(e, r: Run) -> int | None:
    """A ``D`` such that ``e``'s exact value is a multiple of ``1/D`` in every row."""
    key = id(e)
    if key in r.denominators:
        return r.denominators[key]
    d = _bounded(_DISPATCH[type(e)](e, r))
    r.denominators[key] = d
    return d


def _bounded(d):
    return d if d is not None and d <= MAX_DENOMINATOR else None


def _lcm(*ds):
    if any(d is None for d in ds):
        return None
    return _bounded(math.lcm(*ds))


def _of_value(v) -> int | None:
    if isinstance(v, bool) or not isinstance(v, (int, Fraction)):
        return 1  # dates, durations, truth values and texts are not numbers
    return Fraction(v).denominator


def _literal(e: m.Literal, r):
    return _of_value(e.value)


def _ref(e: m.Ref, r: Run):
    res = r.program.resolutions[id(e)]
    if res.kind in ("var", "builtin"):
        return 1  # persons and sets of persons
    return _symbol(r.program.symbols[res.target], r)


def versions_in_force(decl, r: Run) -> list:
    """The versions of a definition that a row of the run can take: those in force on the
    run's date, or all when a per-row date chooses (``versies volgens``). A version no
    longer (or not yet) in force may read a parameter without a value on the date; its
    steps would make the denominator unknown and send every tie to the exact evaluator."""
    return [v for v in decl.versions if transitions.in_force(decl, v, r.date)]


def symbol_denominator(qualname: str, r: Run) -> int | None:
    """The denominator of a definition's, input's or parameter's values in a run."""
    return _symbol(r.program.symbols[qualname], r)


def _symbol(sym, r: Run):
    key = ("symbol", sym.qualname)
    if key in r.denominators:
        return r.denominators[key]
    r.denominators[key] = None  # the checker rejects cycles; this only guards recursion
    if sym.kind == "parameter":
        dv = parameter_value(sym.decl, r.date)
        d = _of_value(dv.value.value) if dv is not None else None
    elif sym.kind == "definitie":
        d = _lcm(*(denominator(v.body, r) for v in versions_in_force(sym.decl, r)))
    elif sym.kind == "invoer":
        d = _input(sym, r)
    else:
        d = 1
    r.denominators[key] = d
    return d


def _input(sym, r: Run):
    if sym.type.kind != "getal":
        return 1
    default = _of_value(sym.decl.default.value) if sym.decl.default is not None else 1
    if sym.decl.relation is not None:
        table = r.pop.relations.get(sym.decl.relation)
        col = table.facts.get(sym.qualname) if table is not None else None
    else:
        col = r.pop.inputs.get(sym.qualname)
    return _lcm(default, column_denominator(col)) if col is not None else default


def column_denominator(col) -> int | None:
    """A common denominator of an input column's exact values.

    Columns built from situations know it (:attr:`rulescore.batch.population.Column.denominator`);
    otherwise the floats stand for their shortest decimals, and it is the smallest power
    of ten, up to 10**6, that every given value is a whole multiple of."""
    if col.denominator is not None:
        return col.denominator or None
    values = np.asarray(col.values, dtype=np.float64)[np.asarray(col.present, dtype=bool)]
    for k in range(7):
        scale = 10.0**k
        scaled = values * scale
        if (np.abs(scaled) < 2.0**52).all() and (np.rint(scaled) / scale == values).all():
            return 10**k
    return None


def _binary(e: m.Binary, r):
    if e.op not in ("+", "-", "*", "/"):
        return 1  # comparisons and logic give truth values; date arithmetic gives dates
    a, b = denominator(e.left, r), denominator(e.right, r)
    if e.op in ("+", "-"):
        return _lcm(a, b)
    if e.op == "*":
        return None if a is None or b is None else _bounded(a * b)
    if a is None:
        return None
    constant = constant_value(e.right, r)
    if constant is not None:
        return _bounded(a * abs(constant.numerator)) if constant != 0 else None
    divisors = _whole_divisors(e.right, r) if b == 1 else None
    return _bounded(a * math.lcm(*divisors)) if divisors else None


#: At most this many distinct divisors are combined into a denominator.
MAX_DIVISORS = 16


def _whole_divisors(e, r: Run):
    """The distinct whole values a definition or input takes over the run, if few.

    ``bijstand / bijstandsdelers`` divides by a count of 1 or 2: dividing by the column's
    distinct values (over all persons, so over any subset too) keeps a known denominator.
    Zero is left out: division by zero is unsure by itself."""
    if not isinstance(e, m.Ref):
        return None
    res = r.program.resolutions[id(e)]
    if res.kind != "symbol":
        return None
    sym = r.program.symbols[res.target]
    if sym.kind == "definitie":
        values = r.definition(sym.qualname)[0]
    elif sym.kind == "invoer" and sym.decl.owner == "persoon" and sym.qualname in r.pop.inputs:
        col = r.pop.inputs[sym.qualname]
        values = col.values[col.present]
    else:
        return None
    distinct = np.unique(np.abs(np.asarray(values, dtype=np.float64)))
    distinct = distinct[distinct != 0]
    if (len(distinct) > MAX_DIVISORS or not np.isfinite(distinct).all()
            or (distinct != np.rint(distinct)).any() or (distinct > MAX_DENOMINATOR).any()):
        return None
    return [int(v) for v in distinct]


def constant_value(e, r: Run) -> Fraction | None:
    """The value of a literal or a parameter (on the run's date), else None."""
    if isinstance(e, m.Literal) and isinstance(e.value, (int, Fraction)):
        return Fraction(e.value)
    if isinstance(e, m.Ref):
        res = r.program.resolutions[id(e)]
        sym = r.program.symbols.get(res.target) if res.kind not in ("var", "builtin") else None
        if sym is not None and sym.kind == "parameter":
            dv = parameter_value(sym.decl, r.date)
            if dv is not None and isinstance(dv.value.value, (int, Fraction)):
                return Fraction(dv.value.value)
    return None


def _call(e: m.Call, r: Run):
    res = r.program.resolutions[id(e)]
    if res.kind == "function" and res.target in ("max", "min"):
        return _lcm(*(denominator(a, r) for a in e.args))
    if res.kind == "function":
        return None if res.target not in _WHOLE_FUNCTIONS else 1
    sym = r.program.symbols[res.target]
    if res.kind == "relation":
        return 1
    if res.kind == "relfact":
        return _symbol(sym, r)
    version = version_on(sym.decl, r.date)
    return _lcm(1, *(_of_value(row.value.value) for row in (version.rows if version else ())))


#: Built-in functions of dates: their results are whole numbers or dates.
_WHOLE_FUNCTIONS = frozenset(BUILTIN_FUNCTIONS) - {"max", "min"}


def _aggregate(e: m.Aggregate, r):
    return denominator(e.body, r) if e.kind == "som" else 1


_DISPATCH = {
    m.Literal: _literal, m.Ref: _ref, m.Binary: _binary,
    m.Unary: lambda e, r: denominator(e.operand, r),
    m.If: lambda e, r: _lcm(denominator(e.then, r), denominator(e.otherwise, r)),
    m.Round: lambda e, r: 100 if e.to == "centen" else 1,
    m.Call: _call, m.Aggregate: _aggregate,
    m.Filter: lambda e, r: 1, m.Subject: lambda e, r: 1, m.EvalDate: lambda e, r: 1,
    m.Undecided: lambda e, r: 1,
}
