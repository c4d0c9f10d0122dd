"""Command-line arguments into rulescore actions; user errors into rendered diagnostics."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sys
import warnings
from pathlib import Path

import attrs
import click

from rulescore.cli_dutch import COMMAND_HELP, install as install_dutch, name_metavars

install_dutch()  # before any option is declared: click words some of them on declaration

from rich.console import Console  # noqa: E402

from rulescore.cli_values import (option_date as _date, option_months,  # noqa: E402
                                  situation_argument, situation_months)
from rulescore.errors import Diagnostic, RulesError, render  # noqa: E402
from rulescore.terminal import (drop_stdout as _drop_stdout, json_text,  # noqa: E402
                                tolerate_encoding, visible)

console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def _fail(exc: RulesError, code: int = 1) -> None:
    err_console.print(exc.render(), markup=False, soft_wrap=True)
    sys.exit(code)


def _write_json(text: str) -> None:
    """JSON to standard output, safe for the terminal and its encoding (same data)."""
    sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))


def _program(rules: tuple[str, ...] = (), scenario: str | None = None):
    from rulescore.cli_program import load_program

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
    """The commands, with click's own messages in Dutch (:mod:`rulescore.cli_dutch`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, options_metavar="[OPTIES]",
                         subcommand_metavar="COMMANDO [ARGUMENTEN]...", **kwargs)

    def add_command(self, cmd, name=None):
        cmd.options_metavar = "[OPTIES]"
        cmd.help = COMMAND_HELP.get(name or cmd.name, cmd.help)
        name_metavars(cmd)
        super().add_command(cmd, name)

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
@click.version_option(package_name="rulescore", message="%(prog)s, versie %(version)s",
                      help="Toon de versie en stop.")
def main():
    """rulescore: regels voor inkomensondersteuning, gecontroleerd, berekend en verklaard."""
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
@click.argument("paths", metavar="[PAD]...", nargs=-1,
                type=click.Path(exists=True, dir_okay=True))
@click.option("--dekking", "coverage", metavar="VAN:TOT",
              help="meld waar tussen twee datums (JJJJ-MM-DD:JJJJ-MM-DD) geen versie geldt")
@_scenario_option
@click.option("--streng", "strict", is_flag=True,
              help="een declaratie zonder bron (of aanname) is een fout, geen waarschuwing")
def check(paths, coverage, scenario, strict):
    """Check the installed regulations plus any extra rules files (and a scenario)."""
    files = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.rglob("*.rules")) if p.is_dir() else [p])
    span = _coverage_span(coverage) if coverage else None  # before the work, like any usage error
    program = _program(tuple(str(f) for f in files), scenario)
    _report_uncited(program, strict)
    n_def = sum(1 for s in program.symbols.values() if s.kind == "definitie")
    n_reg = sum(1 for r in program.regulations.values() if not r.is_scenario)
    console.print(f"ok: {n_reg} regelingen, {n_def} definities, "
                  f"{len(program.outputs)} uitkomsten, regelset {program.ruleset_hash}"
                  + (f", scenario {program.scenario}" if program.scenario else "")
                  + _status_text(program), markup=False)
    from rulescore.regimes import dated_bindings

    for binding in dated_bindings(program):
        console.print(binding.describe(), markup=False, soft_wrap=True)
    if coverage:
        from rulescore.coverage import gaps, transitions_in

        start, end = span
        found = gaps(program, start, end)
        for gap in found:
            console.print(gap.describe(), markup=False, soft_wrap=True)
        for line in transitions_in(program, start, end):
            console.print(f"overgangsrecht: {line}", markup=False, soft_wrap=True)
        console.print(f"dekking {start} tot en met {end}: {len(found)} gat(en)")


def _report_uncited(program, strict: bool) -> None:
    """RS299 for each declaration without grounds: warnings on stderr, or (``--streng``)
    the error that fails the check."""
    from rulescore.dsl.citation_checks import uncited

    found = uncited(program.regulations.values())
    if not found:
        return
    sources = {r.span.file: r.source for r in program.regulations.values()}
    if strict:
        raise RulesError(tuple(attrs.evolve(d, level="fout") for d in found), sources)
    err_console.print(render(found, sources), markup=False, soft_wrap=True, highlight=False)


def _status_text(program) -> str:
    status = program.regulations[program.scenario].status if program.scenario else None
    return f" (status {status.describe()})" if status else ""


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
@situation_argument
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
@situation_argument
@click.argument("name", metavar="NAAM")
@click.option("--persoon", "person", help="voor wie (standaard: iedereen)")
@click.option("--datum", "--date", "date")
@click.option("--periode", "period",
              help="verklaar de waarde in deze maand, dit kwartaal of jaar van een situatie "
                   "over de tijd (2026-09, 2026-K3, 2026); elke waarde noemt haar periode")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--diepte", "depth", type=click.IntRange(min=0),
              help="toon de gebruikte waarden tot zoveel stappen diep (standaard: alle)")
@click.option("--pad", "focus", metavar="NAAM",
              help="toon alleen de weg van de uitkomst naar de waarde NAAM (bijv. vermogen)")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@_scenario_option
def explain(situation, name, person, date, period, fmt, depth, focus, rules, scenario):
    """Explain NAME (regeling.definitie) down to the articles and inputs."""
    from rulescore import asked
    from rulescore.reference.explanation import explain_all
    from rulescore.reference.results import evaluate as run

    program = _program(rules, scenario)
    asked.definition(program, name, name)
    sit = _situation(situation, program)
    persons = [asked.person(sit, person, "--persoon")] if person else list(sit.person_ids)
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
    if focus:
        from rulescore.reference.focus import focused

        graph = focused(graph, focus)
    if fmt == "json":
        _write_json(json.dumps(graph.to_dict(depth), ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(graph.render(depth=depth), markup=False, soft_wrap=True)


@main.command()
@situation_argument
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


from rulescore.analysis_cli import werkloont_command  # noqa: E402  (commands of their own)
from rulescore.payments_cli import kalender_command  # noqa: E402
from rulescore.server.command import serve_command  # noqa: E402
from rulescore.why_cli import waarom_command  # noqa: E402
from rulescore.workbench.lsp_command import lsp_command  # noqa: E402
from rulescore.keten_cli import keten_command  # noqa: E402
from rulescore.info_cli import inputs_command, plugins_command, schema_command  # noqa: E402
from rulescore.batch_cli import batch_command  # noqa: E402
from rulescore.population_cli import populatie_command  # noqa: E402
from rulescore.impact_cli import impact_command  # noqa: E402
from rulescore.regimes_cli import regimes_command  # noqa: E402
from rulescore.overgang_cli import overgang_command  # noqa: E402
from rulescore.fmt_cli import fmt_command  # noqa: E402
from rulescore.analysis.runoff_cli import uitfasering_command  # noqa: E402
from rulescore.scan_cli import scan_command  # noqa: E402

for _command in (werkloont_command, kalender_command, serve_command, waarom_command, lsp_command,
                 keten_command, plugins_command, inputs_command, schema_command, batch_command,
                 populatie_command, impact_command, regimes_command, overgang_command, fmt_command,
                 uitfasering_command, scan_command):
    main.add_command(_command)
