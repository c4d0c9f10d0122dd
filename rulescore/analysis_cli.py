"""``rulescore werkloont`` arguments into an analysis, rendered as a table, JSON, CSV or chart."""

from __future__ import annotations

import csv
import json
import sys

import click

from rulescore.cli_values import option_date as _date, situation_argument

from rulescore.errors import Diagnostic, RulesError


@click.command("werkloont")
@situation_argument
@click.option("--persoon", "person", required=True, help="wiens verdiensten variëren")
@click.option("--brutoloon", "gross", metavar="VAN:TOT:STAP",
              help="raster van het bruto loon, bijv. 0:4000:50")
@click.option("--per", type=click.Choice(["maand", "jaar"]), default="maand", show_default=True,
              help="periode van het brutoloon en van het getoonde netto inkomen")
@click.option("--uren", "hours", metavar="VAN:TOT:STAP",
              help="raster van uren per week (met --uurloon), bijv. 0:40:4")
@click.option("--uurloon", "wage", metavar="BEDRAG", help="bruto uurloon, bijv. 14,40")
@click.option("--baan", "job", metavar="UREN",
              help="van de situatie zoals gegeven naar een baan van UREN per week (met --uurloon)")
@click.option("--datum", "--date", "date", help="peildatum (JJJJ-MM-DD)")
@click.option("--van", "first", help="eerste maand van een reeks (2026-01): netto over de maanden")
@click.option("--tot", "last", help="laatste maand van de reeks, die meetelt (2026-12)")
@click.option("--vergelijk-datum", "other_date", help="hetzelfde raster op een tweede peildatum")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False),
              help="scenariobestand voor de berekening")
@click.option("--vergelijk-scenario", "other_scenario", type=click.Path(exists=True, dir_okay=False),
              help="hetzelfde raster ook met dit scenario, naast elkaar")
@click.option("--regels", "rules", multiple=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--grafiek", "chart", type=click.Path(dir_okay=False),
              help="grafiek naar bestand: .png, .svg of .html (interactief met plotly)")
@click.option("--punt", "point", type=click.IntRange(0), help="verklaar het netto inkomen op dit punt")
def werkloont_command(situation, person, gross, per, hours, wage, job, date, first, last,
                      other_date, scenario, other_scenario, rules, fmt, chart, point):
    """Does work pay: net household income and marginal pressure over an earnings grid."""
    from rulescore.analysis import grid as g
    from rulescore.analysis.pressure import analyse, compare, transition
    from rulescore.cli_program import load_program
    from rulescore.situation import Situation
    from rulescore.textfiles import read_text

    given = [name for name, v in (("--brutoloon", gross), ("--uren", hours), ("--baan", job)) if v]
    if len(given) != 1:
        raise click.UsageError("geef precies één van --brutoloon, --uren of --baan")
    if (hours or job) and not wage:
        raise click.UsageError(f"{given[0]} vraagt ook --uurloon")
    if other_date and other_scenario:
        raise click.UsageError("vergelijk met een datum of met een scenario, niet beide")
    if chart and not chart.lower().endswith((".png", ".svg", ".html")):
        raise click.BadParameter("kies een bestand op .png, .svg of .html", param_hint="'--grafiek'")
    span = _span(first, last, date, job, point, other_date or other_scenario)
    when, other_when = _date(date), _date(other_date)
    program = load_program(extra_paths=rules, scenario=scenario)
    sit = Situation.from_json(read_text(situation, "RS300", "situatie"), program, source=situation)
    hourly = g.parse_amount(wage, "--uurloon") if wage else None
    if job:
        uren = g.parse_amount(job, "--baan")
        result = transition(program, sit, person, uren * hourly * g.WEEKS_PER_MONTH, when)
    else:
        points = g.parse_grid(gross or hours, "--brutoloon" if gross else "--uren")
        grid = g.Grid(points, per, hourly if hours else None)
        if span is not None:
            from rulescore.analysis.months import analyse_months
            result = analyse_months(program, sit, person, grid, *span)
        else:
            result = analyse(program, sit, person, grid, when)
    if point is not None:
        return _explain(program, sit, person, result, point)
    side = None
    if other_when or other_scenario:
        other = load_program(extra_paths=rules, scenario=other_scenario) if other_scenario else program
        second = analyse(other, sit, person, result.grid, other_when or when)
        side = compare(result, second)
        side_names = (str(result.date), str(other_when)) if other_when else (
            "zonder scenario", f"met {other.scenario}")
    if chart:
        from rulescore.analysis.chart import write_chart
        write_chart(result, chart)
    if fmt == "json":
        doc = result.to_dict()
        if side is not None:
            doc["vergelijking"] = {"namen": list(side_names), "punten": side}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        _csv(result)
    else:
        from rulescore.analysis.render import print_tables
        print_tables(result, side, side_names if side is not None else None, situation)


def _span(first, last, date, job, point, compared):
    """``--van``/``--tot`` as two months, or None; with the options a range cannot take."""
    from rulescore.cli_values import option_months

    if first is not None or last is not None:
        for flag, given in (("--datum", date), ("--baan", job), ("--punt", point is not None),
                            ("--vergelijk-…", compared)):
            if given:
                raise click.UsageError(f"--van/--tot gaat niet samen met {flag}")
    return option_months(first, last)


def _csv(result) -> None:
    doc = result.to_dict()
    groups = sorted({g for s in doc["stappen"] for g in s["per_regeling"]})
    terms = sorted({(o["groep"], o["term"]) for s in doc["stappen"] for o in s["per_onderdeel"]})
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["van", "naar", "bruto_van", "bruto_naar", "netto_van", "netto_naar",
                  "delta_bruto", "delta_netto", "marginale_druk", "signalen",
                  *(f"delta_{g}" for g in groups), *(f"druk_{g}" for g in groups),
                  *(f"druk_{g}:{t}" for g, t in terms)])
    pts = doc["punten"]
    for s in doc["stappen"]:
        a, b = pts[s["van"]], pts[s["naar"]]
        per = s["per_regeling"]
        parts = {(o["groep"], o["term"]): o["druk"] for o in s["per_onderdeel"]}
        out.writerow([s["van"], s["naar"], a["brutoloon"], b["brutoloon"], a["netto_huishouden"],
                      b["netto_huishouden"], s["delta_bruto"], s["delta_netto"],
                      s["marginale_druk"], " ".join(s["signalen"]),
                      *(per[g]["delta"] if g in per else "0.00" for g in groups),
                      *(per[g]["druk"] if g in per else "0.000000" for g in groups),
                      *(parts.get(k, "0.000000") for k in terms)])


def _explain(program, sit, person, result, point: int) -> None:
    """The explanation of every household member's besteedbaar_inkomen at one point."""
    from rulescore.analysis.grid import NET, at_wage
    from rulescore.reference.explanation import explain
    from rulescore.reference.results import evaluate

    if point >= len(result.wages):
        raise RulesError((Diagnostic("RS384", f"punt {point} bestaat niet: het raster heeft "
                                     f"{len(result.wages)} punten (0 tot en met "
                                     f"{len(result.wages) - 1})", path="--punt",
                                     hint="kies een punt uit de tabel"),))
    at = at_wage(sit, person, result.wages[point])
    res = evaluate(program, at, result.date, outputs=(NET,), trace=True)
    text = "\n\n".join(explain(res.context, NET, p).render() for p in result.household)
    click.echo(text)
