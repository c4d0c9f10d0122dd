"""The declared inputs of a Program into a JSON Schema for situation files."""

from __future__ import annotations

from rulescore.limits import MAX_DECIMALS, MAX_INPUT
from rulescore.program import Program

#: Numbers in the range and precision of docs/limits.rst (the loader checks both exactly;
#: a pattern can only bound the digits of a text).
_NUMBER = {"oneOf": [
    {"type": "number", "minimum": -MAX_INPUT, "maximum": MAX_INPUT},
    {"type": "string", "pattern": r"^-?([0-9]{1,3}(\.[0-9]{3}){0,4}|[0-9]{1,13})(,[0-9]{1,%d})?$"
                                  r"|^-?[0-9]{1,13}(\.[0-9]{1,%d})?$" % (MAX_DECIMALS, MAX_DECIMALS)}]}


def _value_schema(sym, program: Program) -> dict:
    typ = sym.type
    desc = typ.describe()
    if sym.decl.meta.toelichting:
        desc += " — " + sym.decl.meta.toelichting
    if typ.kind == "getal":
        return {**_NUMBER, "description": desc}
    if typ.kind == "datum":
        return {"type": "string", "format": "date", "description": desc}
    if typ.kind == "ja/nee":
        return {"type": "boolean", "description": desc}
    if typ.kind == "keuze":
        return {"enum": list(program.symbols[typ.enum].decl.values), "description": desc}
    return {"type": "string", "description": desc}


def _facts(program: Program, owner: str, relation: str | None = None) -> dict:
    return {name: _value_schema(sym, program) for name, sym in sorted(program.inputs().items())
            if sym.decl.owner == owner and sym.decl.relation == relation}


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
