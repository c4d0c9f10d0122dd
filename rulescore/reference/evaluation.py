"""A checked Program and a Situation into exact values (the reference evaluator).

Expressions are compiled once into Python closures (:mod:`rulescore.reference.compiler`);
evaluation is demand-driven and memoised per (definition, person) in a
:class:`~rulescore.reference.context.Context`. Numbers are exact rationals (see
:mod:`rulescore.exact`), so rounding happens only where the rules say so. A missing input
does not stop the run: it yields :data:`~rulescore.reference.context.MISSING`, which
propagates, so that *all* missing inputs this household needs are reported together.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import attrs

from rulescore.domains import date_problems, not_after_inputs
from rulescore.errors import Diagnostic, RulesError
from rulescore.program import Program
from rulescore.reference import period_compiler  # noqa: F401  (registers period expressions)
from rulescore.reference import set_compiler  # noqa: F401  (registers sets of persons)
from rulescore.reference import world_compiler  # noqa: F401  (registers waarbij)
from rulescore.reference.compiler import compile_definition
from rulescore.periods import Period
from rulescore.reference.context import NO_VARS, Context, EvaluationError
from rulescore.reference.worlds import substituted_input
from rulescore.situation import Situation


@attrs.define
class CompiledProgram:
    """A Program with every definition compiled to a closure ``f(ctx, person, env)``."""

    program: Program
    definitions: dict[str, Callable] = attrs.field(factory=dict)
    #: the inputs declared ``niet na peildatum`` (found on first use)
    not_after: tuple | None = None
    #: what explanations print of a rule that depends on the rule alone (its period
    #: reads), made once per program (rulescore/reference/explanation.py)
    texts: dict = attrs.field(factory=dict)

    @classmethod
    def compile(cls, program: Program) -> "CompiledProgram":
        cp = cls(program)
        for qual, sym in program.symbols.items():
            if sym.kind == "definitie":
                cp.definitions[qual] = compile_definition(sym, program)
            elif qual in program.substituted:  # an input, read in a world as a definition
                cp.definitions[qual] = substituted_input(qual)
        return cp

    def context(self, situation: Situation, date: dt.date | None = None,
                trace: bool = False, diagnose: bool = False) -> Context:
        date = date or situation.peildatum
        if date is None:
            raise RulesError((Diagnostic("RS320", "geen peildatum: geef --datum of zet "
                                         "'peildatum' in de situatie", path="$.peildatum"),))
        situation = situation.at(date)  # a dated situation: the facts of that day (else itself)
        if date != situation.peildatum:  # the loader checked the situation's own peildatum
            if self.not_after is None:
                self.not_after = not_after_inputs(self.program.inputs())
            problems = date_problems(self.not_after, situation.persons, situation.dwellings, date)
            if problems:
                raise RulesError(tuple(problems))
        return Context(self, situation, date, deps={} if trace else None,
                       stack=[] if trace or diagnose else None)


    def range_context(self, situation: Situation, first: Period,
                      diagnose: bool = False, trace: bool = False) -> Context:
        """A run over time: each period evaluated on its own (:meth:`Context.in_period`);
        it starts in ``first`` so that a stray read has a period."""
        ctx = Context(self, situation.at(first.start), first.start, timeline=situation,
                      period=first, deps={} if trace else None,
                      stack=[] if trace or diagnose else None)
        ctx.memos[(first, first.start)] = (ctx.memo, ctx.versions, ctx.missing_of)
        return ctx


def evaluate_periods(cp: CompiledProgram, ctx: Context, wanted: dict) -> dict:
    """``{period: [outputs]}`` into ``{(output, person, period): value}`` for every person
    who is alive on the first day of a month of the period, evaluated from the first
    such day (:meth:`Context.entry`); raise as :func:`evaluate_outputs` does."""
    results: dict = {}
    errors: dict = {}
    for period in sorted(wanted):
        persons = dict.fromkeys(p for month in period.months()
                                for p in ctx.timeline.at(month.start).person_ids)
        for person in persons:
            day = ctx.entry(person, period)
            for q in wanted[period]:
                try:
                    results[(q, person, period)] = ctx.in_period(
                        period, day, _reader(q), person, NO_VARS)
                except EvaluationError as exc:
                    d = exc.diagnostic
                    errors.setdefault(d, attrs.evolve(
                        d, message=f"{d.message} (bij {q} voor {person} in {period.label()})"))
    if ctx.missing and ctx.stack is None:  # name who asked, as evaluate_outputs does
        slow = cp.range_context(ctx.timeline, ctx.period, diagnose=True)
        return evaluate_periods(cp, slow, wanted)
    if ctx.missing or errors:
        raise RulesError(tuple(_missing_diagnostics(ctx)) + tuple(errors.values()),
                         {r.span.file: r.source for r in cp.program.regulations.values()})
    return results


def _reader(qualname: str):
    """A compiled-expression-like reader of one definition (``fn(ctx, person, env)``)."""
    return lambda ctx, person, env: ctx.value(qualname, person)


def evaluate_outputs(cp: CompiledProgram, ctx: Context, outputs=None) -> dict:
    """Evaluate output definitions for every person; raise if inputs are missing."""
    names = outputs if outputs is not None else cp.program.outputs
    results = {}
    errors: dict = {}  # one diagnostic per problem, named by the first output that met it
    for person in ctx.situation.person_ids:
        for q in names:
            try:
                results[(q, person)] = ctx.value(q, person)
            except EvaluationError as exc:
                d = exc.diagnostic
                errors.setdefault(d, attrs.evolve(d, message=f"{d.message} (bij {q} voor {person})"))
    if ctx.missing and ctx.stack is None:
        # the fast path does not track who asked: redo this run to name it
        slow = ctx.program.context(ctx.situation, ctx.date, diagnose=True)
        return evaluate_outputs(ctx.program, slow, outputs)
    if ctx.missing or errors:
        raise RulesError(tuple(_missing_diagnostics(ctx)) + tuple(errors.values()),
                         {r.span.file: r.source for r in cp.program.regulations.values()})
    return results


def _missing_diagnostics(ctx: Context):
    for (kind, name, owner), needed_by in sorted(ctx.missing.items()):
        if kind == "persoon":
            path = f"$.personen.{owner}.{name}"
        elif kind == "woning":
            path = f"$.woningen.{owner}.{name}"
        else:
            path = f"$.relaties[{owner}].{name}"
        sym = ctx.program.program.symbols[name]
        yield Diagnostic("RS321", f"ontbrekend gegeven '{name}' "
                         f"({sym.type.describe()}), nodig voor {needed_by}", path=path,
                         hint="voeg het toe aan de situatie; een ontbrekend gegeven telt nooit als 0")
