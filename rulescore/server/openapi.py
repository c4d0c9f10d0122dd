"""The program's JSON Schemas into the OpenAPI 3.1 document of the web service.

One source of truth: the situation body of every POST endpoint *is* the schema
``rulescore schema`` prints (:func:`rulescore.schema.situation_schema`), and the
diagnostics are described once, so the document cannot drift from what the loader checks.
"""

from __future__ import annotations

from rulescore import __version__
from rulescore.program import Program

_DIAGNOSTICS = {
    "type": "object", "required": ["fouten", "aantal"],
    "properties": {
        "aantal": {"type": "integer"},
        "fouten": {"type": "array", "items": {
            "type": "object", "required": ["code", "bericht"],
            "properties": {
                "code": {"type": "string", "pattern": "^RS[0-9]{3}$"},
                "bericht": {"type": "string"}, "pad": {"type": "string"},
                "hint": {"type": "string"}, "artikel": {"type": "string"},
                "weergave": {"type": "string", "description": "de tekst die de CLI toont"},
                "plaats": {"type": "object", "properties": {
                    "bestand": {"type": "string"}, "regel": {"type": "integer"},
                    "kolom": {"type": "integer"}}}}}}}}

_PARAMETERS = {
    "datum": "peildatum (JJJJ-MM-DD); standaard die uit de situatie",
    "van": "eerste maand van een reeks (2026-01 of 'januari 2026')",
    "tot": "laatste maand van de reeks, die meetelt",
    "scenario": "naam van een scenario dat de server geladen heeft",
    "naam": "de definitie (regeling.definitie)",
    "persoon": "voor wie",
    "periode": "maand, kwartaal of jaar (2026-09, 2026-K3, 2026)",
    "diepte": "toon de gebruikte waarden tot zoveel stappen diep",
    "pad": "toon alleen de weg van de uitkomst naar deze waarde (bijv. vermogen)",
    "jaar": "het kalenderjaar (2026)",
    "brutoloon": "raster VAN:TOT:STAP van het bruto loon per maand (0:4000:100)",
    "regeling": "alleen de invoer die deze regeling nodig heeft",
    "soort": "situatie (standaard), resultaat (evaluate op een dag) of reeks (over maanden)",
}

_POSTS = {
    "evaluate": ("Alle uitkomsten per persoon, op een peildatum of per periode",
                 ("datum", "van", "tot", "scenario"), ()),
    "explain": ("De uitleg van één definitie als graaf, met artikelen en invoer",
                ("naam", "persoon", "datum", "periode", "diepte", "pad", "scenario"), ("naam",)),
    "waarom": ("Waarom een uitkomst haar waarde heeft: de beslissende voorwaarden, de "
               "afstand tot elke grens en waar zij omslaat",
               ("naam", "persoon", "datum", "diepte", "scenario"), ("naam", "persoon")),
    "concepts": ("De varianten van elk begrip voor het huishouden",
                 ("datum", "scenario"), ()),
    "kalender": ("Elke betaling en terugvordering van het huishouden in een jaar",
                 ("jaar", "scenario"), ("jaar",)),
    "werkloont": ("Netto huishoudinkomen en marginale druk over een raster van bruto loon",
                  ("persoon", "brutoloon", "datum", "scenario"), ("persoon", "brutoloon")),
}


def _errors(*statuses: int) -> dict:
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Fouten"}}}
    return {str(s): {"description": "fout (RS-code, plaats, hint)", "content": ref}
            for s in statuses}


def _query(names, required=()) -> list:
    return [{"name": n, "in": "query", "required": n in required,
             "description": _PARAMETERS[n], "schema": {"type": "string"}} for n in names]


def openapi(program: Program, situation: dict, result: dict, series: dict) -> dict:
    """The OpenAPI document; ``situation`` is the situation's JSON Schema, ``result`` and
    ``series`` those of the results on one day and over a range."""
    body = {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Situatie"}}}}
    paths = {}
    answers = {"evaluate": {"oneOf": [{"$ref": "#/components/schemas/Resultaat"},
                                      {"$ref": "#/components/schemas/Reeks"}]}}
    for kind, (summary, names, required) in _POSTS.items():
        paths[f"/{kind}"] = {"post": {
            "summary": summary, "operationId": kind, "parameters": _query(names, required),
            "requestBody": body,
            "responses": {"200": {"description": "het antwoord (exacte waarden als tekst)",
                                  "content": {"application/json": {"schema": answers.get(
                                      kind, {"type": "object"})}}},
                          **_errors(400, 404, 413, 422, 503)}}}
    for path, summary, names in (("/regelingen", "De geladen regelingen en hun uitkomsten", ()),
                                 ("/inputs", "De invoer, via alle afhankelijkheden",
                                  ("regeling",)),
                                 ("/schema", "Het JSON Schema van een situatie, of van "
                                  "de resultaten op een dag of over een reeks", ("soort",))):
        paths[path] = {"get": {"summary": summary, "parameters": _query(names),
                               "responses": {"200": {"description": "ok"},
                                             **_errors(400, 404)}}}
    situation, result, series = ({k: v for k, v in doc.items() if k != "$schema"}
                                 for doc in (situation, result, series))
    return {
        "openapi": "3.1.0",
        "info": {"title": "rulescore", "version": __version__,
                 "description": "Regels voor inkomensondersteuning: berekend, uitgelegd. "
                                f"Regelset {program.ruleset_hash}."},
        "paths": paths,
        "components": {"schemas": {"Situatie": situation, "Resultaat": result,
                                   "Reeks": series, "Fouten": _DIAGNOSTICS}},
    }
