"""The declared inputs of a Program into a JSON Schema for situation files."""

from __future__ import annotations

from fractions import Fraction

from rulescore.dsl.printer import domain as domain_text
from rulescore.limits import MAX_DECIMALS, MAX_INPUT
from rulescore.program import Program

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
        return {"type": "boolean", "description": desc}
    if typ.kind == "keuze":
        return {"enum": list(program.symbols[typ.enum].decl.values), "description": desc}
    return {"type": "string", "description": desc}


def _facts(program: Program, owner: str, relation: str | None = None) -> dict:
    facts = {name: _value_schema(sym, program) for name, sym in sorted(program.inputs().items())
             if sym.decl.owner == owner and sym.decl.relation == relation}
    amounts = sorted(n for n, sym in program.inputs().items() if sym.decl.owner == owner
                     and owner != "relatie" and sym.type.kind == "getal"
                     and sym.type.display == "bedrag")
    if amounts:  # "geen": amounts this person (dwelling) does not have, each € 0
        facts["geen"] = {"type": "array", "items": {"enum": amounts}, "uniqueItems": True,
                         "description": "bedragen die er niet zijn (elk € 0, opgegeven "
                                        "in plaats van een stille standaardwaarde)"}
    return facts


def situation_schema(program: Program) -> dict:
    """A JSON Schema (draft 2020-12) that every valid situation satisfies."""
    relations = []
    for name, sym in sorted(program.relations().items()):
        props = {"soort": {"const": name},
                 "personen": {"type": "array", "items": {"type": "string"},
                              "minItems": 2, "maxItems": 2},
                 **_facts(program, "relatie", name)}
        relations.append({"type": "object", "properties": props,
                          "required": ["soort", "personen"], "additionalProperties": False})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rulescore situatie",
        "type": "object",
        "properties": {
            "peildatum": {"type": "string", "format": "date"},
            "toelichting": {"type": "string"},
            "personen": {"type": "object", "minProperties": 1, "additionalProperties": {
                "type": "object", "properties": _facts(program, "persoon"),
                "additionalProperties": False}},
            "woningen": {"type": "object", "additionalProperties": {
                "type": "object", "properties": _facts(program, "woning"),
                "additionalProperties": False}},
            "relaties": {"type": "array", "items": {"oneOf": relations} if relations else {}},
        },
        "required": ["personen"],
        "additionalProperties": False,
    }
