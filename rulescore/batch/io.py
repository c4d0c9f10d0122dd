"""A JSON Lines file of households into situations, and batch results into CSV rows.

One line is one household: the same document ``rulescore evaluate`` reads. Every bad line
is reported (with its line number and JSON path), all at once, and nothing is evaluated
while any line is bad. The CSV has one row per person: the line number, the person id and
every outcome (amounts in euros with two decimals, exactly the batch's whole cents); over
a range of months (``--van``/``--tot``) one row per person, outcome and period.
Parquet in and out: :mod:`rulescore.batch.parquet_io`.
Text cells (ids, addresses, other text outcomes) are guarded against spreadsheet formula
injection and control characters (:func:`rulescore.terminal.csv_text`); numbers are not.
A run that fails or is interrupted is reported here as diagnostics (RS370-RS372).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from fractions import Fraction
from typing import TextIO

import attrs

from rulescore.batch.population import Population, days_to_date
from rulescore.batch.run import BatchResult, describe_exit
from rulescore.errors import Diagnostic, RulesError
from rulescore.domains import date_problems, not_after_inputs
from rulescore.program import Program
from rulescore.json_input import loads
from rulescore.situation import Situation, json_error
from rulescore.terminal import csv_text
from rulescore.textfiles import read_text
from rulescore.values import decimal_text


@attrs.frozen
class Households:
    """The valid households of a JSON Lines file, with the line each came from."""

    situations: list
    lines: list
    #: the peildatum of every line; None over a range of months (:func:`read_timelines`)
    date: dt.date | None


def read_households(path: str, program: Program, date: dt.date | None) -> Households:
    """Every non-empty line a situation; ``date`` or the one peildatum all lines share."""
    situations, lines = _read_lines(path, program)
    date = date or _shared_date(situations, lines, path)
    situations = [s.at(date) for s in situations]  # a dated situation: that day's facts
    names = not_after_inputs(program.inputs())
    errors = []
    for sit, number in zip(situations, lines):  # --datum: an unborn person, by line
        if sit.peildatum != date:
            errors.extend(attrs.evolve(d, path=f"{path}:{number} {d.path}") for d in
                          date_problems(names, sit.persons, sit.dwellings, date))
    if errors:
        raise RulesError(tuple(errors))
    return Households(situations, lines, date)


def read_timelines(path: str, program: Program) -> Households:
    """Every non-empty line a situation over time (for ``--van``/``--tot``): no peildatum
    is needed, each period is evaluated on its own first day."""
    situations, lines = _read_lines(path, program)
    return Households(situations, lines, None)


def _read_lines(path: str, program: Program) -> tuple[list, list]:
    text = read_text(path, "RS300", "huishoudensbestand")
    situations, lines, errors = [], [], []
    # JSON Lines end at LF (CR LF too, CR being JSON white space); str.splitlines would
    # also break at U+2028, FF or VT, which may stand inside a JSON string
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = loads(line)  # exact numbers, duplicate keys kept for RS342, depth bounded
        except json.JSONDecodeError as exc:
            errors.append(json_error(exc, f"{path}:{number}:{exc.colno}"))
            continue
        try:
            situations.append(Situation.from_dict(data, program))
            lines.append(number)
        except RulesError as exc:
            errors.extend(attrs.evolve(d, path=f"{path}:{number} {d.path or '$'}")
                          for d in exc.diagnostics)
    if errors:
        raise RulesError(tuple(errors))
    if not situations:
        raise RulesError((Diagnostic("RS332", "geen huishoudens: het bestand heeft geen regels",
                                     path=path, hint="één situatie (JSON) per regel"),))
    return situations, lines


def _shared_date(situations, lines, path) -> dt.date:
    dates = {s.peildatum for s in situations}
    if len(dates) == 1 and None not in dates:
        return dates.pop()
    first = {}
    for s, number in zip(situations, lines):
        first.setdefault(s.peildatum, number)
    found = ", ".join(f"{d or 'geen'} (regel {n})" for d, n in first.items())
    raise RulesError((Diagnostic(
        "RS333", f"de huishoudens hebben niet één peildatum: {found}", path=path,
        hint="geef --datum JJJJ-MM-DD, of zet dezelfde 'peildatum' in elke regel"),))


def header(program: Program, qualname: str) -> str:
    """A column's name with its unit: ``zorgtoeslag.zorgtoeslag (€ per jaar)``."""
    return f"{qualname} ({_unit(program, qualname)})"


def _unit(program: Program, qualname: str) -> str:
    typ = program.symbols[qualname].type
    return typ.describe().replace("bedrag", "€", 1) if typ.kind == "getal" else typ.describe()


def write_csv(out: TextIO, households: Households, pop: Population, result: BatchResult,
              program: Program, dutch: bool = False, heading: bool = True) -> None:
    """One row per person of every household that could be evaluated; each outcome's
    column says its unit; ``dutch``: semicolons and decimal commas (Dutch spreadsheets);
    ``heading``: the header row first (not for the later blocks of one file)."""
    names = list(result.values)
    writer = _writer(out, dutch)
    if heading:
        writer.writerow(["regel", "persoon", *(header(program, q) for q in names)])
    kinds = [program.symbols[q].type.kind for q in names]
    for h, situation in enumerate(households.situations):
        if h in result.errors:
            continue
        first = int(pop.start[h])
        for i, person in enumerate(situation.person_ids):
            row = [households.lines[h], csv_text(person)]
            row += [_cell(result.values[q][first + i], kind, dutch)
                    for q, kind in zip(names, kinds)]
            writer.writerow(row)


def _writer(out: TextIO, dutch: bool):
    return csv.writer(out, lineterminator="\n", delimiter=";" if dutch else ",")


def write_range_csv(out: TextIO, households: Households, result, program: Program,
                    dutch: bool = False) -> None:
    """Long form, one row per household, person, outcome and period of a
    :class:`rulescore.batch.ranges.BatchRangeResult`: ``regel, persoon, uitkomst,
    eenheid, periode, waarde`` (a period as ``2026-03``, ``2026-K2`` or ``2026``; the unit
    as ``€ per jaar``)."""
    writer = _writer(out, dutch)
    writer.writerow(["regel", "persoon", "uitkomst", "eenheid", "periode", "waarde"])
    kinds = {q: program.symbols[q].type.kind for q, _ in result.values}
    units = {q: _unit(program, q) for q in kinds}
    for h, person, q, period, value in result.cells():
        writer.writerow([households.lines[h], csv_text(person), q, units[q],
                         period.label(), _cell(value, kinds[q], dutch)])


def _cell(v, kind: str, dutch: bool = False) -> str:
    if kind == "getal":  # whole cents (or hundredths of any number), exactly
        text = decimal_text(Fraction(int(v), 100), 2)
        return text.replace(".", ",") if dutch else text
    if kind == "ja/nee":
        return "ja" if v else "nee"
    if kind == "datum":
        return days_to_date(int(v)).isoformat()
    return csv_text(str(v))


def errors_by_line(households: Households, result: BatchResult,
                   unit: str = "regel") -> RulesError | None:
    """The households that could not be evaluated, each diagnostic naming its line (or
    ``unit="rij"``: its row of a Parquet file)."""
    diagnostics = [attrs.evolve(d, message=f"{unit} {households.lines[h]}: {d.message}")
                   for h, exc in sorted(result.errors.items()) for d in exc.diagnostics]
    sources = {}
    for exc in result.errors.values():
        sources.update(exc.sources)
    return RulesError(tuple(diagnostics), sources) if diagnostics else None


def _target(output: str | None, written: bool = False) -> str:
    if written:
        return f"'{output}' was al compleet geschreven"
    return f"'{output}' is niet gewijzigd" if output else \
        "de uitvoer op standaarduitvoer is onvolledig"


def write_failed(output: str | None, exc: OSError) -> RulesError:
    """Writing the CSV failed (a full disk, a file too large, a closed pipe)."""
    hint = ("maak ruimte vrij of kies met --uitvoer een andere map" if output
            else "schrijf met --uitvoer naar een bestand: dat verschijnt alleen compleet")
    return RulesError((Diagnostic(
        "RS370", f"kan de uitvoer niet schrijven: {exc.strerror or exc}; {_target(output)}",
        path=output or "standaarduitvoer", hint=hint),))


def interrupted(output: str | None, exc: KeyboardInterrupt,
                written: bool = False) -> tuple[RulesError, int]:
    """The run stopped by a signal, and the exit code for it (128 + the signal's number);
    ``written``: the signal came just after the output file was complete."""
    import signal

    signum = getattr(exc, "signum", signal.SIGINT)
    hint = ("start de run opnieuw" if output else
            "start de run opnieuw; met --uitvoer verschijnt het bestand alleen compleet")
    return RulesError((Diagnostic(
        "RS371", f"afgebroken door signaal {signal.Signals(signum).name}; "
                 f"{_target(output, written)}",
        path=output or "standaarduitvoer", hint=hint),)), 128 + signum


def worker_lost(households: Households, exc) -> RulesError:
    """A worker process ended without its result (:class:`rulescore.batch.run.WorkerLost`)."""
    first, last = households.lines[exc.start], households.lines[exc.stop - 1]
    return RulesError((Diagnostic(
        "RS372", f"het werkproces (pid {exc.pid}) voor de huishoudens van regel {first} tot "
                 f"en met {last} is gestopt zonder resultaat ({describe_exit(exc.exitcode)}); "
                 "er is niets geschreven",
        path="--workers", hint="het proces is van buitenaf gestopt of had te weinig "
                                "geheugen; start de run opnieuw, eventueel met minder --workers"),))
