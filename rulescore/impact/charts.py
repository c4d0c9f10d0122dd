"""Impact reports into one chart file (matplotlib, PNG or SVG): the mean change per month
by income decile and by household type, and the change in budget per regulation — one
row of three panels per report (a scenario, or each variant of a harmonisation)."""

from __future__ import annotations

from rulescore.atomic import AtomicOutput


def figure(reports: dict):
    """The matplotlib figure of ``reports`` (variant or None → the report's figures)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(15, 4.2 * len(reports)), layout="constrained")
    axes = fig.subplots(len(reports), 3, squeeze=False)
    for row, (variant, f) in zip(axes, reports.items()):
        name = f["herkomst"]["scenario"] if variant is None else f"volgens {variant}"
        deciles, kinds = f["per_inkomensdeciel"], f["per_huishoudtype"]
        row[0].bar([str(g["groep"]) for g in deciles],
                   [g["gemiddeld_verschil_per_maand"] for g in deciles], gid="decielen")
        row[0].set_xlabel("inkomensdeciel (besteedbaar inkomen, huidig recht)")
        row[0].set_ylabel("gemiddeld verschil per maand (€)")
        row[0].set_title(f"{name}: naar inkomensdeciel")
        row[1].barh([str(g["groep"]) for g in kinds],
                    [g["gemiddeld_verschil_per_maand"] for g in kinds], gid="huishoudtypen")
        row[1].set_xlabel("gemiddeld verschil per maand (€)")
        row[1].set_title(f"{name}: naar huishoudtype")
        budget = f["budget"]
        row[2].barh([b["regeling"] for b in budget],
                    [b["verschil"] / 1e6 for b in budget], gid="budget")
        row[2].set_xlabel("verschil in budget per jaar (mln €)")
        row[2].set_title(f"{name}: budget per regeling")
        for ax in row:
            ax.axvline(0, color="grey", linewidth=0.5) if ax is not row[0] else \
                ax.axhline(0, color="grey", linewidth=0.5)
    return fig


def draw(path: str, reports: dict) -> None:
    """The chart to ``path`` (.png or .svg, by its suffix); complete or not at all."""
    kind = "svg" if path.lower().endswith(".svg") else "png"
    target = AtomicOutput(path)
    try:
        figure(reports).savefig(target.file.buffer, format=kind)
        target.commit()
    finally:
        target.discard()
