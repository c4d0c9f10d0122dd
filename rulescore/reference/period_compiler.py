"""Checked period expressions (``in het jaar``, ``op 1 januari``, ``over de maanden``, ``waarin``,
``in een jaar als deze maand``) into closures that call the Context's period hooks
(:meth:`Context.within`, ``on_date``, ``over_months``, ``earlier_months``, ``first_month``,
``steady``);
registered with :mod:`rulescore.reference.compiler`.

In a snapshot every period looks like the peildatum's (the steady state), so these reduce
to the operand itself, 12 × it, or the first day of the year; ``op D`` evaluates the
operand with peildatum D on the same facts, with its own memo.
"""

from __future__ import annotations

import calendar
import datetime as dt

from rulescore import model as m
from rulescore.exact import mpq
from rulescore.periods import KINDS, Period, day_of_month
from rulescore.program import Program
from rulescore.reference.compiler import _COMPILERS, compile_expr
from rulescore.reference.context import MISSING, Context
from rulescore.reference.facts import Fn


def _in_period(e: m.InPeriod, program: Program) -> Fn:
    fn, kind, shift = compile_expr(e.operand, program), e.kind, e.shift
    return lambda ctx, p, env: ctx.within(kind, shift, fn, p, env)


def _on_date(e: m.OnDate, program: Program) -> Fn:
    fn, day = compile_expr(e.operand, program), compile_expr(e.day, program)
    res = program.resolutions.get(id(e.operand)) if isinstance(e.operand, m.Ref) else None
    kind = program.tijdvakken.get(res.target) if res is not None else None
    return lambda ctx, p, env: ctx.on_date(day(ctx, p, env), kind, fn, p, env)


def _known_as(e: m.KnownAs, program: Program) -> Fn:
    fn, day = compile_expr(e.operand, program), compile_expr(e.day, program)
    return lambda ctx, p, env: ctx.known_as(day(ctx, p, env), fn, p, env)


def _steady(e: m.SteadyState, program: Program) -> Fn:
    fn, kind = compile_expr(e.operand, program), e.kind
    return lambda ctx, p, env: ctx.steady(kind, fn, p, env)


def _day_of_year(e: m.DayOfYear, program: Program) -> Fn:
    day, month = e.day, e.month

    def day_of_year(ctx, p, env):
        year = ctx.date.year if ctx.period is None else ctx.period.start.year
        leap_day_missing = (month, day) == (2, 29) and not calendar.isleap(year)
        return dt.date(year, month, 28 if leap_day_missing else day)
    return day_of_year


def _day_of_month(e: m.DayOfMonth, program: Program) -> Fn:
    day, shift = e.day, e.shift
    return lambda ctx, p, env: day_of_month(ctx.date, day, shift)


def _period_start(e: m.PeriodStart, program: Program) -> Fn:
    kind = e.kind
    return lambda ctx, p, env: Period.containing(kind, ctx.date).start


def _over_months(e: m.OverMonths, program: Program) -> Fn:
    fn, period, average = compile_expr(e.operand, program), e.period, e.kind == "gemiddelde"
    months = Context.earlier_months if e.earlier else Context.over_months

    def over_months(ctx, p, env):
        vals = months(ctx, period, fn, p, env)
        if any(v is MISSING for v in vals):
            return MISSING
        total = sum(vals)
        return (mpq(total) / len(vals) if vals else 0) if average else total
    return over_months


def _months_where(e: m.MonthsWhere, program: Program) -> Fn:
    cond, period, kind = compile_expr(e.cond, program), e.period, e.kind
    if kind == "eerste":
        return lambda ctx, p, env: ctx.first_month(period, cond, p, env)

    def months_where(ctx, p, env):
        held = ctx.over_months(period, cond, p, env)
        if any(v is MISSING for v in held):
            return MISSING
        n = sum(1 for v in held if v)
        return n if kind == "aantal" else mpq(n, KINDS[period])
    return months_where


_COMPILERS.update({m.InPeriod: _in_period, m.OnDate: _on_date, m.DayOfYear: _day_of_year,
                   m.PeriodStart: _period_start, m.DayOfMonth: _day_of_month,
                   m.OverMonths: _over_months,
                   m.MonthsWhere: _months_where, m.SteadyState: _steady,
                   m.KnownAs: _known_as})
