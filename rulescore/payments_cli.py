"""``rulescore kalender`` arguments into a household's payment calendar, as tables or JSON;
with ``--scenario`` also the calendar under the scenario and the difference per month."""

from __future__ import annotations

import json
import sys
from fractions import Fraction

import click
from rich.console import Console
from rich.table import Table

from rulescore import types as t
from rulescore.cli_values import situation_argument
from rulescore.terminal import cell, json_text
from rulescore.result_tables import runs, span_text
from rulescore.values import exact_text, shown

_AMOUNT = t.amount(None)


@click.command("kalender")
@situation_argument
@click.option("--jaar", "year", type=click.IntRange(1, 9998), required=True,
              help="de betalingen en terugvorderingen met een betaaldag in dit jaar")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False),
              help="ook de kalender met dit scenario (bijv. geharmoniseerde betaalmomenten), "
                   "en het verschil per maand")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def kalender_command(situation, year, scenario, rules, fmt):
    """Every payment and recovery of the household in a year, per day and regulation."""
    from rulescore.payments import payment_calendar
    from rulescore.cli_program import load_program
    from rulescore.situation import Situation
    from rulescore.textfiles import read_text

    program = load_program(extra_paths=rules)
    text = read_text(situation, "RS300", "situatie")
    base = payment_calendar(program, Situation.from_json(text, program, source=situation), year)
    other = None
    if scenario:
        changed = load_program(extra_paths=rules, scenario=scenario)
        other = payment_calendar(changed, Situation.from_json(text, changed, source=situation),
                                 year)
    if fmt == "json":
        doc = base.to_dict()
        if other is not None:
            doc["scenario"] = other.to_dict()
            doc["verschil_per_maand"] = {k: exact_text(v) for k, v in
                                         _difference(base, other).items()}
        sys.stdout.write(json_text(json.dumps(doc, ensure_ascii=False, indent=2,
                                              sort_keys=True) + "\n",
                                   getattr(sys.stdout, "encoding", None)))
        return
    console = Console(highlight=False, emoji=False)
    for cal, title in ((base, "zonder scenario" if other else ""),
                       (other, f"met scenario {other.program.scenario}" if other else None)):
        if cal is None:
            continue
        console.print(_payments_table(cal, title))
        if cal.unknown:
            grouped: dict = {}
            for q, label, why in cal.unknown:
                grouped.setdefault((q, why), []).append(label)
            console.print("niet bekend (een gegeven of bedrag ontbreekt):", markup=False)
            for (q, why), labels in grouped.items():
                spans = ", ".join(span_text(a, b) for a, b, _ in
                                  runs({label: {"waarde": 0} for label in labels}))
                console.print(cell(f"  {q} {spans}: {why}"), markup=False, soft_wrap=True)
        if cal.outside:
            console.print(cell("niet berekend (buiten de van/tot van de situatie): " + ", ".join(
                f"{q} {label}" for q, label in cal.outside)), markup=False, soft_wrap=True)
    console.print(_months_table(base, other))


def _payments_table(cal, title: str) -> Table:
    table = Table(title=cell(f"betalingen met een betaaldag in {cal.year}"
                             + (f", {title}" if title else "")))
    for col, justify in (("datum", "left"), ("voor", "left"), ("regeling", "left"),
                         ("uitkomst", "left"), ("periode", "left"), ("bedrag", "right")):
        table.add_column(col, justify=justify, overflow="fold")
    for p in cal.payments:
        sym = cal.program.symbols[p.qualname]
        table.add_row(p.day.isoformat(), cell(p.person), sym.regulation,
                      p.qualname.split(".", 1)[1], p.period.label(), shown(p.amount, _AMOUNT))
    return table


def _months_table(base, other) -> Table:
    table = Table(title=f"totaal per maand {base.year} (betaald min teruggevorderd)")
    table.add_column("maand")
    table.add_column("zonder scenario" if other else "totaal", justify="right")
    if other is not None:
        table.add_column(cell(f"met {other.program.scenario}"), justify="right")
        table.add_column("verschil", justify="right")
    a = base.per_month()
    b = other.per_month() if other is not None else {}
    diff = _difference(base, other) if other is not None else {}
    for month in [f"{base.year}-{m:02d}" for m in range(1, 13)]:
        row = [month, shown(a.get(month, Fraction(0)), _AMOUNT)]
        if other is not None:
            row += [shown(b.get(month, Fraction(0)), _AMOUNT),
                    shown(diff.get(month, Fraction(0)), _AMOUNT)]
        table.add_row(*row)
    return table


def _difference(base, other) -> dict[str, Fraction]:
    a, b = base.per_month(), other.per_month()
    return {k: b.get(k, Fraction(0)) - a.get(k, Fraction(0)) for k in sorted(set(a) | set(b))}
