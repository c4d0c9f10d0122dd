"""A scenario's reform with its transitional options, a situation (or a weighted
population) and a range of years into, per option and year, the amounts under the option
and under current law, their difference and the totals over the years.

Current law is the regulations with the scenario's values before the reform date (which
complete what the regulations do not yet give, each a named assumption); each option is
stated by :mod:`rulescore.dsl.options`. An amount of a year is the outcome's value on
that year's peildatum (the reform's day and month), put on a yearly basis as the impact
report does (per maand × 12). Over a population the impact report's own evaluation and
figures (:mod:`rulescore.impact.report`) give each option's cost and its gainers and losers.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from rulescore.errors import Diagnostic, RulesError
from rulescore.program import Program

#: A household counts as affected when its measure changes by at least a cent a month.
CENT = 0.005


@attrs.frozen
class Options:
    """Current law and each option's program, with the reform's date."""

    scenario: str
    title: str
    date: dt.date
    current: Program
    #: option name → (title, program), in the order the scenario states them
    options: dict


def load(scenario: str, names: tuple[str, ...] = ()) -> Options:
    """Every option of the scenario's reform (or the ``names`` given) and current law."""
    from rulescore.dsl import parse
    from rulescore.plugins import load_program
    from rulescore.textfiles import read_text

    parsed = parse(read_text(scenario, "RS006", "scenariobestand"), scenario)
    if not parsed.is_scenario or parsed.reform is None:
        raise RulesError((Diagnostic("RS289", f"{scenario} beschrijft geen hervorming met "
                                     "overgangsopties", hint="zet 'hervorming vanaf <datum>' "
                                     "en twee of meer 'optie naam \"titel\"' achter de "
                                     "wijzigingen van het scenario"),))
    chosen = names or tuple(o.name for o in parsed.reform.options)
    titles = {o.name: o.title for o in parsed.reform.options}
    programs = {n: (titles.get(n, n), load_program(scenario=scenario, option=n)) for n in chosen}
    return Options(parsed.name, parsed.title, parsed.reform.date,
                   load_program(scenario=scenario, current=True), programs)


def years(date: dt.date, spec: str | None) -> list[int]:
    """``2028:2032`` (or one year) into the years; default five years from the reform's."""
    if not spec:
        return list(range(date.year, date.year + 5))
    first, _, last = spec.partition(":")
    a, b = int(first), int(last or first)  # ValueError: the command says what to write
    if b < a or b - a > 100 or a < 1900:
        raise ValueError(spec)
    return list(range(a, b + 1))


def peildatum(date: dt.date, year: int) -> dt.date:
    """The reform's day and month in ``year`` (28 February for a 29th in another year)."""
    try:
        return date.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def per_person(opts: Options, situation_text: str, outcome: str, year_list: list[int],
               source: str = "<situatie>") -> dict:
    """Per option and person: per year the amount, current law's and the difference; the
    totals over the years (euros, exact to the cent; JSON-ready)."""
    from rulescore.impact.budget import yearly_factor
    from rulescore.reference.results import evaluate
    from rulescore.situation import Situation

    def amounts(program: Program) -> dict:
        if outcome not in program.symbols or program.symbols[outcome].kind != "definitie":
            raise RulesError((Diagnostic("RS396", f"onbekende uitkomst '{outcome}'",
                                         path="--uitkomst"),))
        factor = yearly_factor(program, outcome)
        if factor is None:
            raise RulesError((Diagnostic("RS396", f"'{outcome}' is "
                                         f"{program.symbols[outcome].type.describe()}, geen "
                                         "bedrag per maand, kwartaal of jaar",
                                         path="--uitkomst"),))
        situation = Situation.from_json(situation_text, program, source)
        out: dict = {}
        for year in year_list:
            result = evaluate(program, situation, peildatum(opts.date, year), outputs=[outcome])
            for (_, person), value in result.values.items():
                out.setdefault(person, {})[year] = Fraction(value) * factor
        return out

    base = amounts(opts.current)
    report = []
    for name, (title, program) in opts.options.items():
        under = amounts(program)
        persons = []
        for person in sorted(base):
            rows = [{"jaar": y, "peildatum": peildatum(opts.date, y).isoformat(),
                     "bedrag": _euro(under[person][y]), "huidig": _euro(base[person][y]),
                     "verschil": _euro(under[person][y] - base[person][y])}
                    for y in year_list]
            total = {k: _euro(sum((under if k == "bedrag" else base)[person][y]
                                  for y in year_list)) for k in ("bedrag", "huidig")}
            total["verschil"] = _euro(sum(under[person][y] - base[person][y] for y in year_list))
            persons.append({"persoon": person, "jaren": rows, "totaal": total})
        report.append({"optie": name, "titel": title, "personen": persons})
    return {**_header(opts, year_list), "uitkomst": outcome, "per_jaar": "op jaarbasis",
            "opties": report}


def per_population(opts: Options, path: str, year_list: list[int]) -> dict:
    """Per option and year over the weighted households: how many are affected, gain and
    lose, and the cost (the change of the budget, a year and in total)."""
    import numpy as np

    from rulescore.impact import budget, report

    lines = budget.load(opts.current)
    out = []
    for name, (title, program) in opts.options.items():
        rows = []
        for year in year_list:
            households, _, _ = report.evaluate(path, opts.current, program, lines,
                                               peildatum(opts.date, year))
            figures = report.summarise(households, lines)
            change, w = households.change, households.weights
            rows.append({"jaar": year, "huishoudens": figures["huishoudens"],
                         "getroffen": float(w[np.abs(change) >= CENT].sum()),
                         "verliezers": float(w[change <= -CENT].sum()),
                         "winnaars": float(w[change >= CENT].sum()),
                         "kosten": figures["budget_totaal"]["verschil"],
                         "budget": figures["budget"]})
        out.append({"optie": name, "titel": title, "jaren": rows,
                    "kosten_totaal": sum(r["kosten"] for r in rows)})
    return {**_header(opts, year_list), "populatie": path, "opties": out}


def _header(opts: Options, year_list: list[int]) -> dict:
    return {"scenario": opts.scenario, "titel": opts.title,
            "hervorming": opts.date.isoformat(), "jaren": year_list}


def _euro(x: Fraction) -> float:
    """Euros rounded to the cent (half away from zero) as a number for JSON."""
    cents = abs(x) * 100
    whole = int(cents) + (1 if cents - int(cents) >= Fraction(1, 2) else 0)
    return (whole if x >= 0 else -whole) / 100
