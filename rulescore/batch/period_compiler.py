"""Checked period expressions into numpy column functions, snapshot semantics (#14).

Every period is the steady state of the run's date: ``x in het jaar`` and ``x in een jaar
als deze maand`` are x, ``som van x over de maanden van het jaar`` 12 × x (``over de eerdere maanden``, each month
on its own day, is left to the exact evaluator: its rows are unsure), ``aantal
maanden … waarin c`` 12 or 0, ``eerste maand … waarin c`` 1 January where c holds. ``x op D`` runs x in a run of its own on day
D when D is the same for every row (``1 januari``, ``de eerste dag van het kwartaal``, a
date literal); otherwise, and where the batch has no value for a row (``eerste maand``
that never holds is ``geen``), the row is unsure and the exact evaluator decides.
Registered with :mod:`rulescore.batch.compiler` and the two denominator modules.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

from rulescore import model as m
from rulescore.batch import denominators, row_denominators
from rulescore.batch.compiler import _COMPILERS, compile_expr
from rulescore.batch.population import date_to_days
from rulescore.batch.state import FALSE, Run
from rulescore.periods import KINDS, Period, day_of_month


def _in_period(e: m.InPeriod, program):
    return compile_expr(e.operand, program)  # the steady state: every period alike


def _steady(e: m.SteadyState, program):
    return compile_expr(e.operand, program)  # a snapshot run is the steady state itself


def _over_months(e: m.OverMonths, program):
    if e.earlier:  # each earlier month on its own day: left to the exact evaluator
        return _unsure
    inner, n = compile_expr(e.operand, program), KINDS[e.period]
    if e.kind == "gemiddelde":
        return inner

    def total(r, f):
        v, u = inner(r, f)
        return np.asarray(v) * n, u
    return total


def _unsure(r, f):
    return np.zeros(f.n), np.ones(f.n, dtype=bool)


def _months_where(e: m.MonthsWhere, program):
    cond, n, period, kind = compile_expr(e.cond, program), KINDS[e.period], e.period, e.kind

    def months_where(r, f):
        c, u = cond(r, f)
        c = np.asarray(c, dtype=bool)
        if kind == "aantal":
            return np.where(c, float(n), 0.0), u
        if kind == "aandeel":
            return np.where(c, 1.0, 0.0), u
        start = date_to_days(Period.containing(period, r.date).start)
        return np.full(np.shape(c), start), u | ~c  # 'geen' where c fails: the reference
    return months_where


def constant_day(e, date: dt.date) -> dt.date | None:
    """The day a date expression names when it is the same for every row, else None."""
    if isinstance(e, m.DayOfYear):
        day = 28 if (e.month, e.day) == (2, 29) and not calendar.isleap(date.year) else e.day
        return dt.date(date.year, e.month, day)
    if isinstance(e, m.PeriodStart):
        return Period.containing(e.kind, date).start
    if isinstance(e, m.DayOfMonth):
        return day_of_month(date, e.day, e.shift)
    if isinstance(e, m.Literal) and e.kind == "datum":
        return e.value
    if isinstance(e, m.EvalDate):
        return date
    return None


def run_on(r: Run, day: dt.date) -> Run:
    """A run of its own on ``day`` (its own memo and denominators; compiled code shared)."""
    if day == r.date:
        return r
    key = ("op", day)
    sub = r.memo.get(key)
    if sub is None:
        sub = r.memo[key] = Run(r.program, r.pop, day, date_to_days(day), r.compile_definition,
                                compiled=r.compiled, rows=r.rows)
    return sub


def _on_date(e: m.OnDate, program):
    inner, day_expr = compile_expr(e.operand, program), e.day

    def on_date(r, f):
        day = constant_day(day_expr, r.date)
        if day is None:
            return np.zeros(f.n), np.ones(f.n, dtype=bool)
        return inner(run_on(r, day), f)
    return on_date


def _date_of(e, program):
    def date_of(r, f):
        return date_to_days(constant_day(e, r.date)), FALSE
    return date_of


def _on_date_denominator(e: m.OnDate, r: Run):
    day = constant_day(e.day, r.date)
    return None if day is None else denominators.denominator(e.operand, run_on(r, day))


_COMPILERS.update({m.InPeriod: _in_period, m.SteadyState: _steady, m.OverMonths: _over_months,
                   m.MonthsWhere: _months_where, m.OnDate: _on_date,
                   m.DayOfYear: _date_of, m.PeriodStart: _date_of, m.DayOfMonth: _date_of})
denominators._DISPATCH.update({
    m.InPeriod: lambda e, r: denominators.denominator(e.operand, r),
    m.SteadyState: lambda e, r: denominators.denominator(e.operand, r),
    m.OverMonths: lambda e, r: None if e.earlier else denominators.denominator(e.operand, r),
    m.MonthsWhere: lambda e, r: 1, m.OnDate: _on_date_denominator,
    m.DayOfYear: lambda e, r: 1, m.PeriodStart: lambda e, r: 1, m.DayOfMonth: lambda e, r: 1})
row_denominators._DISPATCH.update({  # the steady state: the operand's own steps per row
    m.InPeriod: lambda rows, e, f: rows.of(e.operand, f),
    m.SteadyState: lambda rows, e, f: rows.of(e.operand, f),
    m.OverMonths: lambda rows, e, f: 0 if e.earlier else rows.of(e.operand, f)})  # 0 unknown
