"""An analysis into a chart file (matplotlib): net income stacked per regulation against
gross earnings (what a regulation adds above zero, what it takes below, so that the
stack adds up to the net income line), and the marginal pressure per step with the 70 %
line; Dutch labels (:mod:`rulescore.analysis.labels`).

PNG and SVG are matplotlib's own; ``.html`` is a page with the SVG inline and the plotted
series as JSON (``<script type="application/json" id="reeksen">``), so the numbers can be
read back. :func:`figure` returns the matplotlib figure for a test to inspect its data."""

from __future__ import annotations

import html
import io
import json

from rulescore.analysis.labels import group_label
from rulescore.analysis.pressure import Analysis


def series(a: Analysis) -> dict:
    """The plotted numbers (floats, euros per the grid's period; pressure as a fraction)."""
    f = a.grid.factor
    gross = [float(w * f) for w in a.wages]
    groups = sorted({g for p in a.points or () for g, _ in p.terms})
    stacked = {g: [float(sum((v for (gg, _), v in p.terms.items() if gg == g), 0) * f)
                   for p in a.points] for g in groups} if a.points else {}
    mids = [(x + y) / 2 for x, y in zip(gross, gross[1:])]
    return {"bruto": gross, "netto": [float(n * f) for n in a.nets], "per_regeling": stacked,
            "namen": {g: group_label(g) for g in groups},
            "stap_midden": mids, "marginale_druk": [float(s.pressure) for s in a.steps]}


def figure(a: Analysis):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    data = series(a)
    fig = Figure(figsize=(9, 7))
    top, bottom = fig.subplots(2, 1, sharex=True)
    names = data["namen"]
    colours = {g: f"C{i % 10}" for i, g in enumerate(data["per_regeling"])}
    shown: set = set()  # each regulation once in the legend
    for sign in (1, -1):  # what a regulation adds above zero, what it takes below
        part = {g: [max(sign * v, 0) * sign for v in vs]
                for g, vs in data["per_regeling"].items() if any(sign * v > 0 for v in vs)}
        if part:
            top.stackplot(data["bruto"], *part.values(), colors=[colours[g] for g in part],
                          labels=[("_" if g in shown else "") + names[g] for g in part],
                          alpha=0.6)
            shown |= set(part)
    top.axhline(0, color="grey", linewidth=0.5)
    top.plot(data["bruto"], data["netto"], color="black", label="netto huishouden", gid="netto")
    top.set_ylabel(f"per {a.grid.per} (€)")
    top.set_title(f"loont werken? {a.person} op {a.date}")
    top.legend(fontsize="small", loc="upper left")
    bottom.step(data["stap_midden"], [100 * p for p in data["marginale_druk"]], where="mid",
                label="marginale druk", gid="druk")
    bottom.axhline(70, color="red", linestyle="--", label="70 %")
    bottom.set_ylabel("marginale druk (%)")
    bottom.set_xlabel(f"bruto loon per {a.grid.per} (€)")
    bottom.legend(fontsize="small")
    return fig


def write_chart(a: Analysis, path: str) -> None:
    """The chart to ``path`` (.png, .svg or .html)."""
    fig = figure(a)
    if path.lower().endswith(".html"):
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        data = json.dumps(series(a)).replace("</", "<\\/")
        page = ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(f'loont werken? {a.person}')}</title></head><body>\n"
                f"{buf.getvalue()}\n<script type=\"application/json\" id=\"reeksen\">{data}"
                "</script>\n</body></html>\n")
        with open(path, "w", encoding="utf-8") as out:
            out.write(page)
    else:
        fig.savefig(path)
