"""Current recipients of a closed regime into a run-off per year: who is still entitled,
what the benefits and the execution cost, and what buying the regime out would cost.

A recipient is a weight (how many persons he stands for), a sex, a date of birth, the
monthly amount the regulation's rules give him on the base date, and the day his right
ends by law (None: not before he dies); who gets nothing on the base date (the closed
intake, or means above the norm) is not counted as entitled. Each year counts from 1 January: his chance to
be alive then is the product of the mortality table's one-year chances of surviving the
ages he passed (:mod:`rulescore.analysis.mortality`); deaths count at the end of a year.
The benefit of a year is that chance times the amount times the months before his end,
indexed by ``indexation`` per year; the execution cost is a structural amount in every
year with at least one expected recipient plus an amount per expected recipient.

Keeping the regime from year y costs the present value of the benefits and execution
costs still to come; buying it out in year y costs the present value of the benefits
(times 1 + ``premium``) plus a one-off cost. Both discount at ``rate`` per year to
1 January of year y. The first year in which the buy-out is the cheaper is reported.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore.analysis.mortality import MortalityTable


@attrs.frozen
class Recipient:
    weight: float
    sex: str
    birth: dt.date
    monthly: float
    end: dt.date | None


@attrs.frozen
class Costs:
    """Execution cost per year: structural, and per expected recipient (euros)."""

    structural: float = 0.0
    per_recipient: float = 0.0
    one_off_buyout: float = 0.0


@attrs.frozen
class Year:
    year: int
    recipients: float
    benefits: float
    execution: float
    keep: float
    buyout: float


@attrs.frozen
class Projection:
    years: tuple
    rate: float
    first_buyout_year: int | None


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def months_before(end: dt.date | None, year: int) -> int:
    """The months of ``year`` whose first day is before ``end``."""
    if end is None:
        return 12
    return sum(1 for m in range(1, 13) if dt.date(year, m, 1) < end)


def project(recipients, table: MortalityTable, start: int, years: int, rate: float,
            costs: Costs = Costs(), indexation: float = 0.0, premium: float = 0.0) -> Projection:
    """The run-off from 1 January ``start`` over ``years`` years."""
    alive = [1.0] * len(recipients)
    counts, benefits, execution = [], [], []
    for k in range(years):
        y = start + k
        day = dt.date(y, 1, 1)
        n = b = 0.0
        for i, r in enumerate(recipients):
            if r.monthly <= 0 or (r.end is not None and r.end <= day):
                continue
            n += r.weight * alive[i]
            b += r.weight * alive[i] * r.monthly * months_before(r.end, y) * (1 + indexation) ** k
            alive[i] *= 1 - table.one_year(r.sex, age_on(r.birth, day))
        counts.append(n)
        benefits.append(b)
        execution.append((costs.structural if n >= 1 else 0.0) + costs.per_recipient * n)
    pv_benefits, pv_execution = _present_values(benefits, rate), _present_values(execution, rate)
    rows, first = [], None
    for k in range(years):
        keep_k = pv_benefits[k] + pv_execution[k]
        buy_k = pv_benefits[k] * (1 + premium) + costs.one_off_buyout
        if first is None and counts[k] > 0 and buy_k < keep_k:
            first = start + k
        rows.append(Year(start + k, counts[k], benefits[k], execution[k], keep_k, buy_k))
    return Projection(tuple(rows), rate, first)


def _present_values(flows, rate: float) -> list:
    """Per year k the value on 1 January of k of the flows from k on: Σ f_j / (1+r)^(j-k)."""
    out, acc = [0.0] * len(flows), 0.0
    for k in range(len(flows) - 1, -1, -1):
        acc = flows[k] + acc / (1 + rate)
        out[k] = acc
    return out


def to_dict(p: Projection) -> dict:
    return {"disconto": p.rate, "eerste_jaar_afkoop_goedkoper": p.first_buyout_year,
            "jaren": [{"jaar": y.year, "gerechtigden": round(y.recipients, 4),
                       "uitkeringslasten": round(y.benefits, 2),
                       "uitvoeringskosten": round(y.execution, 2),
                       "kosten_instandhouding": round(y.keep, 2),
                       "kosten_afkoop": round(y.buyout, 2)} for y in p.years]}
