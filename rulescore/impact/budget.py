"""The budget lines of ``posten.toml`` (TOML data, never executed) and a batch result into
each person's yearly amount per regulation, in euros.

A line sums its definitions per person (divided, where it says so, by a per-person
number such as the toeslagdelers, so that a joint entitlement counts once) and puts them
on a yearly basis from their declared unit: per maand × 12, per kwartaal × 4.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import attrs
import numpy as np

from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.program import Program

_PER_YEAR = {"jaar": 1, "kwartaal": 4, "maand": 12, "week": 52}


@attrs.frozen
class Line:
    regulation: str
    definitions: tuple
    divide_by: str | None
    sign: int


@attrs.frozen
class Lines:
    measure: str
    lines: tuple

    def definitions(self) -> list:
        """Every definition the report evaluates (the measure first)."""
        found = [self.measure]
        for line in self.lines:
            for q in (*line.definitions, *([line.divide_by] if line.divide_by else [])):
                if q not in found:
                    found.append(q)
        return found


def load(program: Program, path: str | None = None) -> Lines:
    """The lines, each definition checked against the program (RS396 with a hint)."""
    path = path or str(resources.files("rulescore.impact") / "posten.toml")
    with open(path, "rb") as f:
        data = tomllib.load(f)
    defs = [q for q, s in program.symbols.items() if s.kind == "definitie"]
    errors = []
    lines = []
    for i, raw in enumerate(data.get("post", [])):
        names = [*raw.get("definities", []), *([raw["delen_door"]] if "delen_door" in raw else [])]
        for q in names:
            if q not in program.symbols or program.symbols[q].kind != "definitie":
                errors.append(Diagnostic("RS396", f"onbekende definitie '{q}'",
                                         path=f"{path}: post[{i}]", hint=suggest(q, defs)))
        for q in raw.get("definities", []):
            if q in program.symbols and yearly_factor(program, q) is None:
                errors.append(Diagnostic(
                    "RS396", f"'{q}' is {program.symbols[q].type.describe()}, geen bedrag "
                             "per maand, kwartaal of jaar", path=f"{path}: post[{i}]"))
        lines.append(Line(raw["regeling"], tuple(raw.get("definities", [])),
                          raw.get("delen_door"), int(raw.get("teken", 1))))
    if data.get("maatstaf") not in program.symbols:
        errors.append(Diagnostic("RS396", f"onbekende maatstaf '{data.get('maatstaf')}'",
                                 path=f"{path}: maatstaf", hint=suggest(str(data.get("maatstaf")), defs)))
    if errors:
        raise RulesError(tuple(errors))
    return Lines(data["maatstaf"], tuple(lines))


def yearly_factor(program: Program, q: str) -> int | None:
    """How many of the definition's periods make a year (None if it is no such amount)."""
    words = program.symbols[q].type.describe().split()
    if len(words) == 3 and words[0] == "bedrag" and words[1] == "per":
        return _PER_YEAR.get(words[2])
    return None


def yearly(program: Program, lines: Lines, values: dict) -> np.ndarray:
    """Persons × lines: each person's yearly amount of every line, in euros (floats of
    the batch's whole cents)."""
    columns = []
    for line in lines.lines:
        total = sum(np.asarray(values[q], dtype=float) / 100 * yearly_factor(program, q)
                    for q in line.definitions)
        if line.divide_by:
            total = total / (np.asarray(values[line.divide_by], dtype=float) / 100)
        columns.append(line.sign * total)
    return np.column_stack(columns)
