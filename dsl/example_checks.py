"""Worked cases (``voorbeeld``) against the checked symbols into diagnostics: unknown
inputs, relations, definitions and persons (RS201, RS260), and expectations whose period
lies outside the case's range (RS531), is not a period of the outcome's tijdvak (RS532) or
is an amount in another unit than the outcome's (RS533).

What the situation loader checks (dated values, relation periods, domains) is checked when
the case runs, on the situation it becomes (:mod:`rulescore.examples`), with the loader's
own messages placed at the fact.
"""

from __future__ import annotations

from rulescore import model as m
from rulescore import types as t
from rulescore.errors import Diagnostic, suggest
from rulescore.periods import KINDS, Period, parse_period

#: Facts of a person that are not inputs (as in a situation's JSON).
PERSON_KEYS = ("overlijdensdatum",)
_WRITTEN = {"jaar": "in 2026", "kwartaal": "in het tweede kwartaal van 2026 (of in 2026-K2)",
            "maand": "in maart 2026"}


def check_example(ex: m.Example, reg: m.Regulation, symbols: dict, tijdvakken: dict):
    persons = {e.ids[0] for e in ex.entities if e.kind == "persoon"}
    inputs = {q: s for q, s in symbols.items() if s.kind == "invoer"}
    for ent in ex.entities:
        if ent.kind == "relatie":
            if ent.relation not in symbols or symbols[ent.relation].kind != "relatie":
                yield Diagnostic("RS201", f"onbekende relatie '{ent.relation}'", span=ent.span,
                                 hint=suggest(ent.relation, [q for q, s in symbols.items()
                                                             if s.kind == "relatie"]))
            for pid in ent.ids:
                if pid not in persons:
                    yield Diagnostic("RS260", f"relatie met onbekende persoon '{pid}'",
                                     span=ent.span, hint=suggest(pid, persons))
        for fact in ent.facts:
            if fact.name not in inputs and not (ent.kind == "persoon"
                                                and fact.name in PERSON_KEYS):
                yield Diagnostic("RS201", f"onbekend gegeven '{fact.name}'", span=fact.span,
                                 hint=suggest(fact.name, inputs))
    for exp in ex.expectations:
        name = exp.name.dotted if len(exp.name.parts) > 1 else f"{reg.name}.{exp.name.dotted}"
        if name not in symbols or symbols[name].kind != "definitie":
            yield Diagnostic("RS201", f"onbekende definitie '{exp.name.dotted}' in verwachting",
                             span=exp.span, hint=suggest(name, [q for q, s in symbols.items()
                                                                 if s.kind == "definitie"]))
        else:
            yield from _check_unit(exp, name, symbols[name].type)
            if exp.period is not None:
                yield from _check_period(ex, exp, name, tijdvakken.get(name))
        if exp.person not in persons:
            yield Diagnostic("RS260", f"verwachting voor onbekende persoon '{exp.person}'",
                             span=exp.span, hint=suggest(exp.person, persons))


def _check_unit(exp: m.Expectation, name: str, typ: t.Type):
    """RS533: an expected amount in another unit than the outcome's (``€ 1.051 per jaar``
    for a bedrag per maand): it would be compared as if written in the outcome's unit."""
    lit = exp.value
    if lit.kind != "bedrag" or typ.kind != "getal" or typ.display != "bedrag":
        return
    written = t.amount(t.UNIT_WORDS.get(lit.unit, lit.unit) if lit.unit else None)
    if written.dimension != typ.dimension:
        yield Diagnostic("RS533", f"verwacht een {written.describe()}, maar '{name}' is een "
                         f"{typ.describe()}", span=lit.span or exp.span,
                         hint=f"schrijf het verwachte bedrag in de eenheid van de uitkomst: "
                              f"{typ.describe()}")


def _check_period(ex: m.Example, exp: m.Expectation, name: str, tijdvak: str | None):
    period = parse_period(exp.period)
    kind = tijdvak or "maand"
    if period.kind != kind:
        why = (f"'{name}' geldt per {kind}" if tijdvak is not None else
               f"'{name}' heeft geen tijdvak en wordt per maand berekend")
        yield Diagnostic("RS532", f"verwachting in {_shown(period)}, maar {why}",
                         span=exp.span,
                         hint=f"noem een {kind}, bijvoorbeeld: {_WRITTEN[kind]}")
        return
    if ex.first_month is None:
        return
    first, last = Period(ex.first_month, 1), Period(ex.last_month, 1)
    if period.start < first.start or period.end > last.end:
        yield Diagnostic("RS531", f"verwachting in {_shown(period)} valt buiten de reeks "
                         f"van het voorbeeld ({first.label()} tot en met {last.label()})",
                         span=exp.span,
                         hint="een verwachting geldt voor een periode binnen 'van … tot en "
                              "met …'; verruim de reeks of kies een periode erbinnen"
                              + (" (een jaar vraagt de reeks januari tot en met december)"
                                 if period.length == KINDS["jaar"] else ""))


def _shown(period: Period) -> str:
    return {"jaar": "het jaar", "kwartaal": "het kwartaal", "maand": "de maand"}[period.kind] \
        + f" {period.label()}"
