"""Households over time into aligned batch runs, one per (period, peildatum) an evaluation touches.

Every run of one evaluation over a range has the same person rows, so that a column of
one run can be read in another (``x in het jaar`` read in a month, ``som van x over de
maanden``): a run is the population of its day (each household's snapshot,
``Situation.at(day)``), with its own memo and denominators, and the compiled definitions
are shared by all runs. A household whose persons change within the years the range
lies in (a birth, a death) cannot be aligned: :func:`unaligned` names it beforehand, and
the exact evaluator takes it. Should a run on a day outside those years still find a
household whose persons differ, :class:`Unaligned` names it, and the caller evaluates
its block again without it.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from rulescore.batch.compiler import compile_definition
from rulescore.batch.population import Population, date_to_days, spliced
from rulescore.batch.state import Run
from rulescore.periods import Period
from rulescore.program import Program
from rulescore.situation import Situation

_DAY = dt.timedelta(days=1)


class Unaligned(Exception):
    """Households (index in the block → reason) whose persons differ on a day of a run."""

    def __init__(self, reasons: dict):
        super().__init__(f"{len(reasons)} households change persons")
        self.reasons = reasons


def exists(situation: Situation, pid: str, day: dt.date) -> bool:
    """Whether a person is in the household on ``day`` (as ``Situation.at`` decides)."""
    tl = situation.timeline
    return tl is None or tl.alive(pid, day)


def persons_on(situation: Situation, day: dt.date) -> tuple[str, ...]:
    """The person ids of the snapshot of ``day``, in its order."""
    if situation.timeline is None:
        return situation.person_ids
    return tuple(pid for pid in situation.person_ids if exists(situation, pid, day))


def span(first: Period, last: Period) -> tuple[dt.date, dt.date]:
    """The days within which every household of a batch evaluation must keep its persons:
    the calendar years of the range (its outcomes per year read every month of them)."""
    return first.within("jaar").start, last.within("jaar").end - _DAY


def unaligned(situations: list[Situation], start: dt.date, end: dt.date) -> dict[int, str]:
    """Household index → why its persons change between ``start`` and ``end``."""
    out: dict = {}
    for h, sit in enumerate(situations):
        tl = sit.timeline
        if tl is None:
            continue
        for pid in sit.person_ids:
            birth, death = tl.lifetimes.get(pid, (None, None))
            if birth is not None and start < birth <= end:
                out[h] = f"de personen wisselen: {pid} is geboren op {birth.isoformat()}"
            elif death is not None and start <= death < end:
                out[h] = f"de personen wisselen: {pid} is overleden op {death.isoformat()}"
            else:
                continue
            break
    return out


@attrs.define
class RangeRuns:
    """The runs of one block of households over a range, made on demand."""

    program: Program
    situations: list
    #: every household's person ids on the days of its runs
    persons: list
    #: qualname → compiled definition, shared by every run (and block)
    compiled: dict
    populations: dict = attrs.field(factory=dict)
    runs: dict = attrs.field(factory=dict)
    #: (household, address) → its number in every population (see Population.from_situations)
    codes: dict = attrs.field(factory=dict)
    rows: np.ndarray | None = None
    #: (population, every household's stretch between change days on its day) of each
    #: population built
    built: list = attrs.field(factory=list)

    def run(self, period: Period | None, day: dt.date) -> Run:
        """The run of ``period`` with peildatum ``day`` (a day in it); with ``period`` None
        the snapshot of ``day`` (``x in een jaar als deze maand``)."""
        key = (period, day)
        r = self.runs.get(key)
        if r is None:
            pop = self.population(day)
            if self.rows is None:
                self.rows = np.arange(pop.n_persons)
            r = self.runs[key] = Run(self.program, pop, day, date_to_days(day),
                                     compile_definition, compiled=self.compiled,
                                     rows=self.rows, period=period, runs=self)
        return r

    def population(self, day: dt.date) -> Population:
        """The households as they are on ``day``. The first population is built from the
        snapshots; a later day's starts from the population already built that shares the
        most households' snapshots (the same stretch between their change days,
        ``Timeline.segment``) and builds only the others
        (:func:`rulescore.batch.population.spliced`)."""
        pop = self.populations.get(day)
        if pop is not None:
            return pop
        segments = [s.timeline.segment(day) if s.timeline is not None else 0
                    for s in self.situations]
        best = None
        for base, known in self.built:
            changed = [h for h, (a, b) in enumerate(zip(segments, known)) if a != b]
            if best is None or len(changed) < len(best[1]):
                best = (base, changed)
            if not changed:
                break
        if best is None:
            pop = self._built(range(len(self.situations)), day)
        elif best[1]:
            pop = spliced(best[0], best[1], self._built(best[1], day))
        else:
            pop = best[0]
        if best is None or best[1]:
            self.built.append((pop, segments))
        self.populations[day] = pop
        return pop

    def _built(self, households, day: dt.date) -> Population:
        """The population of ``households`` (indices in the block) on ``day``; Unaligned
        for those whose persons are not those of the block's rows."""
        snaps = [self.situations[h].at(day) for h in households]
        wrong = {h: f"de personen wisselen op {day.isoformat()}"
                 for h, snap in zip(households, snaps) if snap.person_ids != self.persons[h]}
        if wrong:
            raise Unaligned(wrong)
        return Population.from_situations(snaps, self.program, codes=self.codes,
                                          numbers=list(households))
