"""A program, a population and a date into one batch run's state: memoised columns, frames.

Every compiled piece of the batch evaluator takes a :class:`Run` and a :class:`Frame`.
This module imports none of them: the definition compiler is handed to the run
(:attr:`Run.compile_definition`), so the compiler, the set expansion, the lookups and the
denominators all import this module and none imports another back.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import attrs
import numpy as np

from rulescore.batch.population import Population
from rulescore.periods import Period
from rulescore.program import Program

#: The unsure flag of a value that is sure for every row.
FALSE = np.bool_(False)


@attrs.define
class Frame:
    """Rows to evaluate in: the person each row is evaluated for, and bound variables."""

    person: np.ndarray
    vars: dict
    parent: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.person)


@attrs.define
class Run:
    program: Program
    pop: Population
    date: dt.date
    days: int
    #: a definition's declaration and the program into its compiled ``f(run, frame)``:
    #: :func:`rulescore.batch.compiler.compile_definition`
    compile_definition: Callable
    memo: dict = attrs.field(factory=dict)
    compiled: dict = attrs.field(factory=dict)
    #: the root frame's rows (every person once, in order), shared by all definitions
    rows: np.ndarray | None = None
    #: column work already done: (function, ids of arguments) → (arguments, result);
    #: see :func:`reused`
    reused: dict = attrs.field(factory=dict)
    #: id of an expression (or ("symbol", name)) → common denominator, see
    #: :mod:`rulescore.batch.denominators`
    denominators: dict = attrs.field(factory=dict)
    #: Over a range (:mod:`rulescore.batch.ranges`): the period this run evaluates (on
    #: ``date``, a day in it), and the evaluation's runs: ``runs.run(period, day)`` gives
    #: the run of another (period, peildatum), on the same person rows
    #: (:class:`rulescore.batch.range_runs.RangeRuns`). In a snapshot both are None and
    #: every period is the steady state of ``date``.
    period: Period | None = None
    runs: object | None = None

    def months(self, period: str) -> list:
        """Over a range: the runs of the months of the enclosing ``period`` (every person
        exists in each: the rows are aligned)."""
        return [self.runs.run(month, month.start) for month in self.period.within(period).months()]

    def definition(self, qual: str):
        """The (values, unsure) column of a definition over all persons."""
        col = self.memo.get(qual)
        if col is None:
            fn = self.compiled.get(qual)
            if fn is None:
                fn = self.compiled[qual] = self.compile_definition(
                    self.program.symbols[qual].decl, self.program)
            if self.rows is None:
                self.rows = np.arange(self.pop.n_persons)
            root = Frame(self.rows, {})  # one array for every root frame: see sets.pairs
            values, unsure = fn(self, root)
            n = root.n
            col = self.memo[qual] = (_full(values, n), _full(unsure, n))
        return col


def _full(x, n):
    x = np.asarray(x)
    return np.broadcast_to(x, (n,)).copy() if x.shape != (n,) else x


def reused(r: Run, fn, *args):
    """``fn(*args)`` for column arguments, computed once per run for the same arrays.

    Date arithmetic on birth dates is the costliest numpy work and the same column meets
    the same function in several rules; the cache keeps its arguments alive, so an id
    is never reused by another array while the entry exists."""
    key = (fn, *map(id, args))
    hit = r.reused.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], args)):
        return hit[1]
    out = fn(*args)
    r.reused[key] = (args, out)
    return out


def known_later(r, f) -> np.ndarray:
    """Per row of the frame: whether its household has a fact known later (a piece with a
    ``besluit``); such rows of ``zoals bekend op`` or ``telt vanaf het besluit`` are
    unsure, so the exact evaluator gives them (docs/time.rst); the others read the
    value itself, which is then the value as known on any day."""
    flags = r.pop.known_later
    if flags is None:
        return np.zeros(len(f.person), dtype=bool)
    return flags[r.pop.household[f.person]]


def known_as(fn):
    def read(r, f):
        values, unsure = fn(r, f)
        return values, unsure | known_later(r, f)
    return read
