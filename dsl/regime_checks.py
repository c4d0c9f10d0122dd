"""A definition's regimes of overgangsrecht into diagnostics: the clauses fit together, and
the regimes cover every person on every peildatum exactly once (RS244–RS247).

A regime that is no ``na einde van`` regime covers a rectangle: the person's dates
``[vanaf, tot)`` of ``voor <datum> …`` (every date without it) times the peildata
``[vanaf, tot)`` of ``geldt …`` (every peildatum without it). The rectangles must tile
the plane: a point in none is a gap (RS245), in two an overlap (RS244), each reported
with the person's dates and the peildata that fall in it. A right that ends (``eindigt
op``) passes to the regime ``na einde van`` it, so that one covers what its regime covers.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.expressions import ERR, Scope, check_expr
from rulescore.errors import Diagnostic

#: Most gaps or overlaps reported for one rule (each names its dates).
MOST = 5


def check_regimes(item: m.Definition, scope: Scope) -> None:
    """Every diagnostic of the regimes of ``item`` (its bodies are checked by the caller)."""
    regimes = [v.regime for v in item.versions]
    names = [r.name for r in regimes]
    date_name = item.selector.parts[-1] if isinstance(item.selector, m.Ref) else None
    for v, r in zip(item.versions, regimes):
        _clauses(item, v, r, names, regimes, date_name, scope)
    primary = [v for v in item.versions if v.regime.after is None]
    for d in _tiling(item, primary, date_name is not None):
        scope.diagnostics.append(attrs.evolve(d, context=scope.context))


def _clauses(item, v: m.Version, r: m.Regime, names, regimes, date_name, scope: Scope) -> None:
    if names.count(r.name) > 1 and names.index(r.name) != regimes.index(r):
        scope.error("RS246", f"regime '{r.name}' van '{item.name}' staat er twee keer", v,
                    hint="geef elk regime een eigen naam")
    if r.date_name is not None and r.date_name != date_name:
        scope.error("RS246", f"regime '{r.name}' kiest met '{r.date_name}', maar '{item.name}' "
                    f"kiest zijn regimes " + (f"volgens '{date_name}'" if date_name
                                              else "alleen naar de peildatum"), v,
                    hint=(f"schrijf 'voor {date_name} vanaf …'" if date_name else
                          f"schrijf 'overgangsrecht volgens {r.date_name}'"))
    if r.closed and date_name is None:
        scope.error("RS246", f"gesloten instroom van regime '{r.name}' vraagt een datum van de "
                    f"persoon", v, hint="schrijf 'overgangsrecht volgens instroomdatum' (of de "
                    "datum van aanvraag, van het besluit)")
    if v.vanaf and v.tot and v.tot <= v.vanaf or (
            r.geldt_vanaf and r.geldt_tot and r.geldt_tot <= r.geldt_vanaf):
        scope.error("RS240", f"regime '{r.name}' van '{item.name}' eindigt voordat het begint", v)
    if r.ends is not None:
        typ = check_expr(r.ends, scope)
        if typ is not ERR and typ != t.DATUM:
            scope.error("RS247", f"'eindigt op' geeft een datum, niet {typ.describe()}", r.ends,
                        hint="de dag waarop het recht eindigt, of 'geen' zolang het loopt")
        if not any(o.after == r.name for o in regimes):
            scope.error("RS246", f"regime '{r.name}' eindigt, maar geen regime zegt wat daarna "
                        f"geldt", v, hint=f"voeg toe: 'regime … na einde van {r.name} = …'")
    if r.after is not None:
        target = next((o for o in regimes if o.name == r.after), None)
        if target is None or target.ends is None or target.after is not None:
            scope.error("RS246", f"'na einde van {r.after}': '{item.name}' heeft geen regime "
                        f"'{r.after}' dat eindigt", v,
                        hint="noem een regime met 'eindigt op …'")
        if v.vanaf or v.tot or r.geldt_vanaf or r.geldt_tot or r.ends is not None:
            scope.error("RS246", f"regime '{r.name}' geldt na het einde van '{r.after}' en "
                        f"kiest niet zelf: zonder 'voor', 'geldt' of 'eindigt'", v)
        elif sum(o.after == r.after for o in regimes) > 1:
            scope.error("RS246", f"twee regimes gelden na het einde van '{r.after}'", v)


def _axis(bounds) -> list[tuple[dt.date | None, dt.date | None]]:
    """The cells of one axis: the stretches between consecutive bounds, open at both ends."""
    points = sorted({b for b in bounds if b is not None})
    edges = [None, *points, None]
    return list(zip(edges, edges[1:]))


def _inside(cell, lo, hi) -> bool:
    start, end = cell
    return ((lo is None or (start is not None and start >= lo))
            and (hi is None or (end is not None and end <= hi)))


def _tiling(item: m.Definition, versions: list[m.Version], by_person: bool) -> list[Diagnostic]:
    xs = _axis([b for v in versions for b in (v.vanaf, v.tot)])
    ys = _axis([b for v in versions for b in (v.regime.geldt_vanaf, v.regime.geldt_tot)])
    gaps, overlaps, seen = [], [], set()
    for x in xs:
        for y in ys:
            here = [v for v in versions if _inside(x, v.vanaf, v.tot)
                    and _inside(y, v.regime.geldt_vanaf, v.regime.geldt_tot)]
            if not here:
                gaps.append((x, y))
            elif len(here) > 1:
                pair = (here[0].regime.name, here[1].regime.name)
                if pair not in seen:
                    seen.add(pair)
                    overlaps.append((here[0], here[1], x, y))
    out = []
    for first, second, x, y in overlaps[:MOST]:
        out.append(Diagnostic(
            "RS244", f"regimes '{first.regime.name}' en '{second.regime.name}' van '{item.name}' "
            f"gelden allebei {_where(item, x, y, by_person)}", span=second.span,
            hint=f"laat '{first.regime.name}' eindigen waar '{second.regime.name}' begint "
                 "('tot …'), of andersom"))
    for x, y in _merged(gaps)[:MOST]:
        out.append(Diagnostic(
            "RS245", f"geen regime van '{item.name}' {_where(item, x, y, by_person)}",
            span=item.span, hint="voeg een regime toe voor die datums (zegt de wet niets: "
                                 "'= onbeslist \"…\"'), of laat een regime eerder beginnen of "
                                 "later eindigen"))
    return out


def _merged(cells: list) -> list:
    """Gap cells with the same person's dates and adjacent peildata joined."""
    out: list = []
    for x, y in cells:
        if out and out[-1][0] == x and out[-1][1][1] == y[0]:
            out[-1] = (x, (out[-1][1][0], y[1]))
        else:
            out.append((x, y))
    return out


def _span_text(lo, hi) -> str:
    if lo is None and hi is None:
        return "elke datum"
    if lo is None:
        return f"vóór {_day(hi)}"
    if hi is None:
        return f"vanaf {_day(lo)}"
    return f"van {_day(lo)} tot {_day(hi)}"


def _day(d: dt.date) -> str:
    return d.isoformat()


def _where(item: m.Definition, x, y, by_person: bool) -> str:
    name = item.selector.parts[-1] if isinstance(item.selector, m.Ref) else None
    person = f"voor wie {name} {_span_text(*x)} heeft" if by_person and x != (None, None) else (
        "voor iedereen" if by_person else "")
    peil = "op elke peildatum" if y == (None, None) else f"op peildata {_span_text(*y)}"
    return f"{person}, {peil}" if person else peil
