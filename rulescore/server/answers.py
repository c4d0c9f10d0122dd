"""A checked request into the JSON of its answer, with the same functions as the CLI.

Runs inside a worker process (:mod:`rulescore.server.workers`): the programs are loaded
once per worker by :func:`load`, then every answer reuses them. An answer is a plain
dict (JSON-ready); a user error is raised as :class:`rulescore.errors.RulesError`, which
crosses the process boundary intact.
"""

from __future__ import annotations

from typing import Any, Mapping

from rulescore import asked
from rulescore.errors import Diagnostic, RulesError, suggest
from rulescore.server import params

#: The programs of this worker: "" the bundled rules, else a scenario's name.
_PROGRAMS: dict = {}


def load(scenarios: tuple[str, ...] = ()) -> None:
    """Load the rules (and each scenario) once; a worker's initializer."""
    from rulescore.plugins import load_program

    _PROGRAMS[""] = load_program()
    for path in scenarios:
        program = load_program(scenario=path)
        _PROGRAMS[program.scenario] = program


def programs() -> dict:
    return _PROGRAMS


def _program(query: Mapping[str, str]):
    name = query.get("scenario", "")
    if name not in _PROGRAMS:
        loaded = [n for n in _PROGRAMS if n]
        raise RulesError((Diagnostic(
            "RS603", f"onbekend scenario '{name}'", path="?scenario",
            hint=suggest(name, loaded) or ("geladen: " + ", ".join(loaded) if loaded else
                                           "deze server heeft geen scenario's geladen "
                                           "(rulescore serve --scenario …)")),))
    return _PROGRAMS[name]


def _situation(program, body):
    from rulescore.situation import Situation

    return Situation.from_dict(body, program)


def evaluate(query: Mapping[str, str], body: Any) -> dict:
    """``POST /evaluate``: every outcome on a peildatum, or per period over ``van``/``tot``."""
    params.known(query, ("datum", "van", "tot", "scenario"))
    program = _program(query)
    sit = _situation(program, body)
    span = params.months(query)
    if span is None and "datum" not in query and sit.range is not None:
        span = sit.range
    if span is None:
        from rulescore.reference.results import evaluate as run

        return run(program, sit, params.date(query)).to_dict()
    from rulescore.reference.ranges import evaluate_range

    return evaluate_range(program, sit, *span).to_dict()


def explain(query: Mapping[str, str], body: Any) -> dict:
    """``POST /explain``: the explanation graph of one definition (``naam``), as JSON and
    as the text the command line prints."""
    params.known(query, ("naam", "persoon", "datum", "periode", "diepte", "pad", "scenario"))
    program = _program(query)
    name = params.required(query, "naam", "schrijf regeling.definitie, bijvoorbeeld "
                                          "zorgtoeslag.zorgtoeslag")
    asked.definition(program, name, "?naam")
    depth = params.count(query, "diepte", 0, 1000)
    sit = _situation(program, body)
    person = query.get("persoon")
    if person is not None:
        asked.person(sit, person, "?persoon")
    persons = [person] if person else list(sit.person_ids)
    span = params.period(query)
    if span is not None:
        if "datum" in query:
            raise RulesError((Diagnostic("RS601", "geef datum of periode, niet beide",
                                         path="?periode", hint="één van beide"),))
        from rulescore.reference.ranges import explain_range

        graph = explain_range(program, sit, name, persons, span)
    else:
        from rulescore.reference.explanation import explain_all
        from rulescore.reference.results import evaluate as run

        result = run(program, sit, params.date(query), outputs=(name,), trace=True)
        persons = [p for p in persons if p in result.situation.persons]
        graph = explain_all(result.context, [(name, p) for p in persons])
    if query.get("pad"):
        from rulescore.reference.focus import focused

        graph = focused(graph, query["pad"], "?pad")
    return {**graph.to_dict(depth), "tekst": graph.render(depth=depth)}


def why(query: Mapping[str, str], body: Any) -> dict:
    """``POST /waarom``: the conditions that decided one outcome for one person, the
    distance to each threshold and where it would turn (``rulescore waarom``)."""
    from rulescore.reference.why import why as deciding

    params.known(query, ("naam", "persoon", "datum", "diepte", "scenario"))
    program = _program(query)
    name = params.required(query, "naam", "schrijf regeling.definitie")
    asked.definition(program, name, "?naam")
    sit = _situation(program, body)
    person = params.required(query, "persoon", "voor wie")
    asked.person(sit, person, "?persoon")
    depth = params.count(query, "diepte", 0, 6)
    answer = deciding(program, sit, name, person, params.date(query),
                      2 if depth is None else depth)
    return {**answer.to_dict(), "tekst": answer.render()}


def concepts(query: Mapping[str, str], body: Any) -> dict:
    """``POST /concepts``: every concept's variants for the household, and with
    ``scenario`` that scenario's effect."""
    from rulescore.concepts import compare

    params.known(query, ("datum", "scenario"))
    base = _PROGRAMS[""]
    other = _program(query) if query.get("scenario") else None
    return compare(base, _situation(base, body), params.date(query), other)


def calendar(query: Mapping[str, str], body: Any) -> dict:
    """``POST /kalender``: every payment and recovery of the household in ``jaar``."""
    from rulescore.payments import payment_calendar

    params.known(query, ("jaar", "scenario"))
    program = _program(query)
    year = params.count(query, "jaar", 1900, 2200)
    if year is None:
        raise RulesError((Diagnostic("RS601", "parameter 'jaar' ontbreekt", path="?jaar",
                                     hint="schrijf bijvoorbeeld jaar=2026"),))
    return payment_calendar(program, _situation(program, body), year).to_dict()


def work_pays(query: Mapping[str, str], body: Any) -> dict:
    """``POST /werkloont``: net household income and marginal pressure over a grid of one
    person's gross earnings (``brutoloon=0:4000:50``)."""
    from rulescore.analysis import Grid, analyse, parse_grid

    params.known(query, ("persoon", "brutoloon", "datum", "scenario"))
    program = _program(query)
    sit = _situation(program, body)
    person = params.required(query, "persoon", "de persoon wiens loon varieert")
    asked.person(sit, person, "?persoon")
    grid = Grid(parse_grid(params.required(query, "brutoloon", "van:tot:stap, bijv. 0:4000:100"),
                           "?brutoloon"))
    return analyse(program, sit, person, grid, params.date(query)).to_dict()


#: Endpoint name → answer; what a worker can be asked.
ANSWERS = {"evaluate": evaluate, "explain": explain, "waarom": why, "concepts": concepts,
           "kalender": calendar, "werkloont": work_pays}


def answer(kind: str, query: dict, body: Any) -> dict:
    """The answer of one request (in a worker)."""
    return ANSWERS[kind](query, body)
