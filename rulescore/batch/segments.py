"""Set bodies that read only the bound person into per-household bitmasks and segment sums.

``(p in S waarvoor p.x …)``, ``enige(p in S: p.x …)``, ``alle(…)`` and ``som(p in S: p.x)``
whose body depends on nothing but ``p`` (no ``ik``, no unqualified definition or input,
no other bound variable, no relation, no nested set) need no (row, member) expansion: the
body is evaluated once per person, and each row's set is reduced against it in one pass
over the households — a bitmask of the members for which the condition holds, or a
household total from which the row's own value is taken out when the set is everyone
else in the household (``huisgenoten``, ``iedereen``). The cost is linear in the number
of persons whatever the household size; the expansion of :mod:`rulescore.batch.sets`
remains for every other body, and for the rows of a ``som`` whose set is of another shape.
Values and unsure flags are those of the expansion: a row is unsure when a member in its
set is unsure, or when its sum is beyond where float64 holds whole cents.
"""

from __future__ import annotations

import numpy as np

from rulescore import model as m
from rulescore.batch import ops
from rulescore.batch.sets import TooManyRows, pairs
from rulescore.batch.state import Frame, Run, reused
from rulescore.bound import PLAIN, member_only
from rulescore.program import Program

def per_person(r: Run, body, key):
    """The body for every person bound to the variable, once per run: (values, unsure)."""
    hit = r.memo.get(key)
    if hit is None:
        rows = np.arange(r.pop.n_persons)
        v, u = body(r, Frame(rows, {key[2]: rows}, rows))
        n = r.pop.n_persons
        hit = r.memo[key] = (np.broadcast_to(v, (n,)), np.broadcast_to(np.asarray(u, dtype=bool), (n,)))
    return hit


def household_bits(r: Run, flags, key):
    """Per household, the bitmask of its members whose flag is set (once per run)."""
    hit = r.memo.get(key)
    if hit is None:
        pop = r.pop
        bits = np.where(flags, np.left_shift(np.int64(1), pop.local), np.int64(0))
        hit = r.memo[key] = _segment_sum(bits, pop)
    return hit


def _segment_sum(x, pop):
    """Per household, the sum of its members' values (exact for int64)."""
    out = np.zeros(pop.n_households, dtype=x.dtype)
    if pop.n_persons == 0:
        return out
    some = pop.size > 0
    out[some] = np.add.reduceat(x, pop.start[some])
    return out


def _unsure_members(r: Run, masks, h, u, key):
    """Rows with an unsure member in their set (no pass when no person is unsure)."""
    if not np.any(u):
        return np.False_
    return (masks & household_bits(r, u, key + ("onzeker",))[h]) != 0


def _households(r: Run, f: Frame):
    return reused(r, lambda person, hh: hh[person], f.person, r.pop.household)


def filtered(r: Run, f: Frame, masks, su, cond, key):
    """``(p in S waarvoor c)`` with ``c`` on ``p`` alone: S's members for which c holds."""
    c, cu = per_person(r, cond, key)
    h = _households(r, f)
    yes = household_bits(r, np.asarray(c, dtype=bool), key + ("ja",))[h]
    return masks & yes, su | _unsure_members(r, masks, h, cu, key)


def quantified(r: Run, f: Frame, masks, su, kind: str, body, key):
    """``enige``/``alle`` over S with a body on the bound person alone."""
    v, u = per_person(r, body, key)
    h = _households(r, f)
    yes = household_bits(r, np.asarray(v, dtype=bool), key + ("ja",))[h]
    unsure = su | _unsure_members(r, masks, h, u, key)
    if kind == "enige":
        return (masks & yes) != 0, unsure
    return (masks & ~yes) == 0, unsure


def _others(person, hh, all_mask, local):
    """Per row, the bitmask of everyone else in the row's household."""
    return all_mask[hh[person]] & ~np.left_shift(np.int64(1), local[person])


def summed(r: Run, f: Frame, masks, su, body, key):
    """``som`` over S with a body on the bound person alone. Rows whose set is everyone
    else in the household take the household total less their own value; other rows sum
    their members through the expansion."""
    pop = r.pop
    v, u = per_person(r, body, key)
    v = np.asarray(v, dtype=np.float64)
    totals = r.memo.get(key + ("som",))
    if totals is None:  # per household: sum, and whether the sum of magnitudes is too large
        totals = r.memo[key + ("som",)] = (
            np.bincount(pop.household, v, pop.n_households),
            ops.inexact(np.bincount(pop.household, np.abs(v), pop.n_households)))
    h = _households(r, f)
    masks = np.broadcast_to(masks, (f.n,))
    others = reused(r, _others, f.person, pop.household, pop.all_mask, pop.local)
    unsure = su | _unsure_members(r, masks, h, u, key)
    if np.any(totals[1]):  # cancellation beyond float64's whole cents: exactly
        unsure = unsure | (totals[1][h] & (masks != 0))
    same = reused(r, np.equal, masks, others)
    if same.all():
        return totals[0][h] - v[f.person], unsure
    out = np.where(same, totals[0][h] - v[f.person], 0.0)
    rest = np.flatnonzero(~same & (masks != 0))
    if rest.size:
        try:
            parent, member = pairs(r, Frame(f.person[rest], {}), masks[rest])
        except TooManyRows:  # the exact evaluator decides, within its work budget
            unsure = np.array(np.broadcast_to(unsure, (f.n,)), dtype=bool)
            unsure[rest] = True
            return out, unsure
        out[rest] = np.bincount(parent, v[member], rest.size)
    return out, unsure | ops.inexact(out)


def subject_only(e, var: str, program: Program) -> bool:
    """Whether ``e`` reads no bound variable: it is the row's own value (``ik``'s)."""
    if isinstance(e, m.Subject):
        return True
    if not isinstance(e, PLAIN):
        return False
    if isinstance(e, m.Ref):
        res = program.resolutions.get(id(e))
        return res is not None and res.kind in ("symbol", "enumvalue")
    if isinstance(e, m.Call):
        res = program.resolutions.get(id(e))
        return (res is not None and res.kind not in ("relation", "relfact")
                and all(subject_only(a, var, program) for a in e.args))
    children = {m.Binary: lambda x: (x.left, x.right), m.Unary: lambda x: (x.operand,),
                m.If: lambda x: (x.cond, x.then, x.otherwise), m.Round: lambda x: (x.operand,),
                m.Literal: lambda x: (), m.EvalDate: lambda x: ()}[type(e)](e)
    return all(subject_only(c, var, program) for c in children)


def equality_sides(cond, var: str, program: Program):
    """For ``p.x = y`` (or ``y = p.x``) with ``y`` not reading ``p``: (member side, row
    side); otherwise None."""
    if not (isinstance(cond, m.Binary) and cond.op == "="):
        return None
    for a, b in ((cond.left, cond.right), (cond.right, cond.left)):
        if member_only(a, var, program) and subject_only(b, var, program):
            return a, b
    return None


def matched(r: Run, f: Frame, masks, su, member_side, row_side, key):
    """``(p in S waarvoor p.x = y)`` for whole-number values (addresses, dates, counts,
    ja/nee): per household, the bitmask of the members with each value, looked up for the
    row's own y. None when the values are not whole numbers (the expansion decides)."""
    pop = r.pop
    a, au = per_person(r, member_side, key)
    b, bu = row_side(r, f)
    a, b = np.asarray(a), np.broadcast_to(np.asarray(b), (f.n,))
    if a.dtype.kind not in "iub" or b.dtype.kind not in "iub":
        return None
    groups = r.memo.get(key + ("groepen",))
    if groups is None:
        a64 = a.astype(np.int64)
        lo = int(a64.min()) if a64.size else 0
        span = (int(a64.max()) - lo + 1) if a64.size else 1
        if span * max(pop.n_households, 1) >= 2**62:
            return None
        combined = pop.household * span + (a64 - lo)
        order = np.argsort(combined, kind="stable")
        ck = combined[order]
        first = np.flatnonzero(np.r_[True, ck[1:] != ck[:-1]]) if ck.size else ck
        bits = np.left_shift(np.int64(1), pop.local[order])
        groups = r.memo[key + ("groepen",)] = (
            ck[first], np.add.reduceat(bits, first) if ck.size else bits, lo, span)
    keys, group_bits, lo, span = groups
    bb = b.astype(np.int64) - lo
    h = _households(r, f)
    inside = (bb >= 0) & (bb < span)
    wanted = h * span + np.where(inside, bb, 0)
    at = np.minimum(np.searchsorted(keys, wanted), max(keys.size - 1, 0))
    hit = inside & (keys.size > 0) & (keys[at] == wanted) if keys.size else np.zeros(f.n, bool)
    out = masks & np.where(hit, group_bits[at] if keys.size else 0, 0)
    unsure = su | _unsure_members(r, masks, h, au, key)
    if np.any(bu):
        unsure = unsure | (np.asarray(bu) & (masks != 0))
    return out, unsure
