"""The rules' payment clauses and a situation into the payment calendar: every payment and
recovery of a household per day, person and regulation, with totals per month.

A definition with ``betaald op …`` (or ``teruggevorderd op …``) is paid for each period
of its tijdvak: its amount for that period on the day the clause names relative to it
(docs/payments.rst). Which amounts are paid, to whom and when is stated in the rules;
this module knows no law: it evaluates the paid definitions over the periods whose
payment day falls in the asked year and lists them by day.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
import json
from fractions import Fraction
from typing import Any

import attrs

from rulescore import model as m
from rulescore import types as t
from rulescore.errors import RulesError
from rulescore.exact import is_number, to_fraction
from rulescore.periods import Period
from rulescore.program import Program
from rulescore.reference.household import per_month
from rulescore.reference.ranges import evaluate_range
from rulescore.reference.results import provenance
from rulescore.situation import Situation
from rulescore.values import exact_text, shown

_AMOUNT = t.amount(None)


def paid_definitions(program: Program) -> dict[str, m.PaymentClause]:
    """qualname → payment clause, for every definition the rules say is paid or recovered."""
    return {q: s.decl.meta.betaling for q, s in program.symbols.items()
            if s.kind == "definitie" and isinstance(s.decl, m.Definition)
            and s.decl.meta.betaling is not None}


def payment_day(clause: m.PaymentClause, period: Period) -> dt.date:
    """The day the amount of ``period`` is paid: ``dag 20 van de maand ervoor`` of
    March 2026 is 20 February 2026; a day past a month's end is its last day."""
    if clause.anchor == "jaar erna":
        year = period.start.year + 1
        return dt.date(year, clause.month, min(clause.day, cal.monthrange(year, clause.month)[1]))
    months = period.months()
    month = {"eerste maand": months[0], "laatste maand": months[-1],
             "maand ervoor": months[0].shifted(-1),
             "maand erna": months[-1].shifted(1)}[clause.anchor]
    y, mo = month.start.year, month.start.month
    return dt.date(y, mo, min(clause.day, cal.monthrange(y, mo)[1]))


@attrs.frozen
class Payment:
    """One payment (a positive amount) or recovery (negative) of one period's amount."""

    day: dt.date
    person: str
    qualname: str
    period: Period
    amount: Fraction
    direction: str


@attrs.frozen
class Calendar:
    """The payments of a year, by day, and the periods that could not be evaluated."""

    program: Program = attrs.field(repr=False)
    year: int
    payments: tuple[Payment, ...]
    #: (qualname, period label) of paid periods outside the situation's range
    outside: tuple[tuple[str, str], ...]
    #: (qualname, period label, why) of paid periods that need an input the situation does
    #: not give (a voorschot without an estimate: the input's JSON path) or a figure the
    #: rules do not give on that day: not known, never 0
    unknown: tuple[tuple[str, str, str], ...] = ()

    def per_month(self) -> dict[str, Fraction]:
        """``2026-03`` → the sum of what was paid and recovered that month."""
        out: dict[str, Fraction] = {}
        for p in self.payments:
            key = f"{p.day.year}-{p.day.month:02d}"
            out[key] = out.get(key, Fraction(0)) + p.amount
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for p in self.payments:
            sym = self.program.symbols[p.qualname]
            rows.append({"datum": p.day.isoformat(), "persoon": p.person,
                         "regeling": sym.regulation, "uitkomst": p.qualname,
                         "periode": p.period.label(), "soort": p.direction,
                         "bedrag": exact_text(p.amount), "weergave": shown(p.amount, _AMOUNT)})
        months = {k: {"bedrag": exact_text(v), "weergave": shown(v, _AMOUNT)}
                  for k, v in self.per_month().items()}
        return {"jaar": self.year, "betalingen": rows, "per_maand": months,
                "niet_berekend": [{"uitkomst": q, "periode": label} for q, label in self.outside],
                "niet_bekend": [{"uitkomst": q, "periode": label, "reden": why}
                                for q, label, why in self.unknown],
                "herkomst": provenance(self.program, {"jaar": self.year})}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def payment_calendar(program: Program, situation: Situation, year: int) -> Calendar:
    """Every payment and recovery whose day falls in ``year``, evaluated over the periods
    they are of; periods outside the situation's own ``van``/``tot`` are listed as not
    evaluated (their facts are not given), never guessed."""
    clauses = paid_definitions(program)
    wanted: dict[Period, list[str]] = {}
    for q, clause in clauses.items():
        kind = program.tijdvakken[q]
        start = Period.containing(kind, dt.date(year - 1, 1, 1))
        while start.start.year <= year + 1:
            if payment_day(clause, start).year == year:
                wanted.setdefault(start, []).append(q)
            start = start.shifted(1)
    span = situation.range
    outside, inside = [], {}
    for period, qs in sorted(wanted.items()):
        if span is not None and (period.start < span[0].start or period.end > span[1].end):
            outside.extend((q, period.label()) for q in qs)
        else:
            inside[period] = qs
    payments: list[Payment] = []
    unknown: list[tuple[str, str, str]] = []
    for (q, period), value in _evaluate(program, situation, inside, unknown).items():
        amount = _amount(value, program.symbols[q[0]].type, period)
        if amount:
            clause = clauses[q[0]]
            sign = -1 if clause.direction == "teruggevorderd" else 1
            payments.append(Payment(payment_day(clause, period), q[1], q[0], period,
                                    sign * amount, clause.direction))
    payments.sort(key=lambda p: (p.day, p.person, p.qualname, p.period))
    return Calendar(program, year, tuple(payments), tuple(sorted(set(outside))),
                    tuple(sorted(set(unknown))))


#: What keeps a paid period from being known: an input the situation does not give (a
#: voorschot without an estimate), a figure the rules do not give for that day.
_NOT_KNOWN = {"RS321", "RS403"}


def _evaluate(program, situation, inside: dict, unknown: list) -> dict:
    """``{((qualname, person), period): value}`` of every paid period in ``inside``
    (period → paid definitions). All at once; if an input or a figure is missing, each
    definition over its own periods, and where that fails each period on its own, the
    ones that cannot be known noted in ``unknown`` (qualname, period, why), never 0. Any
    other error is raised."""
    if not inside:
        return {}
    every = tuple(dict.fromkeys(q for qs in inside.values() for q in qs))
    try:
        return _picked(program, situation, list(inside), every, inside)
    except RulesError as err:
        if not {d.code for d in err.diagnostics} <= _NOT_KNOWN:
            raise
    out: dict = {}
    for q in every:
        periods = [p for p, qs in inside.items() if q in qs]
        try:
            out.update(_picked(program, situation, periods, (q,), inside))
            continue
        except RulesError:
            pass
        for period in periods:
            try:
                out.update(_picked(program, situation, [period], (q,), inside))
            except RulesError as err:
                if not {d.code for d in err.diagnostics} <= _NOT_KNOWN:
                    raise
                unknown.extend((q, period.label(), d.path or d.message.split(" (bij ")[0])
                               for d in err.diagnostics)
    return out


def _picked(program, situation, periods, outputs, inside) -> dict:
    months = [mo for period in periods for mo in period.months()]
    values = evaluate_range(program, situation, min(months), max(months), outputs=outputs).values
    return {((q, person), period): v for (q, person, period), v in values.items()
            if period in periods and q in inside.get(period, ())}


def _amount(value, typ: t.Type, period: Period) -> Fraction:
    """What is paid for ``period``: an amount per maand/kwartaal/jaar times the period's
    length; a plain amount as it is."""
    if not is_number(value):
        return Fraction(0)
    monthly = per_month(value, typ)
    if monthly is not None:
        return monthly * period.length
    return to_fraction(value)
