"""The blocks of a long run (batch, impact, populatie) into a progress bar on a terminal's
standard error and, at the end, one summary line: households, persons, exact fallbacks,
errors and time.

The bar is drawn only when standard error is a terminal (a pipe, a log or a test gets the
summary line alone); it is transient, so the terminal keeps the summary, not the bar. One
:class:`Run` serves every command: the command says how many households it will see and
reports each block as it is done.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.console import Console


def summary_line(n: int, persons: int, exact: int, failed: int, seconds: float) -> str:
    """The closing line of a run: households, persons, exact fallbacks, errors, time."""
    from rulescore.values import grouped

    took = f"{seconds:.1f}".replace(".", ",")
    return (f"klaar: {grouped(n)} huishouden{'s' if n != 1 else ''}, {grouped(persons)} "
            f"personen, {grouped(exact)} exact herberekend, {grouped(failed)} niet te "
            f"berekenen, in {took} s")


class Run:
    """A run over ``total`` steps (households, or households times passes) on ``console``:
    the bar while it runs, the counts for :meth:`summary`.

    Use as a context manager; :meth:`block` counts a block of households and the results
    of every program that evaluated it, :meth:`advance` moves the bar without counting (a
    pass that writes what was already counted)."""

    def __init__(self, console: Console, total: int, label: str, prefix: str = ""):
        self.console, self.total, self.label, self.prefix = console, total, label, prefix
        self.households = self.persons = self.fallbacks = self.errors = 0
        self._bar = self._task = None
        self._started = time.perf_counter()

    def __enter__(self) -> Run:
        self._started = time.perf_counter()
        if self.console.is_terminal:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 TimeRemainingColumn(), console=self.console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def block(self, situations: Iterable, *results) -> None:
        """A block done: its households and persons counted once, a household that any of
        ``results`` (BatchResult-like: ``fallback`` rows, ``errors`` by row) recomputed
        exactly or could not evaluate counted once too."""
        situations = list(situations)
        fallback, failed = set(), set()
        for result in results:
            fallback.update(int(h) for h in result.fallback)
            failed.update(result.errors)
        self.count(len(situations), sum(len(s.person_ids) for s in situations),
                   len(fallback - failed), len(failed))

    def count(self, households: int, persons: int, fallbacks: int, errors: int) -> None:
        """A block done, counted elsewhere (a worker's tally)."""
        self.households += households
        self.persons += persons
        self.fallbacks += fallbacks
        self.errors += errors
        self.advance(households)

    def advance(self, steps: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, steps)

    def describe(self, label: str) -> None:
        """A new text beside the bar (the phase the run is in)."""
        if self._bar is not None:
            self._bar.update(self._task, description=label)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self._started

    def summary(self) -> str:
        return self.prefix + summary_line(self.households, self.persons, self.fallbacks,
                                          self.errors, self.seconds)

    def report(self) -> None:
        """The summary line on the console (never markup: names are data)."""
        self.console.print(self.summary(), markup=False, soft_wrap=True, highlight=False)
