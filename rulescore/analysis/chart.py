"""An analysis into a chart file (matplotlib): net income stacked per regulation against
gross earnings (what a regulation adds above zero, what it takes below, so that the
stack adds up to the net income line), and the marginal pressure per step with the 70 %
line; Dutch labels (:mod:`rulescore.analysis.labels`).

PNG and SVG are matplotlib's own. ``.html`` is an interactive plotly page (hover for the
amounts, toggle a regulation) when plotly is installed (``pip install
'rulescore[interactief]'``), and otherwise a page with the matplotlib SVG inline; either
way the plotted series are in it as JSON (``<script type="application/json"
id="reeksen">``), so the numbers can be read back. :func:`figure` and
:func:`interactive_figure` return the figures for a test to inspect their data."""

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


def interactive_figure(a: Analysis):
    """The same chart as a plotly figure: the regulations stacked (gains above zero,
    losses below), the net income line, and the marginal pressure with the 70 % line."""
    from plotly.subplots import make_subplots

    data = series(a)
    per = a.grid.per
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for sign, stack in ((1, "boven"), (-1, "onder")):
        for g, vs in data["per_regeling"].items():
            ys = [max(sign * v, 0) * sign for v in vs]
            if any(ys):
                fig.add_scatter(x=data["bruto"], y=ys, name=data["namen"][g], stackgroup=stack,
                                legendgroup=g, showlegend=sign == 1 or not any(
                                    v > 0 for v in vs), row=1, col=1,
                                hovertemplate="%{y:.2f} €<extra>" + data["namen"][g] + "</extra>")
    fig.add_scatter(x=data["bruto"], y=data["netto"], name="netto huishouden", mode="lines",
                    line={"color": "black"}, row=1, col=1)
    fig.add_scatter(x=data["stap_midden"], y=[100 * p for p in data["marginale_druk"]],
                    name="marginale druk", mode="lines", line={"shape": "hvh"}, row=2, col=1)
    fig.add_hline(y=70, line={"color": "red", "dash": "dash"}, row=2, col=1)
    fig.update_layout(title=f"loont werken? {a.person} op {a.date}", hovermode="x unified")
    fig.update_yaxes(title_text=f"per {per} (€)", row=1, col=1)
    fig.update_yaxes(title_text="marginale druk (%)", row=2, col=1)
    fig.update_xaxes(title_text=f"bruto loon per {per} (€)", row=2, col=1)
    return fig


def has_plotly() -> bool:
    try:
        import plotly  # noqa: F401
    except ImportError:
        return False
    return True


def write_chart(a: Analysis, path: str, interactive: bool | None = None) -> None:
    """The chart to ``path`` (.png, .svg or .html); for .html ``interactive`` picks plotly
    (default: when it is installed) or the inline SVG."""
    if not path.lower().endswith(".html"):
        figure(a).savefig(path)
        return
    if interactive is None:
        interactive = has_plotly()
    if interactive:
        body = interactive_figure(a).to_html(full_html=False, include_plotlyjs=True)
    else:
        buf = io.StringIO()
        figure(a).savefig(buf, format="svg")
        body = buf.getvalue()
    data = json.dumps(series(a)).replace("</", "<\\/")
    page = ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(f'loont werken? {a.person}')}</title></head><body>\n"
            f"{body}\n<script type=\"application/json\" id=\"reeksen\">{data}"
            "</script>\n</body></html>\n")
    with open(path, "w", encoding="utf-8") as out:
        out.write(page)
