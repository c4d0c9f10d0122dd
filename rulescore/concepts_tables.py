"""A concept comparison report (:func:`rulescore.concepts.compare`) into terminal tables:
per concept its variants per person, which regulation uses which, the differences, and a
scenario's effect."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from rulescore.terminal import cell


def print_report(console: Console, report: dict) -> None:
    """What ``rulescore concepts`` prints."""
    for concept, info in report["begrippen"].items():
        table = Table(title=cell(f"begrip {concept} op {report['peildatum']}"))
        table.add_column("persoon")
        for variant in info["varianten"]:
            table.add_column(cell(variant))
        persons = next(iter(info["varianten"].values()), {})
        for person in persons:
            table.add_row(cell(person),
                          *(cell(info["varianten"][v][person]) for v in info["varianten"]))
        console.print(table)
        console.print("gebruik: " + ", ".join(f"{r} → {v}" for r, v in info["gebruik"].items()),
                      markup=False, soft_wrap=True)
        if "gebruik_in_scenario" in info:
            console.print("in scenario: " + ", ".join(
                f"{r} → {v}" for r, v in info["gebruik_in_scenario"].items()), markup=False,
                soft_wrap=True)
        for diff in info["verschillen"]:
            console.print(cell(f"verschil voor {diff['persoon']}: " + ", ".join(
                f"{v} = {info['varianten'][v][diff['persoon']]}" for v in diff["waarden"])),
                soft_wrap=True)
    if report["ontbrekende_gegevens"]:
        console.print(cell("niet te bepalen door ontbrekende gegevens: "
                           + ", ".join(report["ontbrekende_gegevens"])), soft_wrap=True)
    if "scenario" in report:
        effect = report["scenario"]["effect"]
        if not effect:
            console.print(f"effect van scenario {report['scenario']['naam']}: geen verschil",
                          markup=False)
            return
        table = Table(title=f"effect van scenario {report['scenario']['naam']}")
        table.add_column("uitkomst", overflow="fold")
        table.add_column("persoon")
        for col in ("zonder scenario", "met scenario"):
            table.add_column(col, justify="right", no_wrap=True)
        for change in effect:
            table.add_row(change["uitkomst"], cell(change["persoon"]),
                          cell(change["zonder_scenario"]), cell(change["met_scenario"]))
        console.print(table)
