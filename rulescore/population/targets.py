"""A targets file (``doelen.toml``: TOML data, never executed) into checked targets, and a
generated sample with its batch outcomes into the indicator matrix the calibration fits.

An indicator is one of: ``huishouden`` (1 for every household), ``type:<type>``,
``kinderen:<n>`` or ``kinderen:<n>+``, ``huurder``, ``onder_mediaan:<type>`` (a household of
that type whose primary income is under ``[mediaan_primair_inkomen]``), and over the
rules' outcomes: ``personen:<uitkomst>`` (persons for whom it is above 0),
``personen:<uitkomst> zonder <uitkomst>`` (above 0 and the second 0),
``huishoudens:<uitkomst>`` (households where it is above 0 for someone).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources

import attrs
import numpy as np

from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.population.generate import TYPES


@attrs.frozen
class Target:
    name: str
    indicator: str
    value: float
    source: str
    assumption: str | None
    tolerance: float


@attrs.frozen
class Targets:
    peildatum: dt.date
    targets: list
    assumptions: dict
    medians: dict
    path: str

    def type_shares(self) -> dict:
        """type → its target count (the proportions households are drawn in)."""
        return {t.indicator.removeprefix("type:"): t.value for t in self.targets
                if t.indicator.startswith("type:")}

    def outcomes(self) -> list:
        """The rules' outcomes the indicators read."""
        found = []
        for t in self.targets:
            kind, _, rest = t.indicator.partition(":")
            if kind in ("personen", "huishoudens"):
                found.extend(q for q in rest.split(" zonder ") if q not in found)
        return found


def default_path() -> str:
    return str(resources.files("rulescore.population") / "doelen.toml")


def load(path: str | None = None, outputs=()) -> Targets:
    """The targets of ``path`` (default: the shipped ``doelen.toml``), every problem
    reported at once (RS394) with its TOML path."""
    path = path or default_path()
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError((Diagnostic("RS394", f"geen geldige TOML: {exc}", path=path,
                                     hint="zie rulescore/population/doelen.toml"),)) from None
    errors = []

    def err(message, where, hint=None):
        errors.append(Diagnostic("RS394", message, path=f"{path}: {where}", hint=hint))

    targets = []
    for i, raw in enumerate(data.get("doel", [])):
        where = f"doel[{i}]"
        missing = [k for k in ("naam", "indicator", "waarde", "bron", "tolerantie") if k not in raw]
        if missing:
            err(f"ontbreekt: {', '.join(missing)}", where, "elk doel heeft een bron")
            continue
        problem = _indicator_problem(raw["indicator"], set(outputs), data)
        if problem:
            err(problem[0], f"{where}.indicator", problem[1])
            continue
        if not isinstance(raw["waarde"], (int, float)) or raw["waarde"] < 0:
            err(f"waarde {raw['waarde']!r} is geen getal van 0 of meer", f"{where}.waarde")
            continue
        targets.append(Target(raw["naam"], raw["indicator"], float(raw["waarde"]), raw["bron"],
                              raw.get("aanname"), float(raw["tolerantie"])))
    if not targets:
        err("geen doelen ([[doel]])", "doel")
    try:
        peildatum = dt.date.fromisoformat(str(data.get("peildatum")))
    except ValueError:
        err("peildatum ontbreekt of is geen datum (JJJJ-MM-DD)", "peildatum")
        peildatum = None
    if errors:
        raise RulesError(tuple(errors))
    return Targets(peildatum, targets, data.get("aannames", {}),
                   data.get("mediaan_primair_inkomen", {}), path)


def _indicator_problem(text: str, outputs: set, data: dict):
    kind, _, rest = str(text).partition(":")
    if kind == "huishouden" and not rest or kind == "huurder" and not rest:
        return None
    if kind in ("type", "onder_mediaan"):
        if rest not in TYPES:
            return f"onbekend huishoudtype '{rest}'", suggest(rest, TYPES) or ", ".join(TYPES)
        if kind == "onder_mediaan" and rest not in data.get("mediaan_primair_inkomen", {}):
            return f"geen mediaan voor '{rest}'", "voeg hem toe onder [mediaan_primair_inkomen]"
        return None
    if kind == "kinderen":
        return None if rest.rstrip("+").isdigit() else (f"'{rest}' is geen aantal", "bijv. 1 of 3+")
    if kind in ("personen", "huishoudens"):
        for q in rest.split(" zonder "):
            if outputs and q not in outputs:
                return f"onbekende uitkomst '{q}'", suggest(q, outputs)
        return None
    return (f"onbekende indicator '{text}'",
            "huishouden, type:, kinderen:, huurder, onder_mediaan:, personen:, huishoudens:")


def indicator_matrix(targets: Targets, sample, pop, result) -> np.ndarray:
    """Households × targets: each household's value of each target's indicator."""
    n = len(sample.types)
    types = np.array(sample.types)
    columns = []
    for t in targets.targets:
        kind, _, rest = t.indicator.partition(":")
        if kind == "huishouden":
            col = np.ones(n)
        elif kind == "type":
            col = types == rest
        elif kind == "huurder":
            col = sample.tenant
        elif kind == "kinderen":
            k = int(rest.rstrip("+"))
            col = sample.children >= k if rest.endswith("+") else sample.children == k
        elif kind == "onder_mediaan":
            col = (types == rest) & (sample.primary_income < targets.medians[rest])
        else:
            names = rest.split(" zonder ")
            person = np.asarray(result.values[names[0]]) > 0
            for other in names[1:]:
                person &= np.asarray(result.values[other]) == 0
            per_household = np.bincount(pop.household, weights=person, minlength=n)
            col = per_household if kind == "personen" else per_household > 0
        columns.append(np.asarray(col, dtype=float))
    return np.column_stack(columns)
