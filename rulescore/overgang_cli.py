"""``rulescore overgang`` arguments into the comparison of a reform's transitional options
(:mod:`rulescore.overgang`): per option, person and year, or over a population; rich
tables or JSON."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from rulescore.impact_cli import count, euros
from rulescore.terminal import cell, json_text, visible

console = Console(highlight=False, emoji=False)


@click.command("overgang")
@click.argument("situation", metavar="SITUATIE", required=False,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False), required=True,
              help="scenario met 'hervorming vanaf …' en overgangsopties")
@click.option("--jaren", "year_spec", metavar="JJJJ:JJJJ",
              help="de jaren (standaard vijf vanaf het jaar van de hervorming)")
@click.option("--optie", "names", multiple=True, help="alleen deze optie(s)")
@click.option("--uitkomst", "outcome",
              help="het bedrag per persoon (standaard de maatstaf van impact: "
                   "besteedbaar_inkomen.besteedbaar_inkomen)")
@click.option("--populatie", "population", type=click.Path(exists=True, dir_okay=False),
              help="gewogen huishoudens (Parquet, als bij impact) in plaats van SITUATIE")
@click.option("--json", "as_json", is_flag=True, help="JSON in plaats van tabellen")
def overgang_command(situation, scenario, year_spec, names, outcome, population, as_json):
    """Compare the transitional options of SCENARIO's reform with current law: per option,
    person and year the amount, the difference and the total over the years; or, with
    --populatie, per option and year the households affected, the gainers and losers and
    the cost."""
    from rulescore import overgang

    if (situation is None) == (population is None):
        raise click.UsageError("geef een SITUATIE of --populatie (één van beide)")
    opts = overgang.load(scenario, tuple(names))
    try:
        year_list = overgang.years(opts.date, year_spec)
    except ValueError:
        raise click.BadParameter(f"'{year_spec}' is geen jaar of reeks van jaren (bijvoorbeeld "
                                 "2028:2032)", param_hint="--jaren") from None
    if population:
        report = overgang.per_population(opts, population, year_list)
    else:
        from rulescore.impact.budget import load as load_lines
        from rulescore.textfiles import read_text

        outcome = outcome or load_lines(opts.current).measure
        report = overgang.per_person(opts, read_text(situation, "RS300", "situatie"), outcome,
                                     year_list, source=situation)
    if as_json:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))
        return
    console.print(f"overgangsopties van scenario {report['scenario']} ({report['titel']}), "
                  f"hervorming vanaf {report['hervorming']}", markup=False, soft_wrap=True)
    (_population_tables if population else _person_tables)(report)


def _person_tables(report: dict) -> None:
    for option in report["opties"]:
        t = Table(title=f"optie {visible(option['optie'])}: {visible(option['titel'])} — "
                        f"{visible(report['uitkomst'])} op jaarbasis")
        for col in ("persoon", "jaar", "optie", "huidig recht", "verschil"):
            t.add_column(col, justify="left" if col == "persoon" else "right")
        for p in option["personen"]:
            for row in p["jaren"]:
                t.add_row(cell(p["persoon"]), str(row["jaar"]), euros(row["bedrag"], 2),
                          euros(row["huidig"], 2), euros(row["verschil"], 2))
            total = p["totaal"]
            t.add_row(cell(p["persoon"]), "totaal", euros(total["bedrag"], 2),
                      euros(total["huidig"], 2), euros(total["verschil"], 2))
        console.print(t)


def _population_tables(report: dict) -> None:
    for option in report["opties"]:
        t = Table(title=f"optie {visible(option['optie'])}: {visible(option['titel'])} "
                        f"— {visible(report['populatie'])}")
        for col in ("jaar", "getroffen", "verliezers", "winnaars", "kosten per jaar"):
            t.add_column(col, justify="right")
        for row in option["jaren"]:
            t.add_row(str(row["jaar"]), count(row["getroffen"]), count(row["verliezers"]),
                      count(row["winnaars"]), euros(row["kosten"]))
        t.add_row("totaal", "", "", "", euros(option["kosten_totaal"]))
        console.print(t)
