"""``rulescore batch`` arguments into a run over many households: JSON Lines or Parquet in,
CSV or Parquet out, block by block, with the file appearing only when complete."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from rulescore.cli_values import option_date as _date, option_months
from rulescore.errors import RulesError
from rulescore.progress import Run
from rulescore.terminal import drop_stdout, visible

err_console = Console(stderr=True, highlight=False, emoji=False)


def _fail(exc: RulesError, code: int = 1) -> None:
    err_console.print(exc.render(), markup=False, soft_wrap=True)
    sys.exit(code)


def is_parquet_output(output: str | None) -> bool:
    return bool(output) and output.lower().endswith((".parquet", ".pq"))


@click.command("batch")
@click.argument("households", metavar="HUISHOUDENS", type=click.Path(exists=True, dir_okay=False))
@click.option("--datum", "--date", "date",
              help="peildatum (JJJJ-MM-DD); standaard de ene peildatum van alle regels")
@click.option("--van", "first", help="eerste maand van een reeks (2026-01 of 'januari 2026')")
@click.option("--tot", "last", help="laatste maand van de reeks, die meetelt (2026-12)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="aantal processen")
@click.option("--uitvoer", "--output", "output", type=click.Path(dir_okay=False, writable=True),
              help="CSV-bestand, of Parquet als de naam op .parquet eindigt "
                   "(standaard: CSV op standaarduitvoer)")
@click.option("--nl", "dutch", is_flag=True,
              help="CSV voor Nederlandse spreadsheets: puntkomma's en decimale komma's")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False),
              help="scenariobestand: bindt regelingen aan andere begripsvarianten en/of "
                   "wijzigt parameters")
def batch_command(households, date, first, last, workers, output, dutch, rules, scenario):
    """Evaluate many households: HOUSEHOLDS is JSON Lines (one situation per line) or
    Parquet (one household per row, docs/batch_parquet.rst), read in blocks.

    Writes CSV, one row per person: line, person, every outcome (amounts in euros); with
    --van/--tot one row per person, outcome and period (line, person, outcome, period, value).
    With --uitvoer NAAM.parquet: Parquet, one row per person with the household's id and
    weight. A household that cannot be evaluated is reported with its line; the others are
    written."""
    from rulescore.atomic import AtomicOutput, interruptible, same_file
    from rulescore.batch import io as batch_io
    from rulescore.batch import parquet_io, parquet_results
    from rulescore.batch.run import WorkerLost
    from rulescore.cli_program import load_program

    for source in (households, *rules, *([scenario] if scenario else [])) if output else ():
        if same_file(output, source):
            raise click.BadParameter(f"'{visible(output)}' is het invoerbestand "
                                     f"'{visible(source)}': de uitvoer zou de invoer "
                                     "vervangen; kies een ander bestand",
                                     param_hint="'--uitvoer'")
    program = load_program(extra_paths=rules, scenario=scenario)
    span = option_months(first, last, date)  # RS541/RS542 before the households are read
    parquet_in, parquet_out = parquet_io.is_parquet(households), is_parquet_output(output)
    if span is not None and (parquet_in or parquet_out):
        raise click.UsageError("een reeks maanden (--van/--tot) leest en schrijft JSON Lines "
                               "en CSV; Parquet alleen op één peildatum (--datum)")
    if parquet_in:
        found = parquet_io.blocks(households, program, _date(date))
        total = parquet_io.count(households)
    else:
        one = (batch_io.read_households(households, program, _date(date)) if span is None
               else batch_io.read_timelines(households, program))
        found, total = iter([one]), len(one.situations)
    unit = "rij" if parquet_in else "regel"
    target, failures, first_block = None, [], True
    run = Run(err_console, total, "huishoudens berekenen")
    try:
        with interruptible():
            if output:  # created before the run: an unwritable file is reported before the work
                try:
                    target = AtomicOutput(output)
                except OSError as exc:
                    raise click.BadParameter(
                        f"kan '{visible(output)}' niet schrijven: {exc.strerror}",
                        param_hint="'--uitvoer'") from None
            out = target.file if target else sys.stdout
            writer = (parquet_results.ResultWriter(target.file.buffer, program, program.outputs)
                      if parquet_out else None)
            with run:
                for block in found:
                    result = _block(program, block, span, workers, out, writer, dutch,
                                    header=first_block)
                    first_block = False
                    run.block(block.situations, result)
                    if failed := batch_io.errors_by_line(block, result, unit):
                        failures.append(failed)
            try:
                if writer:
                    writer.close()
                if target:
                    target.commit()
                else:
                    out.flush()
            except OSError as exc:
                if not target:
                    drop_stdout()
                _fail(batch_io.write_failed(output, exc))
    except KeyboardInterrupt as exc:  # ^C, or SIGTERM/SIGHUP (atomic.Interrupted)
        _fail(*batch_io.interrupted(output, exc, written=bool(target and target.replaced)))
    except WorkerLost as exc:
        _fail(batch_io.worker_lost(block, exc))
    finally:
        if target:
            target.discard()
    run.report()
    if failures:
        _fail(RulesError(tuple(d for f in failures for d in f.diagnostics),
                         {k: v for f in failures for k, v in f.sources.items()}))


def _block(program, block, span, workers, out, writer, dutch, header):
    """One block evaluated and written; its result."""
    from rulescore.batch import io as batch_io
    from rulescore.batch.population import Population
    from rulescore.batch.run import evaluate_batch

    if span is not None:
        from rulescore.batch.ranges import evaluate_batch_range

        result = evaluate_batch_range(program, block.situations, *span, workers=workers)
        batch_io.write_range_csv(out, block, result, program, dutch)
        return result
    pop = Population.from_situations(block.situations, program)
    result = evaluate_batch(program, pop, block.date, workers=workers)
    if writer is not None:
        writer.write(block, pop, result)
    else:
        batch_io.write_csv(out, block, pop, result, program, dutch, header)
    return result
