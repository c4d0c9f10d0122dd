"""A Program and a date range into the places where no version or value applies.

For items versioned by the peildatum (parameters, tables, definitions without
``versies volgens``): every date in the range must have exactly one applicable
version; the checker already rejects overlaps, so what remains are gaps before the
first value or after a version's ``tot``. Definitions versioned by a person's own date
(``versies volgens geboortedatum``) are not date-of-evaluation bound and are skipped.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import model as m
from rulescore.program import Program

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
    return [(v.vanaf, v.tot) for v in decl.versions]


def applicable(decl, date: dt.date) -> int:
    """How many versions or values of ``decl`` apply on ``date``."""
    return sum(1 for s, e in intervals(decl) if (s is None or s <= date) and (e is None or date < e))


def gaps(program: Program, start: dt.date, end: dt.date) -> list[Gap]:
    """Every uncovered stretch of [start, end] for every peildatum-versioned item."""
    out = []
    for qual, sym in sorted(program.symbols.items()):
        decl = sym.decl
        if not isinstance(decl, (m.Parameter, m.Table, m.Definition)):
            continue
        if isinstance(decl, m.Definition) and decl.selector is not None:
            continue
        covered = sorted((s or dt.date.min, (e - ONE_DAY) if e else dt.date.max)
                         for s, e in intervals(decl))
        cursor = start
        for s, e in covered:
            if e < cursor:
                continue
            if s > cursor:
                out.append(Gap(qual, cursor, min(s - ONE_DAY, end)))
            if e >= end:
                cursor = None
                break
            cursor = e + ONE_DAY
            if cursor > end:
                cursor = None
                break
        if cursor is not None and cursor <= end:
            out.append(Gap(qual, cursor, end))
    return [g for g in out if g.start <= g.end]
