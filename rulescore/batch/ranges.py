"""A Program, many households over time and a range of months into exact outcomes per
period, in columns (the batch evaluator over a range, issue #14 §3).

The design mirrors :func:`rulescore.reference.ranges.evaluate_range`: every output is
reported in the periods of its tijdvak (per month without one), for the persons who exist
on the first day of a month of the period; each period is evaluated on its own first day, on the
households as they are that day, in a batch run of its own
(:mod:`rulescore.batch.range_runs`), and period expressions read the runs of the periods
they name (:mod:`rulescore.batch.period_compiler`). A household goes to the exact
reference evaluator (``evaluate_range``) when an outcome is unsure in any period, or when
its persons change within the years of the range (a birth, a death: the rows of the runs
could not be aligned); ``reasons`` says which. So batch and reference agree to the cent.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from rulescore.batch.population import cents, date_to_days
from rulescore.batch.range_runs import RangeRuns, Unaligned, persons_on, span, unaligned
from rulescore.batch.run import _COLUMN_TYPES, _beyond_cents, _run_workers, _shared_column, outcome
from rulescore.errors import RulesError
from rulescore.exact import is_number
from rulescore.limits import MAX_OUTCOME_CENTS
from rulescore.periods import Period
from rulescore.program import Program
from rulescore.reference.ranges import evaluate_range, range_months, wanted_periods
from rulescore.situation import Situation

#: Households per block of runs in one process: a block keeps a run per (period, day) the
#: evaluation touches (some 16 for a year), so blocks are smaller than a snapshot's.
BLOCK = 5_000

#: Why a household was evaluated exactly because an outcome was unsure.
UNSURE = "een uitkomst is in de batch onzeker"


@attrs.frozen
class BatchRangeResult:
    """Every outcome for every person in every period of a range of months, in columns."""

    first: Period
    last: Period
    #: (household index, person id) of every row: the persons who exist on the first day
    #: of some month of a reported period, household by household
    person_ids: list
    #: household index of every row
    household: np.ndarray
    #: (qualname, period) → column over the rows: whole cents for numbers (as
    #: :class:`rulescore.batch.run.BatchResult`), truth values, days since 1970 for dates;
    #: in the order of the outputs, each in the order of its periods
    values: dict
    #: period → whether each row's person exists on the first day of a month of the
    #: period (a row that does not has no value in that period; as ``evaluate_periods``)
    present: dict
    #: households recomputed with the exact evaluator, and why (household → reason)
    fallback: np.ndarray
    reasons: dict
    #: household index → RulesError for households that could not be evaluated
    errors: dict

    def cells(self):
        """(household, person, qualname, period, value) of every reported value, in row
        order and, per row, in the order of ``values`` (by outcome, then period)."""
        for i, (h, pid) in enumerate(self.person_ids):
            if h in self.errors:
                continue
            for (q, period), column in self.values.items():
                if self.present[period][i]:
                    yield h, pid, q, period, column[i]


@attrs.define
class _Job:
    """What every block (and forked worker) of one evaluation reads and writes."""

    program: Program
    situations: list
    first: Period
    last: Period
    wanted: dict
    names: tuple
    #: first row of every household, and its persons in row order
    start: np.ndarray
    rows: list
    values: dict
    reasons: dict
    compiled: dict = attrs.field(factory=dict)


def evaluate_batch_range(program: Program, situations: list[Situation], first: Period,
                         last: Period, outputs=None, workers: int = 1) -> BatchRangeResult:
    """Every output (or the given ones) for every person of every household in each
    period of the months ``first`` to ``last`` (both included); with ``workers > 1`` the
    households are split over forked processes."""
    months = range_months(first, last)
    names = tuple(outputs if outputs is not None else program.outputs)
    wanted = wanted_periods(program, months, names)
    starts = {p: [month.start for month in p.months()] for p in wanted}
    rows, life = _rows(situations, [date_to_days(d) for ds in starts.values() for d in ds])
    sizes = np.array([len(r) for r in rows], dtype=np.int64)
    start = np.cumsum(sizes) - sizes
    n = int(sizes.sum())
    person_ids = [(h, pid) for h, ids in enumerate(rows) for pid in ids]
    household = np.repeat(np.arange(len(situations), dtype=np.int64), sizes)
    present = {p: np.logical_or.reduce([(life[0] <= d) & (d <= life[1]) for d in
                                        map(date_to_days, starts[p])]) for p in wanted}
    kinds = {q: program.symbols[q].type.kind for q in names}
    shared = workers > 1 and len(situations) >= 2 * workers
    values = {(q, p): (_shared_column(n, _COLUMN_TYPES[kinds[q]]) if shared and
                       kinds[q] in _COLUMN_TYPES else
                       np.zeros(n, dtype=_COLUMN_TYPES.get(kinds[q], object)))
              for q in names for p, qs in wanted.items() if q in qs}  # by outcome, then period
    job = _Job(program, situations, first, last, wanted, names, start, rows, values,
               unaligned(situations, *span(first, last)))
    if shared:
        edges = np.linspace(0, len(situations), workers + 1).astype(int)
        bounds = [(int(a), int(b)) for a, b in zip(edges, edges[1:])]
        global _JOB
        _JOB = job
        try:
            parts = _run_workers(bounds, _work)
        finally:
            _JOB = None
    else:
        parts = [_households(job, 0, len(situations))]
    reasons, errors = {}, {}
    for part_reasons, part_errors, objects in parts:
        reasons.update(part_reasons)
        errors.update(part_errors)
        for key, (index, column) in objects.items():
            values[key][index] = column
    return BatchRangeResult(first, last, person_ids, household, values, present,
                            np.array(sorted(reasons), dtype=np.int64), dict(sorted(reasons.items())),
                            errors)


def _rows(situations: list, days: list) -> tuple[list, np.ndarray]:
    """Every household's persons who exist on one of ``days`` (days since 1970), and
    (birth, death) of every such person as days (a person exists from his birth up to
    and including the day of his death, as ``Timeline.alive``)."""
    never, ever = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    lo, hi = min(days), max(days)
    wanted = np.unique(np.array(days, dtype=np.int64))
    rows, life = [], []
    for sit in situations:
        tl, ids = sit.timeline, []
        for pid in sit.person_ids:
            birth, death = tl.lifetimes.get(pid, (None, None)) if tl is not None else (None, None)
            b = never if birth is None else date_to_days(birth)
            d = ever if death is None else date_to_days(death)
            if (b > lo or d < hi) and not ((wanted >= b) & (wanted <= d)).any():
                continue  # alive on none of the days
            ids.append(pid)
            life.append((b, d))
        rows.append(ids)
    return rows, np.array(life, dtype=np.int64).reshape(-1, 2).T


_JOB: _Job | None = None  # what forked workers read


def _work(bounds: tuple[int, int]):
    """One worker's households: fixed-size outcomes go into the shared columns; the rest,
    the reasons and the errors come back."""
    reasons, errors, _ = _households(_JOB, *bounds)
    lo, hi = bounds
    a, b = int(_JOB.start[lo]), int(_JOB.start[hi - 1]) + len(_JOB.rows[hi - 1])
    objects = {key: (slice(a, b), column[a:b]) for key, column in _JOB.values.items()
               if column.dtype == object}
    return reasons, errors, objects


def _households(job: _Job, lo: int, hi: int):
    """Households ``lo`` up to ``hi``: blocks through the batch, then the exact evaluator
    for those it left; (reasons, errors, {}) with the values written into ``job.values``."""
    reasons = {h: r for h, r in job.reasons.items() if lo <= h < hi}
    redo: dict = {}
    todo = [h for h in range(lo, hi) if h not in reasons and job.rows[h]]
    for a in range(0, len(todo), BLOCK):
        _block(job, todo[a:a + BLOCK], redo, reasons)
    for h in redo:
        reasons.setdefault(h, UNSURE)
    errors: dict = {}
    for h in sorted(reasons):
        names = job.names if reasons[h] != UNSURE else tuple(q for q in job.names if q in redo[h])
        error = _exact(job, h, names)
        if error is not None:
            errors[h] = error
    return reasons, errors, {}


def _block(job: _Job, hs: list, redo: dict, reasons: dict) -> None:
    """One block of households through the batch; unsure outputs into ``redo``."""
    base = span(job.first, job.last)[0]
    while hs:
        sits = [job.situations[h] for h in hs]
        runs = RangeRuns(job.program, sits, [persons_on(s, base) for s in sits], job.compiled)
        index = np.concatenate([np.arange(job.start[h], job.start[h] + len(job.rows[h]))
                                for h in hs])
        try:
            found = _evaluate(job, runs, index)
        except Unaligned as exc:
            for i, reason in exc.reasons.items():
                reasons[hs[i]] = reason
            hs = [h for i, h in enumerate(hs) if i not in exc.reasons]
            continue
        for local, qs in found.items():
            redo.setdefault(hs[local], set()).update(qs)
        return


def _evaluate(job: _Job, runs: RangeRuns, index: np.ndarray) -> dict:
    found: dict = {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for period, qs in job.wanted.items():
            run = runs.run(period, period.start)
            for q in qs:
                column, unsure = outcome(run, q)
                job.values[(q, period)][index] = column
                for h in np.unique(run.pop.household[unsure]).tolist():
                    found.setdefault(h, set()).add(q)
    return found


def _exact(job: _Job, h: int, names: tuple) -> RulesError | None:
    """One household's outcomes ``names`` by the reference evaluator, into the columns."""
    try:
        result = evaluate_range(job.program, job.situations[h], job.first, job.last,
                                outputs=names)
    except RulesError as exc:
        return exc
    row = {pid: int(job.start[h]) + i for i, pid in enumerate(job.rows[h])}
    for (q, pid, period), v in result.values.items():
        if is_number(v) and abs(v) * 100 > MAX_OUTCOME_CENTS:
            return _beyond_cents(q, pid, v, job.program)
        job.values[(q, period)][row[pid]] = (
            cents(v) if is_number(v) else date_to_days(v) if isinstance(v, dt.date) else v)
    return None
