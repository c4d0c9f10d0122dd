"""``rulescore scan`` arguments into the entitlements a situation's persons do not receive."""

from __future__ import annotations

import json
import sys

import click

from rulescore.cli_values import option_date, situation_argument
from rulescore.terminal import json_text, visible


@click.command("scan")
@situation_argument
@click.option("--datum", "--date", "date", help="peildatum (JJJJ-MM-DD); standaard die uit de situatie")
@click.option("--diepte", "depth", type=click.IntRange(0, 6), default=2, show_default=True,
              help="volg de beslissende voorwaarden zoveel regels diep")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False))
def scan_command(situation, date, depth, fmt, scenario):
    """Per person the outcomes they are probably entitled to but do not receive (their
    'ontvangt' says "nee" or clearly less): the amount, why, and the self-reported facts."""
    from rulescore.plugins import load_program
    from rulescore.scan import scan
    from rulescore.situation import Situation
    from rulescore.textfiles import read_text

    program = load_program(scenario=scenario)
    sit = Situation.from_json(read_text(situation, "RS300", "situatie"), program, source=situation)
    found = scan(program, sit, option_date(date), depth)
    if fmt == "json":
        text = json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))
    else:
        click.echo("\n".join(visible(line) for line in found.render().split("\n")))
