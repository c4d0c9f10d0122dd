"""A situation's dated facts, relation periods and lifetimes into the snapshot of one day.

Knows no law and no JSON (:mod:`rulescore.dated_json` reads the dated forms). A dated
value is a tuple of :class:`Piece` s, sorted, disjoint and without gaps, adjacent pieces
with equal values merged; outside every piece the input is *not given* that day (a default
applies if the rules declare one, otherwise it is missing when needed). A person exists on
the days ``geboortedatum ≤ day ≤ overlijdensdatum``; a relation is active on ``[start,
end)`` while both its persons exist. Between two change days every snapshot is the same,
so snapshots are built once per stretch between change days.
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

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def value_on(pieces: tuple[Piece, ...], day: dt.date):
    """The value of a dated input on ``day``, or :data:`ABSENT` outside every piece."""
    for piece in pieces:
        if piece.covers(day):
            return piece.value
    return ABSENT


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
    #: stretch between change days → its snapshot (the memo of ``Situation.at``)
    snapshots: dict = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self):
        days: set = set()
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

    def snapshot(self, base, day: dt.date):
        """The plain situation of ``day``: ``base`` (a Situation holding the undated facts)
        with every dated value resolved, relations active that day, persons alive."""
        persons = {}
        for pid, facts in base.persons.items():
            if not self.alive(pid, day):
                continue
            dated = self.persons.get(pid)
            persons[pid] = _resolved(facts, dated, day) if dated else facts
        dwellings = {wid: _resolved(facts, self.dwellings[wid], day)
                     if wid in self.dwellings else facts
                     for wid, facts in base.dwellings.items()}
        relations = {}
        for rel in self.relations:
            if not ((rel.start is None or rel.start <= day) and (rel.end is None or day < rel.end)
                    and rel.a in persons and rel.b in persons):
                continue
            facts = _resolved(rel.facts, rel.dated, day) if rel.dated else rel.facts
            relations[(rel.kind, rel.a, rel.b)] = facts
            if rel.symmetric:
                relations[(rel.kind, rel.b, rel.a)] = facts
        return type(base)(base.peildatum, persons, dwellings, relations)


def _piece_days(pieces, days: set) -> None:
    for piece in pieces:
        if piece.start is not None:
            days.add(piece.start)
        if piece.end is not None:
            days.add(piece.end)


def _resolved(facts: dict, dated: dict, day: dt.date) -> dict:
    out = dict(facts)
    for name, pieces in dated.items():
        value = value_on(pieces, day)
        if value is not ABSENT:
            out[name] = value
    return out
