"""A Program and a situation over a range of months into outcomes per period (the
reference evaluator over time): per person, per regulation and per month (or the quarter or
year of the outcome's tijdvak), the year totals and the household's net disposable income
per month.

Evaluation is demand-driven as for a snapshot: each period is evaluated on its own first day,
on the situation as it is that day, with a memo of its own (``Context.in_period``); a year
total reads its months, which the monthly outcomes then reuse.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import attrs

from rulescore import limits
from rulescore.errors import Diagnostic, RulesError
from rulescore.exact import to_fraction
from rulescore.reference.household import NET_DISPOSABLE, per_month
from rulescore.periods import Period, month_range, parse_period
from rulescore.program import Program
from rulescore.reference.evaluation import evaluate_periods
from rulescore.reference.results import compiled, provenance, used_defaults
from rulescore.situation import Situation
from rulescore.values import exact_text, format_value, json_value, shown
from rulescore import types as t

#: The longest range one evaluation reports (docs/limits.rst).
MAX_MONTHS = limits.MAX_RANGE_MONTHS

_PER_MONTH = t.amount("maand")


@attrs.frozen
class RangeResult:
    """Every outcome for every person in every period of a range of months."""

    program: Program = attrs.field(repr=False)
    situation: Situation = attrs.field(repr=False)
    first: Period
    last: Period
    #: (qualname, person, period) → exact value
    values: dict
    context: Any = attrs.field(repr=False, eq=False)
    _joint: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def value(self, qualname: str, person: str, period: Period | str):
        if isinstance(period, str):
            period = _label_to_period(period, self.program, qualname)
        return self.values[(qualname, person, period)]

    def joint_with(self, qualname: str, person: str, period: Period) -> tuple[str, ...]:
        """The others ``person``'s value of ``qualname`` in ``period`` is one joint
        entitlement with (``gezamenlijk met partner``, read in that period): empty when it
        is his alone — so a partner from June shares the months from June only."""
        expr = self.program.joint_with(qualname)
        if expr is None:
            return ()
        from rulescore.reference.compiler import compile_expr
        from rulescore.reference.context import NO_VARS

        fn = self._joint.get(qualname)
        if fn is None:  # once per outcome, not per person and period
            fn = self._joint[qualname] = compile_expr(expr, self.program)
        day = self.context.entry(person, period)
        return tuple(sorted(self.context.in_period(period, day, fn, person, NO_VARS)))

    def totals(self) -> dict:
        """(qualname, person, year) → the amount over the reported periods of that year,
        for outcomes that are amounts per period."""
        out: dict = {}
        for (qual, person, period), value in self.values.items():
            monthly = per_month(value, self.program.symbols[qual].type)
            if monthly is not None:
                key = (qual, person, period.start.year)
                out[key] = out.get(key, Fraction(0)) + monthly * period.length
        return out

    def households(self) -> dict:
        """woonadres → month label → persons and their net disposable income that month."""
        out: dict = {}
        for month in month_range(self.first, self.last):
            snap = self.situation.at(month.start)
            for pid in snap.person_ids:
                address = str(snap.persons[pid].get("woonadres", "?"))
                entry = out.setdefault(address, {}).setdefault(month.label(), {"personen": []})
                entry["personen"].append(pid)
                net = self.values.get((NET_DISPOSABLE, pid, month))
                if net is not None:
                    entry["besteedbaar_inkomen"] = entry.get("besteedbaar_inkomen", Fraction(0)) \
                        + to_fraction(net)
        for months in out.values():
            for entry in months.values():
                if "besteedbaar_inkomen" in entry:
                    total = entry["besteedbaar_inkomen"]
                    entry["besteedbaar_inkomen"] = {"waarde": exact_text(total),
                                                    "weergave": shown(total, _PER_MONTH)}
        return out

    def to_dict(self) -> dict[str, Any]:
        persons: dict = {}
        for (qual, person, period), value in sorted(
                self.values.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
            sym = self.program.symbols[qual]
            entry = persons.setdefault(person, {}).setdefault(sym.regulation, {}).setdefault(
                qual, {"type": sym.type.describe(), "tijdvak": period.kind, "perioden": {}})
            cell = {"waarde": json_value(value), "weergave": shown(value, sym.type)}
            monthly = per_month(value, sym.type)
            if monthly is not None:
                cell["per_maand"] = exact_text(monthly)
            joint = self.joint_with(qual, person, period)
            if joint:
                cell["gezamenlijk_met"] = list(joint)
            entry["perioden"][period.label()] = cell
        for (qual, person, year), total in sorted(self.totals().items()):
            entry = persons[person][self.program.symbols[qual].regulation][qual]
            entry.setdefault("totaal", {})[str(year)] = {
                "waarde": exact_text(total), "weergave": shown(total, t.amount(None))}
        return {"van": self.first.label(), "tot": self.last.label(), "personen": persons,
                "standaardwaarden": used_defaults(self.program, self.context),
                "huishoudens": self.households(),
                "herkomst": provenance(self.program, {"van": self.first.label(),
                                                      "tot": self.last.label()})}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def tijdvak_of(program: Program, qualname: str) -> str | None:
    """The declared tijdvak of a definition (its own, else its regulation's), or None when
    it follows its reader."""
    return program.tijdvakken.get(qualname)


def _label_to_period(label: str, program: Program, qualname: str) -> Period:
    """A period label as the period of ``qualname``'s tijdvak that it names or contains."""
    period = parse_period(label)
    kind = tijdvak_of(program, qualname) or "maand"
    return period if period.kind == kind else Period.containing(kind, period.start)


def range_months(first: Period, last: Period) -> tuple[Period, ...]:
    """The months ``first`` to ``last`` (both included); RS541 when there are none, RS542
    beyond :data:`rulescore.limits.MAX_RANGE_MONTHS`."""
    months = month_range(first, last)
    if not months:
        raise RulesError((Diagnostic("RS541", f"de reeks {first.label()} tot en met "
                                     f"{last.label()} is leeg", path="--van",
                                     hint="--van ligt vóór of op --tot"),))
    if len(months) > MAX_MONTHS:
        raise RulesError((Diagnostic("RS542", f"een reeks van {len(months)} maanden; ten "
                                     f"hoogste {MAX_MONTHS}", path="--tot",
                                     hint="reken in delen van hoogstens tien jaar"),))
    return months


def wanted_periods(program: Program, months, names) -> dict:
    """Period → the outputs reported in it, in order: each output in the periods of its
    tijdvak (per month without one) that the months touch; periods in order."""
    wanted: dict = {}
    for month in months:
        for q in names:
            kind = tijdvak_of(program, q)
            wanted.setdefault(month if kind is None else month.within(kind), []).append(q)
    return {p: list(dict.fromkeys(qs)) for p, qs in sorted(wanted.items())}


def evaluate_range(program: Program, situation: Situation, first: Period, last: Period,
                   outputs=None) -> RangeResult:
    """Every output (or the given ones) for every person who exists in each period of the
    months ``first`` to ``last`` (both included)."""
    months = range_months(first, last)
    cp = compiled(program)
    names = outputs if outputs is not None else program.outputs
    ctx = cp.range_context(situation, months[0])
    values = evaluate_periods(cp, ctx, wanted_periods(program, months, names))
    return RangeResult(program, situation, first, last, values, ctx)


def explain_range(program: Program, situation: Situation, qualname: str, persons,
                  period: Period):
    """The explanation graph of ``qualname`` in the period of its tijdvak that contains
    ``period``'s first day, for each of ``persons`` who exists then; every value in it
    names its period. Raises as :func:`evaluate_range` does (missing inputs, RS541)."""
    from rulescore.reference.explanation import explain_periods

    kind = tijdvak_of(program, qualname)
    target = period if kind is None and period.kind == "maand" else Period.containing(
        kind or "maand", period.start)
    cp = compiled(program)
    ctx = cp.range_context(situation, target, trace=True)
    evaluate_periods(cp, ctx, {target: [qualname]})
    alive = [p for p in persons if ctx.entry(p, target) is not None]
    return explain_periods(ctx, [(qualname, p, target) for p in alive])
