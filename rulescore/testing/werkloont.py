"""Households and earnings grids into armoedeval checks: :func:`assert_no_armoedeval`
and the hypothesis strategy :func:`earnings_grids`."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Iterable

from rulescore.analysis.grid import Grid
from rulescore.analysis.pressure import analyse, money
from rulescore.program import Program
from rulescore.situation import Situation
from rulescore.testing.properties import CounterExample


def assert_no_armoedeval(program: Program, situations: Iterable, person: str,
                         earnings_range: Iterable, date: dt.date | None = None) -> None:
    """No step of ``earnings_range`` (monthly gross wages of ``person``) lowers the net
    income of any household in ``situations`` (Situation objects or situation dicts).

    The grid runs on the batch evaluator; a failing step is decomposed (reference
    evaluator) and reported with the step, the household and the regulation that caused it."""
    points = tuple(sorted({Fraction(x) for x in earnings_range}))
    for sit in situations:
        doc = sit if isinstance(sit, dict) else None
        sit = Situation.from_dict(sit, program) if isinstance(sit, dict) else sit
        a = analyse(program, sit, person, Grid(points), date, decompose=False)
        for step in a.steps:
            if step.net_change >= 0:
                continue
            pair = analyse(program, sit, person, Grid(points[step.index:step.index + 2]), date)
            (detail,) = pair.steps
            causes = "; ".join(f"{c['groep']} {money(c['delta'])} per maand ({c['bron']}"
                               + (f", drempel {c['drempels'][0]}" if c["drempels"] else "") + ")"
                               for c in detail.causes)
            lines = [f"armoedeval voor {person}: bruto € {money(points[step.index])} → "
                     f"€ {money(points[step.index + 1])} per maand, netto huishouden "
                     f"{money(step.net_change)} per maand", f"oorzaak: {causes}",
                     f"huishouden: {', '.join(a.household)}"]
            if doc is not None:
                lines += ["situatie:", json.dumps(doc, indent=2, ensure_ascii=False, default=str)]
            raise CounterExample("\n".join(lines))


def earnings_grids(low: int = 0, high: int = 4000, max_points: int = 12):
    """A hypothesis strategy of sorted, distinct monthly gross wages (whole euros)."""
    from hypothesis import strategies as st

    return st.lists(st.integers(low, high), min_size=2, max_size=max_points,
                    unique=True).map(lambda xs: tuple(Fraction(x) for x in sorted(xs)))
