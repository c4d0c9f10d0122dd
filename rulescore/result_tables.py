"""Result documents into terminal tables: a snapshot's outcomes per person, and a range's
outcomes per person with equal consecutive periods joined (``2026-01 t/m 2026-06``), the
year totals and the household's net disposable income per month; then the defaults used
and the provenance.

A year of twelve monthly columns does not fit a screen; runs of equal values do, and they
show what the reader looks for: when an amount changes.
"""

from __future__ import annotations

from rich.table import Table

from rulescore.terminal import cell


def snapshot_tables(doc: dict) -> list:
    """What ``rulescore evaluate --datum`` prints, in order."""
    out: list = []
    for person, regs in doc["personen"].items():
        table = Table(title=cell(f"{person} op {doc['peildatum']}"))
        table.add_column("regeling")
        table.add_column("uitkomst")
        table.add_column("waarde", justify="right")
        table.add_column("per maand", justify="right")
        for reg, outs in regs.items():
            for qual, entry in outs.items():
                table.add_row(reg, qual.split(".", 1)[1], cell(entry["weergave"]),
                              cell(entry.get("per_maand_weergave", "")))
        out.append(table)
    houses = Table(title="huishoudens (personen op één woonadres)")
    houses.add_column("woonadres")
    houses.add_column("personen")
    houses.add_column("besteedbaar inkomen", justify="right")
    for address, entry in doc["huishoudens"].items():
        net = entry.get("besteedbaar_inkomen_per_maand")
        houses.add_row(cell(address), cell(", ".join(entry["personen"])),
                       cell(net["weergave"] if net else ""))
    out.append(houses)
    return out + _closing(doc)


def range_tables(doc: dict) -> list:
    """What ``rulescore evaluate --van --tot`` prints, in order."""
    out: list = [person_table(person, regs, doc["van"], doc["tot"])
                 for person, regs in doc["personen"].items()]
    out.append(household_table(doc["huishoudens"]))
    return out + _closing(doc)


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
        out.append(f"scenario {h['scenario']} ({h['scenario_hash']})"
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


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first} t/m {last}"


def person_table(person: str, regs: dict, van: str, tot: str) -> Table:
    table = Table(title=cell(f"{person}, {van} t/m {tot}"))
    table.add_column("regeling")
    table.add_column("uitkomst")
    table.add_column("periode")
    table.add_column("waarde", justify="right")
    table.add_column("totaal", justify="right")
    for reg, outs in regs.items():
        for qual, entry in outs.items():
            name = qual.split(".", 1)[1]
            totals = entry.get("totaal", {})
            for i, (first, last, c) in enumerate(runs(entry["perioden"])):
                table.add_row(reg if i == 0 else "", name if i == 0 else "",
                              cell(_span(first, last)), cell(c["weergave"]), "")
            for year, total in totals.items():
                table.add_row("", "", cell(f"totaal {year}"), "", cell(total["weergave"]))
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
            table.add_row(cell(address) if i == 0 else "", cell(_span(first, last)),
                          cell(", ".join(c["e"]["personen"])), cell(net["weergave"] if net else ""))
    return table
