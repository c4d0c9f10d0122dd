"""A situation's dated facts, relation periods and lifetimes into the snapshot of one day.

Knows no law and no JSON (:mod:`rulescore.dated_json` reads the dated forms). A dated
value is a tuple of :class:`Piece` s, sorted, disjoint and without gaps, adjacent pieces
with equal values merged; outside every piece the input is *not given* that day (a default
applies if the rules declare one, otherwise it is missing when needed). A person exists on
the days ``geboortedatum ≤ day ≤ overlijdensdatum``; a relation is active on ``[start,
end)`` while both its persons exist. Between two change days every snapshot is the same,
so snapshots are built once per stretch between change days.

A second axis: a piece may carry ``known``, the day from which its value was known (the
situation's ``besluit``; None: known from the start). The value on a day *as known on* a
day K is that of the latest-known piece covering the day among those known on K; without
K (every decision taken) it is the latest-known piece of all. A situation without any
``besluit`` has one layer, so both views are the same.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any, NamedTuple

import attrs

from rulescore.periods import Period

#: "not given on that day" (distinct from every value, None included)
ABSENT = object()
_DAY = dt.timedelta(days=1)


@attrs.frozen
class Piece:
    """One value valid on ``[start, end)``; ``None`` is an open end (always, onwards)."""

    start: dt.date | None
    end: dt.date | None
    value: Any
    #: the JSON path the piece was written at (for diagnostics)
    where: str = attrs.field(default="", eq=False, repr=False)
    #: the day from which the value was known (``besluit``); None: from the start
    known: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def value_on(pieces: tuple[Piece, ...], day: dt.date, known: dt.date | None = None):
    """The value of a dated input on ``day`` as known on ``known`` (None: with every
    decision taken), or :data:`ABSENT` where no piece known then covers the day."""
    best = None
    for piece in pieces:
        if piece.covers(day) and (known is None or piece.known is None or piece.known <= known):
            if best is None or (piece.known is not None
                                and (best.known is None or piece.known > best.known)):
                best = piece
    return ABSENT if best is None else best.value


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Whether two half-open periods (``None`` an open end) share a day."""
    return ((a_end is None or b_start is None or b_start < a_end)
            and (b_end is None or a_start is None or a_start < b_end))


class DatedRelation(NamedTuple):
    """One entry of ``relaties`` with its period and its (possibly dated) facts (a tuple:
    every relation of every situation is one, so it is cheap to make)."""

    kind: str
    a: str
    b: str
    start: dt.date | None
    end: dt.date | None
    symmetric: bool
    #: fact → value valid throughout the relation
    facts: dict
    #: fact → pieces
    dated: dict


@attrs.frozen
class Timeline:
    """Everything of a situation that depends on the day; the rest stays on the Situation.

    A Timeline belongs to one Situation: it keeps that situation's snapshots."""

    #: the declared range (both months, ``tot`` inclusive), or None
    van: Period | None
    tot: Period | None
    #: person id → {input → pieces}; only the dated inputs
    persons: dict
    #: dwelling id → {input → pieces}
    dwellings: dict
    #: every relation (dated or not) in the order of ``relaties``
    relations: tuple[DatedRelation, ...]
    #: person id → (geboortedatum, overlijdensdatum), either None when not stated
    lifetimes: dict
    #: every day on which a snapshot may differ from the day before, sorted
    bounds: tuple[dt.date, ...] = attrs.field(init=False, eq=False, repr=False)
    #: stretch between change days → its snapshot (the memo of ``Situation.at``); a view
    #: as known on a day is keyed (stretch, decisions known)
    snapshots: dict = attrs.field(init=False, eq=False, repr=False, factory=dict)
    #: every ``besluit`` day of a piece, sorted (empty: one layer, nothing known later)
    decisions: tuple[dt.date, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self):
        days: set = set()
        known: set = set()
        for owners in (self.persons, self.dwellings):
            for facts in owners.values():
                for pieces in facts.values():
                    _piece_days(pieces, days)
        for rel in self.relations:
            days.update(d for d in (rel.start, rel.end) if d is not None)
            for pieces in rel.dated.values():
                _piece_days(pieces, days)
        for birth, death in self.lifetimes.values():
            if birth is not None:
                days.add(birth)
            if death is not None and death < dt.date.max:
                days.add(death + _DAY)
        object.__setattr__(self, "bounds", tuple(sorted(days)))
        for owners in (self.persons, self.dwellings):
            for facts in owners.values():
                for pieces in facts.values():
                    known.update(p.known for p in pieces if p.known is not None)
        for rel in self.relations:
            for pieces in rel.dated.values():
                known.update(p.known for p in pieces if p.known is not None)
        object.__setattr__(self, "decisions", tuple(sorted(known)))

    def decisions_known(self, known: dt.date) -> int:
        """How many of the ``besluit`` days lie on or before ``known``."""
        return bisect.bisect_right(self.decisions, known)

    def segment(self, day: dt.date) -> int:
        """The index of the stretch between change days that ``day`` falls in."""
        return bisect.bisect_right(self.bounds, day)

    def change_days(self, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        lo = bisect.bisect_left(self.bounds, first)
        hi = bisect.bisect_right(self.bounds, last)
        return self.bounds[lo:hi]

    def alive(self, pid: str, day: dt.date) -> bool:
        birth, death = self.lifetimes.get(pid, (None, None))
        return (birth is None or birth <= day) and (death is None or day <= death)

    def snapshot(self, base, day: dt.date, known: dt.date | None = None):
        """The plain situation of ``day``: ``base`` (a Situation holding the undated facts)
        with every dated value resolved (as known on ``known``; None: every decision
        taken), relations active that day, persons alive. The snapshot keeps ``base`` and
        ``day`` as its ``origin`` (a fact read as known on another day starts there)."""
        persons = {}
        for pid, facts in base.persons.items():
            if not self.alive(pid, day):
                continue
            dated = self.persons.get(pid)
            persons[pid] = _resolved(facts, dated, day, known) if dated else facts
        dwellings = {wid: _resolved(facts, self.dwellings[wid], day, known)
                     if wid in self.dwellings else facts
                     for wid, facts in base.dwellings.items()}
        relations = {}
        for rel in self.relations:
            if not ((rel.start is None or rel.start <= day) and (rel.end is None or day < rel.end)
                    and rel.a in persons and rel.b in persons):
                continue
            facts = _resolved(rel.facts, rel.dated, day, known) if rel.dated else rel.facts
            relations[(rel.kind, rel.a, rel.b)] = facts
            if rel.symmetric:
                relations[(rel.kind, rel.b, rel.a)] = facts
        return type(base)(base.peildatum, persons, dwellings, relations, origin=(base, day))


    def known_snapshot(self, base, day: dt.date, known: dt.date):
        """:meth:`snapshot` as known on ``known``, kept per (stretch, decisions known);
        ``base.at(day)`` when no decision lies after ``known``."""
        k = self.decisions_known(known)
        if k == len(self.decisions):
            return base.at(day)
        key = (self.segment(day), k)
        snap = self.snapshots.get(key)
        if snap is None:
            snap = self.snapshots[key] = self.snapshot(base, day, known)
        return snap


def _piece_days(pieces, days: set) -> None:
    for piece in pieces:
        if piece.start is not None:
            days.add(piece.start)
        if piece.end is not None:
            days.add(piece.end)


def _resolved(facts: dict, dated: dict, day: dt.date, known: dt.date | None = None) -> dict:
    out = dict(facts)
    for name, pieces in dated.items():
        value = value_on(pieces, day, known)
        if value is not ABSENT:
            out[name] = value
    return out
