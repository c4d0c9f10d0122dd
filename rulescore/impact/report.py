"""A population (Parquet), current law and a scenario into a weighted impact report: the
budget per regulation and in total per year, who gains and loses how much, the change by
household type and income decile, and the largest losers explained.

Both programs evaluate the same households, block by block (the batch, exact to the
cent); per household only a few numbers are kept (weight, type, the measure under both,
the change per regulation), so memory grows by some tens of bytes per household, not by
its persons. Amounts are on the peildatum, put on a yearly basis (``budget``) or per month
(the household measure, ``besteedbaar_inkomen``).
"""

from __future__ import annotations

import datetime as dt
import heapq

import attrs
import numpy as np

from rulescore.batch import parquet_io
from rulescore.batch.population import Population
from rulescore.batch.run import evaluate_batch
from rulescore.impact.budget import Lines, yearly
from rulescore.program import Program

#: the bands of the monthly change of a household, in euros: label → who is in it
BANDS = {
    "verlies > € 100": lambda c: c < -100,
    "verlies € 10 – 100": lambda c: (c >= -100) & (c < -10),
    "binnen € 10": lambda c: np.abs(c) <= 10,
    "winst € 10 – 100": lambda c: (c > 10) & (c <= 100),
    "winst > € 100": lambda c: c > 100,
}
LOSERS = 5


@attrs.frozen
class Households:
    """Per household: what the report keeps (aligned arrays)."""

    ids: list
    rows: np.ndarray
    weights: np.ndarray
    kinds: list
    base: np.ndarray          # measure under current law, euros per month
    scenario: np.ndarray      # measure under the scenario
    lines_base: np.ndarray    # households × budget lines, euros per year
    lines_scenario: np.ndarray

    @property
    def change(self) -> np.ndarray:
        return self.scenario - self.base


def household_kind(situation, date: dt.date) -> str:
    """A type from the persons when the file names none: adults and children by age."""
    from rulescore.calendar import years_between

    ages = [years_between(f["geboortedatum"], date) for f in situation.persons.values()
            if f.get("geboortedatum") is not None]
    adults = sum(1 for a in ages if a >= 18)
    kids = len(ages) - adults
    text = f"{adults} volwassene{'n' if adults != 1 else ''}"
    return text + (f", {kids} kind{'eren' if kids != 1 else ''}" if kids else "")


def evaluate(path: str, base: Program, scenario: Program, lines: Lines,
             date: dt.date | None, progress=None, client=None, recipes=None):
    """Every household of the file under both programs: (Households, losers, date), the
    losers being the :data:`LOSERS` largest (change, row, situation) by weighted order;
    each block reported to ``progress`` (a :class:`rulescore.progress.Run`) when given.

    With a Dask ``client`` (:func:`rulescore.cluster.local_cluster`) and the
    ``recipes`` of both programs (:class:`rulescore.impact.remote.Recipe`) the blocks are
    evaluated on its workers and combined in file order exactly as here."""
    if client is not None:
        from rulescore.cluster import ordered_map

        day = parquet_io.checked_date(path, base, date, parquet_io.BLOCK_ROWS)
        tasks = [(path, day, start, stop)
                 for start, stop in parquet_io.block_bounds(path, parquet_io.BLOCK_ROWS)]
        parts = ordered_map(client, remote_block, tasks, *recipes, lines)
    else:
        parts = (evaluate_block(block, base, scenario, lines)
                 for block in parquet_io.blocks(path, base, date, parquet_io.BLOCK_ROWS))
    kept = {k: [] for k in ("ids", "rows", "weights", "kinds", "base", "scenario", "lb", "ls")}
    losers: list = []
    first = None
    for part in parts:
        first = part.date
        for key, value in part.kept.items():
            kept[key] += value if isinstance(value, list) else [value]
        for item in part.losers:  # in block order: the same heap as one process builds
            heapq.heappush(losers, item) if len(losers) < LOSERS else \
                heapq.heappushpop(losers, item)
        if progress is not None:
            progress.count(*part.tally)
    households = Households(kept["ids"], np.concatenate(kept["rows"]),
                            np.concatenate(kept["weights"]), kept["kinds"],
                            np.concatenate(kept["base"]), np.concatenate(kept["scenario"]),
                            np.vstack(kept["lb"]), np.vstack(kept["ls"]))
    ranked = sorted(losers, reverse=True)
    return households, [(-c, row, sit) for c, _, row, sit in ranked], first


def remote_block(task: tuple, base, scenario, lines: Lines):
    """:func:`evaluate_block` on a Dask worker for the rows ``(path, date, start, stop)``
    of a checked file, read there; the programs built there from their recipes
    (:class:`rulescore.impact.remote.Recipe`)."""
    path, date, start, stop = task
    current = base.build()
    block = parquet_io.read_block(path, current, date, start, stop)
    return evaluate_block(block, current, scenario.build(), lines)


@attrs.frozen
class BlockFigures:
    """What the report keeps of one block: its columns of :class:`Households` (``kept``),
    its loser candidates (heap items), its date and its counts for the progress line."""

    kept: dict
    losers: list
    date: dt.date
    #: (households, persons, exact fallbacks, errors)
    tally: tuple


def evaluate_block(block, base: Program, scenario: Program, lines: Lines) -> BlockFigures:
    """One block of households under both programs (raises RulesError naming the rows
    that cannot be evaluated)."""
    names = lines.definitions()
    pop = Population.from_situations(block.situations, base)
    both = [evaluate_batch(p, pop, block.date, outputs=names) for p in (base, scenario)]
    if set(both[0].errors) | set(both[1].errors):
        from rulescore.batch.io import errors_by_line

        raise errors_by_line(block, both[0] if both[0].errors else both[1], "rij")
    per_household = []
    for result, program in zip(both, (base, scenario)):
        measure = np.bincount(pop.household, weights=np.asarray(
            result.values[lines.measure], dtype=float) / 100, minlength=pop.n_households)
        person_lines = yearly(program, lines, result.values)
        household_lines = np.vstack([np.bincount(pop.household, weights=person_lines[:, j],
                                                 minlength=pop.n_households)
                                     for j in range(person_lines.shape[1])]).T
        per_household.append((measure, household_lines))
    kept = {"ids": list(block.ids), "rows": np.asarray(block.lines), "weights": block.weights,
            "kinds": [k or household_kind(s, block.date)
                      for k, s in zip(block.kinds, block.situations)],
            "base": per_household[0][0], "scenario": per_household[1][0],
            "lb": per_household[0][1], "ls": per_household[1][1]}
    change = per_household[1][0] - per_household[0][0]
    losers = [(-float(change[h]), -int(block.lines[h]), block.lines[h], block.situations[h])
              for h in np.argsort(change)[:LOSERS] if change[h] < 0]
    fallback = set(map(int, both[0].fallback)) | set(map(int, both[1].fallback))
    tally = (len(block.situations), sum(len(s.person_ids) for s in block.situations),
             len(fallback), 0)
    return BlockFigures(kept, losers, block.date, tally)


def deciles(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted income decile (1-10) of every household, by ``values``; ties stay in
    one decile (households are ordered by value, then by position)."""
    order = np.argsort(values, kind="stable")
    total = weights.sum()
    if total <= 0:
        return np.ones(len(values), dtype=int)
    before = np.cumsum(weights[order]) - weights[order]  # weight strictly before each
    decile = np.empty(len(values), dtype=int)
    decile[order] = np.minimum(9, np.floor(10 * before / total)).astype(int) + 1
    return decile


def summarise(h: Households, lines: Lines) -> dict:
    """The weighted figures of the report (JSON-ready): budget, bands, by type, by decile."""
    w = h.weights
    change = h.change
    budget = []
    for j, line in enumerate(lines.lines):
        now, then = float(w @ h.lines_base[:, j]), float(w @ h.lines_scenario[:, j])
        budget.append({"regeling": line.regulation, "huidig": now, "scenario": then,
                       "verschil": then - now})
    now, then = sum(b["huidig"] for b in budget), sum(b["scenario"] for b in budget)
    total = float(w.sum())
    bands = []
    for label, band in BANDS.items():
        inside = band(change)
        bands.append({"klasse": label, "huishoudens": float(w[inside].sum()),
                      "aandeel": float(w[inside].sum() / total) if total else 0.0})
    return {"huishoudens": total, "steekproef": len(w),
            "budget": budget, "budget_totaal": {"huidig": now, "scenario": then,
                                                "verschil": then - now},
            "klassen": bands,
            "per_huishoudtype": _groups(np.array(h.kinds), change, w),
            "per_inkomensdeciel": _groups(deciles(h.base, w), change, w)}


def _groups(keys: np.ndarray, change: np.ndarray, w: np.ndarray) -> list:
    out = []
    for key in sorted(set(keys.tolist())):
        inside = keys == key
        weight = float(w[inside].sum())
        out.append({"groep": key if isinstance(key, str) else int(key), "huishoudens": weight,
                    "gemiddeld_verschil_per_maand": float(w[inside] @ change[inside] / weight)
                    if weight else 0.0,
                    "verliezers": float(w[inside & (change < -10)].sum()),
                    "winnaars": float(w[inside & (change > 10)].sum())})
    return out
