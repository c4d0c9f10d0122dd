"""``rulescore uitfasering`` arguments into a run-off projection of a closed regime, shown as
a table (rich), JSON or a chart (:mod:`rulescore.analysis.runoff`)."""

from __future__ import annotations

import json
import sys

import click

from rulescore.errors import Diagnostic, RulesError


def percentage(text: str, flag: str) -> float:
    """``2,0%``, ``2%`` or ``0.02`` as a fraction."""
    raw = text.strip().replace(",", ".")
    try:
        return float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise RulesError([Diagnostic("RS703", f"'{text}' is geen percentage", path=flag,
                                     hint="bijv. 2,0%")]) from None


@click.command("uitfasering")
@click.argument("regeling")
@click.option("--populatie", "population", type=click.Path(exists=True, dir_okay=False),
              help="huidige gerechtigden (JSON, CSV of Parquet); anders gegenereerd uit het "
                   "profiel")
@click.option("--disconto", "rate", default="2,0%", show_default=True,
              help="disconteringsvoet per jaar voor de contante waarde")
@click.option("--jaren", "years", type=click.IntRange(1, 120), default=40, show_default=True)
@click.option("--indexatie", "indexation", default="0%", show_default=True,
              help="jaarlijkse stijging van de uitkering na de peildatum")
@click.option("--opslag", "premium", default="0%", show_default=True,
              help="opslag op de contante waarde bij afkoop")
@click.option("--seed", type=int, default=1, show_default=True,
              help="zaad van de gegenereerde populatie")
@click.option("--sterftetafel", "table", type=click.Path(exists=True, dir_okay=False),
              help="eigen sterftetafel (CSV); standaard CBS 60025")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="JSON in plaats van een tabel")
@click.option("--grafiek", "chart", type=click.Path(dir_okay=False),
              help="grafiek naar bestand: .png of .svg")
def uitfasering_command(regeling, population, rate, years, indexation, premium, seed, table,
                        rules, scenario, as_json, chart):
    """Run-off of a closed regime: recipients, benefits and execution cost per year, and
    the cost of buying it out against keeping it."""
    from rulescore.analysis import runoff, runoff_population as rp
    from rulescore.analysis.mortality import read_table
    from rulescore.plugins import load_program

    if chart and not chart.lower().endswith((".png", ".svg")):
        raise click.BadParameter("kies een bestand op .png of .svg", param_hint="'--grafiek'")
    r, idx, prem = (percentage(rate, "--disconto"), percentage(indexation, "--indexatie"),
                    percentage(premium, "--opslag"))
    program = load_program(extra_paths=rules, scenario=scenario)
    profile = rp.profile_for(regeling)
    day, people = (rp.read_population(population) if population
                   else rp.generate(profile, seed))
    found = rp.recipients(program, profile, day, people, population or "populatie")
    mortality = read_table(table)
    p = runoff.project(found, mortality, day.year, years, r, profile.costs, idx, prem)
    if chart:
        from rulescore.analysis.runoff_chart import write_chart
        write_chart(p, regeling, chart)
    doc = runoff.to_dict(p) | {
        "regeling": regeling, "peildatum": day.isoformat(),
        "populatie": population or {"gegenereerd": True, "seed": seed,
                                    **{k: v for k, v in profile.data["populatie"].items()
                                       if k != "feiten"}},
        "sterftetafel": mortality.source, "indexatie": idx, "opslag": prem,
        "aannames": profile.assumptions() + (
            [] if population else [profile.data["populatie"].get("aanname", "")])}
    if as_json:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    _print(doc)


def _euro(x: float, million: bool = False) -> str:
    if million:
        return f"{x / 1e6:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {x:,.0f}".replace(",", ".")


def _print(doc: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Uitfasering {doc['regeling']} vanaf {doc['peildatum']} "
                    f"(disconto {doc['disconto']:.1%})".replace(".", ",", 1))
    # amounts of a large regime in € mln, so that the table fits a terminal
    mln = max((y["kosten_instandhouding"] for y in doc["jaren"]), default=0) >= 1e8
    unit = " (€ mln)" if mln else ""
    for col in ("jaar", "gerechtigden", "uitkeringslasten", "uitvoeringskosten",
                "instandhouden", "afkopen"):
        t.add_column(col + (unit if col not in ("jaar", "gerechtigden") else ""),
                     justify="right")
    for y in doc["jaren"]:
        t.add_row(str(y["jaar"]), f"{y['gerechtigden']:,.1f}".replace(",", "_").replace(
            ".", ",").replace("_", "."), *(_euro(y[k], mln) for k in (
                "uitkeringslasten", "uitvoeringskosten", "kosten_instandhouding",
                "kosten_afkoop")))
    console = Console()
    console.print(t)
    first = doc["eerste_jaar_afkoop_goedkoper"]
    console.print(f"afkoop goedkoper dan instandhouden vanaf: {first or 'geen jaar in de reeks'}")
    last = doc["jaren"][-1]
    if last["gerechtigden"] > 0:
        console.print(f"let op: in {last['jaar']} nog {last['gerechtigden']:.1f} gerechtigden "
                      "verwacht; de contante waarden tellen alleen de jaren van de reeks "
                      "(--jaren)".replace(".", ",", 1))
    console.print(f"sterftetafel: {doc['sterftetafel']}")
    for a in doc["aannames"]:
        console.print(f"aanname: {a}")
