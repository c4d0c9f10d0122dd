"""``rulescore impact`` arguments into an impact report of a scenario on a population:
rich tables, JSON, and a Parquet file of the per-household differences."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from rulescore.cli_values import option_date
from rulescore.terminal import cell, json_text, visible

console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def euros(x: float, decimals: int = 0) -> str:
    text = f"{x:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}" if not text.startswith("-") else f"-€ {text[1:]}"


def count(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


@click.command("impact")
@click.argument("population", metavar="POPULATIE", type=click.Path(exists=True, dir_okay=False))
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False),
              help="het scenario dat met het huidige recht wordt vergeleken")
@click.option("--harmoniseer", "concept", metavar="BEGRIP",
              help="bind elke regeling aan elke variant van dit begrip (bijv. partner): "
                   "een rapport per variant")
@click.option("--datum", "date", help="peildatum (JJJJ-MM-DD); standaard die van de populatie")
@click.option("--jaar", "year", type=click.IntRange(1900, 2200),
              help="kort voor --datum 1 januari van dat jaar")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--verschillen", "differences", type=click.Path(dir_okay=False, writable=True),
              help="Parquet-bestand met het verschil per huishouden (alleen met --scenario)")
@click.option("--verliezers", "n_losers", type=click.IntRange(0, 5), default=3,
              show_default=True, help="zoveel grootste verliezers met uitleg")
@click.option("--grafiek", "chart", type=click.Path(dir_okay=False, writable=True),
              help="grafiek (.png of .svg): verschil per deciel en huishoudtype, budget per "
                   "regeling")
@click.option("--werkers", "workers", type=click.IntRange(1, 64),
              help="reken de blokken van de populatie op een lokaal Dask-cluster met zoveel "
                   "processen (extra 'dask'); het rapport is hetzelfde als zonder")
def impact_command(population, scenario, concept, date, year, fmt, differences, n_losers,
                   chart, workers):
    """Compare current law with SCENARIO over the weighted households of POPULATION
    (Parquet): budget per regulation per year, gainers and losers, by household type and
    income decile, the largest losers explained; or, with --harmoniseer, every variant of
    a concept."""
    import datetime as dt

    from rulescore.impact import budget
    from rulescore.cli_program import load_program

    if date and year:
        raise click.UsageError("geef --datum of --jaar, niet beide")
    if bool(scenario) == bool(concept):
        raise click.UsageError("geef --scenario of --harmoniseer (één van beide)")
    if concept and differences:
        raise click.UsageError("--verschillen alleen met --scenario")
    if chart and not chart.lower().endswith((".png", ".svg")):
        raise click.UsageError("--grafiek: een .png- of .svg-bestand")
    when = dt.date(year, 1, 1) if year else option_date(date)
    base = load_program()
    lines = budget.load(base)
    from rulescore.impact.remote import Recipe

    refused: dict = {}
    if scenario:
        changed = {None: load_program(scenario=scenario)}
        recipes = {None: Recipe.of_file(scenario)}
    else:
        from rulescore.impact import harmonise

        if concept not in base.concepts():
            raise click.BadParameter(f"onbekend begrip '{visible(concept)}'; begrippen: "
                                     + ", ".join(sorted(base.concepts())),
                                     param_hint="'--harmoniseer'")
        changed, refused = harmonise.programs(base, concept)
        recipes = {v: Recipe(text=harmonise.scenario_text(base, concept, v),
                             name=harmonise.file_name(concept, v)) for v in changed}
    from rulescore.batch.parquet_io import count as count_rows
    from rulescore.progress import Run

    reports, total = {}, count_rows(population)
    with _cluster(workers) as client:
        for variant, program in changed.items():
            label = (f"begrip {concept} volgens {variant}" if variant is not None
                     else "huidig recht en scenario")
            with Run(err_console, total, label, prefix=f"{label}: " if variant else "") as run:
                households, figures = _figures(population, base, program, lines, when,
                                               n_losers, run, client,
                                               (Recipe(), recipes[variant]))
            run.report()
            if differences:
                _write_differences(differences, households, lines)
            reports[variant] = figures
    if chart:
        from rulescore.impact.charts import draw

        draw(chart, reports)
    doc = reports[None] if scenario else {"harmonisatie": concept, "varianten": reports,
                                          "niet_toepasbaar": refused}
    if fmt == "json":
        sys.stdout.write(json_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                   getattr(sys.stdout, "encoding", None)))
        return
    for variant, figures in reports.items():
        if variant is not None:
            console.print(f"— begrip {concept} volgens {variant} in elke regeling —",
                          markup=False)
        print_report(figures)
    for variant, diags in refused.items():
        console.print(f"— begrip {concept} volgens {variant}: niet in elke regeling toe te "
                      f"passen ({len(diags)} fout(en), bijv. {diags[0]['code']} "
                      f"{diags[0]['plaats']}: {diags[0]['melding']}) —",
                      markup=False, soft_wrap=True)


def _cluster(workers: int | None):
    """A local Dask cluster's client for ``--werkers N``; None without it."""
    from contextlib import nullcontext

    if not workers:
        return nullcontext(None)
    from rulescore.cluster import DaskMissing, local_cluster

    try:
        import distributed  # noqa: F401
    except ImportError:
        raise click.UsageError(str(DaskMissing())) from None
    return local_cluster(workers)


def _figures(population, base, changed, lines, when, n_losers, run=None, client=None,
             recipes=None):
    """(households, the report as a JSON-ready document) of one scenario, its blocks
    reported to ``run`` and, with a Dask ``client``, evaluated on its workers from the
    ``recipes`` of both programs."""
    from rulescore.impact import report
    from rulescore.impact.losers import explain_loser
    from rulescore.reference.results import provenance

    households, losers, peildatum = report.evaluate(population, base, changed, lines, when,
                                                    run, client, recipes)
    figures = report.summarise(households, lines)
    figures["verliezers"] = [
        {"rij": row, "verschil_per_maand": change,
         **explain_loser(base, changed, situation, peildatum)}
        for change, row, situation in losers[:n_losers]]
    figures["herkomst"] = {**provenance(changed, {"peildatum": peildatum.isoformat()}),
                           "populatie": population, "huidig_recht": base.ruleset_hash,
                           "scenario_titel": changed.regulations[changed.scenario].title
                           if changed.scenario else None}
    return households, figures


def print_report(f: dict) -> None:
    """The report as rich tables (data as text, never markup)."""
    h = f["herkomst"]
    status = (h.get("scenario_status") or {}).get("weergave", "geen status opgegeven")
    console.print(f"impact van scenario {h['scenario']} ({h['scenario_titel']}; status "
                  f"{status}) op "
                  f"{visible(h['populatie'])}: {count(f['huishoudens'])} huishoudens "
                  f"({f['steekproef']} in de steekproef), peildatum {h['peildatum']}",
                  markup=False, soft_wrap=True)
    t = Table(title="budget per jaar (uitgaven; belasting als negatieve uitgave)")
    for col in ("regeling", "huidig recht", "scenario", "verschil"):
        t.add_column(col, justify="left" if col == "regeling" else "right")
    for b in [*f["budget"], {"regeling": "totaal", **f["budget_totaal"]}]:
        t.add_row(cell(b["regeling"]), euros(b["huidig"]), euros(b["scenario"]),
                  euros(b["verschil"]))
    console.print(t)
    t = Table(title="verschil in besteedbaar inkomen per maand")
    for col in ("klasse", "huishoudens", "aandeel"):
        t.add_column(col, justify="left" if col == "klasse" else "right")
    for b in f["klassen"]:
        t.add_row(b["klasse"], count(b["huishoudens"]), f"{100 * b['aandeel']:.1f} %".replace(".", ","))
    console.print(t)
    for key, title in (("per_huishoudtype", "naar huishoudtype"),
                       ("per_inkomensdeciel", "naar inkomensdeciel (besteedbaar inkomen, huidig recht)")):
        t = Table(title=title)
        for col in ("groep", "huishoudens", "gemiddeld verschil per maand", "verliezers > € 10",
                    "winnaars > € 10"):
            t.add_column(col, justify="left" if col == "groep" else "right")
        for g in f[key]:
            t.add_row(cell(str(g["groep"])), count(g["huishoudens"]),
                      euros(g["gemiddeld_verschil_per_maand"], 2), count(g["verliezers"]),
                      count(g["winnaars"]))
        console.print(t)
    for loser in f["verliezers"]:
        console.print(f"verliezer: rij {loser['rij']}, {euros(loser['verschil_per_maand'], 2)} "
                      "per maand", markup=False)
        for c in loser["veranderingen"]:
            console.print(f"  {c['persoon']}: {c['uitkomst']} {c['huidig']} → {c['scenario']}",
                          markup=False, soft_wrap=True)
        if loser["uitleg"]:
            console.print(loser["uitleg"], markup=False, soft_wrap=True)


def _write_differences(path: str, h, lines) -> None:
    """One row per household: id, row, weight, type, the measure under both and its
    change per month, and the change per regulation per year; complete or not at all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rulescore.atomic import AtomicOutput

    columns = {"huishouden": pa.array(h.ids), "rij": pa.array(h.rows),
               "gewicht": pa.array(h.weights), "huishoudtype": pa.array(h.kinds),
               "besteedbaar_huidig_per_maand": pa.array(h.base),
               "besteedbaar_scenario_per_maand": pa.array(h.scenario),
               "verschil_per_maand": pa.array(h.change)}
    for j, line in enumerate(lines.lines):
        columns[f"verschil_{line.regulation}_per_jaar"] = pa.array(
            h.lines_scenario[:, j] - h.lines_base[:, j])
    target = AtomicOutput(path)
    try:
        pq.write_table(pa.table(columns), target.file.buffer, compression="zstd")
        target.commit()
    finally:
        target.discard()
