"""A closed regime's run-off profile and a population of its current recipients (a file,
or generated from the profile's published count and stated age distribution) into
:class:`~rulescore.analysis.runoff.Recipient` rows, the amounts from the regulation's rules.

A population file is JSON (``{"peildatum": …, "personen": [{"geslacht": "vrouw",
"aantal": 1, "geboortedatum": …, …facts}]}``), or CSV or Parquet with those columns and a
``peildatum`` column. Persons with the same facts are evaluated once (with the exact
evaluator, on the base date) and counted with their summed weight, so a generated
population of 137.100 needs only as many evaluations as it has distinct ages and sexes.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import tomllib
from pathlib import Path

import attrs
import numpy as np

from rulescore.analysis.runoff import Costs, Recipient
from rulescore.errors import Diagnostic, RulesError

SEXES = ("man", "vrouw")


@attrs.frozen
class Profile:
    regulation: str
    amount: str
    end: str | None
    end_age_months: int | None
    data: dict
    path: str

    @property
    def costs(self) -> Costs:
        u = self.data.get("uitvoering", {})
        return Costs(float(u.get("vast", 0)), float(u.get("per_gerechtigde", 0)),
                     float(u.get("afkoop_eenmalig", 0)))

    def assumptions(self) -> list[str]:
        texts = [self.data.get("einde_aanname"), self.data.get("uitvoering", {}).get("aanname")]
        return [t for t in texts if t]


def profiles(pm=None) -> dict:
    """Regulation name → Profile, from every plugin's ``register_runoff_profiles``."""
    from rulescore.plugins import get_plugin_manager

    pm = pm or get_plugin_manager()
    out = {}
    for paths in pm.hook.register_runoff_profiles():
        for path in paths:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            out[data["regeling"]] = Profile(data["regeling"], data["bedrag"], data.get("einde"),
                                            data.get("einde_leeftijd_maanden"), data, str(path))
    return out


def profile_for(name: str, pm=None) -> Profile:
    known = profiles(pm)
    if name not in known:
        raise RulesError([Diagnostic(
            "RS700", f"regeling '{name}' heeft geen uitfaseringsprofiel",
            hint="met profiel: " + (", ".join(sorted(known)) or "geen"))])
    return known[name]


def generate(profile: Profile, seed: int) -> tuple[dt.date, list[dict]]:
    """The profile's published count drawn over its stated ages and sexes (numpy PCG64)."""
    spec = profile.data["populatie"]
    day = dt.date.fromisoformat(spec["peildatum"])
    rng = np.random.default_rng(seed)
    bands = spec["leeftijden"]
    shares = np.array([b[2] for b in bands], dtype=float)
    n = int(spec["aantal"])
    band = rng.choice(len(bands), size=n, p=shares / shares.sum())
    ages = [int(rng.integers(bands[b][0], bands[b][1])) for b in band]
    women = rng.random(n) < float(spec.get("aandeel_vrouwen", 0.5))
    people = []
    for age, woman in zip(ages, women):
        # born on 1 July of the year that makes him ``age`` on the peildatum (1 January)
        people.append({"geslacht": "vrouw" if woman else "man", "aantal": 1,
                       "geboortedatum": dt.date(day.year - age - 1, 7, 1).isoformat(),
                       **spec.get("feiten", {})})
    return day, people


def _plain(value):
    """A Parquet cell as the situation reads it: dates as text, numbers exact as text."""
    if isinstance(value, (dt.date, decimal.Decimal)):
        return str(value)
    return value


def _read_parquet(path: str) -> tuple[dt.date, list[dict]]:
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        rows = pq.read_table(path).to_pylist()
    except (pyarrow.lib.ArrowException, OSError) as exc:
        raise RulesError([Diagnostic("RS701", f"populatiebestand onleesbaar: {exc}",
                                     path=path)]) from None
    rows = [{k: _plain(v) for k, v in r.items() if v is not None} for r in rows]
    days = {r.pop("peildatum", None) for r in rows}
    if len(days) != 1 or None in days:
        raise RulesError([Diagnostic("RS701", "populatiebestand heeft niet één peildatum "
                                     "voor alle personen", path=f"{path}: kolom peildatum")])
    return dt.date.fromisoformat(str(days.pop())), rows


def read_population(path: str) -> tuple[dt.date, list[dict]]:
    if path.lower().endswith((".parquet", ".pq")):
        return _read_parquet(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError([Diagnostic(
            "RS701", f"populatiebestand is geen UTF-8-tekst (byte {exc.start})",
            path=path)]) from None
    try:
        if path.lower().endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(text)))
            day = rows[0].pop("peildatum") if rows and "peildatum" in rows[0] else None
            for r in rows:
                r.pop("peildatum", None)
            if day is None:
                raise KeyError("peildatum")
            return dt.date.fromisoformat(day), rows
        doc = json.loads(text)
        return dt.date.fromisoformat(doc["peildatum"]), list(doc["personen"])
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise RulesError([Diagnostic(
            "RS701", f"populatiebestand onleesbaar: {exc}", path=path,
            hint='JSON {"peildatum": "2026-01-01", "personen": [{"geslacht": "man", '
                 '"aantal": 1, "geboortedatum": …}]} of CSV met die kolommen')]) from None


def recipients(program, profile: Profile, day: dt.date, people: list[dict],
               source: str = "populatie") -> list[Recipient]:
    """Every distinct person evaluated once on ``day``; weights summed."""
    groups: dict = {}
    first: dict = {}
    for i, p in enumerate(people):
        sex = str(p.get("geslacht", "")).strip()
        if sex not in SEXES:
            raise RulesError([Diagnostic("RS701", f"persoon {i}: geslacht '{sex}' is geen "
                                         "'man' of 'vrouw'", path=f"{source}[{i}].geslacht")])
        facts = {k: v for k, v in p.items() if k not in ("geslacht", "aantal", "id") and v != ""}
        key = (sex, json.dumps(facts, sort_keys=True))
        first.setdefault(key, i)
        try:
            weight = float(p.get("aantal", 1) or 1)
        except (TypeError, ValueError):
            weight = -1.0
        if not weight > 0:
            raise RulesError([Diagnostic("RS701", f"persoon {i}: aantal {p.get('aantal')!r} is "
                                         "geen positief getal", path=f"{source}[{i}].aantal")])
        groups[key] = groups.get(key, 0.0) + weight
    out = []
    for (sex, facts), weight in groups.items():
        try:
            out.append(_recipient(program, profile, day, sex, json.loads(facts), weight))
        except RulesError as exc:  # the situation's paths name the file's person
            where = f"{source}[{first[(sex, facts)]}]"
            raise RulesError([attrs.evolve(d, path=d.path.replace("$.personen.p", where, 1))
                              if d.path else d for d in exc.diagnostics],
                             exc.sources) from None
    return out


def _recipient(program, profile, day, sex, facts, weight) -> Recipient:
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation

    reg = profile.regulation
    sit = Situation.from_dict({"peildatum": day.isoformat(), "personen": {"p": facts}}, program)
    amount = f"{reg}.{profile.amount}"
    monthly = evaluate(program, sit, outputs=[amount]).values[(amount, "p")]
    birth = dt.date.fromisoformat(facts["geboortedatum"])
    end = None
    if profile.end:
        try:
            end = evaluate(program, sit, outputs=[f"{reg}.{profile.end}"]).values[
                (f"{reg}.{profile.end}", "p")]
        except RulesError as exc:  # the law leaves the day open (RS407): the profile's aanname
            if {d.code for d in exc.diagnostics} != {"RS407"} or profile.end_age_months is None:
                raise
            months = birth.month - 1 + profile.end_age_months
            end = dt.date(birth.year + months // 12, months % 12 + 1, birth.day)
    return Recipient(weight, sex, birth, float(monthly), end)
