"""Sets of persons (bitmasks over the household) into expanded frames: one row per member.

``(p in S waarvoor …)`` and the aggregates evaluate their body in a child :class:`Frame`
with one row per (row, member of the row's set) and reduce back to the parent rows.
"""

from __future__ import annotations

import numpy as np

from rulescore.batch import ops
from rulescore.batch.state import FALSE, Frame, Run, reused
from rulescore.limits import MAX_EXPANSION


def expand(r: Run, f: Frame, masks, var: str) -> Frame:
    """One child row per (row, member of the row's set); rows with an empty set make none."""
    parent, member = pairs(r, f, masks)
    child_vars = {k: np.asarray(v)[parent] for k, v in f.vars.items()}
    child_vars[var] = member
    return Frame(f.person[parent], child_vars, parent)


#: For every byte value, the positions of its set bits: flat, with a start index per value.
_BITS_FLAT = np.array([b for v in range(256) for b in range(8) if v >> b & 1], dtype=np.int64)
_BITS_COUNT = np.array([bin(v).count("1") for v in range(256)], dtype=np.int64)
_BITS_START = np.cumsum(_BITS_COUNT) - _BITS_COUNT


def pairs(r: Run, f: Frame, masks):
    """(row, member) index pairs for every set bit; reused for the same rows and sets."""
    return reused(r, _compute_pairs, f.person, masks, r.pop)


class TooManyRows(Exception):
    """A set expansion beyond :data:`~rulescore.limits.MAX_EXPANSION` rows (not built)."""


def _compute_pairs(person, masks, pop):
    masks = np.broadcast_to(masks, person.shape)
    rows = np.flatnonzero(masks)
    m = masks[rows]
    first = pop.start[pop.household[person[rows]]]
    small = np.flatnonzero(m < 256)
    # households of up to 8 persons: a ragged gather from the bit-position table
    ms = m[small]
    counts = _BITS_COUNT[ms]
    if len(rows) * 8 > MAX_EXPANSION and (  # counted before anything is built
            counts.sum() + ops.popcount(m[m >= 256]).sum() > MAX_EXPANSION):
        raise TooManyRows()
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    within = np.arange(offsets.size) - offsets
    positions = _BITS_FLAT[np.repeat(_BITS_START[ms], counts) + within]
    parents = [np.repeat(rows[small], counts)]
    members = [np.repeat(first[small], counts) + positions]
    # larger households: one pass per bit
    big = np.flatnonzero(m >= 256)
    for bit in range(64 if big.size else 0):
        hit = big[np.flatnonzero(np.right_shift(m[big], bit) & 1)]
        if hit.size:
            parents.append(rows[hit])
            members.append(first[hit] + bit)
    return np.concatenate(parents), np.concatenate(members)


def any_by_parent(flags, child: Frame, n: int):
    flags = np.asarray(flags)
    if not flags.any():  # the common case: nothing unsure, no pass over the parents
        return FALSE
    flags = np.broadcast_to(flags, (child.n,))
    return np.bincount(child.parent[flags], minlength=n) > 0
