"""Relation and table calls of the checked model into numpy column lookups for the batch.

A relation between two persons of one household is a bit test on a per-person bitmask
(built once per run); a relation fact is found by binary search over the sorted pair
keys. A table picks the version on the run's date and matches each row's key patterns
(as :func:`rulescore.tables.matches` does for one value).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from rulescore import model as m
from rulescore.batch.population import date_to_days
from rulescore.batch.state import Run
from rulescore.tables import version_on


def relation(sym, evaluated):
    """``relatie(a, b)`` or a relation fact: (values, unsure) per row."""
    kind = sym.qualname if sym.kind == "relatie" else sym.decl.relation
    name = sym.qualname
    default = sym.decl.default if sym.kind == "invoer" else None

    def rel(r, f):
        (a, b), unsure = evaluated(r, f)
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        found = (np.right_shift(_relation_masks(r, kind)[a], r.pop.local[b]) & 1).astype(bool)
        if sym.kind == "relatie":
            return found, unsure
        table = r.pop.relations.get(kind)
        col = table.facts.get(name) if table is not None else None
        values = np.zeros(found.shape, dtype=col.values.dtype if col is not None else bool)
        present = np.zeros(found.shape, dtype=bool)
        if col is not None and found.any():
            a, b = np.broadcast_arrays(a, b)
            rows = np.flatnonzero(found)
            pos = np.searchsorted(table.keys, a[rows] * r.pop.n_persons + b[rows])
            values[rows], present[rows] = col.values[pos], col.present[pos]
        if default is not None:
            values = np.where(present, values, default.value)
            return values, unsure | ~found
        return values, unsure | ~present
    return rel


def _relation_masks(r: Run, kind: str) -> np.ndarray:
    """Per person, a bitmask over the household of the persons it has relation ``kind`` with.

    Both persons of a relation belong to one household, and every person a rule can name
    (``ik``, a member of a set) belongs to the row's household, so a bit test decides."""
    key = ("relatie", kind)
    masks = r.memo.get(key)
    if masks is None:
        masks = np.zeros(r.pop.n_persons, dtype=np.int64)
        table = r.pop.relations.get(kind)
        if table is not None and len(table.keys):
            a, b = np.divmod(table.keys, r.pop.n_persons)
            np.bitwise_or.at(masks, a, np.left_shift(np.int64(1), r.pop.local[b]))
        r.memo[key] = masks
    return masks


def relation_bits(r: Run, sym, transposed: bool = False):
    """Per person a, the bitmask of the persons b with ``relatie(a, b)`` (transposed: with
    ``relatie(b, a)``), and for a ja/nee relation fact the bits where it holds and where
    it is unsure, as :func:`relation` gives them pair by pair: (holds, unsure or None)."""
    key = ("relatiebits", sym.qualname, transposed)
    hit = r.memo.get(key)
    if hit is not None:
        return hit
    kind = sym.qualname if sym.kind == "relatie" else sym.decl.relation
    n = r.pop.n_persons
    table = r.pop.relations.get(kind)
    keys = table.keys if table is not None else np.zeros(0, dtype=np.int64)
    a, b = np.divmod(keys, max(n, 1))
    if transposed:
        a, b = b, a

    def bits(rows):
        out = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(out, a[rows], np.left_shift(np.int64(1), r.pop.local[b[rows]]))
        return out
    found = bits(slice(None))
    if sym.kind == "relatie":
        hit = found, None
    else:
        col = table.facts.get(sym.qualname) if table is not None else None
        present = col.present if col is not None else np.zeros(len(keys), dtype=bool)
        known = bits(present)  # found, with the fact given
        true = bits(present & col.values.astype(bool)) if col is not None else known
        default = sym.decl.default
        if default is None:
            hit = true, ~known
        else:
            hit = (true | ~known) if default.value else true, ~found
    r.memo[key] = hit
    return hit


def table(table: m.Table, evaluated):
    """A dated table looked up by its keys: (values, unsure) per row."""
    def lookup(r, f):
        keys, unsure = evaluated(r, f)
        version = version_on(table, r.date)
        n = f.n
        if version is None:
            return np.zeros(n), np.ones(n, dtype=bool)
        out, matched = np.zeros(n), np.zeros(n, dtype=bool)
        for row in version.rows:
            hit = ~matched
            for pattern, key in zip(row.keys, keys):
                hit &= _pattern_mask(pattern, np.broadcast_to(key, (n,)))
            out = np.where(hit, float(row.value.value), out)
            matched |= hit
        return out, unsure | ~matched
    return lookup


def _key_value(lit: m.Literal):
    if lit.kind == "datum":
        return date_to_days(lit.value)
    return float(lit.value) if isinstance(lit.value, Fraction) else lit.value


def _pattern_mask(pattern: m.KeyPattern, keys: np.ndarray) -> np.ndarray:
    """Which keys a table row's pattern matches (as :func:`rulescore.tables.matches`)."""
    if pattern.kind == "overig":
        return np.ones(keys.shape, dtype=bool)
    low = _key_value(pattern.low)
    if pattern.kind == "is":
        return np.asarray(keys == low, dtype=bool)
    if pattern.kind == "vanaf":
        return keys >= low
    return (keys >= low) & (keys < _key_value(pattern.high))
