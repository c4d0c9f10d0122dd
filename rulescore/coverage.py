"""A Program and a date range into the places where a needed version or value is missing.

For items versioned by the peildatum (parameters, tables, definitions without
``versies volgens``): every date on which an outcome can reach the item must have
exactly one applicable version. The checker already rejects overlaps, so what remains
are gaps before the first value or after a version's ``tot``. An item counts only on
dates where it is reachable from an outcome (or is itself read by nothing) through
the versions that apply on that date: a parameter that only the 2025 version of a rule
reads is not a gap in 2026. Definitions versioned by a person's own date
(``versies volgens geboortedatum``) are not date-of-evaluation bound: all their versions
count on every date, and they are not themselves reported.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import model as m
from rulescore import transitions
from rulescore.program import Program, resolved

ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class Gap:
    """``item`` has no applicable version from ``start`` to ``end`` (both inclusive)."""

    item: str
    start: dt.date
    end: dt.date

    def describe(self) -> str:
        return f"{self.item}: geen geldige versie van {self.start} tot en met {self.end}"


def intervals(decl) -> list[tuple[dt.date | None, dt.date | None]]:
    """The half-open validity intervals [vanaf, tot) of an item's versions or values."""
    if isinstance(decl, m.Parameter):
        starts = [v.vanaf for v in decl.values]
        return [(v.vanaf, v.tot or nxt) for v, nxt in zip(decl.values, starts[1:] + [None])]
    if isinstance(decl, m.Table):
        starts = [v.vanaf for v in decl.versions]
        return [(v.vanaf, v.tot or nxt) for v, nxt in zip(decl.versions, starts[1:] + [None])]
    if transitions.is_regimes(decl):  # the peildata of the regimes that choose by them
        return [(v.regime.geldt_vanaf, v.regime.geldt_tot) for v in decl.versions
                if v.regime.after is None]
    return [(v.vanaf, v.tot) for v in decl.versions]


def _covers(start: dt.date | None, end: dt.date | None, date: dt.date) -> bool:
    return (start is None or start <= date) and (end is None or date < end)


def applicable(decl, date: dt.date) -> int:
    """How many versions or values of ``decl`` apply on ``date``."""
    return sum(1 for s, e in intervals(decl) if _covers(s, e, date))


def references(program: Program, node) -> set[str]:
    """The symbols an expression refers to, as the checker resolved them."""
    return {res.target for res in resolved(program, node)
            if res.kind in ("symbol", "attr") and res.target in program.symbols}


class _Reach:
    """Which symbols the outcomes can reach on a date, through that date's versions."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.definitions = {q: s.decl for q, s in program.symbols.items()
                            if isinstance(s.decl, m.Definition)}
        self.refs = {(q, i): references(program, (v.body, v.regime))
                     for q, d in self.definitions.items() for i, v in enumerate(d.versions)}
        for q, d in self.definitions.items():
            if d.selector is not None:
                self.refs[(q, -1)] = references(program, d.selector)
        read = {r for refs in self.refs.values() for r in refs}
        dated = {q for q, s in program.symbols.items()
                 if isinstance(s.decl, (m.Definition, m.Parameter, m.Table))}
        self.roots = sorted(set(program.outputs) | (dated - read))

    def on(self, date: dt.date) -> set[str]:
        seen: set[str] = set()
        stack = list(self.roots)
        while stack:
            q = stack.pop()
            if q in seen:
                continue
            seen.add(q)
            decl = self.definitions.get(q)
            if decl is None:
                continue
            for i, v in enumerate(decl.versions):
                if transitions.in_force(decl, v, date):
                    stack.extend(self.refs[(q, i)])
            stack.extend(self.refs.get((q, -1), ()))
        return seen

    def boundaries(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The first day of every stretch of [start, end] on which no version changes."""
        days = {start}
        for decl in self.definitions.values():
            if decl.selector is None:
                for s, e in intervals(decl):
                    days.update(d for d in (s, e) if d is not None and start < d <= end)
        return sorted(days)


def reachable(program: Program, date: dt.date) -> set[str]:
    """The qualnames an outcome can reach on ``date`` through that date's versions."""
    return _Reach(program).on(date)


def gaps(program: Program, start: dt.date, end: dt.date) -> list[Gap]:
    """Every stretch of [start, end] where a reachable peildatum-versioned item has no version."""
    reach = _Reach(program)
    firsts = reach.boundaries(start, end)
    # (the last stretch ends at ``end`` itself: the day after 9999-12-31 does not exist)
    stretches = [(s, n - ONE_DAY) for s, n in zip(firsts, firsts[1:])] + [(firsts[-1], end)]
    needed = [(s, e, reach.on(s)) for s, e in stretches]
    out = []
    for qual, sym in sorted(program.symbols.items()):
        decl = sym.decl
        if not isinstance(decl, (m.Parameter, m.Table, m.Definition)):
            continue
        if isinstance(decl, m.Definition) and decl.selector is not None:
            continue
        for s, e in _uncovered(decl, start, end):
            out.extend(_merge(qual, [(max(s, ns), min(e, ne)) for ns, ne, used in needed
                                     if qual in used and max(s, ns) <= min(e, ne)]))
    return out


def _uncovered(decl, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The stretches of [start, end] (inclusive) on which no version of ``decl`` applies."""
    covered = sorted((s or dt.date.min, (e - ONE_DAY) if e else dt.date.max)
                     for s, e in intervals(decl))
    out = []
    cursor = start
    for s, e in covered:
        if e < cursor:
            continue
        if s > cursor:
            out.append((cursor, min(s - ONE_DAY, end)))
        if e >= end:
            return [g for g in out if g[0] <= g[1]]
        cursor = e + ONE_DAY
    if cursor <= end:
        out.append((cursor, end))
    return [g for g in out if g[0] <= g[1]]


def _merge(qual: str, pieces: list[tuple[dt.date, dt.date]]) -> list[Gap]:
    """Adjacent stretches joined into one gap each."""
    out: list[Gap] = []
    for s, e in sorted(pieces):
        if out and out[-1].end.toordinal() + 1 >= s.toordinal():  # (no day after 9999-12-31)
            out[-1] = Gap(qual, out[-1].start, max(out[-1].end, e))
        else:
            out.append(Gap(qual, s, e))
    return out


def transitions_in(program: Program, start: dt.date, end: dt.date) -> list[str]:
    """Every regime that stops applying (a sunset, ``geldt tot D``) and every frozen
    parameter value (``bevroren``) within [start, end], with what applies after it."""
    out = []
    for qual, sym in sorted(program.symbols.items()):
        decl = sym.decl
        if isinstance(decl, m.Definition) and transitions.is_regimes(decl):
            for v in decl.versions:
                day = v.regime.geldt_tot
                if day is None or not (start < day and day.toordinal() <= end.toordinal() + 1):
                    continue
                nxt = [w.regime.name for w in decl.versions if w.regime.after is None
                       and w.regime.geldt_vanaf == day and _meets(v, w)]
                out.append(f"{qual}: regime {v.regime.name} geldt tot {day}; daarna: " + (
                    ", ".join(f"regime {n}" for n in nxt) or "geen regime (zie de gaten)"))
        elif isinstance(decl, m.Parameter):
            nexts = [w.vanaf for w in decl.values[1:]] + [None]
            for v, nxt in zip(decl.values, nexts):
                until = v.tot or nxt
                if v.bevroren and v.vanaf <= end and (until is None or until > start):
                    after = (f"daarna de waarde vanaf {until}" if nxt is not None and until == nxt
                             else "daarna geen waarde (zie de gaten)" if until else "zonder einde")
                    out.append(f"{qual}: bevroren vanaf {v.vanaf}"
                               + (f" tot {until}" if until else "") + f"; {after}")
    return out


def _meets(a: m.Version, b: m.Version) -> bool:
    """Whether two regimes' person's dates overlap (b can follow a for someone)."""
    return ((a.vanaf is None or b.tot is None or a.vanaf < b.tot)
            and (b.vanaf is None or a.tot is None or b.vanaf < a.tot))
