"""A run-off projection into a chart file (matplotlib, .png or .svg): expected recipients
per year on top; below, benefits and execution costs per year and the cost of keeping the
regime against buying it out from each year, with the first year the buy-out is cheaper.
The file is written beside its target and renamed onto it only when complete."""

from __future__ import annotations

import os
import tempfile

from rulescore.analysis.runoff import Projection


def figure(p: Projection, title: str):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    years = [y.year for y in p.years]
    fig = Figure(figsize=(9, 7))
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(years, [y.recipients for y in p.years], color="black", gid="gerechtigden")
    top.set_ylabel("verwachte gerechtigden")
    top.set_title(f"uitfasering {title}")
    mln = 1e6
    bottom.bar(years, [y.benefits / mln for y in p.years], label="uitkeringslasten", alpha=0.6)
    bottom.bar(years, [y.execution / mln for y in p.years],
               bottom=[y.benefits / mln for y in p.years], label="uitvoeringskosten", alpha=0.6)
    bottom.plot(years, [y.keep / mln for y in p.years], label="instandhouden vanaf dit jaar",
                gid="instandhouden")
    bottom.plot(years, [y.buyout / mln for y in p.years], linestyle="--",
                label="afkopen in dit jaar", gid="afkopen")
    if p.first_buyout_year is not None:
        bottom.axvline(p.first_buyout_year, color="red", linewidth=0.8,
                       label=f"afkoop goedkoper vanaf {p.first_buyout_year}")
    bottom.set_ylabel(f"€ mln (disconto {p.rate:.1%})".replace(".", ","))
    bottom.set_xlabel("jaar")
    bottom.legend(fontsize="small")
    return fig


def write_chart(p: Projection, title: str, path: str) -> None:
    fmt = os.path.splitext(path)[1].lower().lstrip(".")
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(dir=folder, prefix=os.path.basename(path) + ".onvolledig-")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as out:
            figure(p, title).savefig(out, format=fmt)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
