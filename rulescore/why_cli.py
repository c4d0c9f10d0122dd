"""``rulescore waarom`` arguments into the deciding conditions of one outcome, rendered."""

from __future__ import annotations

import json
import sys

import click

from rulescore.cli_values import option_date, situation_argument
from rulescore import asked
from rulescore.terminal import json_text, visible


@click.command("waarom")
@situation_argument
@click.argument("name", metavar="NAAM")
@click.option("--persoon", "person", required=True, help="voor wie")
@click.option("--datum", "--date", "date", help="peildatum (JJJJ-MM-DD); standaard die uit de situatie")
@click.option("--diepte", "depth", type=click.IntRange(0, 6), default=2, show_default=True,
              help="volg de beslissende voorwaarden zoveel regels diep")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False))
def waarom_command(situation, name, person, date, depth, fmt, scenario):
    """Why NAME (regeling.definitie) has its value for --persoon: the conditions that
    decided it, the distance to each threshold, and the amount at which it would turn."""
    from rulescore.cli_program import load_program
    from rulescore.reference.why import why
    from rulescore.situation import Situation
    from rulescore.textfiles import read_text

    program = load_program(scenario=scenario)
    asked.definition(program, name, name)
    sit = Situation.from_json(read_text(situation, "RS300", "situatie"), program, source=situation)
    asked.person(sit, person, "--persoon")
    answer = why(program, sit, name, person, option_date(date), depth)
    if fmt == "json":
        text = json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))
    else:
        click.echo("\n".join(visible(line) for line in answer.render().split("\n")))
