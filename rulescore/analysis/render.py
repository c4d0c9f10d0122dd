"""An analysis into rich tables for the terminal: points, the decomposition per step (per
regulation, and per term for a short grid), flags; Dutch labels for groups and terms."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console
from rich.table import Table

from rulescore.analysis.labels import group_label, term_label
from rulescore.analysis.pressure import Analysis, decimal, money
from rulescore.terminal import cell, visible

#: a grid of at most this many steps also gets the table per term (one column per step)
TERM_TABLE_STEPS = 8


def percent(x: Fraction) -> str:
    """A ratio as a percentage with one decimal, rounded half up (``58,478 %`` → ``58,5 %``)."""
    return decimal(x * 100, 10).replace(".", ",") + " %"


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
    when = (f"over {a.months[0].label()} tot en met {a.months[1].label()} (gemiddeld per "
            "maand)" if a.months else f"op {a.date}")
    title = (f"loont werken? {a.person} ({', '.join(a.household)}) {when}"
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
            parts.add_column(cell(group_label(g)), justify="right")
        for s in a.steps:
            parts.add_row(f"{s.index}→{s.index + 1}",
                          *(percent(s.parts[g]) if g in s.parts else "" for g in groups))
        console.print(parts)
        if len(a.steps) <= TERM_TABLE_STEPS:
            console.print(_term_table(a))
    flagged = [s for s in a.steps if s.flags]
    for s in flagged:
        console.print(visible(f"stap {s.index}→{s.index + 1}: {' '.join(s.flags)}, druk "
                              f"{percent(s.pressure)}, netto {euro(s.net_change * f)} bij "
                              f"bruto {euro(s.gross_change * f)} per {per}"),
                      markup=False, soft_wrap=True)
        for c in s.causes[:3]:
            largest = term_label(c["groep"], c["grootste_term"])
            console.print(visible(f"    {group_label(c['groep'])}: {euro(c['delta'] * f)} "
                                  f"({percent(c['druk'])} druk), vooral {largest} — {c['bron']}"),
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
    if a.months:
        return
    console.print(visible(f"verklaring van een punt: rulescore werkloont {source} --persoon "
                          f"{a.person} … --punt N (0 tot en met {last})"), markup=False,
                  soft_wrap=True)


def _term_table(a: Analysis) -> Table:
    """Rows: every term that moved (grouped per regulation); columns: the steps."""
    keys = sorted({k for s in a.steps for k, v in s.term_parts.items() if v})
    table = Table(title="marginale druk per onderdeel (samen de druk van de stap)")
    table.add_column("regeling")
    table.add_column("onderdeel")
    for s in a.steps:
        table.add_column(f"{s.index}→{s.index + 1}", justify="right")
    for g, t in keys:
        table.add_row(cell(group_label(g)), cell(term_label(g, t)),
                      *(percent(s.term_parts[(g, t)]) if s.term_parts.get((g, t)) else ""
                        for s in a.steps))
    table.add_row("", "marginale druk", *(percent(s.pressure) for s in a.steps))
    return table


def _pct(text: str | None) -> str:
    if text is None:
        return ""
    return percent(Fraction(text))
