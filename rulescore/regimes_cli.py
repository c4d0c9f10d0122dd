"""``rulescore regimes`` arguments into the table (rich) or JSON of every person's regime
of overgangsrecht per regulation (:mod:`rulescore.regimes`)."""

from __future__ import annotations

import json
import sys

import click

from rulescore import asked
from rulescore.cli_values import option_date, situation_argument
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.terminal import json_text, visible


@click.command("regimes")
@situation_argument
@click.option("--datum", "--date", "date", help="peildatum (JJJJ-MM-DD); standaard die uit de situatie")
@click.option("--regeling", "regulation", help="alleen deze regeling")
@click.option("--persoon", "person", help="alleen deze persoon")
@click.option("--json", "as_json", is_flag=True, help="JSON in plaats van een tabel")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True),
              help="extra regelbestand(en)")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False))
def regimes_command(situation, date, regulation, person, as_json, rules, scenario):
    """Per person and regulation: which regime of overgangsrecht (or version chosen by
    a date of the person) applies on the peildatum, which of the person's dates chose
    it, from when until when, and the article."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rulescore.cli_program import load_program
    from rulescore.regimes import choices
    from rulescore.situation import Situation
    from rulescore.textfiles import read_text

    program = load_program(extra_paths=rules, scenario=scenario)
    if regulation is not None and regulation not in program.regulations:
        raise RulesError((Diagnostic("RS334", f"onbekende regeling '{regulation}'",
                                     path="--regeling", hint=suggest(regulation,
                                                                     program.regulations)),))
    sit = Situation.from_json(read_text(situation, "RS300", "situatie"), program, source=situation)
    if person is not None:
        asked.person(sit, person, "--persoon")
    found = [c for c in choices(program, sit, option_date(date), regulation)
             if person is None or c.person in (None, person)]
    if as_json:
        text = json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(json_text(text, getattr(sys.stdout, "encoding", None)))
        return
    title = "Overgangsrecht: regime per persoon" + (
        "; begrip per regeling" if any(c.person is None for c in found) else "")
    table = Table(title=title, show_lines=True)
    for col in ("persoon", "definitie", "regime", "gekozen door", "van", "tot", "bron"):
        table.add_column(col, overflow="fold")
    for c in found:
        chosen = f"{c.date_name} {c.date.isoformat()}" if c.date else (c.date_name or "peildatum")
        regime = (f"{c.name}" + (f" ({c.title})" if c.title else "") if c.name
                  else c.regime or f"— {c.problem}")
        table.add_row(*(Text(visible(x)) for x in (
            c.person or "iedereen", c.definition, regime, chosen,
            c.start.isoformat() if c.start else "…", c.end.isoformat() if c.end else "…",
            c.citation)))
    Console().print(table)
