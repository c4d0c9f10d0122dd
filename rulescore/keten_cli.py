"""``rulescore keten`` arguments into the keteneffecten of a situation's back-payments
(nabetalingen), as tables or JSON: which outcomes change without them, in which period,
by how much, along which articles, and which payments and recoveries change."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from rulescore import types as t
from rulescore.terminal import cell, json_text
from rulescore.values import shown

_AMOUNT = t.amount(None)


@click.command("keten")
@click.argument("situation", metavar="SITUATIE",
                type=click.Path(exists=True, dir_okay=False))
@click.option("--van", "first", callback=lambda c, p, v: _month(v, "--van"), required=True,
              help="eerste maand van de reeks (2026-01 of januari 2026)")
@click.option("--tot", "last", callback=lambda c, p, v: _month(v, "--tot"), required=True,
              help="laatste maand van de reeks (die maand telt mee)")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False),
              help="reken met dit scenario (bijv. de firewall voor nabetalingen)")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def keten_command(situation, first, last, scenario, rules, fmt):
    """The keteneffecten of the back-payments in SITUATION over a range of months."""
    from rulescore.keten import articles, chain
    from rulescore.cli_program import load_program
    from rulescore.textfiles import read_text

    program = load_program(extra_paths=rules, scenario=scenario)
    text = read_text(situation, "RS300", "situatie")
    result = chain(program, text, first, last, source=situation)
    if fmt == "json":
        sys.stdout.write(json_text(result.to_json(), getattr(sys.stdout, "encoding", None)))
        return
    console = Console(highlight=False, emoji=False)
    title = f"keteneffecten van nabetalingen, {first.label()} t/m {last.label()}" + (
        f", met scenario {program.scenario}" if program.scenario else "")
    console.print(cell(title), markup=False)
    if not result.inputs:
        console.print("de regels markeren geen invoer als nabetaling (naam 'nabetaling_…')",
                      markup=False)
        return
    if not result.payments_in:
        console.print("geen nabetalingen in deze reeks: niets verandert", markup=False)
        return
    console.print(_backpayments(result))
    if not result.changes:
        console.print("geen uitkomst verandert door de nabetalingen", markup=False)
    else:
        console.print(_changes(result))
        for qual in sorted(result.paths):
            steps = articles(program, result.paths[qual])
            console.print(cell(f"waarom {qual}:"), markup=False)
            for step in steps:
                console.print(cell(f"  ← {step['naam']}" + (f"  ({step['bron']})"
                                                             if step["bron"] else "")),
                              markup=False, soft_wrap=True)
    if result.calendar:
        console.print(_calendar(result))
    else:
        console.print("de betaalkalender verandert niet (geen betaalde uitkomst verandert)",
                      markup=False)


def _month(text: str | None, flag: str):
    """``2026-03`` or ``maart 2026`` as a month; a usage error in Dutch otherwise."""
    from rulescore.periods import NotAMonth, parse_month

    if text is None:
        return None
    try:
        return parse_month(text)
    except NotAMonth as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None


def _backpayments(result) -> Table:
    table = Table(title="nabetalingen")
    for col in ("persoon", "invoer", "betaald in", "bedrag", "reden", "betreft"):
        table.add_column(col, justify="right" if col == "bedrag" else "left", overflow="fold")
    for person, name, month, amount, extra in result.payments_in:
        table.add_row(cell(person), name, month, shown(amount, _AMOUNT),
                      cell(extra.get("reden", "")), cell(extra.get("betreft", "")))
    return table


def _changes(result) -> Table:
    table = Table(title="uitkomsten die veranderen (met min zonder de nabetalingen)")
    for col, justify in (("persoon", "left"), ("regeling", "left"), ("uitkomst", "left"),
                         ("periode", "left"), ("met", "right"), ("zonder", "right"),
                         ("verschil", "right")):
        table.add_column(col, justify=justify, overflow="fold")
    program = result.program
    for c, label in _joined(result.changes):
        sym = program.symbols[c.qualname]
        diff = (shown(c.with_ - c.without, sym.type)
                if _numeric(c.with_) and _numeric(c.without) else "")
        table.add_row(cell(c.person), sym.regulation, c.qualname.split(".", 1)[-1],
                      label, shown(c.with_, sym.type), shown(c.without, sym.type), diff)
    return table


def _joined(changes):
    """The changes with consecutive periods of equal values joined (``2026-01 t/m
    2026-12``), each with its label."""
    out = []
    for c in changes:
        if out:
            last, first_label = out[-1]
            if (last.qualname, last.person, last.with_, last.without) == (
                    c.qualname, c.person, c.with_, c.without) \
                    and last.period.shifted(1) == c.period:
                out[-1] = (c, first_label.split(" t/m ")[0] + " t/m " + c.period.label())
                continue
        out.append((c, c.period.label()))
    return out


def _calendar(result) -> Table:
    table = Table(title="betalingen en terugvorderingen die veranderen (met min zonder)")
    for col, justify in (("datum", "left"), ("persoon", "left"), ("regeling", "left"),
                         ("uitkomst", "left"), ("periode", "left"), ("verschil", "right"),
                         ("gevolg", "left")):
        table.add_column(col, justify=justify, overflow="fold")
    for day, person, qual, label, a, b in result.calendar:
        regulation, name = qual.split(".", 1)
        table.add_row(day.isoformat(), cell(person), regulation, name, label,
                      shown(a - b, _AMOUNT), "nabetaling" if a > b else "terugvordering")
    return table


def _numeric(value) -> bool:
    from rulescore.exact import is_number

    return is_number(value)
