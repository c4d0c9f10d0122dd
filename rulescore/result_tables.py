"""Result documents into terminal tables: the households' net disposable income first,
then a snapshot's outcomes per person, or a range's outcomes per person with equal
consecutive periods joined (``2026-01 t/m 2026-06``) and the year totals — by default
only the outcomes that apply (not 0 or nee); then the defaults used and the provenance.

A year of twelve monthly columns does not fit a screen; runs of equal values do, and they
show what the reader looks for: when an amount changes.
"""

from __future__ import annotations

from fractions import Fraction

from rich.table import Table
from rich.text import Text

from rulescore import types as t
from rulescore.terminal import cell
from rulescore.values import shown

_PER_MONTH = t.amount("maand")


def _is_zero(entry: dict) -> bool:
    """An outcome that does not apply to the person: an amount or number of 0, or nee."""
    return entry["waarde"] in ("0", False)


def _hidden(count: int) -> list:
    return [f"{count} uitkomst{'en' if count != 1 else ''} van 0 of nee niet getoond "
            "(--alles toont ze)"] if count else []


def snapshot_tables(doc: dict, show_all: bool = False) -> list:
    """What ``rulescore evaluate --datum`` prints, in order: the households first (each
    person's net disposable income per month and the total), then per person the
    outcomes that apply to him (all of them with ``show_all``)."""
    out: list = [_households(doc)]
    joint, hidden = _joint_table(doc, show_all)
    if joint is not None:
        out.append(joint)
    for person, regs in doc["personen"].items():
        table = Table(title=cell(f"{person} op {doc['peildatum']}"))
        table.add_column("regeling › uitkomst", overflow="fold")
        table.add_column("waarde", justify="right")
        table.add_column("per maand", justify="right")
        rows = 0
        for reg, outs in regs.items():
            outs = {q: e for q, e in outs.items() if "gezamenlijk_met" not in e}
            shown_here = {q: e for q, e in outs.items() if show_all or not _is_zero(e)}
            hidden += len(outs) - len(shown_here)
            if shown_here:
                _regulation_row(table, reg, 2)
            for qual, entry in shown_here.items():
                table.add_row(cell("  " + qual.split(".", 1)[1]), cell(entry["weergave"]),
                              cell(entry.get("per_maand_weergave", "")))
                rows += 1
        if rows:
            out.append(table)
        else:
            out.append(cell(f"{person} op {doc['peildatum']}: geen uitkomst van meer dan 0"))
    return out + _hidden(hidden) + _closing(doc)


def _joint_table(doc: dict, show_all: bool) -> tuple[Table | None, int]:
    """Every joint entitlement (``gezamenlijk met …``) once, with the persons it belongs
    to, and how many of them were 0 or nee (not shown unless ``show_all``)."""
    groups: dict = {}
    for person, regs in doc["personen"].items():
        for outs in regs.values():
            for qual, entry in outs.items():
                if "gezamenlijk_met" in entry:
                    who = tuple(sorted({person, *entry["gezamenlijk_met"]}))
                    groups.setdefault((qual, who, entry["weergave"]), entry)
    rows = [(q, who, e) for (q, who, _), e in groups.items() if show_all or not _is_zero(e)]
    if not rows:
        return None, len(groups)
    table = Table(title=cell(f"gezamenlijke aanspraken op {doc['peildatum']} (één keer)"))
    table.add_column("regeling › uitkomst › van wie", overflow="fold")
    table.add_column("waarde", justify="right")
    table.add_column("per maand", justify="right")
    last = None
    for qual, who, entry in sorted(rows, key=lambda r: (r[0], r[1])):
        regulation, name = qual.split(".", 1)
        if regulation != last:
            _regulation_row(table, regulation, 2)
            last = regulation
        label = Text("\n").join([cell(f"  {name}"), cell(f"    van {' en '.join(who)}")])
        table.add_row(label, cell(entry["weergave"]),
                      cell(entry.get("per_maand_weergave", "")))
    return table, len(groups) - len(rows)


def _regulation_row(table: Table, regulation: str, empty: int) -> None:
    """A regulation's name as a row of its own, above its outcomes (narrow screens keep
    every name whole)."""
    table.add_row(Text(regulation, style="bold"), *([""] * empty))


def _households(doc: dict) -> Table:
    table = Table(title=cell(f"huishoudens op {doc['peildatum']}: besteedbaar inkomen per "
                             "maand (gezamenlijke aanspraken één keer)"))
    table.add_column("woonadres")
    table.add_column("persoon")
    table.add_column("besteedbaar inkomen", justify="right")
    for address, entry in doc["huishoudens"].items():
        net = entry.get("besteedbaar_inkomen_per_maand")
        each = (net or {}).get("per_persoon", {})
        for i, person in enumerate(entry["personen"]):
            value = _money(each.get(person))
            table.add_row(cell(address) if i == 0 else "", cell(person), cell(value))
        if net:
            table.add_row("", "samen", cell(net["weergave"]), end_section=True)
    return table


def _money(exact: str | None) -> str:
    """An exact per-month amount of the document, rounded for display."""
    return "" if exact is None else shown(Fraction(exact), _PER_MONTH)


def range_tables(doc: dict, show_all: bool = False) -> list:
    """What ``rulescore evaluate --van --tot`` prints, in order: the households' net
    income per month first, then per person the outcomes that are not 0 in every period
    (all of them with ``show_all``)."""
    out: list = [household_table(doc["huishoudens"])]
    joint, hidden = _joint_range_table(doc, show_all)
    if joint is not None:
        out.append(joint)
    for person, regs in doc["personen"].items():
        kept = {}
        for reg, outs in regs.items():
            for qual, entry in outs.items():
                own = {k: c for k, c in entry["perioden"].items() if "gezamenlijk_met" not in c}
                if not own:
                    continue  # joint in every period: in the table above
                if len(own) < len(entry["perioden"]):  # a total would mix in the joint periods
                    entry = {k: v for k, v in entry.items() if k != "totaal"}
                if show_all or not all(_is_zero(c) for c in own.values()):
                    kept.setdefault(reg, {})[qual] = {**entry, "perioden": own}
                else:
                    hidden += 1
        out.append(person_table(person, kept, doc["van"], doc["tot"]))
    return out + _hidden(hidden) + _closing(doc)


def _joint_range_table(doc: dict, show_all: bool) -> tuple[Table | None, int]:
    """Every joint entitlement of a range once per group of persons it belongs to, with
    the periods in which it is theirs together (a partner from June: from June)."""
    groups: dict = {}
    for person, regs in doc["personen"].items():
        for outs in regs.values():
            for qual, entry in outs.items():
                for label, c in entry["perioden"].items():
                    if "gezamenlijk_met" in c:
                        who = tuple(sorted({person, *c["gezamenlijk_met"]}))
                        groups.setdefault((qual, who), {})[label] = c
    rows = [(k, v) for k, v in sorted(groups.items())
            if show_all or not all(_is_zero(c) for c in v.values())]
    if not rows:
        return None, len(groups)
    table = Table(title=cell(f"gezamenlijke aanspraken, {doc['van']} t/m {doc['tot']} (één keer)"))
    table.add_column("regeling › uitkomst › van wie", overflow="fold")
    table.add_column("periode")
    table.add_column("waarde", justify="right")
    last = None
    for (qual, who), periods in rows:
        regulation, name = qual.split(".", 1)
        if regulation != last:
            _regulation_row(table, regulation, 2)
            last = regulation
        for i, (first, end, c) in enumerate(runs(periods)):
            label = Text("\n").join([cell(f"  {name}"), cell(f"    van {' en '.join(who)}")])
            table.add_row(label if i == 0 else "", cell(span_text(first, end)),
                          cell(c["weergave"]))
    return table, len(groups) - len(rows)


def defaults_table(used: dict) -> Table | None:
    """The defaults the evaluation read, per person and input, with their grounds."""
    if not used:
        return None
    table = Table(title=cell("gebruikte standaardwaarden (niet opgegeven; de aannames in "
                             "--format json)"))
    for col in ("van", "gegeven", "waarde", "grond"):
        table.add_column(col, overflow="fold")
    for owner, inputs in used.items():
        for name, entry in inputs.items():
            grounds = [g if not g.startswith("aanname:") else "aanname" for g in entry["grond"]]
            table.add_row(cell(owner), cell(name), cell(entry["weergave"]),
                          cell("; ".join(dict.fromkeys(grounds))))
    return table


def _closing(doc: dict) -> list:
    out: list = []
    if (defaults := defaults_table(doc["standaardwaarden"])) is not None:
        out.append(defaults)
    h = doc["herkomst"]
    out.append(f"rulescore {h['rulescore']}, regelset {h['regelset']}")
    if h["scenario"]:
        changed = h["gewijzigde_parameters"]
        status = h.get("scenario_status")
        out.append(f"scenario {h['scenario']} ({h['scenario_hash']})"
                   + (f", status {status['weergave']}" if status else "")
                   + (", wijzigt " + ", ".join(changed) if changed else ""))
    return out


def runs(periods: dict) -> list[tuple[str, str, dict]]:
    """``{"2026-01": c1, "2026-02": c1, "2026-03": c2}`` into
    ``[("2026-01", "2026-02", c1), ("2026-03", "2026-03", c2)]`` (labels sort as periods)."""
    out: list = []
    for label in sorted(periods):
        c = periods[label]
        if out and out[-1][2]["waarde"] == c["waarde"] and _adjacent(out[-1][1], label):
            out[-1] = (out[-1][0], label, c)
        else:
            out.append((label, label, c))
    return out


def _adjacent(a: str, b: str) -> bool:
    """Whether period label ``b`` directly follows ``a`` (same kind)."""
    def index(label: str) -> tuple[int, int]:
        if "-K" in label:
            y, q = label.split("-K")
            return int(y), int(q)
        if "-" in label:
            y, mo = label.split("-")
            return int(y), int(mo)
        return int(label), 0
    (ya, ia), (yb, ib) = index(a), index(b)
    if ia == 0:
        return yb == ya + 1
    last = 4 if "-K" in a else 12
    return (ya == yb and ib == ia + 1) or (yb == ya + 1 and ia == last and ib == 1)


def span_text(first: str, last: str) -> str:
    """``2026-01 t/m 2026-06``, or the one label."""
    return first if first == last else f"{first} t/m {last}"


def person_table(person: str, regs: dict, van: str, tot: str) -> Table:
    table = Table(title=cell(f"{person}, {van} t/m {tot}"))
    widest = max([len(r) for r in regs] + [2 + len(q.split(".", 1)[1]) for o in regs.values()
                                           for q in o] + [10])
    # names stay whole on a narrow screen (periods and amounts wrap at their spaces instead)
    table.add_column("regeling › uitkomst", overflow="fold", min_width=min(widest, 40))
    table.add_column("periode")
    table.add_column("waarde", justify="right")
    for reg, outs in regs.items():
        _regulation_row(table, reg, 2)
        for qual, entry in outs.items():
            name = "  " + qual.split(".", 1)[1]
            totals = entry.get("totaal", {})
            for i, (first, last, c) in enumerate(runs(entry["perioden"])):
                table.add_row(cell(name) if i == 0 else "", cell(span_text(first, last)),
                              cell(c["weergave"]))
            for year, total in totals.items():  # the year's total in the value's column
                table.add_row("", Text(f"totaal {year}", style="italic"),
                              Text(total["weergave"], style="italic"))
    return table


def household_table(households: dict) -> Table:
    table = Table(title="huishoudens (personen op één woonadres), besteedbaar inkomen per maand")
    table.add_column("woonadres")
    table.add_column("periode")
    table.add_column("personen")
    table.add_column("besteedbaar inkomen", justify="right")
    for address, months in households.items():
        cells = {label: {"waarde": (tuple(e["personen"]),
                                    e.get("besteedbaar_inkomen", {}).get("waarde")),
                         "e": e} for label, e in months.items()}
        for i, (first, last, c) in enumerate(runs(cells)):
            net = c["e"].get("besteedbaar_inkomen")
            table.add_row(cell(address) if i == 0 else "", cell(span_text(first, last)),
                          cell(", ".join(c["e"]["personen"])), cell(net["weergave"] if net else ""))
    return table
