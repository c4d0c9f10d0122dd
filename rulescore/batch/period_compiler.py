"""Checked period expressions into numpy column functions, in a snapshot or over a range (#14).

In a snapshot (a :class:`Run` without a period) every period is the steady state of the
run's date: ``x in het jaar`` and ``x in een jaar als deze maand`` are x, ``som van x over
de maanden van het jaar`` 12 × x, ``aantal maanden … waarin c`` 12 or 0, ``eerste maand …
waarin c`` 1 January where c holds. ``x op D`` runs x in a run of its own on day D when D
is the same for every row (``1 januari``, ``de eerste dag van het kwartaal``, a date
literal); otherwise, and where the batch has no value for a row (``eerste maand`` that
never holds is ``geen``), the row is unsure and the exact evaluator decides. ``over de
eerdere maanden`` (each month on its own day) is always left to the exact evaluator.

Over a range (a run with a period, :mod:`rulescore.batch.range_runs`) they read the runs
of other periods as :class:`rulescore.reference.context.Context` does: ``in het jaar`` /
``in de vorige maand`` the target period's run, ``in een jaar als deze maand`` a snapshot
run (no period) on the current day, ``som`` / ``gemiddelde over de maanden`` the month
runs summed, ``aantal`` / ``aandeel`` / ``eerste maand waarin`` the month runs scanned,
``op D`` the run of that day (inside a snapshot run of a range: the snapshot of D, with
D's facts). The rows are the same in every run.
Registered with :mod:`rulescore.batch.compiler` and the two denominator modules.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

from rulescore import model as m
from rulescore.batch import denominators, ops, row_denominators
from rulescore.batch.compiler import _COMPILERS, compile_expr
from rulescore.batch.population import date_to_days
from rulescore.batch.state import FALSE, Run
from rulescore.periods import KINDS, Period, day_of_month


def _in_period(e: m.InPeriod, program):
    inner, kind, shift = compile_expr(e.operand, program), e.kind, e.shift

    def in_period(r, f):
        if r.period is None:
            return inner(r, f)  # the steady state: every period alike
        return inner(_target(r, kind, shift), f)
    return in_period


def _target(r: Run, kind: str, shift: int) -> Run:
    target = r.period.within(kind).shifted(shift)
    return r.runs.run(target, target.start)


def _steady(e: m.SteadyState, program):
    inner = compile_expr(e.operand, program)

    def steady(r, f):
        return inner(r if r.period is None else _steady_run(r), f)
    return steady


def _steady_run(r: Run) -> Run:
    """``in een jaar als deze maand`` over a range: x as a snapshot of the current day (a
    run without a period, as ``Context.steady``), shared by the periods starting that day."""
    return r.runs.run(None, r.date)


def _month_runs(r: Run, period: str) -> list:
    """The runs of the months of the enclosing ``period`` (:meth:`Run.months`)."""
    return r.months(period)


def _over_months(e: m.OverMonths, program):
    if e.earlier:  # each earlier month on its own day: left to the exact evaluator
        return _unsure
    inner, n, period = compile_expr(e.operand, program), KINDS[e.period], e.period
    average = e.kind == "gemiddelde"

    def over_months(r, f):
        if r.period is None:
            if average:
                return inner(r, f)
            v, u = inner(r, f)
            return np.asarray(v) * n, u
        total, unsure = 0.0, FALSE
        for month in _month_runs(r, period):
            v, u = inner(month, f)
            total, unsure = total + np.asarray(v, dtype=np.float64), unsure | u
        if average:
            total = total / n
        return total, unsure | ops.inexact(total)
    return over_months


def _unsure(r, f):
    return np.zeros(f.n), np.ones(f.n, dtype=bool)


def _months_where(e: m.MonthsWhere, program):
    cond, n, period, kind = compile_expr(e.cond, program), KINDS[e.period], e.period, e.kind

    def months_where(r, f):
        if r.period is not None:
            return _scan(cond, r, f, period, kind)
        c, u = cond(r, f)
        c = np.asarray(c, dtype=bool)
        if kind == "aantal":
            return np.where(c, float(n), 0.0), u
        if kind == "aandeel":
            return np.where(c, 1.0, 0.0), u
        start = date_to_days(Period.containing(period, r.date).start)
        return np.full(np.shape(c), start), u | ~c  # 'geen' where c fails: the reference
    return months_where


def _scan(cond, r: Run, f, period: str, kind: str):
    """``aantal`` / ``aandeel`` / ``eerste maand`` of the months where ``cond`` holds,
    over the month runs. For ``eerste`` a row is decided at its first month where cond
    holds or is unsure (later months do not matter, as in the reference); a row where it
    never holds is ``geen``, which the batch leaves to the exact evaluator."""
    months = _month_runs(r, period)
    if kind != "eerste":
        count, unsure = np.zeros(f.n), FALSE
        for month in months:
            c, u = cond(month, f)
            count, unsure = count + np.asarray(c, dtype=bool), unsure | u
        return (count if kind == "aantal" else count / len(months)), unsure
    value = np.zeros(f.n, dtype=np.int64)
    decided, unsure = np.zeros(f.n, dtype=bool), np.zeros(f.n, dtype=bool)
    for month in months:
        c, u = cond(month, f)
        c, u = (np.broadcast_to(np.asarray(x, dtype=bool), (f.n,)) for x in (c, u))
        pending = ~decided
        unsure |= pending & u
        value = np.where(pending & c & ~u, month.days, value)
        decided |= pending & (c | u)
    return value, unsure | ~decided


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
    """A run of its own on ``day`` (its own memo and denominators; compiled code shared):
    the same facts in a snapshot, that day's facts inside a snapshot run of a range (as
    ``Context._snapshot_on`` inside ``steady``)."""
    if day == r.date:
        return r
    if r.runs is not None:  # a snapshot run of a range: the snapshot of that day, its facts
        return r.runs.run(None, day)
    key = ("op", day)
    sub = r.memo.get(key)
    if sub is None:
        sub = r.memo[key] = Run(r.program, r.pop, day, date_to_days(day), r.compile_definition,
                                compiled=r.compiled, rows=r.rows)
    return sub


def _on_date(e: m.OnDate, program):
    inner, day_expr = compile_expr(e.operand, program), e.day
    res = program.resolutions.get(id(e.operand)) if isinstance(e.operand, m.Ref) else None
    kind = program.tijdvakken.get(res.target) if res is not None else None

    def on_date(r, f):
        day = constant_day(day_expr, r.date)
        if day is None:
            return np.zeros(f.n), np.ones(f.n, dtype=bool)
        return inner(_run_of_day(r, day, kind), f)
    return on_date


def _run_of_day(r: Run, day: dt.date, kind: str | None) -> Run:
    """``op D``: in a snapshot a run on D; over a range the run of D in the period of
    ``kind`` (the operand's tijdvak; None: the current one) that contains it."""
    if r.period is None:
        return run_on(r, day)
    return r.runs.run(Period.containing(kind or r.period.kind, day), day)


def _date_of(e, program):
    def date_of(r, f):
        return date_to_days(constant_day(e, r.date)), FALSE
    return date_of


def _on_date_denominator(e: m.OnDate, r: Run):
    day = constant_day(e.day, r.date)
    if day is None:
        return None
    res = r.program.resolutions.get(id(e.operand)) if isinstance(e.operand, m.Ref) else None
    kind = r.program.tijdvakken.get(res.target) if res is not None else None
    return denominators.denominator(e.operand, _run_of_day(r, day, kind))


def _in_period_denominator(e: m.InPeriod, r: Run):
    return denominators.denominator(e.operand, r if r.period is None else
                                    _target(r, e.kind, e.shift))


def _steady_denominator(e: m.SteadyState, r: Run):
    return denominators.denominator(e.operand, r if r.period is None else _steady_run(r))


def _over_months_denominator(e: m.OverMonths, r: Run):
    if r.period is None:
        return denominators.denominator(e.operand, r)
    ds = [denominators.denominator(e.operand, month) for month in _month_runs(r, e.period)]
    d = denominators._lcm(*ds)
    return None if d is None else d * (KINDS[e.period] if e.kind == "gemiddelde" else 1)


def _static_over_range(snapshot):
    """Per-row denominators of a period expression: the operand's own in a snapshot,
    over a range the static denominator (its operand lives in other runs)."""
    def of(rows, e, f):
        if rows.r.period is None:
            return snapshot(rows, e, f)
        return row_denominators._static(rows, e, f)
    return of


_COMPILERS.update({m.InPeriod: _in_period, m.SteadyState: _steady, m.OverMonths: _over_months,
                   m.MonthsWhere: _months_where, m.OnDate: _on_date,
                   m.DayOfYear: _date_of, m.PeriodStart: _date_of, m.DayOfMonth: _date_of})
denominators._DISPATCH.update({
    m.InPeriod: _in_period_denominator, m.SteadyState: _steady_denominator,
    m.OverMonths: lambda e, r: None if e.earlier else _over_months_denominator(e, r),
    m.MonthsWhere: lambda e, r: KINDS[e.period] if r.period is not None and
    e.kind == "aandeel" else 1,
    m.OnDate: _on_date_denominator, m.DayOfYear: lambda e, r: 1, m.PeriodStart: lambda e, r: 1,
    m.DayOfMonth: lambda e, r: 1})
_over_rows = _static_over_range(lambda rows, e, f: rows.of(e.operand, f))
row_denominators._DISPATCH.update({  # the steady state: the operand's own steps per row
    m.InPeriod: _static_over_range(lambda rows, e, f: rows.of(e.operand, f)),
    m.SteadyState: _static_over_range(lambda rows, e, f: rows.of(e.operand, f)),
    m.OverMonths: lambda rows, e, f: 0 if e.earlier else _over_rows(rows, e, f)})  # 0 unknown
