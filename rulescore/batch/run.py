"""A checked Program and a Population into exact per-person outcomes, many households at once.

Every definition is computed as a numpy column over all persons (float64 for numbers).
Sets of persons are bitmasks over the household; ``(p in S waarvoor …)`` and the
aggregates expand each row into (row, member) rows and reduce back. Alongside every value
runs an *unsure* flag (see :mod:`rulescore.batch.ops`), also raised by missing inputs,
division by zero, absent versions or table rows. Flags travel only through the branches a
row actually takes, as in the reference evaluator. Households with an unsure outcome are
re-evaluated with the exact reference evaluator, so both paths agree to the cent.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np

from rulescore.batch import ops
from rulescore.batch import period_compiler  # noqa: F401  (registers period expressions)
from rulescore.batch import worlds  # noqa: F401  (registers waarbij: to the exact evaluator)
from rulescore.batch.compiler import compile_definition, settle
from rulescore.batch.population import Population, cents, date_to_days
from rulescore.batch.state import Frame, Run
from rulescore.domains import column_date_problems, not_after_inputs
from rulescore.errors import Diagnostic, RulesError
from rulescore.exact import is_number
from rulescore.limits import MAX_OUTCOME_CENTS
from rulescore.program import Program
from rulescore.reference.results import evaluate
from rulescore.situation import Situation
from rulescore.values import grouped


@attrs.frozen
class BatchResult:
    """Outcomes per person in whole cents (numbers) or as values (other types)."""

    values: dict
    #: households recomputed with the exact evaluator
    fallback: np.ndarray
    #: household index → RulesError for households that could not be evaluated
    errors: dict


def evaluate_batch(program: Program, pop: Population, date: dt.date, outputs=None,
                   workers: int = 1) -> BatchResult:
    """Evaluate every household; with ``workers > 1`` households are split over processes.

    Large populations are evaluated in blocks of :data:`BLOCK` households: the columns of
    one block stay small (memory) and warm in the processor's cache (speed)."""
    if workers > 1 and pop.n_households >= 2 * workers:
        return _parallel(program, pop, date, outputs, workers)
    if pop.n_households > BLOCK:
        edges = list(range(0, pop.n_households, BLOCK)) + [pop.n_households]
        bounds = list(zip(edges, edges[1:]))
        return _join([evaluate_batch(program, pop.slice(a, b), date, outputs)
                      for a, b in bounds], bounds)
    run = Run(program, pop, date, date_to_days(date), compile_definition)
    names = tuple(outputs if outputs is not None else program.outputs)
    values, redo = {}, {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for q in names:
            values[q], unsure = outcome(run, q)
            for h in np.unique(pop.household[unsure]).tolist():
                redo.setdefault(h, []).append(q)
    errors = _date_errors(program, pop, date)
    for h in sorted(redo):
        if h not in errors:
            errors.update(_exact(program, pop, h, date, tuple(redo[h]), values))
    return BatchResult(values, np.array(sorted(redo), dtype=np.int64), errors)


def outcome(run: Run, q: str) -> tuple:
    """An output's column in a run as reported (whole cents for numbers) and its unsure
    rows; call within ``np.errstate`` as :func:`evaluate_batch` does."""
    vals, unsure = run.definition(q)
    if run.program.symbols[q].type.kind != "getal":
        return vals.copy(), unsure
    rounded, tie = ops.round_values(vals, "centen", "half_up")
    if tie.any():
        rounded, tie = settle(run, Frame(run.rows, {}), vals, rounded, tie,
                              "centen", "half_up", qualname=q)
    return np.nan_to_num(rounded * 100).round().astype(np.int64), unsure | tie


def _date_errors(program: Program, pop: Population, date: dt.date) -> dict:
    """Households with a date after the peildatum where the rules forbid it (an unborn
    person): refused, as the reference evaluator refuses them."""
    def person_id(row: int) -> str:
        if pop.person_ids is not None:
            return pop.person_ids[row][1]
        return f"p{int(pop.local[row])}"  # as situation_of names them

    found: dict = {}
    for row, diag in column_date_problems(not_after_inputs(program.inputs()), pop.inputs,
                                          person_id, date_to_days(date), date):
        found.setdefault(int(pop.household[row]), []).append(diag)
    return {h: RulesError(tuple(diags)) for h, diags in found.items()}


#: Households per block in one process (see :func:`evaluate_batch`).
BLOCK = 50_000

_SHARED: tuple | None = None  # what forked workers read: program, population, date, outputs, columns


def _chunk(bounds: tuple[int, int]) -> BatchResult:
    """One worker's households; typed outcomes go straight into the shared columns."""
    program, pop, date, outputs, columns = _SHARED
    part = evaluate_batch(program, pop.slice(*bounds), date, outputs)
    first = int(pop.start[bounds[0]])
    for q, column in columns.items():
        column[first:first + len(part.values[q])] = part.values[q]
    return attrs.evolve(part, values={q: v for q, v in part.values.items() if q not in columns})


class WorkerLost(RuntimeError):
    """A worker process ended without a result (killed, out of memory): its block is lost."""

    def __init__(self, start: int, stop: int, pid: int | None, exitcode: int | None):
        #: the lost block: households ``start`` up to (not including) ``stop``
        self.start, self.stop, self.pid, self.exitcode = start, stop, pid, exitcode
        super().__init__(f"worker {pid} for households {start}..{stop - 1} ended without a "
                         f"result ({describe_exit(exitcode)})")


def describe_exit(exitcode: int | None) -> str:
    """``signaal SIGKILL`` or ``afsluitcode 3``: how a process ended."""
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            return f"signaal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signaal {-exitcode}"
    return f"afsluitcode {exitcode}"


def _worker(bounds: tuple[int, int], conn, work=None) -> None:
    """A forked worker: its block's result (``work(bounds)``, by default :func:`_chunk`'s),
    or the exception that stopped it, to the parent."""
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles ^C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        message = ("ok", (work or _chunk)(bounds))
    except BaseException as exc:  # reported to the parent, which raises it there
        message = ("fout", exc, traceback.format_exc())
    conn.send(message)
    conn.close()


class _RemoteTraceback(Exception):
    def __init__(self, tb: str):
        self.tb = tb

    def __str__(self):
        return self.tb


def _run_workers(bounds: list, work=None) -> list:
    """One forked process per block; a process that ends without a result is detected
    at once (its sentinel) and raises :class:`WorkerLost` instead of waiting forever."""
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    procs, conns = [], {}
    try:
        for i, block in enumerate(bounds):
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(block, send, work), daemon=True)
            proc.start()
            send.close()
            procs.append(proc)
            conns[i] = receive
        parts: dict = {}
        waiting = {conns[i]: i for i in conns} | {procs[i].sentinel: i for i in conns}
        while len(parts) < len(bounds):
            for ready in wait(list(waiting)):
                i = waiting.pop(ready, None)
                if i is None or i in parts:
                    continue
                try:
                    parts[i] = conns[i].recv()
                except EOFError:  # ended without (all of) its result
                    procs[i].join()
                    raise WorkerLost(*bounds[i], procs[i].pid, procs[i].exitcode) from None
        for i, message in sorted(parts.items()):
            if message[0] == "fout":
                raise message[1] from _RemoteTraceback(message[2])
        return [parts[i][1] for i in range(len(bounds))]
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join()
        for conn in conns.values():
            conn.close()


def _parallel(program, pop: Population, date, outputs, workers: int) -> BatchResult:
    """Contiguous household chunks in forked processes; results joined in household order.

    Outcomes with a fixed-size type are written by the workers into memory shared with
    this process (pickling them back would cost a tenth of the run); others are returned."""
    global _SHARED
    edges = np.linspace(0, pop.n_households, workers + 1).astype(int)
    bounds = [(int(a), int(b)) for a, b in zip(edges, edges[1:])]
    names = tuple(outputs if outputs is not None else program.outputs)
    columns = {q: _shared_column(pop.n_persons, dtype) for q in names
               if (dtype := _COLUMN_TYPES.get(program.symbols[q].type.kind)) is not None}
    _SHARED = (program, pop, date, outputs, columns)
    try:
        parts = _run_workers(bounds)
    finally:
        _SHARED = None
    joined = _join(parts, bounds)
    return attrs.evolve(joined, values={q: columns.get(q, joined.values.get(q)) for q in names})


#: Outcome types whose batch values are fixed-size numbers: whole cents, truth values, days.
_COLUMN_TYPES = {"getal": np.int64, "ja/nee": np.bool_, "datum": np.int64}


def _shared_column(n: int, dtype) -> np.ndarray:
    """A zeroed array in anonymous shared memory, visible to processes forked after it."""
    import mmap

    size = max(n * np.dtype(dtype).itemsize, 1)
    return np.frombuffer(mmap.mmap(-1, size), dtype=dtype, count=n)


def _join(parts: list[BatchResult], bounds) -> BatchResult:
    """Results of consecutive household ranges as one result, in household order."""
    values = {q: np.concatenate([p.values[q] for p in parts]) for q in parts[0].values}
    fallback = np.concatenate([p.fallback + first for p, (first, _) in zip(parts, bounds)])
    errors = {h + first: e for p, (first, _) in zip(parts, bounds) for h, e in p.errors.items()}
    return BatchResult(values, fallback, errors)


def _exact(program, pop: Population, h: int, date, names, values) -> dict:
    """Recompute one household's unsure outcomes ``names`` exactly into ``values``.

    Its other outcomes are already exact: the batch was sure of them."""
    sit, ids = situation_of(pop, h, program)
    try:
        result = evaluate(program, sit, date, outputs=names)
    except RulesError as exc:
        return {h: exc}
    for q in names:
        for i, pid in zip(range(pop.start[h], pop.start[h] + pop.size[h]), ids):
            v = result.value(q, pid)
            if is_number(v) and abs(v) * 100 > MAX_OUTCOME_CENTS:
                return {h: _beyond_cents(q, pid, v, program)}
            values[q][i] = cents(v) if is_number(v) else v
    return {}


def _beyond_cents(q: str, pid: str, v, program: Program) -> RulesError:
    """RS410: an exact outcome too large for the batch's whole cents (int64)."""
    sym = program.symbols[q]
    reg = program.regulations[sym.regulation]
    size = f"10^{int(math.log10(int(abs(v))))}"  # (str() of a huge int is refused)
    return RulesError((Diagnostic(
        "RS410", f"de uitkomst {q} voor {pid} is ongeveer {size} en valt buiten het bereik "
        f"van de batch (ten hoogste {grouped(MAX_OUTCOME_CENTS // 100)} in "
        "absolute waarde)",
        span=sym.decl.span, hint="controleer de invoer en de regel; 'rulescore evaluate' "
        "rekent dit huishouden exact uit"),), {reg.span.file: reg.source})


def situation_of(pop: Population, h: int, program: Program) -> tuple[Situation, list]:
    """The household as a Situation (the original one, or built from the columns).

    Columns hold typed values already, so they are converted, not parsed and validated
    again as JSON would be (which would cost a third of an exact recomputation)."""
    if pop.situations is not None:
        sit = pop.situations[h]
        return sit, list(sit.person_ids)
    rows = range(pop.start[h], pop.start[h] + pop.size[h])
    ids = [f"p{i - pop.start[h]}" for i in rows]
    persons: dict = {pid: {} for pid in ids}
    dwellings: dict = {}
    owned = sorted(pop.inputs.items(), key=lambda item: program.symbols[item[0]].decl.owner == "woning")
    for name, col in owned:  # a person's own facts first: the dwellings hang on woonadres
        sym = program.symbols[name]
        kind = sym.type.kind
        for i, pid in zip(rows, ids):
            if not col.present[i]:
                continue
            value = _typed(col.values[i], kind)
            if sym.decl.owner == "woning":
                if "woonadres" in persons[pid]:
                    dwellings[persons[pid]["woonadres"]][name] = value
                continue
            persons[pid][name] = value
            if kind == "adres":
                dwellings.setdefault(value, {})
    relations: dict = {}
    for kind, table in pop.relations.items():
        lo, hi = np.searchsorted(table.keys, [rows[0] * pop.n_persons, (rows[-1] + 1) * pop.n_persons])
        for k in range(lo, hi):
            a, b = divmod(int(table.keys[k]), pop.n_persons)
            relations[(kind, ids[a - rows[0]], ids[b - rows[0]])] = {
                fname: _typed(fcol.values[k], program.symbols[fname].type.kind)
                for fname, fcol in table.facts.items() if fcol.present[k]}
    return Situation(None, persons, dwellings, relations), ids


def _typed(v, kind):
    """A column value as the situation loader would have typed it."""
    if kind == "getal":
        return Fraction(Decimal(repr(float(v))))
    if kind == "datum":
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(v))
    if kind == "adres":
        return f"w{int(v)}"
    if kind == "ja/nee":
        return bool(v)
    return v
