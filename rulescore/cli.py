"""Command-line arguments into rulescore actions; user errors into rendered diagnostics."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
import time
import warnings
from pathlib import Path

import click

from rulescore.cli_values import option_date as _date, option_months, situation_months
from rich.console import Console
from rich.table import Table

from rulescore.errors import Diagnostic, RulesError
from rulescore.terminal import cell, json_text, tolerate_encoding, visible

console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def _fail(exc: RulesError, code: int = 1) -> None:
    err_console.print(exc.render(), markup=False, soft_wrap=True)
    sys.exit(code)


def _drop_stdout() -> None:
    """After a failed write to standard output: discard what is still buffered for it,
    so the exit does not try (and fail, with a traceback) to write it once more."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test runner's)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _write_json(text: str) -> None:
    """JSON to standard output, safe for the terminal and its encoding (same data)."""
    sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))


def _program(rules: tuple[str, ...] = (), scenario: str | None = None):
    from rulescore.plugins import load_program

    return load_program(extra_paths=rules, scenario=scenario)


_scenario_option = click.option(
    "--scenario", type=click.Path(exists=True, dir_okay=False),
    help="scenariobestand: bindt regelingen aan andere begripsvarianten en/of wijzigt parameters")


def _situation(path: str, program):
    from rulescore.situation import Situation

    from rulescore.textfiles import read_text

    return Situation.from_json(read_text(path, "RS300", "situatie"), program, source=path)


#: What a write to a full disk, a file-size limit or a closed pipe raises (a read never).
_WRITE_ERRORS = (errno.ENOSPC, errno.EFBIG, errno.EPIPE, errno.EDQUOT)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, not at exit, so a failure is reported like any other
            return result
        except RulesError as exc:
            _fail(exc)
        except OSError as exc:
            if exc.errno not in _WRITE_ERRORS:
                raise
            _drop_stdout()  # (batch reports its own file: see rulescore.batch.io)
            _fail(RulesError((Diagnostic(
                "RS370", f"kan de uitvoer niet schrijven: {exc.strerror or exc}",
                path="standaarduitvoer", hint="wat er staat is onvolledig; schrijf naar een "
                "plek met ruimte, of lees de pijp tot het einde"),)))


@click.group(cls=_Group)
@click.version_option(package_name="rulescore")
def main():
    """rulescore: Dutch income-support rules, checked, evaluated and explained."""
    tolerate_encoding()
    warnings.showwarning = _show_warning


_python_showwarning = warnings.showwarning


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """rulescore's own warnings (the parse cache's RS007-RS009) as the user reads them, not
    with the Python file and line that raised them; any other warning as Python shows it."""
    text = str(message)
    if text.startswith("rulescore: "):
        err_console.print(visible(text.removeprefix("rulescore: ")), markup=False,
                          soft_wrap=True)
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True))
@click.option("--dekking", "coverage", metavar="VAN:TOT",
              help="meld waar tussen twee datums (JJJJ-MM-DD:JJJJ-MM-DD) geen versie geldt")
@_scenario_option
def check(paths, coverage, scenario):
    """Check the installed regulations plus any extra rules files (and a scenario)."""
    files = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.rglob("*.rules")) if p.is_dir() else [p])
    span = _coverage_span(coverage) if coverage else None  # before the work, like any usage error
    program = _program(tuple(str(f) for f in files), scenario)
    n_def = sum(1 for s in program.symbols.values() if s.kind == "definitie")
    n_reg = sum(1 for r in program.regulations.values() if not r.is_scenario)
    console.print(f"ok: {n_reg} regelingen, {n_def} definities, "
                  f"{len(program.outputs)} uitkomsten, regelset {program.ruleset_hash}"
                  + (f", scenario {program.scenario}" if program.scenario else ""), markup=False)
    if coverage:
        from rulescore.coverage import gaps, transitions_in

        start, end = span
        found = gaps(program, start, end)
        for gap in found:
            console.print(gap.describe(), markup=False, soft_wrap=True)
        for line in transitions_in(program, start, end):
            console.print(f"overgangsrecht: {line}", markup=False, soft_wrap=True)
        console.print(f"dekking {start} tot en met {end}: {len(found)} gat(en)")


def _coverage_span(text: str) -> tuple[dt.date, dt.date]:
    """``--dekking VAN:TOT`` as two dates, the first not after the second."""
    start, sep, end = text.partition(":")
    if not sep:
        raise click.BadParameter(f"'{visible(text)}': schrijf VAN:TOT, bijv. "
                                 "2025-01-01:2026-12-31", param_hint="'--dekking'")
    first, last = _date(start), _date(end)
    if first > last:
        raise click.BadParameter(f"{first} ligt na {last}: de periode is leeg; "
                                 f"bedoelde u {last}:{first}?", param_hint="'--dekking'")
    return first, last


@main.command()
@click.argument("situation", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--datum", "--date", "date", help="peildatum (JJJJ-MM-DD); standaard die uit de situatie")
@click.option("--van", "first", help="eerste maand van een reeks (2026-01 of 'januari 2026')")
@click.option("--tot", "last", help="laatste maand van de reeks, die meetelt (2026-12)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--alles", "show_all", is_flag=True,
              help="toon ook de uitkomsten die 0 of nee zijn")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True),
              help="extra regelbestand(en)")
@_scenario_option
def evaluate(situation, date, first, last, fmt, show_all, rules, scenario):
    """Evaluate every outcome for every person in SITUATION, on a date or per month."""
    from rulescore import result_tables

    program = _program(rules, scenario)
    sit = _situation(situation, program)
    span = situation_months(first, last, sit, date)
    if span is None:
        from rulescore.reference.results import evaluate as run

        result = run(program, sit, _date(date))
        tables = result_tables.snapshot_tables
    else:
        from rulescore.reference.ranges import evaluate_range

        result = evaluate_range(program, sit, *span)
        tables = result_tables.range_tables
    if fmt == "json":
        _write_json(result.to_json())
        return
    for item in tables(result.to_dict(), show_all):
        if isinstance(item, str):  # a line of provenance: data, never markup
            console.print(item, markup=False, soft_wrap=True)
        else:
            console.print(item)


@main.command()
@click.argument("households", type=click.Path(exists=True, dir_okay=False))
@click.option("--datum", "--date", "date",
              help="peildatum (JJJJ-MM-DD); standaard de ene peildatum van alle regels")
@click.option("--van", "first", help="eerste maand van een reeks (2026-01 of 'januari 2026')")
@click.option("--tot", "last", help="laatste maand van de reeks, die meetelt (2026-12)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="aantal processen")
@click.option("--uitvoer", "--output", "output", type=click.Path(dir_okay=False, writable=True),
              help="CSV-bestand (standaard: standaarduitvoer)")
@click.option("--nl", "dutch", is_flag=True,
              help="CSV voor Nederlandse spreadsheets: puntkomma's en decimale komma's")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@_scenario_option
def batch(households, date, first, last, workers, output, dutch, rules, scenario):
    """Evaluate many households: HOUSEHOLDS is JSON Lines, one situation per line.

    Writes CSV, one row per person: line, person, every outcome (amounts in euros); with
    --van/--tot one row per person, outcome and period (line, person, outcome, period, value).
    A household that cannot be evaluated is reported with its line; the others are written."""
    from rulescore.batch import io as batch_io
    from rulescore.atomic import AtomicOutput, interruptible, same_file
    from rulescore.batch.run import WorkerLost, evaluate_batch
    from rulescore.batch.population import Population

    inputs = (households, *rules, *([scenario] if scenario else []))
    for source in inputs if output else ():
        if same_file(output, source):
            raise click.BadParameter(f"'{visible(output)}' is het invoerbestand "
                                     f"'{visible(source)}': de uitvoer zou de invoer "
                                     "vervangen; kies een ander bestand",
                                     param_hint="'--uitvoer'")
    program = _program(rules, scenario)
    span = option_months(first, last, date)  # RS541/RS542 before the households are read
    found = (batch_io.read_households(households, program, _date(date)) if span is None
             else batch_io.read_timelines(households, program))
    target = None
    try:
        with interruptible():
            if output:  # created before the run: an unwritable file is reported before the work
                try:
                    target = AtomicOutput(output)
                except OSError as exc:
                    raise click.BadParameter(
                        f"kan '{visible(output)}' niet schrijven: {exc.strerror}",
                        param_hint="'--uitvoer'") from None
            started = time.perf_counter()
            with _working(f"{len(found.situations)} huishoudens berekenen …"):
                if span is None:
                    pop = Population.from_situations(found.situations, program)
                    result = evaluate_batch(program, pop, found.date, workers=workers)
                else:
                    from rulescore.batch.ranges import evaluate_batch_range

                    result = evaluate_batch_range(program, found.situations, *span,
                                                  workers=workers)
            out = target.file if target else sys.stdout
            try:
                if span is None:
                    batch_io.write_csv(out, found, pop, result, program, dutch)
                else:
                    batch_io.write_range_csv(out, found, result, program, dutch)
                if target:
                    target.commit()
                else:
                    out.flush()
            except OSError as exc:
                if not target:
                    _drop_stdout()
                _fail(batch_io.write_failed(output, exc))
    except KeyboardInterrupt as exc:  # ^C, or SIGTERM/SIGHUP (atomic.Interrupted)
        _fail(*batch_io.interrupted(output, exc, written=bool(target and target.replaced)))
    except WorkerLost as exc:
        _fail(batch_io.worker_lost(found, exc))
    finally:
        if target:
            target.discard()
    err_console.print(batch_io.summary(found, result, time.perf_counter() - started),
                      markup=False, soft_wrap=True)
    failed = batch_io.errors_by_line(found, result)
    if failed is not None:
        _fail(failed)


def _working(text: str):
    """A spinner with the elapsed time on a terminal's standard error; nothing otherwise
    (a pipe or a log gets only the closing summary)."""
    from contextlib import nullcontext

    return err_console.status(text) if err_console.is_terminal else nullcontext()


@main.command()
@click.argument("situation", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.argument("name")
@click.option("--persoon", "person", help="voor wie (standaard: iedereen)")
@click.option("--datum", "--date", "date")
@click.option("--periode", "period",
              help="verklaar de waarde in deze maand, dit kwartaal of jaar van een situatie "
                   "over de tijd (2026-09, 2026-K3, 2026); elke waarde noemt haar periode")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--diepte", "depth", type=click.IntRange(min=0),
              help="toon de gebruikte waarden tot zoveel stappen diep (standaard: alle)")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@_scenario_option
def explain(situation, name, person, date, period, fmt, depth, rules, scenario):
    """Explain NAME (regeling.definitie) down to the articles and inputs."""
    from rulescore.errors import suggest
    from rulescore.reference.explanation import explain_all
    from rulescore.reference.results import evaluate as run

    program = _program(rules, scenario)
    sym = program.symbols.get(name)
    if sym is None or sym.kind != "definitie":
        defs = [q for q, s in program.symbols.items() if s.kind == "definitie"]
        raise RulesError((Diagnostic("RS330", f"onbekende definitie '{name}'", path=name,
                                     hint=suggest(name, defs) or "schrijf regeling.definitie"),))
    sit = _situation(situation, program)
    persons = [person] if person else list(sit.person_ids)
    if person and person not in sit.persons:
        raise RulesError((Diagnostic("RS331", f"onbekende persoon '{person}'", path="--persoon",
                                     hint=suggest(person, sit.persons)),))
    if period is not None:
        if date is not None:
            raise click.UsageError("geef --datum of --periode, niet beide")
        from rulescore.periods import NotAMonth, parse_period
        from rulescore.reference.ranges import explain_range

        try:
            span = parse_period(period)
        except NotAMonth as exc:
            raise click.BadParameter(str(exc), param_hint="'--periode'") from None
        graph = explain_range(program, sit, name, persons, span)
    else:
        result = run(program, sit, _date(date), outputs=(name,), trace=True)
        persons = [p for p in persons if p in result.situation.persons]  # (alive that day)
        graph = explain_all(result.context, [(name, p) for p in persons])
    if fmt == "json":
        _write_json(json.dumps(graph.to_dict(depth), ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(graph.render(depth=depth), markup=False, soft_wrap=True)


@main.command()
@click.argument("situation", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--datum", "--date", "date")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@_scenario_option
def concepts(situation, date, fmt, scenario):
    """Compare the variants of every concept (begrip) for SITUATION, and a scenario's effect."""
    from rulescore.concepts import compare

    program = _program()
    other = _program(scenario=scenario) if scenario else None
    report = compare(program, _situation(situation, program), _date(date), other)
    if fmt == "json":
        _write_json(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    from rulescore.concepts_tables import print_report

    print_report(console, report)


@main.command()
def plugins():
    """List installed plugins, their versions and what they contribute."""
    from rulescore.plugins import get_plugin_manager, list_plugins

    table = Table(title="rulescore plugins")
    for col in ("plugin", "distributie", "versie", "hooks", "regelbestanden"):
        table.add_column(col)
    for row in list_plugins(get_plugin_manager()):
        table.add_row(cell(row["plugin"]), cell(row["distributie"]), cell(row["versie"]),
                      cell(", ".join(row["hooks"])), cell(", ".join(row["regelbestanden"])))
    console.print(table)


@main.command()
@click.argument("regeling", required=False)
def inputs(regeling):
    """List the inputs (invoer) to provide: all, or those REGELING needs through every
    regulation it reads (each with the regulation that declares it)."""
    from rulescore.inputs import needed_inputs

    rows = needed_inputs(_program(), regeling)
    table = Table(title=f"invoer voor {regeling}" if regeling else "invoer")
    for col in ("naam", "type", "van", "regeling", "standaard", "bron"):
        table.add_column(col, overflow="fold")  # names whole, never cut off
    for r in rows:
        table.add_row(r["naam"], r["type"], r["van"], r["regeling"],
                      cell(r["standaard"] if r["standaard"] is not None else "verplicht"),
                      cell(r["bron"]))
    console.print(table)


@main.command()
def schema():
    """Print the JSON Schema of a situation, derived from the declared inputs."""
    from rulescore.schema import situation_schema

    _write_json(json.dumps(situation_schema(_program()), indent=2, ensure_ascii=False) + "\n")


from rulescore.analysis_cli import werkloont_command  # noqa: E402  (commands of their own)
from rulescore.payments_cli import kalender_command  # noqa: E402
from rulescore.server.command import serve_command  # noqa: E402
from rulescore.why_cli import waarom_command  # noqa: E402
from rulescore.workbench.lsp_command import lsp_command  # noqa: E402
from rulescore.keten_cli import keten_command  # noqa: E402
from rulescore.regimes_cli import regimes_command  # noqa: E402

for _command in (werkloont_command, kalender_command, serve_command, waarom_command, lsp_command,
                 keten_command, regimes_command):
    main.add_command(_command)
