"""Points of an earnings grid into steps: marginal pressure, its parts per regulation, flags.

Definitions (see docs/werkloont.rst): the *household* is everyone on the person's
woonadres; its *net income* is the sum of their ``besteedbaar_inkomen`` per month. The
*marginal pressure* of a step is ``1 − Δ net household income / Δ gross earnings``, with
the gross earnings the person's ``loon_uit_dienstbetrekking`` (CPB's definition of the
marginale druk, on the household's income, toeslagen included). Its *parts* are, per
group of terms (:mod:`rulescore.analysis.terms`), ``−Δ group / Δ gross`` — for the gross
wage itself ``1 − Δ / Δ gross`` — and add up exactly to the pressure; the same holds one
level down, per term (each heffingskorting, the Zvw-bijdrage, a toeslag's afbouw). Flags: pressure
above 70 % and above 100 %, and every *armoedeval*: a step where the net income falls.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from rulescore.analysis.grid import Grid, at_wage, household_of, net_incomes
from rulescore.analysis.grid import EARNINGS
from rulescore.analysis.labels import full_label, group_label
from rulescore.analysis.terms import EARNINGS_GROUP, Point, Walker
from rulescore.errors import Diagnostic, RulesError
from rulescore.program import Program
from rulescore.reference.results import compiled
from rulescore.situation import Situation
from rulescore.exact import round_exact, to_fraction

HIGH = Fraction(7, 10)
OVER = Fraction(1)


@attrs.frozen
class Step:
    """From point ``index`` to ``index + 1``."""

    index: int
    gross_change: Fraction
    net_change: Fraction
    pressure: Fraction
    #: group → change of its terms per month (with the decomposition)
    changes: dict
    #: (group, label) → change per month
    term_changes: dict
    #: group → its part of the marginal pressure
    parts: dict
    flags: tuple[str, ...]
    #: the groups that took most, each with its article and the thresholds crossed
    causes: tuple[dict, ...]
    #: every branch (als, min, max) that went the other way in this step
    thresholds: tuple[str, ...] = ()
    #: (group, label) → its part of the marginal pressure (the terms of ``parts``)
    term_parts: dict = attrs.field(factory=dict)


@attrs.frozen
class Analysis:
    person: str
    household: tuple[str, ...]
    date: dt.date
    grid: Grid
    #: the person's gross wage per month at every point
    wages: tuple[Fraction, ...]
    #: the household's exact net income per month at every point
    nets: tuple[Fraction, ...]
    points: tuple[Point, ...] | None
    steps: tuple[Step, ...]
    #: points the batch evaluator could not vouch for (computed exactly instead)
    recomputed: int
    scenario: str | None = None
    #: over a range of months (first, last): the nets are the average per month over it
    months: tuple | None = None

    def to_dict(self) -> dict:
        f = self.grid.factor
        return {
            "persoon": self.person, "huishouden": list(self.household),
            "peildatum": self.date.isoformat(), "per": self.grid.per,
            "scenario": self.scenario,
            **({"van": self.months[0].label(), "tot": self.months[1].label()}
               if self.months else {}),
            "uurloon": None if self.grid.hourly_wage is None else money(self.grid.hourly_wage),
            "punten": [{"punt": i, "raster": str(x) if x.denominator == 1 else money(x),
                        "brutoloon": money(w * f), "netto_huishouden": money(n * f),
                        **({"termen": _terms(p, f)} if p is not None else {})}
                       for i, (x, w, n, p) in enumerate(zip(self.grid.points, self.wages,
                                                           self.nets, self.points or
                                                           [None] * len(self.nets)))],
            "stappen": [_step(s, f) for s in self.steps],
        }


def money(x: Fraction) -> str:
    """An exact amount as decimal text, rounded half up to cents (for output only)."""
    return decimal(x, 100)


def ratio(x: Fraction) -> str:
    """An exact ratio as decimal text with six decimals (for output only)."""
    return decimal(x, 10**6)


def decimal(x: Fraction, scale: int) -> str:
    """An exact number as decimal text in steps of 1/scale, rounded half up (output only)."""
    q = to_fraction(round_exact(x, scale, "half_up"))
    whole = q.numerator * scale // q.denominator
    sign = "-" if whole < 0 else ""
    digits = len(str(scale)) - 1
    a, b = divmod(abs(whole), scale)
    return f"{sign}{a}.{b:0{digits}d}"


def _terms(p: Point, f: int) -> list:
    return [{"groep": g, "term": label, "bedrag": money(v * f)}
            for (g, label), v in sorted(p.terms.items())]


def _step(s: Step, f: int) -> dict:
    return {"van": s.index, "naar": s.index + 1,
            "delta_bruto": money(s.gross_change * f),
            "delta_netto": money(s.net_change * f),
            "marginale_druk": ratio(s.pressure),
            "signalen": list(s.flags), "drempels": list(s.thresholds),
            "per_regeling": {g: {"naam": group_label(g), "delta": money(v * f),
                                 "druk": ratio(s.parts[g])} for g, v in s.changes.items()},
            "per_onderdeel": [{"groep": g, "term": t, "naam": full_label(g, t),
                               "delta": money(s.term_changes.get((g, t), Fraction(0)) * f),
                               "druk": ratio(v)}
                              for (g, t), v in sorted(s.term_parts.items()) if v],
            "oorzaken": [{**c, "naam": full_label(c["groep"], c["grootste_term"]),
                          "delta": money(c["delta"] * f), "druk": ratio(c["druk"])}
                         for c in s.causes]}


def analyse(program: Program, situation: Situation, person: str, grid: Grid,
            date: dt.date | None = None, decompose: bool = True) -> Analysis:
    """Net household income at every point of ``grid`` (batch evaluator, exact), the steps
    between them and, with ``decompose``, every point's terms (reference evaluator, exact;
    their sum is checked against the batch's total)."""
    date = date or situation.peildatum
    if date is None:
        raise RulesError((Diagnostic("RS320", "geen peildatum: geef --datum of zet "
                                     "'peildatum' in de situatie", path="$.peildatum"),))
    situation = situation.at(date)  # a grid varies the wage of one day's facts
    household = household_of(situation, person)
    wages = tuple(grid.monthly_wage(x) for x in grid.points)
    situations = [at_wage(situation, person, w) for w in wages]
    nets, recomputed = net_incomes(program, situations, household, date)
    points = None
    if decompose:
        points = tuple(decompose_points(program, situations, household, person, date))
        for i, (p, n) in enumerate(zip(points, nets)):
            assert p.total == n, f"point {i}: reference {p.total} != batch {n}"
    steps = tuple(make_step(program, i, wages, nets, points) for i in range(len(wages) - 1))
    return Analysis(person, household, date, grid, wages, tuple(nets), points, steps,
                    recomputed, program.scenario)


def decompose_points(program: Program, situations, household, person, date):
    """Every situation's net household income as exact terms."""
    walker = Walker(program, person, EARNINGS)
    cp = compiled(program)
    for sit in situations:
        yield walker.decompose(cp.context(sit, date), household)


def make_step(program: Program, i: int, wages, nets, points) -> Step:
    dg = wages[i + 1] - wages[i]
    dn = nets[i + 1] - nets[i]
    pressure = 1 - dn / dg
    flags = []
    if pressure > HIGH:
        flags.append("druk>70%")
    if pressure > OVER:
        flags.append("druk>100%")
    if dn < 0:
        flags.append("armoedeval")
    changes, term_changes, parts, term_parts, causes, thresholds = {}, {}, {}, {}, (), ()
    if points is not None:
        a, b = points[i], points[i + 1]
        for key in set(a.terms) | set(b.terms):
            d = b.terms.get(key, Fraction(0)) - a.terms.get(key, Fraction(0))
            if d:
                term_changes[key] = d
                changes[key[0]] = changes.get(key[0], Fraction(0)) + d
        changes = dict(sorted(changes.items()))
        parts = {g: (1 - d / dg if g == EARNINGS_GROUP else -d / dg) for g, d in changes.items()}
        if EARNINGS_GROUP not in parts:
            parts[EARNINGS_GROUP] = Fraction(1)
        assert sum(parts.values()) == pressure, "the parts do not add up to the pressure"
        term_parts = {key: -d / dg for key, d in sorted(term_changes.items())}
        wage = (EARNINGS_GROUP, EARNINGS)  # the wage itself: 1 − Δ / Δ gross
        term_parts[wage] = term_parts.get(wage, Fraction(0)) + 1
        assert sum(term_parts.values()) == pressure, "the terms do not add up to the pressure"
        thresholds = tuple(sorted({_describe(a, key, c) for key, c in _flipped(a, b)}))
        if flags:
            causes = tuple(_causes(program, a, b, term_changes, dg))
    return Step(i, dg, dn, pressure, changes, term_changes, parts, tuple(flags), causes,
                thresholds, term_parts)


def _flipped(a: Point, b: Point):
    return [(key, b.choices[key]) for key in set(a.choices) & set(b.choices)
            if a.choices[key].taken != b.choices[key].taken]


def _describe(a: Point, key, c) -> str:
    return f"{c.definition}: {c.text} ({a.choices[key].taken} → {c.taken})"


def _causes(program: Program, a: Point, b: Point, term_changes: dict, dg: Fraction):
    """The groups whose terms fell, most first: each with its largest term, that term's
    article, and the choices (branches) within the group that changed in this step."""
    by_group: dict = {}
    for (group, label), d in term_changes.items():
        if group != EARNINGS_GROUP:
            by_group.setdefault(group, []).append((d, label))
    falling = sorted((sum(d for d, _ in ts), g) for g, ts in by_group.items())
    flipped = _flipped(a, b)
    appeared = [(key, b.choices[key]) for key in set(b.choices) - set(a.choices)]
    for total, group in falling:
        if total >= 0:
            break
        d, label = min(by_group[group])
        thresholds = sorted({_describe(a, k, c) for k, c in flipped
                             if _regulation(program, c.definition) == group})
        if not thresholds:  # a branch newly reached: name at most two
            thresholds = sorted({f"{c.definition}: {c.text} (nu {c.taken})"
                                 for k, c in appeared
                                 if _regulation(program, c.definition) == group})[:2]
        yield {"groep": group, "delta": total, "druk": -total / dg,
               "grootste_term": label, "bron": _citation(program, b.sources.get(
                   (group, label)) or a.sources.get((group, label)) or label),
               "drempels": thresholds}


def _regulation(program: Program, qual: str) -> str:
    return program.symbols[qual].regulation


def _citation(program: Program, label: str) -> str:
    qual = label.removesuffix(" (afronding)")
    sym = program.symbols.get(qual)
    if sym is None:
        return ""
    return program.context_of(qual)


def compare(first: Analysis, second: Analysis) -> list[dict]:
    """Two analyses of the same grid (two dates, or without and with a scenario): per
    point the net incomes and their difference, per step both pressures."""
    if first.grid.points != second.grid.points:
        raise ValueError("compare() needs the same grid")
    f = first.grid.factor
    rows = []
    for i, (x, a, b) in enumerate(zip(first.grid.points, first.nets, second.nets)):
        row = {"punt": i, "raster": str(x) if x.denominator == 1 else money(x),
               "netto_1": money(a * f), "netto_2": money(b * f), "verschil": money((b - a) * f)}
        if i < len(first.steps):
            row["druk_1"] = ratio(first.steps[i].pressure)
            row["druk_2"] = ratio(second.steps[i].pressure)
        rows.append(row)
    return rows


def transition(program: Program, situation: Situation, person: str, wage: Fraction,
               date: dt.date | None = None) -> Analysis:
    """From the situation as given (bijstand, WW, …) to a job at ``wage`` per month: a
    two-point analysis whose one step says what changes per regulation per month."""
    household_of(situation, person)  # an unknown person: RS381
    current = Fraction(situation.persons[person].get(EARNINGS, 0))
    if current == wage:
        raise RulesError((Diagnostic("RS383", f"het loon van {person} is al {money(wage)} per "
                                     "maand: er is geen stap", path="--baan",
                                     hint="kies een ander aantal uren of een ander uurloon"),))
    grid = Grid((current, Fraction(wage)))
    return analyse(program, situation, person, grid, date)
