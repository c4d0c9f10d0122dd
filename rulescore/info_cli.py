"""Questions about the installed rules into tables and schemas: ``rulescore plugins``,
``inputs`` and ``schema``."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from rulescore.cli_program import load_program
from rulescore.terminal import cell, json_text

console = Console(highlight=False, emoji=False)


@click.command("plugins")
def plugins_command():
    """List installed plugins, their versions and what they contribute."""
    from rulescore.plugins import get_plugin_manager, list_plugins

    table = Table(title="rulescore plugins")
    for col in ("plugin", "distributie", "versie", "hooks", "regelbestanden"):
        table.add_column(col)
    for row in list_plugins(get_plugin_manager()):
        table.add_row(cell(row["plugin"]), cell(row["distributie"]), cell(row["versie"]),
                      cell(", ".join(row["hooks"])), cell(", ".join(row["regelbestanden"])))
    console.print(table)


@click.command("inputs")
@click.argument("regeling", metavar="[REGELING]", required=False)
def inputs_command(regeling):
    """List the inputs (invoer) to provide: all, or those REGELING needs through every
    regulation it reads (each with the regulation that declares it)."""
    from rulescore.inputs import needed_inputs

    rows = needed_inputs(load_program(), regeling)
    table = Table(title=f"invoer voor {regeling}" if regeling else "invoer")
    for col in ("naam", "type", "van", "regeling", "standaard", "bron", "zelf opgegeven"):
        table.add_column(col, overflow="fold")  # names whole, never cut off
    for r in rows:
        table.add_row(r["naam"], r["type"], r["van"], r["regeling"],
                      cell(r["standaard"] if r["standaard"] is not None else "verplicht"),
                      cell(r["bron"]), "ja" if r["zelf_opgegeven"] else "")
    console.print(table)


@click.command("schema")
@click.argument("soort", type=click.Choice(["situatie", "resultaat", "reeks"]),
                default="situatie")
def schema_command(soort):
    """Print the JSON Schema of a situation (from the declared inputs), or of the results
    of evaluate on one day (resultaat) or over a range of months (reeks)."""
    from rulescore.result_schema import range_schema, result_schema
    from rulescore.schema import situation_schema

    make = {"situatie": situation_schema, "resultaat": result_schema, "reeks": range_schema}
    text = json.dumps(make[soort](load_program()), indent=2, ensure_ascii=False) + "\n"
    sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))
