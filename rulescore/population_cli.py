"""``rulescore populatie`` arguments into a calibrated synthetic population in Parquet, and
the table of its targets against the achieved values (terminal, JSON or CSV)."""

from __future__ import annotations

import csv
import json
import sys

import click
from rich.console import Console
from rich.table import Table

from rulescore.terminal import visible

console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def _number(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def _percent(x: float) -> str:
    return f"{100 * x:+.2f} %".replace(".", ",")


def report_rows(rows: list[dict]) -> list[list[str]]:
    """The rows of the targets table as text: name, target, achieved, difference,
    tolerance, source (the docs table and the terminal table alike)."""
    return [[r["naam"], _number(r["doel"]), _number(r["bereikt"]), _percent(r["verschil"]),
             _percent(r["tolerantie"]).lstrip("+"), r["bron"]] for r in rows]


HEADER = ["doel", "waarde", "bereikt", "verschil", "tolerantie", "bron"]


@click.command("populatie")
@click.option("--huishoudens", "n", type=click.IntRange(10, 20_000_000), default=10_000,
              show_default=True, help="aantal huishoudens in de steekproef")
@click.option("--zaad", "seed", type=click.IntRange(0), default=2026, show_default=True,
              help="het zaad van de trekking: hetzelfde zaad geeft dezelfde populatie")
@click.option("-o", "--uitvoer", "output", type=click.Path(dir_okay=False, writable=True),
              required=True, help="het Parquet-bestand (één rij per huishouden, met gewicht)")
@click.option("--doelen", "targets_path", type=click.Path(exists=True, dir_okay=False),
              help="eigen doelen (TOML, zoals rulescore/population/doelen.toml)")
@click.option("--verslag", "report_path", type=click.Path(dir_okay=False, writable=True),
              help="schrijf de tabel doelen/bereikt ook als CSV")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def populatie_command(n, seed, output, targets_path, report_path, fmt):
    """Draw N households with SEED, calibrate their weights to published Dutch figures
    (doelen.toml, every figure with its source) and write them as Parquet."""
    from rulescore.atomic import AtomicOutput, interruptible
    from rulescore.cli_program import load_program
    from rulescore.population.targets import load

    program = load_program()
    targets = load(targets_path, program.outputs)
    try:
        with interruptible():
            built = _build_and_write(program, n, seed, targets, output)
    except KeyboardInterrupt as exc:  # ^C, SIGTERM, SIGHUP: the file is untouched
        from rulescore.batch.io import interrupted

        failure, code = interrupted(output, exc)
        err_console.print(failure.render(), markup=False, soft_wrap=True)
        sys.exit(code)
    rows = built.report()
    if report_path:
        with AtomicOutput(report_path) as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(report_rows(rows))
    if fmt == "json":
        sys.stdout.write(json.dumps({"huishoudens": n, "zaad": seed, "uitvoer": output,
                                     "doelen": rows}, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"populatie: {n} huishoudens, zaad {seed} → {visible(output)}")
    for col in HEADER:
        table.add_column(col, overflow="fold",
                         justify="right" if col in ("waarde", "bereikt", "verschil") else "left")
    for r in report_rows(rows):
        table.add_row(*r)
    console.print(table)
    outside = [r["naam"] for r in rows if not r["binnen"]]
    if outside:
        err_console.print(f"buiten de tolerantie: {', '.join(outside)}", markup=False)


def _build_and_write(program, n, seed, targets, output):
    from rulescore.atomic import AtomicOutput
    from rulescore.errors import Diagnostic, RulesError
    from rulescore.population import build as population_build
    from rulescore.progress import Run

    target = AtomicOutput(output)
    try:
        with Run(err_console, 2 * n, "huishoudens trekken en berekenen") as run:
            built = population_build.build(program, n, seed, targets, run)
            if not built.calibration.converged:
                raise RulesError((Diagnostic(
                    "RS395", "de gewichten kunnen niet op alle doelen worden gezet "
                             f"(na {built.calibration.iterations} stappen)",
                    path=targets.path, hint="neem meer --huishoudens, of kijk of de "
                    "doelen elkaar tegenspreken"),))
            run.describe("huishoudens schrijven")
            population_build.write(target.file.buffer, program, built, run)
        target.commit()
    finally:
        target.discard()
    run.report()
    return built
