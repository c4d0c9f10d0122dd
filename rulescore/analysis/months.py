"""An earnings grid and a range of months into the household's net income over those
months per point, and the steps between them (the reference evaluator over time).

Where a snapshot takes the month of the peildatum twelve times, a range evaluates every
month on its own (:func:`rulescore.reference.ranges.evaluate_range`): the inkomstenbelasting
and the toeslagen then see the real year's income, dated facts (a partner's job from July,
a child born in May) enter in their own months, and the household is everyone on the
person's woonadres in each month. The person's wage is the grid's value in every month of
the range, replacing any dated wage. A point's net income is the household's total over the
range divided by the number of months (the average per month), so the marginal pressure
``1 − Δ net / Δ gross`` is the same for totals and averages.

The decomposition per regulation and per term over a range is the average of the months'
decompositions: every month's net income is walked into terms in that month (its own
facts, parameters and versions), the terms are summed over the months and divided by their
number, so they add up to the point's average exactly. A threshold a step crosses in any
month is named once.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from rulescore.analysis.grid import EARNINGS, NET, Grid, at_wage, household_of
from rulescore.analysis.pressure import Analysis, make_step
from rulescore.analysis.terms import Point, Walker
from rulescore.exact import to_fraction
from rulescore.periods import Period, month_range
from rulescore.program import Program
from rulescore.reference.context import NO_VARS
from rulescore.reference.ranges import evaluate_range
from rulescore.reference.results import compiled
from rulescore.situation import Situation


def with_wage(situation: Situation, person: str, wage: Fraction) -> Situation:
    """The situation with ``person``'s gross wage ``wage`` per month in every month: a
    dated wage is replaced, and the timeline is a fresh one (its memo of snapshots holds
    the old wage)."""
    varied = at_wage(situation, person, wage)
    tl = situation.timeline
    if tl is None:
        return varied
    persons = dict(tl.persons)
    if EARNINGS in persons.get(person, {}):
        persons[person] = {k: v for k, v in persons[person].items() if k != EARNINGS}
    return attrs.evolve(varied, timeline=attrs.evolve(tl, persons=persons))


def household_total(program: Program, situation: Situation, person: str, first: Period,
                    last: Period, result=None) -> tuple[Fraction, int]:
    """The net income of ``person``'s household summed over the months, and their number
    (from ``result``, the range already evaluated, when given)."""
    if result is None:
        result = evaluate_range(program, situation, first, last, outputs=(NET,))
    months = month_range(first, last)
    total = Fraction(0)
    for month in months:
        snap = situation.at(month.start)
        if person not in snap.persons:
            continue
        for pid in household_of(snap, person):
            value = result.values.get((NET, pid, month))
            if value is not None:
                total += to_fraction(value)
    return total, len(months)


def decompose_months(program: Program, situation: Situation, person: str, first: Period,
                     last: Period, walker: Walker | None = None, ctx=None) -> Point:
    """The household's average net income per month over the months as exact terms: the
    months' terms summed and divided by the number of months (in ``ctx``, the context of
    the range already evaluated, when given: its months' values are reused)."""
    walker = walker or Walker(program, person, EARNINGS)
    months = month_range(first, last)
    ctx = ctx or compiled(program).range_context(situation, months[0])
    total, terms, choices, sources = Fraction(0), {}, {}, {}
    for month in months:
        snap = situation.at(month.start)
        if person not in snap.persons:
            continue
        members = household_of(snap, person)
        point = ctx.in_period(month, month.start,
                              lambda c, _p, _env: walker.decompose(c, members), person, NO_VARS)
        total += point.total
        for key, value in point.terms.items():
            terms[key] = terms.get(key, Fraction(0)) + value
        choices.update({(month.label(), *key): c for key, c in point.choices.items()})
        for key, source in point.sources.items():
            sources.setdefault(key, source)
    n = len(months)
    return Point(total / n, {k: v / n for k, v in terms.items() if v}, choices, sources)


def analyse_months(program: Program, situation: Situation, person: str, grid: Grid,
                   first: Period, last: Period, decompose: bool = True) -> Analysis:
    """The household's average net income per month over ``first``…``last`` at every point
    of ``grid``, the steps between them and, with ``decompose``, every point's terms."""
    household_of(situation.at(first.start), person)  # an unknown person: RS381
    wages = tuple(grid.monthly_wage(x) for x in grid.points)
    varied = [with_wage(situation, person, w) for w in wages]
    nets, results = [], []
    for sit in varied:  # each point's range evaluated once, for its total and its terms
        result = evaluate_range(program, sit, first, last, outputs=(NET,))
        total, n = household_total(program, sit, person, first, last, result)
        nets.append(total / n)
        results.append(result)
    points = None
    if decompose:
        walker = Walker(program, person, EARNINGS)
        points = tuple(decompose_months(program, sit, person, first, last, walker, r.context)
                       for sit, r in zip(varied, results))
        for i, (p, net) in enumerate(zip(points, nets)):
            assert p.total == net, f"point {i}: terms {p.total} != net income {net}"
    steps = tuple(make_step(program, i, wages, nets, points) for i in range(len(wages) - 1))
    members = household_of(situation.at(first.start), person)
    return Analysis(person, members, first.start, grid, wages, tuple(nets), points, steps, 0,
                    program.scenario, months=(first, last))
