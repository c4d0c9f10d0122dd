"""Many households into flat columns (one row per person) for the batch evaluator.

A household is one situation. Persons are stored household by household, so the members
of a household are a contiguous slice; sets of persons become bitmasks over that slice
(at most 63 persons per household). Dates are days since 1970-01-01; amounts are float64.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np

from rulescore.batch.ops import MAX_DENOMINATOR
from rulescore.reference.context import round_value
from rulescore.limits import MAX_PERSONS
from rulescore.program import Program
from rulescore.situation import Situation

MAX_HOUSEHOLD = MAX_PERSONS  # 63: the masks are int64 (the loader refuses more, RS344)
EPOCH = dt.date(1970, 1, 1)


def date_to_days(d: dt.date) -> int:
    return (d - EPOCH).days


def days_to_date(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(n))


@attrs.define
class Column:
    """One input over all persons: values and whether each was given."""

    values: np.ndarray
    present: np.ndarray
    #: For numbers built from situations: a common denominator of the exact values (the
    #: floats only approximate them), 0 when they have none below 10**8. ``None``: the
    #: floats stand for their shortest decimals, as for generated columns.
    denominator: int | None = None


@attrs.define
class RelationTable:
    """All pairs (a, b) of one relation kind, as sorted keys ``a * P + b``, with facts."""

    keys: np.ndarray
    #: fact name → Column aligned with ``keys``
    facts: dict[str, Column]


@attrs.define
class Population:
    """Households as columns. Build with :meth:`from_situations` or :meth:`from_columns`."""

    #: household index of every person (non-decreasing)
    household: np.ndarray
    #: input name → Column, one row per person. A dwelling's input (``van woning``) is
    #: given per person too: the value of the dwelling at the person's woonadres.
    inputs: dict[str, Column]
    #: relation kind → RelationTable
    relations: dict[str, RelationTable]
    #: the person ids, for reporting (optional for generated populations)
    person_ids: list | None = None
    #: the original situations, when built from them
    situations: list | None = None
    #: per household: whether a fact of it has a piece with a ``besluit`` (a read as
    #: known on a day is then left to the exact evaluator); None: none has
    known_later: np.ndarray | None = None
    # derived layout (set in __attrs_post_init__)
    n_persons: int = attrs.field(init=False)
    n_households: int = attrs.field(init=False)
    #: first person row and number of persons of every household
    start: np.ndarray = attrs.field(init=False)
    size: np.ndarray = attrs.field(init=False)
    #: position of every person within its household
    local: np.ndarray = attrs.field(init=False)
    #: bitmask of all members, per household
    all_mask: np.ndarray = attrs.field(init=False)

    # ------------------------------------------------------------ derived layout
    def __attrs_post_init__(self):
        hh = self.household
        self.n_persons = len(hh)
        self.n_households = int(hh[-1]) + 1 if len(hh) else 0
        self.start = np.searchsorted(hh, np.arange(self.n_households))
        self.size = np.diff(np.append(self.start, self.n_persons))
        if len(self.size) and self.size.max() > MAX_HOUSEHOLD:
            raise ValueError(f"a household has more than {MAX_HOUSEHOLD} persons")
        self.local = np.arange(self.n_persons) - self.start[hh]
        self.all_mask = (np.left_shift(np.int64(1), self.size.astype(np.int64)) - 1)

    def slice(self, first: int, last: int) -> "Population":
        """Households ``first`` up to (not including) ``last``, renumbered from 0."""
        lo = int(self.start[first]) if first < self.n_households else self.n_persons
        hi = int(self.start[last]) if last < self.n_households else self.n_persons
        n = hi - lo
        inputs = {k: Column(c.values[lo:hi], c.present[lo:hi], c.denominator)
                  for k, c in self.inputs.items()}
        relations = {}
        for kind, table in self.relations.items():
            a, b = np.divmod(table.keys, self.n_persons)
            keep = (a >= lo) & (a < hi)
            keys = (a[keep] - lo) * n + (b[keep] - lo)
            order = np.argsort(keys)
            facts = {f: Column(c.values[keep][order], c.present[keep][order], c.denominator)
                     for f, c in table.facts.items()}
            relations[kind] = RelationTable(keys[order], facts)
        return Population(self.household[lo:hi] - first, inputs, relations,
                          self.person_ids[lo:hi] if self.person_ids is not None else None,
                          self.situations[first:last] if self.situations is not None else None,
                          self.known_later[first:last] if self.known_later is not None else None)

    @classmethod
    def from_columns(cls, household, inputs, relations=None) -> "Population":
        return cls(np.asarray(household, dtype=np.int64), inputs, relations or {})

    @classmethod
    def from_situations(cls, situations: list[Situation], program: Program,
                        date: dt.date | None = None, codes: dict | None = None,
                        numbers: list | None = None) -> "Population":
        """Columns from validated situations (each one household); a dated situation as
        its snapshot on ``date`` (or on its peildatum). ``codes``: (household, address) →
        the number an address is stored as, shared by the populations of one evaluation
        over time so that an address means the same number on every day; ``numbers``:
        the household number of each situation in ``codes`` (default: its index)."""
        dated = [s.origin[0] if s.origin is not None else s for s in situations]
        known_later = np.array([s.timeline is not None and bool(s.timeline.decisions)
                                for s in dated], dtype=bool)
        situations = [s.at(date or s.peildatum) if s.is_dated and (date or s.peildatum)
                      else s for s in situations]
        household, pids, index = [], [], {}
        for h, sit in enumerate(situations):
            for pid in sit.person_ids:
                index[(h, pid)] = len(pids)
                household.append(h)
                pids.append((h, pid))
        n = len(pids)
        inputs = {}
        codes = {} if codes is None else codes
        # where each person's inputs are read: his own facts, or his dwelling's
        sources = {"persoon": [situations[h].persons[pid] for h, pid in pids],
                   "woning": [_dwelling_facts(situations[h], pid) for h, pid in pids]}
        for name, sym in program.inputs().items():
            if sym.decl.owner not in sources:
                continue
            kind = sym.type.kind
            facts = sources[sym.decl.owner]
            vals = np.zeros(n, dtype=column_dtype(kind))
            present = np.zeros(n, dtype=bool)
            for i, (h, _) in enumerate(pids):
                if name in facts[i]:
                    present[i] = True
                    value = facts[i][name]
                    vals[i] = (codes.setdefault((h if numbers is None else numbers[h], value),
                                                len(codes)) if kind == "adres"
                               else _encode(value, kind))
            inputs[name] = Column(vals, present, _denominator([f.get(name) for f in facts], kind))
        relations = {}
        for kind_name, sym in program.relations().items():
            rows = [(index[(h, a)], index[(h, b)], facts)
                    for h, sit in enumerate(situations)
                    for (k, a, b), facts in sit.relations.items() if k == kind_name]
            relations[kind_name] = _relation_table(rows, n, program, kind_name)
        return cls(np.asarray(household, dtype=np.int64), inputs, relations, pids, list(situations),
                   known_later)


def spliced(base: Population, households: list, part: Population) -> Population:
    """``base`` with the rows of ``households`` (indices, increasing) replaced by those
    of ``part``, their populations of another day with the same persons in the same order
    (:mod:`rulescore.batch.range_runs`): inputs and relations of the other households are
    base's; a number column's denominator covers both."""
    rows = np.concatenate([np.arange(base.start[h], base.start[h] + base.size[h])
                           for h in households])
    inputs = {}
    for name, c in base.inputs.items():
        new = part.inputs[name]
        values, present = c.values.copy(), c.present.copy()
        values[rows], present[rows] = new.values, new.present
        inputs[name] = Column(values, present, _joined(c.denominator, new.denominator))
    n, m = base.n_persons, part.n_persons
    relations = {}
    for kind, table in base.relations.items():
        new = part.relations[kind]
        a, b = np.divmod(new.keys, m)
        keep = ~np.isin(table.keys // n, rows)
        keys = np.concatenate([table.keys[keep], rows[a] * n + rows[b]])
        order = np.argsort(keys, kind="stable")
        facts = {f: Column(np.concatenate([c.values[keep], new.facts[f].values])[order],
                           np.concatenate([c.present[keep], new.facts[f].present])[order],
                           _joined(c.denominator, new.facts[f].denominator))
                 for f, c in table.facts.items()}
        relations[kind] = RelationTable(keys[order], facts)
    pids = base.person_ids
    return Population(base.household, inputs, relations, pids, None, base.known_later)


def _joined(a: int | None, b: int | None) -> int | None:
    """A common denominator of two columns' (0: none below the bound)."""
    if a is None or b is None:  # not numbers (both None: columns of the same input)
        return None
    if a == 0 or b == 0:
        return 0
    d = math.lcm(a, b)
    return 0 if d > MAX_DENOMINATOR else d


def _dwelling_facts(sit: Situation, pid: str) -> dict:
    """The facts of the dwelling at a person's woonadres (none without one)."""
    address = sit.persons[pid].get("woonadres")
    return sit.dwellings.get(address, {}) if address is not None else {}


def column_dtype(kind: str):
    """The numpy type of a column of this kind of value (object for enumerations)."""
    return {"getal": np.float64, "datum": np.int64, "ja/nee": bool, "adres": np.int64}.get(kind, object)


def _denominator(values, kind: str) -> int | None:
    """The least common denominator of exact numbers (0 when above the bound)."""
    if kind != "getal":
        return None
    d = 1
    for v in values:
        if v is None or isinstance(v, int):
            continue
        # Decimal's exact ratio is reduced, as Fraction(v) is, without building one
        q = (v.denominator if isinstance(v, Fraction) else v.as_integer_ratio()[1]
             if isinstance(v, Decimal) else Fraction(v).denominator)
        if q != 1:
            d = math.lcm(d, q)
            if d > MAX_DENOMINATOR:
                return 0
    return d


def _encode(value, kind: str):
    if kind == "getal":
        return float(value)
    if kind == "datum":
        return date_to_days(value)
    return value


def _relation_table(rows, n, program: Program, kind: str) -> RelationTable:
    rows = sorted(rows, key=lambda r: r[0] * n + r[1])
    keys = np.array([a * n + b for a, b, _ in rows], dtype=np.int64)
    facts = {}
    for name, sym in program.inputs().items():
        if sym.decl.relation != kind:
            continue
        vals = np.zeros(len(rows), dtype=column_dtype(sym.type.kind))
        present = np.zeros(len(rows), dtype=bool)
        for i, (_, _, f) in enumerate(rows):
            if name in f:
                present[i] = True
                vals[i] = _encode(f[name], sym.type.kind)
        facts[name] = Column(vals, present, _denominator([f.get(name) for _, _, f in rows],
                                                         sym.type.kind))
    return RelationTable(keys, facts)


def cents(x) -> int:
    """Exact half-up rounding of an exact number (int, Fraction, mpq) to whole cents."""
    return int(round_value(x, "centen", "half_up") * 100)
