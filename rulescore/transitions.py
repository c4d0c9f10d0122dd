"""A definition's regimes of overgangsrecht, a person's date and the peildatum into the
regime that applies (docs/overgangsrecht.rst); shared by both evaluators and
``rulescore regimes``, below all of them.

A regime applies to a person on a peildatum when his date (the one ``overgangsrecht
volgens`` names) lies in its ``voor … vanaf … tot …`` and the peildatum in its ``geldt
vanaf … tot …``; the checker guarantees that exactly one such regime exists for every
date and peildatum (RS244, RS245). A person without the date (``geen``: he never entered)
falls under a regime that does not choose by the date, if there is one. If that regime
``eindigt op`` a day on or before the peildatum, the right under it has ended and cannot
revive: the regime ``na einde van`` it applies instead.
"""

from __future__ import annotations

import datetime as dt

from rulescore import model as m


def is_regimes(decl: m.Definition) -> bool:
    """Whether the definition states overgangsrecht (its versions are regimes)."""
    return bool(decl.versions) and decl.versions[0].regime is not None


def _within(lo, hi, day) -> bool:
    return (lo is None or lo <= day) and (hi is None or day < hi)


def applies(version: m.Version, when: dt.date | None, date: dt.date) -> bool:
    """Whether a regime (not a ``na einde van`` one) covers the person's date and the peildatum."""
    r = version.regime
    if r.after is not None or not _within(r.geldt_vanaf, r.geldt_tot, date):
        return False
    if when is None:
        return version.vanaf is None and version.tot is None
    return _within(version.vanaf, version.tot, when)


def choose(decl: m.Definition, when: dt.date | None, date: dt.date) -> int | None:
    """The index of the regime that covers ``when`` on ``date`` (before any end), or None."""
    for i, v in enumerate(decl.versions):
        if applies(v, when, date):
            return i
    return None


def successor(decl: m.Definition, index: int) -> int:
    """The index of the regime ``na einde van`` the regime at ``index``."""
    name = decl.versions[index].regime.name
    return next(i for i, v in enumerate(decl.versions) if v.regime.after == name)


def ended(end: dt.date | None, date: dt.date) -> bool:
    """Whether a right that ends on ``end`` (None: it has not) has ended on ``date``."""
    return end is not None and end <= date


def period_of(decl: m.Definition, index: int, when: dt.date | None,
              end: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The peildata ``[from, until)`` on which the regime at ``index`` applies to a person
    with date ``when`` whose right (under it, or under the regime it follows) ends on ``end``:
    its own ``geldt`` stretch, cut at the end of the right (None: open)."""
    r = decl.versions[index].regime
    if r.after is not None:
        return end, None
    until = r.geldt_tot
    if end is not None and r.ends is not None and (until is None or end < until):
        until = end
    return r.geldt_vanaf, until


def in_force(decl: m.Definition, version: m.Version, date: dt.date) -> bool:
    """Whether a version can apply on ``date`` to someone: every version of one chosen by
    a person's date, a regime whose ``geldt`` covers the date, a version covering it."""
    if version.regime is not None:
        r = version.regime
        return r.after is not None or _within(r.geldt_vanaf, r.geldt_tot, date)
    return decl.selector is not None or _within(version.vanaf, version.tot, date)


def describe(decl: m.Definition, index: int) -> str:
    """The regime at ``index`` as the explanation names it: ``regime bestaand "Bestaande
    rechten" (instroomdatum vóór 1996-01-01, gesloten instroom; eindigt)``."""
    v = decl.versions[index]
    r = v.regime
    parts = []
    if r.after is not None:
        parts.append(f"na einde van {r.after}")
    elif r.date_name is not None:
        parts.append(f"{r.date_name} " + " ".join(x for x in (
            f"vanaf {v.vanaf.isoformat()}" if v.vanaf else "",
            f"vóór {v.tot.isoformat()}" if v.tot else "") if x))
    if r.closed:
        parts.append(f"gesloten instroom vanaf {v.tot.isoformat()}")
    if r.geldt_vanaf or r.geldt_tot:
        parts.append("geldt " + " ".join(x for x in (
            f"vanaf {r.geldt_vanaf.isoformat()}" if r.geldt_vanaf else "",
            f"tot {r.geldt_tot.isoformat()}" if r.geldt_tot else "") if x))
    if r.ends is not None:
        parts.append("eindigt met het recht")
    title = f' "{r.title}"' if r.title else ""
    return f"regime {r.name}{title}" + (f" ({'; '.join(parts)})" if parts else "")
