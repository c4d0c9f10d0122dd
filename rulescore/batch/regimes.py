"""A definition's regimes of overgangsrecht and their compiled column functions into one
column function: per row the regime its person's date and the run's peildatum choose.

The same choice as :mod:`rulescore.transitions` (the reference evaluator's), on columns:
a row takes the first regime that covers its date and the peildatum; a row whose right
under it has ended (``eindigt op`` a day on or before the peildatum) takes the regime
``na einde van`` it. A row whose date or end day is unsure, or that no regime covers
(a ``geen`` date, which the batch has no value for), is unsure: the exact evaluator
decides it (and names the reason: RS402 where no regime applies).
"""

from __future__ import annotations

import numpy as np

from rulescore import model as m
from rulescore import transitions
from rulescore.batch.population import date_to_days
from rulescore.batch.state import FALSE, Frame, Run


def _within(values, lo, hi):
    ok = np.ones(np.shape(values), dtype=bool)
    if lo is not None:
        ok &= values >= date_to_days(lo)
    if hi is not None:
        ok &= values < date_to_days(hi)
    return ok


def compiled(decl: m.Definition, bodies: list, selector, ends: list):
    """A column function ``f(run, frame)`` choosing per row among ``bodies`` (one per
    regime, in order), by ``selector`` (the person's date; None: the peildatum only) and
    ``ends`` (per regime its ``eindigt op`` column function, or None)."""
    versions = decl.versions

    def run(r: Run, f: Frame):
        n = f.n
        if selector is None:
            when, unsure = np.full(n, r.days), np.zeros(n, dtype=bool)
        else:
            when, when_unsure = selector(r, f)
            when = np.broadcast_to(when, (n,))
            unsure = np.broadcast_to(when_unsure, (n,)).copy()
        chosen = np.full(n, -1)
        for i, v in enumerate(versions):
            reg = v.regime
            if reg.after is not None or not _within(np.array(r.days), reg.geldt_vanaf,
                                                     reg.geldt_tot):
                continue
            ok = _within(when, v.vanaf, v.tot) & (chosen < 0)
            chosen = np.where(ok, i, chosen)
        for i, end in enumerate(ends):
            if end is None or not (chosen == i).any():
                continue
            e, e_unsure = end(r, f)
            mine = chosen == i
            unsure |= mine & np.broadcast_to(e_unsure, (n,))
            done = mine & (np.broadcast_to(e, (n,)) <= r.days)
            chosen = np.where(done, transitions.successor(decl, i), chosen)
        unsure |= chosen < 0
        values = None
        for i, body in enumerate(bodies):
            mine = chosen == i
            if not mine.any():
                continue
            v, u = body(r, f)
            v = np.broadcast_to(np.asarray(v), (n,))
            values = np.where(mine, v, values if values is not None else np.zeros_like(v))
            unsure = np.where(mine, np.broadcast_to(u, (n,)) | unsure, unsure)  # keep the date's
        if values is None:
            return np.zeros(n), np.ones(n, dtype=bool)
        return values, unsure | FALSE
    return run
