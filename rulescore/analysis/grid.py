"""A grid of one person's earnings into one situation per point, and those into the
household's exact net income per point on the batch evaluator.

The grid is either the person's gross wage (``loon_uit_dienstbetrekking``, per maand or
per jaar) or hours per week times an hourly wage; an hour grid becomes a monthly wage as
``uren × uurloon × 52 / 12`` (weeks per month, the CBS convention). The household is
every person on the person's ``woonadres`` (the person alone without one); its net income
is the sum of their ``besteedbaar_inkomen``. The batch evaluator computes in float64;
every value is snapped to its exact rational with the rules' common denominator
(:mod:`rulescore.batch.denominators`) or, where the rules fix none for all rows (a sum
divided by a count of children), with each row's own denominator
(:mod:`rulescore.batch.row_denominators`: the branch the row takes, its own divisor); a
point the batch cannot vouch for (an unsure row, no denominator) is recomputed with the
exact reference evaluator.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import numpy as np

from rulescore.batch import ops
from rulescore.batch import period_compiler  # noqa: F401  (registers period expressions)
from rulescore.batch.compiler import compile_definition, compile_expr
from rulescore.batch.denominators import symbol_denominator
from rulescore.batch.population import Population, date_to_days
from rulescore.batch.row_denominators import definition_row_denominators
from rulescore.batch.state import Frame, Run
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.exact import to_fraction
from rulescore.program import Program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation, parse_number

EARNINGS = "loon_uit_dienstbetrekking"
NET = "besteedbaar_inkomen.besteedbaar_inkomen"
WEEKS_PER_MONTH = Fraction(52, 12)
#: the most points one grid may have (a grid is for looking at, not a population)
MAX_POINTS = 10_000


@attrs.frozen
class Grid:
    """The points of the grid as written (euros, or hours per week) and how to read them."""

    points: tuple[Fraction, ...]
    #: ``maand`` or ``jaar``: the period of the gross earnings and of the net income shown
    per: str = "maand"
    #: for an hour grid: the gross hourly wage; the points are then hours per week
    hourly_wage: Fraction | None = None

    def monthly_wage(self, x: Fraction) -> Fraction:
        """The ``loon_uit_dienstbetrekking`` (per maand) at point ``x``."""
        if self.hourly_wage is not None:
            return x * self.hourly_wage * WEEKS_PER_MONTH
        return x / 12 if self.per == "jaar" else x

    @property
    def factor(self) -> int:
        """Monthly amounts times this are amounts in the grid's period."""
        return 12 if self.per == "jaar" else 1


def parse_grid(text: str, option: str = "--brutoloon") -> tuple[Fraction, ...]:
    """``VAN:TOT:STAP`` (``0:4000:50``, decimals with a comma) into the points from VAN up
    to and including TOT; a bad grid is a Diagnostic (RS380) with a hint."""
    parts = text.split(":")
    hint = f"schrijf VAN:TOT:STAP, bijv. {option} 0:4000:50"
    if len(parts) != 3:
        raise RulesError((Diagnostic("RS380", f"'{text}' is geen raster", path=option,
                                     hint=hint),))
    nums = [parse_number(p) for p in parts]
    bad = [p for p, n in zip(parts, nums) if n is None]
    if bad:
        raise RulesError((Diagnostic("RS380", f"'{bad[0]}' in '{text}' is geen getal",
                                     path=option, hint=hint),))
    low, high, step = nums
    if step <= 0:
        raise RulesError((Diagnostic("RS380", f"de stap van '{text}' is {parts[2]}: het "
                                     "raster komt niet vooruit", path=option,
                                     hint="geef een stap groter dan 0, bijv. 50"),))
    if low < 0 or high <= low:
        raise RulesError((Diagnostic("RS380", f"raster '{text}': VAN moet ten minste 0 zijn "
                                     "en TOT groter dan VAN", path=option, hint=hint),))
    count = int((high - low) // step) + 1
    if count > MAX_POINTS:
        raise RulesError((Diagnostic("RS380", f"raster '{text}' heeft {count} punten, meer "
                                     f"dan {MAX_POINTS}", path=option,
                                     hint="kies een grotere stap"),))
    return tuple(low + i * step for i in range(count))


def parse_amount(text: str, option: str) -> Fraction:
    """A positive amount such as ``14,40`` (RS380 otherwise)."""
    value = parse_number(text)
    if value is None or value <= 0:
        raise RulesError((Diagnostic("RS380", f"'{text}' is geen positief bedrag", path=option,
                                     hint="bijv. 14,40"),))
    return value


def household_of(situation: Situation, person: str) -> tuple[str, ...]:
    """The persons on ``person``'s woonadres (RS381 for an unknown person)."""
    if person not in situation.persons:
        raise RulesError((Diagnostic("RS381", f"onbekende persoon '{person}'", path="--persoon",
                                     hint=suggest(person, situation.persons)
                                     or "kies een persoon uit de situatie: "
                                     + ", ".join(situation.person_ids)),))
    address = situation.persons[person].get("woonadres")
    if address is None:
        return (person,)
    return tuple(p for p in situation.person_ids
                 if situation.persons[p].get("woonadres") == address)


def at_wage(situation: Situation, person: str, wage: Fraction) -> Situation:
    """The situation with ``person``'s monthly gross wage set to ``wage``."""
    persons = dict(situation.persons)
    persons[person] = {**persons[person], EARNINGS: Fraction(wage)}
    return attrs.evolve(situation, persons=persons)


def net_incomes(program: Program, situations: list[Situation], household: tuple[str, ...],
                date: dt.date) -> tuple[list[Fraction], int]:
    """The exact net household income per month of every situation, and how many of them
    the reference evaluator had to compute (the batch could not vouch for them)."""
    pop = Population.from_situations(situations, program)
    run = Run(program, pop, date, date_to_days(date), compile_definition)
    members = set(household)
    rows = np.array([i for i, (_, pid) in enumerate(pop.person_ids) if pid in members],
                    dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        values, unsure = run.definition(NET)
        d = _denominators(run, rows)
    totals: list = [Fraction(0)] * len(situations)
    redo = set()
    for i, di in zip(rows, d):
        h = int(pop.household[i])
        if h in redo:
            continue
        v = float(values[i])
        if unsure[i] or di == 0 or not np.isfinite(v):
            redo.add(h)
            continue
        scaled = v * int(di)
        whole = round(scaled)
        # the nearest multiple of 1/d is the exact value while the float error (bounded as
        # in the batch's own snapping, rulescore.batch.ops) stays below half a step; a
        # float visibly off a multiple means the rows' bound is wrong: trust neither
        if (ops.ABS_TOL + ops.REL_TOL * abs(v)) * int(di) >= 0.5 or abs(scaled - whole) > 1e-4:
            redo.add(h)
            continue
        totals[h] += Fraction(whole, int(di))
    for h in sorted(redo):
        result = evaluate(program, situations[h], date, outputs=(NET,))
        totals[h] = sum((to_fraction(result.value(NET, p)) for p in household), Fraction(0))
    return totals, len(redo)


def _denominators(run: Run, rows: np.ndarray) -> np.ndarray:
    """Per row: a ``D`` with the net income a multiple of ``1/D`` (0: none known). The
    rules' common denominator where there is one, else each row's own."""
    d = symbol_denominator(NET, run)
    if d is not None:
        return np.full(len(rows), d, dtype=np.int64)

    def values(e, f):
        key = ("node", id(e))  # compiled sub-expressions, as the batch's own settling does
        if key not in run.compiled:
            run.compiled[key] = compile_expr(e, run.program)
        return run.compiled[key](run, f)
    return definition_row_denominators(NET, run, Frame(rows, {}), values)
