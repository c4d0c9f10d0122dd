"""The declared inputs of a Program into a JSON Schema for situation files.

Every input takes a plain value or one of the dated forms of docs/time.rst: a list of
``vanaf``/``tot`` pieces or a per-month object. The loader checks what a schema cannot
(overlaps, gaps, dates that do not exist, domains of text numbers).
"""

from __future__ import annotations

from fractions import Fraction

from rulescore.dsl.printer import domain as domain_text
from rulescore.limits import MAX_DECIMALS, MAX_INPUT
from rulescore.program import Program
from rulescore.received_json import WORDS

#: Numbers in the range and precision of docs/limits.rst (the loader checks both exactly;
#: a pattern can only bound the digits of a text).
_NUMBER = {"oneOf": [
    {"type": "number", "minimum": -MAX_INPUT, "maximum": MAX_INPUT},
    {"type": "string", "pattern": r"^-?([0-9]{1,3}(\.[0-9]{3}){0,4}|[0-9]{1,13})(,[0-9]{1,%d})?$"
                                  r"|^-?[0-9]{1,13}(\.[0-9]{1,%d})?$" % (MAX_DECIMALS, MAX_DECIMALS)}]}


def _bounds(domain) -> dict:
    """A declared domain as JSON Schema bounds (for JSON numbers; text is checked on load)."""
    if domain is None or domain.kind == "niet na peildatum":
        return {}
    if domain.kind == "niet negatief":
        return {"minimum": 0}
    return {"minimum": _json_number(domain.low.value), "maximum": _json_number(domain.high.value)}


def _json_number(x: Fraction):
    return int(x) if x.denominator == 1 else float(x)


def _value_schema(sym, program: Program) -> dict:
    typ = sym.type
    desc = typ.describe()
    domain = sym.decl.domain
    if domain is not None:
        desc += f" ({domain_text(domain)})"
    if sym.decl.meta.toelichting:
        desc += " — " + sym.decl.meta.toelichting
    if typ.kind == "getal":
        number, text = _NUMBER["oneOf"]
        bounds = _bounds(domain)
        if bounds.get("minimum", -1) >= 0:  # a text with a minus sign cannot be in it either
            text = {**text, "pattern": text["pattern"].replace("-?", "")}
        return {"oneOf": [{**number, **bounds}, text], "description": desc}
    if typ.kind == "datum":
        return {"type": "string", "format": "date", "description": desc}
    if typ.kind == "ja/nee":
        return {"oneOf": [{"type": "boolean"}, {"enum": ["ja", "nee"]}], "description": desc}
    if typ.kind == "keuze":
        return {"enum": list(program.symbols[typ.enum].decl.values), "description": desc}
    return {"type": "string", "description": desc}


_MONTH = (r"[0-9]{4}-(0[1-9]|1[0-2])|(januari|februari|maart|april|mei|juni|juli|augustus"
          r"|september|oktober|november|december) [0-9]{4}")
MONTH = {"type": "string", "pattern": f"^({_MONTH})$",
         "description": "een maand: \"2026-03\" of \"maart 2026\""}
DAY_OR_MONTH = {"type": "string", "pattern": f"^([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|{_MONTH})$",
                "description": "een datum (JJJJ-MM-DD) of een maand (voor 'tot_en_met' de "
                               "laatste dag ervan, anders de eerste)"}
PERIOD = {"vanaf": {**DAY_OR_MONTH, "description": "eerste dag (inclusief)"},
          "tot": {**DAY_OR_MONTH, "description": "einde (exclusief)"},
          "tot_en_met": {**DAY_OR_MONTH, "description": "laatste dag (inclusief)"}}

BESLUIT = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
           "description": "de dag vanaf welke de waarde bekend was (besluit of melding); "
                          "zonder: bekend vanaf het begin"}


def _dated(plain: dict, fixed: bool) -> dict:
    """A value's schema with the dated forms: pieces and per month (unless it cannot change)."""
    if fixed:
        return plain
    value = {k: v for k, v in plain.items() if k != "description"}
    piece = {"type": "object", "properties": {**PERIOD, "waarde": value,
                                              "besluit": BESLUIT,
                                              "toelichting": {"type": "string"}},
             "required": ["waarde"], "additionalProperties": False,
             "not": {"required": ["tot", "tot_en_met"]}}
    dated = [{"type": "array", "minItems": 1, "items": piece,
              "description": "stukken: elk een waarde met 'vanaf' en 'tot' of 'tot_en_met'"},
             {"type": "object", "minProperties": 1, "propertyNames": MONTH,
              "additionalProperties": value, "description": "per maand: elke sleutel een maand"}]
    # a plain value is never an array or an object: exactly one of the forms fits
    plain_forms = value["oneOf"] if set(value) == {"oneOf"} else [value]
    return {"oneOf": [*plain_forms, *dated], "description": plain.get("description", "")}


def _facts(program: Program, owner: str, relation: str | None = None) -> dict:
    facts = {name: _dated(_value_schema(sym, program), sym.decl.domain is not None
                          and sym.decl.domain.kind == "niet na peildatum")
             for name, sym in sorted(program.inputs().items())
             if sym.decl.owner == owner and sym.decl.relation == relation}
    amounts = sorted(n for n, sym in program.inputs().items() if sym.decl.owner == owner
                     and owner != "relatie" and sym.type.kind == "getal"
                     and sym.type.display == "bedrag")
    if amounts:  # "geen": amounts this person (dwelling) does not have, each € 0
        facts["geen"] = {"type": "array", "items": {"enum": amounts}, "uniqueItems": True,
                         "description": "bedragen die er niet zijn (elk € 0, opgegeven "
                                        "in plaats van een stille standaardwaarde)"}
    return facts


def _received(program: Program) -> dict:
    """``ontvangt`` (:mod:`rulescore.received_json`): per outcome an amount, "ja" or "nee"."""
    number, text = _NUMBER["oneOf"]
    return {"type": "object", "propertyNames": {"enum": sorted(program.outputs)},
            "additionalProperties": {"oneOf": [
                {**number, "minimum": 0}, {**text, "pattern": text["pattern"].replace("-?", "")},
                {"enum": list(WORDS)}, {"type": "boolean"}]},
            "description": "wat de persoon nu ontvangt, per uitkomst (regeling.uitkomst): "
                           "\"nee\", \"ja\" of het bedrag per maand (voor een uitkomst "
                           "zonder tijdvak het bedrag zelf); rulescore scan vergelijkt het "
                           "met de berekende uitkomst"}


def situation_schema(program: Program) -> dict:
    """A JSON Schema (draft 2020-12) that every valid situation satisfies."""
    relations = []
    for name, sym in sorted(program.relations().items()):
        props = {"soort": {"const": name},
                 "personen": {"type": "array", "items": {"type": "string"},
                              "minItems": 2, "maxItems": 2},
                 **PERIOD, **_facts(program, "relatie", name)}
        relations.append({"type": "object", "properties": props,
                          "required": ["soort", "personen"], "additionalProperties": False,
                          "not": {"required": ["tot", "tot_en_met"]}})
    person = {**_facts(program, "persoon"),
              "overlijdensdatum": {"type": "string", "format": "date",
                                   "description": "de persoon bestaat tot en met deze dag"},
              "ontvangt": _received(program)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rulescore situatie",
        "type": "object",
        "properties": {
            "peildatum": {"type": "string", "format": "date"},
            "van": {**MONTH, "description": "eerste maand die de situatie beschrijft"},
            "tot": {**MONTH, "description": "laatste maand die de situatie beschrijft "
                                            "(inclusief)"},
            "toelichting": {"type": "string"},
            "personen": {"type": "object", "minProperties": 1, "additionalProperties": {
                "type": "object", "properties": person,
                "additionalProperties": False}},
            "woningen": {"type": "object", "additionalProperties": {
                "type": "object", "properties": _facts(program, "woning"),
                "additionalProperties": False}},
            "relaties": {"type": "array", "items": {"oneOf": relations} if relations else {}},
        },
        "required": ["personen"],
        "dependentRequired": {"van": ["tot"], "tot": ["van"]},
        "additionalProperties": False,
    }
