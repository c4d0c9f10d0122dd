"""A scenario's ``wijzig parameter`` values laid over a parameter's own: one merged parameter.

The scenario's values apply on their own periods; outside them the parameter keeps the
values its regulation gives it. Every value the scenario supplies carries, as its
``aanname``, the scenario's name and the reason it gives, so an explanation that uses it
says so. Checking the change (does the parameter exist, are the values of its type and
in date order) is the checker's job; this module only merges.

A scenario's ``waarden doorgetrokken tot D`` (:func:`carry_forward`) then holds, for every
parameter whose merged values end before D, the last value from that end until D; the
value carries the clause's grounds as its ``aanname`` in the same way.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import model as m

#: A half-open period [start, end); ``None`` as end is open-ended.
Period = tuple[dt.date, "dt.date | None"]


def overlay(param: m.Parameter, change: m.ParameterChange, scenario: str) -> m.Parameter:
    """``param`` with ``change``'s values on their periods and its own values elsewhere."""
    own = _periods(param.values)
    new = _periods(change.values)
    merged: list[m.DatedValue] = []
    for value, period in zip(param.values, own):
        pieces = [period]
        for cut in new:
            pieces = [p for piece in pieces for p in minus(piece, cut)]
        merged.extend(attrs.evolve(value, vanaf=start, tot=end) for start, end in pieces)
    why_all = reason(change)
    for value, (start, end) in zip(change.values, new):
        why = "; ".join(x for x in (value.aanname, why_all) if x)
        merged.append(attrs.evolve(value, tot=end, aanname=f"scenario {scenario}: {why}"))
    merged.sort(key=lambda v: v.vanaf)
    return attrs.evolve(param, values=tuple(merged))


def _periods(values: tuple[m.DatedValue, ...]) -> list[Period]:
    """Each value's period: until its ``tot``, else until the next value starts."""
    ends = [v.tot or (nxt.vanaf if nxt else None)
            for v, nxt in zip(values, list(values[1:]) + [None])]
    return [(v.vanaf, end) for v, end in zip(values, ends)]


def minus(piece: Period, cut: Period) -> list[Period]:
    """The parts of ``piece`` outside ``cut``."""
    start, end = piece
    c_start, c_end = cut
    out = []
    if start < c_start:
        out.append((start, c_start if end is None else min(end, c_start)))
    if c_end is not None and (end is None or end > c_end):
        out.append((max(start, c_end), end))
    return [(a, b) for a, b in out if b is None or a < b]


def reason(change) -> str:
    """A change's grounds in one line: its aannames, toelichting and citations."""
    parts = list(change.meta.aannames)
    if change.meta.toelichting:
        parts.append(change.meta.toelichting)
    parts += [f"bron {c.describe(None)}" for c in change.meta.citations]
    return "; ".join(parts)


def carry_forward(regs: dict[str, m.Regulation], symbols: dict) -> None:
    """Each parameter (and table) symbol whose values end before a scenario's ``waarden
    doorgetrokken tot D`` with its last value held until D (symbols replaced in place)."""
    for reg in regs.values():
        carry = reg.carry_forward if reg.is_scenario else None
        if carry is None:
            continue
        why = f"scenario {reg.name}: waarde doorgetrokken tot {carry.until.isoformat()}"
        why += "; " + reason(carry) if reason(carry) else ""
        for q, sym in symbols.items():
            field = {"parameter": "values", "tabel": "versions"}.get(sym.kind)
            dated = getattr(sym.decl, field) if field else ()
            if not dated:
                continue
            last = max(dated, key=lambda v: v.vanaf)
            if last.tot is not None and last.tot < carry.until:
                held = attrs.evolve(last, vanaf=last.tot, tot=carry.until, aanname=why,
                                    **({"bevroren": False} if field == "values" else {}))
                symbols[q] = attrs.evolve(sym, decl=attrs.evolve(
                    sym.decl, **{field: (*dated, held)}))
