"""An analysis into rich tables for the terminal: points, the decomposition per step, flags."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console
from rich.table import Table

from rulescore.analysis.pressure import Analysis, money
from rulescore.terminal import cell, visible


def percent(x: Fraction) -> str:
    """A ratio as a percentage with one decimal (``75,0 %``)."""
    return money(x * 100).replace(".", ",")[:-1] + " %"


def euro(x: Fraction) -> str:
    """``€ 3.530,20`` (rounded half up to cents, for display)."""
    whole, _, cents = money(x).partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    return f"€ {sign}{int(digits):,}".replace(",", ".") + "," + cents


def print_tables(a: Analysis, side=None, side_names=None, source: str = "situatie.json",
                 console: Console | None = None) -> None:
    console = console or Console(highlight=False, emoji=False)
    f = a.grid.factor
    per = a.grid.per
    hours = a.grid.hourly_wage is not None
    title = (f"loont werken? {a.person} ({', '.join(a.household)}) op {a.date}"
             + (f", scenario {a.scenario}" if a.scenario else ""))
    table = Table(title=cell(title))
    table.add_column("punt", justify="right")
    if hours:
        table.add_column("uren/week", justify="right")
    table.add_column(f"bruto loon per {per}", justify="right")
    table.add_column(f"netto huishouden per {per}", justify="right")
    table.add_column("marginale druk (vanaf vorig punt)", justify="right")
    table.add_column("signalen")
    for i, (x, w, n) in enumerate(zip(a.grid.points, a.wages, a.nets)):
        step = a.steps[i - 1] if i else None
        row = [str(i)] + ([str(x) if x.denominator == 1 else money(x)] if hours else [])
        row += [euro(w * f), euro(n * f), percent(step.pressure) if step else "",
                " ".join(step.flags) if step else ""]
        table.add_row(*row)
    console.print(table)
    if a.points is not None and a.steps:
        groups = sorted({g for s in a.steps for g, v in s.parts.items() if v})
        parts = Table(title="marginale druk per regeling (aandeel per stap; samen de druk)")
        parts.add_column("stap")
        for g in groups:
            parts.add_column(cell(g), justify="right")
        for s in a.steps:
            parts.add_row(f"{s.index}→{s.index + 1}",
                          *(percent(s.parts[g]) if g in s.parts else "" for g in groups))
        console.print(parts)
    flagged = [s for s in a.steps if s.flags]
    for s in flagged:
        console.print(visible(f"stap {s.index}→{s.index + 1}: {' '.join(s.flags)}, druk "
                              f"{percent(s.pressure)}, netto {euro(s.net_change * f)} bij "
                              f"bruto {euro(s.gross_change * f)} per {per}"),
                      markup=False, soft_wrap=True)
        for c in s.causes[:3]:
            console.print(visible(f"    {c['groep']}: {euro(c['delta'] * f)} ({percent(c['druk'])}"
                                  f" druk), vooral {c['grootste_term']} — {c['bron']}"),
                          markup=False, soft_wrap=True)
            for t in c["drempels"][:3]:
                console.print(visible(f"        drempel {t}"), markup=False, soft_wrap=True)
    if side is not None:
        cmp = Table(title=cell(f"naast elkaar: {side_names[0]} en {side_names[1]}"))
        for col in ("punt", f"netto ({side_names[0]})", f"netto ({side_names[1]})", "verschil",
                    "druk 1", "druk 2"):
            cmp.add_column(cell(col), justify="right")
        for r in side:
            cmp.add_row(str(r["punt"]), r["netto_1"].replace(".", ","),
                        r["netto_2"].replace(".", ","), r["verschil"].replace(".", ","),
                        _pct(r.get("druk_1")), _pct(r.get("druk_2")))
        console.print(cmp)
    last = len(a.wages) - 1
    console.print(visible(f"verklaring van een punt: rulescore werkloont {source} --persoon "
                          f"{a.person} … --punt N (0 tot en met {last})"), markup=False,
                  soft_wrap=True)


def _pct(text: str | None) -> str:
    if text is None:
        return ""
    return percent(Fraction(text))
