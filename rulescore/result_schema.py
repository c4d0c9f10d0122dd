"""A Program's outputs into the JSON Schemas of its results: one day, and a range of months.

What ``rulescore evaluate --format json`` (and ``POST /evaluate``) writes is described here
from the same declarations the evaluator reads: every output of every regulation with the
JSON form of its type. Numbers are exact text, never a JSON number that a reader would
round: a decimal (``"1183"``, ``"-12.5"``) or a fraction ``"p/q"`` when the value has no
finite decimal form (:func:`rulescore.values.exact_text`). Every value carries its display
form (``weergave``) beside it. An output the schema does not know (one a scenario adds) is
still held to the general form of an entry.
"""

from __future__ import annotations

from rulescore.program import Program

#: An exact number as text (rulescore.values.exact_text).
EXACT = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$|^-?[0-9]+/[0-9]+$",
         "description": "exact getal als tekst: decimaal (\"1183\", \"-12.5\") of breuk "
                        "(\"3583/30\")"}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_NAMES = {"type": "array", "items": _TEXT}
_JOINT = {**_NAMES, "minItems": 1,
          "description": "met wie dit één gezamenlijke aanspraak is (gezamenlijk met …)"}
_PERIOD_LABEL = {"type": "string", "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])|-K[1-4])?$",
                 "description": "maand (2026-03), kwartaal (2026-K2) of jaar (2026)"}
_MONTH_LABEL = {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"}
_ANY_VALUE = {"oneOf": [EXACT, {"type": "boolean"}, _NAMES,
                        {"type": "string", "not": {"pattern": r"^-?[0-9]+(\.[0-9]+)?$|^-?[0-9]+/[0-9]+$"}},
                        {"type": "object", "required": ["jaren", "maanden", "dagen"]}]}


def value_schema(typ, program: Program) -> dict:
    """The JSON form of a value of type ``typ`` (rulescore.values.json_value)."""
    if typ.kind == "getal":
        return EXACT
    if typ.kind == "ja/nee":
        return {"type": "boolean"}
    if typ.kind == "datum":
        return _DATE
    if typ.kind == "personen":
        return _NAMES
    if typ.kind == "duur":
        return {"type": "object", "required": ["jaren", "maanden", "dagen"],
                "additionalProperties": False,
                "properties": {k: {"type": "integer"} for k in ("jaren", "maanden", "dagen")}}
    if typ.kind == "keuze":
        return {"enum": list(program.symbols[typ.enum].decl.values)}
    return _TEXT


def _outputs(program: Program, entry) -> dict:
    """persons → regulation → output → ``entry(symbol)``; an unknown output: the general form."""
    regulations: dict = {}
    for qual in program.outputs:
        sym = program.symbols[qual]
        regulations.setdefault(sym.regulation, {})[qual] = entry(sym)
    general = entry(None)
    per_regulation = {name: {"type": "object", "properties": outputs,
                             "additionalProperties": general}
                      for name, outputs in sorted(regulations.items())}
    return {"type": "object", "additionalProperties": {
        "type": "object", "properties": per_regulation,
        "additionalProperties": {"type": "object", "additionalProperties": general}}}


def _type_of(sym, program: Program) -> dict:
    if sym is None:
        return {"value": _ANY_VALUE, "type": _TEXT}
    return {"value": value_schema(sym.type, program), "type": {"const": sym.type.describe()}}


def _defaults() -> dict:
    return {"type": "object", "description": "per persoon (woning, 'a~b' voor een relatie) "
            "de standaardwaarden die de berekening las, met hun grond",
            "additionalProperties": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["waarde", "weergave", "grond"],
                "additionalProperties": False,
                "properties": {"waarde": {}, "weergave": _TEXT,
                               "grond": {"type": "array", "items": _TEXT}}}}}


def _provenance(when: dict) -> dict:
    fields = {"rulescore": _TEXT, "regelset": _TEXT,
              "regelingen": {"type": "array", "items": _TEXT},
              "scenario": {"type": ["string", "null"]},
              "scenario_hash": {"type": ["string", "null"]},
              "gewijzigde_parameters": {"type": "array", "items": _TEXT},
              "begrippen": {"type": "object", "additionalProperties": {
                  "type": "object", "additionalProperties": _TEXT}},
              **when}
    status = {"oneOf": [{"type": "null"}, {
        "type": "object", "required": ["status", "verwacht", "weergave"],
        "additionalProperties": False, "properties": {
            "status": {"enum": ["vastgesteld", "gepland", "optie", "verlaten"]},
            "verwacht": {"type": ["string", "null"]}, "weergave": _TEXT}}],
        "description": "de status die het scenario opgeeft (alleen met een scenario)"}
    skipped = {"type": "array", "items": _TEXT, "minItems": 1,
               "description": "plugins die niet geladen konden worden (RS006): de uitkomst "
                              "mist hun regelingen"}
    return {"type": "object", "properties": {**fields, "scenario_status": status,
                                             "niet_geladen_plugins": skipped},
            "required": sorted(fields), "additionalProperties": False,
            "description": "waar het resultaat vandaan komt: versie, regelset, scenario, "
                           "begripsbindingen en de datum of reeks"}


def _document(title: str, properties: dict) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            "type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def result_schema(program: Program) -> dict:
    """The results of one day: ``rulescore evaluate --format json`` without a range."""
    def entry(sym):
        t = _type_of(sym, program)
        return {"type": "object", "required": ["waarde", "weergave", "type"],
                "additionalProperties": False,
                "properties": {"waarde": t["value"], "weergave": _TEXT, "type": t["type"],
                               "per_maand": EXACT, "per_maand_weergave": _TEXT,
                               "gezamenlijk_met": _JOINT,
                               "versie": {"type": "object", "required": ["vanaf", "tot"],
                                          "additionalProperties": False, "properties": {
                                              "vanaf": {"type": ["string", "null"]},
                                              "tot": {"type": ["string", "null"]}}}}}

    household = {"type": "object", "required": ["personen"], "additionalProperties": False,
                 "properties": {"personen": _NAMES, "besteedbaar_inkomen_per_maand": {
                     "type": "object", "required": ["waarde", "weergave", "per_persoon"],
                     "additionalProperties": False, "properties": {
                         "waarde": EXACT, "weergave": _TEXT,
                         "per_persoon": {"type": "object", "additionalProperties": EXACT}}}}}
    return _document("rulescore resultaat op een peildatum", {
        "peildatum": _DATE, "personen": _outputs(program, entry),
        "standaardwaarden": _defaults(),
        "huishoudens": {"type": "object", "additionalProperties": household,
                        "description": "per woonadres de personen en hun besteedbaar "
                                       "inkomen per maand (gezamenlijke aanspraken één keer)"},
        "herkomst": _provenance({"peildatum": _DATE})})


def range_schema(program: Program) -> dict:
    """The results over a range of months: ``rulescore evaluate --van … --tot …``."""
    cell = {"type": "object", "required": ["waarde", "weergave"], "additionalProperties": False}

    def entry(sym):
        t = _type_of(sym, program)
        return {"type": "object", "required": ["type", "tijdvak", "perioden"],
                "additionalProperties": False, "properties": {
                    "type": t["type"], "tijdvak": {"enum": ["maand", "kwartaal", "jaar"]},
                    "perioden": {"type": "object", "propertyNames": _PERIOD_LABEL,
                                 "additionalProperties": {**cell, "properties": {
                                     "waarde": t["value"], "weergave": _TEXT,
                                     "per_maand": EXACT, "gezamenlijk_met": _JOINT}}},
                    "totaal": {"type": "object", "propertyNames": {"pattern": "^[0-9]{4}$"},
                               "additionalProperties": {**cell, "properties": {
                                   "waarde": EXACT, "weergave": _TEXT}}}}}

    month = {"type": "object", "required": ["personen"], "additionalProperties": False,
             "properties": {"personen": _NAMES, "besteedbaar_inkomen": {
                 **cell, "properties": {"waarde": EXACT, "weergave": _TEXT}}}}
    return _document("rulescore resultaat over een reeks maanden", {
        "van": _MONTH_LABEL, "tot": _MONTH_LABEL, "personen": _outputs(program, entry),
        "standaardwaarden": _defaults(),
        "huishoudens": {"type": "object", "additionalProperties": {
            "type": "object", "propertyNames": _MONTH_LABEL, "additionalProperties": month}},
        "herkomst": _provenance({"van": _MONTH_LABEL, "tot": _MONTH_LABEL})})
